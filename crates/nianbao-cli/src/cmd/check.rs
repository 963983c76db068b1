//! `nianbao check INPUT…`: read each input, check the consistency rules,
//! print the findings for people or as JSON lines. Inputs are read in
//! parallel and reported in the order given.

use super::{display_name, eprint_diagnostics, error_count, load};
use crate::cli::{CheckArgs, CheckFormat};
use crate::exit::Status;
use nianbao_model::{Diagnostic, Lang};
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

/// What checking one input found.
struct Outcome {
    diagnostics: Vec<Diagnostic>,
    text: Option<String>,
    status: Status,
}

fn check_one(path: &Path, args: &CheckArgs) -> Outcome {
    match load(path, args.from) {
        Err(e) => Outcome {
            diagnostics: e.diagnostics,
            text: e.text,
            status: Status::Failed,
        },
        Ok(l) => {
            let diagnostics = nianbao::check(&l);
            let status = if error_count(&diagnostics) > 0 {
                Status::Inconsistent
            } else {
                Status::Ok
            };
            Outcome {
                diagnostics,
                text: l.text,
                status,
            }
        }
    }
}

/// Runs the command.
pub fn run(args: &CheckArgs, lang: Lang) -> Status {
    let outcomes: Vec<Outcome> = args.inputs.par_iter().map(|p| check_one(p, args)).collect();
    let mut status = Status::Ok;
    let stdout = std::io::stdout();
    for (path, o) in args.inputs.iter().zip(&outcomes) {
        status = status.max(o.status);
        match args.format {
            CheckFormat::Human => {
                eprint_diagnostics(&o.diagnostics, &display_name(path), o.text.as_deref(), lang);
                if args.inputs.len() > 1 || !o.diagnostics.is_empty() {
                    let errors = error_count(&o.diagnostics);
                    let summary = crate::lang::summary(
                        display_name(path),
                        errors,
                        o.diagnostics.len() - errors,
                    );
                    let _ = writeln!(stdout.lock(), "{}", summary.get(lang));
                }
            }
            CheckFormat::Json => {
                // Written by hand so that `source` comes first, as in FORM.md.
                let diags: Vec<_> = o.diagnostics.iter().map(|d| d.to_json(lang)).collect();
                let line = format!(
                    "{{\"source\":{},\"diagnostics\":{}}}",
                    serde_json::Value::from(path.to_string_lossy()),
                    serde_json::Value::from(diags)
                );
                let _ = writeln!(stdout.lock(), "{line}");
            }
        }
    }
    status
}
