//! The report as data, and back: the JSON of FORM.md ([`json`]), the long
//! CSV of one report or of a dataset written row by row ([`csv`]), and where
//! each number stands in such a text ([`locate`]), so that findings about a
//! report read from JSON or CSV name a line and column.
//!
//! This crate does no file IO of its own: writers return strings or write to
//! a caller's [`std::io::Write`]; readers take `&str`. Every shape is driven
//! by the model's form definition ([`nianbao_model::form`]); no label or key
//! is spelled out here.

pub mod csv;
pub mod json;
pub mod locate;

/// Why a report or a dataset could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing CSV failed (the underlying writer's error).
    #[error("CSV writer: {0}")]
    Csv(#[from] ::csv::Error),
    /// Writing to the caller's writer failed.
    #[error("write error: {0}")]
    Io(#[from] std::io::Error),
    /// Serialising JSON failed.
    #[error("JSON writer: {0}")]
    Json(#[from] serde_json::Error),
}
