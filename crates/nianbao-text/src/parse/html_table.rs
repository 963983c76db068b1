//! HTML tables inside text.
//!
//! Markdown writers fall back to raw HTML for tables markdown cannot hold:
//! pandoc `-t gfm` writes a Word table with merged cells, or with cells of
//! several paragraphs, as `<table>…</table>` between markdown paragraphs.
//! Each such table is laid out here as text rows, one per table row, cells
//! between pipes, a merged cell repeated over every grid position it covers
//! (as python-docx prints a Word table), so that the table reader reads it
//! as any other pipe table, and diagnostics name the line of the `<tr>`.
//!
//! A blank cell in a row of values, right of every label cell of the
//! table's rows of values, is written `—` (a blank), as the HTML reader
//! reads it; blank cells elsewhere (header and label cells) stay empty. A table that does not close, or whose grid would be larger than
//! [`MAX_CELLS`], is left as it is, and the text is then refused with
//! `text.html_tables`.

use super::lex::Line;
use nianbao_model::cell::is_value_like;

/// The most grid cells one HTML table may expand to (the form's largest
/// table has 28 × 15); larger spans are not a report's table.
const MAX_CELLS: usize = 20_000;

/// One HTML table, laid out as text rows.
pub(crate) struct Table {
    /// Index of the table's first line in the line list.
    from: usize,
    /// Index one past its last line.
    to: usize,
    /// `(line number of the row's <tr>, the row as text)`.
    rows: Vec<(u32, String)>,
}

/// The most lines one HTML table may run over (pandoc writes table 三 of a
/// report in about 350).
const MAX_LINES: usize = 5_000;

/// The most `<table>` starts tried in one text (a report has three tables),
/// so that a text of unclosed tables costs at most this many scans.
const MAX_TRIES: usize = 32;

/// Every HTML table that starts a line, laid out as text rows.
pub(crate) fn tables(lines: &[Line<'_>]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut tries = 0;
    while i < lines.len() {
        if starts_table(lines[i].text) {
            tries += 1;
            if tries > MAX_TRIES {
                break;
            }
            if let Some(t) = table_at(lines, i) {
                i = t.to;
                out.push(t);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `lines` with each table's lines replaced by its text rows.
pub(crate) fn splice<'a>(lines: &[Line<'a>], tables: &'a [Table]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut at = 0;
    for t in tables {
        out.extend_from_slice(&lines[at..t.from]);
        out.extend(t.rows.iter().map(|(no, text)| Line { no: *no, text }));
        at = t.to;
    }
    out.extend_from_slice(&lines[at..]);
    out
}

fn starts_table(line: &str) -> bool {
    let t = line.trim_start();
    t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("<table"))
}

/// One cell as met in its row: text and spans.
struct Cell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

/// Reads the table starting at line `first`; `None` if it does not close
/// (at nesting depth 0, with nothing after it on its last line, within
/// [`MAX_LINES`]) or is too large.
fn table_at(lines: &[Line<'_>], first: usize) -> Option<Table> {
    // The rows as met: (line of the <tr>, cells).
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut depth = 0usize;
    // Text of the current cell: pending white space (and whether it held a
    // line end), and paragraph breaks.
    let mut space = Space::None;
    // A tag the previous line left open.
    let mut pending: Option<String> = None;
    let mut joined: String;
    for (k, line) in lines.iter().enumerate().skip(first).take(MAX_LINES) {
        let mut rest = match pending.take() {
            Some(p) => {
                joined = p + " " + line.text;
                joined.as_str()
            }
            None => {
                if k > first {
                    space = space.with(Space::Newline);
                }
                line.text
            }
        };
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                text_into(&mut cell, rest, &mut space);
                break;
            };
            text_into(&mut cell, &rest[..lt], &mut space);
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                // A comment runs to `-->`, here on one line.
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            let Some((closing, name, attrs, len)) = tag(rest) else {
                // `<` that opens no tag (`a < b`) is text.
                text_into(&mut cell, "<", &mut space);
                rest = &rest[1..];
                continue;
            };
            let Some(len) = len else {
                // A tag cut over lines (pandoc wraps long tags): its
                // attributes go on on the next line.
                pending = Some(rest.to_string());
                break;
            };
            rest = &rest[len..];
            let name = name.to_ascii_lowercase();
            match (name.as_str(), closing) {
                ("table", false) => depth += 1,
                ("table", true) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if !rest.trim().is_empty() {
                            return None;
                        }
                        let out = lay_out(&rows)?;
                        return Some(Table {
                            from: first,
                            to: k + 1,
                            rows: out,
                        });
                    }
                }
                _ if depth > 1 => space = space.with(Space::Break),
                ("tr", false) => {
                    rows.push((line.no, Vec::new()));
                    cell = None;
                }
                ("td" | "th", false) => {
                    if rows.is_empty() {
                        rows.push((line.no, Vec::new()));
                    }
                    finish(&mut cell, &mut rows);
                    cell = Some(Cell {
                        text: String::new(),
                        colspan: span(attrs, "colspan"),
                        rowspan: span(attrs, "rowspan"),
                    });
                    space = Space::None;
                }
                ("td" | "th", true) | ("tr", true) => finish(&mut cell, &mut rows),
                ("p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
                    space = space.with(Space::Break)
                }
                _ => {}
            }
        }
        // Rows are numbered by the line of their `<tr>`; a cell's text may
        // run over several lines.
    }
    None
}

