//! `nianbao completions SHELL`: a completion script on standard output.

use crate::cli::CompletionsArgs;
use crate::exit::Status;
use nianbao_model::Lang;
use std::io::Write;

/// Runs the command; the descriptions zsh and fish show are in `lang`.
pub fn run(args: &CompletionsArgs, lang: Lang) -> Status {
    let mut cmd = crate::help::command(lang);
    // clap_complete panics when its writer fails, so the script is built in
    // memory: `nianbao completions bash | head` must not panic on the
    // closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "nianbao", &mut script);
    match std::io::stdout().lock().write_all(&script) {
        Ok(()) => Status::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(_) => Status::Failed,
    }
}
