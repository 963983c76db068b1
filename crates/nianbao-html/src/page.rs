//! A parsed page → a [`Document`]: its tables as grids (colspan and rowspan
//! expanded), its paragraphs, its title; page chrome left out.
//!
//! * **Tables.** Every `<table>` becomes a sheet. Its rows are the `<tr>`
//!   whose nearest table is it (a nested table is a sheet of its own); each
//!   cell is placed at the first free column of its row, and its `colspan`
//!   × `rowspan` region is marked taken and recorded as a merge. A cell's
//!   text joins its inline text as it shows (numbers split over `<span>`s
//!   join), with a line break for each `<p>`, `<div>`, `<br>`; `&nbsp;` is a
//!   blank.
//! * **Paragraphs.** Text outside the report's tables, one paragraph per
//!   block element or `<br>`. A table none of whose cells is a label of the
//!   form is layout: its cells' text is read as paragraphs.
//! * **Chrome.** `<nav>`, `<footer>`, `<aside>`, scripts, styles, forms and
//!   elements whose id or class names navigation, breadcrumbs, footers,
//!   sidebars or sharing are skipped, and so is a paragraph starting
//!   `当前位置`/`您现在的位置`. When the report's tables or section headings
//!   are found, only the paragraphs inside the smallest element holding all
//!   of them are kept.
//!
//! Every walk is iterative: a deeply nested page cannot overflow the stack.

use crate::dom::{Dom, Id, Kind};
use crate::limits::*;
use crate::Error;
use nianbao_model::document::{self, Document};
use nianbao_model::grid::{CellValue, Rect, Sheet};
use nianbao_model::label::{core_into, Match, Matcher};
use nianbao_model::FormVersion;

const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "select",
    "button", "iframe", "object", "svg", "textarea", "math",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "center",
    "address",
    "figure",
    "header",
    "main",
    "tr",
    "td",
    "th",
    "caption",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "hr",
    "body",
];
/// Words in an id or class that mark page chrome.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "breadcrumb",
    "crumb",
    "sidebar",
    "share",
    "copyright",
    "position",
    "location",
    "topbar",
];
/// Starts of breadcrumb lines.
const CRUMBS: &[&str] = &[
    "当前位置",
    "您现在的位置",
    "您的位置",
    "你的位置",
    "你现在的位置",
];

fn is_chrome(dom: &Dom, id: Id) -> bool {
    let n = &dom.nodes[id];
    if SKIPPED.contains(&n.tag()) {
        return true;
    }
    ["id", "class"].iter().any(|a| {
        n.attr(a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            CHROME_WORDS.iter().any(|w| v.contains(w))
        })
    })
}

/// The labels that make a table the report's and a paragraph a heading.
fn form_labels(forms: &[FormVersion]) -> (Matcher, &'static Matcher) {
    let cols = Matcher::new(
        forms
            .iter()
            .flat_map(|f| f.form().tables.iter())
            .flat_map(|t| {
                t.blocks.iter().flat_map(|b| {
                    b.columns
                        .iter()
                        .map(|c| (0, c.label))
                        .chain(b.rows.iter().map(|r| (0, r.label)))
                })
            }),
    );
    (cols, nianbao_model::form::section_matcher())
}

fn matches(m: &Matcher, text: &str) -> bool {
    let mut core = Vec::new();
    core_into(text, &mut core);
    matches!(m.match_whole(&core), Match::Found { .. })
}

/// Collapses HTML white space (and `&nbsp;`) within lines, trims lines and
/// drops empty ones.
fn tidy(raw: &str) -> String {
    let mut out = String::new();
    for line in raw.split('\n') {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == '\u{a0}')
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
    }
    out
}

/// The text of a subtree as it shows: block elements and `<br>` break
/// lines; nested tables and chrome are left out.
fn text_of(dom: &Dom, root: Id) -> String {
    let mut s = String::new();
    let mut stack: Vec<(Id, bool)> = vec![(root, true)];
    while let Some((id, enter)) = stack.pop() {
        let n = &dom.nodes[id];
        if !enter {
            s.push('\n');
            continue;
        }
        match &n.kind {
            Kind::Text(t) => {
                // Source line breaks are white space, not breaks.
                s.extend(
                    t.chars()
                        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
                );
            }
            Kind::Element => {
                if id != root && (n.tag() == "table" || is_chrome(dom, id)) {
                    continue;
                }
                if n.tag() == "br" {
                    s.push('\n');
                }
                if BLOCKS.contains(&n.tag()) {
                    s.push('\n');
                    stack.push((id, false));
                }
                stack.extend(n.children.iter().rev().map(|&c| (c, true)));
            }
            _ => {}
        }
    }
    tidy(&s)
}

