//! Many reports as columns: the wide and long shapes of a dataset, built
//! report by report into typed column buffers that the bindings hand to
//! pandas or pyarrow without a Python object per number.
//!
//! Wide (one row per report), as FORM.md defines it:
//! `source, organ, year, form, status, errors, warnings`, then one
//! column per cell named `<section>_<row>_<col>` (every `.` of a row key
//! written `_`): the 2021 form's cells in form order, then the 2019 form's
//! cells the 2021 form lacks, then `reason` (why a file was refused). Long
//! (one row per cell of every report read):
//! `source, organ, year, form, section, row, col, value`.
//!
//! Counts and signed numbers are whole-number columns, amounts are floats
//! (the exact decimal stays available per report); a blank cell is missing,
//! never 0. A count too large for a 64-bit signed column is left missing
//! with a warning (`python.out_of_range`) rather than written wrong.

use nianbao_batch::Outcome;
use nianbao_model::form::CellDef;
use nianbao_model::{Diagnostic, FormVersion, Lang, Message, Report, Severity, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The rule id of a number that a dataset column cannot hold.
pub const OUT_OF_RANGE: &str = nianbao_model::rule_ids::PYTHON_OUT_OF_RANGE;

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text per row; `None` is missing.
    Text(Vec<Option<String>>),
    /// Whole numbers; `valid[i]` is false where row `i` is missing.
    Int {
        /// The numbers (0 where missing).
        values: Vec<i64>,
        /// Which rows have a number.
        valid: Vec<bool>,
    },
    /// Floating-point numbers, with validity.
    Float {
        /// The numbers (0.0 where missing).
        values: Vec<f64>,
        /// Which rows have a number.
        valid: Vec<bool>,
    },
    /// Text from a small set: `codes[i]` indexes `categories`, −1 missing.
    Dict {
        /// Per row, an index into `categories` or −1.
        codes: Vec<i32>,
        /// The distinct texts, in order of first appearance.
        categories: Vec<String>,
    },
}

impl Column {
    fn int() -> Column {
        Column::Int {
            values: Vec::new(),
            valid: Vec::new(),
        }
    }

    fn float() -> Column {
        Column::Float {
            values: Vec::new(),
            valid: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Text(v) => v.len(),
            Column::Int { valid, .. } | Column::Float { valid, .. } => valid.len(),
            Column::Dict { codes, .. } => codes.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push_int(&mut self, v: Option<i64>) {
        if let Column::Int { values, valid } = self {
            values.push(v.unwrap_or(0));
            valid.push(v.is_some());
        }
    }

    fn push_float(&mut self, v: Option<f64>) {
        if let Column::Float { values, valid } = self {
            values.push(v.unwrap_or(0.0));
            valid.push(v.is_some());
        }
    }
}

/// A dictionary column being built.
#[derive(Debug, Default)]
struct DictBuilder {
    codes: Vec<i32>,
    categories: Vec<String>,
    index: HashMap<String, i32>,
}

impl DictBuilder {
    fn code(&mut self, s: Option<&str>) -> i32 {
        let Some(s) = s else { return -1 };
        if let Some(&c) = self.index.get(s) {
            return c;
        }
        let c = self.categories.len() as i32;
        self.categories.push(s.to_owned());
        self.index.insert(s.to_owned(), c);
        c
    }

    fn push(&mut self, s: Option<&str>) {
        let c = self.code(s);
        self.codes.push(c);
    }

    fn finish(self) -> Column {
        Column::Dict {
            codes: self.codes,
            categories: self.categories,
        }
    }
}

/// The name of a cell's wide column: `applications_denied_state_secret_total`.
pub fn column_name(cell: &CellDef) -> String {
    // One naming for every wide table nianbao writes (batch's datasets too).
    nianbao_batch::dataset::column_name(cell.table.key, cell.row.key, cell.column.key)
}

/// Whether a cell's column holds floats (amounts) rather than whole numbers.
fn is_float(cell: &CellDef) -> bool {
    cell.column.kind.is_amount()
}

/// The cell columns of the wide shape, and where each form's cells go.
struct WideLayout {
    names: Vec<String>,
    float: Vec<bool>,
    /// Per form (2021, 2019): cell index → column index.
    slots: [Vec<usize>; 2],
}

fn form_slot(f: FormVersion) -> usize {
    match f {
        FormVersion::V2021 => 0,
        FormVersion::V2019 => 1,
    }
}

fn wide_layout() -> &'static WideLayout {
    static LAYOUT: OnceLock<WideLayout> = OnceLock::new();
    LAYOUT.get_or_init(|| {
        let mut names = Vec::new();
        let mut float = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut slots = [Vec::new(), Vec::new()];
        for form in [FormVersion::V2021, FormVersion::V2019] {
            for cell in form.form().cells() {
                let name = column_name(cell);
                let i = *at.entry(name.clone()).or_insert_with(|| {
                    names.push(name);
                    float.push(is_float(cell));
                    names.len() - 1
                });
                // A name shared by both forms with different kinds of
                // number becomes a float column (both kinds fit).
                float[i] |= is_float(cell);
                slots[form_slot(form)].push(i);
            }
        }
        WideLayout {
            names,
            float,
            slots,
        }
    })
}

/// The names of the wide shape's cell columns, in order.
pub fn wide_cell_columns() -> &'static [String] {
    &wide_layout().names
}

