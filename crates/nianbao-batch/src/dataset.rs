//! The sinks that write a dataset of many reports.
//!
//! The **wide table** has one row per input: [`LEADING`] (source, organ,
//! year, form, status, error and warning counts, the report it duplicates,
//! why it could not be read), then one column per number of the form under
//! a stable, SQL-safe name (`applications__new__natural`, see
//! [`columns`]); both editions of the form share one header (a cell of the
//! other edition is empty). It is written as
//!
//! - [`WideCsvSink`]: CSV (UTF-8, the OWASP guard on texts);
//! - [`XlsxSink`]: a workbook in rust_xlsxwriter's constant-memory mode (rows
//!   go to a temporary file as they come): a sheet of data (frozen header:
//!   names, then the Chinese labels; printed landscape on A4, one page
//!   wide) and a sheet of every diagnostic;
//! - Parquet ([`crate::parquet::ParquetSink`]).
//!
//! Besides: [`LongCsvSink`], the long CSV of FORM.md with `source,organ,year`
//! first; [`JsonlSink`], one JSON object per line,
//! `{"source":…,"status":…,"report":{…}|null,"diagnostics":[…]}`, then one
//! line `{"source":…,"cross":{…}}` per finding across reports.

use crate::engine::{Item, Sink};
use crate::BatchError;
use nianbao_data::csv::{guard, DatasetWriter};
use nianbao_model::{Diagnostic, FormVersion, Lang, Severity, Value, ValueKind};
use nianbao_office::xlsx::fee_as_number;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use std::io::Write;
use std::sync::OnceLock;

/// The output formats of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetFormat {
    /// The wide table as CSV.
    Csv,
    /// The long CSV with `source,organ,year` first.
    LongCsv,
    /// The wide table as a workbook.
    Xlsx,
    /// The wide table as Parquet.
    Parquet,
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
            "parquet" => Some(DatasetFormat::Parquet),
            "jsonl" | "ndjson" => Some(DatasetFormat::Jsonl),
            _ => None,
        }
    }
}

/// A sink of `format` writing to `out`; messages are in `lang`.
pub fn sink<'a, W: Write + Send + 'a>(
    format: DatasetFormat,
    out: W,
    lang: Lang,
) -> Result<Box<dyn Sink + Send + 'a>, BatchError> {
    Ok(match format {
        DatasetFormat::Csv => Box::new(WideCsvSink::new(out)?),
        DatasetFormat::LongCsv => Box::new(LongCsvSink::new(out)?),
        DatasetFormat::Jsonl => Box::new(JsonlSink::new(out, lang)),
        DatasetFormat::Xlsx => Box::new(XlsxSink::new(out, lang)?),
        DatasetFormat::Parquet => Box::new(crate::parquet::ParquetSink::new(out, lang)?),
    })
}

/// The columns before the numbers in the wide table (FORM.md).
pub const LEADING: [&str; 7] = [
    "source", "organ", "year", "form", "status", "errors", "warnings",
];
/// Their Chinese labels (second header row of the workbook).
pub const LEADING_ZH: [&str; 7] = ["来源", "机关", "年度", "表式", "状态", "错误", "警告"];
/// The columns after the numbers: why an input was refused, and the file a
/// duplicate repeats.
pub const TRAILING: [&str; 2] = ["reason", "duplicate_of"];
/// Their Chinese labels.
pub const TRAILING_ZH: [&str; 2] = ["原因", "重复于"];

/// One number column of the wide table.
#[derive(Debug, Clone)]
pub struct Column {
    /// The SQL-safe name of FORM.md: `section_row_col`, dots as `_`.
    pub name: String,
    /// The Chinese label: table heading, groups and row, then column.
    pub label: String,
    /// The kind of number.
    pub kind: ValueKind,
}

/// The number columns of the wide table and where each form's cells go.
#[derive(Debug)]
pub struct Columns {
    /// Every column, the 2021 form's first, then the 2019 form's own.
    pub columns: Vec<Column>,
    v2021: Vec<usize>,
    v2019: Vec<usize>,
}

