//! The batch loop: inputs read in parallel, chunk by chunk, handed to a
//! [`Sink`] one by one in input order on a writer thread.
//!
//! Memory is bounded by the chunk size: one chunk is being read while at
//! most one waits and one is being written, so no more than three chunks of
//! reports exist at any time, whatever the size of the batch. The order of
//! outcomes is the order of the inputs (sorted by [`crate::walk`]), never
//! the order in which threads finish.

use crate::carry::Chain;
use crate::walk::Input;
use crate::BatchError;
use nianbao_model::{Diagnostic, Message, Report};
use rayon::prelude::*;
use std::path::Path;
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

/// Where the outcomes of a batch go, in input order.
pub trait Sink {
    /// A report that was read, with its findings.
    fn report(
        &mut self,
        source: &str,
        report: &Report,
        diagnostics: &[Diagnostic],
    ) -> Result<(), BatchError>;
    /// An input that could not be read, and why.
    fn unreadable(&mut self, source: &str, diagnostics: &[Diagnostic]) -> Result<(), BatchError>;
    /// Findings across reports (the carry chain), after every report, for
    /// the later report of each pair, in input order.
    fn cross(&mut self, source: &str, diagnostics: &[Diagnostic]) -> Result<(), BatchError>;
    /// Ends the output.
    fn finish(&mut self) -> Result<(), BatchError>;
}

/// What a batch found.
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
    /// Reports whose carry-over disagrees with the year before, with the
    /// findings (`applications.carry_chain`, warnings), in input order.
    pub carry: Vec<(String, Vec<Diagnostic>)>,
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

/// Reads every input with `read` (in parallel on rayon's pool) and gives
/// each outcome to `sink` in input order, then the carry-chain findings,
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
        Input::File(p) => read(p),
        Input::Unreachable(_, why) => Outcome::Unreadable(vec![Diagnostic::error(
            IO_RULE,
            None,
            Message::new(format!("无法读取：{why}"), format!("cannot read: {why}")),
        )]),
    };
    let chunk = options.chunk.max(1);
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<(usize, Vec<Outcome>)>(1);
        let writer = scope.spawn(move || -> Result<Summary, BatchError> {
            let mut summary = Summary::default();
            let mut chain = Chain::default();
            for (start, outcomes) in rx {
                for (i, o) in outcomes.iter().enumerate() {
                    let index = start + i;
                    let source = source_name(inputs[index].path());
                    match o {
                        Outcome::Read {
                            report,
                            diagnostics,
                        } => {
                            summary.read += 1;
                            if diagnostics.iter().any(Diagnostic::is_error) {
                                summary.with_errors += 1;
                            } else if !diagnostics.is_empty() {
                                summary.with_warnings += 1;
                            }
                            chain.record(index, report);
                            sink.report(&source, report, diagnostics)?;
                        }
                        Outcome::Unreadable(d) => {
                            summary.unreadable += 1;
                            sink.unreadable(&source, d)?;
                        }
                    }
                    each(&source, o);
                }
            }
            for (index, found) in chain.findings() {
                let source = source_name(inputs[index].path());
                sink.cross(&source, &found)?;
                summary.carry.push((source, found));
            }
            sink.finish()?;
            Ok(summary)
        });
        for (n, part) in inputs.chunks(chunk).enumerate() {
            let outcomes: Vec<Outcome> = part.par_iter().map(read_one).collect();
            if tx.send((n * chunk, outcomes)).is_err() {
                // The writer stopped on an error; it is reported below.
                break;
            }
        }
        drop(tx);
        writer.join().expect("the batch writer does not panic")
    })
}
