//! Writing one report in a format: a dispatch to the writer crates.

use crate::{message, Format};
use nianbao_model::{Diagnostic, Message, Report};

/// Why a report could not be written: a message for the user.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .0.en)]
pub struct WriteError(pub Message);

/// Writes `report` in `format`. `diagnostics` are the findings about it
/// (the spreadsheet form marks the cells they are about).
pub fn write(
    report: &Report,
    diagnostics: &[Diagnostic],
    format: Format,
) -> Result<Vec<u8>, WriteError> {
    // Every reader takes this many lines of prose, so whatever is written
    // reads back; a longer report is refused in every format.
    let (lines, max) = (
        report.sections.lines(),
        nianbao_model::report::MAX_PROSE_LINES,
    );
    if lines > max {
        return Err(WriteError(message::too_many_prose_lines(lines, max)));
    }
    match format {
        Format::Text => Ok(nianbao_text::render(report).into_bytes()),
        Format::Json => Ok(nianbao_data::json::to_json(report).into_bytes()),
        Format::Csv => Ok(nianbao_data::csv::to_long_csv(report).into_bytes()),
        Format::Xlsx => nianbao_office::xlsx::to_xlsx(report, diagnostics)
            .map_err(|e| WriteError(message::cannot_write(e))),
        Format::Html => nianbao_html::to_html(report)
            .map(String::into_bytes)
            .map_err(|e| WriteError(message::cannot_write(e))),
        Format::Docx => {
            nianbao_office::docx::to_docx(report).map_err(|e| WriteError(message::cannot_write(e)))
        }
        Format::Pdf | Format::Doc => {
            Err(WriteError(message::cannot_write_format(format.extension())))
        }
    }
}

/// The empty fill-in form (the official spreadsheet with formulas for the
/// totals), its title naming `organ` and `year` when given.
pub fn template(organ: Option<&str>, year: Option<u16>) -> Result<Vec<u8>, WriteError> {
    nianbao_office::xlsx::template(organ, year).map_err(|e| WriteError(message::cannot_write(e)))
}
