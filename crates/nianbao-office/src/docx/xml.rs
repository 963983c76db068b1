//! `word/document.xml` → a [`Document`], streamed with quick-xml.
//!
//! * A paragraph (`w:p`) is the text of its runs joined as they show
//!   (`w:t`; `w:tab` a space; `w:br`/`w:cr` a line break); deleted text
//!   (`w:delText`), field codes (`w:instrText`) and the fallback copy of
//!   alternate content (`mc:Fallback`) are left out. A number split over
//!   several runs reads whole.
//! * A table (`w:tbl`) is a grid: each row (`w:tr`) starts after its
//!   `w:gridBefore` columns, each cell (`w:tc`) spans `w:gridSpan` columns,
//!   and a cell whose `w:vMerge` continues (no value, or `continue`) extends
//!   the region started by the `w:vMerge w:val="restart"` cell above it. A
//!   cell's paragraphs are its lines; a table nested in a cell is a table of
//!   its own.
//! * A paragraph outside tables is prose; the first one styled as a title
//!   or first-level heading that reads as a report title is the title.
//!
//! Nothing recurses: open tables are a stack bounded by
//! [`MAX_TABLE_DEPTH`](super::limits::MAX_TABLE_DEPTH).

use super::limits::*;
use super::Error;
use nianbao_model::document::{self, Document};
use nianbao_model::grid::{CellValue, Rect, Sheet};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct Cell {
    text: String,
    span: u32,
    vmerge: VMerge,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<(u32, Vec<Cell>)>,
    row: Option<(u32, Vec<Cell>)>,
    cell: Option<Cell>,
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == "val").then(|| a.value.to_string()))
}

fn number(v: Option<String>) -> u32 {
    v.and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1)
}

/// Reads the document of a `word/document.xml`.
pub fn document_of(xml: &[u8]) -> Result<Document, Error> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut doc = Document::default();
    let mut tables: Vec<Table> = Vec::new();
    let mut para = String::new();
    let mut para_style: Option<String> = None;
    let mut in_text = false;
    // Depth inside a subtree whose text is left out (0: none).
    let mut skip = 0usize;
    let mut titled = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| Error::Damaged(format!("word/document.xml：{e}")))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name();
            let name = name.as_ref().as_bytes();
            if skip > 0 {
                if !empty {
                    skip += 1;
                }
                continue;
            }
            match name {
                b"delText" | b"instrText" | b"Fallback" | b"del" if !empty => skip = 1,
                b"t" => in_text = !empty,
                b"tab" => para.push(' '),
                b"br" | b"cr" => para.push('\n'),
                b"p" => {
                    para.clear();
                    para_style = None;
                    if empty {
                        end_paragraph(&mut doc, &mut tables, &mut para, &para_style, &mut titled)?;
                    }
                }
                b"pStyle" => para_style = val(e),
                b"tbl" if !empty => {
                    if tables.len() >= MAX_TABLE_DEPTH {
                        return Err(Error::TooLarge(format!(
                            "表格嵌套超过 {MAX_TABLE_DEPTH} 层"
                        )));
                    }
                    tables.push(Table::default());
                }
                b"tr" if !empty => {
                    if let Some(t) = tables.last_mut() {
                        if t.rows.len() >= MAX_ROWS as usize {
                            return Err(Error::TooLarge(format!(
                                "{}：超过 {MAX_ROWS} 行",
                                document::table_name(doc.tables.len() + 1)
                            )));
                        }
                        t.row = Some((0, Vec::new()));
                    }
                }
                b"gridBefore" => {
                    if let Some((before, cells)) = tables.last_mut().and_then(|t| t.row.as_mut()) {
                        if cells.is_empty() {
                            *before = number(val(e)).min(MAX_COLS);
                        }
                    }
                }
                b"tc" if !empty => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(Cell {
                            text: String::new(),
                            span: 1,
                            vmerge: VMerge::None,
                        });
                    }
                }
                b"gridSpan" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.span = number(val(e)).clamp(1, MAX_COLS);
                    }
                }
                b"vMerge" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.vmerge = match val(e).as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        };
                    }
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref().as_bytes() {
                    b"t" => in_text = false,
                    b"p" => {
                        end_paragraph(&mut doc, &mut tables, &mut para, &para_style, &mut titled)?
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            if let (Some(c), Some((_, cells))) = (t.cell.take(), t.row.as_mut()) {
                                cells.push(c);
                            }
                        }
                    }
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            if let Some(r) = t.row.take() {
                                t.rows.push(r);
                            }
                        }
                    }
                    b"tbl" => {
                        if let Some(t) = tables.pop() {
                            if doc.tables.len() >= MAX_TABLES {
                                return Err(Error::TooLarge(format!("超过 {MAX_TABLES} 个表格")));
                            }
                            let name = document::table_name(doc.tables.len() + 1);
                            doc.tables.push(grid_of(t, &name)?);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                para.push_str(&t);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                        para.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

/// Heading styles: Word's built-in ids (`Title`, `Heading1`) and the
/// numeric ids of Chinese Word (`1` is 标题 1).
fn is_title_style(style: &Option<String>) -> bool {
    style.as_deref().is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s == "title" || s == "heading1" || s == "1" || s.starts_with("a3") && s.len() == 2
    })
}

