//! The sinks that write a dataset of many reports.
//!
//! - [`CsvSink`]: the long CSV of FORM.md with `source,organ,year` first,
//!   streamed report by report ([`nianbao_data::csv::DatasetWriter`]).
//! - [`JsonlSink`]: one JSON object per line,
//!   `{"source":…,"report":{…}|null,"diagnostics":[…]}`; an unreadable input
//!   has `"report":null` and the reasons as its diagnostics. After the
//!   reports, one line `{"source":…,"carry_chain":[…]}` per report whose
//!   carry-over disagrees with the year before.
//! - [`XlsxSink`]: a workbook with a sheet of data (one row per report, one
//!   column per number of the form, under a two-level header: table and
//!   row, then column, in Chinese), a sheet of every diagnostic (source,
//!   severity, rule, location, message) and a sheet of the inputs that could
//!   not be read and why. The workbook is assembled in memory and written
//!   at the end.

use crate::engine::Sink;
use crate::BatchError;
use nianbao_data::csv::DatasetWriter;
use nianbao_model::{Diagnostic, FormVersion, Lang, Report, Severity, Value};
use nianbao_office::xlsx::fee_as_number;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::io::Write;

/// The output formats of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetFormat {
    /// Long CSV with `source,organ,year` first.
    Csv,
    /// A workbook, one row per report.
    Xlsx,
    /// JSON lines, one report per line.
    Jsonl,
}

impl DatasetFormat {
    /// The format of an output, from its extension.
    pub fn of_path(path: &std::path::Path) -> Option<DatasetFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(DatasetFormat::Csv),
            "xlsx" => Some(DatasetFormat::Xlsx),
            "jsonl" | "ndjson" => Some(DatasetFormat::Jsonl),
            _ => None,
        }
    }
}

/// A sink of `format` writing to `out`; messages in the workbook are in
/// `lang`.
pub fn sink<'a, W: Write + Send + 'a>(
    format: DatasetFormat,
    out: W,
    lang: Lang,
) -> Result<Box<dyn Sink + Send + 'a>, BatchError> {
    Ok(match format {
        DatasetFormat::Csv => Box::new(CsvSink::new(out)?),
        DatasetFormat::Jsonl => Box::new(JsonlSink::new(out, lang)),
        DatasetFormat::Xlsx => Box::new(XlsxSink::new(out, lang)),
    })
}

/// The long CSV dataset.
pub struct CsvSink<W: Write> {
    writer: Option<DatasetWriter<W>>,
}

impl<W: Write> CsvSink<W> {
    /// Writes the header.
    pub fn new(out: W) -> Result<Self, BatchError> {
        Ok(CsvSink {
            writer: Some(DatasetWriter::new(out)?),
        })
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn report(
        &mut self,
        source: &str,
        report: &Report,
        _: &[Diagnostic],
    ) -> Result<(), BatchError> {
        if let Some(w) = &mut self.writer {
            w.write_report(source, report)?;
        }
        Ok(())
    }
    fn unreadable(&mut self, _: &str, _: &[Diagnostic]) -> Result<(), BatchError> {
        Ok(())
    }
    fn cross(&mut self, _: &str, _: &[Diagnostic]) -> Result<(), BatchError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        if let Some(w) = self.writer.take() {
            w.finish()?.flush()?;
        }
        Ok(())
    }
}

/// JSON lines.
pub struct JsonlSink<W: Write> {
    out: W,
    lang: Lang,
}

impl<W: Write> JsonlSink<W> {
    /// A sink on `out`.
    pub fn new(out: W, lang: Lang) -> Self {
        JsonlSink { out, lang }
    }

    fn diags(&self, d: &[Diagnostic]) -> serde_json::Value {
        d.iter().map(|d| d.to_json(self.lang)).collect()
    }
}

fn json_str(s: &str) -> serde_json::Value {
    serde_json::Value::from(s)
}

impl<W: Write> Sink for JsonlSink<W> {
    fn report(
        &mut self,
        source: &str,
        report: &Report,
        d: &[Diagnostic],
    ) -> Result<(), BatchError> {
        let report = serde_json::to_string(report).map_err(std::io::Error::from)?;
        // Written by hand so that `source` comes first.
        writeln!(
            self.out,
            "{{\"source\":{},\"report\":{report},\"diagnostics\":{}}}",
            json_str(source),
            self.diags(d)
        )?;
        Ok(())
    }
    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        writeln!(
            self.out,
            "{{\"source\":{},\"report\":null,\"diagnostics\":{}}}",
            json_str(source),
            self.diags(d)
        )?;
        Ok(())
    }
    fn cross(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        writeln!(
            self.out,
            "{{\"source\":{},\"carry_chain\":{}}}",
            json_str(source),
            self.diags(d)
        )?;
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        self.out.flush()?;
        Ok(())
    }
}

