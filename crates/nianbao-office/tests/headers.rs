//! Headers that lost a label (issue 11) in workbooks and Word files: the
//! same grid finder as web pages reads them where the positions of the
//! columns leave one answer, naming each column placed by position, and
//! refuses them otherwise.

mod common;

use common::*;
use nianbao_model::{Diagnostic, Read, Report};
use rust_xlsxwriter::{Workbook, Worksheet};
use std::io::{Read as _, Write as _};

const T3: &str = "三、收到和处理政府信息公开申请情况";

fn xlsx(bytes: &[u8]) -> Result<Read, Vec<Diagnostic>> {
    match nianbao_office::xlsx::import(bytes) {
        Ok(r) => Ok(r),
        Err(nianbao_office::xlsx::ImportError::Invalid(d)) => Err(d),
        Err(e) => panic!("{e}"),
    }
}

/// The official workbook of `rep` with cells of a table's sheet rewritten
/// (sheet 2: table 三, sheet 3: table 四).
fn workbook(rep: &Report, sheet: usize, edit: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    official_with(rep, &Style::default(), move |wb: &mut Workbook| {
        edit(wb.worksheet_from_index(sheet).unwrap())
    })
}

/// Empties a cell (Excel keeps no empty strings: a blank cell with a format).
fn blank(ws: &mut Worksheet, row: u32, col: u16) {
    ws.write_blank(row, col, &rust_xlsxwriter::Format::new().set_bold())
        .unwrap();
}

fn same_numbers(got: &Report, want: &Report) {
    for c in want.form_def().cells() {
        assert_eq!(got.get(c.id), want.get(c.id), "{}", c.path());
    }
}

fn inferred(read: &Read) -> Vec<(String, String)> {
    read.diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("grid.header_inferred:"))
        .map(|d| {
            (
                d.rule.clone(),
                d.location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_workbook_whose_natural_header_cell_is_empty() {
    let rep = sample();
    let read = xlsx(&workbook(&rep, 2, |ws| {
        blank(ws, 2, 3);
    }))
    .unwrap();
    same_numbers(&read.report, &rep);
    assert_eq!(
        inferred(&read),
        [(
            "grid.header_inferred:applications.natural".to_string(),
            format!("{T3}!D3")
        )]
    );
}

#[test]
fn a_workbook_without_total_and_natural_labels() {
    let rep = sample();
    let read = xlsx(&workbook(&rep, 2, |ws| {
        blank(ws, 2, 3);
        blank(ws, 2, 9);
    }))
    .unwrap();
    same_numbers(&read.report, &rep);
    assert_eq!(inferred(&read).len(), 2);
}

#[test]
fn a_workbook_whose_review_total_header_is_empty() {
    let rep = sample();
    let read = xlsx(&workbook(&rep, 3, |ws| {
        blank(ws, 3, 4);
    }))
    .unwrap();
    same_numbers(&read.report, &rep);
    assert_eq!(
        inferred(&read)[0].0,
        "grid.header_inferred:reviews.review.total"
    );
}

#[test]
fn a_workbook_with_two_empty_labels_side_by_side_is_refused() {
    let rep = sample();
    let d = xlsx(&workbook(&rep, 2, |ws| {
        blank(ws, 3, 5);
        blank(ws, 3, 6);
    }))
    .expect_err("refused");
    let e = d
        .iter()
        .find(|d| d.rule == "grid.header_missing:applications.research")
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert!(e.message.zh.contains("科研机构") && e.message.zh.contains("社会公益组织"));
    assert_eq!(
        e.location.as_ref().map(ToString::to_string),
        Some(format!("{T3}!F4"))
    );
}

#[test]
fn a_workbook_with_a_note_column_where_total_was_is_refused() {
    // The 总计 label gone, and a column headed 备注 after it: the numbers
    // under 备注 are no total.
    let rep = sample();
    let d = xlsx(&workbook(&rep, 2, |ws| {
        blank(ws, 2, 9);
        ws.write_string(2, 10, "备注").unwrap();
        ws.write_number(4, 10, 1.0).unwrap();
    }))
    .expect_err("refused");
    assert!(
        d.iter()
            .any(|d| d.rule == "grid.header_missing:applications.total"),
        "{d:#?}"
    );
}

// ---------------------------------------------------------------------
// Word files.

/// `rep` as the official Word document with `edit` made to its body XML.
fn docx(rep: &Report, edit: impl Fn(String) -> String) -> Vec<u8> {
    let bytes = nianbao_office::docx::to_docx(rep).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn blank_label(xml: String, label: &str) -> String {
    let t = format!(">{label}</w:t>");
    assert!(xml.contains(&t), "no {label}");
    xml.replacen(&t, "></w:t>", 1)
}

#[test]
fn a_word_table_whose_natural_and_total_labels_are_blank() {
    let rep = sample();
    let bytes = docx(&rep, |x| blank_label(blank_label(x, "自然人"), "总计"));
    let read = nianbao_office::docx::import(&bytes).unwrap_or_else(|e| panic!("{e}"));
    same_numbers(&read.report, &rep);
    let rules: Vec<String> = inferred(&read).into_iter().map(|(r, _)| r).collect();
    assert_eq!(
        rules,
        [
            "grid.header_inferred:applications.natural",
            "grid.header_inferred:applications.total"
        ]
    );
}

#[test]
fn a_word_table_with_two_blank_labels_side_by_side_is_refused() {
    let rep = sample();
    let bytes = docx(&rep, |x| {
        blank_label(blank_label(x, "法律服务机构"), "社会公益组织")
    });
    match nianbao_office::docx::import(&bytes) {
        Err(nianbao_office::docx::Error::Invalid(d)) => assert!(
            d.iter()
                .any(|d| d.rule == "grid.header_missing:applications.social"),
            "{d:#?}"
        ),
        other => panic!(
            "not refused as it should be: {:?}",
            other.map(|r| r.diagnostics)
        ),
    }
}
