//! The long CSV of FORM.md: one row per number of the form, in form order.
//!
//! ```text
//! section,row,col,value
//! active,regulation,issued,0
//! …
//! active,fee,amount,155.1344
//! applications,new,natural,2
//! applications,new,commercial,
//! …
//! ```
//!
//! - `value` is the number as plain ASCII digits: a count as a whole number,
//!   the fee with exactly its digits (`18.150` stays `18.150`); a blank cell
//!   is an empty field, never `0`.
//! - The title, organ, year and prose of a report do not fit this shape:
//!   [`read_long_csv`] gives a report with an empty title, organ and prose
//!   and no year.
//! - The header is `section,row,col,value` (not `table`/`column`: those are
//!   SQL keywords). The reader is strict: the header must be exactly that,
//!   or the `table,row,column,value` nianbao wrote before (a UTF-8
//!   byte-order mark before it is allowed), every cell of the form
//!   must appear exactly once (in any order), and an unknown key, a
//!   duplicate, a missing cell or a number that is not plain digits is an
//!   error naming the CSV line ([`CsvError`]).
//!
//! A multi-report **dataset** puts `source,organ,year,form` first:
//! `source,organ,year,form,section,row,col,value` (the older
//! `source,organ,year,table,row,column,value`, without `form`, is read too). [`DatasetWriter`] writes it
//! report by report (for a streaming batch) and [`read_dataset_csv`] reads
//! it back, one report per run of rows with the same `source`. The text
//! fields `source` and `organ` carry the OWASP CSV-injection guard: a field
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (after any
//! leading `'`) is written with one `'` in front, which the reader removes
//! ([`guard`], [`unguard`]), so every text reads back unchanged. The writers
//! write no byte-order mark.

use crate::Error as ExportError;
use nianbao_model::{CellId, Decimal, FormVersion, Report, Value, ValueKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::Write;

/// The header of the long CSV of one report (FORM.md).
pub const LONG_HEADER: [&str; 4] = ["section", "row", "col", "value"];
/// The header of a multi-report dataset (FORM.md).
pub const DATASET_HEADER: [&str; 8] = [
    "source", "organ", "year", "form", "section", "row", "col", "value",
];
/// The long CSV's header as nianbao wrote it before FORM.md named its
/// columns SQL-safely; still read.
pub const LEGACY_LONG_HEADER: [&str; 4] = ["table", "row", "column", "value"];
/// The dataset's header as nianbao wrote it before (no `form`); still read.
pub const LEGACY_DATASET_HEADER: [&str; 7] =
    ["source", "organ", "year", "table", "row", "column", "value"];

/// Characters that make a spreadsheet treat a field as a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_guard(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// The OWASP CSV-injection guard: `'` in front of a text that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, once any leading `'` are
/// skipped (so that a text that already starts with `'=` still reads back
/// unchanged through [`unguard`]).
pub fn guard(s: &str) -> Cow<'_, str> {
    if needs_guard(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Removes the guard of [`guard`]: `unguard(&guard(s)) == s` for every `s`.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

fn value_text(v: Option<Value>) -> String {
    match v {
        None => String::new(),
        Some(v) => v.to_string(),
    }
}

/// Writes the long CSV of `report` (header and one row per number).
pub fn write_long_csv<W: Write>(out: W, report: &Report) -> Result<(), ExportError> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(LONG_HEADER)?;
    for c in report.form_def().cells() {
        w.write_record([
            c.table.key,
            c.row.key,
            c.column.key,
            &value_text(report.get(c.id)),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The long CSV of `report` as a string.
pub fn to_long_csv(report: &Report) -> String {
    let mut buf = Vec::with_capacity(8 * 1024);
    write_long_csv(&mut buf, report).expect("writing CSV to memory cannot fail");
    String::from_utf8(buf).expect("the CSV writer writes the UTF-8 it is given")
}

/// Writes a multi-report dataset, one report at a time, so that a batch can
/// stream reports without holding them all.
///
/// The header is written by [`DatasetWriter::new`]; call
/// [`DatasetWriter::finish`] (or [`DatasetWriter::flush`]) at the end to be
/// sure everything reached the writer.
pub struct DatasetWriter<W: Write> {
    out: W,
    /// The rows of the report being written, sent to `out` in one write.
    buf: Vec<u8>,
}

impl<W: Write> DatasetWriter<W> {
    /// A dataset writer on `out`; writes the header.
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(DATASET_HEADER.join(",").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(DatasetWriter {
            out,
            buf: Vec::with_capacity(32 * 1024),
        })
    }

    /// Writes the rows of one report. `source` names where it came from (a
    /// file name); it and the organ are guarded against CSV injection.
    ///
    /// The `source,organ,year,` prefix is quoted once per report, and the
    /// keys and values need no quoting (keys are ASCII words with dots and
    /// underscores; values are digits, a point and a sign), so each row is
    /// written as bytes: the dataset of a province is hundreds of millions
    /// of rows.
    pub fn write_report(&mut self, source: &str, report: &Report) -> Result<(), ExportError> {
        let mut prefix = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(128));
        let year = report.year.map(|y| y.to_string()).unwrap_or_default();
        prefix.write_record([
            &*guard(source),
            &*guard(&report.organ),
            &year,
            report.form.name(),
        ])?;
        let mut prefix = prefix
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))?;
        // The record ends in `\n`: make it the separator before the keys.
        if prefix.last() == Some(&b'\n') {
            prefix.pop();
        }
        prefix.push(b',');
        self.buf.clear();
        for c in report.form_def().cells() {
            debug_assert!([c.table.key, c.row.key, c.column.key]
                .iter()
                .all(|k| !k.contains([',', '"', '\n'])));
            self.buf.extend_from_slice(&prefix);
            self.buf.extend_from_slice(c.table.key.as_bytes());
            self.buf.push(b',');
            self.buf.extend_from_slice(c.row.key.as_bytes());
            self.buf.push(b',');
            self.buf.extend_from_slice(c.column.key.as_bytes());
            self.buf.push(b',');
            if let Some(v) = report.get(c.id) {
                // Display of a value writes no byte that needs quoting.
                let _ = write!(self.buf, "{v}");
            }
            self.buf.push(b'\n');
        }
        self.out.write_all(&self.buf)?;
        Ok(())
    }

    /// Flushes what was written to the underlying writer.
    pub fn flush(&mut self) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }

    /// Flushes and gives back the underlying writer.
    pub fn finish(mut self) -> Result<W, ExportError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Why a CSV text is not a report (or a dataset), and on which line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct CsvError {
    /// 1-based line of the CSV where the problem is (for a missing cell: the
    /// last line of the report's rows).
    pub line: u64,
    /// What is wrong.
    pub kind: CsvErrorKind,
}

/// What is wrong with a CSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// Not readable as CSV (e.g. invalid UTF-8).
    Syntax(String),
    /// No header at all.
    Empty,
    /// The header is not the expected one.
    Header {
        /// The header found.
        found: String,
        /// The header expected.
        expected: String,
    },
    /// A row with the wrong number of fields.
    FieldCount {
        /// Fields found.
        found: usize,
        /// Fields expected.
        expected: usize,
    },
    /// `table,row,column` that is no cell of the form.
    UnknownCell(String),
    /// A cell given a second time.
    Duplicate {
        /// `table.row.column`.
        cell: String,
        /// The line where it was first given.
        first_line: u64,
    },
    /// A value that is not a number of the cell's kind.
    BadNumber {
        /// `table.row.column`.
        cell: String,
        /// The value's text.
        text: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A cell of the form that the rows do not give.
    Missing(String),
    /// A `year` that is not a year.
    BadYear(String),
    /// A `form` that is neither `2021` nor `2019`.
    BadForm(String),
    /// A dataset report whose rows disagree on `organ`, `year` or `form`.
    Inconsistent {
        /// `organ`, `year` or `form`.
        field: &'static str,
        /// The source.
        source: String,
    },
    /// The rows of a source come again after other sources' rows.
    SourceRepeated(String),
}

impl fmt::Display for CsvErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(m) => write!(f, "not valid CSV: {m}"),
            Self::Empty => write!(f, "no header (empty CSV)"),
            Self::Header { found, expected } => {
                write!(f, "header is \"{found}\", expected \"{expected}\"")
            }
            Self::FieldCount { found, expected } => {
                write!(f, "{found} fields, expected {expected}")
            }
            Self::UnknownCell(c) => write!(f, "\"{c}\" is no cell of the form"),
            Self::Duplicate { cell, first_line } => {
                write!(f, "\"{cell}\" given again (first on line {first_line})")
            }
            Self::BadNumber { cell, text, reason } => {
                write!(f, "\"{cell}\": \"{text}\" is not a valid value ({reason})")
            }
            Self::Missing(c) => write!(f, "cell \"{c}\" is missing (an empty value is a blank)"),
            Self::BadYear(y) => write!(f, "\"{y}\" is not a year"),
            Self::BadForm(v) => write!(f, "\"{v}\" is not a form (2021 or 2019)"),
            Self::Inconsistent { field, source } => {
                write!(f, "the rows of \"{source}\" disagree on {field}")
            }
            Self::SourceRepeated(s) => {
                write!(f, "the rows of \"{s}\" resume after other sources' rows")
            }
        }
    }
}

