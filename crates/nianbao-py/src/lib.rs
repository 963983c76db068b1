//! The Python package `nianbao` (`import nianbao`): the exact reader of the
//! annual reports, for researchers and journalists working in pandas,
//! Jupyter and DuckDB.
//!
//! The crate is thin. [`read`] dispatches bytes to the reader crates (an
//! interim stand-in for the front-door crate `nianbao`), [`load`] reads one
//! file into a batch [`Outcome`] (the report with every finding, or why it
//! was refused), and [`frame`] lays many outcomes out as typed columns.
//! The PyO3 bindings (`python`, behind the `python` feature that maturin
//! turns on) only convert arguments and results; everything they call is
//! plain Rust tested here.

pub mod frame;
pub mod read;

#[cfg(feature = "python")]
mod python;

use nianbao_batch::Outcome;
use nianbao_model::{Diagnostic, Message};
use std::path::Path;

/// The findings about a report read: the reader's warnings, then the
/// consistency rules.
pub fn findings(loaded: &read::Loaded) -> Vec<Diagnostic> {
    let mut d = loaded.warnings.clone();
    d.extend(nianbao_model::rules::check(
        &loaded.report,
        Some(&loaded.source_map),
    ));
    d
}

/// Reads the file at `path` in `format` (told from the path and the bytes
/// when `None`) into an outcome; a file that cannot be opened is refused
/// with the rule `io`.
pub fn load(path: &Path, format: Option<read::Format>) -> Outcome {
    let bytes = match read::read_file(path) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Unreadable(vec![Diagnostic::error(
                nianbao_batch::engine::IO_RULE,
                None,
                Message::new(format!("无法读取：{e}"), format!("cannot read: {e}")),
            )])
        }
    };
    let format = format.unwrap_or_else(|| read::sniff(Some(path), &bytes));
    match read::read(&bytes, format) {
        Ok(loaded) => Outcome::Read {
            diagnostics: findings(&loaded),
            report: loaded.report,
        },
        Err(refusal) => Outcome::Unreadable(refusal.diagnostics),
    }
}

/// Whether a file found in a folder is taken as an input: an extension
/// nianbao reads (as the command line's `batch`).
pub fn wanted(path: &Path) -> bool {
    read::Format::of_path(path).is_some()
}
