//! `nianbao review` and `nianbao diff` through the binary: the review of
//! the fixture region as a page (Chinese, or English with `--lang en`) and
//! as a workbook; two seeds compared cell by cell.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn nianbao(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args.iter().map(|a| a.as_ref()))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn review_writes_a_page_and_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let region = root().join("fixtures/review/region");
    let page = dir.path().join("审查报告.html");
    let o = nianbao(&[&"review", &region, &"-o", &page, &"-q"]);
    // The region holds an unreadable file: exit 2, the page written.
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("审查报告") && html.contains("公开率"));
    assert!(html.contains("损坏的文件.txt"));
    let en = dir.path().join("review.html");
    nianbao(&[&"review", &region, &"-o", &en, &"-q", &"--lang", &"en"]);
    let html = std::fs::read_to_string(&en).unwrap();
    assert!(
        html.contains("Indicators and ranking per organ"),
        "{}",
        &html[..200]
    );
    let xlsx = dir.path().join("review.xlsx");
    nianbao(&[&"review", &region, &"-o", &xlsx, &"-q"]);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let findings = wb.worksheet_range("问题").unwrap();
    assert!(findings.rows().any(|r| r[3] == "applications.carry_chain"));
}

#[test]
fn diff_lists_the_numbers_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = root().join("fixtures/seeds");
    let a = seeds.join("000_79b5c35e28a790e5.txt");
    let b = seeds.join("001_f723fcd44f42a3fe.txt");
    let page = dir.path().join("对比.html");
    let o = nianbao(&[&"diff", &a, &b, &"-o", &page, &"--lang", &"en"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("number(s) differ"), "{out}");
    assert!(out.contains("active_license_decisions: 8264 → "), "{out}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("<table>"));
    let o = nianbao(&[&"diff", &a, &a]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("0 个数字不同"));
}
