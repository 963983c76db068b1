//! calamine adapter: a workbook's sheets as bounded [`grid::Sheet`]s.
//!
//! An .xlsx is read cell by cell (`worksheet_cells_reader`), so nothing is
//! allocated from a sheet's declared dimension; a value beyond
//! [`MAX_ROWS`] × [`MAX_COLS`] or more than [`MAX_CELLS`] cell records
//! refuse the workbook. Formula cells keep their cached result and are
//! marked as formulas. calamine reads .xls and .ods whole when it opens
//! them; their cells are bounded the same way afterwards.

use super::detect::{detect, Container};
use super::limits::*;
use super::ImportError;
use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, Xls, XlsError, Xlsx, XlsxError};
use nianbao_model::grid::{self, cell_ref, CellValue, Rect};
use nianbao_model::{Diagnostic, Location, Message};
use std::io::Cursor;

/// The spreadsheet format a workbook was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx).
    Xlsx,
    /// Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
}

/// A workbook's worksheets as grids.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// What it was read as.
    pub format: Format,
    /// Its worksheets in workbook order (chart sheets left out).
    pub sheets: Vec<grid::Sheet>,
    /// Cells whose value is not a number a clerk typed (a date, a time, a
    /// truth value): a count read from one is refused.
    pub suspects: Vec<Suspect>,
    /// Formulas without a saved result that were evaluated here.
    pub evaluated: Vec<Evaluation>,
}

/// A cell a number of the form must not be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// The sheet's name.
    pub sheet: String,
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// What it holds.
    pub kind: SuspectKind,
}

/// What a [`Suspect`] cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuspectKind {
    /// A date or a time (stored as a day count: 2022-08-17 is 44790).
    Date,
    /// TRUE or FALSE.
    Bool,
}

/// A formula evaluated by [`crate::formula`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The sheet's name.
    pub sheet: String,
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// The formula.
    pub formula: String,
    /// Its value.
    pub value: f64,
}

/// Reads the worksheets of a workbook, within the [`super::limits`].
pub fn read_sheets(bytes: &[u8]) -> Result<Workbook, ImportError> {
    let mut wb = Workbook {
        format: Format::Xlsx,
        sheets: Vec::new(),
        suspects: Vec::new(),
        evaluated: Vec::new(),
    };
    match detect(bytes)? {
        Container::Xlsx => read_xlsx(bytes, &mut wb)?,
        Container::Xls => {
            wb.format = Format::Xls;
            read_xls(bytes, &mut wb)?
        }
        Container::Ods => {
            wb.format = Format::Ods;
            read_ods(bytes, &mut wb)?
        }
    }
    Ok(wb)
}

fn suspect(kind: Option<SuspectKind>, sheet: &str, row: u32, col: u32, out: &mut Vec<Suspect>) {
    if let Some(kind) = kind {
        out.push(Suspect {
            sheet: sheet.to_owned(),
            row,
            col,
            kind,
        });
    }
}

fn xlsx_err(e: XlsxError) -> ImportError {
    match e {
        XlsxError::Password => ImportError::Encrypted,
        e => ImportError::Damaged(e.to_string()),
    }
}

fn worksheet_names<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    wb: &R,
) -> Result<Vec<String>, ImportError> {
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if names.len() > MAX_SHEETS {
        return Err(ImportError::NotAWorkbook(format!(
            "{} 个工作表，超过上限 {MAX_SHEETS}",
            names.len()
        )));
    }
    Ok(names)
}