impl Columns {
    /// For each cell of `form` (by cell index), its column.
    pub fn of(&self, form: FormVersion) -> &[usize] {
        match form {
            FormVersion::V2021 => &self.v2021,
            FormVersion::V2019 => &self.v2019,
        }
    }
}

/// The SQL-safe name of a cell of the form (FORM.md): `<section>_<row>_<col>`
/// with every `.` of a row key written `_` (`applications_new_natural`).
pub fn column_name(table: &str, row: &str, column: &str) -> String {
    format!("{table}_{}_{column}", row.replace('.', "_"))
}

/// The number columns of the wide table (built once).
pub fn columns() -> &'static Columns {
    static COLUMNS: OnceLock<Columns> = OnceLock::new();
    COLUMNS.get_or_init(|| {
        let mut columns: Vec<Column> = Vec::new();
        let mut place = |form: FormVersion| -> Vec<usize> {
            form.form()
                .cells()
                .iter()
                .map(|c| {
                    let name = column_name(c.table.key, c.row.key, c.column.key);
                    if let Some(i) = columns.iter().position(|k| k.name == name) {
                        return i;
                    }
                    let mut label = String::from(c.table.heading);
                    for g in c.row.groups {
                        label.push('／');
                        label.push_str(g);
                    }
                    label.push('／');
                    label.push_str(c.row.label);
                    label.push('／');
                    label.push_str(c.column.label);
                    columns.push(Column {
                        name,
                        label,
                        kind: c.column.kind,
                    });
                    columns.len() - 1
                })
                .collect()
        };
        let v2021 = place(FormVersion::V2021);
        let v2019 = place(FormVersion::V2019);
        Columns {
            columns,
            v2021,
            v2019,
        }
    })
}

/// The sheet column of the `i`th of [`TRAILING`], after every number.
fn trailing_column(i: usize) -> u16 {
    (LEADING.len() + columns().columns.len() + i) as u16
}

