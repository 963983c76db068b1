//! The consolidated report (汇总): many reports added cell by cell.
//!
//! Every count is summed as a whole number and the fee as an exact decimal
//! ([`nianbao_model::Decimal::checked_add`]); nothing passes through a
//! float. A blank cell is absent, never 0: the sum is over the reports that
//! give the cell, a warning (`sum.blank`) names each cell some reports left
//! blank and which, and a cell blank in every report stays blank. A sum too
//! large to hold is refused (`sum.overflow`) rather than written wrong.
//!
//! The year is the one shared by every report; reports of different years
//! are refused (`sum.mixed_years`) unless allowed, and the sum then has no
//! year. [`Summer`] is a [`Sink`], so a sum streams like any batch.

use crate::engine::Sink;
use crate::BatchError;
use nianbao_model::{Diagnostic, FormVersion, Message, Report, Value};
use std::collections::BTreeSet;

/// Rule ids of the sum's findings.
pub mod rules {
    /// Some reports leave a cell blank.
    pub const BLANK: &str = "sum.blank";
    /// A sum does not fit.
    pub const OVERFLOW: &str = "sum.overflow";
    /// The reports are of different years.
    pub const MIXED_YEARS: &str = "sum.mixed_years";
    /// There is nothing to sum.
    pub const EMPTY: &str = "sum.empty";
    /// The reports follow different editions of the form.
    pub const MIXED_FORMS: &str = "sum.mixed_forms";
    /// A cell whose kind of number is not summed.
    pub const UNSUPPORTED: &str = "sum.unsupported";
}

/// A report that went into the sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// Where it came from.
    pub source: String,
    /// Its organ.
    pub organ: String,
    /// Its year.
    pub year: Option<u16>,
    /// Its consistency errors.
    pub errors: usize,
    /// Its warnings.
    pub warnings: usize,
}

/// How to build the consolidated report.
#[derive(Debug, Clone, Default)]
pub struct SumOptions {
    /// The organ of the consolidated report.
    pub organ: String,
    /// Whether reports of different years may be summed (the sum then has
    /// no year).
    pub allow_mixed_years: bool,
}

/// The consolidated report and how it was made.
#[derive(Debug, Clone)]
pub struct Consolidated {
    /// The sum.
    pub report: Report,
    /// Warnings about the sum (blank cells), before the rules are checked.
    pub warnings: Vec<Diagnostic>,
    /// The reports summed, in input order.
    pub contributors: Vec<Contributor>,
}

/// Adds reports as they come.
#[derive(Debug, Default)]
pub struct Summer {
    /// The form of the first report; every other must follow it.
    form: Option<FormVersion>,
    /// Reports of another form (refused).
    other_forms: Vec<u32>,
    sum: Vec<Option<Value>>,
    /// Per cell, the contributors (indices) that left it blank.
    blanks: Vec<Vec<u32>>,
    overflow: BTreeSet<usize>,
    unsupported: BTreeSet<usize>,
    contributors: Vec<Contributor>,
}

/// The exact sum of two values of one cell; `Err(true)` on overflow,
/// `Err(false)` for a kind that is not summed.
fn add(a: Value, b: Value) -> Result<Value, bool> {
    match (a, b) {
        (Value::Count(a), Value::Count(b)) => a.checked_add(b).map(Value::Count).ok_or(true),
        (Value::Amount(a), Value::Amount(b)) => a.checked_add(b).map(Value::Amount).ok_or(true),
        _ => Err(false),
    }
}

/// At most this many sources are named in one blank-cell warning.
const NAMED: usize = 10;

impl Summer {
    /// Adds one report.
    pub fn add(&mut self, source: &str, report: &Report, diagnostics: &[Diagnostic]) {
        let k = self.contributors.len() as u32;
        let form = *self.form.get_or_insert(report.form);
        if form != report.form {
            self.other_forms.push(k);
        } else {
            let n = form.form().cell_count();
            self.sum.resize(n, None);
            self.blanks.resize(n, Vec::new());
            for (i, v) in report.values().iter().enumerate() {
                match (self.sum[i], *v) {
                    (_, None) => self.blanks[i].push(k),
                    (None, v) => self.sum[i] = v,
                    (Some(a), Some(b)) => match add(a, b) {
                        Ok(s) => self.sum[i] = Some(s),
                        Err(true) => {
                            self.overflow.insert(i);
                        }
                        Err(false) => {
                            self.unsupported.insert(i);
                        }
                    },
                }
            }
        }
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        self.contributors.push(Contributor {
            source: source.to_owned(),
            organ: report.organ.clone(),
            year: report.year,
            errors,
            warnings: diagnostics.len() - errors,
        });
    }