/// The leading columns of the wide shape (those of batch's datasets).
pub const WIDE_LEADING: [&str; 7] = nianbao_batch::dataset::LEADING;

/// The columns of the long shape.
pub const LONG_COLUMNS: [&str; 8] = [
    "source", "organ", "year", "form", "section", "row", "col", "value",
];

/// A whole-number column's value, or `None` with why not.
fn as_int(v: Value) -> Result<i64, ()> {
    match v {
        Value::Count(n) => i64::try_from(n).map_err(|_| ()),
        Value::Signed(n) => Ok(n),
        Value::Amount(_) => Err(()),
    }
}

fn as_float(v: Value) -> Option<f64> {
    match v {
        Value::Count(n) => Some(n as f64),
        Value::Signed(n) => Some(n as f64),
        Value::Amount(d) => d.to_string().parse().ok(),
    }
}

fn out_of_range(cell: &CellDef, v: Value) -> Diagnostic {
    Diagnostic::warning(
        OUT_OF_RANGE,
        None,
        Message::new(
            format!(
                "{} 的数值 {v} 超出数据表列可容纳的范围，该格留空",
                cell.path()
            ),
            format!(
                "{}: the number {v} does not fit a dataset column; the cell is left empty",
                cell.path()
            ),
        ),
    )
    .with_cell(cell.id)
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The status of an outcome: `ok`, `errors` or `refused`.
fn status(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Read { diagnostics, .. } if diagnostics.iter().any(Diagnostic::is_error) => {
            "errors"
        }
        Outcome::Read { .. } => "ok",
        Outcome::Unreadable(_) => "refused",
    }
}

/// A dataset being built, one outcome at a time, in input order.
pub struct Builder {
    shape: Shape,
    lang: Lang,
    rows: usize,
    source: DictBuilder,
    organ: DictBuilder,
    year: Column,
    form: DictBuilder,
    status: DictBuilder,
    errors: Column,
    warnings: Column,
    reason: Vec<Option<String>>,
    cells: Vec<Column>,
    section: DictBuilder,
    row: DictBuilder,
    col: DictBuilder,
    value: Column,
    /// Every finding, with the name of its input (kept only while
    /// `keep_diagnostics`).
    pub diagnostics: Vec<(String, Diagnostic)>,
    /// Whether to keep the findings (on by default).
    pub keep_diagnostics: bool,
}

/// The shape of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per report.
    Wide,
    /// One row per cell of each report.
    Long,
}

impl Builder {
    /// An empty dataset of `shape`; the reasons of refusals are in `lang`.
    pub fn new(shape: Shape, lang: Lang) -> Builder {
        let layout = wide_layout();
        let cells = match shape {
            Shape::Wide => layout
                .float
                .iter()
                .map(|&f| if f { Column::float() } else { Column::int() })
                .collect(),
            Shape::Long => Vec::new(),
        };
        Builder {
            shape,
            lang,
            rows: 0,
            source: DictBuilder::default(),
            organ: DictBuilder::default(),
            year: Column::int(),
            form: DictBuilder::default(),
            status: DictBuilder::default(),
            errors: Column::int(),
            warnings: Column::int(),
            reason: Vec::new(),
            cells,
            section: DictBuilder::default(),
            row: DictBuilder::default(),
            col: DictBuilder::default(),
            value: Column::float(),
            diagnostics: Vec::new(),
            keep_diagnostics: true,
        }
    }

    /// Adds the outcome of reading `source`.
    pub fn push(&mut self, source: &str, outcome: &Outcome) {
        let (found, extra) = match (self.shape, outcome) {
            (
                Shape::Wide,
                Outcome::Read {
                    report,
                    diagnostics,
                },
            ) => (
                diagnostics.as_slice(),
                self.push_wide(source, outcome, report),
            ),
            (Shape::Wide, Outcome::Unreadable(d)) => {
                self.push_wide_refused(source, outcome, d);
                (d.as_slice(), Vec::new())
            }
            (
                Shape::Long,
                Outcome::Read {
                    report,
                    diagnostics,
                },
            ) => (diagnostics.as_slice(), self.push_long(source, report)),
            (Shape::Long, Outcome::Unreadable(d)) => (d.as_slice(), Vec::new()),
        };
        if !self.keep_diagnostics {
            return;
        }
        self.diagnostics.extend(
            found
                .iter()
                .chain(&extra)
                .map(|d| (source.to_owned(), d.clone())),
        );
    }

