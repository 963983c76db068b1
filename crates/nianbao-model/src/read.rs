//! What every reader gives: one [`Read`] — the report, where each value
//! came from, and the findings met on the way — whatever the input was.

use crate::diag::Diagnostic;
use crate::report::{Report, SourceMap};

/// A report read from an input, by any reader.
#[derive(Debug, Clone)]
pub struct Read {
    /// The report (a value a reader could not place is left blank and
    /// named by an error).
    pub report: Report,
    /// Where each value came from: line and column, or sheet and cell.
    pub source_map: SourceMap,
    /// What the reader found. A reader that returns a `Read` to its caller
    /// holds only warnings here: any error refuses the input.
    pub diagnostics: Vec<Diagnostic>,
    /// The input as text, when it was text: diagnostics quote its lines.
    pub text: Option<String>,
}

impl Read {
    /// A report read, with its source map and findings, from no text.
    pub fn new(report: Report, source_map: SourceMap, diagnostics: Vec<Diagnostic>) -> Self {
        Read {
            report,
            source_map,
            diagnostics,
            text: None,
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The first error among `diags`, with its place, for a one-line message
/// (`表格2!D7 …`); empty when there is none.
pub fn first_error(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map(|d| match &d.location {
            Some(l) => format!("{l} {}", d.message.zh),
            None => d.message.zh.clone(),
        })
        .unwrap_or_default()
}
