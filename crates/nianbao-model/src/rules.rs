//! The consistency rules (勾稽关系) of FORM.md, checked on a report.
//!
//! A rule that needs a blank cell is not checked; a warning says which cell
//! was blank. Blanks are never taken as 0.

use crate::diag::{rules, Diagnostic, Message};
use crate::form::{CellId, Form, FormVersion, RowDef, RESULTS_GROUP};
use crate::report::{Report, SourceMap};
use std::sync::OnceLock;

/// The result rows of table 三 on the 2021 form, from `granted` to
/// `other.other` (see [`result_rows`] for any form).
pub const RESULT_ROWS: std::ops::Range<usize> = 2..23;

/// The result rows of table 三: the rows under 三、本年度办理结果 but
/// （七）总计, from `granted` to `other.other` (`other` on the 2019 form).
pub fn result_rows(rows: &'static [RowDef]) -> impl Iterator<Item = &'static RowDef> {
    rows.iter()
        .filter(|r| r.groups.first() == Some(&RESULTS_GROUP) && r.key != "total")
}

/// Checks every rule of the report's form. Locations come from `src` when
/// given (the cell whose value the rule would correct).
pub fn check(report: &Report, src: Option<&SourceMap>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for eq in equations(report.form) {
        check_equation(report, src, eq, &mut out);
    }
    out
}

/// One instance of a rule: `sum(left) = sum(right)`, reported at `at`.
#[derive(Debug, Clone)]
pub struct Equation {
    /// `applications.balance:natural`.
    pub rule: String,
    /// Cells on the left-hand side (the total, for a sum rule).
    pub left: Vec<CellId>,
    /// Cells on the right-hand side (the parts).
    pub right: Vec<CellId>,
    /// The cell a violation is reported at (the total to correct).
    pub at: CellId,
}

/// Every rule instance of a form, compiled once from the form definition.
pub fn equations(version: FormVersion) -> &'static [Equation] {
    static V2021: OnceLock<Vec<Equation>> = OnceLock::new();
    static V2019: OnceLock<Vec<Equation>> = OnceLock::new();
    let cell = match version {
        FormVersion::V2021 => &V2021,
        FormVersion::V2019 => &V2019,
    };
    cell.get_or_init(|| compile(version.form()))
}

/// The rules of FORM.md, which the 2019 and 2021 forms share; only the
/// result rows differ (（六）其他处理 is one row in 2019).
fn compile(form: &'static Form) -> Vec<Equation> {
    let id = |t: &str, r: &str, c: &str| form.cell(t, r, c).expect("rule names a cell of the form");
    let mut out = Vec::new();
    let (_, apps) = form.table("applications").expect("form has table 三");
    let block = &apps.blocks[0];
    let (cols, rows) = (block.columns, block.rows);
    // applications.balance:COL — new + carried_over = total + carry_forward.
    for c in cols {
        let a = |r: &str| id("applications", r, c.key);
        out.push(Equation {
            rule: format!("{}:{}", rules::BALANCE, c.key),
            left: vec![a("new"), a("carried_over")],
            right: vec![a("total"), a("carry_forward")],
            at: a("carry_forward"),
        });
    }
    // applications.row_total:ROW — total column = six applicant columns.
    for r in rows {
        let a = |c: &str| id("applications", r.key, c);
        out.push(Equation {
            rule: format!("{}:{}", rules::ROW_TOTAL, r.key),
            left: vec![a("total")],
            right: cols[..6].iter().map(|c| a(c.key)).collect(),
            at: a("total"),
        });
    }
    // applications.results_total:COL — row total = 21 result rows.
    for c in cols {
        let total = id("applications", "total", c.key);
        out.push(Equation {
            rule: format!("{}:{}", rules::RESULTS_TOTAL, c.key),
            left: vec![total],
            right: result_rows(rows)
                .map(|r| id("applications", r.key, c.key))
                .collect(),
            at: total,
        });
    }
    // reviews.total:GROUP.
    let (_, reviews) = form.table("reviews").expect("form has table 四");
    for g in reviews.blocks[0].rows {
        let a = |c: &str| id("reviews", g.key, c);
        out.push(Equation {
            rule: format!("{}:{}", rules::REVIEWS_TOTAL, g.key),
            left: vec![a("total")],
            right: vec![a("upheld"), a("corrected"), a("other"), a("pending")],
            at: a("total"),
        });
    }
    out
}

