//! The safety limits applied to untrusted PDF files. Every loop of the
//! reader is bounded by one of these counts; [`crate::Work`] reports how
//! much of each a file used.

/// Largest input accepted at all.
pub const MAX_INPUT_BYTES: usize = 64 << 20;
/// Most objects the cross-reference table (or a recovery scan) may list.
pub const MAX_OBJECTS: usize = 500_000;
/// Most objects parsed (resolved) while reading one file.
pub const MAX_PARSED_OBJECTS: u64 = 200_000;
/// Longest chain of cross-reference sections (`/Prev`).
pub const MAX_XREF_SECTIONS: usize = 64;
/// Deepest nesting of arrays and dictionaries in one object.
pub const MAX_NESTING: usize = 64;
/// Longest chain of references to references.
pub const MAX_REF_CHAIN: usize = 16;
/// Most pages a report may have.
pub const MAX_PAGES: usize = 1_000;
/// Most nodes visited in the page tree.
pub const MAX_PAGE_TREE_NODES: usize = 5_000;
/// Largest decoded size of one stream.
pub const MAX_STREAM_BYTES: usize = 16 << 20;
/// Largest decoded size of all streams together.
pub const MAX_DECODED_BYTES: u64 = 64 << 20;
/// Largest ratio of decoded to encoded size for a stream that decodes to
/// more than [`RATIO_FLOOR`] bytes.
pub const MAX_RATIO: usize = 200;
/// Streams decoding to less than this are not held to [`MAX_RATIO`].
pub const RATIO_FLOOR: usize = 1 << 20;
/// Deepest nesting of Form XObjects.
pub const MAX_XOBJECT_DEPTH: usize = 8;
/// Most content-stream operators executed in the whole file.
pub const MAX_OPERATORS: u64 = 5_000_000;
/// Most characters placed in the whole file.
pub const MAX_GLYPHS: usize = 2_000_000;
/// Most ruling-line segments kept per page.
pub const MAX_SEGMENTS_PER_PAGE: usize = 50_000;
/// Most entries of one font's ToUnicode map (ranges expanded).
pub const MAX_CMAP_ENTRIES: usize = 70_000;
/// Deepest `q` nesting (graphics state stack).
pub const MAX_STATE_DEPTH: usize = 256;
/// Most rows or columns of one rebuilt table.
pub const MAX_TABLE_LINES: usize = 2_000;
/// Most Form XObjects run in the whole file (a form drawing itself ten
/// times, eight deep, would otherwise run 10⁸ times).
pub const MAX_FORM_RUNS: usize = 10_000;
