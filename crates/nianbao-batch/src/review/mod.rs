//! The supervising office's review of a region's reports (`nianbao
//! review`): a [`ReviewSink`] that keeps, as the batch streams, what the
//! page needs — per report its findings (capped), duplicates, unreadable
//! files and title problems, the prose check ([`prose`]), the numbers of the
//! indicators per organ and year, and the region's sum per year — then
//! renders it as one self-contained page ([`html`]) or a workbook
//! ([`xlsx`]).
//!
//! Memory is bounded by the caps below plus one small record per organ and
//! year, whatever the number of reports; what does not fit the page is
//! counted, and every finding stays in `nianbao batch`'s dataset.

pub mod html;
pub mod prose;
pub mod xlsx;

use crate::engine::{Item, Sink};
use crate::sum::{SumOptions, Summer};
use crate::BatchError;
use nianbao_model::{Diagnostic, Message, Report, Value};
use std::collections::{BTreeMap, HashMap};

/// The rule id of a title problem found by the review.
pub const TITLE: &str = nianbao_model::rule_ids::REVIEW_TITLE;

/// Reports listed with their findings on the page.
pub const LISTED_REPORTS: usize = 500;
/// Findings listed per report.
pub const LISTED_FINDINGS: usize = 40;
/// Inputs listed under the region's total, per year.
pub const LISTED_INPUTS: usize = 1_000;
/// Applications below which an organ is shown, not rated.
pub const MIN_RATED: u64 = 30;

/// A finding as the page shows it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule id.
    pub rule: String,
    /// Error or warning.
    pub error: bool,
    /// The cell, as its Chinese path, when the finding names one.
    pub cell: Option<String>,
    /// Where in the input.
    pub location: Option<String>,
    /// What.
    pub message: Message,
}

impl Finding {
    fn of(d: &Diagnostic) -> Finding {
        Finding {
            rule: d.rule.clone(),
            error: d.is_error(),
            cell: d.cell.map(|c| nianbao_model::form::cell_def(c).path()),
            location: d.location.as_ref().map(|l| l.to_string()),
            message: d.message.clone(),
        }
    }
}

/// One report with findings.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where it came from.
    pub source: String,
    /// Organ ("" unknown).
    pub organ: String,
    /// Year.
    pub year: Option<u16>,
    /// ok, warnings, errors, duplicate, unreadable.
    pub status: &'static str,
    /// The findings listed.
    pub findings: Vec<Finding>,
    /// Findings not listed.
    pub more: usize,
}

/// The numbers of the indicators of one organ and year (reports that
/// repeat another are not counted). `None` where some report left a cell
/// blank.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Reports counted.
    pub reports: usize,
    /// 本年新收 (total column).
    pub new: Option<u64>,
    /// 办理结果总计.
    pub results: Option<u64>,
    /// 予以公开.
    pub granted: Option<u64>,
    /// 部分公开.
    pub partly: Option<u64>,
    /// 不予公开 (the eight rows).
    pub denied: Option<u64>,
    /// 无法提供.
    pub unable: Option<u64>,
    /// 不予处理.
    pub not_processed: Option<u64>,
    /// 其他处理.
    pub other: Option<u64>,
    /// 行政复议总计.
    pub review: Option<u64>,
    /// 行政复议结果纠正.
    pub review_corrected: Option<u64>,
    /// 行政诉讼总计 (both rows).
    pub suit: Option<u64>,
    /// 行政诉讼结果纠正 (both rows).
    pub suit_corrected: Option<u64>,
}

fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    a?.checked_add(b?)
}

impl Figures {
    fn of(r: &Report) -> Figures {
        let f = r.form_def();
        let get = |t: &str, row: &str, c: &str| match f.cell(t, row, c).map(|id| r.get(id)) {
            Some(Some(Value::Count(n))) => Some(n),
            _ => None,
        };
        let app = |row: &str| get("applications", row, "total");
        let group = |prefix: &str| -> Option<u64> {
            let (_, t) = f.table("applications")?;
            let mut sum = Some(0u64);
            let mut any = false;
            for row in t.blocks[0].rows {
                if row.key == prefix || row.key.starts_with(&format!("{prefix}.")) {
                    any = true;
                    sum = add(sum, app(row.key));
                }
            }
            if any {
                sum
            } else {
                None
            }
        };
        let rev = |row: &str, c: &str| get("reviews", row, c);
        Figures {
            reports: 1,
            new: app("new"),
            results: app("total"),
            granted: app("granted"),
            partly: app("partly_granted"),
            denied: group("denied"),
            unable: group("unable"),
            not_processed: group("not_processed"),
            other: group("other"),
            review: rev("review", "total"),
            review_corrected: rev("review", "corrected"),
            suit: add(
                rev("suit_direct", "total"),
                rev("suit_after_review", "total"),
            ),
            suit_corrected: add(
                rev("suit_direct", "corrected"),
                rev("suit_after_review", "corrected"),
            ),
        }
    }

