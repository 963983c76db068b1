//! What a number cell's text means: a value, a blank, or something that is
//! not a number — shared by every reader so that `383,652`, `１２`, `／`,
//! `不适用` and `22（其中修订16件）` mean the same thing everywhere.

use crate::form::ValueKind;
use crate::label::{fold, fold_char};
use crate::value::{Decimal, DecimalError, Value};

/// The reading of one cell's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellText {
    /// A number, with the note that stood beside it in the cell, if any
    /// (`22（其中修订16件）` → 22 and `其中修订16件`).
    Number(Value, Option<String>),
    /// A blank or not-applicable mark (`/`, `—`, `-`, `－`, `不适用`, `无`)
    /// or nothing at all: *no value*, never 0.
    Blank,
    /// Looks like a number but cannot be one in this cell.
    Bad(CellError),
    /// Not a number: a label or other text.
    Text,
}

/// Why a number-like cell is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// `-3` in a count cell.
    #[error("negative number")]
    Negative,
    /// `2.5` in a count cell.
    #[error("a count must be a whole number")]
    Fraction,
    /// More than fits.
    #[error("number too large")]
    TooLarge,
}

impl CellError {
    /// Chinese text of the error.
    pub fn zh(&self) -> &'static str {
        match self {
            CellError::Negative => "数值为负数",
            CellError::Fraction => "件数必须是整数",
            CellError::TooLarge => "数值过大",
        }
    }
}

/// Marks that mean "no value" in a number cell (after folding).
pub const BLANK_MARKS: &[&str] = &[
    "/",
    "—",
    "-",
    "－",
    "——",
    "--",
    // An em dash as pandoc's markdown writes it.
    "---",
    "–",
    "―",
    "不适用",
    "无",
    "\\",
];

/// Whether a cell's text can be a value at all (a number, a blank mark or
/// a refused number) rather than a label; cheap, for tokenisers.
pub fn is_value_like(text: &str) -> bool {
    let Some(first) = text.chars().next().map(fold_char) else {
        return false;
    };
    if !(first.is_ascii_digit()
        || matches!(
            first,
            '-' | '−' | '—' | '–' | '―' | '/' | '\\' | '无' | '不'
        ))
    {
        return false;
    }
    read_cell(text, ValueKind::Count) != CellText::Text
        || (text.ends_with('元')
            && (read_cell(text, ValueKind::Amount) != CellText::Text
                || read_cell(text, ValueKind::Yuan) != CellText::Text))
}

/// Whether `s` (trimmed, folded) is a blank mark.
pub fn is_blank_mark(s: &str) -> bool {
    BLANK_MARKS.contains(&s)
}

/// Reads the text of a number cell of `kind`.
pub fn read_cell(text: &str, kind: ValueKind) -> CellText {
    // The common case first: plain ASCII digits.
    if !text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<u64>() {
            Ok(n) => match kind {
                ValueKind::Count => CellText::Number(Value::Count(n), None),
                ValueKind::Amount | ValueKind::Yuan => {
                    CellText::Number(Value::Amount(Decimal::from_u64(n)), None)
                }
                ValueKind::Signed => match i64::try_from(n) {
                    Ok(n) => CellText::Number(Value::Signed(n), None),
                    Err(_) => CellText::Bad(CellError::TooLarge),
                },
            },
            Err(_) => CellText::Bad(CellError::TooLarge),
        };
    }
    let unescaped;
    let text = if text.len() > 1 && text.contains('\\') {
        unescaped = unescape_markdown(text);
        unescaped.as_str()
    } else {
        text
    };
    let folded = fold(text);
    let s = folded.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if s.is_empty() || is_blank_mark(s) {
        return CellText::Blank;
    }
    // A number followed by a bracketed note.
    let (num, note) = match s.find(['(', '（']) {
        Some(p) if p > 0 && (s.ends_with(')') || s.ends_with('）')) => {
            let inner = &s[p + 1..s.len() - 1];
            (s[..p].trim_end(), Some(inner.trim().to_string()))
        }
        _ => (s, None),
    };
    // The unit the column is in may be written after the number; any
    // other unit makes the text not a number of this column.
    let num = match kind {
        ValueKind::Amount => num.strip_suffix("万元").map(str::trim_end).unwrap_or(num),
        ValueKind::Yuan => num
            .strip_suffix('元')
            .filter(|n| !n.ends_with('万'))
            .map(str::trim_end)
            .unwrap_or(num),
        ValueKind::Count | ValueKind::Signed => {
            num.strip_suffix('件').map(str::trim_end).unwrap_or(num)
        }
    };
    match read_number(num, kind) {
        Some(Ok(v)) => CellText::Number(v, note),
        Some(Err(e)) => CellText::Bad(e),
        None => CellText::Text,
    }
}

