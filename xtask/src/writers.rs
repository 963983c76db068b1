//! `cargo xtask writers [--images]`: the Word and web-page writers checked
//! by the programs that read their output, where those are installed.
//!
//! For every seed report and a report on the 2019 form:
//!
//! 1. the report is written as .docx (`nianbao::write`, as `nianbao convert
//!    -o 年报.docx` does) and LibreOffice headless converts it to PDF; the
//!    conversion must succeed;
//! 2. `pdftotext -layout` of that PDF must hold every label of the form
//!    (section headings, captions, column headers, row labels, groups, the
//!    note) and every number of the report. A label is found when its
//!    characters stand together once white space is removed, or — for a
//!    label wrapped inside a narrow cell, whose lines the layout text
//!    interleaves with the cells beside it — in order within a short stretch
//!    of the text. A number is found when it stands as a word of the text as
//!    many times as the report holds it.
//!
//! 3. where Chromium is installed, the report is also written as a web page
//!    and printed to PDF by headless Chromium (A4, as a clerk prints the
//!    page), and the same check runs on that PDF's text.
//!
//! With `--images`, seed 000 is also drawn for the README: the PDF's pages
//! that hold a table, by `pdftoppm`, into `docs/images/docx-page-N.png`,
//! and the web page by headless Chromium into `docs/images/html.png`.
//!
//! Without `soffice` or `pdftotext` on the `PATH` the step says so and
//! succeeds: CI needs neither; this is run where they are installed.

use anyhow::{bail, Context, Result};
use nianbao::Format;
use nianbao_model::layout::{self, Content, Medium};
use nianbao_model::{Report, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How far (in characters, white space removed) a wrapped label may spread.
const WRAP_WINDOW: usize = 400;

/// The 2019-form report checked beside the seeds.
const REPORT_2019: &str = "text/form-2019/pingtan-2019-tab.expected.json";

/// `name` on the `PATH`, or `None`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Every fixed text of the form's drawing, and the section headings.
fn labels(report: &Report) -> Vec<&'static str> {
    let form = report.form_def();
    let mut out: Vec<&'static str> = form.sections.iter().map(|s| s.heading).collect();
    for t in layout::tables(form, Medium::Document) {
        for p in &t.pieces {
            if let Content::Text(text, _) = p.content {
                if !text.is_empty() && !out.contains(&text) {
                    out.push(text);
                }
            }
        }
    }
    out
}

/// How a label was found in the text.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Whole,
    Wrapped,
    Missing,
}

fn find_label(flat: &[char], label: &str) -> Found {
    let want: Vec<char> = label.chars().filter(|c| !c.is_whitespace()).collect();
    if want.is_empty() || flat.windows(want.len()).any(|w| w == want.as_slice()) {
        return Found::Whole;
    }
    for start in (0..flat.len()).filter(|&i| flat[i] == want[0]) {
        let mut k = 0;
        for c in flat.iter().skip(start).take(WRAP_WINDOW) {
            if *c == want[k] {
                k += 1;
                if k == want.len() {
                    return Found::Wrapped;
                }
            }
        }
    }
    Found::Missing
}

/// What one report's check found.
struct Outcome {
    pages: usize,
    labels: usize,
    wrapped: usize,
    numbers: usize,
    missing: Vec<String>,
}

/// Prints what the check of one document found; a document with missing
/// labels or numbers joins `failed`.
fn tell(name: &str, what: &str, o: &Outcome, failed: &mut Vec<String>) {
    println!(
        "{name}: {what} of {} page(s); {} labels found ({} wrapped in their cells), {} numbers found, {} missing",
        o.pages,
        o.labels,
        o.wrapped,
        o.numbers,
        o.missing.len()
    );
    for m in &o.missing {
        println!("  missing {m}");
    }
    if !o.missing.is_empty() {
        failed.push(name.to_owned());
    }
}

fn check_text(report: &Report, text: &str) -> Outcome {
    let flat: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Outcome {
        pages: text.matches('\u{c}').count(),
        labels: 0,
        wrapped: 0,
        numbers: 0,
        missing: Vec::new(),
    };
    for l in labels(report) {
        match find_label(&flat, l) {
            Found::Whole => out.labels += 1,
            Found::Wrapped => {
                out.labels += 1;
                out.wrapped += 1;
            }
            Found::Missing => out.missing.push(format!("label {l}")),
        }
    }
    let mut words: HashMap<&str, usize> = HashMap::new();
    for w in text.split_whitespace() {
        *words.entry(w).or_default() += 1;
    }
    let mut wanted: HashMap<String, usize> = HashMap::new();
    for v in report.values().iter().flatten() {
        *wanted.entry(Value::to_string(v)).or_default() += 1;
    }
    let mut wanted: Vec<(String, usize)> = wanted.into_iter().collect();
    wanted.sort();
    for (number, n) in wanted {
        let have = words.get(number.as_str()).copied().unwrap_or(0);
        if have >= n {
            out.numbers += n;
        } else {
            out.numbers += have;
            out.missing
                .push(format!("number {number}: {have} of {n} in the text"));
        }
    }
    out
}

