//! Imports a filled-in spreadsheet of the official form (.xlsx, .xls, .ods)
//! into a [`Report`].
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
pub mod limits;
mod names;
mod sheets;

use nianbao_model::grid;
use nianbao_model::{Diagnostic, FormVersion, Report, SourceMap};

pub use names::sheet_names;
pub use sheets::{read_sheets, Format, Workbook};

/// A report read from a workbook.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The report.
    pub report: Report,
    /// Where each number was read (`sheet!cell`).
    pub source_map: SourceMap,
    /// Warnings (never errors): stale formula results, notes beside numbers,
    /// missing prose.
    pub warnings: Vec<Diagnostic>,
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
    #[error("工作簿中的表格无法按年报表格读取（{} 处错误），首个：{}", .0.iter().filter(|d| d.is_error()).count(), first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

fn first_error(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map(|d| match &d.location {
            Some(l) => format!("{l} {}", d.message.zh),
            None => d.message.zh.clone(),
        })
        .unwrap_or_default()
}

/// Imports a workbook (.xlsx, .xls or .ods, told apart by their bytes).
///
/// Errors in the tables (a missing row, an unreadable number, an ambiguous
/// label) refuse the whole workbook with [`ImportError::Invalid`]: a number
/// the importer is not sure of is never returned. Consistency rules are not
/// checked here (see `nianbao_model::rules`), except that formula results
/// that disagree with their parts are reported as stale.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
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
    Ok(Imported {
        report: found.report,
        source_map: found.source_map,
        warnings: found.diagnostics,
    })
}
