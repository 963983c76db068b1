//! The safety limits applied to untrusted workbooks.
//!
//! The official form fits in about 30 rows and 15 columns per table; the
//! prose sheet holds one paragraph per row. The limits leave room for edited
//! workbooks (notes, extra columns, all tables on one sheet) while keeping
//! every import within a few megabytes of memory.

/// Largest input accepted at all.
pub const MAX_INPUT_BYTES: usize = 64 << 20;
/// Most entries in a zip container.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest uncompressed size of one zip entry (declared or real).
pub const MAX_ENTRY_BYTES: u64 = 32 << 20;
/// Largest uncompressed size of all zip entries together.
pub const MAX_TOTAL_BYTES: u64 = 96 << 20;
/// Largest compression ratio of an entry bigger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not held to [`MAX_RATIO`].
pub const RATIO_FLOOR: u64 = 1 << 20;
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