fn err(line: u64, kind: CsvErrorKind) -> CsvError {
    CsvError { line, kind }
}

/// Parses a value field strictly: plain ASCII digits (with a fraction for
/// the fee), or empty for a blank.
fn parse_value(text: &str, kind: ValueKind) -> Result<Option<Value>, &'static str> {
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        ValueKind::Count => {
            if !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err("a count is plain digits");
            }
            text.parse::<u64>()
                .map(|n| Some(Value::Count(n)))
                .map_err(|_| "too large")
        }
        ValueKind::Signed => text
            .parse::<i64>()
            .map(|n| Some(Value::Signed(n)))
            .map_err(|_| "a signed count is digits with an optional minus sign"),
        ValueKind::Amount | ValueKind::Yuan => text
            .parse::<Decimal>()
            .map(|d| Some(Value::Amount(d)))
            .map_err(|_| "the fee is digits with an optional fraction, at most 18 decimals"),
    }
}

/// Collects the cells of one report from rows.
struct Collector {
    report: Report,
    /// Line where each cell was given.
    seen: Vec<Option<u64>>,
    last_line: u64,
}

impl Collector {
    fn new(form: FormVersion) -> Collector {
        let report = Report::empty(form);
        let n = report.form_def().cell_count();
        Collector {
            report,
            seen: vec![None; n],
            last_line: 0,
        }
    }

