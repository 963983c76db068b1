//! The error of the writers.

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The XLSX writer refused (should not happen for a report of the form).
    #[error("XLSX writer: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A text is longer than a spreadsheet cell can hold (32,767 characters).
    #[error("{sheet}!{cell}: a text of {len} characters does not fit one spreadsheet cell (at most 32767)")]
    CellTooLong {
        /// The sheet's name.
        sheet: String,
        /// The cell, `B7`.
        cell: String,
        /// The text's length in characters.
        len: usize,
    },
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