    fn merge(&mut self, o: &Figures) {
        self.reports += o.reports;
        for (a, b) in [
            (&mut self.new, o.new),
            (&mut self.results, o.results),
            (&mut self.granted, o.granted),
            (&mut self.partly, o.partly),
            (&mut self.denied, o.denied),
            (&mut self.unable, o.unable),
            (&mut self.not_processed, o.not_processed),
            (&mut self.other, o.other),
            (&mut self.review, o.review),
            (&mut self.review_corrected, o.review_corrected),
            (&mut self.suit, o.suit),
            (&mut self.suit_corrected, o.suit_corrected),
        ] {
            *a = add(*a, b);
        }
    }

    /// 公开率: (予以公开 + 部分公开) / 办理结果总计.
    pub fn open_rate(&self) -> Option<f64> {
        ratio(add(self.granted, self.partly), self.results)
    }
    /// 不予公开率: 不予公开 / 办理结果总计.
    pub fn denied_rate(&self) -> Option<f64> {
        ratio(self.denied, self.results)
    }
    /// 复议纠错率: 纠正 / 复议总计.
    pub fn review_rate(&self) -> Option<f64> {
        ratio(self.review_corrected, self.review)
    }
    /// 诉讼纠错率: 纠正 / 诉讼总计.
    pub fn suit_rate(&self) -> Option<f64> {
        ratio(self.suit_corrected, self.suit)
    }
}

fn ratio(a: Option<u64>, b: Option<u64>) -> Option<f64> {
    let (a, b) = (a?, b?);
    (b > 0).then(|| a as f64 / b as f64)
}

/// What the review found.
#[derive(Debug, Default)]
pub struct Review {
    /// Inputs seen.
    pub inputs: usize,
    /// Reports read.
    pub read: usize,
    /// Reports with findings, the first [`LISTED_REPORTS`].
    pub entries: Vec<Entry>,
    /// Reports with findings not listed.
    pub more_entries: usize,
    /// Unreadable inputs (source, reason), the first [`LISTED_REPORTS`].
    pub unreadable: Vec<(String, String)>,
    /// All unreadable inputs.
    pub unreadable_count: usize,
    /// Duplicates (source, finding), the first [`LISTED_REPORTS`].
    pub duplicates: Vec<(String, Message)>,
    /// All duplicates.
    pub duplicate_count: usize,
    /// Findings across reports (source, finding) whose report is not
    /// listed, the first [`LISTED_REPORTS`].
    pub cross: Vec<(String, Finding)>,
    /// Findings counted by rule: (errors, warnings).
    pub by_rule: BTreeMap<String, (usize, usize)>,
    /// Figures per (organ, year).
    pub figures: BTreeMap<(String, u16), Figures>,
    /// The region's sum per year, with the inputs summed.
    pub totals: BTreeMap<u16, Total>,
}

/// The region's sum for one year.
#[derive(Debug, Clone, Default)]
pub struct Total {
    /// The figures of the sum.
    pub figures: Figures,
    /// The inputs summed, the first [`LISTED_INPUTS`].
    pub inputs: Vec<String>,
    /// All inputs summed.
    pub count: usize,
    /// Why the full sum could not be made, if so.
    pub refused: Vec<Message>,
}

/// The sink that gathers a review.
#[derive(Debug, Default)]
pub struct ReviewSink {
    /// The review so far.
    pub review: Review,
    listed: HashMap<String, usize>,
    summers: BTreeMap<u16, Summer>,
}

/// A title problem of a report that was read.
pub fn title_findings(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut say =
        |zh: &str, en: &str| out.push(Diagnostic::warning(TITLE, None, Message::new(zh, en)));
    if r.title.trim().is_empty() {
        say("没有标题", "no title");
    } else if !r.title.contains("政府信息公开") || !r.title.contains("年度报告") {
        say(
            &format!(
                "标题不是“××××年政府信息公开工作年度报告”的形式：{}",
                r.title
            ),
            &format!(
                "the title is not of the form “…年政府信息公开工作年度报告”: {}",
                r.title
            ),
        );
    }
    if r.organ.trim().is_empty() {
        say("未能确定报告机关", "the reporting organ is unknown");
    }
    if r.year.is_none() {
        say("未能确定报告年度", "the year reported on is unknown");
    }
    out
}

