//! nianbao reads, checks and writes China's annual reports on government
//! information disclosure (政府信息公开工作年度报告), in every format they
//! come in: this crate is the front door, the one way in for the command
//! line, batch runs, the developer tasks, fuzzing, benches and the Python
//! package.
//!
//! ```
//! use nianbao::{Format, Report};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Read a report from any file: the format is told by its name and bytes.
//! let read = nianbao::read_path(
//!     "../../fixtures/seeds/000_79b5c35e28a790e5.txt".as_ref(),
//!     None,
//! )?;
//! let report: &Report = &read.report;
//! assert_eq!(report.organ, "洛阳市公安局西工分局");
//! assert_eq!(report.year, Some(2023));
//!
//! // Its totals, by the form's stable keys.
//! let total = report.form_def().cell("applications", "total", "total").unwrap();
//! println!("{}: {:?} applications handled", report.organ, report.get(total));
//!
//! // The consistency rules (勾稽关系): reader warnings and rule findings.
//! let findings = nianbao::check(&read);
//! assert!(findings.iter().all(|d| !d.is_error()));
//!
//! // The official spreadsheet form, its broken cells marked.
//! let xlsx: Vec<u8> = nianbao::write(report, &findings, Format::Xlsx)?;
//! assert!(xlsx.starts_with(b"PK"));
//! # Ok(())
//! # }
//! ```
//!
//! The pieces behind the door, each usable alone: [`nianbao_model`] (the
//! form as data, the report, the rules), `nianbao_text`, `nianbao_data`
//! (JSON, CSV), `nianbao_office` (XLSX, DOCX) and `nianbao_html`. This
//! crate adds what every caller needs once: which format a file is
//! ([`sniff`]), the input limits ([`limits`]), one result ([`Read`]) and one
//! refusal ([`Refusal`]) for every reader.

mod foreign;
mod format;
pub mod limits;
pub mod message;
mod read;
pub mod rules;
mod write;

pub use foreign::Foreign;
pub use format::{is_input_document, sniff, sniff_bytes, Format, UNREAD_EXTENSIONS};
pub use nianbao_model::{self as model, Diagnostic, FormVersion, Read, Report, SourceMap};
pub use read::{read, read_path, Refusal};
pub use write::{template, write, WriteError};

/// The findings about a report read: the reader's warnings, then the
/// consistency rules (勾稽关系), each located through the source map.
pub fn check(read: &Read) -> Vec<Diagnostic> {
    let mut diagnostics = read.diagnostics.clone();
    diagnostics.extend(nianbao_model::rules::check(
        &read.report,
        Some(&read.source_map),
    ));
    diagnostics
}
