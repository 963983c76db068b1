//! `nianbao convert INPUT -o OUTPUT`: read, check, write. An input that
//! cannot be read exits 2 and creates no output; consistency errors are
//! printed, the output is still written (the XLSX form marks the cells) and
//! the exit status is 1.

use super::{display_name, eprint_diagnostics, eprint_message, error_count, is_stdio, load};
use crate::cli::ConvertArgs;
use crate::exit::Status;
use crate::{lang, output};
use nianbao::Format;
use nianbao_model::{Diagnostic, Lang};

/// Runs the command.
pub fn run(args: &ConvertArgs, lang: Lang) -> Status {
    let in_name = display_name(&args.input);
    let out_name = output::display_name(&args.output);
    let fail = |name: &str, rule: &str, msg| {
        eprint_diagnostics(&[Diagnostic::error(rule, None, msg)], name, None, lang);
        Status::Failed
    };

    let to = match args.to {
        Some(f) => f,
        None => match Format::of_output(&args.output) {
            Ok(Some(f)) => f,
            Ok(None) => {
                return fail(
                    &out_name,
                    nianbao::rules::FORMAT,
                    lang::unknown_format("--to"),
                )
            }
            Err(ext) => {
                return fail(
                    &out_name,
                    nianbao::rules::FORMAT,
                    lang::cannot_convert_to(&ext),
                )
            }
        },
    };
    if !is_stdio(&args.input)
        && !is_stdio(&args.output)
        && output::same_file(&args.input, &args.output)
    {
        return fail(
            &out_name,
            nianbao::rules::SAME_FILE,
            lang::output_is_input(&in_name),
        );
    }

    let loaded = match load(&args.input, args.from) {
        Ok(l) => l,
        Err(e) => {
            eprint_diagnostics(&e.diagnostics, &in_name, e.text.as_deref(), lang);
            return Status::Failed;
        }
    };
    let diags = nianbao::check(&loaded);

    let bytes = match nianbao::write(&loaded.report, &diags, to) {
        Ok(b) => b,
        Err(e) => return fail(&out_name, nianbao::rules::FORMAT, e.0),
    };
    let written = output::write(&args.output, &bytes);
    if let Err(e) = written {
        return fail(&out_name, nianbao::rules::IO, lang::cannot_write(e));
    }

    eprint_diagnostics(&diags, &in_name, loaded.text.as_deref(), lang);
    let errors = error_count(&diags);
    if !diags.is_empty() && !is_stdio(&args.output) {
        eprint_message(
            &lang::written(&out_name, errors, diags.len() - errors),
            lang,
        );
    }
    if errors > 0 {
        Status::Inconsistent
    } else {
        Status::Ok
    }
}
