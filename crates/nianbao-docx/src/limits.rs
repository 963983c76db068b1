//! The safety limits applied to untrusted Word files: the zip limits of the
//! XLSX importer (`nianbao_xlsx_import::limits`), and bounds on the tables
//! of `word/document.xml`.

/// Largest input accepted at all.
pub const MAX_INPUT_BYTES: usize = 64 << 20;
/// Most entries in the zip container.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest uncompressed size of one zip entry (declared or real).
pub const MAX_ENTRY_BYTES: u64 = 32 << 20;
/// Largest uncompressed size of all zip entries together.
pub const MAX_TOTAL_BYTES: u64 = 96 << 20;
/// Largest compression ratio of an entry bigger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not held to [`MAX_RATIO`].
pub const RATIO_FLOOR: u64 = 1 << 20;
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
