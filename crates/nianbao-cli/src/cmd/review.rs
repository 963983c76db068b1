//! `nianbao review INPUTS… -o 审查报告.html|.xlsx`: every report under the
//! inputs read as `batch` reads them, gathered by
//! `nianbao_batch::review::ReviewSink`, and written as one self-contained
//! page or a workbook.

use super::batch::{read_all, report_summary};
use super::{eprint_diagnostics, eprint_message};
use crate::cli::ReviewArgs;
use crate::exit::Status;
use crate::{lang, output};
use nianbao_batch::review::{html, xlsx, ReviewSink};
use nianbao_model::{Diagnostic, Lang};

/// Runs the command.
pub fn run(args: &ReviewArgs, lang: Lang) -> Status {
    let out_name = args.output.display().to_string();
    let fail = |rule: &str, msg| {
        eprint_diagnostics(&[Diagnostic::error(rule, None, msg)], &out_name, None, lang);
        Status::Failed
    };
    let as_xlsx = match nianbao::Format::of_output(&args.output) {
        Ok(Some(nianbao::Format::Html)) => false,
        Ok(Some(nianbao::Format::Xlsx)) => true,
        _ => {
            return fail(
                nianbao::rules::FORMAT,
                lang::unknown_output(&out_name, ".html, .xlsx"),
            )
        }
    };
    let mut sink = ReviewSink::default();
    let (_, summary) = match read_all(&args.inputs, &args.output, &mut sink, args.quiet, lang) {
        Ok(s) => s,
        Err((rule, msg)) => return fail(rule, msg),
    };
    let status = report_summary(&summary, args.quiet, lang);
    let review = sink.finish_review();
    let bytes = if as_xlsx {
        match xlsx::render(&review, lang) {
            Ok(b) => b,
            Err(e) => {
                return fail(
                    nianbao::rules::IO,
                    lang::cannot_write(lang::batch_error(&e)),
                )
            }
        }
    } else {
        html::render(&review, lang).into_bytes()
    };
    if let Err(e) = output::write_atomic(&args.output, &bytes) {
        return fail(nianbao::rules::IO, lang::cannot_write(e));
    }
    let errors: usize = review.by_rule.values().map(|v| v.0).sum();
    let warnings: usize = review.by_rule.values().map(|v| v.1).sum();
    eprint_message(&lang::written(&out_name, errors, warnings), lang);
    status
}
