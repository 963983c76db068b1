//! The official spreadsheet form: [`to_xlsx`] exports a report, [`template`]
//! writes the empty form for a clerk to fill in.
//!
//! Every label, key and group below comes from the model's form definition
//! ([`nianbao_model::form`]); only the field labels of the 基本信息 sheet
//! ([`TITLE_LABEL`], [`ORGAN_LABEL`], [`YEAR_LABEL`]) belong to this module.
//!
//! # Layout (rows and columns 1-based, as Excel shows them)
//!
//! Four sheets, in this order. Every sheet's row 1 is a title row (merged
//! across the sheet's columns). The importer finds everything by its
//! labels; the addresses below are where this writer puts them
//! ([`cell_position`] gives the address of every number cell).
//!
//! **`基本信息`** ([`BASIC_SHEET`]) — columns A (labels) and B (values).
//! - A1:B1 merged: `基本信息`.
//! - A2 `标题`, B2 the report's title; A3 `机关名称`, B3 the organ; A4 `年度`,
//!   B4 the year as a number (empty when unknown).
//! - From row 5, the prose sections 一、总体情况, 五、存在的主要问题及改进情况,
//!   六、其他需要报告的事项 in this order: the heading in column A (merged down
//!   over the section's rows, when more than one), one paragraph per row in
//!   column B, wrapped. A section's text is its paragraphs joined by `\n`:
//!   the section has one row per `\n`-separated line (one row with an empty
//!   B cell when the section is empty). Every text is written as a string,
//!   never as a formula, whatever it starts with.
//!
//! **`二、主动公开政府信息情况`** — columns A (labels) and B:D (numbers).
//! - Row 1: the heading. Then, for each of the four blocks: a caption row
//!   (A:D merged, `第二十条第（一）项` …), a header row (A `信息内容`, then the
//!   column labels: one each in B, C, D for the three-column block; the one
//!   label merged over B:D for the one-column blocks), then one row per row
//!   of the block (label in A, numbers in B, C, D, or in B merged over B:D).
//! - So: A2 `第二十条第（一）项`, A3 `信息内容`, A4 `规章` B4:D4, A5 `行政规范性文件`
//!   B5:D5; A6 `第二十条第（五）项`, A7 header, A8 `行政许可` B8; A9 `第二十条第（六）项`,
//!   A10 header, A11 `行政处罚` B11, A12 `行政强制` B12; A13 `第二十条第（八）项`,
//!   A14 header with `本年收费金额（单位：万元）` in B14, A15 `行政事业性收费` B15.
//!
//! **`三、收到和处理政府信息公开申请情况`** — columns A:C (labels), D:J (numbers).
//! - Row 1: the heading. Rows 2–4 are the header: A2:C4 merged holds the note
//!   （本列数据的勾稽关系为：…）; D2:J2 `申请人情况`; D3:D4 `自然人`; E3:I3
//!   `法人或其他组织` over E4 `商业企业`, F4 `科研机构`, G4 `社会公益组织`,
//!   H4 `法律服务机构`, I4 `其他`; J3:J4 `总计`.
//! - Rows 5–29: the 25 rows in form order (row 5 `new` … row 29
//!   `carry_forward`), numbers in D:J in the column order above. A row's own
//!   label stands in the label column after its groups and is merged to C:
//!   rows 一, 二, 四 span A:C; A7:A28 merged `三、本年度办理结果`; （一）, （二）,
//!   （七） span B:C; the groups （三） B9:B16, （四） B17:B19, （五） B20:B24,
//!   （六） B25:B27 with their items in C.
//!
//! **`四、政府信息公开行政复议、行政诉讼情况`** — columns A:O, no label column.
//! - Row 1: the heading. Rows 2–4 the header: A2:E3 `行政复议`, F2:O2
//!   `行政诉讼`, F3:J3 `未经复议直接起诉`, K3:O3 `复议后起诉`; row 4 the five
//!   column labels `结果维持 结果纠正 其他结果 尚未审结 总计` under each group.
//! - Row 5: the 15 numbers, in the order of the header.
//!
//! # Values
//!
//! - A count is a number cell (format `0`); a count above 2^53, which a
//!   double cannot hold exactly, is a text cell of its digits.
//! - The fee is a number cell when the double nearest to it prints back
//!   (shortest round-trip formatting, Rust's `{}`) as exactly its digits —
//!   true of every fee with at most 15 significant digits and no trailing
//!   zero in the fraction, so of every fee with ≤ 6 decimals and ≤ 15
//!   significant digits written without a trailing zero. Its number format
//!   shows exactly its decimals (`0.0000` for `155.1344`). Any other fee
//!   (`0.50`, `18.150`, or more digits) is a text cell holding exactly its
//!   digits. An importer recovers the exact digits by formatting the float
//!   it reads with the shortest round-trip formatting (Rust's `{}`), or by
//!   taking the text as it is.
//! - A blank is an empty cell (formatted, no value).
//!
//! # Marks
//!
//! A cell named by a diagnostic ([`Diagnostic::cell`]) gets a fill — red
//! (`#FFC7CE`) for an error, yellow (`#FFEB9C`) for a warning — and a note
//! with each finding's rule id and its message (an error's message states
//! the expected sum).
//!
//! # Look
//!
//! Every format derives from one base format with the font [`FONT`]; thin
//! borders on every table cell; numbers centred; explicit column widths and
//! row heights estimated for the wrapped Chinese labels; A4, landscape for
//! 三 and 四, each table fit to one page (基本信息 to one page wide),
//! centred, the title and header rows repeated on every printed page. The
//! document's creation time is fixed, so identical input gives
//! byte-identical output.
//!
//! # The template
//!
//! The same four sheets with every number blank, except: the 总计 column of
//! 三 and 四 and the （七）总计 row of 三 are formulas (`SUM` of their parts, in
//! grey, with their computed result 0 written); input cells (the other
//! numbers, the values of 基本信息 and one empty paragraph row per prose
//! section) are unlocked and validated (counts: whole numbers ≥ 0; the fee:
//! a decimal ≥ 0); every sheet is protected without a password (rows and
//! columns may still be resized); and the row 四、结转下年度继续办理 (D29:J29)
//! turns red while 一 + 二 ≠ 三 + 四 in its column. Several paragraphs can be
//! typed into one prose cell (Alt+Enter).

