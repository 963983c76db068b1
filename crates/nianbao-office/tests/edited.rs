//! The official layout and the edits people make to it: each imports to
//! exactly the report that was written.

mod common;

use common::*;
use nianbao_model::{Location, Report, Value};
use nianbao_office::xlsx::{import, ImportError};

/// Imports `bytes` and asserts the report is `want`, cell for cell.
fn check(bytes: &[u8], want: &Report) -> nianbao_model::Read {
    let got = match import(bytes) {
        Ok(g) => g,
        Err(ImportError::Invalid(d)) => panic!("refused: {:#?}", d),
        Err(e) => panic!("refused: {e}"),
    };
    let form = want.form_def();
    for c in form.cells() {
        assert_eq!(got.report.get(c.id), want.get(c.id), "{}", c.path());
    }
    assert_eq!(got.report, *want);
    got
}

#[test]
fn official_layout() {
    let rep = sample();
    let got = check(&official(&rep, &Style::default()), &rep);
    assert!(got.diagnostics.is_empty(), "{:#?}", got.diagnostics);
    // The source map names the sheet and the cell.
    let id = rep
        .form_def()
        .cell("applications", "new", "natural")
        .unwrap();
    assert_eq!(
        got.source_map.get(id),
        Some(&Location::Cell {
            sheet: "三、收到和处理政府信息公开申请情况".into(),
            cell: "D5".into()
        })
    );
    let fee = rep.form_def().cell("active", "fee", "amount").unwrap();
    assert_eq!(got.report.get(fee).unwrap().to_string(), "4166.241619");
}

#[test]
fn title_row_inserted_above_every_table() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[
            ("报告", vec![place(T::Front, 2, 0)]),
            ("二", vec![place(T::Active, 2, 0)]),
            ("三", vec![place(T::Applications, 2, 0)]),
            ("四", vec![place(T::Reviews, 2, 0)]),
        ],
    );
    check(&bytes, &rep);
}

#[test]
fn tables_moved_and_sheets_reordered_and_renamed() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[
            ("Sheet3", vec![place(T::Reviews, 7, 3)]),
            ("申请", vec![place(T::Applications, 11, 5)]),
            ("封面", vec![place(T::Front, 4, 2)]),
            ("Sheet1", vec![place(T::Active, 20, 1)]),
        ],
    );
    check(&bytes, &rep);
}

#[test]
fn all_tables_on_one_sheet() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[(
            "年报",
            vec![
                place(T::Front, 0, 0),
                place(T::Active, 14, 0),
                place(T::Applications, 34, 0),
                place(T::Reviews, 66, 0),
            ],
        )],
    );
    check(&bytes, &rep);
}

#[test]
fn tables_side_by_side() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[
            (
                "年报",
                vec![
                    place(T::Active, 0, 0),
                    place(T::Applications, 0, 5),
                    place(T::Reviews, 30, 0),
                ],
            ),
            ("文字", vec![place(T::Front, 0, 0)]),
        ],
    );
    check(&bytes, &rep);
}

#[test]
fn extra_columns() {
    let rep = sample();
    check(
        &official(
            &rep,
            &Style {
                extra_columns: true,
                ..Style::default()
            },
        ),
        &rep,
    );
}

#[test]
fn no_merged_cells() {
    let rep = sample();
    check(
        &official(
            &rep,
            &Style {
                no_merges: true,
                ..Style::default()
            },
        ),
        &rep,
    );
}

#[test]
fn numbers_typed_as_text() {
    let rep = sample();
    check(
        &official(
            &rep,
            &Style {
                text_numbers: true,
                ..Style::default()
            },
        ),
        &rep,
    );
}

#[test]
fn blanks_marked_with_slash_and_dash() {
    let rep = sample();
    check(
        &official(
            &rep,
            &Style {
                blank_mark: Some("/"),
                ..Style::default()
            },
        ),
        &rep,
    );
    check(
        &official(
            &rep,
            &Style {
                blank_mark: Some("—"),
                ..Style::default()
            },
        ),
        &rep,
    );
}

#[test]
fn formulas_give_their_cached_results() {
    let rep = sample();
    let got = check(
        &official(
            &rep,
            &Style {
                formulas: true,
                ..Style::default()
            },
        ),
        &rep,
    );
    assert!(got.diagnostics.is_empty(), "{:#?}", got.diagnostics);
}

#[test]
fn a_stale_formula_cache_is_read_as_cached_and_flagged() {
    let rep = sample();
    let bytes = official(
        &rep,
        &Style {
            formulas: true,
            stale_total: Some(999),
            ..Style::default()
        },
    );
    let got = import(&bytes).unwrap();
    let id = rep
        .form_def()
        .cell("applications", "total", "total")
        .unwrap();
    assert_eq!(got.report.get(id), Some(Value::Count(999)));
    let w = got
        .diagnostics
        .iter()
        .find(|w| w.rule == "grid.stale_formula:applications.total.total");
    assert!(w.is_some(), "{:#?}", got.diagnostics);
    assert_eq!(
        w.unwrap().location.as_ref().unwrap().to_string(),
        "三、收到和处理政府信息公开申请情况!J28"
    );
}

#[test]
fn every_edit_at_once() {
    let rep = sample();
    let st = Style {
        text_numbers: true,
        blank_mark: Some("—"),
        extra_columns: true,
        no_merges: true,
        ..Style::default()
    };
    let bytes = build(
        &rep,
        &st,
        &[
            (
                "x",
                vec![
                    place(T::Reviews, 1, 1),
                    place(T::Applications, 9, 2),
                    place(T::Active, 45, 2),
                ],
            ),
            ("y", vec![place(T::Front, 3, 3)]),
        ],
    );
    check(&bytes, &rep);
}

#[test]
fn workbook_without_prose_imports_with_a_warning() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[(
            "t",
            vec![
                place(T::Active, 0, 0),
                place(T::Applications, 20, 0),
                place(T::Reviews, 50, 0),
            ],
        )],
    );
    let got = import(&bytes).unwrap();
    assert_eq!(got.report.values(), rep.values());
    assert!(got.report.sections.overview.is_empty());
    assert!(
        got.diagnostics
            .iter()
            .any(|w| w.rule == "grid.prose_missing"),
        "{:#?}",
        got.diagnostics
    );
    assert!(
        got.diagnostics
            .iter()
            .any(|w| w.rule == "grid.front_matter"),
        "{:#?}",
        got.diagnostics
    );
}