/// Sheet names of the dataset workbook.
pub const DATA_SHEET: &str = "数据";
/// The sheet of diagnostics.
pub const DIAGNOSTICS_SHEET: &str = "诊断";
/// The sheet of inputs that could not be read.
pub const UNREADABLE_SHEET: &str = "无法读取";
/// Header rows of the data sheet.
pub const HEADER_ROWS: u32 = 2;
/// Columns before the numbers: 来源, 机关, 年度, 错误, 警告.
pub const LEADING: [&str; 5] = ["来源", "机关", "年度", "错误", "警告"];

/// The last row a sheet holds (0-based).
const MAX_ROW: u32 = 1_048_575;
/// The longest text a cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// The largest count a double holds exactly.
const MAX_EXACT_COUNT: u64 = 1 << 53;

/// The two-level header of a number column: table and row, then column.
pub fn header(form: FormVersion) -> Vec<(String, &'static str)> {
    form.form()
        .cells()
        .iter()
        .map(|c| {
            let mut top = String::from(c.table.heading);
            for g in c.row.groups {
                top.push('／');
                top.push_str(g);
            }
            top.push('／');
            top.push_str(c.row.label);
            (top, c.column.label)
        })
        .collect()
}

/// One sheet being filled: its rows so far and the rows that did not fit.
struct Sheet {
    ws: Worksheet,
    rows: u32,
    dropped: u64,
}

impl Sheet {
    fn new(rows: u32) -> Sheet {
        Sheet {
            ws: Worksheet::new(),
            rows,
            dropped: 0,
        }
    }

    /// The next free row, or `None` when the sheet is full (the last row is
    /// kept for a note saying how many rows were left out).
    fn next_row(&mut self) -> Option<u32> {
        if self.rows >= MAX_ROW {
            self.dropped += 1;
            return None;
        }
        self.rows += 1;
        Some(self.rows - 1)
    }
}

/// The name of the data sheet of reports on `form`.
pub fn data_sheet_name(form: FormVersion) -> String {
    if form == FormVersion::V2021 {
        DATA_SHEET.to_owned()
    } else {
        format!("{DATA_SHEET}（{}）", form.form().name)
    }
}

/// The dataset workbook.
pub struct XlsxSink<W: Write> {
    out: Option<W>,
    lang: Lang,
    /// One data sheet per edition of the form, in order of appearance.
    data: Vec<(FormVersion, Sheet)>,
    diags: Sheet,
    unreadable: Sheet,
    head: Format,
    text: Format,
    number: Format,
}

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_owned()
    } else {
        s.chars().take(MAX_CELL_CHARS - 1).chain(['…']).collect()
    }
}

/// A data sheet with its two-level header laid out.
fn data_sheet(form: FormVersion, head: &Format) -> Result<Sheet, rust_xlsxwriter::XlsxError> {
    let mut sheet = Sheet::new(HEADER_ROWS);
    let ws = &mut sheet.ws;
    ws.set_name(clip_sheet_name(&data_sheet_name(form)))?;
    for (c, name) in LEADING.iter().enumerate() {
        let c = c as u16;
        ws.merge_range(0, c, 1, c, name, head)?;
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 30)?;
    let cols = header(form);
    let first = LEADING.len() as u16;
    let mut i = 0;
    while i < cols.len() {
        let n = cols[i..].iter().take_while(|c| c.0 == cols[i].0).count();
        let (a, b) = (first + i as u16, first + (i + n - 1) as u16);
        if n > 1 {
            ws.merge_range(0, a, 0, b, &cols[i].0, head)?;
        } else {
            ws.write_string_with_format(0, a, &cols[i].0, head)?;
        }
        for (k, (_, col)) in cols[i..i + n].iter().enumerate() {
            ws.write_string_with_format(1, a + k as u16, *col, head)?;
        }
        i += n;
    }
    ws.set_row_height(0, 90)?;
    ws.set_row_height(1, 45)?;
    ws.set_freeze_panes(HEADER_ROWS, 1)?;
    Ok(sheet)
}

/// Sheet names hold at most 31 characters.
fn clip_sheet_name(s: &str) -> String {
    s.chars().take(31).collect()
}

impl<W: Write> XlsxSink<W> {
    /// A sink on `out`: the workbook is written by [`Sink::finish`].
    pub fn new(out: W, lang: Lang) -> Self {
        let base = nianbao_office::xlsx::base_format();
        let head = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let mut s = XlsxSink {
            out: Some(out),
            lang,
            data: Vec::new(),
            diags: Sheet::new(1),
            unreadable: Sheet::new(1),
            head,
            text: base.clone(),
            number: base,
        };
        s.lay_out()
            .expect("fixed sheet names and headers are valid");
        s
    }

