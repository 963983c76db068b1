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
use nianbao_batch::dataset::{self, DatasetFormat};
use nianbao_batch::engine::Options;
use nianbao_batch::{Input, Outcome, Summary};
use nianbao_model::{Diagnostic, Lang};
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};

/// Reads one file as `convert` would and checks it: its report with every
/// finding, or why it could not be read.
pub use nianbao_batch::read_one;

/// The inputs below `paths` ([`inputs`]) read and checked into `sink`
/// ([`run_batch`]): what `sum` and `review` share. `Err` holds the rule and
/// message of a refusal.
pub fn read_all(
    paths: &[PathBuf],
    output: &Path,
    sink: &mut (dyn nianbao_batch::Sink + Send),
    quiet: bool,
    lang: Lang,
) -> Result<(Vec<Input>, Summary), (&'static str, nianbao_model::Message)> {
    let inputs = inputs(paths, output, quiet, lang)?;
    let summary = run_batch(&inputs, sink, quiet, lang)
        .map_err(|e| (nianbao::rules::IO, lang::cannot_read(lang::batch_error(&e))))?;
    Ok((inputs, summary))
}

/// The inputs below `paths` (files nianbao reads, in path order), without
/// the datasets and sums nianbao wrote earlier ([`output::own_output`]),
/// each skipped with a note. Refused (the message says why) when an input
/// named on the command line does not exist, or when the output would land
/// on an input: named on the command line, or a file of a folder that is
/// not an earlier output of nianbao's.
pub fn inputs(
    paths: &[PathBuf],
    output: &Path,
    quiet: bool,
    lang: Lang,
) -> Result<Vec<Input>, (&'static str, nianbao_model::Message)> {
    use nianbao::rules::{IO, SAME_FILE};
    for p in paths {
        if let Err(e) = std::fs::metadata(p) {
            return Err((IO, lang::no_such_input(p.display(), &e)));
        }
        if p.is_file() && output::same_file(p, output) {
            return Err((SAME_FILE, lang::output_is_input(p.display())));
        }
    }
    let mut all = nianbao_batch::walk(paths, &nianbao::is_input_document);
    let mut refused = None;
    all.retain(|i| {
        let Input::File(path) = i else { return true };
        let is_output = output::same_file(path, output);
        match output::own_output(path, is_output) {
            Some(kind) => {
                if !quiet {
                    eprint_message(&lang::skipped_own_output(path.display(), kind), lang);
                }
                false
            }
            None if is_output => {
                refused.get_or_insert_with(|| lang::output_is_input(path.display()));
                false
            }
            None => true,
        }
    });
    match refused {
        Some(m) => Err((SAME_FILE, m)),
        None => Ok(all),
    }
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
    let io_fail = |e: lang::Why| fail(&out_name, nianbao::rules::IO, lang::cannot_write(e), lang);
    let inputs = match inputs(&args.inputs, &args.output, args.quiet, lang) {
        Ok(i) => i,
        Err((rule, msg)) => return fail(&out_name, rule, msg, lang),
    };
    // A temporary file renamed into place only when reports were read: a
    // failed or empty run leaves an existing output as it was.
    let mut out = match output::Streamed::open(&args.output) {
        Ok(t) => t,
        Err(e) => return io_fail(e.into()),
    };
    let summary = {
        let w = BufWriter::with_capacity(1 << 20, out.as_file_mut());
        let mut sink = match dataset::sink(format, w, lang) {
            Ok(s) => s,
            Err(e) => return io_fail(lang::batch_error(&e)),
        };
        match run_batch(&inputs, &mut *sink, args.quiet, lang) {
            Ok(s) => s,
            Err(e) => return io_fail(lang::batch_error(&e)),
        }
    };
    let status = report_summary(&summary, args.quiet, lang);
    if summary.read == 0 {
        drop(out);
        eprint_message(&lang::nothing_read(&out_name), lang);
        return Status::Failed;
    }
    if let Err(e) = out.finish() {
        return io_fail(e.into());
    }
    status
}