    /// The consolidated report, or why there is none.
    pub fn finish(self, options: &SumOptions) -> Result<Consolidated, Vec<Diagnostic>> {
        let Some(version) = self.form else {
            return Err(vec![Diagnostic::error(
                rules::EMPTY,
                None,
                Message::new("没有可汇总的报告", "no report to sum"),
            )]);
        };
        let form = version.form();
        let mut refusals = Vec::new();
        if let Some(&k) = self.other_forms.first() {
            let (first, other) = (
                &self.contributors[0].source,
                &self.contributors[k as usize].source,
            );
            refusals.push(Diagnostic::error(
                rules::MIXED_FORMS,
                None,
                Message::new(
                    format!("{other} 与 {first} 所用表格版本不同，不能汇总"),
                    format!("{other} follows another edition of the form than {first}; cannot sum"),
                ),
            ));
        }
        for &i in &self.unsupported {
            let path = form.cells()[i].path();
            refusals.push(
                Diagnostic::error(
                    rules::UNSUPPORTED,
                    None,
                    Message::new(
                        format!("{path} 的数值类型不支持汇总"),
                        format!("{path} holds numbers that are not summed"),
                    ),
                )
                .with_cell(form.cells()[i].id),
            );
        }
        for &i in &self.overflow {
            let path = form.cells()[i].path();
            refusals.push(
                Diagnostic::error(
                    rules::OVERFLOW,
                    None,
                    Message::new(
                        format!("{path} 的合计超出可表示的范围，拒绝汇总"),
                        format!("the sum of {path} is too large to hold; refused"),
                    ),
                )
                .with_cell(form.cells()[i].id),
            );
        }
        let years: BTreeSet<Option<u16>> = self.contributors.iter().map(|c| c.year).collect();
        let year = match (years.len(), years.first()) {
            (1, Some(y)) => *y,
            _ if options.allow_mixed_years => None,
            _ => {
                let list: Vec<String> = years
                    .iter()
                    .map(|y| y.map_or_else(|| "?".to_owned(), |y| y.to_string()))
                    .collect();
                refusals.push(Diagnostic::error(
                    rules::MIXED_YEARS,
                    None,
                    Message::new(
                        format!(
                            "报告的年度不一致（{}），拒绝汇总；如确需汇总请加 --allow-mixed-years",
                            list.join("、")
                        ),
                        format!(
                            "the reports are of different years ({}); refused (give --allow-mixed-years to sum anyway)",
                            list.join(", ")
                        ),
                    ),
                ));
                None
            }
        };
        if !refusals.is_empty() {
            return Err(refusals);
        }
        let mut report = Report::empty(version);
        report.organ = options.organ.clone();
        report.year = year;
        report.title = match year {
            Some(y) => format!("{}{y}年政府信息公开工作年度报告{TITLE_MARK}", options.organ),
            None => format!("{}政府信息公开工作年度报告{TITLE_MARK}", options.organ),
        };
        for (c, v) in form.cells().iter().zip(&self.sum) {
            report.set(c.id, *v);
        }
        let mut warnings = Vec::new();
        for (c, blank) in form.cells().iter().zip(&self.blanks) {
            if blank.is_empty() {
                continue;
            }
            let path = c.path();
            let n = blank.len();
            let mut names: Vec<&str> = blank
                .iter()
                .take(NAMED)
                .map(|&k| self.contributors[k as usize].source.as_str())
                .collect();
            let more = n.saturating_sub(NAMED);
            if more > 0 {
                names.push("…");
            }
            let (zh, en) = if n == self.contributors.len() {
                (
                    format!("{path} 在全部 {n} 份报告中为空白，汇总结果留空"),
                    format!("{path} is blank in all {n} report(s); left blank in the sum"),
                )
            } else {
                (
                    format!(
                        "{path} 在 {n} 份报告中为空白，按缺项处理（未计为 0）：{}",
                        names.join("、")
                    ),
                    format!(
                        "{path} is blank in {n} report(s), summed as absent (not as 0): {}",
                        names.join(", ")
                    ),
                )
            };
            warnings.push(
                Diagnostic::warning(rules::BLANK, None, Message::new(zh, en)).with_cell(c.id),
            );
        }
        Ok(Consolidated {
            report,
            warnings,
            contributors: self.contributors,
        })
    }
}

