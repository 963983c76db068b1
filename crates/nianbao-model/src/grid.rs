//! Finding the form's tables in a grid of cells, by their labels.
//!
//! A [`Sheet`] is a sparse grid of cell values (numbers, texts) with its
//! merged regions, as a spreadsheet, an HTML table or a DOCX table gives it.
//! [`read_report`] finds every table of the form on any sheet, wherever it
//! stands, through the label [`Matcher`]: never by fixed addresses.
//!
//! # How tables are found
//!
//! * **Header-first blocks** (table 二's four blocks and table 三): the
//!   block's column labels (`自然人`, `商业企业`, …, `总计`) are looked up as
//!   whole cells; a header *instance* is anchored on a cell with the first
//!   column label found and takes, in the header band around it (its rows
//!   ± 1), at most one cell for each later column label, to its right (a
//!   label not there is taken from up to three rows higher, in a taller
//!   header, when one cell alone stands where it must). Below
//!   the band, each row's label is the text of the label cells left of the
//!   first number column (merged group labels included), matched by its end
//!   against the table's row labels; the scan stops at the first row whose
//!   label is not a row of the block. Several instances of one block are
//!   merged when they hold different rows (a header repeated after a page
//!   break), refused when they hold the same rows.
//! * **Table 四** (transposed: groups are column headers): each group header
//!   (`行政复议`, `未经复议直接起诉`, `复议后起诉`) with its five sub-headers
//!   (`结果维持`, …, `总计`) right below and inside its span; the data row is
//!   the row below the sub-headers.
//!
//! Headers as offices leave them: a label may be missing (a blank cell where
//! `自然人` should be, no `总计` cell) while most of the header is there. The
//! columns are then placed by [`columns::place`]: each label takes the column
//! of numbers its span meets (a label over a blank column, or over grid
//! columns only the header has, keeps the one that holds numbers), and a
//! missing label the one column of numbers left between its neighbours —
//! only where exactly one placement fits, with a `grid.header_inferred`
//! warning naming the column; otherwise `grid.header_missing` refuses the
//! table, naming the missing labels and the cell.
//!
//! Numbers: a number cell is taken as it is (a count with a fraction is an
//! error); a text cell goes through [`read_cell`]. Whatever the finder
//! cannot place with certainty (two rows for one key, one label matching two
//! keys, a number merged over two data cells) is an error naming the cells:
//! a wrong number is worse than no number.
//!
//! The title, organ, year and prose are read by their labels too
//! ([`read_front_matter`]).

mod columns;

use crate::cell::{read_cell, CellText};
use crate::diag::{rules, Diagnostic, Location, Message};
use crate::form::{
    BlockDef, CellId, ColumnDef, FormVersion, ProseSection, SectionContent, TableDef, ValueKind,
    ORGAN_FIELD, TITLE_FIELD, YEAR_FIELD,
};
use crate::label::{core_into, Match, Matcher};
use crate::read::Read;
use crate::report::{normalize_prose, Report, SourceMap};
use crate::value::{Decimal, Value};
use columns::{ColumnAt, Unplaced, ValueCol};
use std::collections::HashMap;

/// The value of one cell of a grid.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing (or a cell covered by a merge).
    Empty,
    /// A number as the source stores it (spreadsheets store every number as
    /// a float).
    Number(f64),
    /// Text.
    Text(String),
}

/// One cell of a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// What it holds (for a formula: the cached result).
    pub value: CellValue,
    /// Whether the value is the cached result of a formula.
    pub formula: bool,
}

/// A merged region, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rect {
    /// First row.
    pub top: u32,
    /// First column.
    pub left: u32,
    /// Last row.
    pub bottom: u32,
    /// Last column.
    pub right: u32,
}

impl Rect {
    /// A one-cell region.
    pub fn cell(row: u32, col: u32) -> Rect {
        Rect {
            top: row,
            left: col,
            bottom: row,
            right: col,
        }
    }

    /// Whether the region holds `(row, col)`.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.top..=self.bottom).contains(&row) && (self.left..=self.right).contains(&col)
    }

    fn rows_meet(&self, top: u32, bottom: u32) -> bool {
        self.top <= bottom && top <= self.bottom
    }
}

/// One sheet (or one table of a document): its name, its cells and merges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The name diagnostics use (`三、收到和处理政府信息公开申请情况`).
    pub name: String,
    /// The cells, in any order; at most one per position.
    pub cells: Vec<GridCell>,
    /// The merged regions; the value of a merged region is in its top-left cell.
    pub merges: Vec<Rect>,
}

impl Sheet {
    /// An empty sheet.
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            cells: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// Adds a cell with a literal value.
    pub fn push(&mut self, row: u32, col: u32, value: CellValue) {
        self.cells.push(GridCell {
            row,
            col,
            value,
            formula: false,
        });
    }

    /// Adds a cell holding a formula's cached value.
    pub fn push_formula(&mut self, row: u32, col: u32, cached: CellValue) {
        self.cells.push(GridCell {
            row,
            col,
            value: cached,
            formula: true,
        });
    }
}

/// `D7` for row 6, column 3 (both from 0).
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    let mut s: String = letters.into_iter().collect();
    s.push_str(&(row as u64 + 1).to_string());
    s
}

/// Reads a whole report of `form` from `sheets`: every table, the title,
/// organ, year and prose.
pub fn read_report(sheets: &[Sheet], form: FormVersion) -> Read {
    let mut report = Report::empty(form);
    let mut source_map = SourceMap::new(form);
    let mut diagnostics = read_tables(sheets, &mut report, &mut source_map);
    diagnostics.extend(read_front_matter(sheets, &mut report, &mut source_map));
    Read::new(report, source_map, diagnostics)
}

/// Finds every table of the report's form in `sheets` and fills in their
/// numbers. Returns errors (missing or ambiguous tables, rows, headers;
/// unreadable numbers) and warnings (stale formula results, notes).
pub fn read_tables(sheets: &[Sheet], report: &mut Report, src: &mut SourceMap) -> Vec<Diagnostic> {
    let ixs: Vec<Ix<'_>> = sheets.iter().map(Ix::new).collect();
    let form = report.form_def();
    let mut out = Vec::new();
    let mut formulas: Vec<CellId> = Vec::new();
    for (ti, table) in form.tables.iter().enumerate() {
        let placed = if is_transposed(table) {
            find_transposed(&ixs, table, &mut out)
        } else {
            let mut all = Vec::new();
            for (bi, _) in table.blocks.iter().enumerate() {
                all.extend(find_block(&ixs, table, bi, &mut out));
            }
            all
        };
        for p in placed {
            let id = cell_id(report, ti, p.row_index, p.col_index);
            let ix = &ixs[p.sheet];
            let loc = ix.loc(p.row, p.col);
            src.set(id, loc.clone());
            let kind = form.def(id).column.kind;
            match read_value(ix, p.row, p.col, kind) {
                Ok((v, note, formula)) => {
                    report.set(id, v);
                    if formula {
                        formulas.push(id);
                    }
                    if let Some(note) = note {
                        out.push(Diagnostic::warning(
                            format!("grid.note:{}", form.def(id).path()),
                            Some(loc),
                            Message::new(
                                format!("单元格中数字旁有说明文字“{note}”，只取数字"),
                                format!("the cell holds a note \"{note}\" beside its number; only the number is taken"),
                            ),
                        ));
                    }
                }
                Err(msg) => out.push(
                    Diagnostic::error(
                        format!("grid.value:{}", form.def(id).path()),
                        Some(loc),
                        msg,
                    )
                    .with_cell(id),
                ),
            }
        }
    }
    // A formula whose cached result disagrees with the sum of its parts was
    // most likely saved without recalculation.
    if !formulas.is_empty() {
        for d in crate::rules::check(report, Some(src)) {
            let sum_rule = [rules::ROW_TOTAL, rules::RESULTS_TOTAL, rules::REVIEWS_TOTAL]
                .iter()
                .any(|r| d.rule.split(':').next() == Some(r));
            if let Some(id) = d
                .cell
                .filter(|id| sum_rule && d.is_error() && formulas.contains(id))
            {
                out.push(
                    Diagnostic::warning(
                        format!("grid.stale_formula:{}", form.def(id).path()),
                        d.location.clone(),
                        Message::new(
                            "该单元格是公式，保存的计算结果与各项之和不符（可能未重新计算）",
                            "this cell is a formula whose saved result disagrees with the sum of its parts (stale cache?)",
                        ),
                    )
                    .with_cell(id),
                );
            }
        }
    }
    if !out.iter().any(Diagnostic::is_error) && report.values().iter().all(Option::is_none) {
        out.push(Diagnostic::error(
            "grid.empty",
            None,
            Message::new(
                "找到了表格，但其中没有填写任何数字",
                "the tables were found but hold no number at all",
            ),
        ));
    }
    out
}

