//! The report as JSON, in the shape of FORM.md (the model's serde
//! implementation), pretty-printed; and the reader, whose errors name the
//! line and column.

use nianbao_model::Report;
use std::fmt;

/// The report as pretty-printed JSON (two-space indent, keys in form order,
/// blanks as `null`, the fee with exactly its digits), ending in a newline.
pub fn to_json(report: &Report) -> String {
    // Serialising a Report into a String cannot fail: every key is a
    // string and the fee is a valid JSON number by construction.
    let mut s = serde_json::to_string_pretty(report).expect("a report always serialises to JSON");
    s.push('\n');
    s
}

/// Why a JSON text is not a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct JsonError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column (in bytes, as serde_json counts) of the problem.
    pub column: usize,
    /// What kind of problem.
    pub kind: JsonErrorKind,
    /// serde_json's description (names the key for a bad cell).
    pub message: String,
}

/// The kinds of JSON problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Not JSON at all (bad syntax).
    Syntax,
    /// JSON, but not a report of the form (a missing or unknown key, a bad
    /// number).
    Data,
    /// The text ends in the middle of a value.
    Eof,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Reads a report from JSON in the shape of FORM.md.
pub fn from_json(text: &str) -> Result<Report, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                JsonErrorKind::Syntax
            }
            serde_json::error::Category::Data => JsonErrorKind::Data,
            serde_json::error::Category::Eof => JsonErrorKind::Eof,
        };
        // serde_json appends " at line L column C" to its message; the
        // position has its own fields here.
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        let (line, column) = if e.line() == 0 {
            locate(text, &message)
        } else {
            (e.line(), e.column())
        };
        JsonError {
            line,
            column,
            kind,
            message,
        }
    })
}

/// The model checks a report's keys and numbers after serde_json has read
/// the whole object, so serde_json gives those errors no position. The
/// message names the place (`"applications.new.natural"`, `unknown row "x"
/// in "applications"`): find it in the text — the table's key, then the
/// row's key after it, then the column's or the unknown key after that.
/// Without a name, the end of the text.
fn locate(text: &str, message: &str) -> (usize, usize) {
    let quoted: Vec<&str> = message.split('"').skip(1).step_by(2).collect();
    let form = nianbao_model::FormVersion::V2021.form();
    let mut keys: Vec<&str> = Vec::new();
    // The path names the table, then the row (row keys hold dots), then
    // the column.
    if let Some(path) = quoted
        .iter()
        .find(|q| form.table(q.split('.').next().unwrap_or("")).is_some())
    {
        let (table, rest) = path.split_once('.').unwrap_or((path, ""));
        keys.push(table);
        if let Some((_, t)) = form.table(table) {
            if let Some((_, row)) = t
                .rows()
                .find(|(_, r)| rest == r.key || rest.starts_with(&format!("{}.", r.key)))
            {
                keys.push(row.key);
                if let Some(col) = rest.strip_prefix(row.key).and_then(|c| c.strip_prefix('.')) {
                    keys.push(col);
                }
            }
        }
        // An unknown key named before the path (`unknown row "x" in "t"`).
        keys.extend(quoted.iter().take_while(|q| *q != path).copied());
    }
    let mut at = None;
    let mut from = 0;
    for k in keys {
        match text[from..].find(&format!("\"{k}\"")) {
            Some(i) => {
                at = Some(from + i);
                from += i + k.len() + 2;
            }
            None => break,
        }
    }
    // Else the last character (where it starts: it may be several bytes).
    let at = at.unwrap_or_else(|| text.trim_end().char_indices().last().map_or(0, |(i, _)| i));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::testing::sample;

    #[test]
    fn an_error_at_a_multibyte_last_character_is_located_not_a_panic() {
        // Found by the JSON fuzz target: the fallback position was the last
        // byte, inside `Ö`.
        let e = from_json("{}Ö").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
    }

    #[test]
    fn round_trip_keeps_blanks_fees_and_prose() {
        for fee in [
            "0",
            "155",
            "0.5",
            "155.1344",
            "18.150",
            "4166.241619",
            "0.000001",
            "123456789.123456",
        ] {
            let r = sample(fee);
            let json = to_json(&r);
            assert!(
                json.contains(&format!("\"amount\": {fee}")),
                "{fee}: {json}"
            );
            assert!(json.contains("null"));
            assert_eq!(from_json(&json).unwrap(), r, "{fee}");
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let json = to_json(&sample("1.5"));
        let e = from_json("{\n  \"title\": 1,\n}").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert_eq!(e.kind, JsonErrorKind::Data);
        let e = from_json("{\n  \"title\" \"x\"\n}").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.kind),
            (2, 11, JsonErrorKind::Syntax),
            "{e}"
        );
        assert!(e.to_string().starts_with("line 2, column 11: "), "{e}");
        let bad = json.replacen("\"natural\": null", "\"natural\": 2.5", 1);
        assert_ne!(bad, json);
        let e = from_json(&bad).unwrap_err();
        assert!(e.message.contains("applications."), "{e}");
        let expected_line = bad.lines().position(|l| l.contains("2.5")).unwrap() + 1;
        assert_eq!(e.line, expected_line, "{e}");
        let bad = json.replacen("\"granted\"", "\"grant\"", 1);
        let e = from_json(&bad).unwrap_err();
        assert!(e.message.contains("grant"), "{e}");
        // A missing row is reported at its table.
        let expected_line = bad
            .lines()
            .position(|l| l.contains("\"applications\""))
            .unwrap()
            + 1;
        assert_eq!(e.line, expected_line, "{e}");
        let e = from_json(&json[..json.len() / 2]).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::Eof);
    }
}
