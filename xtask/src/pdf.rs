//! `cargo xtask pdf`: real PDFs of the seed reports, made by the tools that
//! make published reports, into `fixtures/pdf/` — so that CI never needs
//! them: the committed files are the tools' output, and the tests read them.
//!
//! For every seed (`fixtures/seeds/*.txt`):
//!
//! - `seed-NNN.libreoffice.pdf`: the seed's Word file ([`crate::docx`]) with
//!   single-line table borders, as reports are drawn, printed to PDF by
//!   LibreOffice (`soffice --convert-to pdf`). Its narrow label columns wrap
//!   (`行政许` / `可`), and its tables run over page breaks, some rows cut
//!   in two.
//! - `seed-NNN.chromium.pdf`: the same Word file saved as HTML by
//!   LibreOffice, printed by headless Chromium (`--print-to-pdf`): another
//!   producer with other habits (borders as thin filled rectangles, CID
//!   fonts whose maps give Kangxi radicals, rows cut open at a break).
//!
//! `extract/report-NN.PRODUCER.pdf`: the varied Word reports of
//! `fixtures/extract/reports/` printed by LibreOffice, by Chromium (through
//! LibreOffice's HTML), re-made by Ghostscript, and some also as PDF/A,
//! tagged PDF, through PostScript and through pandoc's HTML (see
//! [`extract_report`]; their truth is their `*.numbers.json`);
//!
//! `form-2019/pingtan-2019.{libreoffice,chromium}.pdf`: a report of the
//! 2019 form, written as Word by nianbao, printed by LibreOffice and by
//! Chromium (its truth: the report read from its text fixture);
//!
//! and `scanned.chromium.pdf`: the first page of seed 000 as a picture
//! (`pdftoppm`), printed by Chromium: a scan without a text layer.
//!
//! `encrypted/seed-000.*.pdf`: `seed-000.libreoffice.pdf` encrypted by
//! `qpdf` as government reports are, with an empty user password (every
//! viewer opens them without asking) and an owner password restricting
//! printing, changing and copying: RC4 40-bit (R2) and 128-bit (R3, and V4
//! with an RC4 crypt filter), AES-128 (R4, also with `/EncryptMetadata
//! false`) and AES-256 (R6, and the deprecated R5), the AES ones also with
//! object streams; each must read to seed 000's report. And
//! `seed-000.user-password.pdf`, with a real user password, which the
//! reader must refuse. Needs `qpdf` (`apt-get install qpdf`), and only that:
//! this step runs without LibreOffice, from the committed PDF.
//!
//! (A portrait page is not made: LibreOffice cuts the 16 columns of table
//! 四 at the page's right edge, and the PDF no longer holds the form.)
//!
//! Needs `soffice` (LibreOffice writer), `chromium` and a CJK font
//! (`fonts-noto-cjk` or `fonts-wqy-zenhei`): without them the task says so
//! and writes nothing. Ghostscript (`ps2pdf`, `apt-get install
//! ghostscript`), `pdftops` and `pandoc` are used where installed. Then run `cargo xtask fixtures` for the expected
//! outputs; `crates/nianbao-cli/tests/pdf.rs` checks every PDF against the
//! seed's hand-read numbers.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `name` on the `PATH`, or `None`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Whether a font with Chinese glyphs is installed (fontconfig's view).
fn cjk_font() -> bool {
    Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}

/// Borders on every table, as a report's tables are drawn: the seed's Word
/// file has the `TableGrid` style without its definition.
fn with_borders(document_xml: &str) -> String {
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|e| format!("<w:{e} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"))
        .collect();
    document_xml.replace(
        "</w:tblPr>",
        &format!("<w:tblBorders>{borders}</w:tblBorders></w:tblPr>"),
    )
}

/// Prints `html` to `pdf` with headless Chromium (shared by the tasks that
/// print pages).
pub(crate) fn chromium(chromium: &Path, html: &Path, pdf: &Path) -> Result<()> {
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running chromium")?;
    if !status.success() || !pdf.is_file() {
        bail!(
            "chromium --print-to-pdf {} failed ({status})",
            html.display()
        );
    }
    Ok(())
}

