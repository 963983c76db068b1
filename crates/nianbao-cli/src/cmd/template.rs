//! `nianbao template -o OUTPUT.xlsx`: an empty official form to fill in.

use super::{display_name, eprint_diagnostics};
use crate::cli::TemplateArgs;
use crate::exit::Status;
use crate::{format, lang};
use nianbao_model::{Diagnostic, Lang};

/// Runs the command.
pub fn run(args: &TemplateArgs, lang: Lang) -> Status {
    let _ = (&args.organ, args.year);
    let msg = lang::unsupported("template (nianbao-export has no template writer yet)");
    eprint_diagnostics(
        &[Diagnostic::error(format::rules::FORMAT, None, msg)],
        &display_name(&args.output),
        None,
        lang,
    );
    Status::Failed
}
