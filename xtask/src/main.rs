//! `cargo xtask`: the project's own chores (see `cargo xtask help`).

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  fixtures          regenerate the expected outputs beside every input in fixtures/
  fixtures --check  fail if any expected output differs from what nianbao gives now
  workbooks         write the edited and hostile workbooks of fixtures/xlsx/
  libreoffice       re-render docs/images/xlsx-*.png and fixtures/xlsx/libreoffice/ (needs soffice)";

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
        ["workbooks"] => return xtask::workbooks::main(),
        ["libreoffice"] => return xtask::libreoffice::main(),
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
