//! `cargo xtask libreoffice`: regenerates what only LibreOffice can make —
//! the pictures of the exported form in `docs/images/` and the re-saved
//! workbooks of `fixtures/xlsx/libreoffice/` — so that CI never needs
//! LibreOffice: the committed files are real LibreOffice output, and the
//! tests read them.
//!
//! Steps (needs `soffice` from `libreoffice-calc` and `pdftoppm` from
//! `poppler-utils`; a CJK font such as `fonts-noto-cjk` for the pictures):
//!
//! 1. The seed [`crate::workbooks::SEED`] is exported as `nianbao convert`
//!    does (cells breaking a rule marked), converted to PDF by LibreOffice
//!    and rendered by `pdftoppm -png -r 80`, one page per sheet, into
//!    `docs/images/xlsx-N-KEY.png`.
//! 2. The same export is re-saved by LibreOffice as .xlsx:
//!    `export-resaved.xlsx`.
//! 3. `nianbao template` output is filled in with the seed's title, prose
//!    and numbers: every *input* cell of the sheet XML gets its value
//!    (`<c>` elements rewritten inside the zip, styles kept), the formula
//!    cells (总计 column, （七）总计 row) are left as they are, with their
//!    template result 0 — stale on purpose: `template-filled.xlsx`.
//!    LibreOffice then opens it, recalculates every formula (a private
//!    profile sets `OOXMLRecalcMode` to "always") and re-saves it:
//!    `template-filled-resaved.xlsx`. Its formula results can only equal
//!    the seed's totals if LibreOffice computed them.
//!
//! LibreOffice runs with a throw-away profile, headless; nothing of the
//! user's installation is touched.

use crate::workbooks::{seed_report, SEED};
use anyhow::{bail, Context, Result};
use nianbao_model::{ProseSection, Report, Value};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pictures, in sheet order: file stems under `docs/images/`.
pub const PICTURES: [&str; 4] = [
    "xlsx-1-basic",
    "xlsx-2-active",
    "xlsx-3-applications",
    "xlsx-4-reviews",
];

/// The profile setting that makes LibreOffice recalculate every formula of
/// an .xlsx it opens (0 = always, 1 = never, 2 = ask).
const RECALC_PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// `name` on the `PATH`, or `None`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// LibreOffice: `$SOFFICE`, else `soffice` on the `PATH`; the error names
/// the Debian `packages` the task needs.
pub(crate) fn find_soffice(packages: &str) -> Result<PathBuf> {
    match std::env::var_os("SOFFICE")
        .map(PathBuf::from)
        .or_else(|| on_path("soffice"))
    {
        Some(p) => Ok(p),
        None => bail!(
            "soffice not found: install LibreOffice (apt-get install {packages}) or set SOFFICE"
        ),
    }
}

/// Runs LibreOffice headless on `input`, converting to `to` into `outdir`;
/// returns the file written (shared by every task that drives LibreOffice).
pub(crate) fn soffice(
    soffice: &Path,
    profile: &Path,
    input: &Path,
    to: &str,
    outdir: &Path,
) -> Result<PathBuf> {
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .status()
        .context("running soffice")?;
    let ext = to.split(':').next().unwrap_or(to);
    // Not `with_extension`: a stem may hold dots (`seed-000.libreoffice`).
    let stem = input.file_stem().unwrap_or_default().to_string_lossy();
    let out = outdir.join(format!("{stem}.{ext}"));
    if !status.success() || !out.is_file() {
        bail!(
            "soffice --convert-to {to} {} failed ({status})",
            input.display()
        );
    }
    Ok(out)
}

/// `s` escaped for XML text.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `<c>` element of cell `a1` in `xml`: its byte range.
fn cell_element(xml: &str, a1: &str) -> Option<std::ops::Range<usize>> {
    let open = format!("<c r=\"{a1}\"");
    let start = xml
        .match_indices(&open)
        .map(|(i, _)| i)
        .find(|&i| matches!(xml.as_bytes().get(i + open.len()), Some(b' ' | b'>' | b'/')))?;
    let tag_end = start + xml[start..].find('>')?;
    if xml.as_bytes()[tag_end - 1] == b'/' {
        return Some(start..tag_end + 1);
    }
    let close = tag_end + xml[tag_end..].find("</c>")? + "</c>".len();
    Some(start..close)
}

/// The `s="…"` attribute of a `<c>` element, with its leading space.
fn style_attr(element: &str) -> String {
    let head = &element[..element.find('>').unwrap_or(element.len())];
    head.find(" s=\"")
        .and_then(|i| {
            let rest = &head[i + 4..];
            rest.find('"').map(|j| head[i..i + 4 + j + 1].to_owned())
        })
        .unwrap_or_default()
}

