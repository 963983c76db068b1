//! The consistency rules (勾稽关系) of FORM.md, checked on a report.
//!
//! A rule that needs a blank cell is not checked; a warning says which cell
//! was blank. Blanks are never taken as 0.

use crate::diag::{rules, Diagnostic, Location, Message};
use crate::form::{CellId, Form, FormVersion};
use crate::report::{Report, SourceMap};

/// The result rows of table 三, from `granted` to `other.other`.
pub const RESULT_ROWS: std::ops::Range<usize> = 2..23;

/// Checks every rule of the report's form. Locations come from `src` when
/// given (the cell whose value the rule would correct).
pub fn check(report: &Report, src: Option<&SourceMap>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match report.form {
        FormVersion::V2021 => check_2021(report, src, &mut out),
    }
    out
}

struct Ctx<'a> {
    report: &'a Report,
    form: &'static Form,
    src: Option<&'a SourceMap>,
}

impl Ctx<'_> {
    fn id(&self, table: &str, row: &str, col: &str) -> CellId {
        self.form
            .cell(table, row, col)
            .expect("rule names a cell of the form")
    }

    fn loc(&self, id: CellId) -> Option<Location> {
        self.src.and_then(|s| s.get(id)).cloned()
    }

    fn label(&self, id: CellId) -> String {
        let d = self.form.def(id);
        format!("{}/{}", d.row.label, d.column.label)
    }

    /// Checks `left = sum(parts)`; `what` names the rule instance.
    fn sum_rule(&self, rule: String, total: CellId, parts: &[CellId], out: &mut Vec<Diagnostic>) {
        self.equation(rule, &[total], parts, total, out)
    }

    /// Checks `sum(left) = sum(right)`, reporting at `at`.
    fn equation(
        &self,
        rule: String,
        left: &[CellId],
        right: &[CellId],
        at: CellId,
        out: &mut Vec<Diagnostic>,
    ) {
        let blanks: Vec<CellId> = left
            .iter()
            .chain(right)
            .copied()
            .filter(|id| self.report.get(*id).is_none())
            .collect();
        if let Some(&b) = blanks.first() {
            let names: Vec<String> = blanks.iter().map(|id| self.form.def(*id).path()).collect();
            out.push(
                Diagnostic::warning(
                    rule,
                    self.loc(b).or_else(|| self.loc(at)),
                    Message::new(
                        format!("有空白单元格，无法核对：{}", names.join("、")),
                        format!("cannot check: blank cell(s) {}", names.join(", ")),
                    ),
                )
                .with_cell(b),
            );
            return;
        }
        let sum = |ids: &[CellId]| -> u128 {
            ids.iter()
                .map(|id| self.report.get(*id).and_then(|v| v.as_count()).unwrap_or(0) as u128)
                .sum()
        };
        let (l, r) = (sum(left), sum(right));
        if l != r {
            let lnames: Vec<String> = left.iter().map(|id| self.label(*id)).collect();
            let rnames: Vec<String> = right.iter().map(|id| self.label(*id)).collect();
            let (lz, rz) = (
                lnames.join(" + "),
                if rnames.len() > 3 {
                    format!("{} 项之和", rnames.len())
                } else {
                    rnames.join(" + ")
                },
            );
            let (le, re) = (
                lnames.join(" + "),
                if rnames.len() > 3 {
                    format!("the sum of {} rows", rnames.len())
                } else {
                    rnames.join(" + ")
                },
            );
            out.push(
                Diagnostic::error(
                    rule,
                    self.loc(at),
                    Message::new(
                        format!("{lz} = {l}，但 {rz} = {r}（应为 {r}）"),
                        format!("{le} = {l}, but {re} = {r} (expected {r})"),
                    ),
                )
                .with_cell(at),
            );
        }
    }
}