fn read_xlsx(bytes: &[u8], out: &mut Workbook) -> Result<(), ImportError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_err)?;
    let names = worksheet_names(&wb)?;
    let mut refused = Vec::new();
    let mut used = 0;
    for name in names {
        let mut sheet = Bounded::new(&name, used);
        let mut pending = Vec::new();
        // Numbers a double may have rounded: read again from their text.
        let mut big = Vec::new();
        {
            let mut cells = wb.worksheet_cells_reader(&name).map_err(xlsx_err)?;
            while let Some(c) = cells.next_cell_with_formula().map_err(xlsx_err)? {
                let (row, col) = c.pos;
                match c.formula {
                    // A formula saved without its result (openpyxl and
                    // other generators): evaluated below.
                    Some(f) if matches!(c.value, DataRef::Empty) && !f.trim().is_empty() => {
                        sheet.count(row, col)?;
                        pending.push(super::formula::Pending {
                            row,
                            col,
                            formula: f,
                        });
                    }
                    f => {
                        suspect(suspect_ref(&c.value), &name, row, col, &mut out.suspects);
                        if let DataRef::Float(x) = c.value {
                            if x.abs() >= super::raw::EXACT_LIMIT {
                                big.push((row, col));
                            }
                        }
                        sheet.push(row, col, data_ref_value(&c.value), f.is_some())?;
                    }
                }
            }
        }
        if !big.is_empty() {
            let texts = super::raw::values(bytes, &name, &big);
            for cell in sheet.sheet.cells.iter_mut() {
                if let Some(t) = texts.get(&(cell.row, cell.col)) {
                    cell.value = CellValue::Text(t.clone());
                }
            }
        }
        if !pending.is_empty() {
            let e = super::formula::evaluate(&name, &sheet.sheet.cells, &pending);
            let formula_at = |r: u32, c: u32| {
                pending
                    .iter()
                    .find(|p| p.row == r && p.col == c)
                    .map(|p| p.formula.clone())
                    .unwrap_or_default()
            };
            for (row, col, value) in e.values {
                sheet.sheet.push_formula(row, col, CellValue::Number(value));
                out.evaluated.push(Evaluation {
                    sheet: name.clone(),
                    row,
                    col,
                    formula: formula_at(row, col),
                    value,
                });
            }
            for (row, col, zh, en) in e.refused {
                let f = formula_at(row, col);
                refused.push(Diagnostic::error(
                    super::rules::FORMULA,
                    Some(Location::Cell {
                        sheet: name.clone(),
                        cell: cell_ref(row, col),
                    }),
                    Message::new(
                        format!("公式 ={f} 没有保存计算结果，且无法计算：{zh}；请在 Excel/WPS 中打开并保存后再读取"),
                        format!("the formula ={f} has no saved result and cannot be evaluated: {en}; open and save the workbook in Excel/WPS, then read it again"),
                    ),
                ));
            }
        }
        let merges = wb.merge_cells_by_sheet_name(&name).map_err(xlsx_err)?;
        sheet.merges(&merges)?;
        used += sheet.records;
        out.sheets.push(sheet.sheet);
    }
    if !refused.is_empty() {
        return Err(ImportError::Invalid(refused));
    }
    Ok(())
}

fn read_xls(bytes: &[u8], out: &mut Workbook) -> Result<(), ImportError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => ImportError::Encrypted,
        e => ImportError::Damaged(e.to_string()),
    })?;
    let names = worksheet_names(&wb)?;
    let mut used = 0;
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        let mut sheet = Bounded::new(&name, used);
        sheet.range(&range, &mut out.suspects)?;
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        sheet.merges(&merges)?;
        used += sheet.records;
        out.sheets.push(sheet.sheet);
    }
    Ok(())
}

fn read_ods(bytes: &[u8], out: &mut Workbook) -> Result<(), ImportError> {
    let mut wb: Ods<_> =
        Ods::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(e.to_string()))?;
    let names = worksheet_names(&wb)?;
    let mut used = 0;
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        let mut sheet = Bounded::new(&name, used);
        sheet.range(&range, &mut out.suspects)?;
        used += sheet.records;
        out.sheets.push(sheet.sheet);
    }
    Ok(())
}

fn suspect_ref(v: &DataRef<'_>) -> Option<SuspectKind> {
    match v {
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => {
            Some(SuspectKind::Date)
        }
        DataRef::Bool(_) => Some(SuspectKind::Bool),
        _ => None,
    }
}

