//! `cargo xtask`: the project's own chores (see `cargo xtask help`).

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  fixtures          regenerate the expected outputs beside every input in fixtures/
  fixtures --check  fail if any expected output differs from what nianbao gives now";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["fixtures"] => xtask::fixtures::run(
            &xtask::fixtures::default_dir(),
            xtask::fixtures::Mode::Write,
        ),
        ["fixtures", "--check"] => xtask::fixtures::run(
            &xtask::fixtures::default_dir(),
            xtask::fixtures::Mode::Check,
        ),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(summary) if args.contains(&"--check") => {
            println!(
                "{} fixture input(s), {} refused: every expectation is up to date",
                summary.inputs, summary.refused
            );
            ExitCode::SUCCESS
        }
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
