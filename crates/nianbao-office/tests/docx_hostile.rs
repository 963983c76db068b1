//! Hostile and Word-shaped .docx files: each refused with a reason (by a
//! limit on what can be counted: entries, bytes inflated, tables, depth); a table as Word writes it (gridBefore, gridSpan, vMerge, runs)
//! becomes the grid it shows.

use nianbao_model::grid::{CellValue, Rect};
use std::io::Write;

fn docx(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in entries {
        z.start_file(*n, o).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap().into_inner()
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

#[test]
fn a_zip_bomb_is_refused_quickly() {
    // 1 GB of zeros in one entry: refused on its declared size.
    let zeros = vec![0u8; 1 << 20];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("word/document.xml", o).unwrap();
    for _ in 0..1024 {
        z.write_all(&zeros).unwrap();
    }
    let bomb = z.finish().unwrap().into_inner();
    let r = nianbao_office::docx::import(&bomb);
    assert!(
        matches!(r, Err(nianbao_office::docx::Error::UnsafeZip(_))),
        "{r:?}"
    );
}

#[test]
fn a_bomb_that_lies_about_its_size_is_refused_on_what_it_inflates_to() {
    // 200 MB of zeros declared as 100 bytes (sizes patched in the local
    // header and the central directory).
    let zeros = vec![0u8; 1 << 20];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("word/document.xml", o).unwrap();
    for _ in 0..200 {
        z.write_all(&zeros).unwrap();
    }
    let mut bomb = z.finish().unwrap().into_inner();
    let real = (200u32 << 20).to_le_bytes();
    let mut patched = 0;
    for i in 0..bomb.len() - 4 {
        if bomb[i..i + 4] == real {
            bomb[i..i + 4].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    let r = nianbao_office::docx::import(&bomb);
    // Refused by what it inflates to: at most one entry's cap is inflated.
    assert!(
        matches!(&r, Err(nianbao_office::docx::Error::UnsafeZip(m) | nianbao_office::docx::Error::Damaged(m)) if m.contains("word/document.xml")),
        "{r:?}"
    );
}

#[test]
fn not_a_docx_is_refused_with_a_reason() {
    for (bytes, want) in [
        (b"".to_vec(), "文件为空"),
        (b"hello".to_vec(), "zip"),
        (docx(&[("xl/workbook.xml", b"<x/>")]), "Excel"),
        (b"PK\x03\x04truncated".to_vec(), "zip"),
    ] {
        let e = nianbao_office::docx::import(&bytes)
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{e}");
    }
    let deep = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        "<w:tbl><w:tr><w:tc>".repeat(10_000)
    );
    let e =
        nianbao_office::docx::import(&docx(&[("word/document.xml", deep.as_bytes())])).unwrap_err();
    assert!(matches!(e, nianbao_office::docx::Error::TooLarge(_)), "{e}");
}

#[test]
fn word_tables_become_the_grid_they_show() {
    let xml = format!(
        r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>某局2023年政府信息公开工作年度报告</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>
      <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
      <w:tc><w:p><w:r><w:t>1</w:t></w:r><w:proofErr w:type="gramStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>3</w:t></w:r><w:r><w:t xml:space="preserve">6&amp;</w:t></w:r></w:p></w:tc>
      <w:tc><w:p><w:r><w:t>x</w:t></w:r><w:r><w:br/><w:t>y</w:t></w:r></w:p><w:p><w:r><w:delText>9</w:delText></w:r></w:p></w:tc></w:tr>
<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
</w:tbl><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>"#
    );
    let doc = nianbao_office::docx::document_of(xml.as_bytes()).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("某局2023年政府信息公开工作年度报告")
    );
    assert_eq!(
        doc.paragraphs.last().map(String::as_str),
        Some("一、总体情况")
    );
    let t = &doc.tables[0];
    let at = |r, c| {
        t.cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .map(|x| x.value.clone())
    };
    assert_eq!(at(1, 1), Some(CellValue::Text("136&".into())));
    assert_eq!(at(1, 2), Some(CellValue::Text("x\ny".into())));
    assert_eq!(at(2, 1), Some(CellValue::Text("C".into())));
    assert_eq!(at(1, 0), None, "a continuing cell holds no value");
    let mut merges = t.merges.clone();
    merges.sort_by_key(|m| (m.top, m.left));
    let rect = |top, left, bottom, right| Rect {
        top,
        left,
        bottom,
        right,
    };
    assert_eq!(
        merges,
        vec![rect(0, 0, 1, 0), rect(0, 1, 0, 2), rect(2, 1, 3, 2)]
    );
}
