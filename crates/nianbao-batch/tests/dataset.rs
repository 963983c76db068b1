//! The dataset built from `fixtures/` holds, for every fixture input that
//! reads, exactly the numbers of that input's own expected JSON — in the
//! CSV, the JSON lines and the workbook — and none for the refused ones;
//! the order is the same however the batch is chunked; the carry chain is
//! found across reports of one organ.

use calamine::{Data, Reader, Xlsx};
use nianbao_batch::dataset::{
    self, data_sheet_name, DatasetFormat, DATA_SHEET, LEADING, UNREADABLE_SHEET,
};
use nianbao_batch::engine::{run, Options, Summary};
use nianbao_batch::read_one;
use nianbao_batch::Input;
use nianbao_model::{Lang, Report, Value};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Every fixture input (the naming of fixtures/README.md), sorted.
fn fixture_inputs() -> Vec<Input> {
    let wanted = |p: &Path| {
        let name = p.file_name().unwrap().to_string_lossy();
        !name.contains(".expected.")
            && !name.starts_with("README")
            && !name.ends_with(".numbers.json")
            && nianbao::Format::of_input(p).is_some()
    };
    nianbao_batch::walk(&[fixtures()], &wanted)
}

fn expected_json(input: &Path) -> PathBuf {
    let stem = input.file_stem().unwrap().to_string_lossy();
    input.with_file_name(format!("{stem}.expected.json"))
}

/// The report each input's expected JSON holds, by source name.
fn expected() -> Vec<(String, Option<Report>)> {
    fixture_inputs()
        .iter()
        .map(|i| {
            let json = expected_json(i.path());
            let report = json.exists().then(|| {
                nianbao_data::json::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap()
            });
            (i.path().display().to_string(), report)
        })
        .collect()
}

fn batch(format: DatasetFormat, chunk: usize) -> (Vec<u8>, Summary) {
    let inputs = fixture_inputs();
    let mut out = Vec::new();
    let summary = {
        let mut sink = dataset::sink(format, &mut out, Lang::En).unwrap();
        run(
            &inputs,
            read_one,
            &mut *sink,
            Options { chunk },
            &mut |_, _| {},
        )
        .unwrap()
    };
    (out, summary)
}

#[test]
fn csv_dataset_matches_each_reports_own_json() {
    let expected = expected();
    let (csv, summary) = batch(DatasetFormat::Csv, 5);
    let entries = nianbao_data::csv::read_dataset_csv(std::str::from_utf8(&csv).unwrap()).unwrap();
    let readable: Vec<_> = expected.iter().filter(|(_, r)| r.is_some()).collect();
    assert!(readable.len() >= 20, "{}", readable.len());
    assert_eq!(entries.len(), readable.len());
    assert_eq!(summary.read, readable.len());
    assert_eq!(summary.unreadable, expected.len() - readable.len());
    for (e, (source, want)) in entries.iter().zip(readable) {
        let want = want.as_ref().unwrap();
        assert_eq!(&e.source, source);
        assert_eq!(e.report.organ, want.organ, "{source}");
        assert_eq!(e.report.year, want.year, "{source}");
        assert_eq!(e.report.values(), want.values(), "{source}");
    }
}

#[test]
fn jsonl_dataset_holds_each_whole_report_and_the_refusals() {
    let expected = expected();
    let (jsonl, _) = batch(DatasetFormat::Jsonl, 3);
    let lines: Vec<&str> = std::str::from_utf8(&jsonl).unwrap().lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (line, (source, want)) in lines.iter().zip(&expected) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["source"], source.as_str());
        match want {
            Some(want) => {
                let got: Report = serde_json::from_value(v["report"].clone()).unwrap();
                assert_eq!(&got, want, "{source}");
            }
            None => {
                assert!(v["report"].is_null(), "{source}");
                assert!(!v["diagnostics"].as_array().unwrap().is_empty(), "{source}");
            }
        }
    }
}