/// What a clerk types into one cell.
enum Typed {
    Number(String),
    Text(String),
}

/// Types `value` into the cell `a1` of `xml`, keeping its style; a cell
/// holding a formula is left alone (returns false).
fn type_into(xml: &mut String, a1: &str, value: &Typed) -> Result<bool> {
    let range = cell_element(xml, a1).with_context(|| format!("no cell {a1} in the template"))?;
    let element = &xml[range.clone()];
    if element.contains("<f>") || element.contains("<f ") {
        return Ok(false);
    }
    let s = style_attr(element);
    let new = match value {
        Typed::Number(n) => format!("<c r=\"{a1}\"{s}><v>{n}</v></c>"),
        Typed::Text(t) => format!(
            "<c r=\"{a1}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            xml_escape(t)
        ),
    };
    xml.replace_range(range, &new);
    Ok(true)
}

/// The parts of a zip, in order.
fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        out.push((f.name().to_owned(), data));
    }
    Ok(out)
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(name.as_str(), opt)?;
        w.write_all(data)?;
    }
    Ok(w.finish()?.into_inner())
}

/// The sheet names of a workbook.xml, in order.
fn sheet_names(workbook_xml: &str) -> Vec<String> {
    workbook_xml
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| {
            let i = s.find("name=\"")? + 6;
            let j = s[i..].find('"')?;
            Some(s[i..i + j].to_owned())
        })
        .collect()
}

/// nianbao's template for the report's organ and year, with the report's
/// title, prose and numbers typed into its input cells (see the module
/// doc). Formula cells keep their template result.
pub fn fill_template(report: &Report) -> Result<Vec<u8>> {
    let template = nianbao_office::xlsx::template(Some(&report.organ), report.year)?;
    let mut parts = unzip(&template)?;
    let workbook = parts
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .context("the template has no xl/workbook.xml")?;
    // rust_xlsxwriter names the parts sheet1.xml, sheet2.xml, … in order.
    let names = sheet_names(&workbook);
    let mut sheets: Vec<String> = (1..=names.len())
        .map(|i| {
            let part = format!("xl/worksheets/sheet{i}.xml");
            parts
                .iter()
                .find(|(n, _)| *n == part)
                .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
                .with_context(|| format!("the template has no {part}"))
        })
        .collect::<Result<_>>()?;
    let sheet_of = |name: &str| names.iter().position(|n| n == name);

    // The numbers.
    let mut typed = 0;
    for def in report.form_def().cells() {
        let Some(v) = report.get(def.id) else {
            continue;
        };
        let pos = nianbao_office::xlsx::cell_position(def.id).context("a cell of the form")?;
        let s = sheet_of(pos.sheet).with_context(|| format!("no sheet {}", pos.sheet))?;
        let text = match v {
            Value::Amount(d) => d.to_string(),
            other => other.to_string(),
        };
        if type_into(&mut sheets[s], &pos.a1(), &Typed::Number(text))? {
            typed += 1;
        }
    }
    // The title and the prose, one section per cell (paragraphs on their
    // own lines, as Alt+Enter types them), on 基本信息: B2, then the first
    // paragraph cell of each section, found by its heading's row.
    let basic = sheet_of(nianbao_office::xlsx::BASIC_SHEET).context("no 基本信息 sheet")?;
    type_into(&mut sheets[basic], "B2", &Typed::Text(report.title.clone()))?;
    for (i, section) in ProseSection::ALL.iter().enumerate() {
        // The template has one empty paragraph row per section, from row 5.
        let a1 = format!("B{}", 5 + i);
        type_into(
            &mut sheets[basic],
            &a1,
            &Typed::Text(report.sections.get(*section).to_owned()),
        )?;
    }
    if typed == 0 {
        bail!("no input cell of the template was filled");
    }
    for (i, xml) in sheets.into_iter().enumerate() {
        let part = format!("xl/worksheets/sheet{}.xml", i + 1);
        if let Some(p) = parts.iter_mut().find(|(n, _)| *n == part) {
            p.1 = xml.into_bytes();
        }
    }
    rezip(&parts)
}