/// Runs LibreOffice headless: `input` → PDF in `outdir`.
fn to_pdf(soffice: &Path, profile: &Path, input: &Path, outdir: &Path) -> Result<PathBuf> {
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(outdir)
        .arg(input)
        .output()
        .context("running soffice")?;
    let pdf = outdir
        .join(input.file_stem().unwrap_or_default())
        .with_extension("pdf");
    if !out.status.success() || !pdf.is_file() {
        bail!(
            "soffice --convert-to pdf {} failed ({}): {}",
            input.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(pdf)
}

fn pdftotext(pdf: &Path, pages: Option<usize>) -> Result<String> {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = pages {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .context("running pdftotext")?;
    if !out.status.success() {
        bail!("pdftotext {} failed ({})", pdf.display(), out.status);
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The reports checked: every seed, and one on the 2019 form.
fn reports(fixtures: &Path) -> Result<Vec<(String, Report)>> {
    let mut out: Vec<(String, Report)> = crate::docx::seeds(fixtures)?
        .into_iter()
        .map(|(n, r)| (format!("seed-{n}"), r))
        .collect();
    let path = fixtures.join(REPORT_2019);
    let json = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    out.push((
        "form-2019".into(),
        nianbao_data::json::from_json(&json)
            .map_err(|e| anyhow::anyhow!("{}: {e:?}", path.display()))?,
    ));
    Ok(out)
}

/// The task (see the module doc).
pub fn main(args: &[&str]) -> Result<()> {
    let images = match args {
        [] => false,
        ["--images"] => true,
        _ => bail!("usage: cargo xtask writers [--images]"),
    };
    let (Some(soffice), Some(_)) = (on_path("soffice"), on_path("pdftotext")) else {
        println!(
            "skipped: the writers check needs soffice (LibreOffice) and pdftotext (poppler-utils)"
        );
        return Ok(());
    };
    let root = crate::fixtures::default_dir();
    let tmp = std::env::temp_dir().join(format!("nianbao-writers-{}", std::process::id()));
    let profile = tmp.join("profile");
    std::fs::create_dir_all(&profile)?;
    let mut failed = Vec::new();
    for (name, report) in reports(&root)? {
        let docx = tmp.join(format!("{name}.docx"));
        let bytes = nianbao::write(&report, &[], Format::Docx).map_err(|e| anyhow::anyhow!(e))?;
        std::fs::write(&docx, &bytes)?;
        let pdf = to_pdf(&soffice, &profile, &docx, &tmp)?;
        let text = pdftotext(&pdf, None)?;
        let o = check_text(&report, &text);
        let what = format!("{} bytes of .docx → PDF", bytes.len());
        tell(&name, &what, &o, &mut failed);
        if let Some(chromium) = chromium() {
            let html = tmp.join(format!("{name}.html"));
            let page =
                nianbao::write(&report, &[], Format::Html).map_err(|e| anyhow::anyhow!(e))?;
            std::fs::write(&html, &page)?;
            let pdf = tmp.join(format!("{name}.html.pdf"));
            crate::pdf::chromium(&chromium, &html, &pdf)?;
            let o = check_text(&report, &pdftotext(&pdf, None)?);
            let what = format!("{} bytes of .html → printed by Chromium", page.len());
            tell(&format!("{name}.html"), &what, &o, &mut failed);
        }
        if images && name == "seed-000" {
            draw(&report, &pdf, o.pages, &tmp, &root.join("../docs/images"))?;
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if !failed.is_empty() {
        bail!(
            "the PDF text lacks labels or numbers of {}",
            failed.join(", ")
        );
    }
    Ok(())
}

/// Chromium on the `PATH`, under either of its names.
fn chromium() -> Option<PathBuf> {
    on_path("chromium").or_else(|| on_path("chromium-browser"))
}

/// The pictures of the README (see the module doc).
fn draw(report: &Report, pdf: &Path, pages: usize, tmp: &Path, images: &Path) -> Result<()> {
    std::fs::create_dir_all(images)?;
    for old in std::fs::read_dir(images)?.flatten() {
        let n = old.file_name().to_string_lossy().into_owned();
        if n.starts_with("docx-page-") && n.ends_with(".png") {
            std::fs::remove_file(old.path())?;
        }
    }
    let form = report.form_def();
    let table_labels: Vec<&str> = form
        .tables
        .iter()
        .flat_map(|t| t.blocks.iter().flat_map(|b| b.rows.iter().map(|r| r.label)))
        .collect();
    for page in 1..=pages.max(1) {
        let text = pdftotext(pdf, Some(page))?;
        let flat: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        if !table_labels
            .iter()
            .any(|l| find_label(&flat, l) == Found::Whole)
        {
            continue;
        }
        let stem = images.join(format!("docx-page-{page}"));
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "70", "-singlefile", "-f"])
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string())
            .arg(pdf)
            .arg(&stem)
            .status()
            .context("running pdftoppm")?;
        if !status.success() {
            bail!("pdftoppm failed ({status})");
        }
        println!("wrote {}.png", stem.display());
    }
    let Some(chromium) = chromium() else {
        println!("skipped docs/images/html.png: chromium not found");
        return Ok(());
    };
    let html = tmp.join("report.html");
    let bytes = nianbao::write(report, &[], Format::Html).map_err(|e| anyhow::anyhow!(e))?;
    std::fs::write(&html, bytes)?;
    let png = images.join("html.png");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,2900",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .context("running chromium")?
        .status;
    if !status.success() || !png.is_file() {
        bail!("chromium --screenshot failed ({status})");
    }
    println!("wrote {}", png.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_wrapped_in_its_cell_is_found_in_order() {
        let flat: Vec<char> = "自然 商业 2 0\n人 企业"
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(find_label(&flat, "商业"), Found::Whole);
        assert_eq!(find_label(&flat, "自然人"), Found::Wrapped);
        assert_eq!(find_label(&flat, "总计"), Found::Missing);
    }
}
