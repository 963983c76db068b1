//! `nianbao completions SHELL`: a completion script on standard output.

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::Status;
use clap::CommandFactory;

/// Runs the command.
pub fn run(args: &CompletionsArgs) -> Status {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "nianbao", &mut std::io::stdout());
    Status::Ok
}
