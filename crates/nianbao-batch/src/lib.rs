//! Many reports at once: a folder of reports becomes one dataset, and many
//! reports sum into one consolidated report (汇总).
//!
//! - [`walk`] turns files and folders into a sorted list of inputs.
//! - [`engine::run`] reads them in parallel (rayon) through a reader the
//!   caller supplies — usually [`read_one`], the front door's pipeline, so
//!   a batch reads every file exactly as `nianbao convert` would — and feeds
//!   each outcome, in path order, to a [`engine::Sink`]. At most a few
//!   chunks of reports are held at once, never the whole batch.
//! - [`duplicates`] finds reports counted twice as the batch streams;
//!   [`carry`] compares consecutive years of one organ (the carry-over and
//!   the documents in force) after it, in O(n log n), from a few numbers
//!   kept per report.
//! - [`dataset`] holds the sinks that write a dataset: the wide table (one
//!   row per input) as CSV, XLSX and Parquet ([`parquet`]), the long CSV and
//!   JSON lines.
//! - [`sum`] adds reports cell by cell into the consolidated report.
//!
//! This crate opens the input files it walks; outputs go to writers the
//! caller gives, and nothing here prints.

pub mod carry;
pub mod dataset;
pub mod diff;
pub mod duplicates;
pub mod engine;
pub mod own;
pub mod parquet;
pub mod review;
pub mod sum;
pub mod walk;

pub use engine::{run, Item, Outcome, Sink, Summary};
pub use walk::{walk, Input};

/// Why a batch could not write its output.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// An exporter failed.
    #[error("{0}")]
    Export(#[from] nianbao_data::Error),
    /// The workbook could not be built.
    #[error("{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The consolidated report's workbook could not be built.
    #[error("{0}")]
    Form(#[from] nianbao_office::xlsx::WriteError),
}

/// Reads one file as `nianbao convert` would (through the front door,
/// [`nianbao::read_path`]) and checks it: its report with every finding,
/// or why it could not be read.
pub fn read_one(path: &std::path::Path) -> Outcome {
    match nianbao::read_path(path, None) {
        Ok(read) => Outcome::Read {
            diagnostics: nianbao::check(&read),
            report: read.report,
        },
        Err(refusal) => Outcome::Unreadable(refusal.diagnostics),
    }
}
