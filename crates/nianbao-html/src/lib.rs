//! Reads an annual report from a saved web page (HTML), and writes one as a
//! clean page ([`to_html`], module [`write`]).
//!
//! The page is untrusted: its size and its node count are bounded
//! ([`limits`]) before and while html5ever parses it into a lean arena tree
//! ([`dom`]), and every walk over the tree is iterative. The bytes are
//! decoded in the encoding the page declares ([`decode`]), a web archive's
//! page first taken out of it ([`mhtml`]); the page's tables
//! become grids with their spans expanded and its paragraphs the report's
//! prose ([`page`]); the model's label-driven grid finder reads the tables
//! (`nianbao_model::document`). Nothing in this crate knows an address of the form.

pub mod decode;
pub mod dom;
pub mod limits;
pub mod mhtml;
pub mod page;
pub mod write;

pub use write::{to_html, WriteError};

pub use nianbao_model::document::{self, Document};
use nianbao_model::{Diagnostic, Message, Read};

/// Why a page was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Not an HTML page.
    #[error("不是网页（not an HTML page）：{0}")]
    NotHtml(String),
    /// Over a safety limit.
    #[error("网页超出安全限制（page too large）：{0}")]
    TooLarge(String),
    /// The tables could not be read as the form: each diagnostic names the
    /// table and cell (`表格2!D7`).
    #[error("网页中的表格无法按年报表格读取（{} 处错误），首个：{}", .0.iter().filter(|d| d.is_error()).count(), nianbao_model::read::first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

/// Whether the bytes look like an HTML page: after a BOM and white space,
/// a `<!DOCTYPE html`, `<html`, `<head`, `<meta`, `<body`, `<table`, or a
/// comment, in the first kilobyte (ASCII, UTF-8 or GBK alike).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes[..bytes.len().min(1024)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let s = head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head)
        .trim_ascii_start();
    let starts = [
        "<!doctype html",
        "<html",
        "<head",
        "<meta",
        "<body",
        "<table",
    ]
    .iter()
    .any(|p| s.starts_with(p.as_bytes()));
    let markup = s.starts_with(b"<!--") || s.starts_with(b"<?xml");
    starts
        || (markup
            && ["<html", "<body", "<table"]
                .iter()
                .any(|p| s.windows(p.len()).any(|w| w == p.as_bytes())))
}

/// Parses a page into a [`Document`], within the [`limits`].
pub fn read_document(bytes: &[u8]) -> Result<(Document, decode::Decoded), Error> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(Error::TooLarge(format!(
            "文件大小 {} 字节，超过上限 {} 字节",
            bytes.len(),
            limits::MAX_INPUT_BYTES
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::NotHtml("文件为空".into()));
    }
    // A web archive: its page.
    let page;
    let bytes = if mhtml::looks_like_mhtml(bytes) {
        page = mhtml::html_part(bytes).ok_or_else(|| {
            Error::NotHtml(
                "网页归档（MHTML）中没有网页部分（no text/html part in the web archive）".into(),
            )
        })?;
        &page[..]
    } else {
        bytes
    };
    let decoded = decode::decode(bytes);
    let dom = dom::parse(&decoded.text, limits::MAX_NODES, limits::MAX_DEPTH).map_err(|e| {
        Error::TooLarge(match e {
            dom::TooLarge::Nodes(n) => {
                format!("网页节点数超过上限 {}（已达 {n}）", limits::MAX_NODES)
            }
            dom::TooLarge::Depth(d) => {
                format!("网页标签嵌套超过 {} 层（已达 {d} 层）", limits::MAX_DEPTH)
            }
        })
    })?;
    let doc = page::document(&dom)?;
    Ok((doc, decoded))
}

/// Imports a report from the bytes of a saved web page.
///
/// Errors in the tables (a missing row, an unreadable number, an ambiguous
/// label) refuse the whole page with [`Error::Invalid`]: a number the
/// reader is not sure of is never returned. The consistency rules are not
/// checked here (see `nianbao_model::rules`).
pub fn import(bytes: &[u8]) -> Result<Read, Error> {
    let (doc, decoded) = read_document(bytes)?;
    let found = document::read_any(&doc);
    if found.has_errors() {
        return Err(Error::Invalid(found.diagnostics));
    }
    let mut warnings = found.diagnostics;
    if let Some(note) = decoded.note {
        warnings.push(Diagnostic::warning(
            "html.encoding",
            None,
            Message::new("网页声明为 UTF-8，但内容不是；已按 GB18030 读取", note),
        ));
    } else if decoded.malformed {
        warnings.push(Diagnostic::warning(
            "html.encoding",
            None,
            Message::new(
                format!("网页中有按 {} 无法解码的字节，已替换为 �", decoded.encoding),
                format!(
                    "some bytes are not valid {}; replaced by �",
                    decoded.encoding
                ),
            ),
        ));
    }
    Ok(Read {
        diagnostics: warnings,
        ..found
    })
}
