//! The batch loop: inputs read in parallel, chunk by chunk, handed to a
//! [`Sink`] one by one in input order on a writer thread.
//!
//! Memory is bounded by the chunk size plus a small record per report: one
//! chunk is being read while at most one waits and one is being written, so
//! no more than three chunks of reports exist at any time, whatever the size
//! of the batch. What is kept of each report is what the findings across
//! reports need ([`crate::duplicates`], found as the reports stream, and
//! [`crate::carry`], found after the last report in O(n log n)). The order
//! of outcomes is the order of the inputs (sorted by [`crate::walk`]), never
//! the order in which threads finish.

use crate::carry::Chain;
use crate::duplicates::{Duplicate, Duplicates};
use crate::walk::Input;
use crate::BatchError;
use nianbao_model::{Diagnostic, Message, Report};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

/// The rule id of an input that could not be opened (as the command line's).
pub const IO_RULE: &str = "io";

/// What reading one input gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The report, with every finding about it (the reader's warnings and
    /// the consistency rules).
    Read {
        /// The report.
        report: Report,
        /// The findings.
        diagnostics: Vec<Diagnostic>,
    },
    /// The input could not be read as a report: why.
    Unreadable(Vec<Diagnostic>),
}

/// One report as a sink sees it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Where it came from.
    pub source: &'a str,
    /// The report.
    pub report: &'a Report,
    /// Every finding about it, the duplicate finding included.
    pub diagnostics: &'a [Diagnostic],
    /// When it repeats an earlier report of the batch: which, and how.
    pub duplicate: Option<&'a Duplicate>,
    /// The source of the report it repeats.
    pub duplicate_of: Option<&'a str>,
}

/// Where the outcomes of a batch go, in input order.
pub trait Sink {
    /// A report that was read, with its findings.
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError>;
    /// An input that could not be read, and why.
    fn unreadable(&mut self, source: &str, diagnostics: &[Diagnostic]) -> Result<(), BatchError>;
    /// A finding across reports (the carry chains), after every report,
    /// for the later report of each pair, in input order.
    fn cross(&mut self, source: &str, diagnostic: &Diagnostic) -> Result<(), BatchError>;
    /// Ends the output.
    fn finish(&mut self) -> Result<(), BatchError>;
}

/// How many findings a summary keeps to show (the rest are counted).
pub const FIRST_FEW: usize = 10;
/// How many duplicates a summary lists (the rest are counted).
pub const LISTED_DUPLICATES: usize = 1_000;

/// What a batch found: counts, and the first few findings to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs read as reports.
    pub read: usize,
    /// Of these, with consistency errors.
    pub with_errors: usize,
    /// Of these, with warnings only.
    pub with_warnings: usize,
    /// Inputs that could not be read.
    pub unreadable: usize,
    /// Reports that repeat an earlier one (the same file, the same bytes
    /// or the same numbers).
    pub duplicates: usize,
    /// The first [`LISTED_DUPLICATES`] of them: (source, its duplicate).
    pub duplicate_list: Vec<(String, Duplicate)>,
    /// Reports whose carry-over disagrees with the year before.
    pub carry_breaks: usize,
    /// Findings counted by rule (the part of the id before any `:`).
    pub by_rule: BTreeMap<String, (usize, usize)>,
    /// The first few findings across reports, with their source.
    pub first_cross: Vec<(String, Diagnostic)>,
    /// The first few findings about single reports with errors.
    pub first_errors: Vec<(String, Diagnostic)>,
    /// The first few reports counted twice or second reports of one organ
    /// and year, with the finding that names both files.
    pub first_duplicates: Vec<(String, Diagnostic)>,
}

impl Summary {
    fn count(&mut self, d: &Diagnostic) {
        let rule = d.rule.split(':').next().unwrap_or(&d.rule).to_owned();
        let e = self.by_rule.entry(rule).or_default();
        if d.is_error() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
}

/// How a batch runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Reports read before they are handed on: the memory bound.
    pub chunk: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { chunk: 256 }
    }
}

/// The name of an input in outputs.
pub fn source_name(path: &Path) -> String {
    path.display().to_string()
}

/// One input read: its outcome and the file it resolves to.
struct Done {
    outcome: Outcome,
    canonical: Option<PathBuf>,
}

