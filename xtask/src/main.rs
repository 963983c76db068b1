//! `cargo xtask`: the project's own chores (see `cargo xtask help`).

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <TASK>

Tasks:
  fixtures          regenerate the expected outputs beside every input in fixtures/
  fixtures --check  fail if any expected output differs from what nianbao gives now
  docx [--check]    write (or check) fixtures/docx/seed-NNN.docx from each seed
  corpus N DIR [--seed S] [--organs K]
                    write N generated reports in every text layout to DIR
                    (with K organs only: organ-years repeat)
  bench-batch [N] [DIR] [--organs K]
                    time `nianbao batch` (CSV, Parquet, XLSX) and `review`
                    over N generated reports against `cat`
  region [--check]  write (or check) fixtures/review/region/, the fixture region of
                    `nianbao review`, and render its page to docs/images/review.png
                    (needs chromium)
  docs [--check]    write (or check) docs/form.md and the examples of README.md and docs/guide.*.md
  extract           write Word reports to fixtures/extract/ and what extraction tools
                    (LibreOffice, pdftotext, pdfplumber, pandoc, …) make of them
  foreign           write fixtures/doc/ (the seeds and four generated reports as Word 97 .doc)
                    and fixtures/foreign/ (a report as .rtf and .odt, a page as .png: refused)
                    (needs soffice and pdftoppm)
  workbooks         write the edited and hostile workbooks of fixtures/xlsx/
  libreoffice       re-render docs/images/xlsx-*.png and fixtures/xlsx/libreoffice/ (needs soffice)
  openpyxl          rewrite fixtures/xlsx/openpyxl/: the filled template saved by openpyxl (needs python3 with openpyxl)
  pdf [--encrypted] write fixtures/pdf/*.pdf from the seeds (needs soffice, chromium, a CJK font)
                    and fixtures/pdf/encrypted/ from seed 000's (needs qpdf; --encrypted: only those)
  writers [--images]
                    check the .docx written for each seed through LibreOffice's PDF and
                    pdftotext (skips without soffice); --images redraws docs/images/docx-page-*.png
                    and docs/images/html.png (needs chromium)";

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
        ["docs", rest @ ..] => return report(xtask::docs::main(rest)),
        ["docx", rest @ ..] if rest.is_empty() || rest == ["--check"] => {
            let n = xtask::docx::run(&xtask::fixtures::default_dir(), !rest.is_empty());
            return report(
                n.map(|n| println!("{n} seed .docx file(s) up to date in fixtures/docx/")),
            );
        }
        ["corpus", rest @ ..] => return report(xtask::corpus::main(rest)),
        ["bench-batch", rest @ ..] => return report(xtask::corpus::bench(rest)),
        ["region", rest @ ..] => return report(xtask::region::main(rest)),
        ["extract"] => return report(xtask::extract::run(&xtask::fixtures::default_dir())),
        ["foreign"] => return xtask::foreign::main(),
        ["workbooks"] => return xtask::workbooks::main(),
        ["libreoffice"] => return xtask::libreoffice::main(),
        ["openpyxl"] => return xtask::openpyxl::main(),
        ["pdf"] => return xtask::pdf::main(false),
        ["pdf", "--encrypted"] => return xtask::pdf::main(true),
        ["writers", rest @ ..] => return report(xtask::writers::main(rest)),
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

/// Exit status of a task that prints its own output.
fn report(r: anyhow::Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
