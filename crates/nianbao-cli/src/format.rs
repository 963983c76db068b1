//! The file formats, told from extensions or flags, and the one pipeline
//! that reads a report from bytes and writes one to bytes: a dispatch to the
//! library crates, nothing more.

use crate::lang;
use clap::ValueEnum;
use nianbao_model::{Diagnostic, Location, Report, SourceMap};
use std::path::Path;

/// A format nianbao reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Format {
    /// A report's text, in any layout real reports come in.
    #[value(name = "txt")]
    Text,
    /// The JSON shape of FORM.md.
    Json,
    /// Long CSV: `table,row,column,value`.
    Csv,
    /// The official spreadsheet form.
    Xlsx,
    /// A saved web page (read only).
    Html,
    /// A Word file (read only).
    Docx,
    /// A PDF file with a text layer (read only).
    Pdf,
}

impl Format {
    /// The format of an input path, from its extension.
    pub fn of_input(path: &Path) -> Option<Format> {
        match extension(path)?.as_str() {
            "txt" | "text" | "md" => Some(Format::Text),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xls" | "ods" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
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
        match ext.as_str() {
            "xls" | "ods" | "xlsm" | "html" | "htm" | "docx" | "pdf" => Err(ext),
            _ => Ok(Format::of_input(path)),
        }
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
            Format::Pdf => "pdf",
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
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
    /// The input as text, when it is text: diagnostics quote its lines.
    pub text: Option<String>,
}

/// Why an input could not be read as a report: every problem found.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The problems, each with its location when known.
    pub diagnostics: Vec<Diagnostic>,
    /// The input as text, when it could be decoded.
    pub text: Option<String>,
}

impl LoadError {
    fn one(
        rule: &str,
        location: Option<Location>,
        message: nianbao_model::Message,
        text: Option<String>,
    ) -> Self {
        LoadError {
            diagnostics: vec![Diagnostic::error(rule, location, message)],
            text,
        }
    }
}

/// Rule ids of the problems the command line itself finds.
pub mod rules {
    /// The input or output file could not be read or written.
    pub const IO: &str = "io";
    /// The input's format cannot be told, or cannot be written.
    pub const FORMAT: &str = "input.format";
    /// The bytes are not text in an encoding nianbao knows.
    pub const DECODE: &str = "input.decode";
    /// The JSON is not a report in the FORM.md shape.
    pub const JSON: &str = "json.report";
    /// The CSV is not a report in long CSV.
    pub const CSV: &str = "csv.report";
    /// The workbook could not be read.
    pub const XLSX: &str = "xlsx.report";
    /// A reader failed on a bug of nianbao's own.
    pub const INTERNAL: &str = "internal";
    /// The output would overwrite the input.
    pub const SAME_FILE: &str = "output.same_file";
    /// The web page could not be read.
    pub const HTML: &str = "html.report";
    /// The Word file could not be read.
    pub const DOCX: &str = "docx.report";
    /// The PDF could not be read: a scan, encrypted, damaged, over a limit,
    /// or without the form's tables.
    pub const PDF: &str = "pdf.report";
    /// The input is larger than nianbao reads.
    pub const TOO_LARGE: &str = "input.too_large";
}

/// Largest text, JSON or CSV input read. A real report's text is 20–200 KB;
/// the limit keeps a stray dump or log from costing gigabytes and minutes.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// Most lines a text input may have. Real reports have 100–1,000 lines;
/// the parser keeps a record per line (16 MB of empty lines would cost over
/// 400 MB) and may find something on each (20,000 repeated rows give as
/// many warnings: 2 s and 60 MB for `check --format json` in a debug build).
pub const MAX_TEXT_LINES: usize = 20_000;

/// Largest input in `format` that nianbao reads; callers read at most one
/// byte more, so that [`read`] refuses a bigger file without holding it.
pub fn max_input_bytes(format: Format) -> usize {
    match format {
        Format::Xlsx => nianbao_xlsx_import::limits::MAX_INPUT_BYTES,
        Format::Html => nianbao_html::limits::MAX_INPUT_BYTES,
        Format::Docx => nianbao_docx::limits::MAX_INPUT_BYTES,
        Format::Pdf => nianbao_pdf::limits::MAX_INPUT_BYTES,
        Format::Text | Format::Json | Format::Csv => MAX_TEXT_BYTES,
    }
}

/// Reads a report from the bytes of an input in `format`.
pub fn read(bytes: &[u8], format: Format) -> Result<Loaded, LoadError> {
    let max = max_input_bytes(format);
    if bytes.len() > max {
        return Err(LoadError::one(
            rules::TOO_LARGE,
            None,
            lang::too_large(max >> 20),
            None,
        ));
    }
    match format {
        // A PDF is told by its signature whatever its name says.
        Format::Pdf => read_pdf(bytes),
        _ if bytes.starts_with(b"%PDF-") => read_pdf(bytes),
        Format::Text if nianbao_html::looks_like_html(bytes) => read_html(bytes),
        Format::Text => read_text(bytes),
        Format::Json => read_json(bytes),
        Format::Csv => read_csv(bytes),
        // Told by content where the extension and the bytes disagree: a
        // Word file saved as .xlsx, a page saved as .txt.
        Format::Xlsx | Format::Docx if nianbao_docx::looks_like_docx(bytes) => read_docx(bytes),
        Format::Xlsx => read_workbook(bytes),
        Format::Docx => read_workbook(bytes),
        Format::Html => read_html(bytes),
    }
}

/// A document reader's refusal: the table errors as they are (each names
/// its table and cell), anything else as one diagnostic.
fn document_error(rule: &str, diagnostics: Option<Vec<Diagnostic>>, err: String) -> LoadError {
    match diagnostics {
        Some(diagnostics) => LoadError {
            diagnostics,
            text: None,
        },
        // The readers' messages hold both languages.
        None => LoadError::one(
            rule,
            None,
            nianbao_model::Message::new(err.clone(), err),
            None,
        ),
    }
}

fn read_html(bytes: &[u8]) -> Result<Loaded, LoadError> {
    match nianbao_html::import(bytes) {
        Ok(i) => Ok(Loaded {
            report: i.report,
            source_map: i.source_map,
            warnings: i.warnings,
            text: None,
        }),
        Err(nianbao_html::Error::Invalid(d)) => {
            Err(document_error(rules::HTML, Some(d), String::new()))
        }
        Err(e) => Err(document_error(rules::HTML, None, e.to_string())),
    }
}

fn read_docx(bytes: &[u8]) -> Result<Loaded, LoadError> {
    match nianbao_docx::import(bytes) {
        Ok(i) => Ok(Loaded {
            report: i.report,
            source_map: i.source_map,
            warnings: i.warnings,
            text: None,
        }),
        Err(nianbao_docx::Error::Invalid(d)) => {
            Err(document_error(rules::DOCX, Some(d), String::new()))
        }
        Err(e) => Err(document_error(rules::DOCX, None, e.to_string())),
    }
}

fn read_pdf(bytes: &[u8]) -> Result<Loaded, LoadError> {
    match nianbao_pdf::import(bytes) {
        Ok(i) => Ok(Loaded {
            report: i.report,
            source_map: i.source_map,
            warnings: i.warnings,
            text: None,
        }),
        Err(nianbao_pdf::Error::Invalid(d)) => {
            Err(document_error(rules::PDF, Some(d), String::new()))
        }
        // The headline says that the form's tables are missing, the
        // findings say which.
        Err(e @ nianbao_pdf::Error::NoTables(_)) => {
            let mut diagnostics = vec![Diagnostic::error(rules::PDF, None, e.message())];
            diagnostics.extend(e.diagnostics().iter().cloned());
            Err(LoadError {
                diagnostics,
                text: None,
            })
        }
        Err(e) => Err(LoadError::one(rules::PDF, None, e.message(), None)),
    }
}

fn read_text(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let decoded = nianbao_text::decode(bytes)
        .map_err(|e| LoadError::one(rules::DECODE, None, lang::not_text(&e), None))?;
    // Lines end in \n, \r\n or a lone \r.
    let count = |c: u8| decoded.text.bytes().filter(|&b| b == c).count();
    let lines = count(b'\n').max(count(b'\r'));
    if lines > MAX_TEXT_LINES {
        return Err(LoadError::one(
            rules::TOO_LARGE,
            None,
            lang::too_many_lines(MAX_TEXT_LINES),
            None,
        ));
    }
    match nianbao_text::parse(&decoded.text) {
        Ok(p) => Ok(Loaded {
            report: p.report,
            source_map: p.source_map,
            warnings: p.warnings,
            text: Some(decoded.text),
        }),
        Err(nianbao_text::ParseError::Invalid(diagnostics)) => Err(LoadError {
            diagnostics,
            text: Some(decoded.text),
        }),
        Err(nianbao_text::ParseError::Decode(e)) => Err(LoadError::one(
            rules::DECODE,
            None,
            lang::not_text(&e),
            Some(decoded.text),
        )),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let err = format!("invalid UTF-8 at byte {}", e.valid_up_to());
        LoadError::one(rules::DECODE, None, lang::not_text(err), None)
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn read_json(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let text = utf8(bytes)?;
    match nianbao_export::json::from_json(text) {
        Ok(report) => Ok(Loaded {
            source_map: crate::locate::json(text, &report),
            report,
            warnings: Vec::new(),
            text: Some(text.to_owned()),
        }),
        Err(e) => {
            let location = json_location(text, e.line, e.column);
            Err(LoadError::one(
                rules::JSON,
                location,
                lang::bad_json(&e.message),
                Some(text.to_owned()),
            ))
        }
    }
}

fn read_csv(bytes: &[u8]) -> Result<Loaded, LoadError> {
    let text = utf8(bytes)?;
    match nianbao_export::csv::read_long_csv(text) {
        Ok(report) => Ok(Loaded {
            source_map: crate::locate::csv(text, &report),
            report,
            warnings: Vec::new(),
            text: Some(text.to_owned()),
        }),
        Err(e) => {
            let location = u32::try_from(e.line)
                .ok()
                .filter(|&l| l > 0)
                .map(|l| Location::text(l, 1));
            Err(LoadError::one(
                rules::CSV,
                location,
                lang::bad_csv(&e.kind),
                Some(text.to_owned()),
            ))
        }
    }
}

fn read_workbook(bytes: &[u8]) -> Result<Loaded, LoadError> {
    match nianbao_xlsx_import::import(bytes) {
        Ok(i) => Ok(Loaded {
            report: i.report,
            source_map: i.source_map,
            warnings: i.warnings,
            text: None,
        }),
        Err(nianbao_xlsx_import::ImportError::Invalid(diagnostics)) => Err(LoadError {
            diagnostics,
            text: None,
        }),
        Err(e) => Err(LoadError::one(
            rules::XLSX,
            None,
            lang::bad_workbook(e),
            None,
        )),
    }
}

/// serde_json counts columns in bytes; diagnostics count characters.
fn json_location(text: &str, line: usize, byte_column: usize) -> Option<Location> {
    if line == 0 {
        return None;
    }
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    let column = line_text[..end].chars().count() + 1;
    Some(Location::text(
        u32::try_from(line).ok()?,
        u32::try_from(column).ok()?,
    ))
}

/// Writes `report` in `format`. `diagnostics` are the findings about it
/// (the XLSX form marks the cells they are about).
pub fn write(
    report: &Report,
    diagnostics: &[Diagnostic],
    format: Format,
) -> Result<Vec<u8>, nianbao_model::Message> {
    match format {
        Format::Text => Ok(nianbao_text::render(report).into_bytes()),
        Format::Json => Ok(nianbao_export::json::to_json(report).into_bytes()),
        Format::Csv => Ok(nianbao_export::csv::to_long_csv(report).into_bytes()),
        Format::Xlsx => {
            nianbao_export::xlsx::to_xlsx(report, diagnostics).map_err(lang::cannot_write)
        }
        Format::Html | Format::Docx | Format::Pdf => {
            Err(lang::cannot_write_format(format.extension()))
        }
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
        assert_eq!(Format::of_input(Path::new("a.pdf")), None);
        assert_eq!(Format::of_input(Path::new("-")), None);
        assert_eq!(Format::of_output(Path::new("a.xls")), Err("xls".to_owned()));
        assert_eq!(Format::of_output(Path::new("a.csv")), Ok(Some(Format::Csv)));
    }

    #[test]
    fn json_errors_point_at_characters_not_bytes() {
        let text = "{\n  \"organ\": \"某局\", x\n}";
        let e = read_json(text.as_bytes()).unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.rule, rules::JSON);
        // `x` is the 18th character of line 2 (but the 22nd byte).
        assert_eq!(d.location, Some(Location::text(2, 18)));
    }

    #[test]
    fn inputs_over_the_limit_are_refused_unread() {
        let big = vec![b'a'; MAX_TEXT_BYTES + 1];
        for fmt in [Format::Text, Format::Json, Format::Csv] {
            let e = read(&big, fmt).unwrap_err();
            assert_eq!(e.diagnostics[0].rule, rules::TOO_LARGE);
        }
        let lines = "\n".repeat(MAX_TEXT_LINES + 1);
        let e = read(lines.as_bytes(), Format::Text).unwrap_err();
        assert_eq!(e.diagnostics[0].rule, rules::TOO_LARGE);
        let e = read(&lines.as_bytes()[1..], Format::Text).unwrap_err();
        assert_eq!(e.diagnostics[0].rule, "text.empty");
        // At the limit, the reader runs (and refuses for other reasons).
        let e = read(&big[..MAX_TEXT_BYTES], Format::Json).unwrap_err();
        assert_eq!(e.diagnostics[0].rule, rules::JSON);
    }

    #[test]
    fn json_report_round_trips() {
        let mut r = Report::empty(nianbao_model::FormVersion::V2021);
        r.organ = "某局".into();
        r.year = Some(2023);
        let loaded = read(nianbao_export::json::to_json(&r).as_bytes(), Format::Json).unwrap();
        assert_eq!(loaded.report, r);
    }

    #[test]
    fn csv_report_round_trips_and_errors_name_the_line() {
        let mut r = Report::empty(nianbao_model::FormVersion::V2021);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(nianbao_model::Value::Count(7)));
        let csv = write(&r, &[], Format::Csv).unwrap();
        assert_eq!(read(&csv, Format::Csv).unwrap().report, r);
        let bad = String::from_utf8(csv)
            .unwrap()
            .replacen("natural,7", "natural,x", 1);
        let e = read(bad.as_bytes(), Format::Csv).unwrap_err();
        assert_eq!(e.diagnostics[0].rule, rules::CSV);
        assert!(matches!(e.diagnostics[0].location, Some(Location::Text { line, .. }) if line > 1));
    }
}