use nianbao_model::form::{Drawing, TableDef};
use nianbao_model::layout::{self, Content, Medium, Role, TableLayout};
use nianbao_model::rules;
use nianbao_model::{
    CellId, Decimal, Diagnostic, Form, FormVersion, ProseSection, Report, Severity, Value,
    ValueKind,
};
use rust_xlsxwriter::{
    utility::row_col_to_cell, Color, ConditionalFormatFormula, DataValidation, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note,
    ProtectionOptions, Workbook, Worksheet,
};
use std::collections::HashMap;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The XLSX writer refused (should not happen for a report of the form).
    #[error("XLSX writer: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A text is longer than a spreadsheet cell can hold (32,767 characters).
    #[error("{sheet}!{cell}: a text of {len} characters does not fit one spreadsheet cell (at most 32767)")]
    CellTooLong {
        /// The sheet's name.
        sheet: String,
        /// The cell, `B7`.
        cell: String,
        /// The text's length in characters.
        len: usize,
    },
    /// More lines of prose than nianbao reads back from a workbook.
    #[error("the report has {lines} lines of prose; a workbook nianbao writes holds at most {max} (卷面文字超过 {max} 段)")]
    TooManyLines {
        /// Lines of prose in the report.
        lines: usize,
        /// [`nianbao_model::report::MAX_PROSE_LINES`].
        max: usize,
    },
}

/// The front matter's sheet and labels, as the model defines them.
pub use nianbao_model::form::BASIC_SHEET;
/// Label of the title field.
pub const TITLE_LABEL: &str = nianbao_model::form::TITLE_FIELD.label;
/// Label of the organ field.
pub const ORGAN_LABEL: &str = nianbao_model::form::ORGAN_FIELD.label;
/// Label of the year field.
pub const YEAR_LABEL: &str = nianbao_model::form::YEAR_FIELD.label;
/// The font of every cell.
pub const FONT: &str = "宋体";

/// The longest text a spreadsheet cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// The largest count a double holds exactly.
const MAX_EXACT_COUNT: u64 = 1 << 53;
/// Fill of a cell that breaks a rule.
const ERROR_FILL: u32 = 0xFFC7CE;
/// Fill of a cell a rule could not be checked for.
const WARNING_FILL: u32 = 0xFFEB9C;
/// Fill of a formula cell in the template.
const FORMULA_FILL: u32 = 0xF2F2F2;
/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

/// Where a number cell of the form is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPosition {
    /// The sheet's name (the table's heading).
    pub sheet: &'static str,
    /// 0-based row.
    pub row: u32,
    /// 0-based column (the first column of a merged number cell).
    pub col: u16,
}

impl CellPosition {
    /// The A1 reference, `D7`.
    pub fn a1(&self) -> String {
        row_col_to_cell(self.row, self.col)
    }
}

/// Where [`to_xlsx`] and [`template`] write the number cell `id` of the
/// 2021 form; `None` for an id outside the form.
pub fn cell_position(id: CellId) -> Option<CellPosition> {
    let form = FormVersion::V2021.form();
    layout(form).into_iter().find_map(|s| {
        s.slots.iter().find(|x| x.id == id).map(|x| CellPosition {
            sheet: s.name,
            row: x.row,
            col: x.col,
        })
    })
}

/// How a fee is written: `Some(f)` as the number `f` (its shortest
/// round-trip formatting is exactly the fee's digits), `None` as text.
pub fn fee_as_number(d: Decimal) -> Option<f64> {
    let s = d.to_string();
    let f: f64 = s.parse().ok()?;
    (f.is_finite() && f.to_string() == s).then_some(f)
}

// ---------------------------------------------------------------------------
// Layout: pure data computed from the form.

/// What a fixed text cell is, for its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Caption,
    Header,
    Note,
    Label,
    Group,
}

/// A fixed text, possibly merged over a range.
#[derive(Debug)]
struct Piece {
    r0: u32,
    c0: u16,
    r1: u32,
    c1: u16,
    text: &'static str,
    kind: Kind,
}

/// A number cell, possibly merged over columns `col..=last_col`.
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: CellId,
    row: u32,
    col: u16,
    last_col: u16,
}

/// One table's sheet.
#[derive(Debug)]
struct SheetLayout {
    name: &'static str,
    table: &'static TableDef,
    landscape: bool,
    widths: Vec<f64>,
    heights: Vec<(u32, f64)>,
    pieces: Vec<Piece>,
    slots: Vec<Slot>,
    /// Last row repeated on every printed page (from row 0).
    header_end: u32,
}

impl SheetLayout {
    fn new(table: &'static TableDef, widths: Vec<f64>, landscape: bool) -> SheetLayout {
        let last = widths.len() as u16 - 1;
        SheetLayout {
            name: table.heading,
            table,
            landscape,
            widths,
            heights: vec![(0, 30.0)],
            pieces: vec![Piece {
                r0: 0,
                c0: 0,
                r1: 0,
                c1: last,
                text: table.heading,
                kind: Kind::Title,
            }],
            slots: Vec::new(),
            header_end: 0,
        }
    }

    fn piece(
        &mut self,
        (r0, c0): (u32, u16),
        (r1, c1): (u32, u16),
        text: &'static str,
        kind: Kind,
    ) {
        self.pieces.push(Piece {
            r0,
            c0,
            r1,
            c1,
            text,
            kind,
        });
    }

    fn slot_ids(&self, row: u32) -> impl Iterator<Item = &Slot> {
        self.slots.iter().filter(move |s| s.row == row)
    }

    /// Width of columns `c0..=c1` in character units.
    fn width(&self, c0: u16, c1: u16) -> f64 {
        self.widths[c0 as usize..=c1 as usize].iter().sum()
    }
}

/// Rough width of a text in Excel character units (a CJK character is about
/// two digits wide).
fn text_units(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.05 })
        .sum()
}

/// The tallest row Excel accepts, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Row height in points for a wrapped text in a cell `width` units wide
/// (at most [`MAX_ROW_HEIGHT`]; a longer paragraph scrolls in its cell).
fn wrapped_height(text: &str, width: f64) -> f64 {
    let per_line = (width - 1.5).max(2.0);
    let lines: f64 = text
        .split('\n')
        .map(|l| (text_units(l) / per_line).ceil().max(1.0))
        .sum();
    (lines * 14.5 + 5.0).min(MAX_ROW_HEIGHT)
}

/// The layout of every table sheet of `form`: the model's drawing
/// ([`layout::tables`], as workbooks draw table 四) one row down, under the
/// sheet's title row, with the sheet's column widths and row heights.
fn layout(form: &'static Form) -> Vec<SheetLayout> {
    layout::tables(form, Medium::Workbook)
        .into_iter()
        .map(sheet_of)
        .collect()
}

fn kind_of(role: Role) -> Kind {
    match role {
        Role::Caption => Kind::Caption,
        Role::Header => Kind::Header,
        Role::Note => Kind::Note,
        Role::Label => Kind::Label,
        Role::Group => Kind::Group,
    }
}

