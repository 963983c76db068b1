//! Bytes in any input format → a report, or why not: the same dispatch to
//! the reader crates as the command line's pipeline, for the bindings.
//!
//! Interim: this module stands in for the front-door crate `nianbao`
//! (`nianbao::{Format, sniff, read}`) until it lands on main; the bindings
//! call only [`Format`], [`sniff`], [`read`] and [`read_file`], so the
//! switch is a change of imports. It never depends on the command line.

use nianbao_model::{Diagnostic, Location, Message, Report, SourceMap};
use std::io::Read as _;
use std::path::Path;

/// A format nianbao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A report's text, in any layout real reports come in.
    Text,
    /// The JSON shape of FORM.md.
    Json,
    /// Long CSV.
    Csv,
    /// The official spreadsheet form (.xlsx, .xls, .ods).
    Xlsx,
    /// A saved web page.
    Html,
    /// A Word file.
    Docx,
}

impl Format {
    /// The format named `name` (`"txt"`, `"xlsx"`, … or an extension).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "txt" | "text" | "md" => Some(Format::Text),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The format of a path, from its extension.
    pub fn of_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }
}

/// The format of an input: from the path's extension when it has a known
/// one, else from the first bytes (a zip is a workbook or a Word file, `{`
/// opens JSON, markup is a web page; anything else is read as text).
pub fn sniff(path: Option<&Path>, bytes: &[u8]) -> Format {
    if let Some(f) = path.and_then(Format::of_path) {
        return f;
    }
    let start = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = start.iter().find(|b| !b.is_ascii_whitespace());
    if nianbao_docx::looks_like_docx(bytes) {
        Format::Docx
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        Format::Xlsx
    } else if first == Some(&b'{') {
        Format::Json
    } else if nianbao_html::looks_like_html(bytes) {
        Format::Html
    } else {
        Format::Text
    }
}

/// A report read from an input.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The report.
    pub report: Report,
    /// Where each number came from.
    pub source_map: SourceMap,
    /// The reader's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Why an input is not read as a report: every problem found.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The problems, each with its location when known.
    pub diagnostics: Vec<Diagnostic>,
}

impl Refusal {
    fn one(rule: &str, location: Option<Location>, message: Message) -> Refusal {
        Refusal {
            diagnostics: vec![Diagnostic::error(rule, location, message)],
        }
    }
}

/// Largest text, JSON or CSV input read (as the command line's).
pub const MAX_TEXT_BYTES: usize = 16 << 20;
/// Most lines a text input may have (as the command line's).
pub const MAX_TEXT_LINES: usize = 20_000;

/// Largest input of `format` that is read.
pub fn max_input_bytes(format: Format) -> usize {
    match format {
        Format::Xlsx => nianbao_xlsx_import::limits::MAX_INPUT_BYTES,
        Format::Html => nianbao_html::limits::MAX_INPUT_BYTES,
        Format::Docx => nianbao_docx::limits::MAX_INPUT_BYTES,
        Format::Text | Format::Json | Format::Csv => MAX_TEXT_BYTES,
    }
}

/// The largest input of any format.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// The bytes of the file at `path`, at most one byte more than any format
/// reads (so that [`read`] refuses a bigger file without holding it).
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn too_large(max: usize) -> Message {
    let mib = max >> 20;
    Message::new(
        format!("文件超过 {mib} MB，超出 nianbao 可读取的大小，未读取"),
        format!("the file is larger than {mib} MB, the most nianbao reads; not read"),
    )
}

fn not_text(err: impl std::fmt::Display) -> Message {
    Message::new(
        format!("不是可识别编码的文本文件：{err}"),
        format!("not a text file in a known encoding: {err}"),
    )
}

/// Reads a report from the bytes of an input in `format`.
pub fn read(bytes: &[u8], format: Format) -> Result<Loaded, Refusal> {
    let max = max_input_bytes(format);
    if bytes.len() > max {
        return Err(Refusal::one("input.too_large", None, too_large(max)));
    }
    match format {
        Format::Text if nianbao_html::looks_like_html(bytes) => read_html(bytes),
        Format::Text => read_text(bytes),
        Format::Json => read_json(bytes),
        Format::Csv => read_csv(bytes),
        Format::Xlsx | Format::Docx if nianbao_docx::looks_like_docx(bytes) => read_docx(bytes),
        Format::Xlsx | Format::Docx => read_workbook(bytes),
        Format::Html => read_html(bytes),
    }
}

fn loaded(report: Report, source_map: SourceMap, warnings: Vec<Diagnostic>) -> Loaded {
    Loaded {
        report,
        source_map,
        warnings,
    }
}

/// A message the readers already give in both languages.
fn both(s: String) -> Message {
    Message::new(s.clone(), s)
}

