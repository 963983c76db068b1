//! The reader.

use nianbao_model::{Diagnostic, Report, SourceMap};

/// A report read from text, with where each number came from and the
/// warnings met on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The report.
    pub report: Report,
    /// Where each number was read.
    pub source_map: SourceMap,
    /// Warnings (notes in number cells, missing prose sections, …).
    pub warnings: Vec<Diagnostic>,
}

/// Why a text could not be read as a report.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not text in an encoding we know.
    #[error("{0}")]
    Decode(crate::DecodeError),
    /// The text is not a readable report; every problem found, each with
    /// its line and column.
    #[error("{} error(s), first: {}", .0.iter().filter(|d| d.is_error()).count(), .0.first().map(|d| d.message.en.as_str()).unwrap_or(""))]
    Invalid(Vec<Diagnostic>),
}

/// Reads a report from text.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let _ = text;
    todo!("parse")
}
