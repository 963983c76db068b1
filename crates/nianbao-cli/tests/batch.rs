//! `nianbao batch` and `nianbao sum` on the built binary: a batch with an
//! unreadable and an inconsistent file among good ones finishes, lists
//! both and exits 2; the sum of the fixtures equals the column sums
//! computed here from their JSON; mixed years are refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn nianbao(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args.iter().map(|a| a.as_ref()))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn batch_with_an_unreadable_and_an_inconsistent_file_lists_both_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("sub")).unwrap();
    for seed in ["000_79b5c35e28a790e5", "001_f723fcd44f42a3fe"] {
        std::fs::copy(
            fixtures().join(format!("seeds/{seed}.txt")),
            inputs.join(format!("sub/{seed}.txt")),
        )
        .unwrap();
    }
    std::fs::copy(
        fixtures().join("json/seed-000.json"),
        inputs.join("good.json"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("json/row-total-broken.json"),
        inputs.join("broken.json"),
    )
    .unwrap();
    std::fs::write(inputs.join("garbage.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    for out in ["out.csv", "out.xlsx", "out.jsonl"] {
        let out = dir.path().join(out);
        let o = nianbao(&[&"batch", &inputs, &"-o", &out, &"--lang", &"en"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("garbage.xlsx: unreadable"), "{err}");
        assert!(err.contains("broken.json: 2 error(s)"), "{err}");
        assert!(
            err.contains("read 4 report(s): 1 with errors") && err.contains("1 file(s) unreadable"),
            "{err}"
        );
        assert!(out.exists());
    }
    // The workbook lists both: the diagnostics and the unreadable file.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("out.xlsx")).unwrap();
    let diags = wb.worksheet_range("诊断").unwrap();
    let broken_rules: Vec<String> = diags
        .rows()
        .filter(|r| r[0].to_string().ends_with("broken.json"))
        .map(|r| r[2].to_string())
        .collect();
    assert!(
        broken_rules.iter().any(|r| r.starts_with("applications.")),
        "{broken_rules:?}"
    );
    // The unreadable file is a row of the data sheet, with its status.
    let data = wb.worksheet_range("数据").unwrap();
    let listed: Vec<String> = data
        .rows()
        .skip(2)
        .filter(|r| r[4] == "refused")
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].ends_with("garbage.xlsx"), "{listed:?}");

    // Without the unreadable file: exit 1; with only good files: exit 0.
    std::fs::remove_file(inputs.join("garbage.xlsx")).unwrap();
    let out = dir.path().join("out.csv");
    let o = nianbao(&[&"batch", &inputs, &"-o", &out, &"-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    std::fs::remove_file(inputs.join("broken.json")).unwrap();
    let o = nianbao(&[&"batch", &inputs, &"-o", &out, &"-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The fixture inputs that read as reports on the 2021 form (the one
/// edition a sum may add up), each with its expected JSON.
fn readable_fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".expected.")
                || name.ends_with(".numbers.json")
                || name.starts_with("README")
            {
                continue;
            }
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let json = p.with_file_name(format!("{stem}.expected.json"));
            let form_2021 = |j: &Path| {
                let v: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(j).unwrap()).unwrap();
                v.get("form").is_none_or(|f| f == "2021")
            };
            if json.exists() && form_2021(&json) {
                out.push((p, json));
            }
        }
    }
    out.sort();
    out
}

/// A JSON number as an integer scaled by 10^6 (fees have at most 6 places).
fn micros(v: &serde_json::Value) -> u128 {
    let s = v.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    assert!(frac.len() <= 6, "{s}");
    int.parse::<u128>().unwrap() * 1_000_000 + format!("{frac:0<6}").parse::<u128>().unwrap()
}

