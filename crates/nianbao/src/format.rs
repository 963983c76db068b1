//! The file formats nianbao reads and writes, told from a path's extension
//! or, where that says nothing, from the first bytes. This is the only
//! place that knows which extension means which format.

use std::path::Path;

/// A format nianbao reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// A report's text, in any layout real reports come in.
    #[cfg_attr(feature = "clap", value(name = "txt"))]
    Text,
    /// The JSON shape of FORM.md.
    Json,
    /// Long CSV: `section,row,col,value`.
    Csv,
    /// The official spreadsheet form.
    Xlsx,
    /// A web page: a saved one read, one clean page written.
    Html,
    /// A Word file: read, and written as the official document.
    Docx,
    /// A Word 97–2003 or WPS file (read only: its text goes to the text
    /// reader).
    Doc,
    /// A PDF with a text layer (read only).
    Pdf,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Json,
        Format::Csv,
        Format::Xlsx,
        Format::Html,
        Format::Docx,
        Format::Doc,
        Format::Pdf,
    ];

    /// The format of an input path, from its extension.
    pub fn of_input(path: &Path) -> Option<Format> {
        match extension(path)?.as_str() {
            "txt" | "text" | "md" => Some(Format::Text),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Xlsx),
            "html" | "htm" | "mht" | "mhtml" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "doc" | "wps" => Some(Format::Doc),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format of an output path, from its extension; `Err` names an
    /// extension that is read but never written.
    pub fn of_output(path: &Path) -> Result<Option<Format>, String> {
        let Some(ext) = extension(path) else {
            return Ok(None);
        };
        match (ext.as_str(), Format::of_input(path)) {
            // Read as the workbook form, written only as .xlsx; web
            // archives read, pages written only as .html.
            ("xls" | "xlsm" | "ods" | "mht" | "mhtml", _) => Err(ext),
            (_, Some(f)) if !f.is_writable() => Err(ext),
            (_, f) => Ok(f),
        }
    }

    /// Whether nianbao writes this format (every one but PDF and Word 97).
    pub fn is_writable(self) -> bool {
        !matches!(self, Format::Pdf | Format::Doc)
    }

    /// The usual extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
        }
    }

    /// Every extension an input in this format may have.
    pub fn input_extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt", "text", "md"],
            Format::Json => &["json"],
            Format::Csv => &["csv"],
            Format::Xlsx => &["xlsx", "xlsm", "xls", "ods"],
            Format::Html => &["html", "htm", "mht", "mhtml"],
            Format::Docx => &["docx"],
            Format::Doc => &["doc", "wps"],
            Format::Pdf => &["pdf"],
        }
    }
}

/// Extensions of documents reports are published in that nianbao does
/// not read (RTF, OpenDocument text, OFD). A folder's files with them are taken into a batch, to be
/// refused with a message saying how to convert them, never skipped
/// unseen.
pub const UNREAD_EXTENSIONS: &[&str] = &["rtf", "odt", "ofd"];

/// Whether a file found in a folder is an input: a format nianbao reads,
/// or a document it names and refuses ([`UNREAD_EXTENSIONS`]).
pub fn is_input_document(path: &Path) -> bool {
    Format::of_input(path).is_some()
        || extension(path).is_some_and(|e| UNREAD_EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// The format of an input: its extension when it has a known one, else its
/// first bytes (`head`; 64 are enough). Content decides only where the
/// name says nothing: `%PDF-` is a PDF, a zip or OLE container is a
/// workbook (the workbook reader hands a Word file on), an HTML start is a
/// page, `{` starts JSON,
/// the long CSV header starts CSV, anything else is read as text.
pub fn sniff(path: &Path, head: &[u8]) -> Format {
    Format::of_input(path).unwrap_or_else(|| sniff_bytes(head))
}

/// The format told from the first bytes alone (see [`sniff`]).
pub fn sniff_bytes(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if head.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xd0\xcf\x11\xe0") {
        return Format::Xlsx;
    }
    if nianbao_html::looks_like_html(head) || nianbao_html::mhtml::looks_like_mhtml(head) {
        return Format::Html;
    }
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"{") {
        Format::Json
    } else if trimmed.starts_with(b"section,row,col,value")
        || trimmed.starts_with(b"table,row,column,value")
    {
        Format::Csv
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(
            Format::of_input(Path::new("a/年报.TXT")),
            Some(Format::Text)
        );
        assert_eq!(Format::of_input(Path::new("a.md")), Some(Format::Text));
        assert_eq!(Format::of_input(Path::new("a.ods")), Some(Format::Xlsx));
        assert_eq!(Format::of_input(Path::new("a.PDF")), Some(Format::Pdf));
        assert_eq!(Format::of_input(Path::new("a.doc")), Some(Format::Doc));
        assert_eq!(Format::of_input(Path::new("a.rtf")), None);
        assert!(is_input_document(Path::new("a.RTF")));
        assert!(is_input_document(Path::new("a.xlsx")));
        assert!(!is_input_document(Path::new("a.jpg")));
        assert_eq!(Format::of_output(Path::new("a.pdf")), Err("pdf".to_owned()));
        assert_eq!(Format::of_output(Path::new("a.wps")), Err("wps".to_owned()));
        assert_eq!(Format::of_output(Path::new("a.mht")), Err("mht".to_owned()));
        assert_eq!(Format::of_input(Path::new("-")), None);
        assert_eq!(Format::of_output(Path::new("a.xls")), Err("xls".to_owned()));
        assert_eq!(Format::of_output(Path::new("a.csv")), Ok(Some(Format::Csv)));
        assert_eq!(
            Format::of_output(Path::new("a.TEXT")),
            Ok(Some(Format::Text))
        );
        assert_eq!(Format::of_output(Path::new("a.md")), Ok(Some(Format::Text)));
        assert_eq!(
            Format::of_output(Path::new("年报.docx")),
            Ok(Some(Format::Docx))
        );
        assert_eq!(
            Format::of_output(Path::new("年报.HTM")),
            Ok(Some(Format::Html))
        );
        for f in Format::ALL {
            for e in f.input_extensions() {
                assert_eq!(Format::of_input(Path::new(&format!("x.{e}"))), Some(f));
            }
        }
    }

    #[test]
    fn content_tells_the_format() {
        let p = Path::new("noext");
        assert_eq!(sniff(p, b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(sniff(p, b"\xef\xbb\xbf  {\"organ\""), Format::Json);
        assert_eq!(sniff(p, b"section,row,col,value\n"), Format::Csv);
        assert_eq!(sniff(p, b"table,row,column,value\n"), Format::Csv);
        assert_eq!(sniff(p, b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(p, b"%PDF-1.7\n%\xe2\xe3"), Format::Pdf);
        assert_eq!(sniff(p, "某局2023年政府信息公开".as_bytes()), Format::Text);
        assert_eq!(sniff(Path::new("a.json"), b"PK\x03\x04"), Format::Json);
    }
}