fn suspect_data(v: &Data) -> Option<SuspectKind> {
    match v {
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => Some(SuspectKind::Date),
        Data::Bool(_) => Some(SuspectKind::Bool),
        _ => None,
    }
}

fn data_ref_value(v: &DataRef<'_>) -> CellValue {
    match v {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Bool(b) => CellValue::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        DataRef::DateTime(d) => CellValue::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Text(e.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn data_value(v: &Data) -> CellValue {
    match v {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => CellValue::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Text(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// A sheet under construction, held to the limits.
struct Bounded {
    sheet: grid::Sheet,
    records: usize,
    /// Cell records of the workbook's earlier sheets.
    earlier: usize,
}

impl Bounded {
    fn new(name: &str, earlier: usize) -> Bounded {
        Bounded {
            sheet: grid::Sheet::new(name),
            records: 0,
            earlier,
        }
    }

    /// Counts one more cell record against the sheet's and the workbook's
    /// limits.
    fn tally(&mut self) -> Result<(), ImportError> {
        self.records += 1;
        if self.records > MAX_CELLS {
            return Err(self.too_large(format!("超过 {MAX_CELLS} 个单元格")));
        }
        if self.earlier + self.records > MAX_WORKBOOK_CELLS {
            return Err(self.too_large(format!(
                "整个工作簿超过 {MAX_WORKBOOK_CELLS} 个单元格（nianbao 写出的工作簿最多约 {} 个）",
                MAX_WORKBOOK_CELLS / 10
            )));
        }
        Ok(())
    }

    fn too_large(&self, reason: String) -> ImportError {
        ImportError::SheetTooLarge {
            sheet: self.sheet.name.clone(),
            reason,
        }
    }

    fn push(
        &mut self,
        row: u32,
        col: u32,
        value: CellValue,
        formula: bool,
    ) -> Result<(), ImportError> {
        self.tally()?;
        match &value {
            CellValue::Empty if !formula => return Ok(()),
            CellValue::Text(t)
                if t.len() > MAX_CELL_CHARS * 4 || t.chars().count() > MAX_CELL_CHARS =>
            {
                return Err(self.too_large(format!(
                    "单元格 {} 的文字超过 {MAX_CELL_CHARS} 字",
                    cell_ref(row, col)
                )));
            }
            _ => {}
        }
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(self.too_large(format!(
                "单元格 {} 超出年报表格的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列）",
                cell_ref(row, col)
            )));
        }
        if formula {
            self.sheet.push_formula(row, col, value);
        } else {
            self.sheet.push(row, col, value);
        }
        Ok(())
    }

    fn range(
        &mut self,
        range: &calamine::Range<Data>,
        suspects: &mut Vec<Suspect>,
    ) -> Result<(), ImportError> {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            suspect(suspect_data(v), &self.sheet.name, row, col, suspects);
            self.push(row, col, data_value(v), false)?;
        }
        Ok(())
    }

    /// Counts a cell record that is pushed later (a formula evaluated
    /// after the sheet is read), held to the same limits.
    fn count(&mut self, row: u32, col: u32) -> Result<(), ImportError> {
        self.tally()?;
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(self.too_large(format!(
                "单元格 {} 超出年报表格的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列）",
                cell_ref(row, col)
            )));
        }
        Ok(())
    }

    /// Keeps the merges that start inside the bounds, clipped to them.
    fn merges(&mut self, merges: &[Dimensions]) -> Result<(), ImportError> {
        if merges.len() > MAX_MERGES {
            return Err(self.too_large(format!("合并单元格区域超过 {MAX_MERGES} 个")));
        }
        for m in merges {
            let ((top, left), (bottom, right)) = (m.start, m.end);
            if top >= MAX_ROWS || left >= MAX_COLS || bottom < top || right < left {
                continue;
            }
            self.sheet.merges.push(Rect {
                top,
                left,
                bottom: bottom.min(MAX_ROWS - 1),
                right: right.min(MAX_COLS - 1),
            });
        }
        Ok(())
    }
}
