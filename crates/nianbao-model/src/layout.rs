//! The official drawing of the form's tables as data: for each table of
//! each edition, its header rows, label columns, merged cells and which
//! cell holds which number.
//!
//! Everything here is derived from the definitions in [`crate::form`]; no
//! label is spelled out. Every writer that draws a table (the spreadsheet,
//! the Word document, the web page) lays it out from a [`TableLayout`], so
//! the merged cells are the same everywhere:
//!
//! - **二** (blocks with captions): for each block, a caption row spanning
//!   the table, a header row (the corner `信息内容`, then the column labels,
//!   a block with fewer columns than the widest spreading its last label to
//!   the right edge), then one row per row of the block.
//! - **三** (rows with groups): one label column per level of groups plus
//!   one for the rows' own labels; a three-row header with the note in its
//!   corner, `申请人情况` over every number column, the first and last
//!   column labels (`自然人`, `总计`) two rows high and `法人或其他组织` over
//!   the kinds between them; the groups (`三、本年度办理结果`, `（三）不予公开`…)
//!   merged down over their rows, a row's own label merged to the last label
//!   column.
//! - **四** (transposed): each row of the block becomes a group of columns
//!   under its label (and its groups' labels), one row of numbers.
//!
//! Grid coordinates are 0-based and local to the table (no title row).

use crate::form::{
    BlockDef, CellId, Drawing, Form, TableDef, APPLICANTS_HEADER, ORGANISATIONS_HEADER,
};
use crate::grid::Rect;

/// What a fixed text of a table is, for its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A block's caption (`第二十条第（一）项`).
    Caption,
    /// A column header (`自然人`, `信息内容`, `行政复议`).
    Header,
    /// The note in the corner of table 三.
    Note,
    /// A row's own label (`1.属于国家秘密`).
    Label,
    /// A group of rows (`（三）不予公开`), merged down over them.
    Group,
}

/// What a cell of the drawing holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A fixed text of the form.
    Text(&'static str, Role),
    /// The number of a cell of the report.
    Number(CellId),
}

/// One cell of the drawing, possibly merged over a rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// The rows and columns it covers.
    pub rect: Rect,
    /// What it holds.
    pub content: Content,
}

/// Where the table is drawn, for the one thing that differs: how the
/// column labels of a transposed table (四) stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Medium {
    /// A document (Word, a web page), as the official Word template draws
    /// it: a row label one row high, its column labels stretched down to
    /// the numbers (`结果维持` two rows high under `行政复议`).
    #[default]
    Document,
    /// As the spreadsheet form draws it: every column label on the last
    /// header row, the row labels stretched down to meet them (`行政复议`
    /// two rows high). Kept so that written workbooks stay byte-identical.
    Workbook,
}

/// One table of the form, drawn.
#[derive(Debug, Clone)]
pub struct TableLayout {
    /// Index of the table in [`Form::tables`].
    pub table_index: usize,
    /// The table.
    pub table: &'static TableDef,
    /// Number of grid rows.
    pub rows: u32,
    /// Number of grid columns.
    pub cols: u32,
    /// Rows at the top that are the header (repeated on every printed
    /// page); 0 for table 二, whose blocks carry their own headers.
    pub header_rows: u32,
    /// Columns at the left that hold labels.
    pub label_cols: u32,
    /// The cells, in drawing order. Every grid position is covered by
    /// exactly one piece.
    pub pieces: Vec<Piece>,
}

impl TableLayout {
    fn new(table_index: usize, table: &'static TableDef) -> TableLayout {
        TableLayout {
            table_index,
            table,
            rows: 0,
            cols: 0,
            header_rows: 0,
            label_cols: 0,
            pieces: Vec::new(),
        }
    }

    fn text(
        &mut self,
        (top, left): (u32, u32),
        (bottom, right): (u32, u32),
        t: &'static str,
        role: Role,
    ) {
        self.pieces.push(Piece {
            rect: Rect {
                top,
                left,
                bottom,
                right,
            },
            content: Content::Text(t, role),
        });
    }

    fn number(&mut self, id: CellId, row: u32, (left, right): (u32, u32)) {
        self.pieces.push(Piece {
            rect: Rect {
                top: row,
                left,
                bottom: row,
                right,
            },
            content: Content::Number(id),
        });
    }

    fn finish(mut self) -> TableLayout {
        self.rows = self
            .pieces
            .iter()
            .map(|p| p.rect.bottom + 1)
            .max()
            .unwrap_or(0);
        self.cols = self
            .pieces
            .iter()
            .map(|p| p.rect.right + 1)
            .max()
            .unwrap_or(0);
        self
    }

