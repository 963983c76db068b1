//! Reading one report: bytes in a known format (or a path, told by
//! [`crate::sniff`]) to a [`Read`] — the report, where each value came
//! from, the reader's warnings — or a [`Refusal`] that names every problem.
//! A dispatch to the reader crates and the input limits, nothing more.

use crate::limits::{max_input_bytes, MAX_TEXT_LINES};
use crate::{message, rules, Format};
use nianbao_model::{Diagnostic, Location, Message, Read};
use std::io::Read as _;
use std::path::Path;

/// Why an input could not be read as a report: every problem found.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The problems, each with its location when known.
    pub diagnostics: Vec<Diagnostic>,
    /// The input as text, when it could be decoded.
    pub text: Option<String>,
}

impl Refusal {
    /// A refusal for one reason.
    pub fn one(rule: &str, location: Option<Location>, message: Message) -> Self {
        Refusal {
            diagnostics: vec![Diagnostic::error(rule, location, message)],
            text: None,
        }
    }

    fn with_text(mut self, text: Option<String>) -> Self {
        self.text = text;
        self
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self.diagnostics.iter().find(|d| d.is_error());
        match first {
            Some(d) => write!(f, "[{}] {}", d.rule, d.message.en),
            None => f.write_str("refused"),
        }
    }
}

impl std::error::Error for Refusal {}

/// Reads a report from the bytes of an input in `format`.
///
/// A reader that is not sure of a value refuses the whole input: a number
/// is never guessed. The consistency rules are not applied here (see
/// [`crate::check`]).
pub fn read(bytes: &[u8], format: Format) -> Result<Read, Refusal> {
    let max = max_input_bytes(format);
    if bytes.len() > max {
        return Err(Refusal::one(
            rules::TOO_LARGE,
            None,
            message::too_large(max >> 20),
        ));
    }
    if let Some(kind) = crate::foreign::foreign(bytes) {
        return Err(Refusal::one(rules::UNSUPPORTED, None, kind.message()));
    }
    match format {
        // A PDF is told by its signature, whatever its name says.
        Format::Pdf => read_pdf(bytes),
        _ if bytes.starts_with(b"%PDF-") => read_pdf(bytes),
        Format::Text
            if nianbao_html::looks_like_html(bytes)
                || nianbao_html::mhtml::looks_like_mhtml(bytes) =>
        {
            read_html(bytes)
        }
        Format::Text => read_text(bytes),
        Format::Json => read_json(bytes),
        Format::Csv => read_csv(bytes),
        // Told by content where the extension and the bytes disagree: a
        // Word file saved as .xlsx, a page saved as .txt.
        Format::Xlsx | Format::Docx if nianbao_office::docx::looks_like_docx(bytes) => {
            read_docx(bytes)
        }
        Format::Doc => read_doc(bytes),
        Format::Xlsx | Format::Docx if nianbao_office::doc::is_doc(bytes) => read_doc(bytes),
        Format::Xlsx | Format::Docx => read_workbook(bytes),
        Format::Html => read_html(bytes),
    }
}

/// Reads a report from a file (`-` is standard input). The format is
/// `format` when given, else told from the path and the first bytes
/// ([`crate::sniff`]). At most one byte more than the format's limit is
/// read. A reader that panics is a bug; the input is then refused as an
/// internal error, never half-read.
pub fn read_path(path: &Path, format: Option<Format>) -> Result<Read, Refusal> {
    let stdin = path.as_os_str() == "-";
    let format = match format.or_else(|| Format::of_input(path)) {
        Some(f) => f,
        None if stdin => {
            return Err(Refusal::one(
                rules::FORMAT,
                None,
                message::unknown_format("--from"),
            ))
        }
        None => {
            let mut head = [0u8; 1024];
            let n = std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .map_err(|e| Refusal::one(rules::IO, None, message::cannot_read(e)))?;
            crate::sniff(path, &head[..n])
        }
    };
    let limit = max_input_bytes(format) as u64 + 1;
    let read_bounded = |r: &mut dyn std::io::Read| {
        let mut buf = Vec::new();
        r.take(limit).read_to_end(&mut buf).map(|_| buf)
    };
    let bytes = if stdin {
        read_bounded(&mut std::io::stdin().lock())
    } else {
        std::fs::File::open(path).and_then(|mut f| read_bounded(&mut f))
    };
    let bytes = bytes.map_err(|e| Refusal::one(rules::IO, None, message::cannot_read(e)))?;
    std::panic::catch_unwind(|| read(&bytes, format)).unwrap_or_else(|_| {
        Err(Refusal::one(
            rules::INTERNAL,
            None,
            message::internal_error(),
        ))
    })
}

/// A document reader's refusal: the table errors as they are (each names
/// its table and cell), anything else as one diagnostic.
fn document_error(rule: &str, diagnostics: Option<Vec<Diagnostic>>, err: String) -> Refusal {
    match diagnostics {
        Some(diagnostics) => Refusal {
            diagnostics,
            text: None,
        },
        // The readers' messages hold both languages.
        None => Refusal::one(rule, None, Message::new(err.clone(), err)),
    }
}