    fn put(
        &mut self,
        index: &Index,
        line: u64,
        key: [&str; 3],
        value: &str,
    ) -> Result<(), CsvError> {
        let path = || format!("{}.{}.{}", key[0], key[1], key[2]);
        let Some(&id) = index.get(&key) else {
            return Err(err(line, CsvErrorKind::UnknownCell(path())));
        };
        if let Some(first_line) = self.seen[id.index()] {
            return Err(err(
                line,
                CsvErrorKind::Duplicate {
                    cell: path(),
                    first_line,
                },
            ));
        }
        let kind = self.report.form_def().def(id).column.kind;
        let v = parse_value(value, kind).map_err(|reason| {
            err(
                line,
                CsvErrorKind::BadNumber {
                    cell: path(),
                    text: value.to_string(),
                    reason,
                },
            )
        })?;
        self.report.set(id, v);
        self.seen[id.index()] = Some(line);
        self.last_line = line;
        Ok(())
    }

    fn finish(self) -> Result<Report, CsvError> {
        let form = self.report.form_def();
        if let Some(i) = self.seen.iter().position(Option::is_none) {
            return Err(err(
                self.last_line,
                CsvErrorKind::Missing(form.cells()[i].path()),
            ));
        }
        Ok(self.report)
    }
}

type Index = HashMap<[&'static str; 3], CellId>;

fn index(form: FormVersion) -> Index {
    form.form()
        .cells()
        .iter()
        .map(|c| ([c.table.key, c.row.key, c.column.key], c.id))
        .collect()
}

/// Reads CSV records with their 1-based line, checking the header and the
/// number of fields.
/// The records after the header, which must be one of `headers`; with the
/// index of the header found.
#[allow(clippy::type_complexity)]
fn records<'a>(
    text: &'a str,
    headers: &'a [&'a [&'a str]],
) -> Result<
    (
        usize,
        impl Iterator<Item = Result<(u64, ::csv::StringRecord), CsvError>> + 'a,
    ),
    CsvError,
> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut it = rdr.into_records().map(|r| {
        r.map(|rec| (rec.position().map_or(0, |p| p.line()), rec))
            .map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, CsvErrorKind::Syntax(e.to_string()))
            })
    });
    let (line, first) = match it.next() {
        None => return Err(err(1, CsvErrorKind::Empty)),
        Some(r) => r?,
    };
    let Some(which) = headers
        .iter()
        .position(|h| first.iter().eq(h.iter().copied()))
    else {
        return Err(err(
            line,
            CsvErrorKind::Header {
                found: first.iter().collect::<Vec<_>>().join(","),
                expected: headers[0].join(","),
            },
        ));
    };
    let n = headers[which].len();
    Ok((
        which,
        it.map(move |r| {
            let (line, rec) = r?;
            if rec.len() != n {
                return Err(err(
                    line,
                    CsvErrorKind::FieldCount {
                        found: rec.len(),
                        expected: n,
                    },
                ));
            }
            Ok((line, rec))
        }),
    ))
}

