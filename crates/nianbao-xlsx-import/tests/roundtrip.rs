//! Export → import round trips through `nianbao-export`'s `to_xlsx`: every
//! number, blank, fee digit, the organ, year, title and prose come back.

mod common;

use nianbao_model::{rules, Report};
use nianbao_xlsx_import::import;
use std::path::Path;

fn round_trip(name: &str, rep: &Report) {
    // Marked cells (fills and notes on rule violations) must not disturb the import.
    let diags = rules::check(rep, None);
    let bytes = nianbao_export::xlsx::to_xlsx(rep, &diags).unwrap();
    let got = match import(&bytes) {
        Ok(g) => g,
        Err(nianbao_xlsx_import::ImportError::Invalid(d)) => panic!("{name}: refused: {d:#?}"),
        Err(e) => panic!("{name}: refused: {e}"),
    };
    let form = rep.form_def();
    for c in form.cells() {
        assert_eq!(got.report.get(c.id), rep.get(c.id), "{name}: {}", c.path());
    }
    assert_eq!(got.report.sections, rep.sections, "{name}");
    assert_eq!(got.report, *rep, "{name}");
    assert!(
        !got.warnings.iter().any(|w| w.rule.starts_with("grid.")),
        "{name}: {:#?}",
        got.warnings
    );
}

#[test]
fn the_sample_report() {
    round_trip("sample", &common::sample());
}

/// Every expected report of the project's fixtures (the five seeds, the
/// JSON fixtures).
#[test]
fn every_fixture_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut n = 0;
    for dir in ["seeds", "json"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".expected.json") {
                continue;
            }
            let rep: Report = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            if rep.values().iter().all(Option::is_none) {
                continue;
            }
            round_trip(&name, &rep);
            n += 1;
        }
    }
    assert!(n >= 5, "only {n} fixture reports found");
}
