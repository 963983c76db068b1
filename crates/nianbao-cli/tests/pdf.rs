//! PDFs on the built binary. Truth from outside: every PDF in
//! `fixtures/pdf/` was printed (by LibreOffice or Chromium) from seed NNN,
//! so `nianbao convert seed-NNN.*.pdf` must give every number, the organ and
//! the year of seed NNN's hand-read `*.numbers.json`. The official workbook
//! is written from a PDF; `batch` and `sum` take PDFs in a folder beside
//! text and workbooks; a scan is refused with its message and exit 2.
//! The copies of seed 000's PDF that `qpdf` encrypted with an empty user
//! password (`fixtures/pdf/encrypted/`) convert to seed 000's numbers too;
//! the one with a real user password is refused as needing it. The varied
//! Word reports of `fixtures/extract/` printed by each producer
//! (`fixtures/pdf/extract/NAME.PRODUCER.pdf`) read to their generator's
//! numbers or are refused, never read wrong; a 2019-form report read from
//! its PDFs gives the numbers of its text.

mod common;

use common::truth::{compare, extract_numbers, fixtures, seed_numbers as numbers_of};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn nianbao(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args.iter().map(|a| a.as_ref()))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = ["pdf", "pdf/encrypted"]
        .iter()
        .flat_map(|d| std::fs::read_dir(fixtures().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("seed-") && !name.ends_with(".user-password.pdf")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_pdf_of_a_seed_converts_to_its_hand_read_numbers() {
    let cells = nianbao_model::FormVersion::V2021.form().cell_count();
    let out = tempfile::tempdir().unwrap();
    let pdfs = pdfs();
    assert!(pdfs.len() >= 10, "{} PDFs", pdfs.len());
    assert!(
        pdfs.iter()
            .filter(|p| p.parent().unwrap().ends_with("encrypted"))
            .count()
            >= 9,
        "the encrypted PDFs are missing"
    );
    let mut failures = Vec::new();
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let seed = &name["seed-".len().."seed-".len() + 3];
        let json = out.path().join(format!("{name}.json"));
        let o = nianbao(&[&"--lang", &"en", &"convert", pdf, &"-o", &json]);
        if o.status.code() != Some(0) {
            failures.push(format!(
                "{name}: exit {:?}\n{}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            ));
            continue;
        }
        let actual: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let mut diffs = Vec::new();
        let mut numbers = 0;
        for (k, v) in numbers_of(seed).as_object().unwrap() {
            let n = compare(k, v, actual.get(k), &mut diffs);
            if !matches!(k.as_str(), "organ" | "year" | "title") {
                numbers += n;
            }
        }
        if numbers != cells {
            diffs.push(format!("{numbers} numbers compared, the form has {cells}"));
        }
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How many of the extract reports each producer's PDFs must read exactly
/// (the rest must be refused, never read wrong). Chromium draws three of
/// the twelve with the bottom border of `（三）不予公开` above the row
/// `8.属于行政查询事项` (Chromium's cut of a cell spanning a page break),
/// so that the row stands under `（四）无法提供`: refused, naming the cell.
/// pandoc's page rules its tables only above and below (columns where the
/// rules break): read where every label line belongs to one row, refused
/// otherwise; PostScript loses the fonts' map to characters, refused as
/// such.
const EXACT_AT_LEAST: &[(&str, usize)] = &[
    ("libreoffice", 12),
    ("chromium", 9),
    ("ghostscript", 12),
    ("pdfa", 3),
    ("tagged", 3),
    ("pandoc", 5),
    ("postscript", 0),
];

#[test]
fn the_varied_word_reports_by_every_producer_convert_to_their_truth_or_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let dir = fixtures().join("pdf/extract");
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    let mut failures = Vec::new();
    let mut exact: std::collections::BTreeMap<String, usize> = Default::default();
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let (stem, producer) = (parts.next().unwrap(), parts.next().unwrap().to_string());
        assert!(
            EXACT_AT_LEAST.iter().any(|(p, _)| *p == producer),
            "{name}: producer {producer} not in EXACT_AT_LEAST"
        );
        let truth = extract_numbers(stem);
        let json = out.path().join(format!("{name}.json"));
        let o = nianbao(&[&"--lang", &"en", &"convert", pdf, &"-o", &json]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0 | 1) => {}
            // A refusal says where: the table and cell, or why the file
            // has no text to read.
            Some(2)
                if stderr.contains("表格")
                    || stderr.contains("not found")
                    || stderr.contains("cannot be read as text") =>
            {
                exact.entry(producer).or_default();
                continue;
            }
            c => {
                failures.push(format!("{name}: exit {c:?}\n{stderr}"));
                continue;
            }
        }
        let actual: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let mut diffs = Vec::new();
        compare("", &truth, Some(&actual), &mut diffs);
        if diffs.is_empty() {
            *exact.entry(producer).or_default() += 1;
        } else {
            failures.push(format!("{name} read WRONG:\n  {}", diffs.join("\n  ")));
        }
    }
    for (producer, at_least) in EXACT_AT_LEAST {
        let n = exact.get(*producer).copied().unwrap_or(0);
        if n < *at_least {
            failures.push(format!(
                "{producer}: {n} PDFs read exactly, at least {at_least} expected"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_report_of_the_2019_form_reads_from_its_pdfs() {
    // The truth: the report read from the text fixture the PDFs were
    // written from (`cargo xtask pdf`: nianbao's Word file, printed).
    let text = fixtures().join("text/form-2019/pingtan-2019-tab.txt");
    let out = tempfile::tempdir().unwrap();
    let truth = out.path().join("truth.json");
    assert_eq!(
        nianbao(&[&"convert", &text, &"-o", &truth]).status.code(),
        Some(0)
    );
    let truth: Value = serde_json::from_slice(&std::fs::read(&truth).unwrap()).unwrap();
    assert_eq!(truth["form"], "2019");
    for producer in ["libreoffice", "chromium"] {
        let pdf = fixtures().join(format!("pdf/form-2019/pingtan-2019.{producer}.pdf"));
        let json = out.path().join(format!("{producer}.json"));
        let o = nianbao(&[&"--lang", &"en", &"convert", &pdf, &"-o", &json]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{producer}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let actual: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let mut diffs = Vec::new();
        let mut n = 0;
        for k in ["form", "organ", "year", "active", "applications", "reviews"] {
            n += compare(k, &truth[k], actual.get(k), &mut diffs);
        }
        assert!(n > 100, "{n} values compared");
        assert!(diffs.is_empty(), "{producer}:\n  {}", diffs.join("\n  "));
    }
}

#[test]
fn a_pdf_converts_to_the_official_workbook_and_batches_with_text_and_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fixtures().join("pdf/seed-000.libreoffice.pdf");
    let xlsx = dir.path().join("000.xlsx");
    let o = nianbao(&[&"convert", &pdf, &"-o", &xlsx]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The workbook reads back to the PDF's report.
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    assert_eq!(
        nianbao(&[&"convert", &pdf, &"-o", &a]).status.code(),
        Some(0)
    );
    assert_eq!(
        nianbao(&[&"convert", &xlsx, &"-o", &b]).status.code(),
        Some(0)
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    // A folder of a PDF, a text and a workbook (2023 reports): one dataset.
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(
        fixtures().join("pdf/seed-003.chromium.pdf"),
        inputs.join("003.pdf"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("seeds/001_f723fcd44f42a3fe.txt"),
        inputs.join("001.txt"),
    )
    .unwrap();
    std::fs::copy(&xlsx, inputs.join("000.xlsx")).unwrap();
    let csv = dir.path().join("all.csv");
    let o = nianbao(&[&"batch", &inputs, &"-o", &csv, &"--lang", &"en"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{err}");
    assert!(err.contains("read 3 report(s)"), "{err}");
    let data = std::fs::read_to_string(&csv).unwrap();
    for organ in [
        "临夏州公安局",
        "三门峡市陕州区公安局",
        "洛阳市公安局西工分局",
    ] {
        assert!(data.contains(organ), "{organ} missing from the dataset");
    }
    let sum = dir.path().join("sum.json");
    let o = nianbao(&[&"sum", &inputs, &"-o", &sum, &"--organ", &"测试市"]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_pdf_without_tables_or_text_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    // A PDF named .txt is still read as a PDF.
    let named_txt = dir.path().join("report.txt");
    std::fs::copy(fixtures().join("pdf/seed-002.libreoffice.pdf"), &named_txt).unwrap();
    let out = dir.path().join("x.json");
    let o = nianbao(&[&"convert", &named_txt, &"-o", &out]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // A scan: one page, one image.
    let scan = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im 4 0 R >> >> /Contents 5 0 R >> endobj\n\
        4 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray /Length 1 >> stream\n\x80\nendstream endobj\n\
        5 0 obj << /Length 30 >> stream\nq 595 0 0 842 0 0 cm /Im Do Q\nendstream endobj\n\
        trailer << /Root 1 0 R >>\n%%EOF\n";
    let scan_path = dir.path().join("scan.pdf");
    std::fs::write(&scan_path, scan).unwrap();
    let out = dir.path().join("scan.json");
    let o = nianbao(&[&"--lang", &"zh", &"convert", &scan_path, &"-o", &out]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pdf.report") && err.contains("扫描件，没有可提取的文字，请先做文字识别"),
        "{err}"
    );
    assert!(!out.exists());

    // Text but no tables: the seed's prose only.
    let prose = dir.path().join("prose.pdf");
    std::fs::write(&prose, prose_only_pdf()).unwrap();
    let o = nianbao(&[&"--lang", &"en", &"convert", &prose, &"-o", &out]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("not the form's tables") && err.contains("table \"applications\" not found"),
        "{err}"
    );
}

#[test]
fn a_pdf_with_a_real_user_password_is_refused_as_needing_it() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fixtures().join("pdf/encrypted/seed-000.user-password.pdf");
    let out = dir.path().join("x.json");
    for (lang, said) in [
        ("zh", "PDF 需要密码才能打开"),
        ("en", "the PDF needs a password to open"),
    ] {
        let o = nianbao(&[&"--lang", &lang, &"convert", &pdf, &"-o", &out]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("pdf.report") && err.contains(said), "{err}");
        assert!(!out.exists());
    }
}

/// A one-page PDF with a line of text and no table.
fn prose_only_pdf() -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 700 Td (Annual report, prose only) Tj ET";
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj\n\
         4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n\
         5 0 obj << /Length {} >> stream\n{content}\nendstream endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n",
        content.len()
    )
    .into_bytes()
}
