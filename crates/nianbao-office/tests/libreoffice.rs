//! Workbooks re-saved by LibreOffice (`fixtures/xlsx/libreoffice/`, made by
//! `cargo xtask libreoffice` from seed 000): nianbao reads them to the
//! seed's report, and the formulas LibreOffice recalculated in the filled
//! template give the totals nianbao reads.
//!
//! `template-filled.xlsx` is nianbao's template with the seed typed into
//! its input cells and its formula results left at the template's 0;
//! `template-filled-resaved.xlsx` is that file opened, recalculated and
//! saved by LibreOffice. The formula results are read with calamine.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use nianbao_model::{CellId, Report, Value};
use nianbao_office::xlsx::cell_position;
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn read(name: &str) -> Vec<u8> {
    let path = dir().join("xlsx/libreoffice").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed's report, as the fixtures check has it.
fn seed() -> Report {
    let path = dir().join("seeds/000_79b5c35e28a790e5.expected.json");
    nianbao_data::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The cells that are formulas in nianbao's template: the 总计 column of
/// 三 and 四 and the （七）总计 row of 三.
fn formula_cells(r: &Report) -> Vec<CellId> {
    r.form_def()
        .cells()
        .iter()
        .filter(|c| {
            let t = c.table.key;
            (matches!(t, "applications" | "reviews") && c.column.key == "total")
                || (t == "applications" && c.row.key == "total")
        })
        .map(|c| c.id)
        .collect()
}

/// Each formula cell's formula and cached result, as calamine reads them.
fn formulas(bytes: &[u8], ids: &[CellId]) -> Vec<(CellId, String, Data)> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    ids.iter()
        .map(|&id| {
            let p = cell_position(id).unwrap();
            let at = (p.row, p.col as u32);
            let f = wb.worksheet_formula(p.sheet).unwrap();
            let v = wb.worksheet_range(p.sheet).unwrap();
            (
                id,
                f.get_value(at).cloned().unwrap_or_default(),
                v.get_value(at).cloned().unwrap_or(Data::Empty),
            )
        })
        .collect()
}

#[test]
fn resaved_export_and_template_read_to_the_seed() {
    let seed = seed();
    for name in ["export-resaved.xlsx", "template-filled-resaved.xlsx"] {
        let got =
            nianbao_office::xlsx::import(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for c in seed.form_def().cells() {
            assert_eq!(got.report.get(c.id), seed.get(c.id), "{name}: {}", c.path());
        }
        assert_eq!(got.report, seed, "{name}");
        // LibreOffice's formula results agree with their parts.
        assert!(
            !got.diagnostics.iter().any(|w| w.rule.contains("stale")),
            "{name}: {:#?}",
            got.diagnostics
        );
    }
}

#[test]
fn libreoffice_recalculated_the_template_totals_to_nianbaos() {
    let seed = seed();
    let ids = formula_cells(&seed);
    assert_eq!(
        ids.len(),
        25 + 7 - 1 + 3,
        "total column, total row, 四's totals"
    );
    let before = formulas(&read("template-filled.xlsx"), &ids);
    let after = formulas(&read("template-filled-resaved.xlsx"), &ids);
    let form = seed.form_def();
    let mut nonzero = 0;
    for ((id, f0, v0), (_, f1, v1)) in before.iter().zip(&after) {
        let path = form.def(*id).path();
        let Some(Value::Count(want)) = seed.get(*id) else {
            panic!("{path}: the seed has no count")
        };
        // Typed into the template: the formula with the template's result.
        assert!(f0.starts_with("SUM("), "{path}: {f0:?}");
        assert_eq!(*v0, Data::Float(0.0), "{path}");
        // Re-saved by LibreOffice: the same formula, recalculated.
        assert_eq!(f1, f0, "{path}");
        let got = match v1 {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{path}: {other:?}"),
        };
        assert_eq!(
            got, want as f64,
            "{path}: LibreOffice {got}, nianbao {want}"
        );
        nonzero += usize::from(want > 0);
    }
    // Seed 000's totals are not all 0: the check could tell a stale cache.
    assert!(nonzero > 0);
}