    fn push_leading(&mut self, source: &str, outcome: &Outcome, report: Option<&Report>) {
        self.rows += 1;
        self.source.push(Some(source));
        self.organ.push(report.and_then(|r| non_empty(&r.organ)));
        self.year
            .push_int(report.and_then(|r| r.year).map(i64::from));
        self.form.push(report.map(|r| r.form.name()));
        self.status.push(Some(status(outcome)));
    }

    fn push_counts(&mut self, diagnostics: &[Diagnostic], extra: usize) {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        self.errors.push_int(Some(errors as i64));
        self.warnings
            .push_int(Some((diagnostics.len() - errors + extra) as i64));
    }

    fn push_wide(&mut self, source: &str, outcome: &Outcome, report: &Report) -> Vec<Diagnostic> {
        self.push_leading(source, outcome, Some(report));
        let layout = wide_layout();
        let slots = &layout.slots[form_slot(report.form)];
        let mut filled = vec![false; self.cells.len()];
        let mut extra = Vec::new();
        for (cell, (&slot, v)) in report
            .form_def()
            .cells()
            .iter()
            .zip(slots.iter().zip(report.values()))
        {
            filled[slot] = true;
            let column = &mut self.cells[slot];
            match (column, v) {
                (c @ Column::Float { .. }, v) => c.push_float(v.and_then(as_float)),
                (c, None) => c.push_int(None),
                (c, Some(v)) => match as_int(*v) {
                    Ok(n) => c.push_int(Some(n)),
                    Err(()) => {
                        c.push_int(None);
                        extra.push(out_of_range(cell, *v));
                    }
                },
            }
        }
        // Columns of the other form's cells are missing for this report.
        for (c, done) in self.cells.iter_mut().zip(filled) {
            if !done {
                c.push_int(None);
                c.push_float(None);
            }
        }
        let Outcome::Read { diagnostics, .. } = outcome else {
            unreachable!("push_wide is called for reports read")
        };
        self.push_counts(diagnostics, extra.len());
        self.reason.push(None);
        extra
    }