/// Regenerates the pictures and the re-saved workbooks; `root` is the
/// workspace.
pub fn run(root: &Path) -> Result<Vec<PathBuf>> {
    let office = find_soffice("libreoffice-calc poppler-utils fonts-noto-cjk")?;
    let pdftoppm =
        on_path("pdftoppm").context("pdftoppm not found (apt-get install poppler-utils)")?;
    let fixtures = root.join("fixtures");
    let report = seed_report(&fixtures)?;
    let tmp = std::env::temp_dir().join(format!("nianbao-libreoffice-{}", std::process::id()));
    let (input, output, profile) = (tmp.join("in"), tmp.join("out"), tmp.join("profile"));
    for d in [&input, &output, &profile.join("user")] {
        fs::create_dir_all(d)?;
    }
    fs::write(
        profile.join("user/registrymodifications.xcu"),
        RECALC_PROFILE,
    )?;
    let result = regenerate(&office, &pdftoppm, &profile, &input, &output, root, &report);
    let _ = fs::remove_dir_all(&tmp);
    result
}

fn regenerate(
    office: &Path,
    pdftoppm: &Path,
    profile: &Path,
    input: &Path,
    output: &Path,
    root: &Path,
    report: &Report,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    // The export, as `nianbao convert` writes it (rule marks included).
    let diags = nianbao_model::rules::check(report, None);
    let export = nianbao_office::xlsx::to_xlsx(report, &diags)?;
    let export_path = input.join("export.xlsx");
    fs::write(&export_path, &export)?;

    // 1. The pictures.
    let pdf = soffice(office, profile, &export_path, "pdf", output)?;
    let status = Command::new(pdftoppm)
        .args(["-png", "-r", "80"])
        .arg(&pdf)
        .arg(output.join("page"))
        .status()
        .context("running pdftoppm")?;
    if !status.success() {
        bail!("pdftoppm failed ({status})");
    }
    let mut pages: Vec<PathBuf> = fs::read_dir(output)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    if pages.len() != PICTURES.len() {
        bail!(
            "the export printed on {} pages, not one per sheet ({}): check the print setup",
            pages.len(),
            PICTURES.len()
        );
    }
    let images = root.join("docs/images");
    fs::create_dir_all(&images)?;
    for (page, stem) in pages.iter().zip(PICTURES) {
        let to = images.join(format!("{stem}.png"));
        fs::copy(page, &to)?;
        written.push(to);
    }

    // 2 and 3. The re-saved workbooks.
    let dir = root.join("fixtures/xlsx/libreoffice");
    fs::create_dir_all(&dir)?;
    let filled = fill_template(report)?;
    let filled_path = dir.join("template-filled.xlsx");
    fs::write(&filled_path, &filled)?;
    written.push(filled_path);
    let filled_in = input.join("template-filled.xlsx");
    fs::write(&filled_in, &filled)?;
    for (from, name) in [
        (&export_path, "export-resaved.xlsx"),
        (&filled_in, "template-filled-resaved.xlsx"),
    ] {
        let resaved = soffice(office, profile, from, "xlsx", output)?;
        let to = dir.join(name);
        fs::copy(&resaved, &to)?;
        written.push(to);
    }
    Ok(written)
}

/// `cargo xtask libreoffice`: [`run`] on this workspace.
pub fn main() -> std::process::ExitCode {
    let root = crate::workspace_root();
    crate::report_written(
        run(&root),
        &format!("from {SEED}; now run `cargo xtask fixtures` and review the pictures."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_keeps_the_style_and_leaves_formulas_alone() {
        let mut xml = r#"<row r="5"><c r="D5" s="7"/><c r="D50" s="8"/><c r="J5" s="9"><f>SUM(D5:I5)</f><v>0</v></c></row>"#.to_owned();
        assert!(type_into(&mut xml, "D5", &Typed::Number("12".into())).unwrap());
        assert!(!type_into(&mut xml, "J5", &Typed::Number("3".into())).unwrap());
        assert!(type_into(&mut xml, "D50", &Typed::Text("a<b".into())).unwrap());
        assert_eq!(
            xml,
            r#"<row r="5"><c r="D5" s="7"><v>12</v></c><c r="D50" s="8" t="inlineStr"><is><t xml:space="preserve">a&lt;b</t></is></c><c r="J5" s="9"><f>SUM(D5:I5)</f><v>0</v></c></row>"#
        );
        assert!(type_into(&mut xml, "Z9", &Typed::Number("1".into())).is_err());
    }

    #[test]
    fn sheet_names_in_order() {
        let wb = r#"<sheets><sheet name="基本信息" sheetId="1" r:id="rId1"/><sheet name="二" sheetId="2" r:id="rId2"/></sheets>"#;
        assert_eq!(sheet_names(wb), ["基本信息", "二"]);
    }
}
