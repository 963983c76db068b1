//! Reports counted twice, through the binary: the same folder named twice,
//! a byte-identical copy, the same report in another format, and two
//! different reports of one organ and year. `batch` marks them in the
//! dataset and the summary; `sum` refuses with the list unless
//! `--allow-duplicates`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir)
        .args(args)
        .args(["--lang", "en"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder `d` with one report as text (`a.txt`).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::copy(
        fixtures().join("seeds/000_79b5c35e28a790e5.txt"),
        dir.path().join("d/a.txt"),
    )
    .unwrap();
    dir
}

fn statuses(csv: &str) -> Vec<(String, String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            // `duplicate_of` is the last column.
            (f[0].to_owned(), f[4].to_owned(), f[f.len() - 1].to_owned())
        })
        .collect()
}

#[test]
fn the_same_folder_named_twice_is_found_and_the_sum_refused() {
    let dir = folder();
    let o = nianbao(dir.path(), &["batch", "d", "./d", "-o", "out.csv"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("1 counted twice"), "{err}");
    assert!(err.contains("duplicate.same_file"), "{err}");
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let rows = statuses(&csv);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].1, "duplicate", "{rows:?}");
    assert_eq!(rows[1].2, rows[0].0, "{rows:?}");

    let o = nianbao(
        dir.path(),
        &["sum", "d", "./d", "--organ", "某市", "-o", "sum.json"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("repeats"), "{err}");
    assert!(!dir.path().join("sum.json").exists());
    let o = nianbao(
        dir.path(),
        &[
            "sum",
            "d",
            "./d",
            "--organ",
            "某市",
            "-o",
            "sum.json",
            "--allow-duplicates",
        ],
    );
    assert!(dir.path().join("sum.json").exists(), "{}", stderr(&o));
}

#[test]
fn a_copy_and_another_format_are_counted_twice() {
    let dir = folder();
    let d = dir.path().join("d");
    std::fs::copy(d.join("a.txt"), d.join("b.txt")).unwrap();
    let o = nianbao(dir.path(), &["convert", "d/a.txt", "-o", "d/c.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = nianbao(dir.path(), &["batch", "d", "-o", "out.csv"]);
    let err = stderr(&o);
    assert!(err.contains("2 counted twice"), "{err}");
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let rows = statuses(&csv);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_ne!(rows[0].1, "duplicate", "{rows:?}");
    assert_eq!(
        (rows[1].1.as_str(), rows[2].1.as_str()),
        ("duplicate", "duplicate")
    );
    assert!(
        rows[1].2.ends_with("a.txt") && rows[2].2.ends_with("a.txt"),
        "{rows:?}"
    );
    assert!(
        err.contains("duplicate.identical") && err.contains("duplicate.same_report"),
        "{err}"
    );
    let o = nianbao(
        dir.path(),
        &["sum", "d", "--organ", "某市", "-o", "sum.json"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("d/b.txt repeats d/a.txt"), "{err}");
    assert!(err.contains("d/c.json repeats d/a.txt"), "{err}");
}

#[test]
fn two_different_reports_of_one_organ_and_year_are_a_warning_naming_both() {
    let dir = folder();
    let d = dir.path().join("d");
    let text = std::fs::read_to_string(d.join("a.txt")).unwrap();
    // The same report with one number of table 二 changed.
    let o = nianbao(dir.path(), &["convert", "d/a.txt", "-o", "b.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = std::fs::read_to_string(dir.path().join("b.json")).unwrap();
    let changed = json.replacen("\"decisions\": ", "\"decisions\": 1", 1);
    assert_ne!(changed, json);
    std::fs::write(d.join("b.json"), changed).unwrap();
    assert!(!text.is_empty());
    let o = nianbao(dir.path(), &["batch", "d", "-o", "out.jsonl"]);
    let err = stderr(&o);
    assert!(err.contains("duplicate.organ_year"), "{err}");
    let jsonl = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    let line = jsonl
        .lines()
        .find(|l| l.contains("duplicate.organ_year"))
        .unwrap();
    assert!(
        line.contains("d/a.txt") && line.contains("d/b.json"),
        "{line}"
    );
    assert!(err.contains("0 counted twice"), "{err}");
}
