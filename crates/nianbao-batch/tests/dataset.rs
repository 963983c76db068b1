//! The dataset built from `fixtures/` holds, for every fixture input that
//! reads, exactly the numbers of that input's own expected JSON — in the
//! long and wide CSV, the JSON lines and the workbook — and a row with its
//! status and reason for the refused ones;
//! the order is the same however the batch is chunked; the carry chain is
//! found across reports of one organ.

use calamine::{Data, Reader, Xlsx};
use nianbao_batch::dataset::{self, columns, DatasetFormat, DATA_SHEET, LEADING, TRAILING};
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
            && !p.components().any(|c| c.as_os_str() == "review")
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
    let (csv, summary) = batch(DatasetFormat::LongCsv, 5);
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
fn wide_csv_has_one_row_per_input_with_its_status_and_numbers() {
    let expected = expected();
    let (csv, _) = batch(DatasetFormat::Csv, 5);
    let mut r = csv::Reader::from_reader(&csv[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&head[..LEADING.len()], LEADING);
    assert!(head.contains(&"applications_new_natural".to_owned()));
    for h in &head {
        assert!(
            h.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{h}"
        );
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, (source, want)) in rows.iter().zip(&expected) {
        assert_eq!(&row[0], source);
        match want {
            None => {
                assert_eq!(&row[4], "refused", "{source}");
                // `reason`, the first column after the numbers.
                let reason = &row[LEADING.len() + columns().columns.len()];
                assert!(!reason.is_empty(), "{source}");
            }
            Some(want) => {
                assert_ne!(&row[4], "refused", "{source}");
                for (v, &c) in want.values().iter().zip(columns().of(want.form)) {
                    let got = &row[LEADING.len() + c];
                    match v {
                        None => assert_eq!(got, "", "{source} {c}"),
                        Some(v) => assert_eq!(got, v.to_string(), "{source} {c}"),
                    }
                }
            }
        }
    }
}

#[test]
fn jsonl_dataset_holds_each_whole_report_and_the_refusals() {
    let expected = expected();
    let (jsonl, _) = batch(DatasetFormat::Jsonl, 3);
    let lines: Vec<&str> = std::str::from_utf8(&jsonl)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("\"cross\":"))
        .collect();
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
fn xlsx_dataset_has_one_row_per_input_with_its_numbers() {
    let expected = expected();
    let (bytes, _) = batch(DatasetFormat::Xlsx, 64);
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let data = wb.worksheet_range(DATA_SHEET).unwrap();
    let head: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let want: Vec<String> = LEADING
        .iter()
        .map(|s| s.to_string())
        .chain(columns().columns.iter().map(|c| c.name.clone()))
        .chain(TRAILING.iter().map(|s| s.to_string()))
        .collect();
    assert_eq!(head, want);
    let labels = data.rows().nth(1).unwrap();
    assert!(labels.iter().all(|c| *c != Data::Empty), "{labels:?}");
    let rows: Vec<_> = data.rows().skip(2).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, (source, want)) in rows.iter().zip(&expected) {
        assert_eq!(row[0], Data::String(source.to_string()));
        let Some(want) = want else {
            assert_eq!(row[4], Data::String("refused".into()), "{source}");
            continue;
        };
        for (v, &c) in want.values().iter().zip(columns().of(want.form)) {
            let cell = &row[LEADING.len() + c];
            match v {
                None => assert_eq!(cell, &Data::Empty, "{source} cell {c}"),
                Some(Value::Count(n)) => {
                    assert_eq!(cell, &Data::Float(*n as f64), "{source} {c}")
                }
                Some(v) => assert_eq!(
                    cell.to_string().parse::<f64>().unwrap(),
                    v.to_string().parse::<f64>().unwrap(),
                    "{source} {c}"
                ),
            }
        }
    }
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
    assert_eq!(summary.carry_breaks, 1);
    let (source, d) = &summary.first_cross[0];
    assert!(source.ends_with("b-2023.json"));
    assert_eq!(d.rule, "applications.carry_chain");
    assert_eq!(
        d.message.en.matches('≠').count(),
        differs,
        "{:?}",
        d.message
    );
    assert!(d.message.en.contains("a-2022.json"), "{:?}", d.message);
    let last = String::from_utf8(out)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();
    assert!(last.contains("\"cross\""), "{last}");
}
