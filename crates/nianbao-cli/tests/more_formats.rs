//! Word 97–2003 files and web archives on the built binary. Truth from
//! outside: each `fixtures/doc/seed-NNN.doc` was saved by LibreOffice from
//! seed NNN's Word file, each `report-NN.doc` from a generated report of
//! `fixtures/extract/reports/`, and `fixtures/html/report-00.chromium.mhtml`
//! by Chromium from that report's page (`cargo xtask foreign`), so every
//! one must convert to the seed's hand-read numbers, or the generator's,
//! with organ and year.

mod common;

use common::truth::{compare, extract_numbers, fixtures, seed_numbers};
use std::path::Path;
use std::process::Command;

/// Converts `file` and compares it with `truth`: the differences, or why
/// it was refused.
fn check(file: &Path, truth: &serde_json::Value) -> Result<(), String> {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "--to", "json", "-o", "-"])
        .arg(file)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(format!("refused: {}", String::from_utf8_lossy(&o.stderr)));
    }
    let actual: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut diffs = Vec::new();
    let n = compare("", truth, Some(&actual), &mut diffs);
    assert!(n > 200, "{}: only {n} values compared", file.display());
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!("{diffs:?}"))
    }
}

#[test]
fn every_word97_file_converts_to_its_true_numbers() {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("doc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "doc"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut failures = Vec::new();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let truth = match stem.strip_prefix("seed-") {
            Some(n) => seed_numbers(n),
            None => extract_numbers(&stem),
        };
        if let Err(e) = check(f, &truth) {
            failures.push(format!("{stem}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_page_saved_by_chromium_as_a_web_archive_converts_to_its_true_numbers() {
    let file = fixtures().join("html/report-00.chromium.mhtml");
    check(&file, &extract_numbers("report-00")).unwrap();
}
