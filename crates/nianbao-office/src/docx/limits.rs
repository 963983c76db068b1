//! The safety limits applied to untrusted Word files: the zip limits of the
//! Office zip guard (`crate::zip`), and bounds on the tables
//! of `word/document.xml`.

pub use crate::zip::{
    MAX_ENTRY_BYTES, MAX_INPUT_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES, RATIO_FLOOR,
};

/// Most tables in the document.
pub const MAX_TABLES: usize = 500;
/// Deepest nesting of tables in table cells.
pub const MAX_TABLE_DEPTH: usize = 32;
/// Rows a table may have.
pub const MAX_ROWS: u32 = 2_000;
/// Grid columns a table may reach (spans included).
pub const MAX_COLS: u32 = 200;
/// Characters of text in one cell.
pub const MAX_CELL_CHARS: usize = 100_000;
