//! `cargo xtask extract`: the text that real extraction tools make of Word
//! and PDF reports, written to `fixtures/extract/` so that CI reads real
//! tool output and never needs the tools.
//!
//! 1. `xtask/extract/make_reports.py` fills the official Word template
//!    (`xtask/extract/official-template.docx`, with its merged cells) with
//!    generated numbers, varying title, label widths, wraps, blanks,
//!    numbering, column order, digits (`1,234`, full-width), notes in
//!    cells and the form (2021, and 2019 built from the same template),
//!    into `fixtures/extract/reports/NAME.docx` beside `NAME.numbers.json`
//!    (the truth: the generator's own numbers, organ and year). A report
//!    whose content is unchanged keeps its bytes.
//! 2. `xtask/extract/run_tools.py` runs every tool it finds (LibreOffice to
//!    PDF, text and HTML; pdftotext `-layout`, `-raw` and default;
//!    pdfplumber plain and layout; pdfminer.six; PyMuPDF; pypdf plain and
//!    layout; mutool; markitdown of the Word file and the PDF; mammoth
//!    markdown and raw text; docx2txt; pandoc plain, gfm, markdown and
//!    commonmark; a python-docx cell dump; w3m, lynx and html2text of
//!    LibreOffice's HTML) and writes `fixtures/extract/TOOL/NAME.txt`.
//!    Absent tools are skipped with a message.
//!
//! `crates/nianbao-text/tests/extract.rs` then checks that every output
//! reads to the truth or is refused on purpose.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Writes the reports and the tool outputs under `fixtures`.
pub fn run(fixtures: &Path) -> Result<()> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("extract");
    if !python_has("docx") {
        println!("skipped: python3 with python-docx is needed to write the Word reports (pip install python-docx)");
        return Ok(());
    }
    let out = fixtures.join("extract");
    let reports = out.join("reports");
    let status = Command::new("python3")
        .arg(here.join("make_reports.py"))
        .arg(here.join("official-template.docx"))
        .arg(&reports)
        .status()
        .context("running make_reports.py")?;
    if !status.success() {
        bail!("make_reports.py failed");
    }
    let status = Command::new("python3")
        .arg(here.join("run_tools.py"))
        .arg(&reports)
        .arg(&out)
        .status()
        .context("running run_tools.py")?;
    if !status.success() {
        bail!("run_tools.py failed");
    }
    println!("tool outputs written under {}", out.display());
    Ok(())
}
