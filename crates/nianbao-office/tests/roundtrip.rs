//! Export → import round trips through `nianbao_office::xlsx::to_xlsx`: every
//! number, blank, fee digit, the organ, year, title and prose come back.

mod common;

use nianbao_model::{rules, Report};
use nianbao_office::xlsx::import;
use std::path::Path;

fn round_trip(name: &str, rep: &Report) {
    // Marked cells (fills and notes on rule violations) must not disturb the import.
    let diags = rules::check(rep, None);
    let bytes = nianbao_office::xlsx::to_xlsx(rep, &diags).unwrap();
    let got = match import(&bytes) {
        Ok(g) => g,
        Err(nianbao_office::xlsx::ImportError::Invalid(d)) => panic!("{name}: refused: {d:#?}"),
        Err(e) => panic!("{name}: refused: {e}"),
    };
    let form = rep.form_def();
    for c in form.cells() {
        assert_eq!(got.report.get(c.id), rep.get(c.id), "{name}: {}", c.path());
    }
    assert_eq!(got.report.sections, rep.sections, "{name}");
    assert_eq!(got.report, *rep, "{name}");
    // A report without a title, organ or year is rightly told so.
    let lacks_front = rep.title.is_empty() || rep.organ.is_empty() || rep.year.is_none();
    assert!(
        !got.diagnostics.iter().any(|w| w.rule.starts_with("grid.")
            && !(lacks_front && w.rule.starts_with("grid.front_matter"))),
        "{name}: {:#?}",
        got.diagnostics
    );
}

#[test]
fn the_sample_report() {
    round_trip("sample", &common::sample());
}

/// Every report the project's fixtures read to (`fixtures/**/NAME.expected.json`:
/// the seeds, every text layout and encoding, the 2019 form, HTML, DOCX,
/// JSON and edited workbooks) survives the official workbook exactly.
#[test]
fn every_fixture_report() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.to_string_lossy().ends_with(".expected.json") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    let mut n = 0;
    for p in paths {
        let name = p.strip_prefix(&root).unwrap().display().to_string();
        let rep: Report = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if rep.values().iter().all(Option::is_none) {
            continue;
        }
        round_trip(&name, &rep);
        n += 1;
    }
    assert!(n >= 30, "only {n} fixture reports found");
}
