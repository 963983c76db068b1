//! `nianbao sum INPUTS… --organ ORGAN -o OUTPUT`: the consolidated report
//! (汇总) of every report under the inputs, computed by
//! `nianbao_batch::sum` while the batch streams. Nothing is written when an
//! input cannot be read, when a report is counted twice (unless
//! `--allow-duplicates`), when the years differ (unless
//! `--allow-mixed-years`) or when a sum would not be exact.

use super::batch::{read_all, report_summary};
use super::{eprint_diagnostics, eprint_message, error_count};
use crate::cli::SumArgs;
use crate::exit::Status;
use crate::{lang, output};
use nianbao::Format;
use nianbao_batch::sum::{SumOptions, Summer};
use nianbao_model::{Diagnostic, Lang};

/// Runs the command.
pub fn run(args: &SumArgs, lang: Lang) -> Status {
    let out_name = args.output.display().to_string();
    let fail = |rule: &str, msg| {
        eprint_diagnostics(&[Diagnostic::error(rule, None, msg)], &out_name, None, lang);
        Status::Failed
    };
    let to = match Format::of_output(&args.output) {
        Ok(Some(
            f @ (Format::Xlsx | Format::Docx | Format::Html | Format::Text | Format::Json),
        )) => f,
        _ => {
            return fail(
                nianbao::rules::FORMAT,
                lang::unknown_output(&out_name, ".xlsx, .docx, .html, .txt, .json"),
            )
        }
    };
    let mut summer = Summer::default();
    let (inputs, summary) =
        match read_all(&args.inputs, &args.output, &mut summer, args.quiet, lang) {
            Ok(s) => s,
            Err((rule, msg)) => return fail(rule, msg),
        };
    let status = report_summary(&summary, args.quiet, lang);
    if summary.unreadable > 0 {
        eprint_message(&lang::sum_refused_unreadable(summary.unreadable), lang);
        return Status::Failed;
    }
    if summary.duplicates > 0 && !args.allow_duplicates {
        for (source, d) in &summary.duplicate_list {
            let first = inputs[d.first].path().display().to_string();
            eprint_message(&lang::duplicate_line(source, &first), lang);
        }
        eprint_message(&lang::sum_refused_duplicates(summary.duplicates), lang);
        return Status::Failed;
    }
    let options = SumOptions {
        organ: args.organ.clone(),
        allow_mixed_years: args.allow_mixed_years,
    };
    let consolidated = match summer.finish(&options) {
        Ok(c) => c,
        Err(refusals) => {
            eprint_diagnostics(&refusals, &out_name, None, lang);
            return Status::Failed;
        }
    };
    let mut diags = consolidated.warnings.clone();
    diags.extend(nianbao_model::rules::check(&consolidated.report, None));
    let bytes = match to {
        Format::Xlsx => nianbao_batch::sum::to_xlsx(&consolidated, &diags)
            .map_err(|e| lang::cannot_write(lang::batch_error(&e))),
        _ => nianbao::write(&consolidated.report, &diags, to).map_err(|e| e.0),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(msg) => return fail(nianbao::rules::FORMAT, msg),
    };
    if let Err(e) = output::write(&args.output, &bytes) {
        return fail(nianbao::rules::IO, lang::cannot_write(e));
    }
    if !args.quiet {
        eprint_diagnostics(&diags, &out_name, None, lang);
    }
    let errors = error_count(&diags);
    eprint_message(
        &lang::written(&out_name, errors, diags.len() - errors),
        lang,
    );
    if errors > 0 {
        status.max(Status::Inconsistent)
    } else {
        status
    }
}