/// One table's sheet from its drawing.
fn sheet_of(t: TableLayout) -> SheetLayout {
    let shape = t.table.drawing;
    let labels = t.label_cols as usize;
    let numbers = (t.cols - t.label_cols) as usize;
    let widths: Vec<f64> = match shape {
        Drawing::Blocks => std::iter::once(24.0)
            .chain(std::iter::repeat_n(20.0, numbers))
            .collect(),
        // Label columns: narrow for the outer groups (their text runs
        // down), wide for the row labels.
        Drawing::Rows => (0..labels)
            .map(|k| {
                if k + 1 == labels {
                    44.0
                } else {
                    5.0 + 5.0 * k as f64
                }
            })
            .chain(std::iter::repeat_n(10.0, numbers))
            .collect(),
        Drawing::Transposed => vec![9.0; t.cols as usize],
    };
    let mut s = SheetLayout::new(t.table, widths, shape != Drawing::Blocks);
    for p in &t.pieces {
        let (r0, c0) = (p.rect.top + 1, p.rect.left as u16);
        let (r1, c1) = (p.rect.bottom + 1, p.rect.right as u16);
        match p.content {
            Content::Text(text, role) => s.piece((r0, c0), (r1, c1), text, kind_of(role)),
            Content::Number(id) => s.slots.push(Slot {
                id,
                row: r0,
                col: c0,
                last_col: c1,
            }),
        }
    }
    for r in 1..=t.rows {
        let texts = || {
            s.pieces
                .iter()
                .filter(move |p| p.r0 == r && p.kind != Kind::Title)
        };
        let label = texts().find(|p| p.kind == Kind::Label);
        let h = match shape {
            Drawing::Blocks if texts().any(|p| p.kind == Kind::Caption) => 20.0,
            Drawing::Blocks => match label {
                Some(p) => wrapped_height(p.text, s.width(0, 0)).max(20.0),
                // The header row: as tall as its tallest column label.
                None => texts()
                    .filter(|p| p.c0 > 0)
                    .map(|p| wrapped_height(p.text, s.width(p.c0, p.c1)))
                    .fold(20.0, f64::max),
            },
            Drawing::Rows => match (r, label) {
                (1 | 2, _) => 22.0,
                (3, _) => 32.0,
                (_, Some(p)) => wrapped_height(p.text, s.width(p.c0, p.c1)).max(20.0),
                (_, None) => 20.0,
            },
            Drawing::Transposed if r <= t.header_rows => 22.0,
            Drawing::Transposed => 24.0,
        };
        s.heights.push((r, h));
    }
    s.header_end = t.header_rows;
    s
}

// ---------------------------------------------------------------------------
// Formats.

struct Styles {
    title: Format,
    caption: Format,
    header: Format,
    note: Format,
    label: Format,
    group: Format,
    field: Format,
    value: Format,
    year: Format,
    prose: Format,
    heading: Format,
    number: Format,
}

/// The format every cell format of nianbao's workbooks derives from: the
/// CJK font at 11 points (rust_xlsxwriter's formats do not inherit the
/// workbook's default font).
pub fn base_format() -> Format {
    Format::new().set_font_name(FONT).set_font_size(11)
}

impl Styles {
    fn new() -> Styles {
        let base = base_format();
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let centred = boxed.clone().set_align(FormatAlign::Center).set_text_wrap();
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            caption: centred.clone().set_bold(),
            header: centred.clone(),
            note: centred.clone().set_font_size(10),
            label: boxed.clone().set_align(FormatAlign::Left).set_text_wrap(),
            group: centred.clone(),
            field: boxed.clone().set_bold(),
            value: boxed.clone().set_align(FormatAlign::Left).set_text_wrap(),
            year: boxed
                .clone()
                .set_align(FormatAlign::Left)
                .set_num_format("0"),
            prose: base
                .clone()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            heading: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            number: boxed.set_align(FormatAlign::Center).set_num_format("0"),
        }
    }

    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Title => &self.title,
            Kind::Caption => &self.caption,
            Kind::Header => &self.header,
            Kind::Note => &self.note,
            Kind::Label => &self.label,
            Kind::Group => &self.group,
        }
    }
}

fn fee_format(base: &Format, d: Decimal) -> Format {
    let fmt = if d.scale() == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(d.scale() as usize))
    };
    base.clone().set_num_format(fmt)
}

// ---------------------------------------------------------------------------
// Writing.

/// Writes a string, refusing (with the cell named) what a cell cannot hold.
fn put_str(
    ws: &mut Worksheet,
    sheet: &str,
    r: u32,
    c: u16,
    s: &str,
    fmt: &Format,
) -> Result<(), WriteError> {
    let len = s.chars().count();
    if len > MAX_CELL_CHARS {
        return Err(WriteError::CellTooLong {
            sheet: sheet.to_string(),
            cell: row_col_to_cell(r, c),
            len,
        });
    }
    ws.write_string_with_format(r, c, s, fmt)?;
    Ok(())
}

fn put_piece(ws: &mut Worksheet, p: &Piece, fmt: &Format) -> Result<(), WriteError> {
    if p.r0 == p.r1 && p.c0 == p.c1 {
        ws.write_string_with_format(p.r0, p.c0, p.text, fmt)?;
    } else {
        ws.merge_range(p.r0, p.c0, p.r1, p.c1, p.text, fmt)?;
    }
    Ok(())
}

fn new_workbook(title: &str) -> Workbook {
    let mut wb = Workbook::new();
    // A fixed creation time: identical input, identical bytes.
    let created = ExcelDateTime::from_ymd(2021, 1, 1).expect("a valid date");
    let props = DocProperties::new()
        .set_title(title)
        .set_author("nianbao")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb
}

fn setup_sheet(ws: &mut Worksheet, s: &SheetLayout) -> Result<(), WriteError> {
    ws.set_name(s.name)?;
    for (c, w) in s.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, h) in &s.heights {
        ws.set_row_height(*r, *h)?;
    }
    ws.set_paper_size(PAPER_A4);
    if s.landscape {
        ws.set_landscape();
    }
    // One page per table, as the official form prints: fit to one page
    // wide *and* tall (table 三's 29 rows otherwise spill onto a second
    // page in LibreOffice, its last row alone under a repeated header).
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(0, s.header_end)?;
    Ok(())
}

/// Sets the sheet up and writes its fixed texts.
fn write_frame(ws: &mut Worksheet, s: &SheetLayout, st: &Styles) -> Result<(), WriteError> {
    setup_sheet(ws, s)?;
    for p in &s.pieces {
        put_piece(ws, p, st.of(p.kind))?;
    }
    Ok(())
}

