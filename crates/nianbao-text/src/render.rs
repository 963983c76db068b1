//! Report → canonical text in the official layout (tab tables).

use nianbao_model::Report;

/// Writes `report` as text in the official layout; [`crate::parse`] reads it
/// back to the identical report.
pub fn render(report: &Report) -> String {
    let _ = report;
    todo!("render")
}
