//! Workbooks saved by openpyxl (`fixtures/xlsx/openpyxl/`, made by `cargo
//! xtask openpyxl` from nianbao's template filled with seed 000): openpyxl
//! saves formulas without results, so nianbao evaluates the template's
//! sums and says so; a broken balance is still found; a date in a count
//! cell and a formula that is not a sum refuse the workbook, naming the cell.

use nianbao_model::{Location, Report};
use nianbao_office::xlsx::{import, rules, ImportError};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn read(name: &str) -> Vec<u8> {
    let path = dir().join("xlsx/openpyxl").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed's report, as the fixtures check has it.
fn seed() -> Report {
    let path = dir().join("seeds/000_79b5c35e28a790e5.expected.json");
    nianbao_data::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const SHEET3: &str = "三、收到和处理政府信息公开申请情况";

#[test]
fn openpyxl_saves_no_formula_result_and_the_sums_are_evaluated() {
    let bytes = read("openpyxl-saved.xlsx");
    // What openpyxl wrote: formulas without a cached value.
    let sheet = nianbao_office::xlsx::read_sheets(&bytes).unwrap();
    assert!(sheet.evaluated.len() > 30, "{}", sheet.evaluated.len());
    let i = import(&bytes).unwrap();
    let seed = seed();
    for c in seed.form_def().cells() {
        assert_eq!(i.report.get(c.id), seed.get(c.id), "{}", c.path());
    }
    assert_eq!(i.diagnostics[0].rule, rules::FORMULA_EVALUATED);
    assert!(nianbao_model::rules::check(&i.report, None).is_empty());
}

#[test]
fn a_broken_balance_in_an_openpyxl_file_is_an_error() {
    let i = import(&read("openpyxl-balance-broken.xlsx")).unwrap();
    let d = nianbao_model::rules::check(&i.report, Some(&i.source_map));
    let balance = d
        .iter()
        .find(|d| d.rule == "applications.balance:natural")
        .expect("the balance is checked, not skipped as blank");
    assert!(balance.is_error());
    assert!(!d.iter().any(|d| d.message.zh.contains("空白")), "{d:?}");
}

fn refusal(name: &str) -> Vec<nianbao_model::Diagnostic> {
    match import(&read(name)) {
        Err(ImportError::Invalid(d)) => d,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn a_date_in_a_count_cell_is_refused_naming_the_cell() {
    let d = refusal("openpyxl-date-in-count.xlsx");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].rule, rules::NOT_A_COUNT);
    assert_eq!(
        d[0].location,
        Some(Location::Cell {
            sheet: SHEET3.into(),
            cell: "D5".into()
        })
    );
}

#[test]
fn a_formula_that_is_not_a_sum_is_refused_naming_the_cell() {
    let d = refusal("openpyxl-other-formula.xlsx");
    assert_eq!(d[0].rule, rules::FORMULA);
    assert_eq!(
        d[0].location,
        Some(Location::Cell {
            sheet: SHEET3.into(),
            cell: "J5".into()
        })
    );
    assert!(d[0].message.zh.contains("AVERAGE"), "{}", d[0].message.zh);
}