/// Writes one value in its slot with `fmt`.
fn write_value(
    ws: &mut Worksheet,
    slot: &Slot,
    v: Option<Value>,
    fmt: &Format,
) -> Result<(), WriteError> {
    if slot.last_col > slot.col {
        // merge_range takes text: merge, then write the first cell again.
        ws.merge_range(slot.row, slot.col, slot.row, slot.last_col, "", fmt)?;
    }
    let (r, c) = (slot.row, slot.col);
    match v {
        None => ws.write_blank(r, c, fmt)?,
        Some(Value::Count(n)) if n <= MAX_EXACT_COUNT => {
            ws.write_number_with_format(r, c, n as f64, fmt)?
        }
        Some(Value::Count(n)) => ws.write_string_with_format(r, c, n.to_string(), fmt)?,
        Some(Value::Signed(n)) if n.unsigned_abs() <= MAX_EXACT_COUNT => {
            ws.write_number_with_format(r, c, n as f64, fmt)?
        }
        Some(Value::Signed(n)) => ws.write_string_with_format(r, c, n.to_string(), fmt)?,
        Some(Value::Amount(d)) => match fee_as_number(d) {
            Some(f) => ws.write_number_with_format(r, c, f, &fee_format(fmt, d))?,
            None => ws.write_string_with_format(r, c, d.to_string(), fmt)?,
        },
    };
    Ok(())
}

/// What the basic sheet holds.
struct Basic<'a> {
    title: &'a str,
    organ: &'a str,
    year: Option<u16>,
    prose: [&'a str; 3],
}

/// Writes the 基本信息 sheet; `input` unlocks the value cells (template).
fn write_basic(wb: &mut Workbook, b: &Basic, st: &Styles, input: bool) -> Result<(), WriteError> {
    let form = FormVersion::V2021.form();
    let ws = wb.add_worksheet();
    ws.set_name(BASIC_SHEET)?;
    let (label_w, text_w) = (24.0, 100.0);
    ws.set_column_width(0, label_w)?;
    ws.set_column_width(1, text_w)?;
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(0, 0)?;
    ws.merge_range(0, 0, 0, 1, BASIC_SHEET, &st.title)?;
    ws.set_row_height(0, 30.0)?;
    let unlock = |f: &Format| {
        if input {
            f.clone().set_unlocked()
        } else {
            f.clone()
        }
    };
    let (value, year, prose) = (unlock(&st.value), unlock(&st.year), unlock(&st.prose));
    for (r, label, text) in [(1, TITLE_LABEL, b.title), (2, ORGAN_LABEL, b.organ)] {
        ws.write_string_with_format(r, 0, label, &st.field)?;
        if text.is_empty() {
            ws.write_blank(r, 1, &value)?;
        } else {
            put_str(ws, BASIC_SHEET, r, 1, text, &value)?;
        }
        ws.set_row_height(r, wrapped_height(text, text_w).max(20.0))?;
    }
    ws.write_string_with_format(3, 0, YEAR_LABEL, &st.field)?;
    match b.year {
        Some(y) => ws.write_number_with_format(3, 1, y, &year)?,
        None => ws.write_blank(3, 1, &year)?,
    };
    ws.set_row_height(3, 20.0)?;
    if input {
        let v = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1900, 2999))
            .set_error_message("请填写四位年份。")?;
        ws.add_data_validation(3, 1, 3, 1, &v)?;
    }
    let mut r = 4;
    for sec in form.sections {
        let nianbao_model::form::SectionContent::Prose(which) = sec.content else {
            continue;
        };
        let text = b.prose[ProseSection::ALL
            .iter()
            .position(|p| *p == which)
            .expect("a prose section")];
        let lines: Vec<&str> = text.split('\n').collect();
        let n = lines.len() as u32;
        if n > 1 {
            ws.merge_range(r, 0, r + n - 1, 0, sec.heading, &st.heading)?;
        } else {
            ws.write_string_with_format(r, 0, sec.heading, &st.heading)?;
        }
        for (i, line) in lines.iter().enumerate() {
            let row = r + i as u32;
            if line.is_empty() {
                ws.write_blank(row, 1, &prose)?;
            } else {
                // Always a string: prose starting with = + - @ is never a formula.
                put_str(ws, BASIC_SHEET, row, 1, line, &prose)?;
            }
            let head = if i == 0 {
                wrapped_height(sec.heading, label_w)
            } else {
                0.0
            };
            ws.set_row_height(row, wrapped_height(line, text_w).max(head).max(20.0))?;
        }
        r += n;
    }
    if input {
        protect(ws);
    }
    Ok(())
}

fn protect(ws: &mut Worksheet) {
    let opts = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&opts);
}

/// The marks of the diagnostics, per cell: the worst severity and the
/// note text.
fn marks(form: &'static Form, diagnostics: &[Diagnostic]) -> HashMap<CellId, (Severity, String)> {
    let mut out: HashMap<CellId, (Severity, String)> = HashMap::new();
    for d in diagnostics {
        let Some(id) = d.cell.filter(|id| id.index() < form.cell_count()) else {
            continue;
        };
        let line = format!("{}：{}", d.rule, d.message.zh);
        match out.get_mut(&id) {
            Some((sev, text)) => {
                *sev = (*sev).max(d.severity);
                text.push('\n');
                text.push_str(&line);
            }
            None => {
                out.insert(id, (d.severity, line));
            }
        }
    }
    out
}

/// Exports `report` as the official form (see the module doc for the
/// layout), marking the cells named by `diagnostics`.
pub fn to_xlsx(report: &Report, diagnostics: &[Diagnostic]) -> Result<Vec<u8>, WriteError> {
    Ok(to_workbook(report, diagnostics)?.save_to_buffer()?)
}

/// The workbook of [`to_xlsx`], not yet saved, so that a caller can add
/// sheets of its own after the form's (the list of reports behind a
/// consolidated report, for one).
pub fn to_workbook(report: &Report, diagnostics: &[Diagnostic]) -> Result<Workbook, WriteError> {
    let (lines, max) = (
        report.sections.lines(),
        nianbao_model::report::MAX_PROSE_LINES,
    );
    if lines > max {
        return Err(WriteError::TooManyLines { lines, max });
    }
    let form = report.form_def();
    let st = Styles::new();
    let mut wb = new_workbook(&report.title);
    let s = &report.sections;
    let basic = Basic {
        title: &report.title,
        organ: &report.organ,
        year: report.year,
        prose: ProseSection::ALL.map(|p| s.get(p)),
    };
    write_basic(&mut wb, &basic, &st, false)?;
    let marks = marks(form, diagnostics);
    let error_fmt = st
        .number
        .clone()
        .set_background_color(Color::RGB(ERROR_FILL));
    let warning_fmt = st
        .number
        .clone()
        .set_background_color(Color::RGB(WARNING_FILL));
    for sheet in layout(form) {
        let ws = wb.add_worksheet();
        write_frame(ws, &sheet, &st)?;
        for slot in &sheet.slots {
            let mark = marks.get(&slot.id);
            let fmt = match mark {
                None => &st.number,
                Some((Severity::Error, _)) => &error_fmt,
                Some((Severity::Warning, _)) => &warning_fmt,
            };
            write_value(ws, slot, report.get(slot.id), fmt)?;
            if let Some((_, text)) = mark {
                let note = Note::new(text)
                    .set_author("nianbao")
                    .add_author_prefix(false)
                    .set_width(360)
                    .set_height(120);
                ws.insert_note(slot.row, slot.col, &note)?;
            }
        }
    }
    Ok(wb)
}

