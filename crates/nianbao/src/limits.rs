//! How much of an input nianbao reads: every reader bounds its own input
//! further (zip entries, nodes, sheets), see `docs/limits.md`.

use crate::Format;

/// Largest text, JSON or CSV input read. A real report's text is 20–200 KB;
/// the limit keeps a stray dump or log from costing gigabytes and minutes.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// Most lines a text input may have. Real reports have 100–1,000 lines;
/// the parser keeps a record per line (16 MB of empty lines would cost over
/// 400 MB) and may find something on each (20,000 repeated rows give as
/// many warnings: 2 s and 60 MB for `check --format json` in a debug build).
pub const MAX_TEXT_LINES: usize = 20_000;

/// Largest input in `format` that nianbao reads; callers read at most one
/// byte more, so that [`crate::read`] refuses a bigger file without holding
/// it.
pub fn max_input_bytes(format: Format) -> usize {
    match format {
        Format::Xlsx => nianbao_office::xlsx::limits::MAX_INPUT_BYTES,
        Format::Html => nianbao_html::limits::MAX_INPUT_BYTES,
        Format::Docx => nianbao_office::docx::limits::MAX_INPUT_BYTES,
        Format::Doc => nianbao_office::doc::MAX_INPUT_BYTES,
        Format::Pdf => nianbao_pdf::limits::MAX_INPUT_BYTES,
        Format::Text | Format::Json | Format::Csv => MAX_TEXT_BYTES,
    }
}
