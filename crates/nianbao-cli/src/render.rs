//! Diagnostics for people: the message in the chosen language, the rule id,
//! and the place — the source line with a caret under the cell for text
//! inputs (annotate-snippets), `sheet!cell` for workbooks.

use annotate_snippets::{Level, Renderer, Snippet};
use nianbao_model::{Diagnostic, Lang, Location, Severity};

/// An input as diagnostics refer to it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The name shown to the user (the path as given, or `<stdin>`).
    pub name: &'a str,
    /// The input's text, when it is text.
    pub text: Option<&'a str>,
}

/// Renders one diagnostic, without a final newline.
pub fn diagnostic(d: &Diagnostic, src: Source<'_>, lang: Lang, color: bool) -> String {
    let line_text = match (&d.location, src.text) {
        (Some(Location::Text { line, .. }), Some(text)) => nth_line(text, *line),
        _ => None,
    };
    quoting(d, src.name, line_text, lang, color)
}

/// Renders diagnostics about one input, each without a final newline. The
/// text is split into lines once, so that many findings cost no more than
/// one pass over the text each ([`diagnostic`] scans the text for its line).
pub fn diagnostics<'a>(
    ds: &'a [Diagnostic],
    src: Source<'a>,
    lang: Lang,
    color: bool,
) -> impl Iterator<Item = String> + 'a {
    let lines: Vec<&str> = src.text.map(lines).unwrap_or_default();
    ds.iter().map(move |d| {
        let line_text = match &d.location {
            Some(Location::Text { line, .. }) => (*line as usize)
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .copied(),
            _ => None,
        };
        quoting(d, src.name, line_text, lang, color)
    })
}

/// Renders `d`, quoting `line_text`, the line its location names.
fn quoting(d: &Diagnostic, name: &str, line_text: Option<&str>, lang: Lang, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let cell_path = d.cell.map(|id| nianbao_model::form::cell_def(id).path());
    let title = d.message.get(lang);
    let mut message = level.title(title).id(&d.rule);
    if let (Some(Location::Text { line, column, len }), Some(line_text)) = (&d.location, line_text)
    {
        let (shown, span) = expand_tabs(line_text, *column, *len);
        let snippet = Snippet::source(&shown)
            .line_start(*line as usize)
            .origin(name)
            .annotation(level.span(span));
        message = message.snippet(snippet);
        if let Some(path) = &cell_path {
            message = message.footer(Level::Note.title(path));
        }
        return renderer.render(message).to_string();
    }
    // No line to quote: name the place on a line of its own.
    let place = match (&d.location, &cell_path) {
        (Some(loc), _) => format!("{name}:{loc}"),
        (None, Some(path)) => format!("{name} ({path})"),
        (None, None) => name.to_owned(),
    };
    format!("{}\n  --> {place}", renderer.render(message))
}

/// The `n`th line (from 1) of `text`; lines end at `\n`, `\r\n` or `\r`.
pub fn nth_line(text: &str, n: u32) -> Option<&str> {
    let n = usize::try_from(n).ok()?.checked_sub(1)?;
    let mut rest = text;
    for _ in 0..n {
        let end = rest.find(['\n', '\r'])?;
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    Some(&rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())])
}

/// The lines of `text` as [`nth_line`] numbers them (index 0 is line 1).
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(['\n', '\r']) {
        out.push(&rest[..end]);
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    out.push(rest);
    out
}

/// The line with each tab shown as one space (annotate-snippets misplaces
/// the caret after tabs that follow wide characters, and tabs separate the
/// cells of most tables; one character for one keeps the column it prints
/// in the header right), and the byte range in it of `len` characters from
/// the 1-based character `column`, clamped to the line.
fn expand_tabs(line: &str, column: u32, len: u32) -> (String, std::ops::Range<usize>) {
    let first = column.saturating_sub(1) as usize;
    let last = first + len.max(1) as usize;
    let mut shown = String::with_capacity(line.len() + 8);
    let (mut start, mut end) = (None, None);
    for (i, c) in line.chars().enumerate() {
        if i == first {
            start = Some(shown.len());
        }
        if i == last {
            end = Some(shown.len());
        }
        if c == '\t' {
            shown.push(' ');
        } else {
            shown.push(c);
        }
    }
    let start = start.unwrap_or(shown.len());
    let end = end.unwrap_or(shown.len()).max(start);
    (shown, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::Message;

    #[test]
    fn lines_end_at_any_line_break() {
        let t = "a\r\nb\rc\nd";
        assert_eq!(nth_line(t, 1), Some("a"));
        assert_eq!(nth_line(t, 2), Some("b"));
        assert_eq!(nth_line(t, 3), Some("c"));
        assert_eq!(nth_line(t, 4), Some("d"));
        assert_eq!(nth_line(t, 5), None);
        assert_eq!(nth_line(t, 0), None);
        let all = lines(t);
        assert_eq!(all, ["a", "b", "c", "d"]);
        for (i, l) in all.iter().enumerate() {
            assert_eq!(nth_line(t, i as u32 + 1), Some(*l));
        }
        assert_eq!(lines("a\n"), ["a", ""]);
        assert_eq!(nth_line("a\n", 2), Some(""));
    }

    #[test]
    fn caret_sits_under_the_cell_in_chinese_text() {
        let text = "标题\n一、本年新收申请数量\t\t3\t0\n";
        let d = Diagnostic::error(
            "applications.row_total:new",
            Some(Location::Text {
                line: 2,
                column: 13,
                len: 1,
            }),
            Message::new("合计不符", "total does not add up"),
        );
        let out = diagnostic(
            &d,
            Source {
                name: "r.txt",
                text: Some(text),
            },
            Lang::En,
            false,
        );
        assert!(
            out.contains("error[applications.row_total:new]: total does not add up"),
            "{out}"
        );
        assert!(out.contains("r.txt:2:13"), "{out}");
        let lines: Vec<_> = out.lines().collect();
        let src = lines
            .iter()
            .position(|l| l.contains("一、本年新收"))
            .expect(&out);
        let caret = lines[src + 1].find('^').expect(&out);
        // The caret is under the `3`, whatever the widths of what comes before.
        let shown = lines[src].find('3').unwrap();
        let width_before = |s: &str, byte: usize| -> usize {
            s[..byte]
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum()
        };
        assert_eq!(
            width_before(lines[src + 1], caret),
            width_before(lines[src], shown),
            "{out}"
        );
    }

    #[test]
    fn workbook_cells_are_named_by_sheet_and_cell() {
        let d = Diagnostic::warning(
            "blank",
            Some(Location::Cell {
                sheet: "年报".into(),
                cell: "D7".into(),
            }),
            Message::new("空白", "blank"),
        );
        let out = diagnostic(
            &d,
            Source {
                name: "r.xlsx",
                text: None,
            },
            Lang::Zh,
            false,
        );
        assert!(out.starts_with("warning[blank]: 空白"), "{out}");
        assert!(out.ends_with("--> r.xlsx:年报!D7"), "{out}");
    }
}
