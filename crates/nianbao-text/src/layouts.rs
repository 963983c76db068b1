//! Writers for every text layout the reader accepts, as real reports come
//! out of Word, PDF and web pages. They exist so that tests and generated
//! corpora can show, for any report, that each layout reads back to the
//! same report; [`crate::render`] is the canonical one.

use crate::render::BLANK;
use nianbao_model::form::{
    SectionContent, APPLICANTS_HEADER, ORGANISATIONS_HEADER, REVIEW_HEADER, SUIT_HEADER,
};
use nianbao_model::{Report, Value};

/// A text layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Tab-separated cells, as copied from Word (the canonical layout).
    Tab,
    /// `| a | b |` with trailing pipes and spaced header labels.
    Pipe,
    /// A markdown table with a `|---|` rule under each table's first row.
    Markdown,
    /// Columns aligned with runs of spaces.
    Spaces,
    /// One cell per line, as copy-from-PDF gives, with the vertical group
    /// label `三、本年度办理结果` one character per line.
    CellPerLine,
    /// PDF text: label and numbers on one line separated by spaces, long
    /// labels wrapped over two lines with the numbers after the second part,
    /// page footers (`— 4 —`) inside tables.
    PdfText,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 6] = [
        Layout::Tab,
        Layout::Pipe,
        Layout::Markdown,
        Layout::Spaces,
        Layout::CellPerLine,
        Layout::PdfText,
    ];

    /// A short name (`tab`, `pipe`, …).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Tab => "tab",
            Layout::Pipe => "pipe",
            Layout::Markdown => "markdown",
            Layout::Spaces => "spaces",
            Layout::CellPerLine => "cell-per-line",
            Layout::PdfText => "pdf-text",
        }
    }
}

/// How numbers are spelt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Digits {
    /// Full-width digits (`１２３`).
    pub full_width: bool,
    /// Thousands separators (`383,652`).
    pub thousands: bool,
}

enum Item {
    Line(String),
    Blank,
    /// A table row: cells, each `(text, is_value)`; `first` marks the first
    /// row of a table (markdown puts its rule under it).
    Row {
        cells: Vec<(String, bool)>,
        first: bool,
    },
}

fn spell(v: Option<Value>, d: Digits) -> String {
    let s = match v {
        None => return BLANK.to_string(),
        Some(v) => v.to_string(),
    };
    let s = if d.thousands { group_thousands(&s) } else { s };
    if d.full_width {
        s.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        s
    }
}