/// Reads every input with `read` (in parallel on rayon's pool) and gives
/// each outcome to `sink` in input order, then the findings across reports,
/// then finishes the sink. `each` is called after each input, on the
/// writer thread, with the input's name and outcome (for progress and for
/// printing findings as they come).
pub fn run<R>(
    inputs: &[Input],
    read: R,
    sink: &mut (dyn Sink + Send),
    options: Options,
    each: &mut (dyn FnMut(&str, &Outcome) + Send),
) -> Result<Summary, BatchError>
where
    R: Fn(&Path) -> Outcome + Sync,
{
    let read_one = |input: &Input| match input {
        Input::File(p) => Done {
            outcome: read(p),
            canonical: std::fs::canonicalize(p).ok(),
        },
        Input::Unreachable(_, why) => Done {
            outcome: Outcome::Unreadable(vec![Diagnostic::error(
                IO_RULE,
                None,
                Message::new(format!("无法读取：{why}"), format!("cannot read: {why}")),
            )]),
            canonical: None,
        },
    };
    let chunk = options.chunk.max(1);
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<(usize, Vec<Done>)>(1);
        let writer = scope.spawn(move || -> Result<Summary, BatchError> {
            let mut summary = Summary::default();
            let mut chain = Chain::default();
            let mut dups = Duplicates::default();
            let name = |i: usize| source_name(inputs[i].path());
            for (start, done) in rx {
                for (i, mut d) in done.into_iter().enumerate() {
                    let index = start + i;
                    let source = name(index);
                    match &mut d.outcome {
                        Outcome::Read {
                            report,
                            diagnostics,
                        } => {
                            summary.read += 1;
                            let found = dups.record(index, report, d.canonical.as_deref(), &|i| {
                                inputs[i].path().to_path_buf()
                            });
                            let dup = found.duplicate;
                            if let Some(dup) = &dup {
                                diagnostics.push(dup.diagnostic(&name(dup.first)));
                                summary.duplicates += 1;
                                if summary.duplicate_list.len() < LISTED_DUPLICATES {
                                    summary.duplicate_list.push((source.clone(), dup.clone()));
                                }
                            } else if let Some(w) = found.conflict {
                                diagnostics
                                    .push(crate::duplicates::conflict_diagnostic(&name(w), report));
                            }
                            if (dup.is_some() || found.conflict.is_some())
                                && summary.first_duplicates.len() < FIRST_FEW
                            {
                                let d = diagnostics.last().expect("just pushed").clone();
                                summary.first_duplicates.push((source.clone(), d));
                            }
                            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                            if errors > 0 {
                                summary.with_errors += 1;
                                for d in diagnostics.iter().filter(|d| d.is_error()) {
                                    if summary.first_errors.len() < FIRST_FEW {
                                        summary.first_errors.push((source.clone(), d.clone()));
                                    }
                                }
                            } else if !diagnostics.is_empty() {
                                summary.with_warnings += 1;
                            }
                            for d in diagnostics.iter() {
                                summary.count(d);
                            }
                            chain.record(index, report, dup.is_some());
                            let first = dup.as_ref().map(|d| name(d.first));
                            sink.report(&Item {
                                source: &source,
                                report,
                                diagnostics,
                                duplicate: dup.as_ref(),
                                duplicate_of: first.as_deref(),
                            })?;
                        }
                        Outcome::Unreadable(ds) => {
                            summary.unreadable += 1;
                            for d in ds.iter() {
                                summary.count(d);
                            }
                            sink.unreadable(&source, ds)?;
                        }
                    }
                    each(&source, &d.outcome);
                }
            }
            let mut last = None;
            for b in chain.breaks() {
                let found = chain.diagnostic(&b, &name);
                if last != Some(b.later) && found.rule == nianbao_model::rule_ids::CARRY_CHAIN {
                    summary.carry_breaks += 1;
                    last = Some(b.later);
                }
                let source = name(b.later);
                summary.count(&found);
                sink.cross(&source, &found)?;
                if summary.first_cross.len() < FIRST_FEW {
                    summary.first_cross.push((source, found));
                }
            }
            sink.finish()?;
            Ok(summary)
        });
        for (n, part) in inputs.chunks(chunk).enumerate() {
            let done: Vec<Done> = part.par_iter().map(read_one).collect();
            if tx.send((n * chunk, done)).is_err() {
                // The writer stopped on an error; it is reported below.
                break;
            }
        }
        drop(tx);
        writer.join().expect("the batch writer does not panic")
    })
}