/// The text without markdown's backslash escapes (`0\.36`, `\-4`, as
/// mammoth and markdownify write numbers): a backslash before ASCII
/// punctuation is dropped.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Reads a bare number (`383652`, `383,652`, `155.1344`, `-3`); `None` when
/// the text is not number-shaped at all.
pub fn read_number(s: &str, kind: ValueKind) -> Option<Result<Value, CellError>> {
    let (neg, body) = match s.strip_prefix(['-', '−', '－']) {
        Some(rest) => (true, rest),
        None => (
            false,
            s.strip_prefix('+')
                .filter(|_| kind == ValueKind::Signed)
                .unwrap_or(s),
        ),
    };
    let plain = strip_thousands(body)?;
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if kind == ValueKind::Signed {
        if frac.is_some_and(|f| f.bytes().any(|b| b != b'0')) {
            return Some(Err(CellError::Fraction));
        }
        return Some(match int.parse::<i64>() {
            Ok(n) => Ok(Value::Signed(if neg { -n } else { n })),
            Err(_) => Err(CellError::TooLarge),
        });
    }
    if neg {
        return Some(Err(CellError::Negative));
    }
    Some(match kind {
        ValueKind::Count => match frac {
            Some(f) if f.bytes().any(|b| b != b'0') => Err(CellError::Fraction),
            _ => int
                .parse::<u64>()
                .map(Value::Count)
                .map_err(|_| CellError::TooLarge),
        },
        ValueKind::Signed => unreachable!("handled above"),
        ValueKind::Amount | ValueKind::Yuan => {
            plain
                .parse::<Decimal>()
                .map(Value::Amount)
                .map_err(|e| match e {
                    DecimalError::TooLong => CellError::TooLarge,
                    DecimalError::Syntax => CellError::TooLarge,
                })
        }
    })
}

/// `383,652` → `383652`; a comma anywhere but between groups of three
/// digits makes the text not a number.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueKind::{Amount, Count};

    #[test]
    fn numbers_blanks_and_notes() {
        assert_eq!(
            read_cell("383,652", Count),
            CellText::Number(Value::Count(383652), None)
        );
        assert_eq!(read_cell("0\\.36", Amount), read_cell("0.36", Amount));
        assert_eq!(
            read_cell("\\-4", ValueKind::Signed),
            CellText::Number(Value::Signed(-4), None)
        );
        assert_eq!(read_cell("\\", Count), CellText::Blank);
        assert_eq!(
            read_cell("１２", Count),
            CellText::Number(Value::Count(12), None)
        );
        assert_eq!(
            read_cell(" 12 ", Count),
            CellText::Number(Value::Count(12), None)
        );
        for b in ["/", "—", "-", "－", "不适用", "无", "", "  ", "／"] {
            assert_eq!(read_cell(b, Count), CellText::Blank, "{b}");
        }
        assert_eq!(
            read_cell("22（其中修订16件）", Count),
            CellText::Number(Value::Count(22), Some("其中修订16件".into()))
        );
        assert_eq!(
            read_cell("155.1344", Amount),
            CellText::Number(Value::Amount("155.1344".parse().unwrap()), None)
        );
        assert_eq!(
            read_cell("155.1344万元", Amount),
            CellText::Number(Value::Amount("155.1344".parse().unwrap()), None)
        );
        assert_eq!(read_cell("行政许可", Count), CellText::Text);
        assert_eq!(read_cell("1.属于国家秘密", Count), CellText::Text);
        assert_eq!(read_cell("1,23", Count), CellText::Text);
        for v in [
            "0",
            "１２",
            "1,234",
            "—",
            "/",
            "155.1344",
            "1.5万元",
            "-3",
            "22（其中修订16件）",
            "不适用",
            "无",
        ] {
            assert!(is_value_like(v), "{v}");
        }
        for l in [
            "规章",
            "1.属于国家秘密",
            "(一)",
            "无法提供",
            "不予公开",
            "2.",
            "",
        ] {
            assert!(!is_value_like(l), "{l}");
        }
    }

    #[test]
    fn refusals() {
        assert_eq!(read_cell("-3", Count), CellText::Bad(CellError::Negative));
        assert_eq!(read_cell("2.5", Count), CellText::Bad(CellError::Fraction));
        assert_eq!(
            read_cell("2.0", Count),
            CellText::Number(Value::Count(2), None)
        );
        assert_eq!(
            read_cell("99999999999999999999999", Count),
            CellText::Bad(CellError::TooLarge)
        );
    }
}