/// The status word of a report in the wide table (FORM.md): `duplicate`,
/// `errors` (read, rules broken) or `ok` (warnings are counted, not a
/// status).
pub fn status(item: &Item<'_>) -> &'static str {
    if item.duplicate.is_some() {
        "duplicate"
    } else if item.diagnostics.iter().any(Diagnostic::is_error) {
        "errors"
    } else {
        "ok"
    }
}

/// The status of an input that could not be read (the reason in `reason`,
/// the cells empty).
pub const UNREADABLE: &str = "refused";

/// Why an input could not be read, on one line per reason.
pub fn reason(d: &[Diagnostic], lang: Lang) -> String {
    d.iter()
        .map(|d| match &d.location {
            Some(l) => format!("[{}] {l}: {}", d.rule, d.message.get(lang)),
            None => format!("[{}] {}", d.rule, d.message.get(lang)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One row of the wide table, before the numbers.
#[derive(Debug, Clone, Default)]
pub struct Lead {
    /// Where it came from.
    pub source: String,
    /// The organ ("" when unknown or unreadable).
    pub organ: String,
    /// The year.
    pub year: Option<u16>,
    /// The form ("2021", "2019"; "" when unreadable).
    pub form: &'static str,
    /// ok, warnings, errors, duplicate, unreadable.
    pub status: &'static str,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// The source of the report it repeats.
    pub duplicate_of: Option<String>,
    /// Why it could not be read.
    pub reason: Option<String>,
}

impl Lead {
    /// The lead of a report; `first` names the report it duplicates.
    pub fn of_item(item: &Item<'_>, first: Option<String>) -> Lead {
        let errors = item.diagnostics.iter().filter(|d| d.is_error()).count();
        Lead {
            source: item.source.to_owned(),
            organ: item.report.organ.clone(),
            year: item.report.year,
            form: item.report.form.name(),
            status: status(item),
            errors,
            warnings: item.diagnostics.len() - errors,
            duplicate_of: first,
            reason: None,
        }
    }

    /// The lead of an unreadable input.
    pub fn unreadable(source: &str, d: &[Diagnostic], lang: Lang) -> Lead {
        let errors = d.iter().filter(|d| d.is_error()).count();
        Lead {
            source: source.to_owned(),
            status: UNREADABLE,
            errors,
            warnings: d.len() - errors,
            reason: Some(reason(d, lang)),
            ..Lead::default()
        }
    }
}

fn csv_field(out: &mut Vec<u8>, s: &str) {
    let s = guard(s);
    if s.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// The wide table as CSV.
pub struct WideCsvSink<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// Per column, the value of the report being written.
    row: Vec<Option<Value>>,
}

impl<W: Write> WideCsvSink<W> {
    /// Writes the header.
    pub fn new(mut out: W) -> Result<Self, BatchError> {
        let mut head: Vec<&str> = LEADING.to_vec();
        head.extend(columns().columns.iter().map(|c| c.name.as_str()));
        head.extend(TRAILING);
        out.write_all(head.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(WideCsvSink {
            out,
            buf: Vec::with_capacity(8 * 1024),
            row: vec![None; columns().columns.len()],
        })
    }

    fn write(&mut self, lead: &Lead) -> Result<(), BatchError> {
        let b = &mut self.buf;
        b.clear();
        csv_field(b, &lead.source);
        b.push(b',');
        csv_field(b, &lead.organ);
        b.push(b',');
        if let Some(y) = lead.year {
            let _ = write!(b, "{y}");
        }
        let _ = write!(
            b,
            ",{},{},{},{}",
            lead.form, lead.status, lead.errors, lead.warnings
        );
        for v in &self.row {
            b.push(b',');
            if let Some(v) = v {
                let _ = write!(b, "{v}");
            }
        }
        b.push(b',');
        csv_field(b, lead.reason.as_deref().unwrap_or(""));
        b.push(b',');
        csv_field(b, lead.duplicate_of.as_deref().unwrap_or(""));
        b.push(b'\n');
        self.out.write_all(b)?;
        Ok(())
    }
}

impl<W: Write> Sink for WideCsvSink<W> {
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        self.row.iter_mut().for_each(|v| *v = None);
        for (v, &c) in item
            .report
            .values()
            .iter()
            .zip(columns().of(item.report.form))
        {
            self.row[c] = *v;
        }
        self.write(&Lead::of_item(item, item.duplicate_of.map(str::to_owned)))
    }
    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        self.row.iter_mut().for_each(|v| *v = None);
        // Reasons in English keep the CSV's text columns in one language.
        self.write(&Lead::unreadable(source, d, Lang::En))
    }
    fn cross(&mut self, _: &str, _: &Diagnostic) -> Result<(), BatchError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        self.out.flush()?;
        Ok(())
    }
}

/// The long CSV dataset.
pub struct LongCsvSink<W: Write> {
    writer: Option<DatasetWriter<W>>,
}

impl<W: Write> LongCsvSink<W> {
    /// Writes the header.
    pub fn new(out: W) -> Result<Self, BatchError> {
        Ok(LongCsvSink {
            writer: Some(DatasetWriter::new(out)?),
        })
    }
}

impl<W: Write> Sink for LongCsvSink<W> {
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        if let Some(w) = &mut self.writer {
            w.write_report(item.source, item.report)?;
        }
        Ok(())
    }
    fn unreadable(&mut self, _: &str, _: &[Diagnostic]) -> Result<(), BatchError> {
        Ok(())
    }
    fn cross(&mut self, _: &str, _: &Diagnostic) -> Result<(), BatchError> {
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
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        let report = serde_json::to_string(item.report).map_err(std::io::Error::from)?;
        // Written by hand so that `source` comes first.
        writeln!(
            self.out,
            "{{\"source\":{},\"status\":\"{}\",\"report\":{report},\"diagnostics\":{}}}",
            json_str(item.source),
            status(item),
            self.diags(item.diagnostics)
        )?;
        Ok(())
    }
    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        writeln!(
            self.out,
            "{{\"source\":{},\"status\":\"{UNREADABLE}\",\"report\":null,\"diagnostics\":{}}}",
            json_str(source),
            self.diags(d)
        )?;
        Ok(())
    }
    fn cross(&mut self, source: &str, d: &Diagnostic) -> Result<(), BatchError> {
        writeln!(
            self.out,
            "{{\"source\":{},\"cross\":{}}}",
            json_str(source),
            d.to_json(self.lang)
        )?;
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        self.out.flush()?;
        Ok(())
    }
}

/// The data sheet of the dataset workbook.
pub const DATA_SHEET: &str = "数据";
/// The sheet of diagnostics.
pub const DIAGNOSTICS_SHEET: &str = "诊断";
/// Header rows of the data sheet: names, then labels.
pub const HEADER_ROWS: u32 = 2;

/// The last row a sheet holds (0-based).
const MAX_ROW: u32 = 1_048_575;
/// The longest text a cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// The largest count a double holds exactly.
const MAX_EXACT_COUNT: u64 = 1 << 53;
/// A4 in Excel's paper sizes.
const A4: u8 = 9;

fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_owned()
    } else {
        s.chars().take(MAX_CELL_CHARS - 1).chain(['…']).collect()
    }
}