/// The tag at the start of `s` (which starts with `<`): whether it
/// closes, its name, its attributes and its length up to and including
/// `>` (`None` when the line ends inside the tag). `None` when `<` opens no
/// tag.
fn tag(s: &str) -> Option<(bool, &str, &str, Option<usize>)> {
    let body = &s[1..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &body[name_len..];
    let start = s.len() - rest.len();
    Some(match rest.find('>') {
        Some(gt) => (closing, name, &rest[..gt], Some(start + gt + 1)),
        None => (closing, name, rest, None),
    })
}

/// The value of a span attribute (`colspan="3"`, `rowspan=2`), 1 when
/// absent or unreadable, at most 1,000 (HTML's own limit for colspan).
fn span(attrs: &str, name: &str) -> usize {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        // A whole attribute name, not `data-colspan`.
        if at > 0 && !lower.as_bytes()[at - 1].is_ascii_whitespace() {
            continue;
        }
        let v = lower[from..].trim_start();
        let Some(v) = v.strip_prefix('=') else {
            continue;
        };
        let v = v.trim_start().trim_start_matches(['"', '\'']);
        let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse::<usize>().map_or(1, |n| n.clamp(1, 1000));
    }
    1
}

/// White space met in a cell's text, not yet written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Space {
    None,
    /// Spaces on one line.
    Blank,
    /// A line end of the source (pandoc wraps long cells).
    Newline,
    /// A paragraph or line break of the cell (`<p>`, `<br>`).
    Break,
}

impl Space {
    fn with(self, other: Space) -> Space {
        self.max(other)
    }
}

fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

/// Appends `raw` (HTML text, entities not yet decoded) to the cell.
fn text_into(cell: &mut Option<Cell>, raw: &str, space: &mut Space) {
    let Some(cell) = cell.as_mut() else {
        return;
    };
    let text = decode_entities(raw);
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            *space = space.with(Space::Blank);
            continue;
        }
        if let Some(prev) = cell.text.chars().next_back() {
            // A line end or break between two wide characters (Chinese text
            // wrapped, `<p>商业</p><p>企业</p>`) joins them; any other
            // white space is one space.
            let join = match *space {
                Space::None => Some(""),
                Space::Blank => Some(" "),
                Space::Newline | Space::Break if is_wide(prev) && is_wide(c) => Some(""),
                Space::Newline | Space::Break => Some(" "),
            };
            if let Some(j) = join {
                cell.text.push_str(j);
            }
        }
        cell.text.push(c);
        *space = Space::None;
    }
}

fn finish(cell: &mut Option<Cell>, rows: &mut [(u32, Vec<Cell>)]) {
    if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
        row.1.push(c);
    }
}

/// Decodes character references: numeric ones and the named ones that
/// occur in reports.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(n) = name.strip_prefix('#') {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            } else {
                named(name)
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        _ => return None,
    })
}

/// Whether a cell holds a number (or a blank mark), a note after it
/// (`22（其中修订16件）`) aside.
fn is_number(t: &str) -> bool {
    let Some(first) = t.split_whitespace().next() else {
        return false;
    };
    let head = first.find(['(', '（']).map_or(first, |p| &first[..p]);
    !head.is_empty() && is_value_like(head)
}