fn cell_id(report: &Report, table: usize, row_index: usize, col_index: usize) -> CellId {
    report
        .form_def()
        .cells()
        .iter()
        .find(|c| c.table_index == table && c.row_index == row_index && c.column_index == col_index)
        .map(|c| c.id)
        .expect("finder places cells of the form only")
}

/// Whether a table is laid out transposed: table 四's rows (行政复议,
/// 未经复议直接起诉, 复议后起诉) stand as column groups over its five columns,
/// with one data row ([`crate::form::Drawing`]).
fn is_transposed(table: &TableDef) -> bool {
    table.drawing == crate::form::Drawing::Transposed
}

/// A number cell placed in the grid: which report cell, where.
struct Placed {
    sheet: usize,
    row: u32,
    col: u32,
    row_index: usize,
    col_index: usize,
}

/// An indexed sheet.
struct Ix<'a> {
    sheet: &'a Sheet,
    at: HashMap<(u32, u32), usize>,
    /// Text anchors with their cores, in reading order.
    texts: Vec<(Rect, Vec<char>)>,
}

impl<'a> Ix<'a> {
    fn new(sheet: &'a Sheet) -> Ix<'a> {
        let mut at = HashMap::with_capacity(sheet.cells.len());
        for (i, c) in sheet.cells.iter().enumerate() {
            at.insert((c.row, c.col), i);
        }
        let anchors: HashMap<(u32, u32), Rect> =
            sheet.merges.iter().map(|m| ((m.top, m.left), *m)).collect();
        let mut texts = Vec::new();
        for c in &sheet.cells {
            if let CellValue::Text(t) = &c.value {
                let mut core = Vec::new();
                core_into(t, &mut core);
                // Keep text whose core is empty too (`@`, `—`): it matches no
                // label, but it may be a paragraph of prose.
                if !t.trim().is_empty() {
                    let r = anchors
                        .get(&(c.row, c.col))
                        .copied()
                        .unwrap_or(Rect::cell(c.row, c.col));
                    texts.push((r, core));
                }
            }
        }
        texts.sort_by_key(|(r, _)| (r.top, r.left));
        Ix { sheet, at, texts }
    }

    fn own(&self, row: u32, col: u32) -> Option<&'a GridCell> {
        self.at.get(&(row, col)).map(|&i| &self.sheet.cells[i])
    }

    /// The merge that covers `(row, col)`, if any.
    fn merge_at(&self, row: u32, col: u32) -> Option<Rect> {
        self.sheet
            .merges
            .iter()
            .find(|m| m.contains(row, col))
            .copied()
    }

    /// The region whose value shows at `(row, col)`: its merge or the cell.
    fn region(&self, row: u32, col: u32) -> Rect {
        self.merge_at(row, col).unwrap_or(Rect::cell(row, col))
    }

    fn loc(&self, row: u32, col: u32) -> Location {
        Location::Cell {
            sheet: self.sheet.name.clone(),
            cell: cell_ref(row, col),
        }
    }

    fn loc_rect(&self, r: Rect) -> Location {
        self.loc(r.top, r.left)
    }

    fn has_value(&self, row: u32, col: u32) -> bool {
        match self.own(row, col).map(|c| &c.value) {
            None | Some(CellValue::Empty) => false,
            Some(CellValue::Number(_)) => true,
            Some(CellValue::Text(t)) => !t.trim().is_empty(),
        }
    }

    fn max_row(&self) -> u32 {
        self.sheet
            .cells
            .iter()
            .map(|c| c.row)
            .chain(self.sheet.merges.iter().map(|m| m.bottom))
            .max()
            .unwrap_or(0)
    }
}

/// Whether a cell holds something number-like (a number, or text that reads
/// as a number or a blank mark other than the empty string).
fn is_numberish(c: &GridCell) -> bool {
    match &c.value {
        CellValue::Number(_) => true,
        CellValue::Text(t) => {
            matches!(
                read_cell(t, ValueKind::Amount),
                CellText::Number(..) | CellText::Bad(_)
            )
        }
        CellValue::Empty => false,
    }
}

/// Header candidates: for each label id of `m`, the text regions whose
/// whole core is that label.
fn candidates(ix: &Ix<'_>, m: &Matcher, n: usize) -> Vec<Vec<Rect>> {
    let mut out = vec![Vec::new(); n];
    for (r, core) in &ix.texts {
        if let Match::Found { id, .. } = m.match_whole(core) {
            out[id].push(*r);
        }
    }
    out
}

/// A header instance of a block: per column, the region of its label
/// (`None` where the label is missing: a blank cell, or none), on one sheet.
struct Header {
    sheet: usize,
    cols: Vec<Option<Rect>>,
}

impl Header {
    /// The first label found: the header's anchor.
    fn first(&self) -> Rect {
        self.cols
            .iter()
            .flatten()
            .next()
            .copied()
            .expect("a header has a label")
    }

    /// The labels found.
    fn found(&self) -> impl Iterator<Item = &Rect> + '_ {
        self.cols.iter().flatten()
    }

    /// The first row under the header.
    fn data_row(&self) -> u32 {
        self.found().map(|r| r.bottom).max().unwrap_or(0) + 1
    }
}

/// Rows found under a header: (row index within the table, grid row, the
/// region of the row's own label).
struct Instance {
    header: Header,
    rows: Vec<(usize, u32, Rect)>,
}

fn msg_table(table: &TableDef, block: &BlockDef) -> (String, String) {
    if block.caption.is_empty() {
        (table.heading.to_string(), table.key.to_string())
    } else {
        (
            format!("{}{}", table.heading, block.caption),
            format!("{} {}", table.key, block.caption),
        )
    }
}