fn check_equation(
    report: &Report,
    src: Option<&SourceMap>,
    eq: &Equation,
    out: &mut Vec<Diagnostic>,
) {
    let form = report.form_def();
    let loc = |id: CellId| src.and_then(|s| s.get(id)).cloned();
    let mut l: u128 = 0;
    let mut r: u128 = 0;
    let mut blank = false;
    for (ids, sum) in [(&eq.left, &mut l), (&eq.right, &mut r)] {
        for id in ids {
            match report.get(*id).and_then(|v| v.as_count()) {
                Some(n) => *sum += n as u128,
                None => blank = true,
            }
        }
    }
    if blank {
        let blanks: Vec<CellId> = eq
            .left
            .iter()
            .chain(&eq.right)
            .copied()
            .filter(|id| report.get(*id).is_none())
            .collect();
        let names: Vec<String> = blanks.iter().map(|id| form.def(*id).path()).collect();
        out.push(
            Diagnostic::warning(
                eq.rule.clone(),
                loc(blanks[0]).or_else(|| loc(eq.at)),
                Message::new(
                    format!("有空白单元格，无法核对：{}", names.join("、")),
                    format!("cannot check: blank cell(s) {}", names.join(", ")),
                ),
            )
            .with_cell(blanks[0]),
        );
        return;
    }
    if l != r {
        let label = |id: &CellId| {
            let d = form.def(*id);
            format!("{}/{}", d.row.label, d.column.label)
        };
        let lnames: Vec<String> = eq.left.iter().map(label).collect();
        let rnames: Vec<String> = eq.right.iter().map(label).collect();
        let many = eq.right.len() > 4;
        let rz = if many {
            format!("{} 项之和", rnames.len())
        } else {
            rnames.join(" + ")
        };
        let re = if many {
            format!("the sum of {} cells", rnames.len())
        } else {
            rnames.join(" + ")
        };
        let lhs = lnames.join(" + ");
        let (zh_hint, en_hint) = needed_hint(report, eq, l, r, &label(&eq.at));
        out.push(
            Diagnostic::error(
                eq.rule.clone(),
                loc(eq.at),
                Message::new(
                    format!("{lhs} = {l}，但 {rz} = {r}（{zh_hint}）"),
                    format!("{lhs} = {l}, but {re} = {r} ({en_hint})"),
                ),
            )
            .with_cell(eq.at),
        );
    }
}

/// What the cell a violation is reported at would have to hold for the
/// equation to balance, the other cells unchanged: the sum of the other
/// side minus the rest of its own side. When that is below zero no value
/// of that cell balances, and the hint says so.
fn needed_hint(report: &Report, eq: &Equation, l: u128, r: u128, name: &str) -> (String, String) {
    let at = report
        .get(eq.at)
        .and_then(|v| v.as_count())
        .map_or(0, |n| n as i128);
    let (own, other) = if eq.left.contains(&eq.at) {
        (l as i128, r as i128)
    } else {
        (r as i128, l as i128)
    };
    let needed = other - (own - at);
    if needed >= 0 {
        (
            format!("{name} 应为 {needed}"),
            format!("{name} would need to be {needed}"),
        )
    } else {
        let rest = own - at;
        (
            format!("仅改 {name} 无法平衡：同侧其余各项之和 {rest} 已超过 {other}"),
            format!("no value of {name} balances it: the rest of its side already sums to {rest}, over {other}"),
        )
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
                crate::form::ValueKind::Amount | crate::form::ValueKind::Yuan => {
                    Value::Amount(crate::Decimal::ZERO)
                }
                crate::form::ValueKind::Signed => Value::Signed(0),
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

    #[test]
    fn the_hint_gives_the_value_the_reported_cell_needs() {
        let mut r = zero_report();
        let f = r.form_def();
        let cell = |row: &str, col: &str| f.cell("applications", row, col).unwrap();
        // new 10 + carried 2 = total 7 + carry_forward 1: carry_forward
        // (where the balance is reported) would need 12 - 7 = 5.
        r.set(cell("new", "natural"), Some(Value::Count(10)));
        r.set(cell("carried_over", "natural"), Some(Value::Count(2)));
        r.set(cell("total", "natural"), Some(Value::Count(7)));
        r.set(cell("carry_forward", "natural"), Some(Value::Count(1)));
        let d = check(&r, None);
        let balance = d
            .iter()
            .find(|d| d.rule == "applications.balance:natural")
            .unwrap();
        assert!(
            balance.message.zh.ends_with("应为 5）"),
            "{}",
            balance.message.zh
        );
        assert!(
            balance.message.en.ends_with("would need to be 5)"),
            "{}",
            balance.message.en
        );
        // A total on the left needs the sum of its parts (the six columns
        // of row total: natural 7).
        let total = d
            .iter()
            .find(|d| d.rule == "applications.row_total:total")
            .unwrap();
        assert!(
            total.message.zh.ends_with("应为 7）"),
            "{}",
            total.message.zh
        );
        // total 20 > new + carried 12: no carry_forward balances it.
        r.set(cell("total", "natural"), Some(Value::Count(20)));
        let d = check(&r, None);
        let balance = d
            .iter()
            .find(|d| d.rule == "applications.balance:natural")
            .unwrap();
        assert!(
            balance.message.zh.contains("无法平衡"),
            "{}",
            balance.message.zh
        );
    }
}