/// Lays the rows out on the table's grid and writes each as a pipe row.
fn lay_out(rows: &[(u32, Vec<Cell>)]) -> Option<Vec<(u32, String)>> {
    // grid[r][c]: the index (row, cell) of the cell covering it.
    let mut grid: Vec<Vec<Option<(usize, usize)>>> = vec![Vec::new(); rows.len()];
    let mut total = 0usize;
    for (r, (_, cells)) in rows.iter().enumerate() {
        let mut c = 0;
        for (k, cell) in cells.iter().enumerate() {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            // A row span runs to the table's last row at most.
            let bottom = (r + cell.rowspan).min(rows.len());
            total += (bottom - r) * cell.colspan;
            if total > MAX_CELLS {
                return None;
            }
            for row in grid.iter_mut().take(bottom).skip(r) {
                if row.len() < c + cell.colspan {
                    row.resize(c + cell.colspan, None);
                }
                for slot in &mut row[c..c + cell.colspan] {
                    *slot = Some((r, k));
                }
            }
            c += cell.colspan;
        }
    }
    // Where the values begin: right of every label cell of the rows that
    // hold numbers. Blanks there, in a row of numbers, are blank values.
    let text = |slot: Option<(usize, usize)>| slot.map_or("", |(r, k)| rows[r].1[k].text.as_str());
    let mut value_from = 0;
    for row in &grid {
        if row.iter().any(|&s| is_number(text(s))) {
            if let Some(last_label) = row.iter().rposition(|&s| {
                let t = text(s);
                !t.is_empty() && !is_number(t)
            }) {
                value_from = value_from.max(last_label + 1);
            }
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in grid.iter().enumerate() {
        let has_number = row.iter().any(|&s| is_number(text(s)));
        let mut line = String::from("|");
        for (c, &slot) in row.iter().enumerate() {
            let t = text(slot);
            let blank = t.is_empty() && has_number && c >= value_from;
            line.push(' ');
            line.push_str(if blank { "—" } else { t });
            line.push_str(" |");
        }
        out.push((rows[r].0, line));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lex::lines;

    fn rows(html: &str) -> Vec<String> {
        let l = lines(html);
        let t = tables(&l);
        assert_eq!(t.len(), 1, "one table in {html}");
        t[0].rows.iter().map(|(_, r)| r.clone()).collect()
    }

    #[test]
    fn merged_cells_repeat_over_their_grid() {
        let html = "<table>\n<tr><td colspan=\"2\"\nrowspan=\"2\">项目</td><td>自然人</td></tr>\n<tr><td><p>商业</p>\n<p>企业</p></td></tr>\n<tr><td>一、本年新收</td><td>x</td><td>1</td></tr>\n</table>";
        assert_eq!(
            rows(html),
            [
                "| 项目 | 项目 | 自然人 |",
                "| 项目 | 项目 | 商业企业 |",
                "| 一、本年新收 | x | 1 |"
            ]
        );
    }

    #[test]
    fn blanks_in_rows_of_numbers_are_blank_values() {
        let html = "<table><tr><th></th><th>a</th><th>b</th></tr><tr><td>规章</td><td></td><td>3</td></tr></table>";
        assert_eq!(rows(html), ["|  | a | b |", "| 规章 | — | 3 |"]);
    }

    #[test]
    fn entities_and_line_numbers() {
        let html = "text\n<table>\n<tr>\n<td>危及&ldquo;三安全一稳定&rdquo;&nbsp;</td><td>1&#44;234</td>\n</tr>\n</table>\nafter";
        let l = lines(html);
        let t = tables(&l);
        assert_eq!(
            t[0].rows,
            [(3, "| 危及“三安全一稳定” | 1,234 |".to_string())]
        );
        let spliced: Vec<(u32, &str)> = splice(&l, &t).iter().map(|l| (l.no, l.text)).collect();
        assert_eq!(
            spliced,
            [
                (1, "text"),
                (3, "| 危及“三安全一稳定” | 1,234 |"),
                (7, "after")
            ]
        );
    }

    #[test]
    fn unclosed_or_huge_tables_are_left_alone() {
        assert!(tables(&lines("<table><tr><td>1</td></tr>")).is_empty());
        assert!(tables(&lines("<table><tr><td>1</td></tr></table> tail")).is_empty());
        let huge = "<table><tr><td colspan=1000 rowspan=1000>1</td></tr>".to_string()
            + &"<tr><td>1</td></tr>".repeat(100)
            + "</table>";
        assert!(tables(&lines(&huge)).is_empty());
        // Many unclosed tables: a bounded number of tries.
        let many = "<table><tr><td>1\n".repeat(10_000);
        assert!(tables(&lines(&many)).is_empty());
    }
}