/// The dataset workbook, written row by row in constant memory.
pub struct XlsxSink<W: Write + Send> {
    out: Option<W>,
    lang: Lang,
    wb: Workbook,
    data_rows: u32,
    data_dropped: u64,
    diag_rows: u32,
    diag_dropped: u64,
    text: Format,
    number: Format,
}

impl<W: Write + Send> XlsxSink<W> {
    /// A sink on `out`: the workbook is finished by [`Sink::finish`].
    pub fn new(out: W, lang: Lang) -> Result<Self, BatchError> {
        let base = nianbao_office::xlsx::base_format().set_font_size(10);
        let head = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let mut wb = Workbook::new();
        let cols = columns();
        {
            let ws = wb.add_worksheet_with_constant_memory()?;
            ws.set_name(DATA_SHEET)?;
            // Constant memory: rows in order, each written whole.
            ws.set_row_height(1, 120)?;
            let names = LEADING
                .iter()
                .copied()
                .chain(cols.columns.iter().map(|c| c.name.as_str()))
                .chain(TRAILING);
            for (c, name) in names.enumerate() {
                ws.write_string_with_format(0, c as u16, name, &head)?;
            }
            let labels = LEADING_ZH
                .iter()
                .copied()
                .chain(cols.columns.iter().map(|c| c.label.as_str()))
                .chain(TRAILING_ZH);
            for (c, label) in labels.enumerate() {
                ws.write_string_with_format(1, c as u16, label, &head)?;
            }
            ws.set_column_width(0, 36)?;
            ws.set_column_width(1, 24)?;
            ws.set_column_width(trailing_column(0), 30)?;
            ws.set_freeze_panes(HEADER_ROWS, 1)?;
            ws.set_landscape();
            ws.set_paper_size(A4);
            ws.set_print_fit_to_pages(1, 0);
            ws.set_repeat_rows(0, HEADER_ROWS - 1)?;
        }
        {
            let ws = wb.add_worksheet_with_constant_memory()?;
            ws.set_name(DIAGNOSTICS_SHEET)?;
            for (c, name) in ["source", "severity", "rule", "location", "message"]
                .iter()
                .enumerate()
            {
                ws.write_string_with_format(0, c as u16, *name, &head)?;
            }
            ws.set_column_width(0, 36)?;
            ws.set_column_width(2, 30)?;
            ws.set_column_width(4, 80)?;
            ws.set_freeze_panes(1, 0)?;
            ws.set_landscape();
            ws.set_paper_size(A4);
            ws.set_print_fit_to_pages(1, 0);
        }
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 1, 1)?;
        wb.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_author("nianbao")
                .set_creation_datetime(&created),
        );
        Ok(XlsxSink {
            out: Some(out),
            lang,
            wb,
            data_rows: HEADER_ROWS,
            data_dropped: 0,
            diag_rows: 1,
            diag_dropped: 0,
            text: base.clone(),
            number: base,
        })
    }

    fn lead(&mut self, lead: &Lead) -> Result<Option<u32>, BatchError> {
        if self.data_rows >= MAX_ROW {
            self.data_dropped += 1;
            return Ok(None);
        }
        let r = self.data_rows;
        self.data_rows += 1;
        let (text, number) = (&self.text, &self.number);
        let ws = self.wb.worksheet_from_index(0)?;
        ws.write_string_with_format(r, 0, clip(&lead.source), text)?;
        ws.write_string_with_format(r, 1, clip(&lead.organ), text)?;
        if let Some(y) = lead.year {
            ws.write_number_with_format(r, 2, y, number)?;
        }
        ws.write_string_with_format(r, 3, lead.form, text)?;
        ws.write_string_with_format(r, 4, lead.status, text)?;
        ws.write_number_with_format(r, 5, lead.errors as f64, number)?;
        ws.write_number_with_format(r, 6, lead.warnings as f64, number)?;
        if let Some(d) = &lead.reason {
            ws.write_string_with_format(r, trailing_column(0), clip(d), text)?;
        }
        if let Some(d) = &lead.duplicate_of {
            ws.write_string_with_format(r, trailing_column(1), clip(d), text)?;
        }
        Ok(Some(r))
    }

    fn diagnostics<'d>(
        &mut self,
        source: &str,
        d: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> Result<(), BatchError> {
        for d in d {
            if self.diag_rows >= MAX_ROW {
                self.diag_dropped += 1;
                continue;
            }
            let r = self.diag_rows;
            self.diag_rows += 1;
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
            let text = &self.text;
            let message = clip(d.message.get(self.lang));
            let ws = self.wb.worksheet_from_index(1)?;
            ws.write_string_with_format(r, 0, clip(source), text)?;
            ws.write_string_with_format(r, 1, severity, text)?;
            ws.write_string_with_format(r, 2, clip(&d.rule), text)?;
            ws.write_string_with_format(r, 3, location, text)?;
            ws.write_string_with_format(r, 4, message, text)?;
        }
        Ok(())
    }
}