fn check_2021(report: &Report, src: Option<&SourceMap>, out: &mut Vec<Diagnostic>) {
    let form = report.form_def();
    let cx = Ctx { report, form, src };
    let (_, apps) = form.table("applications").expect("form has table 三");
    let block = &apps.blocks[0];
    let cols = block.columns;
    let rows = block.rows;
    // applications.balance:COL — new + carried_over = total + carry_forward.
    for c in cols {
        let id = |r: &str| cx.id("applications", r, c.key);
        cx.equation(
            format!("{}:{}", rules::BALANCE, c.key),
            &[id("new"), id("carried_over")],
            &[id("total"), id("carry_forward")],
            id("carry_forward"),
            out,
        );
    }
    // applications.row_total:ROW — total column = six applicant columns.
    for r in rows {
        let id = |c: &str| cx.id("applications", r.key, c);
        let parts: Vec<CellId> = cols[..6].iter().map(|c| id(c.key)).collect();
        cx.sum_rule(
            format!("{}:{}", rules::ROW_TOTAL, r.key),
            id("total"),
            &parts,
            out,
        );
    }
    // applications.results_total:COL — row total = 21 result rows.
    for c in cols {
        let parts: Vec<CellId> = rows[RESULT_ROWS]
            .iter()
            .map(|r| cx.id("applications", r.key, c.key))
            .collect();
        cx.sum_rule(
            format!("{}:{}", rules::RESULTS_TOTAL, c.key),
            cx.id("applications", "total", c.key),
            &parts,
            out,
        );
    }
    // reviews.total:GROUP.
    let (_, reviews) = form.table("reviews").expect("form has table 四");
    for g in reviews.blocks[0].rows {
        let id = |c: &str| cx.id("reviews", g.key, c);
        let parts = [id("upheld"), id("corrected"), id("other"), id("pending")];
        cx.sum_rule(
            format!("{}:{}", rules::REVIEWS_TOTAL, g.key),
            id("total"),
            &parts,
            out,
        );
    }
}

/// Compares year N's `carried_over` with year N−1's `carry_forward`
/// (`applications.carry_chain:COL`, warnings). `prev` must be the same
/// organ's report for the year before `cur`.
pub fn carry_chain(prev: &Report, cur: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if prev.form != cur.form {
        return out;
    }
    let form = cur.form_def();
    let Some((_, apps)) = form.table("applications") else {
        return out;
    };
    for c in apps.blocks[0].columns {
        let (Some(a), Some(b)) = (
            form.cell("applications", "carry_forward", c.key),
            form.cell("applications", "carried_over", c.key),
        ) else {
            continue;
        };
        if let (Some(x), Some(y)) = (prev.get(a), cur.get(b)) {
            if x != y {
                out.push(
                    Diagnostic::warning(
                        format!("{}:{}", rules::CARRY_CHAIN, c.key),
                        None,
                        Message::new(
                            format!(
                                "{} 年结转下年度 {x}，{} 年上年结转 {y}（{}）",
                                prev.year.unwrap_or(0),
                                cur.year.unwrap_or(0),
                                c.label
                            ),
                            format!(
                                "{} carried forward {x} but {} carried over {y} ({})",
                                prev.year.unwrap_or(0),
                                cur.year.unwrap_or(0),
                                c.key
                            ),
                        ),
                    )
                    .with_cell(b),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn zero_report() -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        for c in r.form_def().cells() {
            let v = match c.column.kind {
                crate::form::ValueKind::Count => Value::Count(0),
                crate::form::ValueKind::Amount => Value::Amount(crate::Decimal::ZERO),
            };
            r.set(c.id, Some(v));
        }
        r
    }

    #[test]
    fn all_zero_report_passes() {
        assert!(check(&zero_report(), None).is_empty());
    }

    #[test]
    fn a_changed_number_breaks_named_rules() {
        let mut r = zero_report();
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(Value::Count(3)));
        let rules: Vec<String> = check(&r, None).into_iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            ["applications.balance:natural", "applications.row_total:new"]
        );
    }

    #[test]
    fn blank_cells_give_warnings_not_errors() {
        let mut r = zero_report();
        let id = r.form_def().cell("reviews", "review", "pending").unwrap();
        r.set(id, None);
        let d = check(&r, None);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, "reviews.total:review");
        assert!(!d[0].is_error());
    }
}