/// Writes the PDFs into `fixtures/pdf/`; returns the files written, or
/// `None` (with the reason printed) when a tool is missing.
pub fn run(fixtures: &Path) -> Result<Option<Vec<PathBuf>>> {
    let Some(office) = on_path("soffice") else {
        println!("skipped: soffice (LibreOffice writer) is not installed");
        return Ok(None);
    };
    let Some(chrome) = on_path("chromium").or_else(|| on_path("chromium-browser")) else {
        println!("skipped: chromium is not installed");
        return Ok(None);
    };
    if !cjk_font() {
        println!("skipped: no CJK font (apt-get install fonts-noto-cjk)");
        return Ok(None);
    }
    let dir = fixtures.join("pdf");
    std::fs::create_dir_all(&dir)?;
    let tmp = std::env::temp_dir().join(format!("nianbao-xtask-pdf-{}", std::process::id()));
    let profile = tmp.join("profile");
    std::fs::create_dir_all(&profile)?;
    let mut written = Vec::new();
    for (number, report) in crate::docx::seeds(fixtures)? {
        let xml = with_borders(&crate::docx::document_xml(&report)?);
        {
            let stem = format!("seed-{number}");
            let docx = tmp.join(format!("{stem}.docx"));
            std::fs::write(&docx, crate::docx::package(&xml)?)?;
            let pdf = crate::libreoffice::soffice(&office, &profile, &docx, "pdf", &tmp)?;
            let out = dir.join(format!("{stem}.libreoffice.pdf"));
            std::fs::copy(&pdf, &out)?;
            written.push(out);
            let html = crate::libreoffice::soffice(&office, &profile, &docx, "html", &tmp)?;
            let out = dir.join(format!("{stem}.chromium.pdf"));
            chromium(&chrome, &html, &out)?;
            written.push(out);
        }
    }
    // The varied Word reports of `cargo xtask extract` (the official
    // template filled in: other titles, label widths, wraps, blanks),
    // printed by every producer at hand.
    let reports = fixtures.join("extract/reports");
    if reports.is_dir() {
        let out_dir = dir.join("extract");
        std::fs::create_dir_all(&out_dir)?;
        let mut docs: Vec<PathBuf> = std::fs::read_dir(&reports)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        docs.retain(|p| p.extension().is_some_and(|e| e == "docx"));
        docs.sort();
        let tools = Tools {
            office: &office,
            chrome: &chrome,
            profile: &profile,
            tmp: &tmp,
            ps2pdf: on_path("ps2pdf"),
            pdftops: on_path("pdftops"),
            pandoc: on_path("pandoc"),
        };
        for (i, docx) in docs.iter().enumerate() {
            written.extend(extract_report(&tools, docx, i, &out_dir)?);
        }
    }
    // A report of the 2019 form (2019 and 2020 reports use it), written
    // as Word by `nianbao convert X -o x.docx`, printed by LibreOffice and
    // (through its HTML) by Chromium.
    let form_2019 = fixtures.join("text/form-2019/pingtan-2019-tab.txt");
    if form_2019.is_file() {
        let report = nianbao::read_path(&form_2019, None)
            .map_err(|e| anyhow::anyhow!("{}: {e}", form_2019.display()))?
            .report;
        let docx = tmp.join("pingtan-2019.docx");
        let bytes =
            nianbao::write(&report, &[], nianbao::Format::Docx).map_err(|e| anyhow::anyhow!(e))?;
        std::fs::write(&docx, bytes)?;
        let out_dir = dir.join("form-2019");
        std::fs::create_dir_all(&out_dir)?;
        let pdf = crate::libreoffice::soffice(&office, &profile, &docx, "pdf", &tmp)?;
        let out = out_dir.join("pingtan-2019.libreoffice.pdf");
        std::fs::copy(&pdf, &out)?;
        written.push(out);
        let html = crate::libreoffice::soffice(&office, &profile, &docx, "html", &tmp)?;
        let out = out_dir.join("pingtan-2019.chromium.pdf");
        chromium(&chrome, &html, &out)?;
        written.push(out);
    }
    // A scan: the first page of seed 000 as a picture, printed by Chromium
    // (a PDF without a text layer, which the reader must refuse as such).
    if let Some(pdftoppm) = on_path("pdftoppm") {
        let png = tmp.join("page");
        let status = Command::new(pdftoppm)
            .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
            .arg(dir.join("seed-000.libreoffice.pdf"))
            .arg(&png)
            .status()
            .context("running pdftoppm")?;
        if !status.success() {
            bail!("pdftoppm failed ({status})");
        }
        let html = tmp.join("scan.html");
        std::fs::write(
            &html,
            "<!DOCTYPE html><html><body style=\"margin:0\"><img src=\"page.png\" style=\"width:100%\"></body></html>",
        )?;
        let out = dir.join("scanned.chromium.pdf");
        chromium(&chrome, &html, &out)?;
        written.push(out);
    } else {
        println!("skipped the scan: pdftoppm (poppler-utils) is not installed");
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(Some(written))
}

/// The programs that print the extract reports.
struct Tools<'a> {
    office: &'a Path,
    chrome: &'a Path,
    profile: &'a Path,
    tmp: &'a Path,
    ps2pdf: Option<PathBuf>,
    pdftops: Option<PathBuf>,
    pandoc: Option<PathBuf>,
}

