//! `cargo xtask foreign`: reports in the other document formats they are
//! published in, made by the real tools.
//!
//! - `fixtures/doc/`: Word 97–2003 files, saved by LibreOffice from each
//!   seed's Word file (`fixtures/docx/seed-NNN.docx`) and from four
//!   generated reports (`fixtures/extract/reports/`); nianbao reads them,
//!   and `crates/nianbao-cli/tests/doc.rs` compares them with the seeds'
//!   hand-read numbers and the generator's.
//! - `fixtures/html/report-00.chromium.mhtml`: a generated report's page
//!   (LibreOffice's HTML of it) saved by headless Chromium as a web archive
//!   (`xtask/foreign/mhtml_snapshot.py`, needs chromium and python3 with
//!   websocket-client; skipped with a message without them).
//! - `fixtures/foreign/`: what nianbao does not read — one generated
//!   report saved as RTF and OpenDocument text (`.odt`), and the first page
//!   of a seed's PDF as a picture (`pdftoppm -png`). Each must be refused
//!   with `input.unsupported` and a message that says what the file is and
//!   how to convert it.
//!
//! `cargo xtask fixtures` then writes the expectations beside each.

use crate::libreoffice::{find_soffice, on_path, soffice};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the documents; `root` is the workspace.
pub fn run(root: &Path) -> Result<Vec<PathBuf>> {
    let office = find_soffice("libreoffice-writer poppler-utils")?;
    let pdftoppm =
        on_path("pdftoppm").context("pdftoppm not found (apt-get install poppler-utils)")?;
    let fixtures = root.join("fixtures");
    let docx = fixtures.join("extract/reports/report-00.docx");
    let out = fixtures.join("foreign");
    let doc = fixtures.join("doc");
    fs::create_dir_all(&out)?;
    fs::create_dir_all(&doc)?;
    let tmp = std::env::temp_dir().join(format!("nianbao-foreign-{}", std::process::id()));
    let profile = tmp.join("profile");
    fs::create_dir_all(profile.join("user"))?;
    let mut written = Vec::new();
    let result = (|| -> Result<()> {
        const WORD97: &str = "doc:MS Word 97";
        for n in 0..5 {
            let seed = fixtures.join(format!("docx/seed-{n:03}.docx"));
            written.push(soffice(&office, &profile, &seed, WORD97, &doc)?);
        }
        // Plain, reordered header, wrapped labels, narrow label column.
        for name in ["report-00", "report-05", "report-09", "report-11"] {
            let report = fixtures.join(format!("extract/reports/{name}.docx"));
            written.push(soffice(&office, &profile, &report, WORD97, &doc)?);
        }
        // One stem per kind: expectations are named by stem.
        for (to, stem) in [
            ("rtf", "report-00.rtf-file"),
            ("odt", "report-00.opendocument"),
        ] {
            let input = tmp.join(format!("{stem}.docx"));
            fs::copy(&docx, &input)?;
            written.push(soffice(&office, &profile, &input, to, &out)?);
        }
        let pdf = fixtures.join("pdf/seed-000.libreoffice.pdf");
        let stem = out.join("seed-000.page-1");
        let status = Command::new(&pdftoppm)
            .args(["-png", "-r", "24", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&pdf)
            .arg(&stem)
            .status()
            .context("running pdftoppm")?;
        if !status.success() {
            bail!("pdftoppm {} failed ({status})", pdf.display());
        }
        // pdftoppm adds the extension (`with_extension` would cut `.page-1`).
        written.push(out.join("seed-000.page-1.png"));
        let page = soffice(&office, &profile, &docx, "html", &tmp)?;
        let mhtml = fixtures.join("html/report-00.chromium.mhtml");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("foreign/mhtml_snapshot.py");
        match Command::new("python3")
            .arg(&script)
            .arg(&page)
            .arg(&mhtml)
            .status()
        {
            Ok(s) if s.success() => written.push(mhtml),
            _ => println!(
                "skipped {}: needs chromium and python3 with websocket-client",
                mhtml.display()
            ),
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&tmp);
    result.map(|()| written)
}

/// `cargo xtask foreign`.
pub fn main() -> std::process::ExitCode {
    let root = crate::workspace_root();
    crate::report_written(
        run(&root),
        "now run `cargo xtask fixtures` to write the expected refusals.",
    )
}
