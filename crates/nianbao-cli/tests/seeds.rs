//! The acceptance check of issue 2: for every seed in `fixtures/seeds/`,
//! `nianbao convert SEED.txt -o X.json` gives every one of the form's
//! numbers, the organ and the year exactly as read by hand in
//! `SEED.numbers.json` (prose is not compared).

mod common;

use common::truth::compare;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds")
}

#[test]
fn every_seed_converts_to_its_hand_read_numbers() {
    let cells = nianbao_model::FormVersion::V2021.form().cell_count();
    let out_dir = tempfile::tempdir().unwrap();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("fixtures/seeds/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".numbers.json"))
        .collect();
    seeds.sort();
    assert!(
        seeds.len() >= 5,
        "expected the five seeds in fixtures/seeds/, found {}",
        seeds.len()
    );

    let mut failures = Vec::new();
    for numbers in &seeds {
        let name = numbers
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".numbers.json", "");
        let input = numbers.with_file_name(format!("{name}.txt"));
        let output = out_dir.path().join(format!("{name}.json"));
        let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["--lang", "en", "convert"])
            .arg(&input)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        if run.status.code() != Some(0) {
            failures.push(format!(
                "{name}: nianbao convert exited {:?}:\n{}",
                run.status.code(),
                String::from_utf8_lossy(&run.stderr)
            ));
            continue;
        }
        let expected: Value = serde_json::from_slice(&std::fs::read(numbers).unwrap()).unwrap();
        let actual: Value = serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
        let mut diffs = Vec::new();
        let mut numbers_compared = 0;
        for (key, value) in expected.as_object().unwrap() {
            let n = compare(key, value, actual.get(key), &mut diffs);
            if !matches!(key.as_str(), "organ" | "year" | "title") {
                numbers_compared += n;
            }
        }
        for key in ["organ", "year"] {
            if expected.get(key).is_none() {
                diffs.push(format!("{key}: missing from {}", numbers.display()));
            }
        }
        if numbers_compared != cells {
            diffs.push(format!(
                "{} numbers in {}, the form has {cells}",
                numbers_compared,
                numbers.display()
            ));
        }
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn comparison_sees_a_changed_missing_or_blank_number() {
    let expected = serde_json::json!({"applications": {"new": {"natural": 2, "total": 2}}, "active": {"fee": {"amount": 155.1344}}});
    let mut diffs = Vec::new();
    assert_eq!(compare("", &expected, Some(&expected), &mut diffs), 3);
    assert!(diffs.is_empty());
    let actual =
        serde_json::json!({"applications": {"new": {"natural": 3, "total": null}}, "active": {}});
    compare("", &expected, Some(&actual), &mut diffs);
    assert_eq!(diffs.len(), 3, "{diffs:?}");
}
