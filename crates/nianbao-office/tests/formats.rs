//! Formats other than .xlsx, told apart by their bytes.

use nianbao_model::grid::CellValue;
use nianbao_office::xlsx::{read_sheets, Format};
use std::io::Write;

/// A minimal OpenDocument spreadsheet with a merged label and a number.
fn ods() -> Vec<u8> {
    ods_with(
        r#"<table:table table:name="三"><table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>一、本年新收政府信息公开申请数量</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
    )
}

/// An OpenDocument spreadsheet whose body is `tables`.
fn ods_with(tables: &str) -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>TABLES</office:spreadsheet></office:body></office:document-content>"#
        .replace("TABLES", tables);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", stored).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    w.start_file("content.xml", stored).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn ods_is_read_by_its_bytes() {
    let wb = read_sheets(&ods()).unwrap();
    assert_eq!(wb.format, Format::Ods);
    assert_eq!(wb.sheets.len(), 1);
    let s = &wb.sheets[0];
    assert_eq!(s.name, "三");
    let at = |r, c| {
        s.cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .map(|x| x.value.clone())
    };
    assert_eq!(
        at(0, 0),
        Some(CellValue::Text("一、本年新收政府信息公开申请数量".into()))
    );
    assert_eq!(at(0, 3), Some(CellValue::Number(12.0)));
}

#[test]
fn a_docx_is_not_a_workbook() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(b"<w:document/>").unwrap();
    let e = read_sheets(&w.finish().unwrap().into_inner()).unwrap_err();
    assert!(e.to_string().contains("没有工作簿"), "{e}");
}

#[test]
fn ods_repeats_are_bounded_before_calamine_expands_them() {
    // 1,000,000 rows × 16,384 cells, each holding 1: a few hundred bytes.
    let e = read_sheets(&ods_with(
        r#"<table:table table:name="x"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
    ))
    .unwrap_err();
    assert!(
        matches!(e, nianbao_office::xlsx::ImportError::UnsafeZip(_)),
        "{e}"
    );
}