impl ReviewSink {
    fn count(&mut self, d: &Diagnostic) {
        let rule = d.rule.split(':').next().unwrap_or(&d.rule).to_owned();
        let e = self.review.by_rule.entry(rule).or_default();
        if d.is_error() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }

    fn entry(&mut self, e: Entry) {
        if self.review.entries.len() < LISTED_REPORTS {
            self.listed
                .insert(e.source.clone(), self.review.entries.len());
            self.review.entries.push(e);
        } else {
            self.review.more_entries += 1;
        }
    }

    /// The review, with the region's totals made.
    pub fn finish_review(mut self) -> Review {
        for (year, s) in std::mem::take(&mut self.summers) {
            let total = self.review.totals.entry(year).or_default();
            match s.finish(&SumOptions {
                organ: String::new(),
                allow_mixed_years: false,
            }) {
                Ok(c) => {
                    total.figures = Figures::of(&c.report);
                    total.figures.reports = c.contributors.len();
                }
                Err(refusals) => total.refused = refusals.into_iter().map(|d| d.message).collect(),
            }
        }
        self.review
    }
}

impl Sink for ReviewSink {
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        self.review.inputs += 1;
        self.review.read += 1;
        let r = item.report;
        let mut extra = title_findings(r);
        extra.extend(prose::check(r));
        for d in item.diagnostics.iter().chain(&extra) {
            self.count(d);
        }
        if let (Some(dup), Some(first)) = (item.duplicate, item.duplicate_of) {
            self.review.duplicate_count += 1;
            if self.review.duplicates.len() < LISTED_REPORTS {
                self.review
                    .duplicates
                    .push((item.source.to_owned(), dup.diagnostic(first).message));
            }
        } else if let Some(year) = r.year {
            let f = Figures::of(r);
            self.review
                .figures
                .entry((r.organ.clone(), year))
                .or_insert_with(|| Figures {
                    reports: 0,
                    new: Some(0),
                    results: Some(0),
                    granted: Some(0),
                    partly: Some(0),
                    denied: Some(0),
                    unable: Some(0),
                    not_processed: Some(0),
                    other: Some(0),
                    review: Some(0),
                    review_corrected: Some(0),
                    suit: Some(0),
                    suit_corrected: Some(0),
                })
                .merge(&f);
            self.summers
                .entry(year)
                .or_default()
                .add(item.source, r, item.diagnostics);
            let total = self.review.totals.entry(year).or_default();
            total.count += 1;
            if total.inputs.len() < LISTED_INPUTS {
                total.inputs.push(item.source.to_owned());
            }
        }
        let all: Vec<&Diagnostic> = item.diagnostics.iter().chain(&extra).collect();
        if !all.is_empty() {
            let mut e = Entry {
                source: item.source.to_owned(),
                organ: r.organ.clone(),
                year: r.year,
                status: crate::dataset::status(item),
                findings: Vec::new(),
                more: 0,
            };
            // Errors first, then warnings, each in the order found.
            let mut sorted = all;
            sorted.sort_by_key(|d| !d.is_error());
            for d in sorted {
                if e.findings.len() < LISTED_FINDINGS {
                    e.findings.push(Finding::of(d));
                } else {
                    e.more += 1;
                }
            }
            self.entry(e);
        }
        Ok(())
    }

    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        self.review.inputs += 1;
        self.review.unreadable_count += 1;
        for d in d {
            self.count(d);
        }
        if self.review.unreadable.len() < LISTED_REPORTS {
            self.review.unreadable.push((
                source.to_owned(),
                crate::dataset::reason(d, nianbao_model::Lang::Zh),
            ));
        }
        Ok(())
    }

    fn cross(&mut self, source: &str, d: &Diagnostic) -> Result<(), BatchError> {
        self.count(d);
        let f = Finding::of(d);
        match self.listed.get(source) {
            Some(&i) => {
                let e = &mut self.review.entries[i];
                if e.findings.len() < LISTED_FINDINGS {
                    e.findings.push(f);
                } else {
                    e.more += 1;
                }
            }
            None if self.review.cross.len() < LISTED_REPORTS => {
                self.review.cross.push((source.to_owned(), f));
            }
            None => {}
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), BatchError> {
        Ok(())
    }
}
