//! Reads an annual report from a PDF file.
//!
//! The file is untrusted and read by this crate's own small PDF parser
//! ([`syntax`], [`file`], [`filter`]): every loop is bounded by a count of
//! [`limits`] and [`Work`] tells how much of each a file used. The page
//! content streams are interpreted ([`content`]) into characters with their
//! positions (CID fonts with ToUnicode maps as WPS, Word and LibreOffice
//! write Chinese; simple fonts; text matrices; Form XObjects) and ruling
//! lines (stroked paths, thin filled rectangles). [`layout`] rebuilds the
//! tables' cells from the ruling lines (mending a border a producer left
//! out only where one drawing fits; a table ruled only above and below on
//! the columns its rules' breaks give, rows from its lines of values),
//! puts characters into cells by position (never by text
//! object: WPS writes one per character), joins a table cut by a page break,
//! drops page headers and footers, and makes paragraphs and a title of the
//! rest. The [`Document`] goes through the model's label-driven finder via
//! `nianbao_model::document`, the same path as a Word file or a page.

pub mod cjk;
pub mod content;
pub mod crypt;
pub mod file;
pub mod filter;
pub mod font;
pub mod layout;
pub mod limits;
pub mod syntax;

use nianbao_model::document::{self, Document};
use nianbao_model::read::first_error;
use nianbao_model::{Diagnostic, Message, Read};

/// How much work reading a file took: what the [`limits`] bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Objects parsed.
    pub objects_parsed: u64,
    /// Bytes produced by stream filters.
    pub bytes_decoded: u64,
    /// Content-stream operators executed.
    pub operators: u64,
    /// Pages listed.
    pub pages: u64,
    /// Form XObjects entered.
    pub xobjects: u64,
    /// Characters placed.
    pub glyphs: u64,
}

/// The particulars of a refusal, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

impl Detail {
    /// Particulars in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Detail {
        Detail {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}（{}）", self.zh, self.en)
    }
}

/// Why a PDF was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Not a PDF.
    #[error("不是 PDF 文件（not a PDF）：{0}")]
    NotPdf(Detail),
    /// Needs a password to open (the empty user password does not open
    /// it), or encrypted by a handler other than the standard one. A file
    /// that only restricts copying or printing opens.
    #[error("PDF 需要密码才能打开，请用密码打开后另存为不加密的 PDF 再导入（the PDF needs a password to open）")]
    Encrypted,
    /// The file structure is damaged beyond recovery.
    #[error("PDF 已损坏，无法读取（damaged PDF）：{0}")]
    Damaged(Detail),
    /// Over a safety limit.
    #[error("PDF 超出安全限制（PDF over a safety limit）：{0}")]
    TooLarge(Detail),
    /// No text layer: a scan.
    #[error("扫描件，没有可提取的文字，请先做文字识别（a scanned PDF without a text layer: run OCR first）")]
    Scanned,
    /// No text and no image: nothing on the pages.
    #[error("PDF 的页面上没有文字（the PDF's pages hold no text）")]
    NoText,
    /// Characters are drawn, but their fonts do not say which characters
    /// they are (a PDF made through PostScript, `pdftops` then `ps2pdf`).
    #[error("PDF 中的文字无法识别为字符（the PDF's characters cannot be read as text）")]
    NoUnicode,
    /// Text, but none of the form's tables.
    #[error("PDF 中未找到年报的表格（tables of the form not found in the PDF）：{}", missing_tables(.0))]
    NoTables(Vec<Diagnostic>),
    /// The tables could not be read as the form: each diagnostic names the
    /// table with its pages and the cell (`表格2（第2-3页）!D7`).
    #[error("PDF 中的表格无法按年报表格读取（{} 处错误），首个：{}", .0.iter().filter(|d| d.is_error()).count(), first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

fn missing_tables(diags: &[Diagnostic]) -> String {
    let errors = || diags.iter().filter(|d| d.is_error());
    let zh: Vec<&str> = errors().map(|d| d.message.zh.as_str()).collect();
    let en: Vec<&str> = errors().map(|d| d.message.en.as_str()).collect();
    format!("{}（{}）", zh.join("；"), en.join("; "))
}