/// Reads the document of a parsed page.
pub fn document(dom: &Dom) -> Result<Document, Error> {
    let (col_m, head_m) = form_labels(&document::FORMS);
    let n = dom.nodes.len();
    // Preorder number and subtree end of every node, parents, and the
    // tables in document order (chrome skipped).
    let mut pre = vec![usize::MAX; n];
    let mut end = vec![0usize; n];
    let mut tables: Vec<Id> = Vec::new();
    // The <title> stands in <head>, which the walks skip.
    let title_tag = dom.nodes.iter().position(|n| n.tag() == "title");
    let mut headings: Vec<Id> = Vec::new();
    let mut counter = 0;
    let mut stack: Vec<(Id, bool)> = vec![(0, true)];
    while let Some((id, enter)) = stack.pop() {
        if !enter {
            end[id] = counter;
            continue;
        }
        pre[id] = counter;
        counter += 1;
        let node = &dom.nodes[id];
        if node.kind == Kind::Element {
            match node.tag() {
                "h1" | "h2" | "h3" => headings.push(id),
                _ => {}
            }
            if is_chrome(dom, id) {
                end[id] = counter;
                continue;
            }
            if node.tag() == "table" {
                tables.push(id);
            }
        }
        stack.push((id, false));
        stack.extend(node.children.iter().rev().map(|&c| (c, true)));
    }
    if tables.len() > MAX_TABLES {
        return Err(Error::TooLarge(format!(
            "{} 个表格，超过上限 {MAX_TABLES}",
            tables.len()
        )));
    }

    let mut doc = Document::default();
    // Tables: grids, and whether they are the report's.
    let mut report_tables: Vec<Id> = Vec::new();
    for (i, &t) in tables.iter().enumerate() {
        let sheet = grid_of(dom, t, &document::table_name(i + 1))?;
        if sheet.cells.iter().any(|c| match &c.value {
            CellValue::Text(s) => matches(&col_m, s),
            _ => false,
        }) {
            report_tables.push(t);
        }
        doc.tables.push(sheet);
    }

    // Paragraphs outside the report's tables.
    let mut paras: Vec<(Id, String)> = Vec::new();
    let mut buf = String::new();
    let mut buf_at: Id = 0;
    let flush = |buf: &mut String, at: Id, paras: &mut Vec<(Id, String)>| {
        let t = tidy(buf);
        buf.clear();
        for line in t.split('\n').filter(|l| !l.is_empty()) {
            paras.push((at, line.to_string()));
        }
    };
    let mut stack: Vec<(Id, bool)> = vec![(0, true)];
    while let Some((id, enter)) = stack.pop() {
        let node = &dom.nodes[id];
        if !enter {
            flush(&mut buf, buf_at, &mut paras);
            continue;
        }
        match &node.kind {
            Kind::Text(t) => {
                if buf.trim().is_empty() {
                    buf_at = id;
                }
                buf.extend(
                    t.chars()
                        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
                );
            }
            Kind::Element | Kind::Document => {
                if id != 0 && (is_chrome(dom, id) || report_tables.contains(&id)) {
                    flush(&mut buf, buf_at, &mut paras);
                    continue;
                }
                if node.tag() == "br" {
                    flush(&mut buf, buf_at, &mut paras);
                }
                if BLOCKS.contains(&node.tag()) {
                    flush(&mut buf, buf_at, &mut paras);
                    stack.push((id, false));
                }
                stack.extend(node.children.iter().rev().map(|&c| (c, true)));
            }
            Kind::Ignored => {}
        }
    }
    flush(&mut buf, buf_at, &mut paras);
    paras.retain(|(_, p)| !CRUMBS.iter().any(|c| p.trim_start().starts_with(c)));

    // The smallest element holding the report's tables and headings.
    let mut marks: Vec<Id> = report_tables.clone();
    marks.extend(
        paras
            .iter()
            .filter(|(_, p)| matches(head_m, p))
            .map(|(id, _)| *id),
    );
    if let Some(root) = common_ancestor(dom, &marks) {
        let (a, b) = (pre[root], end[root]);
        let inside = |id: &Id| pre[*id] >= a && pre[*id] < b.max(a + 1);
        // The title may stand above the content, in the page's header.
        let title = headings
            .iter()
            .map(|&h| text_of(dom, h).replace('\n', ""))
            .find(|t| document::looks_like_title(t));
        doc.title = title;
        paras.retain(|(id, _)| inside(id));
    } else {
        doc.title = headings
            .iter()
            .map(|&h| text_of(dom, h).replace('\n', ""))
            .find(|t| document::looks_like_title(t));
    }
    doc.paragraphs = paras.into_iter().map(|(_, p)| p).collect();
    if let Some(t) = title_tag {
        doc.title_fallbacks.push(text_of(dom, t).replace('\n', ""));
    }
    Ok(doc)
}