    /// For every grid position (row-major), the index of the piece that
    /// covers it.
    pub fn cover(&self) -> Vec<Option<usize>> {
        let (rows, cols) = (self.rows as usize, self.cols as usize);
        let mut out = vec![None; rows * cols];
        for (i, p) in self.pieces.iter().enumerate() {
            for r in p.rect.top..=p.rect.bottom {
                for c in p.rect.left..=p.rect.right {
                    out[r as usize * cols + c as usize] = Some(i);
                }
            }
        }
        out
    }

    /// The pieces that hold numbers, in drawing order.
    pub fn numbers(&self) -> impl Iterator<Item = (CellId, Rect)> + '_ {
        self.pieces.iter().filter_map(|p| match p.content {
            Content::Number(id) => Some((id, p.rect)),
            Content::Text(..) => None,
        })
    }
}

/// Every table of `form`, drawn.
pub fn tables(form: &'static Form, medium: Medium) -> Vec<TableLayout> {
    (0..form.tables.len())
        .map(|i| table(form, i, medium))
        .collect()
}

/// Table `index` of `form`, drawn.
pub fn table(form: &'static Form, index: usize, medium: Medium) -> TableLayout {
    let t = &form.tables[index];
    let first = form
        .cells()
        .iter()
        .find(|c| c.table_index == index)
        .map(|c| c.id)
        .expect("a table has cells");
    let out = TableLayout::new(index, t);
    match t.drawing {
        Drawing::Blocks => captioned_blocks(out, first),
        Drawing::Rows => grouped_rows(out, &t.blocks[0], first),
        Drawing::Transposed => transposed(out, &t.blocks[0], first, medium),
    }
    .finish()
}

/// Table 二: blocks one under the other, each with caption, header and rows.
fn captioned_blocks(mut s: TableLayout, mut id: CellId) -> TableLayout {
    let table = s.table;
    let w = table.widest_block().max(1) as u32;
    s.label_cols = 1;
    let mut r = 0;
    for b in table.blocks {
        if !b.caption.is_empty() {
            s.text((r, 0), (r, w), b.caption, Role::Caption);
            r += 1;
        }
        s.text((r, 0), (r, 0), b.corner, Role::Header);
        let n = b.columns.len() as u32;
        let span = (w / n).max(1);
        let col_range = |j: u32| (1 + j * span, if j + 1 == n { w } else { (j + 1) * span });
        for (j, c) in b.columns.iter().enumerate() {
            let (c0, c1) = col_range(j as u32);
            s.text((r, c0), (r, c1), c.label, Role::Header);
        }
        r += 1;
        for row in b.rows {
            s.text((r, 0), (r, 0), row.label, Role::Label);
            for j in 0..n {
                s.number(id, r, col_range(j));
                id = CellId(id.0 + 1);
            }
            r += 1;
        }
    }
    s
}

/// Table 三: label columns for the groups and the row label, a three-row
/// header with the note in its corner.
fn grouped_rows(mut s: TableLayout, block: &'static BlockDef, mut id: CellId) -> TableLayout {
    let depth = block.rows.iter().map(|r| r.groups.len()).max().unwrap_or(0);
    let labels = depth as u32 + 1;
    let n = block.columns.len() as u32;
    let last = labels + n - 1;
    s.label_cols = labels;
    s.header_rows = 3;
    s.text((0, 0), (2, labels - 1), block.corner, Role::Note);
    s.text((0, labels), (0, last), APPLICANTS_HEADER, Role::Header);
    for (j, c) in block.columns.iter().enumerate() {
        let col = labels + j as u32;
        if j == 0 || j + 1 == block.columns.len() {
            s.text((1, col), (2, col), c.label, Role::Header);
        } else {
            s.text((2, col), (2, col), c.label, Role::Header);
        }
    }
    s.text(
        (1, labels + 1),
        (1, last - 1),
        ORGANISATIONS_HEADER,
        Role::Header,
    );
    let top = 3u32;
    for (i, row) in block.rows.iter().enumerate() {
        let r = top + i as u32;
        let d = row.groups.len() as u32;
        s.text((r, d), (r, labels - 1), row.label, Role::Label);
        for j in 0..n {
            s.number(id, r, (labels + j, labels + j));
            id = CellId(id.0 + 1);
        }
    }
    // Groups: runs of rows sharing the group at each depth.
    for k in 0..depth {
        let mut i = 0;
        while i < block.rows.len() {
            let Some(g) = block.rows[i].groups.get(k) else {
                i += 1;
                continue;
            };
            let same = |j: usize| {
                block.rows[j].groups.len() > k
                    && block.rows[j].groups[..=k] == block.rows[i].groups[..=k]
            };
            let mut j = i;
            while j + 1 < block.rows.len() && same(j + 1) {
                j += 1;
            }
            s.text(
                (top + i as u32, k as u32),
                (top + j as u32, k as u32),
                g,
                Role::Group,
            );
            i = j + 1;
        }
    }
    s
}

