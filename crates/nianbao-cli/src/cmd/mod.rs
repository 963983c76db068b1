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

use crate::format::{self, Format, LoadError, Loaded};
use crate::lang;
use crate::render;
use nianbao_model::{Diagnostic, Lang};
use std::io::{IsTerminal, Read, Write};
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

/// Reads and parses one input: `-` is standard input. The format is
/// `from`, else the path's extension.
pub fn load(path: &Path, from: Option<Format>) -> Result<Loaded, LoadError> {
    let io_error = |m| LoadError {
        diagnostics: vec![Diagnostic::error(format::rules::IO, None, m)],
        text: None,
    };
    let Some(fmt) = from.or_else(|| Format::of_input(path)) else {
        return Err(LoadError {
            diagnostics: vec![Diagnostic::error(
                format::rules::FORMAT,
                None,
                lang::unknown_format("--from"),
            )],
            text: None,
        });
    };
    // One byte more than the limit: enough for the reader to refuse a
    // bigger input without holding all of it.
    let limit = format::max_input_bytes(fmt) as u64 + 1;
    let read_bounded = |r: &mut dyn Read| {
        let mut buf = Vec::new();
        r.take(limit).read_to_end(&mut buf).map(|_| buf)
    };
    let bytes = if is_stdio(path) {
        read_bounded(&mut std::io::stdin().lock())
    } else {
        std::fs::File::open(path).and_then(|mut f| read_bounded(&mut f))
    };
    let bytes = bytes.map_err(|e| io_error(lang::cannot_read(e)))?;
    // A reader that panics is a bug; the user still gets exit 2, the file
    // named, and no output.
    std::panic::catch_unwind(|| format::read(&bytes, fmt)).unwrap_or_else(|_| {
        Err(LoadError {
            diagnostics: vec![Diagnostic::error(
                format::rules::INTERNAL,
                None,
                lang::internal_error(),
            )],
            text: None,
        })
    })
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