/// The deepest node that is an ancestor of (or is) every one of `ids`.
fn common_ancestor(dom: &Dom, ids: &[Id]) -> Option<Id> {
    let chain = |id: Id| {
        let mut v = vec![id];
        let mut cur = id;
        while let Some(p) = dom.nodes[cur].parent {
            v.push(p);
            cur = p;
        }
        v.reverse();
        v
    };
    let mut it = ids.iter();
    let mut common = chain(*it.next()?);
    for &id in it {
        let c = chain(id);
        let k = common.iter().zip(&c).take_while(|(a, b)| a == b).count();
        common.truncate(k);
    }
    let last = *common.last()?;
    // A text node's block is its parent.
    Some(if dom.nodes[last].kind == Kind::Element || last == 0 {
        last
    } else {
        dom.nodes[last].parent.unwrap_or(0)
    })
}

/// The rows of a table (its own, not a nested table's) and their cells.
fn rows_of(dom: &Dom, table: Id) -> Vec<Vec<Id>> {
    let mut rows = Vec::new();
    let mut stack: Vec<Id> = dom.nodes[table].children.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        let n = &dom.nodes[id];
        match n.tag() {
            "tr" => rows.push(
                n.children
                    .iter()
                    .copied()
                    .filter(|&c| matches!(dom.nodes[c].tag(), "td" | "th"))
                    .collect(),
            ),
            "table" | "" => {}
            _ => stack.extend(n.children.iter().rev().copied()),
        }
    }
    rows
}

fn span(dom: &Dom, cell: Id, attr: &str) -> u32 {
    dom.nodes[cell]
        .attr(attr)
        .and_then(|v| {
            let d: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            d.parse::<u32>().ok()
        })
        .unwrap_or(1)
}

/// A table as a grid: spans expanded by the HTML table model, within the
/// limits.
fn grid_of(dom: &Dom, table: Id, name: &str) -> Result<Sheet, Error> {
    let rows = rows_of(dom, table);
    let too_large = |reason: String| Error::TooLarge(format!("{name}：{reason}"));
    if rows.len() > MAX_ROWS as usize {
        return Err(too_large(format!("{} 行，超过上限 {MAX_ROWS}", rows.len())));
    }
    let nrows = rows.len() as u32;
    let mut sheet = Sheet::new(name);
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    let mut area: u64 = 0;
    for (r, cells) in rows.iter().enumerate() {
        let r32 = r as u32;
        let mut col: u32 = 0;
        for &cell in cells {
            while taken[r].get(col as usize).copied().unwrap_or(false) {
                col += 1;
            }
            let colspan = span(dom, cell, "colspan").clamp(1, 1000);
            // rowspan=0 runs to the end of the table; no span runs past it.
            let rowspan = match span(dom, cell, "rowspan") {
                0 => nrows - r32,
                n => n.min(nrows - r32),
            };
            let right = col + colspan - 1;
            if right >= MAX_COLS {
                return Err(too_large(format!(
                    "第 {} 行的单元格延伸到第 {} 列，超过上限 {MAX_COLS}",
                    r + 1,
                    right + 1
                )));
            }
            area += u64::from(colspan) * u64::from(rowspan);
            if area > MAX_TABLE_AREA {
                return Err(too_large(format!(
                    "合并单元格展开后超过 {MAX_TABLE_AREA} 格（第 {} 行）",
                    r + 1
                )));
            }
            for row in taken.iter_mut().skip(r).take(rowspan as usize) {
                if row.len() <= right as usize {
                    row.resize(right as usize + 1, false);
                }
                for slot in &mut row[col as usize..=right as usize] {
                    *slot = true;
                }
            }
            let text = text_of(dom, cell);
            if text.chars().count() > MAX_CELL_CHARS {
                return Err(too_large(format!(
                    "第 {} 行的单元格超过 {MAX_CELL_CHARS} 个字符",
                    r + 1
                )));
            }
            sheet.push(
                r32,
                col,
                if text.is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(text)
                },
            );
            if colspan > 1 || rowspan > 1 {
                sheet.merges.push(Rect {
                    top: r32,
                    left: col,
                    bottom: r32 + rowspan - 1,
                    right,
                });
            }
            col = right + 1;
        }
    }
    Ok(sheet)
}