    fn lay_out(&mut self) -> Result<(), rust_xlsxwriter::XlsxError> {
        let (head, d, u) = (&self.head, &mut self.diags.ws, &mut self.unreadable.ws);
        d.set_name(DIAGNOSTICS_SHEET)?;
        for (c, name) in ["来源", "严重程度", "规则", "位置", "说明"]
            .iter()
            .enumerate()
        {
            d.write_string_with_format(0, c as u16, *name, head)?;
        }
        d.set_column_width(0, 40)?;
        d.set_column_width(2, 36)?;
        d.set_column_width(4, 80)?;
        d.set_freeze_panes(1, 0)?;
        u.set_name(UNREADABLE_SHEET)?;
        for (c, name) in ["来源", "原因"].iter().enumerate() {
            u.write_string_with_format(0, c as u16, *name, head)?;
        }
        u.set_column_width(0, 40)?;
        u.set_column_width(1, 100)?;
        u.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// The data sheet of `form`, made on first use.
    fn data_for(&mut self, form: FormVersion) -> Result<&mut Sheet, BatchError> {
        let i = match self.data.iter().position(|(f, _)| *f == form) {
            Some(i) => i,
            None => {
                self.data.push((form, data_sheet(form, &self.head)?));
                self.data.len() - 1
            }
        };
        Ok(&mut self.data[i].1)
    }

    fn diagnostics(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        for d in d {
            let Some(r) = self.diags.next_row() else {
                return Ok(());
            };
            let severity = match (d.severity, self.lang) {
                (Severity::Error, Lang::Zh) => "错误",
                (Severity::Warning, Lang::Zh) => "警告",
                (Severity::Error, Lang::En) => "error",
                (Severity::Warning, Lang::En) => "warning",
            };
            let location = d
                .location
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default();
            let ws = &mut self.diags.ws;
            ws.write_string_with_format(r, 0, clip(source), &self.text)?;
            ws.write_string_with_format(r, 1, severity, &self.text)?;
            ws.write_string_with_format(r, 2, clip(&d.rule), &self.text)?;
            ws.write_string_with_format(r, 3, location, &self.text)?;
            ws.write_string_with_format(r, 4, clip(d.message.get(self.lang)), &self.text)?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for XlsxSink<W> {
    fn report(
        &mut self,
        source: &str,
        report: &Report,
        d: &[Diagnostic],
    ) -> Result<(), BatchError> {
        let (text, number) = (self.text.clone(), self.number.clone());
        let sheet = self.data_for(report.form)?;
        if let Some(r) = sheet.next_row() {
            let errors = d.iter().filter(|d| d.is_error()).count();
            let ws = &mut sheet.ws;
            ws.write_string_with_format(r, 0, clip(source), &text)?;
            ws.write_string_with_format(r, 1, clip(&report.organ), &text)?;
            if let Some(y) = report.year {
                ws.write_number_with_format(r, 2, y, &number)?;
            }
            ws.write_number_with_format(r, 3, errors as f64, &number)?;
            ws.write_number_with_format(r, 4, (d.len() - errors) as f64, &number)?;
            for (i, v) in report.values().iter().enumerate() {
                let c = (LEADING.len() + i) as u16;
                match v {
                    None => {}
                    Some(Value::Count(n)) if *n <= MAX_EXACT_COUNT => {
                        ws.write_number_with_format(r, c, *n as f64, &number)?;
                    }
                    Some(Value::Amount(a)) if fee_as_number(*a).is_some() => {
                        let f = fee_as_number(*a).expect("checked");
                        ws.write_number_with_format(r, c, f, &number)?;
                    }
                    // Not a number a spreadsheet holds exactly: the exact text.
                    Some(v) => {
                        ws.write_string_with_format(r, c, v.to_string(), &text)?;
                    }
                }
            }
        }
        self.diagnostics(source, d)
    }

    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        if let Some(r) = self.unreadable.next_row() {
            let why: Vec<String> = d
                .iter()
                .map(|d| match &d.location {
                    Some(l) => format!("[{}] {l}: {}", d.rule, d.message.get(self.lang)),
                    None => format!("[{}] {}", d.rule, d.message.get(self.lang)),
                })
                .collect();
            let ws = &mut self.unreadable.ws;
            ws.write_string_with_format(r, 0, clip(source), &self.text)?;
            ws.write_string_with_format(r, 1, clip(&why.join("\n")), &self.text)?;
        }
        Ok(())
    }

    fn cross(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        self.diagnostics(source, d)
    }

    fn finish(&mut self) -> Result<(), BatchError> {
        let Some(mut out) = self.out.take() else {
            return Ok(());
        };
        if self.data.is_empty() {
            self.data_for(FormVersion::V2021)?;
        }
        let mut wb = Workbook::new();
        let sheets = std::mem::take(&mut self.data)
            .into_iter()
            .map(|(_, s)| s)
            .chain([
                std::mem::replace(&mut self.diags, Sheet::new(0)),
                std::mem::replace(&mut self.unreadable, Sheet::new(0)),
            ]);
        for mut sheet in sheets {
            if sheet.dropped > 0 {
                let note = match self.lang {
                    Lang::Zh => format!("另有 {} 行超出工作表行数上限，未写入", sheet.dropped),
                    Lang::En => format!("{} more row(s) did not fit the sheet", sheet.dropped),
                };
                sheet
                    .ws
                    .write_string_with_format(MAX_ROW, 0, note, &self.text)?;
            }
            wb.push_worksheet(sheet.ws);
        }
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 1, 1)?;
        wb.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_author("nianbao")
                .set_creation_datetime(&created),
        );
        out.write_all(&wb.save_to_buffer()?)?;
        out.flush()?;
        Ok(())
    }
}
