//! The safety limits applied to untrusted pages.
//!
//! A saved report page is tens of kilobytes; one saved from Word with its
//! inline styles a few megabytes. The limits leave room for that while
//! keeping a read within a few hundred milliseconds and well under 200 MB.

/// Largest page accepted at all.
pub const MAX_INPUT_BYTES: usize = 16 << 20;
/// Most nodes (elements and texts) in the parsed tree.
pub const MAX_NODES: usize = 400_000;
/// Deepest nesting of elements (real pages stay under 100).
pub const MAX_DEPTH: u32 = 256;
/// Most tables in a page.
pub const MAX_TABLES: usize = 500;
/// Rows a table may have.
pub const MAX_ROWS: u32 = 2_000;
/// Columns a table may reach (spans included).
pub const MAX_COLS: u32 = 200;
/// Grid positions the spans of one table may cover together.
pub const MAX_TABLE_AREA: u64 = 400_000;
/// Characters of text in one cell.
pub const MAX_CELL_CHARS: usize = 100_000;
