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
pub mod limits;
mod sheets;
mod write;

use nianbao_model::grid;
use nianbao_model::{Diagnostic, FormVersion, Read};

pub use sheets::{read_sheets, Format, Workbook};
pub use write::*;

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
    Ok(found)
}
