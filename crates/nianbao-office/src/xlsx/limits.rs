//! The safety limits applied to untrusted workbooks.
//!
//! The official form fits in about 30 rows and 15 columns per table; the
//! prose sheet holds one paragraph per row. The limits leave room for edited
//! workbooks (notes, extra columns, all tables on one sheet) while keeping
//! every import within a few megabytes of memory.

pub use crate::zip::{
    MAX_ENTRY_BYTES, MAX_INPUT_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES, RATIO_FLOOR,
};

/// Most sheets in a workbook.
pub const MAX_SHEETS: usize = 64;
/// Rows a sheet may use (a value beyond is refused).
pub const MAX_ROWS: u32 = 2_000;
/// Columns a sheet may use (a value beyond is refused).
pub const MAX_COLS: u32 = 200;
/// Cell records a sheet may hold, empty ones included.
pub const MAX_CELLS: usize = 100_000;
/// Merged regions a sheet may hold.
pub const MAX_MERGES: usize = 5_000;
/// Characters of text in one cell.
pub const MAX_CELL_CHARS: usize = 100_000;
