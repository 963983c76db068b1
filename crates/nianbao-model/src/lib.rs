//! The official form of the annual report on government information
//! disclosure (政府信息公开工作年度报告) as data, the report type, label
//! matching and the consistency rules (勾稽关系).
//!
//! This crate does no IO. Every reader and writer in the workspace is driven
//! by [`form`]: the keys, labels and layout of the official tables live here
//! and nowhere else.

pub mod cell;
pub mod diag;
pub mod document;
pub mod form;
pub mod grid;
pub mod label;
pub mod layout;
pub mod read;
pub mod report;
pub mod rule_ids;
pub mod rules;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod title;
pub mod value;

pub use diag::{Diagnostic, Lang, Location, Message, Severity};
pub use form::{CellId, Form, FormVersion, ProseSection, ValueKind};
pub use read::Read;
pub use report::{normalize_prose, Report, Sections, SourceMap};
pub use value::{Decimal, Value};
