//! The `nianbao` command line: argument parsing, reading and writing files,
//! rendering diagnostics and exit codes. No report logic lives here; every
//! reading, checking and writing step is a call into a library crate.
//! Reading, checking and writing go through the front door, the `nianbao`
//! library (which `cargo xtask fixtures` uses too); this crate is glue.

pub mod cli;
pub mod cmd;
pub mod exit;
pub mod help;
pub mod lang;
pub mod output;
pub mod render;

use std::process::ExitCode;

/// Parses the command line, runs the command and returns its exit status.
pub fn main() -> ExitCode {
    let cli = help::parse();
    let lang = lang::detect(cli.lang);
    let status = match cli.command {
        cli::Command::Convert(args) => cmd::convert::run(&args, lang),
        cli::Command::Check(args) => cmd::check::run(&args, lang),
        cli::Command::Template(args) => cmd::template::run(&args, lang),
        cli::Command::Completions(args) => cmd::completions::run(&args, lang),
        cli::Command::Batch(args) => cmd::batch::run(&args, lang),
        cli::Command::Sum(args) => cmd::sum::run(&args, lang),
        cli::Command::Review(args) => cmd::review::run(&args, lang),
        cli::Command::Diff(args) => cmd::diff::run(&args, lang),
    };
    status.into()
}
