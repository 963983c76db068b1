//! Table-level problems: the workbook is refused with diagnostics that name
//! the sheet and the cell, never imported with a number in doubt.

mod common;

use common::*;
use nianbao_model::Diagnostic;
use nianbao_office::xlsx::{import, ImportError};
use rust_xlsxwriter::Workbook;

const T3: &str = "三、收到和处理政府信息公开申请情况";

fn invalid(bytes: &[u8]) -> Vec<Diagnostic> {
    match import(bytes) {
        Err(ImportError::Invalid(d)) => d,
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("imported"),
    }
}

fn find<'a>(d: &'a [Diagnostic], rule: &str) -> &'a Diagnostic {
    d.iter()
        .find(|d| d.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} in {d:#?}"))
}

fn at(d: &Diagnostic) -> String {
    d.location
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Overwrites a cell of the table 三 sheet (index 2 in the official layout).
fn t3(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> impl FnOnce(&mut Workbook) {
    move |wb| edit(wb.worksheet_from_index(2).unwrap())
}

#[test]
fn a_count_with_a_fraction() {
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_number(4, 3, 2.5).unwrap();
        }),
    ));
    let e = find(&d, "grid.value:applications.new.natural");
    assert_eq!(at(e), format!("{T3}!D5"));
    assert!(e.message.zh.contains("整数"), "{}", e.message.zh);
}

#[test]
fn negative_numbers_and_words_in_number_cells() {
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_number(5, 4, -1.0).unwrap();
            ws.write_string(6, 5, "十二").unwrap();
        }),
    ));
    assert_eq!(
        at(find(&d, "grid.value:applications.carried_over.commercial")),
        format!("{T3}!E6")
    );
    assert_eq!(
        at(find(&d, "grid.value:applications.granted.research")),
        format!("{T3}!F7")
    );
}

#[test]
fn two_rows_with_one_label() {
    // The label of （二） overwritten with that of （一）.
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_string(7, 1, "（一）予以公开").unwrap();
        }),
    ));
    let e = find(&d, "grid.ambiguous_row:applications.granted");
    assert!(
        e.message.zh.contains(&format!("{T3}!B7")) && e.message.zh.contains(&format!("{T3}!B8")),
        "{}",
        e.message.zh
    );
    find(&d, "grid.row_missing:applications.partly_granted");
}

#[test]
fn a_row_under_the_wrong_group() {
    // （三）不予公开 relabelled as （五）不予处理: its items are not that group's.
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_string(8, 1, "（五）不予处理").unwrap();
        }),
    ));
    find(&d, "grid.ambiguous_row:applications.denied.state_secret");
}

#[test]
fn the_same_table_twice() {
    let rep = sample();
    let bytes = build(
        &rep,
        &Style::default(),
        &[
            ("a", vec![place(T::Active, 0, 0), place(T::Reviews, 20, 0)]),
            ("b", vec![place(T::Applications, 0, 0)]),
            ("c", vec![place(T::Applications, 3, 2)]),
        ],
    );
    let d = invalid(&bytes);
    let e = find(&d, "grid.duplicate_table:applications");
    assert!(
        e.message.zh.contains("b!D3") && e.message.zh.contains("c!F6"),
        "{}",
        e.message.zh
    );
}

#[test]
fn a_header_twice_in_one_band() {
    // A second 总计 column beside the first: which one is the total?
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_string(3, 10, "总计").unwrap();
        }),
    ));
    let e = find(&d, "grid.ambiguous_header:applications.total");
    assert!(
        e.message.zh.contains(&format!("{T3}!J3")) && e.message.zh.contains(&format!("{T3}!K4")),
        "{}",
        e.message.zh
    );
}

#[test]
fn a_number_merged_over_two_columns() {
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.merge_range(4, 3, 4, 4, "", &rust_xlsxwriter::Format::new())
                .unwrap();
            ws.write_number(4, 3, 3.0).unwrap();
        }),
    ));
    find(&d, "grid.merged_value:applications.new.natural");
}

#[test]
fn a_missing_row_is_named() {
    let d = invalid(&official_with(
        &sample(),
        &Style::default(),
        t3(|ws| {
            ws.write_string(28, 0, "备注").unwrap();
        }),
    ));
    let e = find(&d, "grid.row_missing:applications.carry_forward");
    assert!(
        e.message.zh.contains("结转下年度继续办理"),
        "{}",
        e.message.zh
    );
}
