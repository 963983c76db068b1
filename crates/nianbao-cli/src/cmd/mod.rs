//! The subcommands, one per file, and what they share: reading one input
//! and printing diagnostics.

pub mod batch;
pub mod check;
pub mod completions;
pub mod convert;
pub mod diff;
pub mod review;
pub mod sum;
pub mod template;

use crate::lang;
use crate::render;
use nianbao::{Format, Read, Refusal};
use nianbao_model::{Diagnostic, Lang};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Whether `path` means standard input or output.
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of an input or output as messages show it.
pub fn display_name(path: &Path) -> String {
    if is_stdio(path) {
        lang::STDIN.to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads and parses one input through the front door: `-` is standard
/// input. The format is `from`, else told from the path and its bytes.
pub fn load(path: &Path, from: Option<Format>) -> Result<Read, Refusal> {
    nianbao::read_path(path, from)
}

/// Whether to colour what goes to standard error.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints diagnostics about one input to standard error, one block each.
pub fn eprint_diagnostics(diags: &[Diagnostic], name: &str, text: Option<&str>, lang: Lang) {
    let color = stderr_color();
    let mut err = std::io::stderr().lock();
    for out in render::diagnostics(diags, render::Source { name, text }, lang, color) {
        // Nothing sensible is left to do when standard error is gone.
        let _ = writeln!(err, "{out}\n");
    }
}

/// Prints one line of the command's own to standard error.
pub fn eprint_message(message: &nianbao_model::Message, lang: Lang) {
    let _ = writeln!(std::io::stderr().lock(), "{}", message.get(lang));
}

/// Errors among `diags`.
pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}
