//! Chains across years of one organ, over a whole batch:
//!
//! - `applications.carry_chain`: year N's 上年结转 (`carried_over`) against
//!   year N−1's 结转下年度 (`carry_forward`), column by column;
//! - `active.in_force_chain` (2021 form): year N's 现行有效件数 against year
//!   N−1's 现行有效件数 + year N's 本年制发 − 本年废止, for 规章 and 行政规范性
//!   文件.
//!
//! Only these numbers are kept per report (a few hundred bytes), never the
//! reports. After the batch the records are sorted by (organ, year) and each
//! report is compared with one report of its organ's year before — the
//! first of that year that is not a duplicate — so the work is O(n log n)
//! and there is at most one finding per pair of reports and chain, naming
//! every column that breaks. (Several different reports of one organ and
//! year are themselves a warning, `duplicate.organ_year`.)

use nianbao_model::{CellId, Diagnostic, FormVersion, Message, Report, Value};
use std::hash::{Hash, Hasher};

/// The rule id of the 现行有效件数 chain.
pub const IN_FORCE_CHAIN: &str = nianbao_model::rule_ids::IN_FORCE_CHAIN;

/// Columns of table 三 compared by the carry chain (the seven of the form).
const APP_COLS: usize = 7;
/// Rows × columns of the in-force chain: (规章, 行政规范性文件) × (issued,
/// repealed, in_force).
const ACTIVE_ROWS: [&str; 2] = ["regulation", "normative"];
const ACTIVE_COLS: [&str; 3] = ["issued", "repealed", "in_force"];

/// What one report contributes.
#[derive(Debug, Clone)]
struct Link {
    organ: u64,
    year: u16,
    index: u32,
    duplicate: bool,
    form: FormVersion,
    over: [Option<u64>; APP_COLS],
    forward: [Option<u64>; APP_COLS],
    active: [Option<u64>; 6],
}

/// Collects the links of a batch and finds the breaks.
#[derive(Debug, Default)]
pub struct Chain {
    links: Vec<Link>,
}

fn count(v: Option<Value>) -> Option<u64> {
    match v {
        Some(Value::Count(n)) => Some(n),
        _ => None,
    }
}

fn app_row(form: FormVersion, key: &str) -> Vec<(CellId, &'static str, &'static str)> {
    let f = form.form();
    let Some((_, apps)) = f.table("applications") else {
        return Vec::new();
    };
    apps.blocks[0]
        .columns
        .iter()
        .filter_map(|c| Some((f.cell("applications", key, c.key)?, c.key, c.label)))
        .take(APP_COLS)
        .collect()
}

fn active_cells(form: FormVersion) -> Vec<Option<CellId>> {
    let f = form.form();
    ACTIVE_ROWS
        .iter()
        .flat_map(|r| ACTIVE_COLS.iter().map(move |c| f.cell("active", r, c)))
        .collect()
}

/// A finding across years: the later and the earlier report (batch
/// indices) and which chain breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// The later report.
    pub later: usize,
    /// The report of the year before it was compared with.
    pub earlier: usize,
    later_link: usize,
    earlier_link: usize,
    in_force: bool,
}

