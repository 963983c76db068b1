//! `nianbao template -o OUTPUT.xlsx`: an empty official form to fill in,
//! with the organ and year filled in when given.

use super::{eprint_diagnostics, is_stdio};
use crate::cli::TemplateArgs;
use crate::exit::Status;
use crate::{lang, output};
use nianbao::Format;
use nianbao_model::{Diagnostic, Lang};

/// Runs the command.
pub fn run(args: &TemplateArgs, lang: Lang) -> Status {
    let name = output::display_name(&args.output);
    let fail = |rule: &str, msg| {
        eprint_diagnostics(&[Diagnostic::error(rule, None, msg)], &name, None, lang);
        Status::Failed
    };
    if !is_stdio(&args.output) {
        match Format::of_output(&args.output) {
            Ok(Some(Format::Xlsx)) | Ok(None) => {}
            Ok(Some(f)) => {
                return fail(
                    nianbao::rules::FORMAT,
                    lang::cannot_write_format(f.extension()),
                )
            }
            Err(ext) => return fail(nianbao::rules::FORMAT, lang::cannot_write_format(&ext)),
        }
    }
    if let Some(y) = args.year {
        if nianbao_model::FormVersion::for_year(y).is_none() {
            return fail(nianbao::rules::FORMAT, lang::no_form_for_year(y));
        }
    }
    let bytes = match nianbao::template(args.organ.as_deref(), args.year) {
        Ok(b) => b,
        Err(e) => return fail(nianbao::rules::IO, e.0),
    };
    let written = output::write(&args.output, &bytes);
    match written {
        Ok(()) => Status::Ok,
        Err(e) => fail(nianbao::rules::IO, lang::cannot_write(e)),
    }
}
