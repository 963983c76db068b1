//! A report as one clean web page: [`to_html`].
//!
//! What a clerk pastes into the website's content system or publishes as
//! it is: the title (`<h1>`), the six section headings (`<h2>`), the prose
//! one `<p>` per line, and the three tables drawn from the model's layout
//! ([`nianbao_model::layout`]) as semantic tables — `<thead>` for the header
//! rows (repeated on every printed page), `<th scope="col">` for column
//! headers, `<th scope="row">` for row labels and groups, `<td>` for
//! numbers, merged cells as `rowspan`/`colspan`. A blank number is an empty
//! `<td>`. No script, no external resource, no class a CMS would need: the
//! look is a short `<style>` for the page and print (A4) plus inline styles
//! on the tables, so a pasted table keeps its borders. Nothing here spells
//! a label of the form; identical input gives identical bytes.

use nianbao_model::form::SectionContent;
use nianbao_model::layout::{self, Content, Medium, Role, TableLayout};
use nianbao_model::Report;
use std::fmt::Write as _;

/// The page's own style: body text, headings, print.
const STYLE: &str = "body{margin:2em auto;max-width:60em;padding:0 1em;\
font-family:FangSong,\"仿宋\",STFangsong,\"Noto Serif CJK SC\",serif;font-size:16pt;line-height:1.75;color:#000}\
h1{font-family:SimSun,\"宋体\",\"Noto Serif CJK SC\",serif;font-size:22pt;text-align:center;margin:.5em 0 1em}\
h2{font-family:SimHei,\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt;font-weight:normal;margin:.6em 0 .3em;text-indent:2em}\
p{margin:0;text-indent:2em}\
table{page-break-inside:auto;margin:.5em 0 1em}\
tr{page-break-inside:avoid}\
thead{display:table-header-group}\
@page{size:A4;margin:37mm 26mm 35mm 28mm}\
@media print{body{margin:0;max-width:none;padding:0}}";

/// Inline style of a table.
const TABLE_STYLE: &str = "border-collapse:collapse;width:100%;table-layout:fixed;\
font-family:SimSun,'宋体','Noto Serif CJK SC',serif;font-size:10.5pt;line-height:1.4";
/// Inline style of a centred cell.
const CELL: &str = "border:1px solid #000;padding:2px 3px;text-align:center;vertical-align:middle;font-weight:normal";
/// Inline style of a row label.
const LABEL: &str =
    "border:1px solid #000;padding:2px 3px;text-align:left;vertical-align:middle;font-weight:normal";

/// Why a report could not be written as a web page.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WriteError {
    /// A text holds a character a web page cannot carry (a control
    /// character or a noncharacter: HTML reports both as parse errors).
    #[error("{what}含有网页无法保存的字符 U+{code:04X}（{what} holds a character a web page cannot hold）")]
    BadChar {
        /// Which text (`标题`, `一、总体情况`).
        what: String,
        /// The character's code point.
        code: u32,
    },
}

/// Whether an HTML page carries `c` as text without a parse error.
pub fn html_char(c: char) -> bool {
    let n = c as u32;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        && !(0xFDD0..=0xFDEF).contains(&n)
        && n & 0xFFFE != 0xFFFE
}

/// Refuses a text with a character a page cannot carry.
fn check_text(what: &str, text: &str) -> Result<(), WriteError> {
    match text.chars().find(|c| !html_char(*c)) {
        Some(c) => Err(WriteError::BadChar {
            what: what.to_string(),
            code: c as u32,
        }),
        None => Ok(()),
    }
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Relative widths of a table's columns in per cent (they sum to 100).
fn column_widths(t: &TableLayout) -> Vec<u32> {
    let cols = t.cols;
    let mut w: Vec<u32> = if t.label_cols == 0 {
        vec![100 / cols; cols as usize]
    } else if t.header_rows == 0 {
        let n = cols - 1;
        std::iter::once(30)
            .chain(std::iter::repeat_n(70 / n, n as usize))
            .collect()
    } else {
        let labels = t.label_cols;
        (0..labels)
            .map(|k| 6 + 4 * k)
            .chain(std::iter::repeat_n(7, (cols - labels) as usize))
            .collect()
    };
    let sum: u32 = w.iter().sum();
    let at = if t.label_cols > 0 {
        t.label_cols as usize - 1
    } else {
        cols as usize - 1
    };
    w[at] += 100 - sum.min(100);
    w
}

fn table(out: &mut String, report: &Report, t: &TableLayout) {
    let _ = write!(out, "<table style=\"{TABLE_STYLE}\">\n<colgroup>");
    for w in column_widths(t) {
        let _ = write!(out, "<col style=\"width:{w}%\">");
    }
    out.push_str("</colgroup>\n");
    let cover = t.cover();
    let cols = t.cols as usize;
    for r in 0..t.rows {
        if r == 0 && t.header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == t.header_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for c in 0..t.cols {
            let i = cover[r as usize * cols + c as usize].expect("every position is drawn");
            let p = &t.pieces[i];
            if p.rect.top != r || p.rect.left != c {
                continue;
            }
            let mut attrs = String::new();
            if p.rect.bottom > p.rect.top {
                let _ = write!(attrs, " rowspan=\"{}\"", p.rect.bottom - p.rect.top + 1);
            }
            if p.rect.right > p.rect.left {
                let _ = write!(attrs, " colspan=\"{}\"", p.rect.right - p.rect.left + 1);
            }
            match p.content {
                Content::Text(text, role) => {
                    let (scope, style) = match role {
                        Role::Label => ("row", LABEL),
                        Role::Group => ("rowgroup", CELL),
                        Role::Caption => ("colgroup", CELL),
                        Role::Header | Role::Note => ("col", CELL),
                    };
                    let _ = write!(
                        out,
                        "<th scope=\"{scope}\"{attrs} style=\"{style}\">{}</th>",
                        esc(text)
                    );
                }
                Content::Number(id) => {
                    let v = report.get(id).map(|v| v.to_string()).unwrap_or_default();
                    let _ = write!(out, "<td{attrs} style=\"{CELL}\">{v}</td>");
                }
            }
        }
        out.push_str("</tr>\n");
        if r + 1 == t.header_rows {
            out.push_str("</thead>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The report as one web page (see the module doc); refused when a text
/// holds a character a page cannot carry.
pub fn to_html(report: &Report) -> Result<String, WriteError> {
    let form = report.form_def();
    check_text("标题", &report.title)?;
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&report.title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<article>");
    if !report.title.is_empty() {
        let _ = writeln!(out, "<h1>{}</h1>", esc(&report.title));
    }
    let tables = layout::tables(form, Medium::Document);
    for s in form.sections {
        let _ = writeln!(out, "<h2>{}</h2>", esc(s.heading));
        match s.content {
            SectionContent::Prose(p) => {
                check_text(s.heading, report.sections.get(p))?;
                for line in report.sections.get(p).split('\n').filter(|l| !l.is_empty()) {
                    let _ = writeln!(out, "<p>{}</p>", esc(line));
                }
            }
            SectionContent::Table(ti) => table(&mut out, report, &tables[ti]),
        }
    }
    out.push_str("</article>\n</body>\n</html>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::FormVersion;

    #[test]
    fn widths_sum_to_the_page() {
        for v in [FormVersion::V2021, FormVersion::V2019] {
            for t in layout::tables(v.form(), Medium::Document) {
                let w = column_widths(&t);
                assert_eq!(w.iter().sum::<u32>(), 100, "{}", t.table.key);
                assert_eq!(w.len(), t.cols as usize);
            }
        }
    }
}