impl Chain {
    /// Records the report at `index` of the batch. Reports without an organ
    /// or a year cannot be chained and are skipped; a duplicate is kept
    /// (it is compared with the year before) but never serves as the year
    /// before.
    pub fn record(&mut self, index: usize, report: &Report, duplicate: bool) {
        let (Some(year), false) = (report.year, report.organ.is_empty()) else {
            return;
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        nianbao_model::title::organ_key(&report.organ).hash(&mut h);
        let mut over = [None; APP_COLS];
        let mut forward = [None; APP_COLS];
        for (k, (id, _, _)) in app_row(report.form, "carried_over").iter().enumerate() {
            over[k] = count(report.get(*id));
        }
        for (k, (id, _, _)) in app_row(report.form, "carry_forward").iter().enumerate() {
            forward[k] = count(report.get(*id));
        }
        let mut active = [None; 6];
        for (k, id) in active_cells(report.form).iter().enumerate() {
            active[k] = id.and_then(|id| count(report.get(id)));
        }
        self.links.push(Link {
            organ: h.finish(),
            year,
            index: index as u32,
            duplicate,
            form: report.form,
            over,
            forward,
            active,
        });
    }

    /// The breaks, in the order of the later report's index.
    pub fn breaks(&mut self) -> Vec<Break> {
        self.links.sort_by_key(|l| (l.organ, l.year, l.index));
        let mut out = Vec::new();
        // The first non-duplicate link of the previous (organ, year) group.
        let mut prev_group: Option<(u64, u16, Option<usize>)> = None;
        let mut i = 0;
        while i < self.links.len() {
            let (organ, year) = (self.links[i].organ, self.links[i].year);
            let end = i + self.links[i..]
                .iter()
                .take_while(|l| l.organ == organ && l.year == year)
                .count();
            let earlier = match prev_group {
                Some((o, y, e)) if o == organ && y + 1 == year => e,
                _ => None,
            };
            if let Some(e) = earlier {
                for k in i..end {
                    let (a, b) = (&self.links[e], &self.links[k]);
                    if a.form != b.form {
                        continue;
                    }
                    let mut push = |in_force| {
                        out.push(Break {
                            later: b.index as usize,
                            earlier: a.index as usize,
                            later_link: k,
                            earlier_link: e,
                            in_force,
                        })
                    };
                    if carry_breaks(a, b).next().is_some() {
                        push(false);
                    }
                    if in_force_breaks(a, b).next().is_some() {
                        push(true);
                    }
                }
            }
            let first = (i..end).find(|&k| !self.links[k].duplicate);
            prev_group = Some((organ, year, first));
            i = end;
        }
        out.sort_by_key(|b| (b.later, b.in_force));
        out
    }

    /// The finding of a break; `name` gives the source of a batch index.
    pub fn diagnostic(&self, b: &Break, name: &dyn Fn(usize) -> String) -> Diagnostic {
        let (a, c) = (&self.links[b.earlier_link], &self.links[b.later_link]);
        let earlier = name(b.earlier);
        if b.in_force {
            let parts: Vec<(String, String)> = in_force_breaks(a, c)
                .map(|(row, prev, issued, repealed, now)| {
                    let label = if row == 0 { "规章" } else { "行政规范性文件" };
                    let key = ACTIVE_ROWS[row];
                    let want = prev as i128 + issued as i128 - repealed as i128;
                    (
                        format!("{label}：上年 {prev} + 制发 {issued} − 废止 {repealed} = {want}，本年填 {now}"),
                        format!("{key}: {prev} last year + {issued} issued − {repealed} repealed = {want}, given {now}"),
                    )
                })
                .collect();
            let cell = active_cells(c.form)[2];
            let d = Diagnostic::warning(
                IN_FORCE_CHAIN,
                None,
                Message::new(
                    format!(
                        "现行有效件数与 {} 年（{earlier}）不衔接：{}",
                        a.year,
                        join(parts.iter().map(|p| &p.0))
                    ),
                    format!(
                        "documents in force do not follow from {} ({earlier}): {}",
                        a.year,
                        join(parts.iter().map(|p| &p.1))
                    ),
                ),
            );
            return match cell {
                Some(id) => d.with_cell(id),
                None => d,
            };
        }
        let cols = app_row(c.form, "carried_over");
        let parts: Vec<(String, String)> = carry_breaks(a, c)
            .map(|(k, x, y)| {
                let (_, key, label) = cols[k];
                (format!("{label} {x}≠{y}"), format!("{key} {x}≠{y}"))
            })
            .collect();
        let first = carry_breaks(a, c).next().map(|(k, _, _)| cols[k].0);
        let d = Diagnostic::warning(
            nianbao_model::rule_ids::CARRY_CHAIN,
            None,
            Message::new(
                format!(
                    "上年结转与 {} 年（{earlier}）的结转下年度不符（上年结转下年度≠本年上年结转）：{}",
                    a.year,
                    join(parts.iter().map(|p| &p.0))
                ),
                format!(
                    "carried over does not match what {} carried forward ({earlier}): {}",
                    a.year,
                    join(parts.iter().map(|p| &p.1))
                ),
            ),
        );
        match first {
            Some(id) => d.with_cell(id),
            None => d,
        }
    }

    /// The breaks with their findings, in the order of the later report.
    pub fn findings(&mut self, name: &dyn Fn(usize) -> String) -> Vec<(usize, Diagnostic)> {
        let breaks = self.breaks();
        breaks
            .iter()
            .map(|b| (b.later, self.diagnostic(b, name)))
            .collect()
    }
}

fn join<'a>(parts: impl Iterator<Item = &'a String>) -> String {
    parts.map(String::as_str).collect::<Vec<_>>().join("；")
}