impl Error {
    /// The refusal in Chinese and in English, apart.
    pub fn message(&self) -> Message {
        let (zh, en) = match self {
            Error::NotPdf(d) => (
                format!("不是 PDF 文件：{}", d.zh),
                format!("not a PDF: {}", d.en),
            ),
            Error::Encrypted => (
                "PDF 需要密码才能打开（或使用了不支持的加密方式），请用密码打开后另存为不加密的 PDF 再导入"
                    .to_string(),
                "the PDF needs a password to open (or uses an unsupported encryption): open it with \
                 the password, save it unencrypted, then import it"
                    .to_string(),
            ),
            Error::Damaged(d) => (
                format!("PDF 已损坏，无法读取：{}", d.zh),
                format!("damaged PDF: {}", d.en),
            ),
            Error::TooLarge(d) => (
                format!("PDF 超出安全限制：{}", d.zh),
                format!("PDF over a safety limit: {}", d.en),
            ),
            Error::Scanned => (
                "扫描件，没有可提取的文字，请先做文字识别".to_string(),
                "a scanned PDF without a text layer: run OCR (text recognition) first".to_string(),
            ),
            Error::NoText => (
                "PDF 的页面上没有文字".to_string(),
                "the PDF's pages hold no text".to_string(),
            ),
            Error::NoUnicode => (
                "PDF 中的文字无法识别为字符：字体没有字符映射（常见于经 PostScript 转换的文件），请从原文件（Word、WPS）重新导出 PDF"
                    .to_string(),
                "the PDF's characters cannot be read as text: its fonts carry no map to \
                 characters (as after a trip through PostScript); export the PDF again from the \
                 original (Word, WPS)"
                    .to_string(),
            ),
            Error::NoTables(d) => {
                let n = d.iter().filter(|d| d.is_error()).count();
                (
                    format!("PDF 中有文字，但未找到年报的表格（{n} 处，见下）"),
                    format!(
                        "the PDF has text but not the form's tables ({n} missing, listed below)"
                    ),
                )
            }
            Error::Invalid(d) => (
                format!("PDF 中的表格无法按年报表格读取：{}", first_error(d)),
                format!(
                    "the PDF's tables cannot be read as the form: {}",
                    d.iter()
                        .find(|d| d.is_error())
                        .map(|d| d.message.en.clone())
                        .unwrap_or_default()
                ),
            ),
        };
        Message::new(zh, en)
    }

    /// The diagnostics behind the refusal, when it has them.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::NoTables(d) | Error::Invalid(d) => d,
            _ => &[],
        }
    }
}

/// Whether the bytes start like a PDF (`%PDF-` within the first 1 KiB, as
/// readers accept).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    file::find(head, b"%PDF-").is_some()
}

/// The characters and ruling lines of every page, within the [`limits`].
pub fn read_pages(bytes: &[u8]) -> (Result<Vec<content::PageContent>, Error>, Work) {
    let mut work = Work::default();
    let r = pages_inner(bytes, &mut work);
    (r, work)
}

fn pages_inner(bytes: &[u8], work: &mut Work) -> Result<Vec<content::PageContent>, Error> {
    if bytes.is_empty() {
        return Err(Error::NotPdf(Detail::new("文件为空", "empty file")));
    }
    if bytes.len() > limits::MAX_INPUT_BYTES {
        let mb = limits::MAX_INPUT_BYTES >> 20;
        return Err(Error::TooLarge(Detail::new(
            format!("文件超过 {mb} MB"),
            format!("larger than {mb} MB"),
        )));
    }
    if !looks_like_pdf(bytes) {
        return Err(Error::NotPdf(Detail::new(
            "没有 %PDF- 文件头",
            "no %PDF- header",
        )));
    }
    let mut pdf = file::Pdf::open(bytes)?;
    let pages = pdf.pages();
    *work = pdf.work;
    let pages = pages?;
    if let Some(e) = pdf.fatal.take() {
        return Err(e);
    }
    let mut out = Vec::with_capacity(pages.len());
    let mut interp = content::Interp::new(&mut pdf);
    let mut result = Ok(());
    for p in &pages {
        match interp.page(p) {
            Ok(c) => out.push(c),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    drop(interp);
    *work = pdf.work;
    work.glyphs = out.iter().map(|p| p.glyphs.len() as u64).sum();
    result?;
    Ok(out)
}

/// Reads the [`Document`] of a PDF, within the [`limits`], with the work it
/// took.
pub fn read_document_with_work(bytes: &[u8]) -> (Result<Document, Error>, Work) {
    let (pages, work) = read_pages(bytes);
    let r = pages.and_then(|pages| {
        if pages
            .iter()
            .all(|p| p.glyphs.iter().all(content::Glyph::is_space))
        {
            return Err(if pages.iter().any(|p| p.images > 0) {
                Error::Scanned
            } else if pages.iter().any(|p| p.unmapped > 0) {
                Error::NoUnicode
            } else {
                Error::NoText
            });
        }
        Ok(layout::document(&pages))
    });
    (r, work)
}

/// Reads the [`Document`] of a PDF, within the [`limits`].
pub fn read_document(bytes: &[u8]) -> Result<Document, Error> {
    read_document_with_work(bytes).0
}

/// Imports a report from the bytes of a PDF.
///
/// Errors in the tables (a missing row, an unreadable number, an ambiguous
/// label) refuse the whole document: a number the reader is not sure of is
/// never returned. A PDF where none of the form's tables is found is
/// refused with [`Error::NoTables`], which names them.
pub fn import(bytes: &[u8]) -> Result<Read, Error> {
    let doc = read_document(bytes)?;
    let found = document::read_any(&doc);
    if found.has_errors() {
        let none_found = found
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.rule.starts_with("grid.table_missing"));
        return Err(if none_found {
            Error::NoTables(found.diagnostics)
        } else {
            Error::Invalid(found.diagnostics)
        });
    }
    Ok(found)
}
