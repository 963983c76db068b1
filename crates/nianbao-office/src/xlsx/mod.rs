//! The official spreadsheet form: a filled-in workbook (.xlsx, .xls, .ods)
//! imported into a [`Report`], and a report exported as the form or the
//! empty fill-in template ([`to_xlsx`], [`template`]).
//!
//! The workbook is untrusted. Before calamine sees a byte, the container is
//! identified by its magic bytes ([`detect`]): an Office-encrypted file
//! (an OLE container with an `EncryptedPackage` stream) is refused as
//! encrypted, and a zip's entries are counted and decompressed into a sink
//! under limits on entry count, entry size, compression ratio and total size
//! (the declared sizes are checked too, but not trusted). An .xlsx is then
//! read cell by cell through calamine's streaming reader, never through
//! `worksheet_range` (which allocates rows × columns from the declared
//! dimension), and every sheet is bounded to the form's size ([`limits`]).
//!
//! The sheets become [`nianbao_model::grid::Sheet`]s, and the model's grid
//! finder locates every table by its labels: nothing in this crate knows an
//! address of the form.

mod detect;
mod formula;
pub mod limits;
mod names;
mod raw;
mod sheets;
mod write;

use nianbao_model::grid;
use nianbao_model::{Diagnostic, FormVersion, Read, Report, SourceMap};

pub use names::sheet_names;
pub use sheets::{read_sheets, Evaluation, Format, Suspect, SuspectKind, Workbook};
pub use write::*;

/// Rule ids of this module's own findings (declared in
/// [`nianbao_model::rule_ids`]).
pub mod rules {
    pub use nianbao_model::rule_ids::{
        XLSX_FORMULA as FORMULA, XLSX_FORMULA_EVALUATED as FORMULA_EVALUATED,
        XLSX_NOT_A_NUMBER as NOT_A_COUNT,
    };
}

/// Why a workbook was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a spreadsheet this crate reads.
    #[error("不是可读取的工作簿（not a workbook）：{0}")]
    NotAWorkbook(String),
    /// Protected by a password (an Office-encrypted container).
    #[error("文件已加密，请在 Excel/WPS 中去除密码后另存再导入（the workbook is encrypted）")]
    Encrypted,
    /// The zip container is over a safety limit (a zip bomb or a huge part).
    #[error("工作簿的压缩内容超出安全限制（unsafe zip）：{0}")]
    UnsafeZip(String),
    /// A sheet holds cells far beyond the form's size.
    #[error("工作表“{sheet}”过大（sheet too large）：{reason}")]
    SheetTooLarge {
        /// The sheet's name.
        sheet: String,
        /// What is over the limit, naming the cell.
        reason: String,
    },
    /// The workbook is damaged: calamine could not read a part of it.
    #[error("工作簿已损坏，无法读取（damaged workbook）：{0}")]
    Damaged(String),
    /// The tables could not be read as the form: each diagnostic names the
    /// sheet and cell (`三、收到和处理政府信息公开申请情况!D7`).
    #[error("工作簿中的表格无法按年报表格读取（{} 处错误），首个：{}", .0.iter().filter(|d| d.is_error()).count(), nianbao_model::read::first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

/// Imports a workbook (.xlsx, .xls or .ods, told apart by their bytes).
///
/// Errors in the tables (a missing row, an unreadable number, an ambiguous
/// label) refuse the whole workbook with [`ImportError::Invalid`]: a number
/// the importer is not sure of is never returned. Consistency rules are not
/// checked here (see `nianbao_model::rules`), except that formula results
/// that disagree with their parts are reported as stale.
pub fn import(bytes: &[u8]) -> Result<Read, ImportError> {
    let workbook = read_sheets(bytes)?;
    // The 2021 form unless the tables are those of the 2019 form (the two
    // cannot both be found: their table 二 columns differ).
    let mut found = grid::read_report(&workbook.sheets, FormVersion::V2021);
    if found.has_errors() {
        let older = grid::read_report(&workbook.sheets, FormVersion::V2019);
        if !older.has_errors() {
            found = older;
        }
    }
    if found.has_errors() {
        return Err(ImportError::Invalid(found.diagnostics));
    }
    let refused = suspects_read(&workbook, &found.report, &found.source_map);
    if !refused.is_empty() {
        return Err(ImportError::Invalid(refused));
    }
    if let Some(w) = evaluated_note(&workbook.evaluated) {
        found.diagnostics.insert(0, w);
    }
    Ok(found)
}

/// The numbers of the form read from a date, a time or a truth value: an
/// error each, naming the cell (a date typed into a count cell would
/// otherwise be read as its day count, 44790).
fn suspects_read(wb: &Workbook, report: &Report, src: &SourceMap) -> Vec<Diagnostic> {
    use nianbao_model::Location;
    if wb.suspects.is_empty() {
        return Vec::new();
    }
    let at: std::collections::HashMap<(&str, String), SuspectKind> = wb
        .suspects
        .iter()
        .map(|s| ((s.sheet.as_str(), grid::cell_ref(s.row, s.col)), s.kind))
        .collect();
    let mut out = Vec::new();
    for c in report.form_def().cells() {
        let Some(loc @ Location::Cell { sheet, cell }) = src.get(c.id) else {
            continue;
        };
        let Some(kind) = at.get(&(sheet.as_str(), cell.clone())) else {
            continue;
        };
        let def = report.form_def().def(c.id);
        let what = format!("{}/{}", def.row.label, def.column.label);
        let (zh, en) = match kind {
            SuspectKind::Date => ("日期或时间", "a date or a time"),
            SuspectKind::Bool => ("逻辑值（TRUE/FALSE）", "a truth value (TRUE/FALSE)"),
        };
        out.push(
            Diagnostic::error(
                rules::NOT_A_COUNT,
                Some(loc.clone()),
                nianbao_model::Message::new(
                    format!("单元格 {cell} 是{zh}，不是数字，不能作为“{what}”读取；请改为数字格式重新填写"),
                    format!("cell {cell} holds {en}, not a number; it cannot be read as “{what}” ({}): retype it as a number", c.path()),
                ),
            )
            .with_cell(c.id),
        );
    }
    out
}

/// The note that formulas without saved results were evaluated.
fn evaluated_note(evaluated: &[Evaluation]) -> Option<Diagnostic> {
    let first = evaluated.first()?;
    let n = evaluated.len();
    let cell = grid::cell_ref(first.row, first.col);
    Some(Diagnostic::warning(
        rules::FORMULA_EVALUATED,
        Some(nianbao_model::Location::Cell {
            sheet: first.sheet.clone(),
            cell: cell.clone(),
        }),
        nianbao_model::Message::new(
            format!(
                "{n} 个公式单元格没有保存计算结果（openpyxl 等程序生成的文件如此），nianbao 已按公式求和（如 {cell} = {} = {}）",
                first.formula, first.value
            ),
            format!(
                "{n} formula cell(s) have no saved result (files written by openpyxl and similar programs); nianbao evaluated the sums (e.g. {cell} = {} = {})",
                first.formula, first.value
            ),
        ),
    ))
}