fn end_paragraph(
    doc: &mut Document,
    tables: &mut [Table],
    para: &mut String,
    style: &Option<String>,
    titled: &mut bool,
) -> Result<(), Error> {
    let text = std::mem::take(para);
    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
        if !c.text.is_empty() {
            c.text.push('\n');
        }
        c.text.push_str(&text);
        if c.text.chars().count() > MAX_CELL_CHARS {
            return Err(Error::TooLarge(format!(
                "单元格超过 {MAX_CELL_CHARS} 个字符"
            )));
        }
        return Ok(());
    }
    if !tables.is_empty() {
        // Text in a row or table outside any cell: not the report's.
        return Ok(());
    }
    let t = text.replace('\u{a0}', " ");
    for line in t.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !*titled && is_title_style(style) && document::looks_like_title(line) {
            doc.title = Some(line.to_string());
            *titled = true;
        }
        doc.paragraphs.push(line.to_string());
    }
    Ok(())
}

fn tidy(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == '\u{a0}')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table as a grid with its spans and vertical merges.
fn grid_of(t: Table, name: &str) -> Result<Sheet, Error> {
    let mut sheet = Sheet::new(name);
    // Open vertical regions by their first column: (top, right, bottom).
    let mut open: HashMap<u32, (u32, u32, u32)> = HashMap::new();
    let close = |sheet: &mut Sheet, left: u32, (top, right, bottom): (u32, u32, u32)| {
        if bottom > top || right > left {
            sheet.merges.push(Rect {
                top,
                left,
                bottom,
                right,
            });
        }
    };
    for (r, (before, cells)) in t.rows.into_iter().enumerate() {
        let r = r as u32;
        let mut col = before;
        for c in cells {
            let right = col + c.span - 1;
            if right >= MAX_COLS {
                return Err(Error::TooLarge(format!(
                    "{name}：第 {} 行的单元格延伸到第 {} 列，超过上限 {MAX_COLS}",
                    r + 1,
                    right + 1
                )));
            }
            if c.vmerge == VMerge::Continue {
                if let Some(region) = open.get_mut(&col).filter(|o| o.1 == right) {
                    // Continues the region above; its own text (Word leaves
                    // it empty) is not a value.
                    region.2 = r;
                    col = right + 1;
                    continue;
                }
            }
            // Any region open over these columns ends above this cell.
            let ended: Vec<u32> = open
                .iter()
                .filter(|(&l, &(_, rr, _))| l <= right && rr >= col)
                .map(|(&l, _)| l)
                .collect();
            for l in ended {
                let p = open.remove(&l).expect("listed");
                close(&mut sheet, l, p);
            }
            let text = tidy(&c.text);
            sheet.push(
                r,
                col,
                if text.is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(text)
                },
            );
            if c.vmerge == VMerge::None {
                close(&mut sheet, col, (r, right, r));
            } else {
                // A restart, or a continue with nothing above it (Word
                // shows it as a cell of its own).
                open.insert(col, (r, right, r));
            }
            col = right + 1;
        }
    }
    let mut rest: Vec<(u32, (u32, u32, u32))> = open.into_iter().collect();
    rest.sort();
    for (l, p) in rest {
        close(&mut sheet, l, p);
    }
    Ok(sheet)
}