fn read_html(bytes: &[u8]) -> Result<Read, Refusal> {
    match nianbao_html::import(bytes) {
        Ok(read) => Ok(read),
        Err(nianbao_html::Error::Invalid(d)) => {
            Err(document_error(rules::HTML, Some(d), String::new()))
        }
        Err(e) => Err(document_error(rules::HTML, None, e.to_string())),
    }
}

fn read_docx(bytes: &[u8]) -> Result<Read, Refusal> {
    use nianbao_office::docx;
    match docx::import(bytes) {
        Ok(read) => Ok(read),
        Err(docx::Error::Invalid(d)) => Err(document_error(rules::DOCX, Some(d), String::new())),
        Err(e) => Err(document_error(rules::DOCX, None, e.to_string())),
    }
}

fn read_pdf(bytes: &[u8]) -> Result<Read, Refusal> {
    match nianbao_pdf::import(bytes) {
        Ok(read) => Ok(read),
        Err(nianbao_pdf::Error::Invalid(d)) => {
            Err(document_error(rules::PDF, Some(d), String::new()))
        }
        // A headline that the form's tables are missing, then which.
        Err(e @ nianbao_pdf::Error::NoTables(_)) => {
            let mut diagnostics = vec![Diagnostic::error(rules::PDF, None, e.message())];
            diagnostics.extend(e.diagnostics().iter().cloned());
            Err(Refusal {
                diagnostics,
                text: None,
            })
        }
        Err(e) => Err(Refusal::one(rules::PDF, None, e.message())),
    }
}

/// A Word 97 or WPS file: its text, tables laid out as tab-separated rows,
/// read by the text reader (findings name lines of that text, which a
/// refusal carries for display).
fn read_doc(bytes: &[u8]) -> Result<Read, Refusal> {
    let text = nianbao_office::doc::text(bytes)
        .map_err(|e| Refusal::one(rules::DOC, None, message::bad_doc(&e)))?;
    parse_text(text)
}

fn read_text(bytes: &[u8]) -> Result<Read, Refusal> {
    let decoded = nianbao_text::decode(bytes)
        .map_err(|e| Refusal::one(rules::DECODE, None, message::not_text(&e)))?;
    // Lines end in \n, \r\n or a lone \r.
    let count = |c: u8| decoded.text.bytes().filter(|&b| b == c).count();
    let lines = count(b'\n').max(count(b'\r'));
    if lines > MAX_TEXT_LINES {
        return Err(Refusal::one(
            rules::TOO_LARGE,
            None,
            message::too_many_lines(MAX_TEXT_LINES),
        ));
    }
    parse_text(decoded.text)
}

/// Text read by the text reader; the text kept with the result.
fn parse_text(text: String) -> Result<Read, Refusal> {
    match nianbao_text::parse(&text) {
        Ok(read) => Ok(Read {
            text: Some(text),
            ..read
        }),
        Err(nianbao_text::ParseError::Invalid(diagnostics)) => Err(Refusal {
            diagnostics,
            text: Some(text),
        }),
        Err(nianbao_text::ParseError::Decode(e)) => {
            Err(Refusal::one(rules::DECODE, None, message::not_text(&e)).with_text(Some(text)))
        }
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Refusal> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let err = format!("invalid UTF-8 at byte {}", e.valid_up_to());
        Refusal::one(rules::DECODE, None, message::not_text(err))
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A report read from a data text (JSON, CSV), its values located by
/// `locate`; the strict data readers have no warnings.
fn data_read(
    text: &str,
    report: nianbao_model::Report,
    locate: fn(&str, &nianbao_model::Report) -> nianbao_model::SourceMap,
) -> Read {
    Read {
        source_map: locate(text, &report),
        report,
        diagnostics: Vec::new(),
        text: Some(text.to_owned()),
    }
}

fn read_json(bytes: &[u8]) -> Result<Read, Refusal> {
    let text = utf8(bytes)?;
    match nianbao_data::json::from_json(text) {
        Ok(report) => Ok(data_read(text, report, nianbao_data::locate::json)),
        Err(e) => {
            let location = nianbao_data::locate::json_error(text, e.line, e.column);
            Err(
                Refusal::one(rules::JSON, location, message::bad_json(&e.message))
                    .with_text(Some(text.to_owned())),
            )
        }
    }
}

fn read_csv(bytes: &[u8]) -> Result<Read, Refusal> {
    let text = utf8(bytes)?;
    match nianbao_data::csv::read_long_csv(text) {
        Ok(report) => Ok(data_read(text, report, nianbao_data::locate::csv)),
        Err(e) => {
            let location = u32::try_from(e.line)
                .ok()
                .filter(|&l| l > 0)
                .map(|l| Location::text(l, 1));
            Err(
                Refusal::one(rules::CSV, location, message::bad_csv(&e.kind))
                    .with_text(Some(text.to_owned())),
            )
        }
    }
}

fn read_workbook(bytes: &[u8]) -> Result<Read, Refusal> {
    use nianbao_office::xlsx;
    match xlsx::import(bytes) {
        Ok(read) => Ok(read),
        Err(xlsx::ImportError::Invalid(diagnostics)) => Err(Refusal {
            diagnostics,
            text: None,
        }),
        Err(e) => Err(Refusal::one(rules::XLSX, None, message::bad_workbook(e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_TEXT_BYTES;

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
}
