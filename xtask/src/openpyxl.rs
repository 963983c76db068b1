//! `cargo xtask openpyxl`: regenerates `fixtures/xlsx/openpyxl/`, workbooks
//! saved by openpyxl — a real generator's output, whose formulas carry no
//! saved result. nianbao's template filled with the seed
//! ([`crate::libreoffice::fill_template`]) is opened and saved by
//! `xtask/openpyxl_fixtures.py` as it is, with the balance broken, with a
//! date in a count cell and with a total that is not a sum. CI reads the
//! committed files; this task needs `python3` with `openpyxl`
//! (`pip install openpyxl`) and says so when it is missing.

use crate::workbooks::{seed_report, SEED};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the fixtures, under `fixtures/`.
pub const DIR: &str = "xlsx/openpyxl";

fn a1(table: &str, row: &str, col: &str) -> Result<(String, String)> {
    let form = nianbao_model::FormVersion::V2021.form();
    let id = form.cell(table, row, col).context("a cell of the form")?;
    let p = nianbao_office::xlsx::cell_position(id).context("a cell of the template")?;
    Ok((p.sheet.to_owned(), p.a1()))
}

/// Writes the fixtures; `root` is the workspace.
pub fn run(root: &Path) -> Result<Vec<PathBuf>> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let has = Command::new(&python)
        .args(["-c", "import openpyxl"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !has {
        bail!("{python} with openpyxl not found (pip install openpyxl); the committed fixtures stay as they are");
    }
    let fixtures = root.join("fixtures");
    let report = seed_report(&fixtures)?;
    let filled = crate::libreoffice::fill_template(&report)?;
    let tmp = std::env::temp_dir().join(format!("nianbao-openpyxl-{}", std::process::id()));
    fs::create_dir_all(&tmp)?;
    let src = tmp.join("template-filled.xlsx");
    fs::write(&src, filled)?;
    let out = fixtures.join(DIR);
    fs::create_dir_all(&out)?;
    let (bal_sheet, bal) = a1("applications", "carry_forward", "natural")?;
    let (date_sheet, date) = a1("applications", "new", "natural")?;
    let (avg_sheet, avg) = a1("applications", "new", "total")?;
    let status = Command::new(&python)
        .arg(root.join("xtask/openpyxl_fixtures.py"))
        .arg(&src)
        .arg(&out)
        .args([&bal_sheet, &bal, &date_sheet, &date, &avg_sheet, &avg])
        .status()
        .context("running xtask/openpyxl_fixtures.py")?;
    let _ = fs::remove_dir_all(&tmp);
    if !status.success() {
        bail!("xtask/openpyxl_fixtures.py failed ({status})");
    }
    let mut written: Vec<PathBuf> = fs::read_dir(&out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    written.sort();
    Ok(written)
}

/// `cargo xtask openpyxl`: [`run`] on this workspace.
pub fn main() -> std::process::ExitCode {
    let root = crate::workspace_root();
    crate::report_written(
        run(&root),
        &format!("from {SEED}; now run `cargo xtask fixtures`."),
    )
}
