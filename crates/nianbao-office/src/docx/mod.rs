//! Reads an annual report from a Word file (.docx), and writes one as the
//! official Word document ([`to_docx`], module `write`).
//!
//! The file is untrusted. Before its XML is read, the zip container is
//! checked by the Office zip guard ([`crate::zip`], limits in [`limits`]): entry count,
//! declared and real entry sizes (every entry is inflated into a sink under
//! a cap), compression ratio and total size; an Office-encrypted file is
//! refused as such. `word/document.xml` is then streamed with quick-xml
//! ([`xml`]): tables become grids with `w:gridSpan` and `w:vMerge` expanded
//! into merges, runs are joined (a number split over runs reads whole), and
//! paragraphs outside tables become the prose. The grid goes through the
//! model's label-driven finder via `nianbao_model::document`, the same path
//! as an HTML page.

pub mod limits;
mod write;
mod xml;

use crate::zip::{ole_has, Zip, ZipError, CFB_MAGIC};
use nianbao_model::document::{self, Document};
use nianbao_model::{Diagnostic, Read};

pub use write::{to_docx, WriteError, TEXT_WIDTH};
pub use xml::document_of;

/// Why a Word file was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Not a .docx.
    #[error("不是 Word 文档（.docx）（not a .docx）：{0}")]
    NotDocx(String),
    /// Protected by a password.
    #[error("文档已加密，请在 Word/WPS 中去除密码后另存再导入（the document is encrypted）")]
    Encrypted,
    /// The zip container is over a safety limit (a zip bomb or a huge part).
    #[error("文档的压缩内容超出安全限制（unsafe zip）：{0}")]
    UnsafeZip(String),
    /// The document's tables are over a safety limit.
    #[error("文档超出安全限制（document too large）：{0}")]
    TooLarge(String),
    /// The XML is damaged.
    #[error("文档已损坏，无法读取（damaged document）：{0}")]
    Damaged(String),
    /// The tables could not be read as the form: each diagnostic names the
    /// table and cell (`表格2!D7`).
    #[error("文档中的表格无法按年报表格读取（{} 处错误），首个：{}", .0.iter().filter(|d| d.is_error()).count(), nianbao_model::read::first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

/// Whether the bytes are a zip holding `word/document.xml` (read from the
/// central directory only; nothing is inflated).
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|z| z.file_names().any(|n| n == "word/document.xml"))
}

/// Reads the [`Document`] of a Word file, within the [`limits`].
pub fn read_document(bytes: &[u8]) -> Result<Document, Error> {
    let xml = document_xml(bytes)?;
    document_of(&xml)
}

const DOCUMENT: &str = "word/document.xml";

/// The bytes of `word/document.xml`, once the whole container has passed
/// the zip guard ([`crate::zip`]).
fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(Error::NotDocx(format!(
            "文件大小 {} 字节，超过上限 {} 字节",
            bytes.len(),
            limits::MAX_INPUT_BYTES
        )));
    }
    if bytes.starts_with(CFB_MAGIC) {
        // An OLE container: an encrypted .docx, or a Word 97–2003 .doc.
        if ole_has(bytes, "EncryptedPackage") {
            return Err(Error::Encrypted);
        }
        return Err(Error::NotDocx(
            "这是 Word 97–2003 (.doc) 文件，请另存为 .docx".into(),
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::NotDocx(if bytes.is_empty() {
            "文件为空".into()
        } else {
            "文件开头不是 zip 文件头".into()
        }));
    }
    let zip = Zip::open(bytes).map_err(|e| zip_error(e, Error::NotDocx))?;
    if !zip.has(DOCUMENT) {
        return Err(Error::NotDocx(if zip.has("xl/workbook.xml") {
            "这是 Excel 工作簿，不是 Word 文档".into()
        } else {
            format!("zip 中没有 {DOCUMENT}")
        }));
    }
    zip.inflate_all(DOCUMENT)
        .map_err(|e| zip_error(e, Error::Damaged))
}

fn zip_error(e: ZipError, damaged: fn(String) -> Error) -> Error {
    match e {
        ZipError::Open(m) | ZipError::Inflate(m) => damaged(m),
        ZipError::Unsafe(m) => Error::UnsafeZip(m),
        ZipError::Encrypted => Error::Encrypted,
    }
}

/// Imports a report from the bytes of a .docx.
///
/// Errors in the tables (a missing row, an unreadable number, an ambiguous
/// label) refuse the whole document with [`Error::Invalid`]: a number the
/// reader is not sure of is never returned. The consistency rules are not
/// checked here (see `nianbao_model::rules`).
pub fn import(bytes: &[u8]) -> Result<Read, Error> {
    let doc = read_document(bytes)?;
    let found = document::read_any(&doc);
    if found.has_errors() {
        return Err(Error::Invalid(found.diagnostics));
    }
    Ok(found)
}
