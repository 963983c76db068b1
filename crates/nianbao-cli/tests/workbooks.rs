//! The workbook fixtures of `fixtures/xlsx/` (written by `cargo xtask
//! workbooks` and `cargo xtask libreoffice`):
//!
//! - every edited workbook (`edited/`) and every workbook re-saved by
//!   LibreOffice (`libreoffice/*-resaved.xlsx`) reads to the report of the
//!   seed it was made from, cell for cell, with its title, organ, year and
//!   prose;
//! - every hostile workbook (`hostile/`) is refused by the `nianbao` binary
//!   with exit 2, a message saying why and no output file, within 2 s and
//!   200 MB of memory (the child's peak RSS, measured by `/usr/bin/time`).

use nianbao::Format;
use nianbao_model::Report;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The seed every workbook fixture is made from (`workbooks::SEED` of the
/// xtask).
const SEED: &str = "seeds/000_79b5c35e28a790e5.txt";

/// The cells the blank-marks edit leaves blank (`workbooks::BLANKED` of
/// the xtask), in the workbooks whose name says so.
const BLANKED: [&str; 4] = [
    "active.fee.amount",
    "active.normative.repealed",
    "applications.denied.admin_query.legal",
    "reviews.suit_after_review.pending",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The `.xlsx` inputs of `fixtures/xlsx/DIR`, sorted.
fn workbooks(dir: &str) -> Vec<PathBuf> {
    let dir = fixtures().join("xlsx").join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    out.sort();
    out
}

fn seed() -> Report {
    let bytes = std::fs::read(fixtures().join(SEED)).unwrap();
    nianbao::read(&bytes, Format::Text).unwrap().report
}

fn import(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap();
    match nianbao::read(&bytes, Format::Xlsx) {
        Ok(l) => l.report,
        Err(e) => panic!("{} refused: {:#?}", path.display(), e.diagnostics),
    }
}

/// Asserts `got` is `want`, naming the first cell that differs.
fn assert_same(path: &Path, got: &Report, want: &Report) {
    for c in want.form_def().cells() {
        assert_eq!(
            got.get(c.id),
            want.get(c.id),
            "{}: {}",
            path.display(),
            c.path()
        );
    }
    assert_eq!(got, want, "{}", path.display());
}

#[test]
fn edited_workbooks_read_to_the_seed() {
    let seed = seed();
    let mut blanked = seed.clone();
    for path in BLANKED {
        let c = seed
            .form_def()
            .cells()
            .iter()
            .find(|c| c.path() == path)
            .unwrap_or_else(|| panic!("{path} is not a cell"));
        assert!(seed.get(c.id).is_some(), "{path} is blank in the seed");
        blanked.set(c.id, None);
    }
    let files = workbooks("edited");
    assert!(files.len() >= 8, "{files:?}");
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy();
        let want = if name.contains("blank") || name == "every-edit" {
            &blanked
        } else {
            &seed
        };
        assert_same(path, &import(path), want);
    }
}

#[test]
fn workbooks_resaved_by_libreoffice_read_to_the_seed() {
    let seed = seed();
    let files: Vec<PathBuf> = workbooks("libreoffice")
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with("-resaved.xlsx"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    for path in &files {
        assert_same(path, &import(path), &seed);
    }
}

/// What each hostile workbook's message must say.
const WHY: [(&str, &str); 7] = [
    ("all-tables-empty", "grid.empty"),
    ("dimension-xfd1048576", "XFD1048576"),
    ("encrypted", "文件已加密"),
    ("huge-shared-string", "xl/sharedStrings.xml"),
    ("not-a-zip", "not a workbook"),
    ("truncated-zip", "zip"),
    ("zip-bomb-lying-size", "xl/sharedStrings.xml"),
];

#[test]
fn hostile_workbooks_are_refused_quickly_in_little_memory() {
    let files = workbooks("hostile");
    assert!(files.len() >= 6, "{files:?}");
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("note: /usr/bin/time is missing, peak memory is not measured");
    }
    let dir = tempfile::tempdir().unwrap();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let why = WHY
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name}: add what its message must say to WHY"))
            .1;
        let out = dir.path().join(format!("{name}.json"));
        let rss = dir.path().join(format!("{name}.rss"));
        let bin = env!("CARGO_BIN_EXE_nianbao");
        let mut cmd = if time.exists() {
            let mut c = Command::new(time);
            c.arg("-f").arg("%M").arg("-o").arg(&rss).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        cmd.arg("convert").arg(path).arg("-o").arg(&out);
        let start = Instant::now();
        let o = cmd.output().unwrap();
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("error[") && stderr.contains(why),
            "{name}: the message should say {why:?}: {stderr}"
        );
        assert!(!out.exists(), "{name}: an output file was written");
        eprintln!("{name}: refused in {took:?}");
        if time.exists() {
            let kb: u64 = std::fs::read_to_string(&rss)
                .unwrap()
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or_else(|| panic!("{name}: no peak RSS from /usr/bin/time"));
            assert!(kb < 200 * 1024, "{name}: peak RSS {kb} KB");
        }
    }
}