impl<W: Write + Send> Sink for XlsxSink<W> {
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        let lead = Lead::of_item(item, item.duplicate_of.map(str::to_owned));
        if let Some(r) = self.lead(&lead)? {
            let first = LEADING.len();
            let (text, number) = (self.text.clone(), self.number.clone());
            let ws = self.wb.worksheet_from_index(0)?;
            for (v, &c) in item
                .report
                .values()
                .iter()
                .zip(columns().of(item.report.form))
            {
                let c = (first + c) as u16;
                match v {
                    None => {}
                    Some(Value::Count(n)) if *n <= MAX_EXACT_COUNT => {
                        ws.write_number_with_format(r, c, *n as f64, &number)?;
                    }
                    Some(Value::Signed(n)) if n.unsigned_abs() <= MAX_EXACT_COUNT => {
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
        self.diagnostics(item.source, item.diagnostics)
    }

    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        let lead = Lead::unreadable(source, d, self.lang);
        self.lead(&lead)?;
        self.diagnostics(source, d)
    }

    fn cross(&mut self, source: &str, d: &Diagnostic) -> Result<(), BatchError> {
        self.diagnostics(source, [d])
    }

    fn finish(&mut self) -> Result<(), BatchError> {
        let Some(mut out) = self.out.take() else {
            return Ok(());
        };
        let notes = [(0, self.data_dropped), (1, self.diag_dropped)];
        for (sheet, dropped) in notes {
            if dropped > 0 {
                let note = match self.lang {
                    Lang::Zh => format!("另有 {dropped} 行超出工作表行数上限，未写入"),
                    Lang::En => format!("{dropped} more row(s) did not fit the sheet"),
                };
                let text = self.text.clone();
                self.wb
                    .worksheet_from_index(sheet)?
                    .write_string_with_format(MAX_ROW, 0, note, &text)?;
            }
        }
        self.wb.save_to_writer(&mut out)?;
        out.flush()?;
        Ok(())
    }
}