#[test]
fn sum_of_the_fixtures_equals_the_column_sums() {
    let inputs = readable_fixtures();
    assert!(inputs.len() >= 20);
    // Column sums, computed here from the JSON: table → row → column →
    // (sum in millionths, number of reports that gave the cell).
    let mut want: std::collections::BTreeMap<(String, String, String), (u128, usize)> =
        Default::default();
    for (_, json) in &inputs {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
        for table in ["active", "applications", "reviews"] {
            for (row, cols) in v[table].as_object().unwrap() {
                for (col, n) in cols.as_object().unwrap() {
                    let e = want
                        .entry((table.into(), row.clone(), col.clone()))
                        .or_default();
                    if !n.is_null() {
                        e.0 += micros(n);
                        e.1 += 1;
                    }
                }
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总.json");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"sum",
        &"--organ",
        &"某市",
        &"--allow-mixed-years",
        // The fixtures hold one report in many formats, on purpose.
        &"--allow-duplicates",
        &"-o",
        &out,
    ];
    for (p, _) in &inputs {
        args.push(p);
    }
    let o = nianbao(&args);
    assert!(o.status.code().unwrap() <= 1, "{}", stderr(&o));
    let got: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(got["organ"], "某市");
    assert_eq!(got["year"], serde_json::Value::Null);
    for ((t, r, c), (sum, given)) in &want {
        let g = &got[t][r][c];
        if *given == 0 {
            assert!(g.is_null(), "{t}.{r}.{c}: {g}");
        } else {
            assert_eq!(micros(g), *sum, "{t}.{r}.{c}");
        }
    }
    // Blanks are named in a warning.
    assert!(want.values().any(|(_, n)| *n < inputs.len()));
    assert!(stderr(&o).contains("sum.blank"), "{}", stderr(&o));

    // The workbook lists every report summed.
    let xlsx = dir.path().join("汇总.xlsx");
    args[6] = &xlsx;
    let o = nianbao(&args);
    assert!(o.status.code().unwrap() <= 1, "{}", stderr(&o));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let list = wb.worksheet_range("汇总来源").unwrap();
    assert_eq!(list.rows().count(), inputs.len() + 1);
}

#[test]
fn sum_refuses_mixed_years_and_unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.json");
    let seeds = fixtures().join("seeds");
    let o = nianbao(&[
        &"sum",
        &seeds,
        &"--organ",
        &"某市",
        &"-o",
        &out,
        &"--lang",
        &"en",
        &"-q",
        &"--allow-duplicates",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("sum.mixed_years"), "{}", stderr(&o));
    assert!(!out.exists());
    let refused = fixtures().join("json/count-with-fraction.json");
    let good = fixtures().join("json/seed-000.json");
    let o = nianbao(&[
        &"sum", &good, &refused, &"--organ", &"某市", &"-o", &out, &"-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
    let o = nianbao(&[&"sum", &good, &"--organ", &"某市", &"-o", &out, &"-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A folder of reports as offices keep them: a Word 97 file, an
/// OpenDocument text and a picture among text reports. The .doc is read;
/// the .odt is taken (refused, saying how to convert it), never skipped
/// unseen; the picture is no report and is left out of a folder.
#[test]
fn batch_reads_word97_and_lists_documents_it_does_not_read_as_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (from, to) in [
        ("seeds/000_79b5c35e28a790e5.txt", "a.txt"),
        ("doc/seed-001.doc", "b.doc"),
        ("foreign/report-00.opendocument.odt", "c.odt"),
        ("foreign/seed-000.page-1.png", "d.png"),
    ] {
        std::fs::copy(fixtures().join(from), inputs.join(to)).unwrap();
    }
    let out = dir.path().join("all.csv");
    let o = nianbao(&[&"batch", &inputs, &"-o", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    let row = |name: &str| *rows.iter().find(|r| r.contains(name)).expect(name);
    assert!(
        row("b.doc").contains(",三门峡市陕州区公安局,2023,2021,ok,"),
        "{}",
        row("b.doc")
    );
    assert!(row("c.odt").contains(",refused,"), "{}", row("c.odt"));
    assert!(
        row("c.odt").contains(".docx"),
        "the reason says how to convert"
    );
    assert!(!csv.contains("d.png"));
}