fn read_text(bytes: &[u8]) -> Result<Loaded, Refusal> {
    let decoded = nianbao_text::decode(bytes)
        .map_err(|e| Refusal::one("input.decode", None, not_text(e)))?;
    let count = |c: u8| decoded.text.bytes().filter(|&b| b == c).count();
    if count(b'\n').max(count(b'\r')) > MAX_TEXT_LINES {
        return Err(Refusal::one(
            "input.too_large",
            None,
            Message::new(
                format!("文本超过 {MAX_TEXT_LINES} 行，未读取"),
                format!("the text has more than {MAX_TEXT_LINES} lines; not read"),
            ),
        ));
    }
    match nianbao_text::parse(&decoded.text) {
        Ok(p) => Ok(loaded(p.report, p.source_map, p.warnings)),
        Err(nianbao_text::ParseError::Invalid(diagnostics)) => Err(Refusal { diagnostics }),
        Err(nianbao_text::ParseError::Decode(e)) => {
            Err(Refusal::one("input.decode", None, not_text(e)))
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes)
        .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t))
        .map_err(|e| {
            let err = format!("invalid UTF-8 at byte {}", e.valid_up_to());
            Refusal::one("input.decode", None, not_text(err))
        })
}

fn read_json(bytes: &[u8]) -> Result<Loaded, Refusal> {
    let text = utf8(bytes)?;
    match nianbao_export::json::from_json(text) {
        Ok(report) => {
            let map = SourceMap::new(report.form);
            Ok(loaded(report, map, Vec::new()))
        }
        Err(e) => Err(Refusal::one(
            "json.report",
            u32::try_from(e.line)
                .ok()
                .filter(|&l| l > 0)
                .map(|l| Location::text(l, 1)),
            Message::new(
                format!("不是有效的年报 JSON：{}", e.message),
                format!("not a valid report in JSON: {}", e.message),
            ),
        )),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Loaded, Refusal> {
    let text = utf8(bytes)?;
    match nianbao_export::csv::read_long_csv(text) {
        Ok(report) => {
            let map = SourceMap::new(report.form);
            Ok(loaded(report, map, Vec::new()))
        }
        Err(e) => Err(Refusal::one(
            "csv.report",
            u32::try_from(e.line)
                .ok()
                .filter(|&l| l > 0)
                .map(|l| Location::text(l, 1)),
            Message::new(
                format!("不是有效的年报 CSV：{}", e.kind),
                format!("not a valid report in CSV: {}", e.kind),
            ),
        )),
    }
}

fn read_workbook(bytes: &[u8]) -> Result<Loaded, Refusal> {
    match nianbao_xlsx_import::import(bytes) {
        Ok(i) => Ok(loaded(i.report, i.source_map, i.warnings)),
        Err(nianbao_xlsx_import::ImportError::Invalid(diagnostics)) => Err(Refusal { diagnostics }),
        Err(e) => Err(Refusal::one(
            "xlsx.report",
            None,
            Message::new(
                format!("无法读取工作簿：{e}"),
                format!("cannot read the workbook: {e}"),
            ),
        )),
    }
}

fn read_html(bytes: &[u8]) -> Result<Loaded, Refusal> {
    match nianbao_html::import(bytes) {
        Ok(i) => Ok(loaded(i.report, i.source_map, i.warnings)),
        Err(nianbao_html::Error::Invalid(diagnostics)) => Err(Refusal { diagnostics }),
        Err(e) => Err(Refusal::one("html.report", None, both(e.to_string()))),
    }
}

fn read_docx(bytes: &[u8]) -> Result<Loaded, Refusal> {
    match nianbao_docx::import(bytes) {
        Ok(i) => Ok(loaded(i.report, i.source_map, i.warnings)),
        Err(nianbao_docx::Error::Invalid(diagnostics)) => Err(Refusal { diagnostics }),
        Err(e) => Err(Refusal::one("docx.report", None, both(e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_extension_then_by_content() {
        assert_eq!(sniff(Some(Path::new("a/年报.TXT")), b"{"), Format::Text);
        assert_eq!(sniff(None, b" \n{\"organ\":1}"), Format::Json);
        assert_eq!(sniff(None, b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(sniff(None, "某局2023年报".as_bytes()), Format::Text);
        assert_eq!(Format::from_name(".ODS"), Some(Format::Xlsx));
        assert_eq!(Format::from_name("pdf"), None);
    }

    #[test]
    fn inputs_over_the_limit_are_refused_unread() {
        let big = vec![b'a'; MAX_TEXT_BYTES + 1];
        let e = read(&big, Format::Text).unwrap_err();
        assert_eq!(e.diagnostics[0].rule, "input.too_large");
    }
}