#[test]
fn xlsx_dataset_has_one_row_per_report_with_its_numbers() {
    let expected = expected();
    let (bytes, _) = batch(DatasetFormat::Xlsx, 64);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let readable: Vec<_> = expected
        .iter()
        .filter_map(|(s, r)| Some((s, r.as_ref()?)))
        .collect();
    let mut forms = Vec::new();
    for (_, r) in &readable {
        if !forms.contains(&r.form) {
            forms.push(r.form);
        }
    }
    assert_eq!(data_sheet_name(forms[0]), DATA_SHEET);
    let mut compared = 0;
    for form in forms {
        let data = wb.worksheet_range(&data_sheet_name(form)).unwrap();
        let rows: Vec<_> = data.rows().skip(2).collect();
        let mine: Vec<_> = readable.iter().filter(|(_, r)| r.form == form).collect();
        assert_eq!(rows.len(), mine.len());
        for (row, (source, want)) in rows.iter().zip(mine) {
            assert_eq!(row[0], Data::String(source.to_string()));
            for (i, v) in want.values().iter().enumerate() {
                let cell = &row[LEADING.len() + i];
                match v {
                    None => assert_eq!(cell, &Data::Empty, "{source} cell {i}"),
                    Some(Value::Count(n)) => {
                        assert_eq!(cell, &Data::Float(*n as f64), "{source} {i}")
                    }
                    Some(v) => assert_eq!(
                        cell.to_string().parse::<f64>().unwrap(),
                        v.to_string().parse::<f64>().unwrap(),
                        "{source} {i}"
                    ),
                }
            }
            compared += 1;
        }
    }
    assert_eq!(compared, readable.len());
    let unreadable = wb.worksheet_range(UNREADABLE_SHEET).unwrap();
    let listed: Vec<String> = unreadable
        .rows()
        .skip(1)
        .map(|r| r[0].to_string())
        .collect();
    let refused: Vec<&String> = expected
        .iter()
        .filter(|(_, r)| r.is_none())
        .map(|(s, _)| s)
        .collect();
    assert_eq!(listed.iter().collect::<Vec<_>>(), refused);
}

#[test]
fn order_does_not_depend_on_chunking_or_threads() {
    let (a, _) = batch(DatasetFormat::Jsonl, 1);
    let (b, _) = batch(DatasetFormat::Jsonl, 7);
    let (c, _) = batch(DatasetFormat::Jsonl, 1000);
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn carry_chain_breaks_are_found_across_reports() {
    let seed = fixtures().join("json/seed-000.json");
    let r: Report = nianbao_data::json::from_json(&std::fs::read_to_string(seed).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (r.clone(), r);
    a.year = Some(2022);
    b.year = Some(2023);
    let form = b.form_def();
    let over = form
        .cell("applications", "carried_over", "natural")
        .unwrap();
    let fwd = a.count("applications", "carry_forward", "natural").unwrap();
    b.set(over, Some(Value::Count(fwd + 1)));
    std::fs::write(
        dir.path().join("a-2022.json"),
        nianbao_data::json::to_json(&a),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-2023.json"),
        nianbao_data::json::to_json(&b),
    )
    .unwrap();
    let inputs = nianbao_batch::walk(&[dir.path().to_path_buf()], &|_| true);
    let mut out = Vec::new();
    let summary = {
        let mut sink = dataset::sink(DatasetFormat::Jsonl, &mut out, Lang::En).unwrap();
        run(
            &inputs,
            read_one,
            &mut *sink,
            Options::default(),
            &mut |_, _| {},
        )
        .unwrap()
    };
    let differs = [
        "natural",
        "commercial",
        "research",
        "social",
        "legal",
        "other_org",
        "total",
    ]
    .iter()
    .filter(|c| {
        a.count("applications", "carry_forward", c) != b.count("applications", "carried_over", c)
    })
    .count();
    assert!(differs >= 1);
    assert_eq!(summary.carry.len(), 1);
    assert!(summary.carry[0].0.ends_with("b-2023.json"));
    assert_eq!(summary.carry[0].1.len(), differs);
    assert!(summary.carry[0]
        .1
        .iter()
        .any(|d| d.rule == "applications.carry_chain:natural"));
    let last = String::from_utf8(out)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();
    assert!(last.contains("\"carry_chain\""), "{last}");
}