/// Table 四: each row of the block becomes a group of columns under its
/// label (and its groups'); one row of numbers.
fn transposed(
    mut s: TableLayout,
    block: &'static BlockDef,
    mut id: CellId,
    medium: Medium,
) -> TableLayout {
    let depth = block.rows.iter().map(|r| r.groups.len()).max().unwrap_or(0) as u32;
    let n = block.columns.len() as u32;
    // Rows 0..depth: groups; row depth: the row labels; depth + 1: the
    // column labels; depth + 2: the numbers.
    let labels_row = depth + 1;
    let data_row = labels_row + 1;
    s.header_rows = data_row;
    for (g, row) in block.rows.iter().enumerate() {
        let c0 = g as u32 * n;
        let d = row.groups.len() as u32;
        let (label_bottom, columns_top) = match medium {
            Medium::Document => (d, d + 1),
            Medium::Workbook => (labels_row - 1, labels_row),
        };
        s.text((d, c0), (label_bottom, c0 + n - 1), row.label, Role::Header);
        for (j, c) in block.columns.iter().enumerate() {
            let col = c0 + j as u32;
            s.text((columns_top, col), (labels_row, col), c.label, Role::Header);
            s.number(id, data_row, (col, col));
            id = CellId(id.0 + 1);
        }
    }
    for k in 0..depth as usize {
        let mut i = 0;
        while i < block.rows.len() {
            let Some(g) = block.rows[i].groups.get(k) else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < block.rows.len()
                && block.rows[j + 1].groups.get(..=k) == block.rows[i].groups.get(..=k)
            {
                j += 1;
            }
            s.text(
                (k as u32, i as u32 * n),
                (k as u32, (j as u32 + 1) * n - 1),
                g,
                Role::Header,
            );
            i = j + 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FormVersion;

    fn all() -> Vec<(FormVersion, Medium, TableLayout)> {
        let mut out = Vec::new();
        for v in [FormVersion::V2021, FormVersion::V2019] {
            for d in [Medium::Document, Medium::Workbook] {
                for t in tables(v.form(), d) {
                    out.push((v, d, t));
                }
            }
        }
        out
    }

    #[test]
    fn every_position_is_covered_exactly_once() {
        for (v, d, t) in all() {
            let mut seen = vec![0u32; (t.rows * t.cols) as usize];
            for p in &t.pieces {
                for r in p.rect.top..=p.rect.bottom {
                    for c in p.rect.left..=p.rect.right {
                        seen[(r * t.cols + c) as usize] += 1;
                    }
                }
            }
            assert!(
                seen.iter().all(|n| *n == 1),
                "{v:?} {d:?} {}: {seen:?}",
                t.table.key
            );
        }
    }

    #[test]
    fn every_cell_of_the_form_is_drawn_once_in_order() {
        for v in [FormVersion::V2021, FormVersion::V2019] {
            let ids: Vec<CellId> = tables(v.form(), Medium::Document)
                .iter()
                .flat_map(|t| t.numbers().map(|(id, _)| id).collect::<Vec<_>>())
                .collect();
            let want: Vec<CellId> = v.form().cells().iter().map(|c| c.id).collect();
            assert_eq!(ids, want);
        }
    }

    #[test]
    fn the_official_shapes() {
        let f = FormVersion::V2021.form();
        let [two, three, four]: [TableLayout; 3] = tables(f, Medium::Document).try_into().unwrap();
        assert_eq!((two.rows, two.cols, two.header_rows), (14, 4, 0));
        assert_eq!((three.rows, three.cols, three.header_rows), (28, 10, 3));
        assert_eq!((three.label_cols, four.label_cols), (3, 0));
        assert_eq!((four.rows, four.cols, four.header_rows), (4, 15, 3));
        // The results group runs down 22 rows (（一） … （七）).
        let results = three
            .pieces
            .iter()
            .find(|p| p.content == Content::Text(crate::form::RESULTS_GROUP, Role::Group))
            .unwrap();
        assert_eq!((results.rect.top, results.rect.bottom), (5, 26));
        // 行政复议 one row high, its column labels two.
        let review = four.pieces[0];
        assert_eq!((review.rect.bottom, review.rect.right), (0, 4));
        assert_eq!(
            (four.pieces[1].rect.top, four.pieces[1].rect.bottom),
            (1, 2)
        );
        let wb = table(f, 2, Medium::Workbook);
        assert_eq!((wb.pieces[0].rect.bottom, wb.pieces[1].rect.top), (1, 2));
        let v19 = tables(FormVersion::V2019.form(), Medium::Document);
        assert_eq!((v19[0].rows, v19[1].rows), (18, 26));
    }
}
