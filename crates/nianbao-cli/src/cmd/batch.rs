//! `nianbao batch INPUTS… -o DATASET`: every report under the inputs read
//! through the pipeline of `convert` ([`super::load`]), checked, and
//! written into one dataset (CSV, XLSX, Parquet or JSONL) by `nianbao_batch`. A file
//! that fails never stops the batch; the exit status says the worst that
//! happened. Also the pieces `sum` shares: walking the inputs, reading one
//! file, the progress bar and the closing summary.

use super::eprint_message;
use crate::cli::BatchArgs;
use crate::exit::Status;
use crate::{lang, output};
use indicatif::{ProgressBar, ProgressStyle};
use nianbao::Format;
use nianbao_batch::dataset::{self, DatasetFormat};
use nianbao_batch::engine::Options;
use nianbao_batch::{Input, Outcome, Summary};
use nianbao_model::{Diagnostic, Lang};
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};

/// Reads one file as `convert` would and checks it: its report with every
/// finding, or why it could not be read.
pub use nianbao_batch::read_one;

/// The inputs below `paths` (files nianbao reads, in path order), without
/// the output itself should it lie among them.
pub fn inputs(paths: &[PathBuf], output: &Path) -> Vec<Input> {
    let mut all = nianbao_batch::walk(paths, &|p| Format::of_input(p).is_some());
    let name = output.file_name();
    all.retain(|i| {
        !(matches!(i, Input::File(_))
            && i.path().file_name() == name
            && output::same_file(i.path(), output))
    });
    all
}

/// The progress bar: drawn on a terminal, hidden on a pipe or with
/// `--quiet`.
pub fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta} {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// The line printed for a file as it is done: unreadable files and reports
/// with consistency errors, nothing for the rest.
pub fn file_line(source: &str, outcome: &Outcome, lang: Lang) -> Option<String> {
    match outcome {
        Outcome::Unreadable(d) => {
            let why = d.first().map(|d| d.message.get(lang)).unwrap_or_default();
            Some(lang::unreadable(source, why).get(lang).to_owned())
        }
        Outcome::Read { diagnostics, .. } => {
            let errors = super::error_count(diagnostics);
            (errors > 0).then(|| {
                lang::summary(source, errors, diagnostics.len() - errors)
                    .get(lang)
                    .to_owned()
            })
        }
    }
}

/// Runs the batch of `inputs` into `sink`, with the progress bar and the
/// per-file lines.
pub fn run_batch(
    inputs: &[Input],
    sink: &mut (dyn nianbao_batch::Sink + Send),
    quiet: bool,
    lang: Lang,
) -> Result<Summary, nianbao_batch::BatchError> {
    let bar = progress(inputs.len(), quiet);
    // The first few files are named as they come; the rest are counted.
    let mut shown = 0;
    let mut more = 0;
    let mut each = |source: &str, o: &Outcome| {
        if !quiet {
            if let Some(line) = file_line(source, o, lang) {
                if shown < nianbao_batch::engine::FIRST_FEW {
                    shown += 1;
                    bar.suspend(|| eprintln!("{line}"));
                } else {
                    more += 1;
                }
            }
        }
        bar.inc(1);
    };
    let summary = nianbao_batch::run(inputs, read_one, sink, Options::default(), &mut each);
    bar.finish_and_clear();
    if more > 0 {
        eprint_message(&lang::more_files(more), lang);
    }
    summary
}

/// Prints the carry-chain findings and the closing summary; the status
/// they make.
pub fn report_summary(s: &Summary, quiet: bool, lang: Lang) -> Status {
    if !quiet {
        for (source, found) in &s.first_duplicates {
            super::eprint_diagnostics(std::slice::from_ref(found), source, None, lang);
        }
        for (source, found) in &s.first_cross {
            super::eprint_diagnostics(std::slice::from_ref(found), source, None, lang);
        }
        let cross: usize = s
            .by_rule
            .iter()
            .filter(|(r, _)| {
                r.as_str() == nianbao_model::rule_ids::CARRY_CHAIN
                    || r.as_str() == nianbao_batch::carry::IN_FORCE_CHAIN
            })
            .map(|(_, (e, w))| e + w)
            .sum();
        if cross > s.first_cross.len() {
            eprint_message(&lang::more_cross(cross - s.first_cross.len()), lang);
        }
        if !s.by_rule.is_empty() {
            eprint_message(&lang::by_rule_heading(), lang);
            let width = s.by_rule.keys().map(|r| r.len()).max().unwrap_or(0);
            for (rule, (e, w)) in &s.by_rule {
                eprintln!("  {rule:<width$}  {e:>8} / {w:<8}");
            }
        }
    }
    eprint_message(
        &lang::batch_summary(
            s.read,
            s.with_errors,
            s.with_warnings,
            s.unreadable,
            s.duplicates,
            s.carry_breaks,
        ),
        lang,
    );
    if s.unreadable > 0 {
        Status::Failed
    } else if s.with_errors > 0 {
        Status::Inconsistent
    } else {
        Status::Ok
    }
}

fn fail(name: &str, rule: &str, msg: nianbao_model::Message, lang: Lang) -> Status {
    super::eprint_diagnostics(&[Diagnostic::error(rule, None, msg)], name, None, lang);
    Status::Failed
}

/// Runs the command.
pub fn run(args: &BatchArgs, lang: Lang) -> Status {
    let out_name = args.output.display().to_string();
    let format = match DatasetFormat::of_path(&args.output) {
        Some(DatasetFormat::Csv) if args.long => DatasetFormat::LongCsv,
        Some(f) => f,
        None => {
            return fail(
                &out_name,
                nianbao::rules::FORMAT,
                lang::unknown_output(&out_name, ".csv, .xlsx, .parquet, .jsonl"),
                lang,
            )
        }
    };
    let io_fail = |e: &dyn std::fmt::Display| {
        fail(&out_name, nianbao::rules::IO, lang::cannot_write(e), lang)
    };
    let inputs = inputs(&args.inputs, &args.output);
    let mut tmp = match output::create_beside(&args.output) {
        Ok(t) => t,
        Err(e) => return io_fail(&e),
    };
    let summary = {
        let out = BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        let mut sink = match dataset::sink(format, out, lang) {
            Ok(s) => s,
            Err(e) => return io_fail(&e),
        };
        match run_batch(&inputs, &mut *sink, args.quiet, lang) {
            Ok(s) => s,
            Err(e) => return io_fail(&e),
        }
    };
    if let Err(e) = output::persist(tmp, &args.output) {
        return io_fail(&e);
    }
    report_summary(&summary, args.quiet, lang)
}
