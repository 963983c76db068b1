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
/// Rows a sheet may use (a value beyond is refused): the prose sheet of the
/// longest report nianbao writes (one row per paragraph,
/// [`nianbao_model::report::MAX_PROSE_LINES`]) with room to spare.
pub const MAX_ROWS: u32 = nianbao_model::report::MAX_PROSE_LINES as u32 + 1_000;
/// Cell records a whole workbook may hold: ten times the largest workbook
/// nianbao writes (two cells per paragraph, about 1,500 for the tables).
/// What keeps reading within 2 s and 200 MB whatever the sheets hold.
pub const MAX_WORKBOOK_CELLS: usize = 200_000;
/// Entries of the shared-string table (every string of an .xlsx), which
/// calamine holds in memory whole: no more than the cells that could use
/// them.
pub const MAX_SHARED_STRINGS: u64 = MAX_WORKBOOK_CELLS as u64;
/// Cells of the dense grid calamine builds for an .xls or .ods sheet.
pub const MAX_DENSE_CELLS: u64 = 400_000;
/// Columns a sheet may use (a value beyond is refused).
pub const MAX_COLS: u32 = 200;
/// Cell records a sheet may hold, empty ones included.
pub const MAX_CELLS: usize = 100_000;
/// Merged regions a sheet may hold.
pub const MAX_MERGES: usize = 5_000;
/// Characters of text in one cell.
pub const MAX_CELL_CHARS: usize = 100_000;
