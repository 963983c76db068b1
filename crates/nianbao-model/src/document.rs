//! A document as both readers see it — a title, paragraphs in reading order
//! and tables as grids — and how a report is read from it.
//!
//! HTML pages and Word files give the same things: the tables go through
//! the model's label-driven grid finder ([`grid::read_tables`]), the
//! paragraphs become a one-column sheet whose section headings
//! [`grid::read_front_matter`] finds, and the title gives the organ and
//! year. Nothing here knows an address or a label of the form.

use crate::cell::{read_cell, CellText};
use crate::grid::{self, CellValue, Rect, Sheet};
use crate::read::Read;
use crate::title::document_title;
use crate::{Diagnostic, FormVersion, Location, Message, Report, SourceMap, ValueKind};

/// Name of the sheet that holds the paragraphs.
pub const TEXT_SHEET: &str = "正文";

/// A document: what an HTML page or a Word file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The title, when the document marks one (an `<h1>`, a Title style).
    pub title: Option<String>,
    /// Other title candidates, best first (the page's `<title>`).
    pub title_fallbacks: Vec<String>,
    /// Paragraphs outside tables, in reading order.
    pub paragraphs: Vec<String>,
    /// The tables, each a grid with its merges (`表格1`, `表格2`, …).
    pub tables: Vec<Sheet>,
}

/// The name of the `n`th table (from 1), as diagnostics show it.
pub fn table_name(n: usize) -> String {
    format!("表格{n}")
}

/// The editions of the form a document may follow, newest first.
pub const FORMS: [FormVersion; 2] = [FormVersion::V2021, FormVersion::V2019];

/// Reads the report from a document: the 2021 form unless its tables are
/// those of the 2019 form (the two cannot both be found: their table 二
/// columns differ), as the XLSX importer does.
pub fn read_any(doc: &Document) -> Read {
    let found = read(doc, FORMS[0]);
    if found.has_errors() {
        for form in &FORMS[1..] {
            let other = read(doc, *form);
            if !other.has_errors() {
                return other;
            }
        }
    }
    found
}

/// Reads the report of `form` from a document.
pub fn read(doc: &Document, form: FormVersion) -> Read {
    let tables: Vec<Sheet> = doc.tables.iter().map(header_band_merges).collect();
    let mut report = Report::empty(form);
    let mut source_map = SourceMap::new(form);
    let mut diagnostics = grid::read_tables(&tables, &mut report, &mut source_map);

    // The paragraphs as a one-column sheet: the grid finder's prose reader
    // takes the rows under each section heading.
    let mut text = Sheet::new(TEXT_SHEET);
    for (i, p) in doc.paragraphs.iter().enumerate() {
        text.push(i as u32, 0, CellValue::Text(p.clone()));
    }
    for d in grid::read_front_matter(&[text], &mut report, &mut source_map) {
        match d.rule.as_str() {
            // Fields labelled 标题/机关/年度 are a workbook's; a document's
            // title is read below.
            "grid.front_matter" => {}
            "grid.prose_missing" => diagnostics.push(Diagnostic {
                message: Message::new(
                    d.message.zh.replace("工作簿中没有", "文档中没有"),
                    d.message
                        .en
                        .replace("the workbook does not hold", "the document does not hold"),
                ),
                ..d
            }),
            _ => diagnostics.push(d),
        }
    }

    // The title: the marked one, the first paragraphs (a title may stand
    // over two: `某某市人民政府` / `2024 年政府信息公开工作年度报告`), the
    // page's; the first that names organ and year, else the one naming most.
    let first: Vec<&str> = doc.paragraphs.iter().take(12).map(String::as_str).collect();
    let candidates: Vec<String> = doc
        .title
        .iter()
        .map(|t| document_title(t))
        .chain(crate::title::find_title(&first).map(|(_, _, t)| document_title(&t)))
        .chain(doc.title_fallbacks.iter().map(|t| document_title(t)))
        .filter(|t| looks_like_title(t))
        .collect();
    let score = |t: &str| {
        let (organ, year) = title_info(t);
        u8::from(!organ.is_empty()) * 2 + u8::from(year.is_some())
    };
    let best = candidates.iter().map(|t| score(t)).max();
    let title = candidates.into_iter().find(|t| Some(score(t)) == best);
    match title {
        Some(t) => {
            let (organ, year) = title_info(&t);
            if organ.is_empty() || year.is_none() {
                diagnostics.push(Diagnostic::warning(
                    crate::rule_ids::TITLE_MISSING,
                    None,
                    Message::new(
                        "标题中没有机关名称或年度，相应项留空（null）",
                        "the title names no organ or no year: it is left null",
                    ),
                ));
            }
            report.title = t;
            report.organ = organ;
            report.year = year;
            source_map.title = Some(Location::Cell {
                sheet: TEXT_SHEET.into(),
                cell: "标题".into(),
            });
        }
        None => diagnostics.push(Diagnostic::warning(
            "document.no_title",
            None,
            Message::new(
                "未找到报告标题（机关名称、年度）",
                "no report title (organ and year) found",
            ),
        )),
    }
    Read::new(report, source_map, diagnostics)
}