/// Columns whose carry-over breaks: (column, last year's forward, this
/// year's over). Blank cells are not compared.
fn carry_breaks<'a>(a: &'a Link, b: &'a Link) -> impl Iterator<Item = (usize, u64, u64)> + 'a {
    (0..APP_COLS).filter_map(move |k| match (a.forward[k], b.over[k]) {
        (Some(x), Some(y)) if x != y => Some((k, x, y)),
        _ => None,
    })
}

/// Rows whose in-force count breaks: (row, last year, issued, repealed,
/// this year). Only the 2021 form has these columns.
fn in_force_breaks<'a>(
    a: &'a Link,
    b: &'a Link,
) -> impl Iterator<Item = (usize, u64, u64, u64, u64)> + 'a {
    let v2021 = a.form == FormVersion::V2021 && b.form == FormVersion::V2021;
    (0..2).filter_map(move |r| {
        if !v2021 {
            return None;
        }
        let prev = a.active[r * 3 + 2]?;
        let (issued, repealed, now) =
            (b.active[r * 3]?, b.active[r * 3 + 1]?, b.active[r * 3 + 2]?);
        (prev as i128 + issued as i128 - repealed as i128 != now as i128)
            .then_some((r, prev, issued, repealed, now))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(organ: &str, year: u16, over: u64, forward: u64) -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        r.organ = organ.into();
        r.year = Some(year);
        let f = r.form_def();
        r.set(
            f.cell("applications", "carried_over", "natural").unwrap(),
            Some(Value::Count(over)),
        );
        r.set(
            f.cell("applications", "carry_forward", "natural").unwrap(),
            Some(Value::Count(forward)),
        );
        r
    }

    #[test]
    fn a_break_is_found_for_the_later_year_only() {
        let mut c = Chain::default();
        c.record(0, &report("甲局", 2022, 0, 5), false);
        c.record(1, &report("甲局", 2023, 4, 1), false);
        c.record(2, &report("乙局", 2023, 9, 0), false);
        c.record(3, &report("甲局", 2024, 1, 0), false);
        let f = c.findings(&|i| format!("r{i}"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 1);
        assert_eq!(f[0].1.rule, "applications.carry_chain");
        assert!(f[0].1.message.zh.contains("r0"), "{:?}", f[0].1.message);
        assert!(!f[0].1.is_error());
    }

    #[test]
    fn many_reports_of_one_organ_year_give_one_finding_each() {
        let mut c = Chain::default();
        c.record(0, &report("甲局", 2022, 0, 5), false);
        for i in 1..1000 {
            c.record(i, &report("甲局", 2023, 4, 1), false);
        }
        assert_eq!(c.breaks().len(), 999);
    }

    #[test]
    fn in_force_follows_from_last_year() {
        let mk = |year, issued, repealed, in_force| {
            let mut r = Report::empty(FormVersion::V2021);
            r.organ = "甲局".into();
            r.year = Some(year);
            let f = r.form_def();
            for (col, v) in [
                ("issued", issued),
                ("repealed", repealed),
                ("in_force", in_force),
            ] {
                r.set(
                    f.cell("active", "regulation", col).unwrap(),
                    Some(Value::Count(v)),
                );
            }
            r
        };
        let mut c = Chain::default();
        c.record(0, &mk(2022, 1, 0, 10), false);
        c.record(1, &mk(2023, 3, 1, 12), false);
        c.record(2, &mk(2024, 3, 1, 13), false);
        let f = c.findings(&|i| format!("r{i}"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 2);
        assert_eq!(f[0].1.rule, IN_FORCE_CHAIN);
        assert!(f[0].1.message.zh.contains("= 14"), "{:?}", f[0].1.message);
    }
}
