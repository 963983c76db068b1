//! Writers (and the matching strict readers) for a [`Report`]: the JSON of
//! FORM.md, the long CSV (one report, or a multi-report dataset written row
//! by row), and the official spreadsheet form as XLSX (an export of a report
//! and the empty fill-in template).
//!
//! This crate does no file IO of its own: writers return bytes or write to a
//! caller's [`std::io::Write`]; readers take `&str`. Every layout is driven by
//! the model's form definition ([`nianbao_model::form`]); no label is spelled
//! out here.
//!
//! [`Report`]: nianbao_model::Report

pub mod csv;
mod error;
pub mod json;
pub mod xlsx;

pub use error::ExportError;
