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
}

/// Reads the worksheets of a workbook, within the [`super::limits`].
pub fn read_sheets(bytes: &[u8]) -> Result<Workbook, ImportError> {
    match detect(bytes)? {
        Container::Xlsx => read_xlsx(bytes).map(|sheets| Workbook {
            format: Format::Xlsx,
            sheets,
        }),
        Container::Xls => read_xls(bytes).map(|sheets| Workbook {
            format: Format::Xls,
            sheets,
        }),
        Container::Ods => read_ods(bytes).map(|sheets| Workbook {
            format: Format::Ods,
            sheets,
        }),
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

fn read_xlsx(bytes: &[u8]) -> Result<Vec<grid::Sheet>, ImportError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_err)?;
    let names = worksheet_names(&wb)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut sheet = Bounded::new(&name);
        {
            let mut cells = wb.worksheet_cells_reader(&name).map_err(xlsx_err)?;
            while let Some(c) = cells.next_cell_with_formula_metadata().map_err(xlsx_err)? {
                let (row, col) = c.pos;
                sheet.push(row, col, data_ref_value(&c.value), c.formula.is_some())?;
            }
        }
        let merges = wb.merge_cells_by_sheet_name(&name).map_err(xlsx_err)?;
        sheet.merges(&merges)?;
        out.push(sheet.sheet);
    }
    Ok(out)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<grid::Sheet>, ImportError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => ImportError::Encrypted,
        e => ImportError::Damaged(e.to_string()),
    })?;
    let names = worksheet_names(&wb)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        let mut sheet = Bounded::new(&name);
        sheet.range(&range)?;
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        sheet.merges(&merges)?;
        out.push(sheet.sheet);
    }
    Ok(out)
}

fn read_ods(bytes: &[u8]) -> Result<Vec<grid::Sheet>, ImportError> {
    let mut wb: Ods<_> =
        Ods::new(Cursor::new(bytes)).map_err(|e| ImportError::Damaged(e.to_string()))?;
    let names = worksheet_names(&wb)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ImportError::Damaged(e.to_string()))?;
        let mut sheet = Bounded::new(&name);
        sheet.range(&range)?;
        out.push(sheet.sheet);
    }
    Ok(out)
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
}

impl Bounded {
    fn new(name: &str) -> Bounded {
        Bounded {
            sheet: grid::Sheet::new(name),
            records: 0,
        }
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
        self.records += 1;
        if self.records > MAX_CELLS {
            return Err(self.too_large(format!("超过 {MAX_CELLS} 个单元格")));
        }
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

    fn range(&mut self, range: &calamine::Range<Data>) -> Result<(), ImportError> {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            self.push(r0 + r as u32, c0 + c as u32, data_value(v), false)?;
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