/// Finds one block of a header-first table; returns the placed cells.
fn find_block(
    ixs: &[Ix<'_>],
    table: &'static TableDef,
    bi: usize,
    out: &mut Vec<Diagnostic>,
) -> Vec<Placed> {
    let block = &table.blocks[bi];
    let ncols = block.columns.len();
    let col_m = Matcher::new(block.columns.iter().enumerate().map(|(i, c)| (i, c.label)));
    // Every row of the table, so that a row of another block stops the scan.
    let all_rows: Vec<(usize, &'static crate::form::RowDef)> =
        table.rows().map(|(_, r)| r).enumerate().collect();
    let row_m = Matcher::new(all_rows.iter().flat_map(|(i, r)| {
        std::iter::once((*i, r.label)).chain(r.aliases.iter().map(move |a| (*i, *a)))
    }));
    let first_row_index: usize = table.blocks[..bi].iter().map(|b| b.rows.len()).sum();
    let mine = first_row_index..first_row_index + block.rows.len();
    let mut groups: Vec<&'static str> = Vec::new();
    for (_, r) in &all_rows {
        for g in r.groups {
            if !groups.contains(g) {
                groups.push(g);
            }
        }
    }
    let group_m = Matcher::new(groups.iter().enumerate().map(|(i, g)| (i, *g)));
    let (tzh, ten) = msg_table(table, block);

    let mut instances: Vec<Instance> = Vec::new();
    // The best header seen that lacks labels: (labels found, where, the
    // first label it lacks).
    let mut partial: Option<(usize, Location, &'static str)> = None;
    for (si, ix) in ixs.iter().enumerate() {
        let cands = candidates(ix, &col_m, ncols);
        // Each header is anchored on the first of its labels found (the
        // first column's, unless that cell was left blank).
        for (a, anchors) in cands.iter().enumerate() {
            for anchor in anchors {
                let (top, bottom) = (anchor.top.saturating_sub(1), anchor.bottom + 1);
                if cands[..a]
                    .iter()
                    .flatten()
                    .any(|r| r.rows_meet(top, bottom))
                {
                    continue;
                }
                let mut cols: Vec<Option<Rect>> = vec![None; ncols];
                cols[a] = Some(*anchor);
                let mut ambiguous = false;
                for (k, ck) in cands.iter().enumerate().skip(a + 1) {
                    let hits: Vec<Rect> = ck
                        .iter()
                        .filter(|r| r.rows_meet(top, bottom) && r.left > anchor.right)
                        .copied()
                        .collect();
                    match hits.as_slice() {
                        [one] => cols[k] = Some(*one),
                        [] => {}
                        [a, b, ..] => {
                            out.push(header_twice(
                                ix,
                                format!("{}.{}", table.key, block.columns[k].key),
                                (&tzh, &ten),
                                block.columns[k].label,
                                (*a, *b),
                            ));
                            ambiguous = true;
                            break;
                        }
                    }
                }
                if ambiguous {
                    continue;
                }
                fill_from_above(&mut cols, &cands);
                let found = cols.iter().flatten().count();
                if found < ncols {
                    if let Some(k) = cols.iter().position(Option::is_none) {
                        if a == 0 || found >= 2 {
                            let better = partial.as_ref().is_none_or(|(f, ..)| found > *f);
                            if better {
                                partial =
                                    Some((found, ix.loc_rect(*anchor), block.columns[k].label));
                            }
                        }
                    }
                    // A header that lost labels is one only while most of
                    // them are there: two cells that happen to read `其他`
                    // and `总计` are no header.
                    if found < 2 || found * 2 <= ncols {
                        continue;
                    }
                }
                let header = Header { sheet: si, cols };
                // One header, reached from two anchors, is one instance.
                if instances.iter().any(|i| {
                    i.header.sheet == si && i.header.found().any(|r| header.found().any(|q| q == r))
                }) {
                    continue;
                }
                let rows = scan_rows(
                    ix, &header, &row_m, &group_m, &all_rows, &groups, &mine, table, out,
                );
                if !rows.is_empty() {
                    instances.push(Instance { header, rows });
                }
            }
        }
    }

    if instances.is_empty() {
        let (zh, en) = match &partial {
            Some((_, loc, missing)) => (
                format!("未找到表格“{tzh}”：{loc} 处有表头，但附近没有“{missing}”列"),
                format!("table \"{ten}\" not found: a header at {loc} but no column \"{missing}\" beside it"),
            ),
            None => (
                format!("未找到表格“{tzh}”（没有表头“{}”及其下的行）", block.columns[0].label),
                format!("table \"{ten}\" not found (no header \"{}\" with its rows below)", block.columns[0].label),
            ),
        };
        out.push(Diagnostic::error(
            format!("grid.table_missing:{}", table.key),
            partial.map(|(_, l, _)| l),
            Message::new(zh, en),
        ));
        return Vec::new();
    }

    // Instances holding the same rows are two copies of the block.
    let mut kept: Vec<&Instance> = Vec::new();
    for inst in &instances {
        if let Some(other) = kept.iter().find(|k| {
            k.rows
                .iter()
                .any(|(ri, ..)| inst.rows.iter().any(|(rj, ..)| ri == rj))
        }) {
            let a = ixs[other.header.sheet].loc_rect(other.header.first());
            let b = ixs[inst.header.sheet].loc_rect(inst.header.first());
            out.push(Diagnostic::error(
                format!("grid.duplicate_table:{}", table.key),
                Some(b.clone()),
                Message::new(
                    format!("表格“{tzh}”出现两次（{a} 和 {b}），无法确定取哪一个"),
                    format!("table \"{ten}\" appears twice ({a} and {b}); cannot tell which one to read"),
                ),
            ));
            return Vec::new();
        }
        kept.push(inst);
    }

    let mut placed = Vec::new();
    let mut found_rows = vec![false; block.rows.len()];
    for inst in kept {
        let ix = &ixs[inst.header.sheet];
        let data_rows: Vec<u32> = inst.rows.iter().map(|(_, r, _)| *r).collect();
        // The numbers stand right of the row labels: from the first
        // column's label, or when that is missing, from the labels' edge.
        let start = match inst.header.cols[0] {
            Some(first) => first.left,
            None => inst
                .rows
                .iter()
                .map(|(_, _, leaf)| leaf.right + 1)
                .max()
                .unwrap_or(0),
        };
        let band = (
            inst.header
                .found()
                .map(|r| r.top)
                .min()
                .unwrap_or(0)
                .saturating_sub(1),
            inst.header.data_row().saturating_sub(1),
        );
        let cols = place_under(
            ix,
            &inst.header.cols,
            &data_rows,
            (start, u32::MAX),
            band,
            &Columns {
                labels: block.columns,
                key: table.key.to_string(),
                zh: tzh.clone(),
                en: ten.clone(),
            },
            out,
        );
        let positions: Vec<(u32, u32)> = inst
            .rows
            .iter()
            .flat_map(|(_, r, _)| cols.iter().flatten().map(move |c| (*r, *c)))
            .collect();
        for (k, col) in cols.iter().enumerate() {
            let Some(col) = *col else { continue };
            for (ri, r, _) in &inst.rows {
                let what = format!(
                    "{}.{}.{}",
                    table.key, all_rows[*ri].1.key, block.columns[k].key
                );
                if merged_value_conflict(ix, *r, col, &positions, out, &what) {
                    continue;
                }
                placed.push(Placed {
                    sheet: inst.header.sheet,
                    row: *r,
                    col,
                    row_index: *ri,
                    col_index: k,
                });
            }
        }
        for (ri, ..) in &inst.rows {
            found_rows[ri - first_row_index] = true;
        }
    }
    let where_ = instances
        .first()
        .map(|i| ixs[i.header.sheet].loc_rect(i.header.first()));
    for (i, found) in found_rows.iter().enumerate() {
        if !found {
            let r = &block.rows[i];
            out.push(Diagnostic::error(
                format!("grid.row_missing:{}.{}", table.key, r.key),
                where_.clone(),
                Message::new(
                    format!("表格“{tzh}”中未找到行“{}”", r.label),
                    format!("table \"{ten}\": row \"{}\" not found", r.label),
                ),
            ));
        }
    }
    placed
}

/// Labels a header lacks around its anchor may stand higher up in a taller
/// header (`自然人` in the first of three header rows, the kinds of
/// organisation in the last): each is taken from up to three rows above the
/// labels found, when exactly one cell with it stands there between the
/// labels found before and after it, and above the first row of numbers.
fn fill_from_above(cols: &mut [Option<Rect>], cands: &[Vec<Rect>]) {
    let (Some(top), Some(bottom)) = (
        cols.iter().flatten().map(|r| r.top).min(),
        cols.iter().flatten().map(|r| r.bottom).max(),
    ) else {
        return;
    };
    let top = top.saturating_sub(3);
    for k in 0..cols.len() {
        if cols[k].is_some() {
            continue;
        }
        let after = cols[..k].iter().rev().flatten().next().map(|r| r.right);
        let before = cols[k + 1..].iter().flatten().next().map(|r| r.left);
        let hits: Vec<Rect> = cands[k]
            .iter()
            .filter(|r| {
                r.top >= top
                    && r.bottom <= bottom
                    && after.is_none_or(|a| r.left > a)
                    && before.is_none_or(|b| r.right < b)
            })
            .copied()
            .collect();
        if let [one] = hits.as_slice() {
            cols[k] = Some(*one);
        }
    }
}

/// A header label found twice in one header: which is the column?
fn header_twice(
    ix: &Ix<'_>,
    key: String,
    (zh, en): (&str, &str),
    label: &str,
    (a, b): (Rect, Rect),
) -> Diagnostic {
    let (a, b) = (ix.loc_rect(a), ix.loc_rect(b));
    Diagnostic::error(
        format!("{}:{key}", rules::GRID_AMBIGUOUS_HEADER),
        Some(a.clone()),
        Message::new(
            format!("{zh}：表头“{label}”出现两次（{a} 和 {b}），无法确定哪一列是该列"),
            format!("{en}: header \"{label}\" appears twice ({a} and {b}); cannot tell which column it is"),
        ),
    )
}

/// Scans the rows below a header instance; returns the rows of this block.
#[allow(clippy::too_many_arguments)]
fn scan_rows(
    ix: &Ix<'_>,
    header: &Header,
    row_m: &Matcher,
    group_m: &Matcher,
    all_rows: &[(usize, &'static crate::form::RowDef)],
    groups: &[&'static str],
    mine: &std::ops::Range<usize>,
    table: &TableDef,
    out: &mut Vec<Diagnostic>,
) -> Vec<(usize, u32, Rect)> {
    let anchor = header.first();
    let start = header.data_row();
    let max_row = ix.max_row();
    let mut rows: Vec<(usize, u32, Rect)> = Vec::new();
    let mut blank_run = 0;
    let mut r = start;
    while r <= max_row {
        // The row's label stands left of the first column's numbers; when
        // the first column's label is missing, left of the numbers before
        // the first label found.
        let first_data_col = match header.cols[0] {
            Some(first) => first.left,
            None => label_edge(ix, r, anchor.left),
        };
        let (core, leaf) = row_label(ix, r, first_data_col);
        if core.is_empty() {
            let data = header
                .found()
                .any(|h| (h.left..=h.right).any(|c| ix.has_value(r, c)));
            if data || blank_run >= 3 {
                break;
            }
            blank_run += 1;
            r += 1;
            continue;
        }
        blank_run = 0;
        let leaf = leaf.expect("a label has a cell");
        match row_m.match_suffix(&core) {
            Match::Found { id, quality } if mine.contains(&id) => {
                let def = all_rows[id].1;
                // The group labels before the row's own label must be its own.
                let prefix = &core[..core.len().saturating_sub(quality.matched)];
                if let Match::Found { id: g, .. } = group_m.match_suffix(prefix) {
                    if !def.groups.contains(&groups[g]) {
                        out.push(Diagnostic::error(
                            format!("grid.ambiguous_row:{}.{}", table.key, def.key),
                            Some(ix.loc_rect(leaf)),
                            Message::new(
                                format!("行“{}”位于分组“{}”下，与表格不符", def.label, groups[g]),
                                format!("row \"{}\" stands under the group \"{}\", which is not its own", def.label, groups[g]),
                            ),
                        ));
                        r += 1;
                        continue;
                    }
                }
                if let Some(prev) = rows.iter().find(|(i, ..)| *i == id) {
                    let (_, pr, pleaf) = *prev;
                    // One label merged over two rows: the row with numbers is
                    // the row, when only one has numbers.
                    let same_label = pleaf == leaf;
                    let has = |row: u32| {
                        header
                            .found()
                            .any(|h| (h.left..=h.right).any(|c| ix.has_value(row, c)))
                    };
                    if same_label && !has(r) {
                        r += 1;
                        continue;
                    }
                    if same_label && !has(pr) {
                        rows.retain(|(i, ..)| *i != id);
                        rows.push((id, r, leaf));
                        r += 1;
                        continue;
                    }
                    out.push(Diagnostic::error(
                        format!("grid.ambiguous_row:{}.{}", table.key, def.key),
                        Some(ix.loc(r, leaf.left)),
                        Message::new(
                            format!(
                                "行“{}”出现两次（{} 和 {}），无法确定取哪一行",
                                def.label,
                                ix.loc(pr, pleaf.left),
                                ix.loc(r, leaf.left)
                            ),
                            format!(
                                "row \"{}\" appears twice ({} and {}); cannot tell which to read",
                                def.label,
                                ix.loc(pr, pleaf.left),
                                ix.loc(r, leaf.left)
                            ),
                        ),
                    ));
                    rows.retain(|(i, ..)| *i != id);
                    r += 1;
                    continue;
                }
                rows.push((id, r, leaf));
            }
            Match::Ambiguous(a, b) if mine.contains(&a) || mine.contains(&b) => {
                let (la, lb) = (all_rows[a].1.label, all_rows[b].1.label);
                out.push(Diagnostic::error(
                    format!("grid.ambiguous_row:{}.{}", table.key, all_rows[a].1.key),
                    Some(ix.loc_rect(leaf)),
                    Message::new(
                        format!("行标签既像“{la}”又像“{lb}”，无法确定"),
                        format!("the row label fits both \"{la}\" and \"{lb}\"; cannot tell which"),
                    ),
                ));
            }
            _ => break,
        }
        r += 1;
    }
    rows
}

/// Where the label of row `r` ends, scanning left from column `from` over
/// the numbers (and blanks) of columns whose header labels are missing: the
/// column right of the first label text met; `from` when there is none
/// within reach.
fn label_edge(ix: &Ix<'_>, r: u32, from: u32) -> u32 {
    let lowest = from.saturating_sub(8);
    let mut c = from;
    while c > lowest {
        let reg = ix.region(r, c - 1);
        if let Some(CellValue::Text(t)) = ix.own(reg.top, reg.left).map(|x| &x.value) {
            if read_cell(t, ValueKind::Amount) == CellText::Text {
                return (reg.right + 1).min(from);
            }
        }
        c = reg.left.min(c - 1);
    }
    from
}

/// The label of row `r`: the cores of the text regions left of `data_col`,
/// left to right, up to the first number-like cell; and the region of the
/// rightmost (the row's own) label.
fn row_label(ix: &Ix<'_>, r: u32, data_col: u32) -> (Vec<char>, Option<Rect>) {
    let mut regions: Vec<Rect> = Vec::new();
    let mut c = data_col;
    let lowest = data_col.saturating_sub(8);
    while c > lowest {
        c -= 1;
        let reg = ix.region(r, c);
        if regions.contains(&reg) {
            continue;
        }
        let Some(cell) = ix.own(reg.top, reg.left) else {
            continue;
        };
        if is_numberish(cell) && reg.top == r {
            break;
        }
        if let CellValue::Text(_) = cell.value {
            regions.push(reg);
        }
    }
    let leaf = regions.first().copied();
    let mut core = Vec::new();
    for reg in regions.iter().rev() {
        if let Some(CellValue::Text(t)) = ix.own(reg.top, reg.left).map(|c| &c.value) {
            core_into(t, &mut core);
        }
    }
    (core, leaf)
}

/// What diagnostics about the columns under one header name.
struct Columns {
    /// The form's columns under the header.
    labels: &'static [ColumnDef],
    /// The rule ids' prefix: `applications`, `reviews.review`.
    key: String,
    /// The table (or table 四's group) as messages name it.
    zh: String,
    en: String,
}

/// Places the form's columns under a header (`labels`: each column's label
/// region, `None` where it is missing) over its data `rows`, numbers
/// standing within `area` and the header in the rows `band`
/// ([`columns::place`]). Returns each column's grid column, or `None` for
/// every column when they cannot be placed for certain (the error is in
/// `out`); a column placed by position is named in a warning.
fn place_under(
    ix: &Ix<'_>,
    labels: &[Option<Rect>],
    rows: &[u32],
    area: (u32, u32),
    band: (u32, u32),
    what: &Columns,
    out: &mut Vec<Diagnostic>,
) -> Vec<Option<u32>> {
    let values = value_columns(ix, rows, area);
    let spans: Vec<Option<(u32, u32)>> = labels
        .iter()
        .map(|r| r.map(|r| (r.left, r.right)))
        .collect();
    let foreign = if labels.iter().any(Option::is_none) {
        foreign_headers(ix, labels, band)
    } else {
        Vec::new()
    };
    // The header cell over a grid column, as diagnostics name it.
    let over = |c: u32| ix.loc_rect(ix.region(band.1, c));
    let label = |k: usize| what.labels[k].label;
    match columns::place(&spans, &values, area, &foreign) {
        Ok(at) => {
            for (k, c) in at.iter().enumerate() {
                if let ColumnAt::Inferred(v) = *c {
                    out.push(
                        Diagnostic::warning(
                            format!("{}:{}.{}", rules::GRID_HEADER_INFERRED, what.key, what.labels[k].key),
                            Some(over(v)),
                            Message::new(
                                format!(
                                    "{}：表头中没有“{}”，按位置认定 {} 列为该列（它两侧的列都已按表头认定，只剩这一列数字）",
                                    what.zh,
                                    label(k),
                                    col_name(v)
                                ),
                                format!(
                                    "{}: the header lacks \"{}\"; column {} is taken as that column by its position (the columns beside it are placed by their labels, and it is the only column of numbers left)",
                                    what.en,
                                    label(k),
                                    col_name(v)
                                ),
                            ),
                        ),
                    );
                }
            }
            at.iter().map(|c| Some(c.col())).collect()
        }
        Err(e) => {
            out.push(unplaced(ix, labels, what, &e, &over));
            vec![None; labels.len()]
        }
    }
}

/// The error for columns that cannot be placed.
fn unplaced(
    ix: &Ix<'_>,
    labels: &[Option<Rect>],
    what: &Columns,
    e: &Unplaced,
    over: &dyn Fn(u32) -> Location,
) -> Diagnostic {
    let label = |k: usize| what.labels[k].label;
    let names =
        |cols: &[usize], sep: &str| cols.iter().map(|&k| label(k)).collect::<Vec<_>>().join(sep);
    let first_found = labels.iter().flatten().next().map(|r| ix.loc_rect(*r));
    let missing: Vec<usize> = (0..labels.len()).filter(|&k| labels[k].is_none()).collect();
    let (zh, en, first) = match e {
        Unplaced::Span { col, a, b } => {
            return Diagnostic::error(
                format!("{}:{}.{}", rules::GRID_AMBIGUOUS_HEADER, what.key, what.labels[*col].key),
                labels[*col].map(|r| ix.loc_rect(r)),
                Message::new(
                    format!(
                        "{}：表头“{}”跨多列，而其下 {} 列和 {} 列都有数字，无法确定取哪一列",
                        what.zh,
                        label(*col),
                        col_name(*a),
                        col_name(*b)
                    ),
                    format!(
                        "{}: header \"{}\" spans several columns and both {} and {} hold numbers below it",
                        what.en,
                        label(*col),
                        col_name(*a),
                        col_name(*b)
                    ),
                ),
            );
        }
        Unplaced::Shared { cols: [j, k], at } if labels[*j].is_some() && labels[*k].is_some() => {
            return Diagnostic::error(
                format!("{}:{}.{}", rules::GRID_AMBIGUOUS_HEADER, what.key, what.labels[*k].key),
                Some(over(*at)),
                Message::new(
                    format!(
                        "{}：表头“{}”和“{}”下只有同一列数字（{} 列），无法确定它属于哪一个",
                        what.zh,
                        label(*j),
                        label(*k),
                        col_name(*at)
                    ),
                    format!(
                        "{}: headers \"{}\" and \"{}\" stand over one column of numbers only ({}); cannot tell whose it is",
                        what.en,
                        label(*j),
                        label(*k),
                        col_name(*at)
                    ),
                ),
            );
        }
        Unplaced::Shared { cols, at } => {
            let gone: Vec<usize> = cols.iter().copied().filter(|&k| labels[k].is_none()).collect();
            (
                format!("它们应在的位置上只有 {} 列一列数字", col_name(*at)),
                format!("only column {} stands where they must be", col_name(*at)),
                gone.first().copied().unwrap_or(missing[0]),
            )
        }
        Unplaced::Order => (
            "表头中其余各列的顺序与表格不同，位置说明不了什么".to_string(),
            "the labels found stand in another order than the form's, so positions tell nothing".to_string(),
            missing[0],
        ),
        Unplaced::Nowhere { col } => (
            "它应在的位置上没有一列未标明的数字".to_string(),
            "no column of numbers without a header of its own stands where it must be".to_string(),
            *col,
        ),
        Unplaced::Several { cols, at } => {
            let at: Vec<String> = at.iter().map(|c| col_name(*c)).collect();
            (
                format!("{} 列都可能是，无法确定", at.join("、")),
                format!("columns {} could each be one; cannot tell which is which", at.join(", ")),
                cols[0],
            )
        }
        Unplaced::Extra { at } => (
            format!("{} 列的数字不属于任何表头，表头与数字对不上", col_name(*at)),
            format!("column {} holds numbers under no header, so the header and the numbers do not line up", col_name(*at)),
            missing[0],
        ),
    };
    // Where to look: the cells the missing labels could take, or the label
    // found next to where a missing one must stand.
    let beside = |k: usize| {
        labels[..k]
            .iter()
            .rev()
            .flatten()
            .chain(labels[k + 1..].iter().flatten())
            .next()
            .map(|r| ix.loc_rect(*r))
    };
    let (gone, loc) = match e {
        Unplaced::Several { cols, at } => (cols.clone(), Some(over(at[0]))),
        Unplaced::Extra { at } => (missing.clone(), Some(over(*at))),
        Unplaced::Shared { at, .. } => (missing.clone(), Some(over(*at))),
        Unplaced::Nowhere { col } => (vec![*col], beside(*col)),
        _ => (missing.clone(), first_found),
    };
    let (its_zh, its_en) = if gone.len() == 1 {
        ("它", "its column")
    } else {
        ("它们", "their columns")
    };
    Diagnostic::error(
        format!(
            "{}:{}.{}",
            rules::GRID_HEADER_MISSING,
            what.key,
            what.labels[first].key
        ),
        loc,
        Message::new(
            format!(
                "{}：表头中没有“{}”，无法按位置确定{its_zh}所在的列：{zh}",
                what.zh,
                names(&gone, "”“")
            ),
            format!(
                "{}: the header lacks \"{}\" and {its_en} cannot be told by position: {en}",
                what.en,
                names(&gone, "\", \"")
            ),
        ),
    )
}

/// The columns of numbers in `rows` within `area`: each column a value
/// cell starts in, with the last column such cells cover.
fn value_columns(ix: &Ix<'_>, rows: &[u32], area: (u32, u32)) -> Vec<ValueCol> {
    let mut cols: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    for c in &ix.sheet.cells {
        if !(area.0..=area.1).contains(&c.col)
            || !rows.contains(&c.row)
            || !ix.has_value(c.row, c.col)
        {
            continue;
        }
        // A value in a cell covered by a merge belongs to the merge.
        let reg = ix.region(c.row, c.col);
        if (reg.top, reg.left) != (c.row, c.col) {
            continue;
        }
        let e = cols.entry(c.col).or_insert(reg.right);
        *e = (*e).max(reg.right);
    }
    cols.into_iter().collect()
}

/// The grid columns of header text in `band` which is none of the labels
/// found nor a header over them (`申请人情况`, `法人或其他组织`): a column headed
/// `备注` is no missing label's. Blank marks (`/`, `—`) are no text.
fn foreign_headers(ix: &Ix<'_>, labels: &[Option<Rect>], band: (u32, u32)) -> Vec<(u32, u32)> {
    let meets = |a: &Rect, l: &Rect| a.left <= l.right && l.left <= a.right;
    ix.texts
        .iter()
        .filter(|(r, core)| {
            r.rows_meet(band.0, band.1)
                && !core.is_empty()
                && !labels.iter().flatten().any(|l| meets(r, l))
                && !matches!(
                    ix.own(r.top, r.left).map(|c| &c.value),
                    Some(CellValue::Text(t)) if read_cell(t, ValueKind::Amount) == CellText::Blank
                )
        })
        .map(|(r, _)| (r.left, r.right))
        .collect()
}

fn col_name(c: u32) -> String {
    cell_ref(0, c).trim_end_matches('1').to_string()
}

/// Whether the number at `(r, c)` is merged with other cells so that it
/// cannot be told which cell it belongs to (reported as an error): the cell
/// is covered by a merge whose top-left cell holds a number, or it is the
/// top-left cell of a merge that also covers another number position.
fn merged_value_conflict(
    ix: &Ix<'_>,
    r: u32,
    c: u32,
    positions: &[(u32, u32)],
    out: &mut Vec<Diagnostic>,
    what: &str,
) -> bool {
    let Some(m) = ix.merge_at(r, c) else {
        return false;
    };
    let conflict = if (m.top, m.left) == (r, c) {
        ix.own(r, c).is_some_and(is_numberish)
            && positions
                .iter()
                .any(|&(pr, pc)| (pr, pc) != (r, c) && m.contains(pr, pc))
    } else {
        ix.own(m.top, m.left).is_some_and(is_numberish)
    };
    if !conflict {
        return false;
    }
    out.push(Diagnostic::error(
        format!("grid.merged_value:{what}"),
        Some(ix.loc(r, c)),
        Message::new(
            format!(
                "数字所在单元格与其他单元格合并（{}:{}），无法确定它属于哪一格",
                cell_ref(m.top, m.left),
                cell_ref(m.bottom, m.right)
            ),
            format!(
                "the number is in a merged region ({}:{}); cannot tell which cell it belongs to",
                cell_ref(m.top, m.left),
                cell_ref(m.bottom, m.right)
            ),
        ),
    ));
    true
}

/// Table 四: groups of columns, one data row.
fn find_transposed(
    ixs: &[Ix<'_>],
    table: &'static TableDef,
    out: &mut Vec<Diagnostic>,
) -> Vec<Placed> {
    let block = &table.blocks[0];
    let ncols = block.columns.len();
    let group_m = Matcher::new(block.rows.iter().enumerate().map(|(i, r)| (i, r.label)));
    let col_m = Matcher::new(block.columns.iter().enumerate().map(|(i, c)| (i, c.label)));
    let mut placed = Vec::new();
    // Per group: its instances (sheet, group region, last column of its
    // span, sub-header regions: `None` where a sub-header is missing).
    type Group = (usize, Rect, u32, Vec<Option<Rect>>);
    let mut found: Vec<Vec<Group>> = vec![Vec::new(); block.rows.len()];
    let mut partial: Vec<Option<(Location, &'static str)>> = vec![None; block.rows.len()];
    for (si, ix) in ixs.iter().enumerate() {
        let groups = candidates(ix, &group_m, block.rows.len());
        let subs = candidates(ix, &col_m, ncols);
        for (gi, gcands) in groups.iter().enumerate() {
            for g in gcands {
                // The columns of the group: its span, or when it is a single
                // cell, up to the next group header on its row.
                let right = if g.right > g.left {
                    g.right
                } else {
                    // The next text on its own rows (`行政诉讼` beside an
                    // unmerged `行政复议`), or the next group header on the
                    // rows around it.
                    let next_text = ix
                        .texts
                        .iter()
                        .filter(|(o, _)| o.rows_meet(g.top, g.bottom) && o.left > g.left)
                        .map(|(o, _)| o.left);
                    let next_group = groups
                        .iter()
                        .flatten()
                        .filter(|o| {
                            o.rows_meet(g.top.saturating_sub(1), g.bottom + 1) && o.left > g.left
                        })
                        .map(|o| o.left);
                    let next = next_text.chain(next_group).min();
                    next.map(|n| n - 1).unwrap_or(g.left + 2 * ncols as u32)
                };
                let (top, bottom) = (g.bottom + 1, g.bottom + 2);
                let mut cols: Vec<Option<Rect>> = Vec::with_capacity(ncols);
                let mut ambiguous = false;
                for (k, sk) in subs.iter().enumerate() {
                    let hits: Vec<Rect> = sk
                        .iter()
                        .filter(|r| r.rows_meet(top, bottom) && r.left >= g.left && r.left <= right)
                        .copied()
                        .collect();
                    match hits.as_slice() {
                        [one] => cols.push(Some(*one)),
                        [] => {
                            partial[gi].get_or_insert((ix.loc_rect(*g), block.columns[k].label));
                            cols.push(None);
                        }
                        [a, b, ..] => {
                            out.push(header_twice(
                                ix,
                                format!(
                                    "{}.{}.{}",
                                    table.key, block.rows[gi].key, block.columns[k].key
                                ),
                                (
                                    &format!("{}“{}”", table.heading, block.rows[gi].label),
                                    &format!("{} \"{}\"", table.key, block.rows[gi].label),
                                ),
                                block.columns[k].label,
                                (*a, *b),
                            ));
                            ambiguous = true;
                            break;
                        }
                    }
                }
                let n_found = cols.iter().flatten().count();
                // As for the other tables: a group whose sub-headers lost
                // labels is one only while most of them are there.
                if !ambiguous && (n_found == ncols || (n_found >= 2 && n_found * 2 > ncols)) {
                    found[gi].push((si, *g, right, cols));
                }
            }
        }
    }
    for (gi, insts) in found.iter().enumerate() {
        let def = &block.rows[gi];
        match insts.as_slice() {
            [] => {
                let (zh, en) = match &partial[gi] {
                    Some((loc, missing)) => (
                        format!(
                            "{}：{loc} 处的“{}”下没有表头“{missing}”",
                            table.heading, def.label
                        ),
                        format!(
                            "{}: no header \"{missing}\" under \"{}\" at {loc}",
                            table.key, def.label
                        ),
                    ),
                    None => (
                        format!("未找到表格“{}”中的“{}”", table.heading, def.label),
                        format!("table \"{}\": group \"{}\" not found", table.key, def.label),
                    ),
                };
                out.push(Diagnostic::error(
                    format!("grid.table_missing:{}.{}", table.key, def.key),
                    partial[gi].clone().map(|(l, _)| l),
                    Message::new(zh, en),
                ));
            }
            [(si, g, right, cols)] => {
                let ix = &ixs[*si];
                let data_row = cols.iter().flatten().map(|r| r.bottom).max().unwrap_or(0) + 1;
                let row_index = gi;
                let data_cols = place_under(
                    ix,
                    cols,
                    &[data_row],
                    (g.left, *right),
                    (g.bottom + 1, data_row - 1),
                    &Columns {
                        labels: block.columns,
                        key: format!("{}.{}", table.key, def.key),
                        zh: format!("{}“{}”", table.heading, def.label),
                        en: format!("{} \"{}\"", table.key, def.label),
                    },
                    out,
                );
                let positions: Vec<(u32, u32)> =
                    data_cols.iter().flatten().map(|c| (data_row, *c)).collect();
                for (k, col) in data_cols.iter().enumerate() {
                    let Some(col) = *col else { continue };
                    let what = format!("{}.{}.{}", table.key, def.key, block.columns[k].key);
                    if merged_value_conflict(ix, data_row, col, &positions, out, &what) {
                        continue;
                    }
                    placed.push(Placed {
                        sheet: *si,
                        row: data_row,
                        col,
                        row_index,
                        col_index: k,
                    });
                }
            }
            [(sa, ga, ..), (sb, gb, ..), ..] => {
                let (a, b) = (ixs[*sa].loc_rect(*ga), ixs[*sb].loc_rect(*gb));
                out.push(Diagnostic::error(
                    format!("grid.duplicate_table:{}.{}", table.key, def.key),
                    Some(b.clone()),
                    Message::new(
                        format!("“{}”出现两次（{a} 和 {b}），无法确定取哪一个", def.label),
                        format!(
                            "\"{}\" appears twice ({a} and {b}); cannot tell which to read",
                            def.label
                        ),
                    ),
                ));
            }
        }
    }
    placed
}

/// Reads the value at `(r, c)` as a number of `kind`: the value (None for a
/// blank), the note beside it, whether it is a formula result.
type ValueRead = (Option<Value>, Option<String>, bool);

fn read_value(ix: &Ix<'_>, r: u32, c: u32, kind: ValueKind) -> Result<ValueRead, Message> {
    let Some(cell) = ix.own(r, c) else {
        return Ok((None, None, false));
    };
    let formula = cell.formula;
    match &cell.value {
        CellValue::Empty => Ok((None, None, formula)),
        CellValue::Number(f) => number_value(*f, kind).map(|v| (Some(v), None, formula)),
        CellValue::Text(t) => match read_cell(t, kind) {
            CellText::Number(v, note) => Ok((Some(v), note, formula)),
            CellText::Blank => Ok((None, None, formula)),
            CellText::Bad(e) => Err(Message::new(
                format!("“{t}”：{}", e.zh()),
                format!("\"{t}\": {e}"),
            )),
            CellText::Text => Err(Message::new(
                format!("“{t}”不是数字"),
                format!("\"{t}\" is not a number"),
            )),
        },
    }
}

/// A stored number as a value of `kind`.
pub fn number_value(f: f64, kind: ValueKind) -> Result<Value, Message> {
    if !f.is_finite() {
        return Err(Message::new("不是有效数字", "not a finite number"));
    }
    if kind == ValueKind::Signed {
        if f.fract() != 0.0 || f.abs() > 9_007_199_254_740_992.0 {
            return Err(Message::new(
                format!("{f}：必须是整数"),
                format!("{f}: must be a whole number"),
            ));
        }
        return Ok(Value::Signed(f as i64));
    }
    if f < 0.0 {
        return Err(Message::new(
            format!("{f}：数值为负数"),
            format!("{f}: negative number"),
        ));
    }
    match kind {
        ValueKind::Count => {
            if f.fract() != 0.0 {
                return Err(Message::new(
                    format!("{f}：件数必须是整数"),
                    format!("{f}: a count must be a whole number"),
                ));
            }
            if f > 9_007_199_254_740_992.0 {
                return Err(Message::new(
                    format!("{f}：数值过大"),
                    format!("{f}: number too large"),
                ));
            }
            Ok(Value::Count(f as u64))
        }
        // The shortest decimal that reads back as the same float: the digits
        // the user typed, for any amount typed with up to 15 digits.
        ValueKind::Signed => unreachable!("handled above"),
        ValueKind::Amount | ValueKind::Yuan => format!("{f}")
            .parse::<Decimal>()
            .map(Value::Amount)
            .map_err(|e| Message::new(format!("{f}：{e}"), format!("{f}: {e}"))),
    }
}

/// Reads the title, organ, year (each from the cell right of, or below, its
/// label: `标题`, `机关`, `年度`) and the prose of sections 一, 五, 六 (the
/// rows under each heading, one paragraph per row, up to the next heading).
/// Missing fields are left empty with a warning.
pub fn read_front_matter(
    sheets: &[Sheet],
    report: &mut Report,
    src: &mut SourceMap,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ixs: Vec<Ix<'_>> = sheets.iter().map(Ix::new).collect();
    let field_m = Matcher::new(
        [TITLE_FIELD, ORGAN_FIELD, YEAR_FIELD]
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                std::iter::once((i, f.label)).chain(f.aliases.iter().map(move |a| (i, *a)))
            }),
    );
    let headings = crate::form::section_matcher();
    let is_label = |core: &[char]| {
        !matches!(field_m.match_whole(core), Match::None)
            || !matches!(headings.match_whole(core), Match::None)
    };
    let mut fields: [Option<(Location, String)>; 3] = [None, None, None];
    for ix in &ixs {
        for (reg, core) in &ix.texts {
            let Match::Found { id, .. } = field_m.match_whole(core) else {
                continue;
            };
            if fields[id].is_some() {
                continue;
            }
            if let Some((loc, text)) = value_beside(ix, *reg, &is_label) {
                fields[id] = Some((loc, text));
            }
        }
    }
    let [title, organ, year] = fields;
    if let Some((loc, t)) = title {
        report.title = t.trim().to_string();
        src.title = Some(loc);
    }
    if let Some((_, o)) = organ {
        report.organ = o.trim().to_string();
    }
    if let Some((loc, y)) = year {
        let digits: String = y
            .chars()
            .map(crate::label::fold_char)
            .filter(|c| !c.is_whitespace())
            .collect();
        let digits = digits.trim_end_matches('年');
        match digits.parse::<u16>() {
            Ok(n) if (1990..=2200).contains(&n) => report.year = Some(n),
            _ => out.push(Diagnostic::warning(
                "grid.front_matter:year",
                Some(loc),
                Message::new(
                    format!("年度“{y}”无法识别"),
                    format!("year \"{y}\" is not a year"),
                ),
            )),
        }
    }
    let missing: Vec<&str> = [
        (TITLE_FIELD.label, report.title.is_empty()),
        (ORGAN_FIELD.label, report.organ.is_empty()),
        (YEAR_FIELD.label, report.year.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(n, _)| *n)
    .collect();
    if !missing.is_empty() {
        out.push(Diagnostic::warning(
            "grid.front_matter",
            None,
            Message::new(
                format!("工作簿中未找到{}", missing.join("、")),
                format!("the workbook does not give the {}", missing.join(", ")),
            ),
        ));
    }
    read_prose(&ixs, report, &mut out);
    out
}

/// The text in the first non-empty cell right of `reg` on its row, or else
/// right below it.
fn value_beside(
    ix: &Ix<'_>,
    reg: Rect,
    is_label: &dyn Fn(&[char]) -> bool,
) -> Option<(Location, String)> {
    let text_of = |r: u32, c: u32| -> Option<String> {
        match &ix.own(r, c)?.value {
            CellValue::Text(t) if !t.trim().is_empty() => Some(t.clone()),
            CellValue::Number(f) => Some(format!("{f}")),
            _ => None,
        }
    };
    for c in reg.right + 1..=reg.right + 4 {
        if let Some(t) = text_of(reg.top, c) {
            return Some((ix.loc(reg.top, c), t));
        }
    }
    // A form laid out vertically has the value under its label; but under
    // an empty field of a horizontal form stands the next label or a
    // heading, which is no value.
    let below = text_of(reg.bottom + 1, reg.left)?;
    let mut core = Vec::new();
    core_into(&below, &mut core);
    if is_label(&core) {
        return None;
    }
    Some((ix.loc(reg.bottom + 1, reg.left), below))
}

fn read_prose(ixs: &[Ix<'_>], report: &mut Report, out: &mut Vec<Diagnostic>) {
    let form = report.form_def();
    // Every section heading, so that any heading ends the prose before it.
    let heading_m = crate::form::section_matcher();
    let mut found = [false; 3];
    for ix in ixs {
        // Headings on this sheet, in reading order.
        let heads: Vec<(Rect, usize)> = ix
            .texts
            .iter()
            // Headings in a workbook are cells of the form, written whole:
            // only an exact heading (or alias) counts, so that a paragraph
            // that merely resembles one stays prose.
            .filter_map(|(r, core)| match heading_m.match_whole(core) {
                Match::Found { id, quality } if quality.is_exact() => Some((*r, id)),
                _ => None,
            })
            .collect();
        for (hi, (reg, si)) in heads.iter().enumerate() {
            let SectionContent::Prose(p) = form.sections[*si].content else {
                continue;
            };
            let slot = ProseSection::ALL
                .iter()
                .position(|x| *x == p)
                .expect("prose section");
            if found[slot] {
                continue;
            }
            let end = heads.get(hi + 1).map(|(r, _)| r.top).unwrap_or(u32::MAX);
            let mut paras = Vec::new();
            // The rows from the heading's own row (paragraphs beside a
            // heading merged down over them) to the next heading.
            let body = ix.texts.iter().filter(|(r, _)| {
                (r.top > reg.top || (r.top == reg.top && r.left > reg.right)) && r.top < end
            });
            for (r, _) in body {
                if let Some(CellValue::Text(t)) = ix.own(r.top, r.left).map(|c| &c.value) {
                    paras.push(t.as_str());
                }
            }
            *report.sections.get_mut(p) = normalize_prose(&paras.join("\n"));
            found[slot] = true;
        }
    }
    let missing: Vec<&str> = ProseSection::ALL
        .iter()
        .zip(found)
        .filter(|(_, f)| !f)
        .filter_map(|(p, _)| {
            form.sections
                .iter()
                .find(|s| matches!(s.content, SectionContent::Prose(q) if q == *p))
                .map(|s| s.heading)
        })
        .collect();
    if !missing.is_empty() {
        out.push(Diagnostic::warning(
            "grid.prose_missing",
            None,
            Message::new(
                format!(
                    "工作簿中没有以下文字部分，按空白处理：{}",
                    missing.join("、")
                ),
                format!(
                    "the workbook does not hold these text sections; left empty: {}",
                    missing.join(", ")
                ),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 3), "D7");
        assert_eq!(cell_ref(0, 25), "Z1");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
    }

    /// Table 三 alone on a sheet, as a spreadsheet without merges holds it:
    /// `header` rows from row 0 (each a list of (column, text)), then the
    /// 25 rows, labels in column A, numbers from D: row `i`, column `k`
    /// holds `100 * i + k`, so that every number tells where it belongs.
    fn t3_sheet(header: &[&[(u32, &str)]]) -> Sheet {
        let mut s = Sheet::new("三");
        for (r, cells) in header.iter().enumerate() {
            for (c, t) in *cells {
                s.push(r as u32, *c, CellValue::Text((*t).into()));
            }
        }
        let table = FormVersion::V2021.form().table("applications").unwrap().1;
        let top = header.len() as u32;
        for (i, (_, row)) in table.rows().enumerate() {
            let r = top + i as u32;
            s.push(r, 0, CellValue::Text(row.label.into()));
            for k in 0..7 {
                s.push(r, 3 + k, CellValue::Number(f64::from(100 * i as u32 + k)));
            }
        }
        s
    }

    const KINDS: [(u32, &str); 5] = [
        (4, "商业企业"),
        (5, "科研机构"),
        (6, "社会公益组织"),
        (7, "法律服务机构"),
        (8, "其他"),
    ];

    /// Table 三 read from `sheet`: its numbers as placed (or the errors),
    /// and the rules of the warnings.
    fn read_t3(sheet: Sheet) -> Result<(Report, Vec<String>), Vec<String>> {
        let mut report = Report::empty(FormVersion::V2021);
        let mut src = SourceMap::new(FormVersion::V2021);
        let d = read_tables(&[sheet], &mut report, &mut src);
        let rules = |f: fn(&Diagnostic) -> bool| {
            d.iter()
                .filter(|x| f(x) && x.rule.contains("applications"))
                .map(|x| x.rule.clone())
                .collect::<Vec<_>>()
        };
        let errors = rules(Diagnostic::is_error);
        if errors.is_empty() {
            Ok((report, rules(|x| !x.is_error())))
        } else {
            Err(errors)
        }
    }

    fn t3_right(report: &Report) -> bool {
        let table = report.form_def().table("applications").unwrap().1;
        table.rows().enumerate().all(|(i, (_, row))| {
            table.blocks[0].columns.iter().enumerate().all(|(k, col)| {
                report.count("applications", row.key, col.key) == Some(100 * i as u64 + k as u64)
            })
        })
    }

    #[test]
    fn a_header_with_every_label_reads_with_no_warning() {
        let (r, warnings) = read_t3(t3_sheet(&[
            &[(3, "自然人"), (4, "法人或其他组织"), (9, "总计")],
            &KINDS,
        ]))
        .unwrap();
        assert!(t3_right(&r) && warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_blank_natural_and_no_total_are_placed_by_position() {
        let (r, warnings) = read_t3(t3_sheet(&[&[(4, "法人或其他组织")], &KINDS])).unwrap();
        assert!(t3_right(&r));
        assert_eq!(
            warnings,
            [
                "grid.header_inferred:applications.natural",
                "grid.header_inferred:applications.total"
            ]
        );
    }

    #[test]
    fn labels_in_a_taller_header_are_found_by_label() {
        // 自然人 and 总计 two rows above the kinds, a row of units between:
        // beyond the band around 商业企业, but the only cells with those
        // labels where they must stand.
        let units: Vec<(u32, &str)> = (3..10).map(|c| (c, "（件）")).collect();
        let (r, warnings) = read_t3(t3_sheet(&[
            &[(3, "自然人"), (4, "法人或其他组织"), (9, "总计")],
            &units,
            &KINDS,
        ]))
        .unwrap();
        assert!(t3_right(&r) && warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn two_labels_missing_side_by_side_are_refused() {
        let kinds = [(4, "商业企业"), (7, "法律服务机构"), (8, "其他")];
        let e = read_t3(t3_sheet(&[&[(3, "自然人"), (9, "总计")], &kinds])).unwrap_err();
        assert_eq!(e, ["grid.header_missing:applications.research"]);
    }

    #[test]
    fn row_labels_that_read_as_column_labels_make_no_header() {
        // `3.其他` and `（七）总计` are column labels too; with the header
        // gone they must not stand in for it.
        let e = read_t3(t3_sheet(&[&[(3, "甲"), (9, "乙")]])).unwrap_err();
        assert!(
            e.iter().all(|r| r.starts_with("grid.table_missing")),
            "{e:?}"
        );
    }

    #[test]
    fn fee_floats_keep_their_digits() {
        for s in ["155.1344", "4166.241619", "0.1", "96171.6", "18.15", "0"] {
            let f: f64 = s.parse().unwrap();
            assert_eq!(number_value(f, ValueKind::Amount).unwrap().to_string(), s);
        }
        assert!(number_value(2.5, ValueKind::Count).is_err());
        assert!(number_value(-1.0, ValueKind::Count).is_err());
        assert_eq!(
            number_value(12.0, ValueKind::Count).unwrap(),
            Value::Count(12)
        );
    }
}