    fn push_wide_refused(&mut self, source: &str, outcome: &Outcome, why: &[Diagnostic]) {
        self.push_leading(source, outcome, None);
        for c in &mut self.cells {
            c.push_int(None);
            c.push_float(None);
        }
        self.push_counts(why, 0);
        let reason: Vec<String> = why
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("[{}] {}", d.rule, d.message.get(self.lang)))
            .collect();
        self.reason.push(Some(reason.join("\n")));
    }

    fn push_long(&mut self, source: &str, report: &Report) -> Vec<Diagnostic> {
        let mut extra = Vec::new();
        let organ = non_empty(&report.organ);
        let year = report.year.map(i64::from);
        let source = self.source.code(Some(source));
        let organ = self.organ.code(organ);
        let form = self.form.code(Some(report.form.name()));
        for (cell, v) in report.form_def().cells().iter().zip(report.values()) {
            self.rows += 1;
            self.source.codes.push(source);
            self.organ.codes.push(organ);
            self.year.push_int(year);
            self.form.codes.push(form);
            self.section.push(Some(cell.table.key));
            self.row.push(Some(cell.row.key));
            self.col.push(Some(cell.column.key));
            let value = v.and_then(as_float);
            if let (Some(v), None) = (v, value) {
                extra.push(out_of_range(cell, *v));
            }
            self.value.push_float(value);
        }
        extra
    }

    /// Number of rows so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, named, in order.
    pub fn finish(self) -> Vec<(String, Column)> {
        let named = |names: &[&str], cols: Vec<Column>| -> Vec<(String, Column)> {
            names.iter().map(|n| n.to_string()).zip(cols).collect()
        };
        match self.shape {
            Shape::Wide => {
                let mut out = named(
                    &WIDE_LEADING,
                    vec![
                        self.source.finish(),
                        self.organ.finish(),
                        self.year,
                        self.form.finish(),
                        self.status.finish(),
                        self.errors,
                        self.warnings,
                    ],
                );
                out.extend(wide_layout().names.iter().cloned().zip(self.cells));
                // After the numbers, as in batch's datasets.
                out.push(("reason".to_owned(), Column::Text(self.reason)));
                out
            }
            Shape::Long => named(
                &LONG_COLUMNS,
                vec![
                    self.source.finish(),
                    self.organ.finish(),
                    self.year,
                    self.form.finish(),
                    self.section.finish(),
                    self.row.finish(),
                    self.col.finish(),
                    self.value,
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::Decimal;

    fn report(form: FormVersion) -> Report {
        let mut r = Report::empty(form);
        r.organ = "某局".into();
        r.year = Some(2023);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(Value::Count(7)));
        if let Some(fee) = r.form_def().cell("active", "fee", "amount") {
            r.set(fee, Some(Value::Amount(Decimal::new(1551344, 4).unwrap())));
        }
        r
    }

    fn column<'a>(cols: &'a [(String, Column)], name: &str) -> &'a Column {
        &cols.iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn wide_names_follow_form_md() {
        let names = wide_cell_columns();
        for n in [
            "applications_new_natural",
            "applications_denied_state_secret_total",
            "active_license_decisions",
            "active_fee_amount",
            "reviews_suit_direct_total",
        ] {
            assert!(names.iter().any(|c| c == n), "{n} missing");
        }
        // The 2021 form's cells come first, in form order.
        let first = FormVersion::V2021.form().cells();
        assert_eq!(names[0], column_name(&first[0]));
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| n
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
    }

    #[test]
    fn wide_rows_keep_blanks_missing_and_refusals_reasoned() {
        let mut b = Builder::new(Shape::Wide, Lang::En);
        let r = report(FormVersion::V2021);
        b.push(
            "a.txt",
            &Outcome::Read {
                report: r,
                diagnostics: vec![],
            },
        );
        let why = Diagnostic::error("text.empty", None, Message::new("空", "empty"));
        b.push("b.txt", &Outcome::Unreadable(vec![why]));
        b.push(
            "c.txt",
            &Outcome::Read {
                report: report(FormVersion::V2019),
                diagnostics: vec![],
            },
        );
        let cols = b.finish();
        assert_eq!(
            cols.len(),
            WIDE_LEADING.len() + wide_cell_columns().len() + 1
        );
        assert!(cols.iter().all(|(_, c)| c.len() == 3));
        assert_eq!(
            column(&cols, "applications_new_natural"),
            &Column::Int {
                values: vec![7, 0, 7],
                valid: vec![true, false, true]
            }
        );
        let Column::Int { valid, .. } = column(&cols, "applications_carried_over_natural") else {
            panic!()
        };
        assert_eq!(valid, &[false, false, false], "blank is missing, never 0");
        let Column::Float { values, valid } = column(&cols, "active_fee_amount") else {
            panic!()
        };
        assert_eq!((values[0], valid[1]), (155.1344, false));
        assert_eq!(
            column(&cols, "reason"),
            &Column::Text(vec![None, Some("[text.empty] empty".into()), None])
        );
        let Column::Dict { codes, categories } = column(&cols, "status") else {
            panic!()
        };
        assert_eq!(codes, &[0, 1, 0]);
        assert_eq!(categories, &["ok", "refused"]);
    }

    #[test]
    fn long_rows_are_every_cell_of_every_report_read() {
        let mut b = Builder::new(Shape::Long, Lang::Zh);
        for s in ["a", "b"] {
            b.push(
                s,
                &Outcome::Read {
                    report: report(FormVersion::V2021),
                    diagnostics: vec![],
                },
            );
        }
        b.push("c", &Outcome::Unreadable(vec![]));
        let n = FormVersion::V2021.form().cell_count();
        assert_eq!(b.rows(), 2 * n);
        let cols = b.finish();
        assert!(cols.iter().all(|(_, c)| c.len() == 2 * n));
        let Column::Dict { categories, .. } = column(&cols, "source") else {
            panic!()
        };
        assert_eq!(categories, &["a", "b"]);
    }

    #[test]
    fn counts_too_large_for_a_column_are_missing_with_a_warning() {
        let mut r = report(FormVersion::V2021);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(Value::Count(u64::MAX)));
        let mut b = Builder::new(Shape::Wide, Lang::En);
        b.push(
            "a",
            &Outcome::Read {
                report: r,
                diagnostics: vec![],
            },
        );
        assert_eq!(b.diagnostics.len(), 1);
        assert_eq!(b.diagnostics[0].1.rule, OUT_OF_RANGE);
        let cols = b.finish();
        let Column::Int { valid, .. } = column(&cols, "applications_new_natural") else {
            panic!()
        };
        assert_eq!(valid, &[false]);
        assert_eq!(
            column(&cols, "warnings"),
            &Column::Int {
                values: vec![1],
                valid: vec![true]
            }
        );
    }
}