fn group_thousands(s: &str) -> String {
    if let Some(rest) = s.strip_prefix('-') {
        return format!("-{}", group_thousands(rest));
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn items(report: &Report, d: Digits) -> Vec<Item> {
    let form = report.form_def();
    let mut v = Vec::new();
    let title = if report.title.is_empty() {
        let year = report.year.map(|y| format!("{y} 年")).unwrap_or_default();
        format!("{}{year}政府信息公开工作年度报告", report.organ)
    } else {
        report.title.clone()
    };
    v.push(Item::Line(title));
    v.push(Item::Blank);
    let val = |id: usize| spell(report.get(report.form_def().cells()[id].id), d);
    let lab = |s: &str| (s.to_string(), false);
    let mut id = 0usize;
    for sec in form.sections {
        v.push(Item::Line(sec.heading.to_string()));
        v.push(Item::Blank);
        match sec.content {
            SectionContent::Prose(p) => {
                for para in report.sections.get(p).split('\n').filter(|l| !l.is_empty()) {
                    v.push(Item::Line(para.to_string()));
                }
                v.push(Item::Blank);
            }
            SectionContent::Table(ti) => {
                let t = &form.tables[ti];
                match t.key {
                    "active" => {
                        for b in t.blocks {
                            v.push(Item::Row {
                                cells: vec![lab(b.caption)],
                                first: true,
                            });
                            let mut h = vec![lab(b.corner)];
                            h.extend(b.columns.iter().map(|c| lab(c.label)));
                            v.push(Item::Row {
                                cells: h,
                                first: false,
                            });
                            for r in b.rows {
                                let mut cells = vec![lab(r.label)];
                                cells.extend((0..b.columns.len()).map(|k| (val(id + k), true)));
                                id += b.columns.len();
                                v.push(Item::Row {
                                    cells,
                                    first: false,
                                });
                            }
                        }
                    }
                    "applications" => {
                        let b = &t.blocks[0];
                        let c = b.columns;
                        v.push(Item::Row {
                            cells: vec![lab(b.corner), lab(APPLICANTS_HEADER)],
                            first: true,
                        });
                        v.push(Item::Row {
                            cells: vec![
                                lab(c[0].label),
                                lab(ORGANISATIONS_HEADER),
                                lab(c[6].label),
                            ],
                            first: false,
                        });
                        v.push(Item::Row {
                            cells: c[1..6].iter().map(|c| lab(c.label)).collect(),
                            first: false,
                        });
                        let mut last: [&str; 2] = ["", ""];
                        for r in b.rows {
                            let mut cells = Vec::new();
                            for (slot, g) in r.groups.iter().enumerate().take(2) {
                                if last[slot] != *g {
                                    cells.push(lab(g));
                                }
                            }
                            last = [
                                r.groups.first().copied().unwrap_or(""),
                                r.groups.get(1).copied().unwrap_or(""),
                            ];
                            cells.push(lab(r.label));
                            cells.extend((0..c.len()).map(|k| (val(id + k), true)));
                            id += c.len();
                            v.push(Item::Row {
                                cells,
                                first: false,
                            });
                        }
                    }
                    _ => {
                        let b = &t.blocks[0];
                        let cols: Vec<(String, bool)> =
                            b.columns.iter().map(|c| lab(c.label)).collect();
                        v.push(Item::Row {
                            cells: vec![lab(REVIEW_HEADER), lab(SUIT_HEADER)],
                            first: true,
                        });
                        let mut h = cols.clone();
                        h.push(lab(b.rows[1].label));
                        h.push(lab(b.rows[2].label));
                        v.push(Item::Row {
                            cells: h,
                            first: false,
                        });
                        v.push(Item::Row {
                            cells: cols.iter().chain(cols.iter()).cloned().collect(),
                            first: false,
                        });
                        let n = t.cell_count();
                        v.push(Item::Row {
                            cells: (0..n).map(|k| (val(id + k), true)).collect(),
                            first: false,
                        });
                        id += n;
                    }
                }
                v.push(Item::Blank);
            }
        }
    }
    v
}

fn spaced(s: &str) -> String {
    // `商业企业` → `商业 企业`, as PDF tables with narrow columns give.
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 4 && chars.iter().all(|c| !c.is_ascii()) {
        format!("{}{} {}{}", chars[0], chars[1], chars[2], chars[3])
    } else {
        s.to_string()
    }
}

/// Writes `report` in `layout` with numbers spelt as `digits` says.
pub fn render_as(report: &Report, layout: Layout, digits: Digits) -> String {
    if layout == Layout::Tab && digits == Digits::default() {
        return crate::render(report);
    }
    let mut out = String::with_capacity(12 * 1024);
    let mut table_lines = 0usize;
    let mut page = 1;
    for item in items(report, digits) {
        match item {
            Item::Line(s) => {
                out.push_str(&s);
                out.push('\n');
            }
            Item::Blank => out.push('\n'),
            Item::Row { cells, first } => {
                table_lines += 1;
                match layout {
                    Layout::Tab => {
                        let t: Vec<&str> = cells.iter().map(|c| c.0.as_str()).collect();
                        out.push_str(&t.join("\t"));
                        out.push('\n');
                    }
                    Layout::Pipe | Layout::Markdown => {
                        let t: Vec<String> = cells
                            .iter()
                            .map(|(s, v)| if *v { s.clone() } else { spaced(s) })
                            .collect();
                        out.push_str("| ");
                        out.push_str(&t.join(" | "));
                        out.push_str(" |\n");
                        if first && layout == Layout::Markdown {
                            out.push('|');
                            for _ in &cells {
                                out.push_str("---|");
                            }
                            out.push('\n');
                        }
                    }
                    Layout::Spaces => {
                        for (i, (s, is_value)) in cells.iter().enumerate() {
                            if i > 0 {
                                out.push_str("  ");
                            }
                            let w = s
                                .chars()
                                .map(|c| if c.is_ascii() { 1 } else { 2 })
                                .sum::<usize>();
                            let width: usize = if *is_value { 8 } else { 24 };
                            let pad = " ".repeat(width.saturating_sub(w));
                            if *is_value {
                                out.push_str(&pad);
                                out.push_str(s);
                            } else {
                                out.push_str(s);
                                out.push_str(&pad);
                            }
                        }
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    Layout::CellPerLine => {
                        for (s, is_value) in &cells {
                            if !is_value && s == nianbao_model::form::RESULTS_GROUP {
                                // Vertical: `三、` then one character per line.
                                let (head, rest) = s.split_at(
                                    s.find('、').map(|p| p + '、'.len_utf8()).unwrap_or(0),
                                );
                                if !head.is_empty() {
                                    out.push_str(head);
                                    out.push('\n');
                                }
                                for c in rest.chars() {
                                    out.push(c);
                                    out.push('\n');
                                }
                            } else {
                                out.push_str(s);
                                out.push('\n');
                            }
                        }
                    }
                    Layout::PdfText => {
                        let (labels, values): (Vec<_>, Vec<_>) = cells.iter().partition(|c| !c.1);
                        let label: String = labels
                            .iter()
                            .map(|c| c.0.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        let nums: Vec<&str> = values.iter().map(|c| c.0.as_str()).collect();
                        let chars: Vec<char> = label.chars().collect();
                        if chars.len() > 22 && !nums.is_empty() {
                            // Wrapped: first part alone, the rest with the numbers.
                            let cut = chars.len() / 2;
                            out.extend(&chars[..cut]);
                            out.push('\n');
                            out.extend(&chars[cut..]);
                        } else {
                            out.push_str(&label);
                        }
                        if !nums.is_empty() {
                            if table_lines % 7 == 3 {
                                // Numbers a blank line away from their label.
                                out.push_str("\n\n");
                            } else {
                                out.push(' ');
                            }
                            out.push_str(&nums.join(" "));
                        }
                        out.push('\n');
                        if table_lines.is_multiple_of(12) {
                            page += 1;
                            out.push_str(&format!("— {page} —\n"));
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands("383652"), "383,652");
        assert_eq!(group_thousands("1234567.891"), "1,234,567.891");
        assert_eq!(group_thousands("12"), "12");
        assert_eq!(group_thousands("-100000"), "-100,000");
    }
}
