//! The Python package `nianbao` (`import nianbao`): the exact reader of the
//! annual reports, for researchers and journalists working in pandas,
//! Jupyter and DuckDB.
//!
//! The crate is thin: every read goes through the front door
//! ([`nianbao::read`], [`nianbao::read_path`], [`nianbao::check`]) exactly
//! as the command line's, many files through `nianbao_batch`'s walk and
//! reader, and [`frame`] lays many outcomes out as typed columns. The PyO3
//! bindings (`python`, behind the `python` feature that maturin turns on)
//! only convert arguments and results; what they call is plain Rust tested
//! here.

pub mod frame;

#[cfg(feature = "python")]
mod python;

use nianbao::Format;
use std::path::Path;

/// Whether a file found in a folder is an input: an extension nianbao
/// reads, or a document it names and refuses (as the command line's
/// `batch`).
pub fn wanted(path: &Path) -> bool {
    nianbao::is_input_document(path)
}

/// The format named `name` (`"txt"`, `"xlsx"`, `".docx"`, …).
pub fn format_named(name: &str) -> Option<Format> {
    let name = name.trim_start_matches('.').to_ascii_lowercase();
    Format::ALL
        .into_iter()
        .find(|f| f.input_extensions().contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_by_their_extensions() {
        assert_eq!(format_named("txt"), Some(Format::Text));
        assert_eq!(format_named(".ODS"), Some(Format::Xlsx));
        assert_eq!(format_named("docx"), Some(Format::Docx));
        assert_eq!(format_named("pdf"), Some(Format::Pdf));
        assert_eq!(format_named("png"), None);
        assert!(wanted(Path::new("a/b.HTM")) && wanted(Path::new("a.pdf")));
        assert!(!wanted(Path::new("a.png")));
    }
}
