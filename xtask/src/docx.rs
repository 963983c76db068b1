//! `cargo xtask docx [--check]`: a Word file (.docx) made from each seed
//! report, in `fixtures/docx/seed-NNN.docx`, so that "a .docx made from each
//! seed converts exactly" is a fixture and a test.
//!
//! The document is built by hand as Word writes it: `[Content_Types].xml`,
//! `_rels/.rels` and `word/document.xml` with the title (style `Title`),
//! the six section headings (`Heading2`), the prose one paragraph per line,
//! and each table as `w:tbl`/`w:tr`/`w:tc` with `w:gridSpan` for merged
//! columns and `w:vMerge` (`restart`, then continuing cells with an empty
//! paragraph) for merged rows. The tables' layout is the official form's, as
//! the XLSX exporter draws it (read back into grids), so nothing here knows
//! an address of the form. Numbers of two digits or more are split over two
//! runs, as Word leaves them after an edit.

use anyhow::{bail, Context, Result};
use nianbao_model::form::SectionContent;
use nianbao_model::grid::{CellValue, Rect, Sheet};
use nianbao_model::Report;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text_run(out: &mut String, text: &str) {
    let _ = write!(
        out,
        "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    );
}

fn paragraph(out: &mut String, style: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if let Some(s) = style {
        let _ = write!(out, "<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>");
    }
    let digits = text.len() >= 2 && text.chars().all(|c| c.is_ascii_digit());
    if digits {
        // `13612` as Word often stores it: `13` and `612` in two runs.
        let (a, b) = text.split_at(text.len() / 2);
        text_run(out, a);
        out.push_str("<w:proofErr w:type=\"gramStart\"/>");
        text_run(out, b);
    } else if !text.is_empty() {
        text_run(out, text);
    }
    out.push_str("</w:p>");
}

fn cell_text(v: &CellValue) -> String {
    match v {
        CellValue::Empty => String::new(),
        CellValue::Number(f) => format!("{f}"),
        CellValue::Text(t) => t.clone(),
    }
}

/// One grid (its first row, the sheet's title row, left out) as a `w:tbl`.
fn table(out: &mut String, sheet: &Sheet) {
    let rows = sheet.cells.iter().map(|c| c.row).max().unwrap_or(0);
    let cols = sheet
        .cells
        .iter()
        .map(|c| c.col)
        .chain(sheet.merges.iter().map(|m| m.right))
        .max()
        .unwrap_or(0)
        + 1;
    out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..cols {
        out.push_str("<w:gridCol w:w=\"900\"/>");
    }
    out.push_str("</w:tblGrid>");
    let value = |r: u32, c: u32| {
        sheet
            .cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .map(|x| cell_text(&x.value))
            .unwrap_or_default()
    };
    for r in 1..=rows {
        out.push_str("<w:tr>");
        let mut c = 0;
        while c < cols {
            let m = sheet
                .merges
                .iter()
                .find(|m| m.contains(r, c))
                .copied()
                .unwrap_or(Rect::cell(r, c));
            // A merge's columns left of `c` were written already.
            let (left, right) = (c, m.right);
            out.push_str("<w:tc><w:tcPr><w:tcW w:w=\"900\" w:type=\"dxa\"/>");
            if right > left {
                let _ = write!(out, "<w:gridSpan w:val=\"{}\"/>", right - left + 1);
            }
            let continues = m.top < r && m.bottom > m.top;
            if m.bottom > m.top {
                out.push_str(if continues {
                    "<w:vMerge/>"
                } else {
                    "<w:vMerge w:val=\"restart\"/>"
                });
            }
            out.push_str("</w:tcPr>");
            if continues {
                out.push_str("<w:p/>");
            } else {
                // A cell's lines are its paragraphs.
                let text = value(m.top, m.left);
                for line in text.split('\n') {
                    paragraph(out, None, line);
                }
            }
            out.push_str("</w:tc>");
            c = right + 1;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// `word/document.xml` for a report.
pub fn document_xml(report: &Report) -> Result<String> {
    let xlsx = nianbao_office::xlsx::to_xlsx(report, &[]).context("exporting the form")?;
    let sheets = nianbao_office::xlsx::read_sheets(&xlsx)
        .context("reading the exported form back")?
        .sheets;
    let form = report.form_def();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    if !report.title.is_empty() {
        paragraph(&mut out, Some("Title"), &report.title);
    }
    for s in form.sections {
        paragraph(&mut out, Some("Heading2"), s.heading);
        match s.content {
            SectionContent::Prose(p) => {
                for line in report.sections.get(p).split('\n') {
                    paragraph(&mut out, None, line);
                }
            }
            SectionContent::Table(ti) => {
                let heading = form.tables[ti].heading;
                let Some(sheet) = sheets.iter().find(|s| s.name == heading) else {
                    bail!("the exported form has no sheet {heading}");
                };
                table(&mut out, sheet);
                // Word ends a cell-adjacent table with a paragraph.
                out.push_str("<w:p/>");
            }
        }
    }
    out.push_str("<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/></w:sectPr></w:body></w:document>");
    Ok(out)
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/// A .docx holding `document_xml` (deterministic: fixed entry times).
pub fn package(document_xml: &str) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document_xml),
    ] {
        zip.start_file(name, opts)?;
        zip.write_all(body.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The .docx of a report.
pub fn to_docx(report: &Report) -> Result<Vec<u8>> {
    package(&document_xml(report)?)
}

/// The seeds' reports, read from `fixtures/seeds/*.txt`: (number, report).
pub fn seeds(fixtures: &Path) -> Result<Vec<(String, Report)>> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(fixtures.join("seeds"))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt")
                && !p.to_string_lossy().contains(crate::fixtures::EXPECTED)
        })
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        let number: String = name.chars().take_while(char::is_ascii_digit).collect();
        let parsed = nianbao_text::parse_bytes(&std::fs::read(&p)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        out.push((number, parsed.report));
    }
    Ok(out)
}

/// Writes (or checks) `fixtures/docx/seed-NNN.docx` for every seed.
pub fn run(fixtures: &Path, check: bool) -> Result<usize> {
    let dir = fixtures.join("docx");
    std::fs::create_dir_all(&dir)?;
    let mut problems = Vec::new();
    let seeds = seeds(fixtures)?;
    for (number, report) in &seeds {
        let path = dir.join(format!("seed-{number}.docx"));
        let bytes = to_docx(report)?;
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                problems.push(format!("{} is missing or out of date", path.display()));
            }
        } else {
            std::fs::write(&path, bytes)?;
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}\nRun `cargo xtask docx` to regenerate them.",
            problems.join("\n")
        );
    }
    Ok(seeds.len())
}