/// Reads the long CSV of one report (see the module doc). The report has
/// an empty title, organ and prose and no year: the long CSV holds only
/// the numbers.
pub fn read_long_csv(text: &str) -> Result<Report, CsvError> {
    // The long CSV does not say its form: the 2021 form unless the keys are
    // those of the 2019 form.
    read_long_csv_as(text, FormVersion::V2021).or_else(|e| {
        match read_long_csv_as(text, FormVersion::V2019) {
            Ok(r) => Ok(r),
            Err(_) => Err(e),
        }
    })
}

fn read_long_csv_as(text: &str, form: FormVersion) -> Result<Report, CsvError> {
    let index = index(form);
    let mut c = Collector::new(form);
    let (_, rows) = records(text, &[&LONG_HEADER, &LEGACY_LONG_HEADER])?;
    for r in rows {
        let (line, rec) = r?;
        c.put(&index, line, [&rec[0], &rec[1], &rec[2]], &rec[3])?;
    }
    if c.last_line == 0 {
        c.last_line = 1;
    }
    c.finish()
}

/// One report of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetEntry {
    /// Where the report came from (the `source` field, unguarded).
    pub source: String,
    /// The report: organ, year and numbers; empty title and prose.
    pub report: Report,
}

/// Reads a multi-report dataset (see the module doc): one report per run of
/// rows with the same `source`, each complete and consistent in `organ` and
/// `year`.
pub fn read_dataset_csv(text: &str) -> Result<Vec<DatasetEntry>, CsvError> {
    let indexes = [index(FormVersion::V2021), index(FormVersion::V2019)];
    let mut out: Vec<DatasetEntry> = Vec::new();
    let mut done: HashMap<String, u64> = HashMap::new();
    let mut cur: Option<(String, Collector)> = None;
    let (which, rows) = records(text, &[&DATASET_HEADER, &LEGACY_DATASET_HEADER])?;
    // The legacy header has no `form`: the keys start one field earlier.
    let k = usize::from(which == 0);
    for r in rows {
        let (line, rec) = r?;
        let source = unguard(&rec[0]);
        if !matches!(cur.as_ref(), Some((s, _)) if s == source) {
            if let Some((s, c)) = cur.take() {
                done.insert(s.clone(), c.last_line);
                out.push(DatasetEntry {
                    source: s,
                    report: c.finish()?,
                });
            }
            if done.contains_key(source) {
                return Err(err(line, CsvErrorKind::SourceRepeated(source.to_string())));
            }
            // A report's form is its `form` field, or follows from its
            // year in the legacy header (2019 and 2020: the 2019 form).
            let year = parse_year(&rec[2]).map_err(|k| err(line, k))?;
            let form = if k == 1 {
                parse_form(&rec[3]).map_err(|k| err(line, k))?
            } else {
                year.and_then(FormVersion::for_year).unwrap_or_default()
            };
            let mut c = Collector::new(form);
            c.report.organ = unguard(&rec[1]).to_string();
            c.report.year = year;
            cur = Some((source.to_string(), c));
        }
        let (s, c) = cur.as_mut().expect("a current report");
        if unguard(&rec[1]) != c.report.organ {
            return Err(err(
                line,
                CsvErrorKind::Inconsistent {
                    field: "organ",
                    source: s.clone(),
                },
            ));
        }
        if parse_year(&rec[2]).map_err(|k| err(line, k))? != c.report.year {
            return Err(err(
                line,
                CsvErrorKind::Inconsistent {
                    field: "year",
                    source: s.clone(),
                },
            ));
        }
        let index = &indexes[usize::from(c.report.form == FormVersion::V2019)];
        if k == 1 && rec[3] != *c.report.form.name() {
            return Err(err(
                line,
                CsvErrorKind::Inconsistent {
                    field: "form",
                    source: s.clone(),
                },
            ));
        }
        c.put(
            index,
            line,
            [&rec[3 + k], &rec[4 + k], &rec[5 + k]],
            &rec[6 + k],
        )?;
    }
    if let Some((s, c)) = cur {
        out.push(DatasetEntry {
            source: s,
            report: c.finish()?,
        });
    }
    Ok(out)
}