/// LibreOffice's PDF export options: PDF/A-2b, and tagged PDF.
const PDFA: &str = r#"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#;
const TAGGED: &str = r#"pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}"#;

/// Every `EVERY`th extract report (from the first) is also printed by the
/// producers whose files are large or alike (PDF/A embeds whole fonts).
const EVERY: usize = 5;

/// The PDFs of the extract report `docx` (the `i`th), into `out_dir` as
/// `NAME.PRODUCER.pdf`:
///
/// - `libreoffice`: `soffice --convert-to pdf`, as it is;
/// - `chromium`: LibreOffice's HTML of it printed by headless Chromium
///   (cells whose bottom border is thick lose their side borders, rows
///   drawn a few points off at page breaks: read, or refused naming the
///   cell);
/// - `ghostscript`: the LibreOffice PDF re-made by Ghostscript (`ps2pdf`:
///   fonts and content streams rewritten, as "compress PDF" tools do);
/// - `pandoc`: pandoc's HTML of the .docx printed by Chromium (tables
///   ruled only above and below; columns where the rules break);
/// - every [`EVERY`]th also `pdfa` (LibreOffice's PDF/A-2b export) and
///   `tagged` (its tagged PDF);
/// - the first also `postscript`: the LibreOffice PDF through PostScript
///   (`pdftops`, then `ps2pdf`), whose fonts lose their map to characters
///   (refused as such).
fn extract_report(t: &Tools, docx: &Path, i: usize, out_dir: &Path) -> Result<Vec<PathBuf>> {
    let stem = docx.file_stem().unwrap_or_default().to_string_lossy();
    let out = |producer: &str| out_dir.join(format!("{stem}.{producer}.pdf"));
    let mut written = Vec::new();
    let pdf = crate::libreoffice::soffice(t.office, t.profile, docx, "pdf", t.tmp)?;
    std::fs::copy(&pdf, out("libreoffice"))?;
    written.push(out("libreoffice"));
    let html = crate::libreoffice::soffice(t.office, t.profile, docx, "html", t.tmp)?;
    chromium(t.chrome, &html, &out("chromium"))?;
    written.push(out("chromium"));
    if let Some(ps2pdf) = &t.ps2pdf {
        run_tool(
            Command::new(ps2pdf)
                .arg(out("libreoffice"))
                .arg(out("ghostscript")),
        )?;
        written.push(out("ghostscript"));
        if let (0, Some(pdftops)) = (i, &t.pdftops) {
            let ps = t.tmp.join(format!("{stem}.ps"));
            run_tool(Command::new(pdftops).arg(out("libreoffice")).arg(&ps))?;
            run_tool(Command::new(ps2pdf).arg(&ps).arg(out("postscript")))?;
            written.push(out("postscript"));
        }
    }
    if let Some(pandoc) = &t.pandoc {
        let html = t.tmp.join(format!("{stem}.pandoc.html"));
        run_tool(
            Command::new(pandoc)
                .arg("-s")
                .arg(docx)
                .arg("-o")
                .arg(&html),
        )?;
        chromium(t.chrome, &html, &out("pandoc"))?;
        written.push(out("pandoc"));
    }
    if !i.is_multiple_of(EVERY) {
        return Ok(written);
    }
    for (producer, filter) in [("pdfa", PDFA), ("tagged", TAGGED)] {
        let pdf = crate::libreoffice::soffice(t.office, t.profile, docx, filter, t.tmp)?;
        std::fs::copy(&pdf, out(producer))?;
        written.push(out(producer));
    }
    Ok(written)
}