/// The formula of a template cell that a rule of the form makes a total
/// (a rule with one cell on its left: the 总计 column, the （七）总计 row,
/// table 四's totals): the sum of the rule's parts, from the very
/// equations `check` uses ([`rules::equations`]). `None` for an input cell.
fn total_formula(form: &'static Form, id: CellId, pos: &HashMap<CellId, &Slot>) -> Option<String> {
    let eq = rules::equations(form.version)
        .iter()
        .find(|e| e.left == [id])?;
    Some(format!("={}", sum_of(&eq.right, pos)))
}

/// `cells` added up: `SUM(D5:I5)` when three or more stand in one unbroken
/// run of a row or a column, else `D5+D6+…`.
fn sum_of(cells: &[CellId], pos: &HashMap<CellId, &Slot>) -> String {
    let at: Vec<(u32, u16)> = cells.iter().map(|c| (pos[c].row, pos[c].col)).collect();
    let run =
        |step: fn(&(u32, u16), &(u32, u16)) -> bool| at.windows(2).all(|w| step(&w[0], &w[1]));
    let in_row = run(|a, b| a.0 == b.0 && a.1 + 1 == b.1);
    let in_col = run(|a, b| a.1 == b.1 && a.0 + 1 == b.0);
    match (at.first(), at.last()) {
        (Some(a), Some(b)) if at.len() > 2 && (in_row || in_col) => format!(
            "SUM({}:{})",
            row_col_to_cell(a.0, a.1),
            row_col_to_cell(b.0, b.1)
        ),
        _ => at
            .iter()
            .map(|&(r, c)| row_col_to_cell(r, c))
            .collect::<Vec<_>>()
            .join("+"),
    }
}

/// The empty form for a clerk to fill in (see the module doc), with the
/// organ and year filled in when given.
///
/// The form is the one reports on `year` use (the 2019 form for 2019 and
/// 2020, else the 2021 form); the title names the organ and the year when
/// given, as a report's title does. Amount cells (the fee) show four
/// decimals, the precision of the form's 万元.
pub fn template(organ: Option<&str>, year: Option<u16>) -> Result<Vec<u8>, WriteError> {
    let form = year
        .and_then(FormVersion::for_year)
        .unwrap_or(FormVersion::V2021)
        .form();
    let st = Styles::new();
    let title = template_title(organ, year);
    let mut wb = new_workbook(if title.is_empty() {
        TEMPLATE_TITLE
    } else {
        &title
    });
    let basic = Basic {
        title: &title,
        organ: organ.unwrap_or(""),
        year,
        prose: ["", "", ""],
    };
    write_basic(&mut wb, &basic, &st, true)?;
    let input = st.number.clone().set_unlocked();
    let amount_input = input.clone().set_num_format(AMOUNT_FORMAT);
    let formula = st
        .number
        .clone()
        .set_background_color(Color::RGB(FORMULA_FILL));
    let whole = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_title("数值无效")?
        .set_error_message("请填写不小于 0 的整数；没有数据请留空。")?;
    let decimal = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_title("数值无效")?
        .set_error_message("请填写不小于 0 的金额（万元）；没有数据请留空。")?;
    for sheet in layout(form) {
        let ws = wb.add_worksheet();
        write_frame(ws, &sheet, &st)?;
        let pos: HashMap<CellId, &Slot> = sheet.slots.iter().map(|s| (s.id, s)).collect();
        for slot in &sheet.slots {
            match total_formula(form, slot.id, &pos) {
                Some(f) => {
                    let f = Formula::new(f).set_result("0");
                    ws.write_formula_with_format(slot.row, slot.col, f, &formula)?;
                }
                None => {
                    let fmt = match form.def(slot.id).column.kind {
                        ValueKind::Count | ValueKind::Signed => &input,
                        ValueKind::Amount | ValueKind::Yuan => &amount_input,
                    };
                    write_value(ws, slot, None, fmt)?;
                    let v = match form.def(slot.id).column.kind {
                        ValueKind::Count | ValueKind::Signed => &whole,
                        ValueKind::Amount | ValueKind::Yuan => &decimal,
                    };
                    ws.add_data_validation(slot.row, slot.col, slot.row, slot.col, v)?;
                }
            }
        }
        if sheet.table.key == "applications" {
            balance_alarm(ws, form, &sheet, &pos)?;
        }
        protect(ws);
    }
    Ok(wb.save_to_buffer()?)
}

/// The title of the template's workbook when neither organ nor year is given.
const TEMPLATE_TITLE: &str = "政府信息公开工作年度报告";

/// The number format of an amount input cell: four decimals, so that
/// 155.1344 (万元) shows and prints as it was typed.
const AMOUNT_FORMAT: &str = "0.0000";

/// A report's title from the organ and year given to the template (blank
/// when neither is).
fn template_title(organ: Option<&str>, year: Option<u16>) -> String {
    let organ = organ.map(str::trim).unwrap_or("");
    match year {
        Some(y) => format!("{organ}{y}年{TEMPLATE_TITLE}"),
        None if !organ.is_empty() => format!("{organ}{TEMPLATE_TITLE}"),
        None => String::new(),
    }
}