fn parse_form(s: &str) -> Result<FormVersion, CsvErrorKind> {
    [FormVersion::V2021, FormVersion::V2019]
        .into_iter()
        .find(|f| f.name() == s)
        .ok_or_else(|| CsvErrorKind::BadForm(s.to_string()))
}

fn parse_year(s: &str) -> Result<Option<u16>, CsvErrorKind> {
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CsvErrorKind::BadYear(s.to_string()));
    }
    s.parse()
        .map(Some)
        .map_err(|_| CsvErrorKind::BadYear(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::testing::sample;

    /// The report as the long CSV can hold it: numbers only.
    fn numbers_only(r: &Report) -> Report {
        let mut n = r.clone();
        n.title.clear();
        n.organ.clear();
        n.year = None;
        n.sections = Default::default();
        n
    }

    #[test]
    fn long_csv_has_the_form_order_and_the_exact_fee() {
        let r = sample("155.1344");
        let csv = to_long_csv(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 201);
        assert_eq!(lines[0], "section,row,col,value");
        assert_eq!(lines[1], "active,regulation,issued,0");
        assert_eq!(lines[10], "active,fee,amount,155.1344");
        assert_eq!(lines[11], "applications,new,natural,29");
        assert_eq!(lines[200], "reviews,suit_after_review,total,62");
        // Cell 3 is blank in the sample: an empty field, not 0.
        assert_eq!(lines[4], "active,normative,issued,");
    }

    #[test]
    fn long_csv_round_trips_blanks_and_fees_with_0_to_6_decimals() {
        for fee in [
            "0",
            "7",
            "0.5",
            "18.150",
            "155.1344",
            "96171.61",
            "4166.241619",
            "0.000001",
            "123456789012.345600",
        ] {
            let r = sample(fee);
            let back = read_long_csv(&to_long_csv(&r)).unwrap();
            assert_eq!(back, numbers_only(&r), "{fee}");
        }
        let empty = Report::empty(FormVersion::V2021);
        assert_eq!(read_long_csv(&to_long_csv(&empty)).unwrap(), empty);
    }

    #[test]
    fn the_reader_is_strict_and_names_the_line() {
        let csv = to_long_csv(&sample("1.5"));
        let check = |text: &str, line: u64, what: &str| {
            let e = read_long_csv(text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            assert!(e.to_string().contains(what), "{e}");
        };
        check(
            &csv.replacen("active,regulation,issued,0", "active,regulation,isued,0", 1),
            2,
            "active.regulation.isued",
        );
        check(
            &csv.replacen(
                "active,regulation,repealed,",
                "active,regulation,issued,",
                1,
            ),
            3,
            "first on line 2",
        );
        check(
            &csv.replacen(
                "applications,new,natural,29",
                "applications,new,natural,2.5",
                1,
            ),
            12,
            "plain digits",
        );
        check(
            &csv.replacen(
                "applications,new,natural,29",
                "applications,new,natural, 29",
                1,
            ),
            12,
            "plain digits",
        );
        check(
            &csv.replacen(
                "applications,new,natural,29",
                "applications,new,natural,-1",
                1,
            ),
            12,
            "plain digits",
        );
        check(
            &csv.replacen("active,fee,amount,1.5", "active,fee,amount,1.5e3", 1),
            11,
            "fee",
        );
        check(
            &csv.replacen("section,row,col,value", "table,row,col,value", 1),
            1,
            "header",
        );
        check(
            &csv.replacen("active,regulation,issued,0", "active,regulation,issued", 1),
            2,
            "3 fields",
        );
        let without_last: String = csv.lines().take(200).map(|l| format!("{l}\n")).collect();
        check(&without_last, 200, "reviews.suit_after_review.total");
        check("", 1, "empty");
        assert!(read_long_csv(&format!("\u{feff}{csv}")).is_ok());
        // Rows in any order are fine.
        let mut lines: Vec<&str> = csv.lines().collect();
        lines[1..].reverse();
        assert_eq!(
            read_long_csv(&lines.join("\n")).unwrap(),
            numbers_only(&sample("1.5"))
        );
    }

    #[test]
    fn guard_round_trips_every_start() {
        for s in [
            "", "=1+2", "+86", "-x", "@a", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", "洛阳",
        ] {
            let g = guard(s);
            assert_eq!(unguard(&g), s, "{s:?}");
            assert!(!g.starts_with(FORMULA_STARTS), "{g:?}");
        }
        assert_eq!(guard("=1+2"), "'=1+2");
        assert_eq!(guard("洛阳"), "洛阳");
    }

    #[test]
    fn dataset_streams_reports_and_reads_them_back() {
        let mut a = sample("155.1344");
        a.organ = "=HYPERLINK(\"x\")".into();
        let mut b = sample("0.50");
        b.organ = "洛阳市, \"西工\"".into();
        b.year = None;
        let mut w = DatasetWriter::new(Vec::new()).unwrap();
        w.write_report("-a.txt", &a).unwrap();
        w.write_report("b.txt", &b).unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(text.starts_with("source,organ,year,form,section,row,col,value\n'-a.txt,\"'=HYPERLINK(\"\"x\"\")\",2023,2021,active,regulation,issued,0\n"), "{text}");
        let back = read_dataset_csv(&text).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].source, "-a.txt");
        assert_eq!(back[1].source, "b.txt");
        let keep = |r: &Report| {
            let mut n = numbers_only(r);
            n.organ = r.organ.clone();
            n.year = r.year;
            n
        };
        assert_eq!(back[0].report, keep(&a));
        assert_eq!(back[1].report, keep(&b));

        // A report cut short, then another source: the missing cell is named.
        let cut: Vec<&str> = text
            .lines()
            .filter(|l| !l.contains(",active,fee,amount,") || !l.starts_with("'-a"))
            .collect();
        let e = read_dataset_csv(&cut.join("\n")).unwrap_err();
        assert_eq!(e.kind, CsvErrorKind::Missing("active.fee.amount".into()));
        // A year that changes within a source.
        let e = read_dataset_csv(&text.replacen(
            ",2023,2021,active,regulation,repealed,",
            ",2022,2021,active,regulation,repealed,",
            1,
        ))
        .unwrap_err();
        assert_eq!(
            (e.line, e.kind.clone()),
            (
                3,
                CsvErrorKind::Inconsistent {
                    field: "year",
                    source: "-a.txt".into()
                }
            )
        );
        // The dataset nianbao wrote before `form` (legacy header) reads
        // the same, the form told by the year.
        let legacy = text
            .replacen(
                "source,organ,year,form,section,row,col,value",
                "source,organ,year,table,row,column,value",
                1,
            )
            .replace(",2021,active,", ",active,")
            .replace(",2021,applications,", ",applications,")
            .replace(",2021,reviews,", ",reviews,");
        assert_eq!(read_dataset_csv(&legacy).unwrap(), back);
        // A source resuming later.
        let mut w = DatasetWriter::new(Vec::new()).unwrap();
        for (s, r) in [("-a.txt", &a), ("b.txt", &b), ("-a.txt", &a)] {
            w.write_report(s, r).unwrap();
        }
        let e = read_dataset_csv(&String::from_utf8(w.finish().unwrap()).unwrap()).unwrap_err();
        assert_eq!(e.line, 402);
        assert_eq!(e.kind, CsvErrorKind::SourceRepeated("-a.txt".into()));
    }
}
