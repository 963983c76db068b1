//! `nianbao diff A B [-o PAGE.html]`: two reports compared cell by cell by
//! `nianbao_batch::diff`, printed as text, and written as a page on demand.

use super::{eprint_diagnostics, load};
use crate::cli::DiffArgs;
use crate::exit::Status;
use crate::{lang, output};
use nianbao::Format;
use nianbao_batch::diff;
use nianbao_model::{Diagnostic, Lang};
use std::io::Write;

/// Runs the command.
pub fn run(args: &DiffArgs, lang: Lang) -> Status {
    let mut reports = Vec::new();
    for p in [&args.a, &args.b] {
        let name = super::display_name(p);
        let from = Format::of_input(p);
        match load(p, from) {
            Ok(l) => reports.push((name, l.report)),
            Err(e) => {
                eprint_diagnostics(&e.diagnostics, &name, e.text.as_deref(), lang);
                return Status::Failed;
            }
        }
    }
    let (a, b) = (&reports[0], &reports[1]);
    let changes = diff::diff(&a.1, &b.1);
    let text = diff::text((&a.0, &a.1), (&b.0, &b.1), &changes, lang);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if let Some(out) = &args.output {
        let page = diff::html((&a.0, &a.1), (&b.0, &b.1), &changes, lang);
        if let Err(e) = output::write_atomic(out, page.as_bytes()) {
            let name = out.display().to_string();
            eprint_diagnostics(
                &[Diagnostic::error(
                    nianbao::rules::IO,
                    None,
                    lang::cannot_write(e),
                )],
                &name,
                None,
                lang,
            );
            return Status::Failed;
        }
    }
    Status::Ok
}