/// Turns the row 四、结转下年度继续办理 red while 一 + 二 ≠ 三 + 四 in its column.
fn balance_alarm(
    ws: &mut Worksheet,
    form: &'static Form,
    sheet: &SheetLayout,
    pos: &HashMap<CellId, &Slot>,
) -> Result<(), WriteError> {
    // The balance rule of the first column, from the equations `check`
    // uses; relative references carry it along the row.
    let eq = rules::equations(form.version)
        .iter()
        .find(|e| {
            e.rule.starts_with(nianbao_model::rule_ids::BALANCE)
                && sheet.slots.iter().any(|s| s.id == e.at)
        })
        .expect("table 三 has the balance rule");
    let rule = format!("={}<>{}", sum_of(&eq.left, pos), sum_of(&eq.right, pos));
    let cf_row = pos[&eq.at].row;
    let mut cols = sheet.slot_ids(cf_row).map(|s| s.col);
    let c0 = cols.next().expect("a row of numbers");
    let c1 = cols.last().unwrap_or(c0);
    let red = Format::new()
        .set_background_color(Color::RGB(0xFF0000))
        .set_font_color(Color::White);
    let cf = ConditionalFormatFormula::new()
        .set_rule(rule.as_str())
        .set_format(red);
    ws.add_conditional_format(cf_row, c0, cf_row, c1, &cf)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use nianbao_model::testing::sample;
    use std::io::{Cursor, Read};

    type Book = Xlsx<Cursor<Vec<u8>>>;

    fn open(bytes: &[u8]) -> Book {
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
    }

    /// The text of a part of the zip.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// The cell at an A1 reference, as calamine reads it.
    fn at(book: &mut Book, sheet: &str, a1: &str) -> Data {
        let (col, row) = a1.split_at(a1.find(|c: char| c.is_ascii_digit()).unwrap());
        let col = col
            .bytes()
            .fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32)
            - 1;
        let row: u32 = row.parse::<u32>().unwrap() - 1;
        let range = book.worksheet_range(sheet).unwrap();
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    fn text(d: Data) -> String {
        match d {
            Data::String(s) => s,
            other => panic!("expected text, found {other:?}"),
        }
    }

    /// The value in a number cell as the importer should read it.
    fn value_of(d: &Data, kind: ValueKind) -> Option<Value> {
        match (d, kind) {
            (Data::Empty, _) => None,
            (Data::Float(f), ValueKind::Count) => {
                assert_eq!(f.fract(), 0.0);
                Some(Value::Count(*f as u64))
            }
            (Data::Float(f), ValueKind::Amount) => {
                Some(Value::Amount(f.to_string().parse().unwrap()))
            }
            (Data::String(s), ValueKind::Count) => Some(Value::Count(s.parse().unwrap())),
            (Data::String(s), ValueKind::Amount) => Some(Value::Amount(s.parse().unwrap())),
            (other, _) => panic!("unexpected {other:?}"),
        }
    }

    /// Every number of the report, read back from where [`cell_position`]
    /// says it is.
    fn numbers_back(bytes: &[u8]) -> Report {
        let mut book = open(bytes);
        let mut r = Report::empty(FormVersion::V2021);
        for c in r.form_def().cells() {
            let p = cell_position(c.id).unwrap();
            let d = at(&mut book, p.sheet, &p.a1());
            r.set(c.id, value_of(&d, c.column.kind));
        }
        r
    }

    #[test]
    fn identical_input_gives_identical_bytes() {
        let r = sample("155.1344");
        let d = nianbao_model::rules::check(&r, None);
        assert!(!d.is_empty());
        assert_eq!(to_xlsx(&r, &d).unwrap(), to_xlsx(&r, &d).unwrap());
        assert_eq!(
            template(Some("某局"), Some(2023)).unwrap(),
            template(Some("某局"), Some(2023)).unwrap()
        );
    }

    #[test]
    fn sheets_and_labels_are_where_the_doc_says() {
        let bytes = to_xlsx(&sample("155.1344"), &[]).unwrap();
        let mut b = open(&bytes);
        let names = b.sheet_names();
        let form = FormVersion::V2021.form();
        assert_eq!(
            names,
            [
                BASIC_SHEET,
                form.tables[0].heading,
                form.tables[1].heading,
                form.tables[2].heading
            ]
        );
        let (s2, s3, s4) = (
            form.tables[0].heading,
            form.tables[1].heading,
            form.tables[2].heading,
        );
        let expect = [
            (BASIC_SHEET, "A1", "基本信息"),
            (BASIC_SHEET, "A2", "标题"),
            (
                BASIC_SHEET,
                "B2",
                "洛阳市公安局西工分局 2023 年政府信息公开工作年度报告",
            ),
            (BASIC_SHEET, "A3", "机关名称"),
            (BASIC_SHEET, "B3", "洛阳市公安局西工分局"),
            (BASIC_SHEET, "A4", "年度"),
            (BASIC_SHEET, "A5", "一、总体情况"),
            (BASIC_SHEET, "B5", "（一）主动公开"),
            (BASIC_SHEET, "B6", "=SUM(A1:A2) 不是公式"),
            (BASIC_SHEET, "B7", "+86 电话"),
            (BASIC_SHEET, "A8", "五、存在的主要问题及改进情况"),
            (BASIC_SHEET, "B8", "-一是……"),
            (BASIC_SHEET, "B9", "@某处"),
            (BASIC_SHEET, "A10", "六、其他需要报告的事项"),
            (BASIC_SHEET, "B10", "本年度未收取信息处理费。"),
            (s2, "A1", s2),
            (s2, "A2", "第二十条第（一）项"),
            (s2, "A3", "信息内容"),
            (s2, "B3", "本年制发件数"),
            (s2, "D3", "现行有效件数"),
            (s2, "A4", "规章"),
            (s2, "A5", "行政规范性文件"),
            (s2, "A6", "第二十条第（五）项"),
            (s2, "B7", "本年处理决定数量"),
            (s2, "A8", "行政许可"),
            (s2, "A9", "第二十条第（六）项"),
            (s2, "A11", "行政处罚"),
            (s2, "A12", "行政强制"),
            (s2, "A13", "第二十条第（八）项"),
            (s2, "B14", "本年收费金额（单位：万元）"),
            (s2, "A15", "行政事业性收费"),
            (s3, "A1", s3),
            (s3, "A2", nianbao_model::form::APPLICATIONS_NOTE),
            (s3, "D2", "申请人情况"),
            (s3, "D3", "自然人"),
            (s3, "E3", "法人或其他组织"),
            (s3, "E4", "商业企业"),
            (s3, "I4", "其他"),
            (s3, "J3", "总计"),
            (s3, "A5", "一、本年新收政府信息公开申请数量"),
            (s3, "A6", "二、上年结转政府信息公开申请数量"),
            (s3, "A7", "三、本年度办理结果"),
            (s3, "B7", "（一）予以公开"),
            (
                s3,
                "B8",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ),
            (s3, "B9", "（三）不予公开"),
            (s3, "C9", "1.属于国家秘密"),
            (s3, "C16", "8.属于行政查询事项"),
            (s3, "B17", "（四）无法提供"),
            (s3, "B20", "（五）不予处理"),
            (s3, "B25", "（六）其他处理"),
            (s3, "C27", "3.其他"),
            (s3, "B28", "（七）总计"),
            (s3, "A29", "四、结转下年度继续办理"),
            (s4, "A1", s4),
            (s4, "A2", "行政复议"),
            (s4, "F2", "行政诉讼"),
            (s4, "F3", "未经复议直接起诉"),
            (s4, "K3", "复议后起诉"),
            (s4, "A4", "结果维持"),
            (s4, "E4", "总计"),
            (s4, "K4", "结果维持"),
            (s4, "O4", "总计"),
        ];
        for (sheet, cell, want) in expect {
            assert_eq!(text(at(&mut b, sheet, cell)), want, "{sheet}!{cell}");
        }
        assert_eq!(at(&mut b, BASIC_SHEET, "B4"), Data::Float(2023.0));
        // Formula-like prose stays text: no formula anywhere on the sheet.
        let formulas = b.worksheet_formula(BASIC_SHEET).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

        // Merged cells as documented.
        let merged = |b: &mut Book, s: &str| -> Vec<String> {
            b.merge_cells_by_sheet_name(s)
                .unwrap()
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}",
                        row_col_to_cell(d.start.0, d.start.1 as u16),
                        row_col_to_cell(d.end.0, d.end.1 as u16)
                    )
                })
                .collect()
        };
        let m3 = merged(&mut b, s3);
        for want in [
            "A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A28",
            "B7:C7", "B8:C8", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29",
        ] {
            assert!(
                m3.contains(&want.to_string()),
                "{want} not merged in {m3:?}"
            );
        }
        assert_eq!(m3.len(), 17, "{m3:?}");
        let m4 = merged(&mut b, s4);
        for want in ["A1:O1", "A2:E3", "F2:O2", "F3:J3", "K3:O3"] {
            assert!(
                m4.contains(&want.to_string()),
                "{want} not merged in {m4:?}"
            );
        }
        let m2 = merged(&mut b, s2);
        for want in ["A2:D2", "B7:D7", "B8:D8", "B15:D15"] {
            assert!(
                m2.contains(&want.to_string()),
                "{want} not merged in {m2:?}"
            );
        }
        let m1 = merged(&mut b, BASIC_SHEET);
        assert_eq!(m1, ["A1:B1", "A5:A7", "A8:A9"]);
    }

    #[test]
    fn numbers_and_blanks_come_back_exactly() {
        for fee in [
            "0",
            "155",
            "0.5",
            "155.1344",
            "18.150",
            "0.50",
            "4166.241619",
            "0.000001",
            "123456789.123456",
            "1234567890123456789.123456",
        ] {
            let r = sample(fee);
            let bytes = to_xlsx(&r, &[]).unwrap();
            let back = numbers_back(&bytes);
            assert_eq!(back.values(), r.values(), "{fee}");
        }
        // Counts a double cannot hold exactly are text.
        let mut r = Report::empty(FormVersion::V2021);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        for n in [
            0,
            1_000_000_000,
            MAX_EXACT_COUNT,
            MAX_EXACT_COUNT + 1,
            u64::MAX,
        ] {
            r.set(id, Some(Value::Count(n)));
            assert_eq!(
                numbers_back(&to_xlsx(&r, &[]).unwrap()).values(),
                r.values(),
                "{n}"
            );
        }
    }

    #[test]
    fn fees_up_to_6_decimals_and_15_digits_are_numbers_that_print_back_exactly() {
        // A fixed pseudo-random walk over mantissas and scales.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut numbers = 0;
        for i in 0..20_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = 1 + (i % 15) as u32;
            let mantissa = (x % 10u64.pow(digits)) as u128;
            let scale = (i % 7) as u8;
            let d = Decimal::new(mantissa, scale).unwrap();
            let s = d.to_string();
            let trailing_zero = s.contains('.') && s.ends_with('0');
            match fee_as_number(d) {
                Some(f) => {
                    assert!(!trailing_zero, "{s}");
                    assert_eq!(f.to_string(), s);
                    numbers += 1;
                }
                None => assert!(trailing_zero, "{s} should be a number cell"),
            }
        }
        assert!(numbers > 15_000);
        assert_eq!(
            fee_as_number("999999999999999".parse().unwrap()),
            Some(999999999999999.0)
        );
        assert_eq!(fee_as_number("0.50".parse().unwrap()), None);
        assert_eq!(fee_as_number("12345678901234567".parse().unwrap()), None);
    }

    #[test]
    fn broken_rules_are_filled_and_noted() {
        let mut r = Report::empty(FormVersion::V2021);
        for c in r.form_def().cells() {
            r.set(
                c.id,
                Some(if c.column.kind == ValueKind::Count {
                    Value::Count(0)
                } else {
                    Value::Amount(Decimal::ZERO)
                }),
            );
        }
        let id = r
            .form_def()
            .cell("applications", "new", "commercial")
            .unwrap();
        r.set(id, Some(Value::Count(3)));
        let blank = r.form_def().cell("reviews", "review", "pending").unwrap();
        r.set(blank, None);
        let diags = nianbao_model::rules::check(&r, None);
        let rules: Vec<&str> = diags.iter().map(|d| d.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "applications.balance:commercial",
                "applications.row_total:new",
                "reviews.total:review"
            ]
        );
        let balance = &diags[0];
        let cell = cell_position(balance.cell.unwrap()).unwrap();
        assert_eq!(
            (cell.sheet, cell.a1().as_str()),
            (FormVersion::V2021.form().tables[1].heading, "E29")
        );
        let bytes = to_xlsx(&r, &diags).unwrap();
        let comments: String = (1..=4)
            .filter_map(|i| {
                let mut z = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
                let mut s = String::new();
                z.by_name(&format!("xl/comments{i}.xml"))
                    .ok()?
                    .read_to_string(&mut s)
                    .ok()?;
                Some(s)
            })
            .collect();
        assert!(comments.contains("ref=\"E29\""), "{comments}");
        assert!(comments.contains("applications.balance:commercial"));
        assert!(
            comments.contains("四、结转下年度继续办理/商业企业 应为 3）"),
            "{comments}"
        );
        assert!(comments.contains("ref=\"J5\"") && comments.contains("applications.row_total:new"));
        assert!(comments.contains("ref=\"D5\"") && comments.contains("reviews.total:review"));
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("FFFFC7CE") && styles.contains("FFFFEB9C"));
        // Without diagnostics, no notes and no fill.
        let clean = to_xlsx(&r, &[]).unwrap();
        assert!(!part(&clean, "xl/styles.xml").contains("FFFFC7CE"));
        assert!(zip::ZipArchive::new(Cursor::new(&clean))
            .unwrap()
            .by_name("xl/comments1.xml")
            .is_err());
    }

    #[test]
    fn every_format_uses_the_cjk_font() {
        let bytes = to_xlsx(&sample("1"), &[]).unwrap();
        let styles = part(&bytes, "xl/styles.xml");
        let fonts = styles
            .split("<fonts")
            .nth(1)
            .unwrap()
            .split("</fonts>")
            .next()
            .unwrap();
        // The first font is the workbook default (for empty cells); every
        // other font is ours.
        let names: Vec<&str> = fonts
            .split("<name val=\"")
            .skip(2)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert!(!names.is_empty());
        assert!(names.iter().all(|n| *n == FONT), "{names:?}");
        let sheet3 = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(sheet3.contains("orientation=\"landscape\"") && sheet3.contains("paperSize=\"9\""));
        assert!(!part(&bytes, "xl/worksheets/sheet2.xml").contains("landscape"));
        assert!(part(&bytes, "xl/workbook.xml").contains("_xlnm.Print_Titles"));
    }

    #[test]
    fn prose_with_any_characters_comes_back() {
        let mut r = sample("1");
        r.sections.overview = "_x0041_ 与 <tag> & \"引号\"\n'=引号开头\n\t制表".into();
        let bytes = to_xlsx(&r, &[]).unwrap();
        let mut b = open(&bytes);
        assert_eq!(
            text(at(&mut b, BASIC_SHEET, "B5")),
            "_x0041_ 与 <tag> & \"引号\""
        );
        assert_eq!(text(at(&mut b, BASIC_SHEET, "B6")), "'=引号开头");
        assert_eq!(text(at(&mut b, BASIC_SHEET, "B7")), "\t制表");
    }

    #[test]
    fn row_heights_fit_the_text_within_excel_limits() {
        assert_eq!(wrapped_height("短", 100.0), 19.5);
        assert_eq!(wrapped_height(&"长".repeat(60), 100.0), 34.0);
        assert_eq!(wrapped_height(&"长".repeat(5000), 100.0), MAX_ROW_HEIGHT);
        let mut r = sample("1");
        r.sections.other = "长".repeat(5000);
        let sheet1 = part(&to_xlsx(&r, &[]).unwrap(), "xl/worksheets/sheet1.xml");
        let heights: Vec<f64> = sheet1
            .split(" ht=\"")
            .skip(1)
            .map(|h| h.split('"').next().unwrap().parse().unwrap())
            .collect();
        let tallest = heights.iter().cloned().fold(0.0, f64::max);
        assert!((400.0..=409.5).contains(&tallest), "{heights:?}");
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_refused_with_its_cell() {
        let mut r = sample("1");
        r.sections.problems = format!("短\n{}", "长".repeat(MAX_CELL_CHARS + 1));
        match to_xlsx(&r, &[]) {
            Err(WriteError::CellTooLong { sheet, cell, len }) => {
                assert_eq!(
                    (sheet.as_str(), cell.as_str(), len),
                    (BASIC_SHEET, "B9", MAX_CELL_CHARS + 1)
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_template_has_formulas_with_results_validation_and_protection() {
        let bytes = template(Some("=某局"), Some(2024)).unwrap();
        let mut b = open(&bytes);
        let form = FormVersion::V2021.form();
        let s3 = form.tables[1].heading;
        assert_eq!(text(at(&mut b, BASIC_SHEET, "B3")), "=某局");
        assert_eq!(at(&mut b, BASIC_SHEET, "B4"), Data::Float(2024.0));
        let f = b.worksheet_formula(s3).unwrap();
        let formula = |r: u32, c: u32| f.get_value((r, c)).cloned().unwrap_or_default();
        assert_eq!(formula(4, 9), "SUM(D5:I5)");
        assert_eq!(formula(27, 3), "SUM(D7:D27)");
        assert_eq!(formula(27, 9), "SUM(D28:I28)");
        assert_eq!(formula(28, 9), "SUM(D29:I29)");
        assert_eq!(formula(4, 3), "");
        // Cached results are written (0), input cells are blank.
        assert_eq!(at(&mut b, s3, "J5"), Data::Float(0.0));
        assert_eq!(at(&mut b, s3, "D28"), Data::Float(0.0));
        assert_eq!(at(&mut b, s3, "D5"), Data::Empty);
        let f4 = b.worksheet_formula(form.tables[2].heading).unwrap();
        assert_eq!(
            f4.get_value((4, 4)).cloned().unwrap_or_default(),
            "SUM(A5:D5)"
        );
        let sheet3 = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(sheet3.contains("<sheetProtection"), "protected");
        assert!(!sheet3.contains("password"), "without a password");
        assert!(
            sheet3.contains("<formula>D5+D6&lt;&gt;D28+D29</formula>"),
            "{sheet3}"
        );
        assert!(sheet3.contains("sqref=\"D29:J29\""));
        // One whole-number validation per input cell of 三: 175 − 25 − 6.
        assert_eq!(sheet3.matches("type=\"whole\"").count(), 144);
        let sheet2 = part(&bytes, "xl/worksheets/sheet2.xml");
        assert_eq!(sheet2.matches("type=\"decimal\"").count(), 1);
        assert_eq!(sheet2.matches("type=\"whole\"").count(), 9);
        assert!(part(&bytes, "xl/styles.xml").contains("locked=\"0\""));
    }

    #[test]
    fn the_template_titles_the_organ_and_year_and_follows_the_year_s_form() {
        let bytes = template(Some("某局"), Some(2020)).unwrap();
        let mut b = open(&bytes);
        assert_eq!(
            text(at(&mut b, BASIC_SHEET, "B2")),
            "某局2020年政府信息公开工作年度报告"
        );
        // Reports on 2019 and 2020 use the 2019 form, whose table 二 and
        // results of 三 differ from the 2021 form's.
        let names = b.sheet_names();
        let v2019 = FormVersion::V2019.form();
        for t in v2019.tables {
            assert!(names.iter().any(|n| n == t.heading), "{names:?}");
        }
        let f = b.worksheet_formula(v2019.tables[1].heading).unwrap();
        let total_row = f
            .used_cells()
            .filter(|(_, _, s)| s.starts_with("SUM(D"))
            .count();
        assert!(total_row > 0);
        assert_eq!(template_title(None, None), "");
        assert_eq!(
            template_title(Some("某局"), None),
            "某局政府信息公开工作年度报告"
        );
        assert_eq!(
            template_title(None, Some(2024)),
            "2024年政府信息公开工作年度报告"
        );
    }

    #[test]
    fn the_template_s_fee_cell_shows_four_decimals() {
        let bytes = template(None, Some(2024)).unwrap();
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.0000\""), "{styles}");
    }
}