impl Sink for Summer {
    fn report(&mut self, item: &crate::engine::Item<'_>) -> Result<(), BatchError> {
        self.add(item.source, item.report, item.diagnostics);
        Ok(())
    }
    fn unreadable(&mut self, _: &str, _: &[Diagnostic]) -> Result<(), BatchError> {
        Ok(())
    }
    fn cross(&mut self, _: &str, _: &Diagnostic) -> Result<(), BatchError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        Ok(())
    }
}

/// How the title of a consolidated report ends: how a later `sum` or
/// `batch` over the same folder recognises a sum written earlier.
pub const TITLE_MARK: &str = "（汇总）";

/// The sheet of the reports behind a consolidated report.
pub const CONTRIBUTORS_SHEET: &str = "汇总来源";

/// The consolidated report as the official form (XLSX), marked with
/// `diagnostics`, followed by a sheet listing the reports summed.
pub fn to_xlsx(c: &Consolidated, diagnostics: &[Diagnostic]) -> Result<Vec<u8>, BatchError> {
    use rust_xlsxwriter::FormatBorder;
    let mut wb = nianbao_office::xlsx::to_workbook(&c.report, diagnostics)?;
    let base = nianbao_office::xlsx::base_format();
    let head = base.clone().set_bold().set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet();
    ws.set_name(CONTRIBUTORS_SHEET)?;
    for (i, h) in ["序号", "来源", "机关", "年度", "错误", "警告"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, i as u16, *h, &head)?;
    }
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 30)?;
    for (i, k) in c.contributors.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number_with_format(r, 0, r, &base)?;
        ws.write_string_with_format(r, 1, &k.source, &base)?;
        ws.write_string_with_format(r, 2, &k.organ, &base)?;
        if let Some(y) = k.year {
            ws.write_number_with_format(r, 3, y, &base)?;
        }
        ws.write_number_with_format(r, 4, k.errors as f64, &base)?;
        ws.write_number_with_format(r, 5, k.warnings as f64, &base)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::Decimal;

    fn report(year: u16, natural: Option<u64>, fee: Option<&str>) -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        r.year = Some(year);
        let f = r.form_def();
        r.set(
            f.cell("applications", "new", "natural").unwrap(),
            natural.map(Value::Count),
        );
        r.set(
            f.cell("active", "fee", "amount").unwrap(),
            fee.map(|s| Value::Amount(s.parse::<Decimal>().unwrap())),
        );
        r
    }

    #[test]
    fn counts_and_fees_add_exactly_and_blanks_are_absent() {
        let mut s = Summer::default();
        s.add("a", &report(2023, Some(2), Some("0.1")), &[]);
        s.add("b", &report(2023, None, Some("0.2")), &[]);
        s.add(
            "c",
            &report(2023, Some(u64::MAX - 2), Some("155.1344")),
            &[],
        );
        let c = s.finish(&SumOptions {
            organ: "某市".into(),
            allow_mixed_years: false,
        });
        let c = c.unwrap();
        assert_eq!(
            c.report.count("applications", "new", "natural"),
            Some(u64::MAX)
        );
        let fee = c.report.form_def().cell("active", "fee", "amount").unwrap();
        assert_eq!(c.report.get(fee).unwrap().to_string(), "155.4344");
        assert_eq!(c.report.year, Some(2023));
        let blank = c
            .warnings
            .iter()
            .find(|w| w.message.en.contains("applications.new.natural"))
            .unwrap();
        assert!(
            blank.message.en.contains("blank in 1 report(s)"),
            "{blank:?}"
        );
        assert!(blank.message.en.ends_with(": b"), "{blank:?}");
        let all_blank = c
            .report
            .form_def()
            .cell("applications", "new", "legal")
            .unwrap();
        assert_eq!(c.report.get(all_blank), None);
    }

    #[test]
    fn overflow_and_mixed_years_are_refused() {
        let mut s = Summer::default();
        s.add("a", &report(2023, Some(u64::MAX), None), &[]);
        s.add("b", &report(2022, Some(1), None), &[]);
        let e = s.finish(&SumOptions::default()).unwrap_err();
        let rules: Vec<&str> = e.iter().map(|d| d.rule.as_str()).collect();
        assert_eq!(rules, [rules::OVERFLOW, rules::MIXED_YEARS]);

        let mut s = Summer::default();
        s.add("a", &report(2023, Some(1), None), &[]);
        s.add("b", &report(2022, Some(1), None), &[]);
        let opts = SumOptions {
            organ: "某市".into(),
            allow_mixed_years: true,
        };
        let c = s.finish(&opts).unwrap();
        assert_eq!(c.report.year, None);
        assert_eq!(c.report.count("applications", "new", "natural"), Some(2));
        assert!(Summer::default().finish(&opts).is_err());
    }
}