/// Whether a cell's text reads as a number.
fn is_number(v: &CellValue) -> bool {
    match v {
        CellValue::Number(_) => true,
        CellValue::Text(t) => matches!(read_cell(t, ValueKind::Amount), CellText::Number(..)),
        CellValue::Empty => false,
    }
}

/// In the header band of a table (the rows above its first number), an
/// empty cell right below a header cell continues that header: it is merged
/// into it, as the form draws it (`自然人` over two header rows, `结果维持`
/// over the row of the suit groups' sub-headers). Pages and Word files often
/// give these as a header cell over an empty one instead of one cell two
/// rows high.
pub fn header_band_merges(sheet: &Sheet) -> Sheet {
    let Some(first_number_row) = sheet
        .cells
        .iter()
        .filter(|c| is_number(&c.value))
        .map(|c| c.row)
        .min()
    else {
        return sheet.clone();
    };
    let mut out = sheet.clone();
    let at: std::collections::HashMap<(u32, u32), &CellValue> = sheet
        .cells
        .iter()
        .map(|c| ((c.row, c.col), &c.value))
        .collect();
    let blank = |r: u32, c: u32| match at.get(&(r, c)) {
        None | Some(CellValue::Empty) => true,
        Some(CellValue::Text(t)) => t.trim().is_empty(),
        Some(CellValue::Number(_)) => false,
    };
    let covered = |merges: &[Rect], r: u32, c: u32| merges.iter().any(|m| m.contains(r, c));
    // Header regions: text cells in the band, with their merges.
    let mut regions: Vec<Rect> = sheet
        .cells
        .iter()
        .filter(|c| c.row < first_number_row && !blank(c.row, c.col))
        .map(|c| {
            sheet
                .merges
                .iter()
                .find(|m| m.top == c.row && m.left == c.col)
                .copied()
                .unwrap_or(Rect::cell(c.row, c.col))
        })
        .collect();
    regions.sort_by_key(|r| (r.top, r.left));
    for reg in regions {
        let mut bottom = reg.bottom;
        // Extend down while every cell under the region is empty, unmerged
        // and still in the band, and no text starts to the left of it in
        // that row: a row label there means the row is a row of numbers
        // (all blank, so the band reaches below it).
        while bottom + 1 < first_number_row
            && (reg.left..=reg.right)
                .all(|c| blank(bottom + 1, c) && !covered(&out.merges, bottom + 1, c))
            && (0..reg.left).all(|c| blank(bottom + 1, c))
        {
            bottom += 1;
        }
        if bottom > reg.bottom {
            out.merges
                .retain(|m| !(m.top == reg.top && m.left == reg.left));
            out.merges.push(Rect { bottom, ..reg });
        }
    }
    out
}

/// Whether a line reads as a report title (the one rule of
/// [`crate::title`], shared with the text reader).
pub fn looks_like_title(t: &str) -> bool {
    crate::title::looks_like_title(t)
}

/// Organ and year named by a title: `某某局2023年度政府信息公开工作年度报告`,
/// `2025年上海市人民政府办公厅政府信息公开工作年度报告`.
pub fn title_info(title: &str) -> (String, Option<u16>) {
    let info = crate::title::parse_title(title);
    (info.organ, info.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_organ_and_year() {
        assert_eq!(
            title_info("测试市2025年政府信息公开工作年度报告"),
            ("测试市".into(), Some(2025))
        );
        assert_eq!(
            title_info("2025 年上海市人民政府办公厅政府信息公开工作年度报告"),
            ("上海市人民政府办公厅".into(), Some(2025))
        );
        assert_eq!(
            title_info("临夏州公安局２０２３年度政府信息公开工作年度报告"),
            ("临夏州公安局".into(), Some(2023))
        );
        assert_eq!(
            document_title("某局2023年政府信息公开工作年度报告_某市人民政府"),
            "某局2023年政府信息公开工作年度报告"
        );
        assert!(!looks_like_title("当前位置：首页 > 政府信息公开"));
    }

    #[test]
    fn an_empty_cell_under_a_header_continues_it_but_not_below_the_band() {
        let mut s = Sheet::new("t");
        s.push(0, 0, CellValue::Text("结果维持".into()));
        s.push(1, 0, CellValue::Text(String::new()));
        s.push(1, 1, CellValue::Text("结果维持".into()));
        s.push(2, 0, CellValue::Text("3".into()));
        s.push(3, 1, CellValue::Text("x".into()));
        let out = header_band_merges(&s);
        assert_eq!(
            out.merges,
            vec![Rect {
                top: 0,
                left: 0,
                bottom: 1,
                right: 0
            }]
        );
    }
}
