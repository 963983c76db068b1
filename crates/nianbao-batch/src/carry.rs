//! `applications.carry_chain` across a batch: year N's `carried_over`
//! against year N−1's `carry_forward`, for reports of the same organ.
//!
//! Only the two rows the rule needs are kept per report (fourteen numbers),
//! never the reports themselves; the comparison itself is
//! [`nianbao_model::rules::carry_chain`], run on reports rebuilt from them.

use nianbao_model::{CellId, Diagnostic, FormVersion, Report, Value};
use std::collections::BTreeMap;

/// What one report contributes to the chain.
#[derive(Debug, Clone)]
struct Link {
    /// The report's position in the batch.
    index: usize,
    /// The report's form.
    form: FormVersion,
    /// `carried_over` values, column by column.
    over: Vec<Option<Value>>,
    /// `carry_forward` values, column by column.
    forward: Vec<Option<Value>>,
}

/// Collects the links of a batch and finds the breaks.
#[derive(Debug, Default)]
pub struct Chain {
    links: BTreeMap<(String, u16), Vec<Link>>,
}

fn row(form: FormVersion, key: &str) -> Vec<CellId> {
    let f = form.form();
    let Some((_, apps)) = f.table("applications") else {
        return Vec::new();
    };
    apps.blocks[0]
        .columns
        .iter()
        .filter_map(|c| f.cell("applications", key, c.key))
        .collect()
}

impl Chain {
    /// Records the report at `index` of the batch. Reports without an organ
    /// or a year cannot be chained and are skipped.
    pub fn record(&mut self, index: usize, report: &Report) {
        let (Some(year), false) = (report.year, report.organ.is_empty()) else {
            return;
        };
        let take = |key| {
            row(report.form, key)
                .into_iter()
                .map(|id| report.get(id))
                .collect()
        };
        self.links
            .entry((report.organ.clone(), year))
            .or_default()
            .push(Link {
                index,
                form: report.form,
                over: take("carried_over"),
                forward: take("carry_forward"),
            });
    }

    /// The breaks: for every report whose organ also reported the year
    /// before, the findings of `carry_chain`, keyed by the later report's
    /// batch index, in index order.
    pub fn findings(&self) -> Vec<(usize, Vec<Diagnostic>)> {
        let rebuild = |organ: &str, year: u16, link: &Link, key: &str| {
            let mut r = Report::empty(link.form);
            r.organ = organ.to_owned();
            r.year = Some(year);
            let values = if key == "carried_over" {
                &link.over
            } else {
                &link.forward
            };
            for (id, v) in row(link.form, key).into_iter().zip(values) {
                r.set(id, *v);
            }
            r
        };
        let mut out: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
        for ((organ, year), curs) in &self.links {
            let Some(prevs) = year
                .checked_sub(1)
                .and_then(|y| self.links.get(&(organ.clone(), y)))
            else {
                continue;
            };
            for cur in curs {
                let c = rebuild(organ, *year, cur, "carried_over");
                let mut found = Vec::new();
                for prev in prevs {
                    // Reports of different forms are not compared.
                    let p = rebuild(organ, year - 1, prev, "carry_forward");
                    found.extend(nianbao_model::rules::carry_chain(&p, &c));
                }
                if !found.is_empty() {
                    out.push((cur.index, found));
                }
            }
        }
        out.sort_by_key(|(i, _)| *i);
        out
    }
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
        c.record(0, &report("甲局", 2022, 0, 5));
        c.record(1, &report("甲局", 2023, 4, 1));
        c.record(2, &report("乙局", 2023, 9, 0));
        c.record(3, &report("甲局", 2024, 1, 0));
        let f = c.findings();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 1);
        assert_eq!(f[0].1[0].rule, "applications.carry_chain:natural");
        assert!(!f[0].1[0].is_error());
    }
}