/// Runs a command to its end; its failure is an error.
fn run_tool(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

/// The encrypted copies of seed 000's LibreOffice PDF: file name, user
/// password (empty but for the last), key bits, further `qpdf` arguments.
pub const ENCRYPTED: &[(&str, &str, &str, &[&str])] = &[
    ("seed-000.rc4-40.pdf", "", "40", &[]),
    ("seed-000.rc4-128.pdf", "", "128", &["--use-aes=n"]),
    (
        "seed-000.rc4-128-v4.pdf",
        "",
        "128",
        &["--use-aes=n", "--force-V4"],
    ),
    ("seed-000.aes-128.pdf", "", "128", &["--use-aes=y"]),
    (
        "seed-000.aes-128-cleartext-metadata.pdf",
        "",
        "128",
        &["--use-aes=y", "--cleartext-metadata"],
    ),
    (
        "seed-000.aes-128-objstm.pdf",
        "",
        "128",
        &["--use-aes=y", "--object-streams=generate"],
    ),
    ("seed-000.aes-256.pdf", "", "256", &[]),
    ("seed-000.aes-256-r5.pdf", "", "256", &["--force-R5"]),
    (
        "seed-000.aes-256-objstm.pdf",
        "",
        "256",
        &["--object-streams=generate"],
    ),
    ("seed-000.user-password.pdf", "user", "256", &[]),
];

/// Writes `fixtures/pdf/encrypted/` with `qpdf` from the committed
/// `seed-000.libreoffice.pdf`; `None` (with the reason printed) without
/// `qpdf`.
pub fn encrypted(fixtures: &Path) -> Result<Option<Vec<PathBuf>>> {
    let Some(qpdf) = on_path("qpdf") else {
        println!("skipped the encrypted PDFs: qpdf is not installed (apt-get install qpdf)");
        return Ok(None);
    };
    let input = fixtures.join("pdf/seed-000.libreoffice.pdf");
    let dir = fixtures.join("pdf/encrypted");
    std::fs::create_dir_all(&dir)?;
    let mut written = Vec::new();
    for (name, user, bits, more) in ENCRYPTED {
        let out = dir.join(name);
        // Restrictions as government reports set them (the 40-bit handler
        // has flags of its own); RC4 is written only when allowed.
        let restrict: &[&str] = if *bits == "40" {
            &["--print=n", "--modify=n", "--extract=n", "--annotate=n"]
        } else {
            &["--print=none", "--modify=none", "--extract=n"]
        };
        let rc4 = *bits == "40" || more.contains(&"--use-aes=n");
        // Options of the whole file go before `--encrypt … --`.
        let (file, enc): (Vec<&str>, Vec<&str>) =
            more.iter().partition(|a| a.starts_with("--object-streams"));
        let status = Command::new(&qpdf)
            .args(rc4.then_some("--allow-weak-crypto"))
            .args(file)
            .args(["--encrypt", user, "owner", bits])
            .args(restrict)
            .args(enc)
            .arg("--")
            .arg(&input)
            .arg(&out)
            .status()
            .context("running qpdf")?;
        if !status.success() || !out.is_file() {
            bail!("qpdf --encrypt for {name} failed ({status})");
        }
        written.push(out);
    }
    Ok(Some(written))
}

/// A step of `cargo xtask pdf`: the files written, or `None` when skipped.
type Step = fn(&Path) -> Result<Option<Vec<PathBuf>>>;

/// `cargo xtask pdf`: [`run`] and [`encrypted`] on this workspace
/// (`--encrypted`: only the latter).
pub fn main(only_encrypted: bool) -> std::process::ExitCode {
    let fixtures = crate::fixtures::default_dir();
    let mut any = false;
    let steps: &[Step] = if only_encrypted {
        &[encrypted]
    } else {
        &[run, encrypted]
    };
    for step in steps {
        match step(&fixtures) {
            Ok(Some(written)) => {
                for p in &written {
                    println!("wrote {}", p.display());
                }
                any = true;
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: {e:#}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    if any {
        println!("now run `cargo xtask fixtures` and review the expected outputs.");
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_go_into_every_table() {
        let xml = "<w:tbl><w:tblPr><w:tblW/></w:tblPr></w:tbl><w:tbl><w:tblPr></w:tblPr></w:tbl>";
        assert_eq!(with_borders(xml).matches("<w:insideV ").count(), 2);
    }
}
