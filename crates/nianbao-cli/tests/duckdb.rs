//! DuckDB reads the wide dataset — Parquet and CSV — that `nianbao batch`
//! writes, and a query over it (applications by year) gives the sums of
//! the reports' own expected JSON.
//!
//! The Python package `duckdb` is used through `$NIANBAO_PYTHON` (default
//! `python3`). Where it is missing the test says so and passes, unless
//! `NIANBAO_REQUIRE_DUCKDB` is set — as `.ci/run` does after installing it
//! in a virtual environment — so CI never skips it silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn python() -> String {
    std::env::var("NIANBAO_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn has_duckdb() -> bool {
    let ok = Command::new(python())
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_DUCKDB").is_none(),
            "NIANBAO_REQUIRE_DUCKDB is set but `{} -c 'import duckdb'` fails",
            python()
        );
        eprintln!("skipped: the Python package duckdb is not installed");
    }
    ok
}

#[test]
fn duckdb_reads_the_parquet_and_the_wide_csv() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    // The seeds, with their years as the fixtures give them; the expected
    // sums come from their expected JSON.
    let mut want: BTreeMap<i64, u64> = BTreeMap::new();
    for e in std::fs::read_dir(fixtures().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".txt") || name.contains(".expected.") {
            continue;
        }
        std::fs::copy(&p, d.join(&name)).unwrap();
        let json = p.with_file_name(name.replace(".txt", ".expected.json"));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        let year = v["year"].as_i64().unwrap();
        let new = v["applications"]["new"]["total"].as_u64().unwrap();
        *want.entry(year).or_default() += new;
    }
    assert!(!want.is_empty());
    for ext in ["parquet", "csv"] {
        let out = dir.path().join(format!("data.{ext}"));
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["batch"])
            .arg(&d)
            .arg("-o")
            .arg(&out)
            .args(["--quiet", "--lang", "en"])
            .output()
            .unwrap();
        assert!(out.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        let from = if ext == "csv" {
            format!("read_csv('{}')", out.display())
        } else {
            format!("'{}'", out.display())
        };
        let q = format!(
            "import duckdb\nfor y, n in duckdb.sql(\"select year, sum(applications_new_total) from {from} where status <> 'duplicate' group by year order by year\").fetchall(): print(y, n)"
        );
        let o = Command::new(python()).args(["-c", &q]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let got: BTreeMap<i64, u64> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let (y, n) = l.split_once(' ').unwrap();
                (y.parse().unwrap(), n.parse().unwrap())
            })
            .collect();
        assert_eq!(got, want, "{ext}");
    }
}
