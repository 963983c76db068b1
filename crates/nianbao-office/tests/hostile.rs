//! Untrusted workbooks: each is refused with a clear error, by a
//! counted limit, without allocating from what the file declares.

mod common;

use common::*;
use flate2::{Compress, Compression, FlushCompress};
use nianbao_model::{FormVersion, Report};
use nianbao_office::xlsx::{import, ImportError};
use std::io::Write;

/// Imports `bytes`, which must be refused with the process staying under
/// 200 MB; returns the error. (Time is not asserted: the work is bounded by
/// the limits on entries, bytes inflated and cells read, which each error
/// names; `benches/import.rs` times the reader.)
fn refuse(bytes: &[u8]) -> ImportError {
    let r = import(bytes);
    assert!(peak_rss_mb() < 200, "peak RSS {} MB", peak_rss_mb());
    match r {
        Ok(_) => panic!("imported a hostile workbook"),
        Err(e) => e,
    }
}

/// The process's peak resident set, in MB (0 where /proc is missing).
fn peak_rss_mb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="三" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

/// A minimal .xlsx from crafted parts, written with the zip crate.
fn crafted_xlsx(sheet: &str, shared: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
    ] {
        w.start_file(name, opt).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Raw deflate data that inflates to `prefix`, `repeat` MiB of `fill`, then
/// `suffix`: independently compressed, byte-aligned (sync-flushed) segments,
/// concatenated, so a 400 MB part costs a few hundred KB to build.
fn deflate_bomb(prefix: &str, fill: u8, repeat: usize, suffix: &str) -> (Vec<u8>, u64) {
    fn segment(data: &[u8], last: bool) -> Vec<u8> {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 500 + 64);
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        c.compress_vec(data, &mut out, flush).unwrap();
        assert_eq!(c.total_in() as usize, data.len());
        out
    }
    let chunk = vec![fill; 1 << 20];
    let mid = segment(&chunk, false);
    let mut out = segment(prefix.as_bytes(), false);
    for _ in 0..repeat {
        out.extend_from_slice(&mid);
    }
    out.extend(segment(suffix.as_bytes(), true));
    (
        out,
        (prefix.len() + repeat * (1 << 20) + suffix.len()) as u64,
    )
}

/// A zip written by hand, so that declared sizes can lie.
/// Entries: (name, method (0 stored, 8 deflated), data, declared size).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn raw_zip(entries: &[(&str, u16, Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, declared) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]); // time, date
                                // The bomb's checksum is never reached: it is cut off first.
            h.extend(if *method == 0 { crc32(data) } else { 0 }.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((*declared as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment len, disk, internal attrs
                h.extend(0u32.to_le_bytes()); // external attrs
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn stored(name: &str, body: &str) -> (&'static str, u16, Vec<u8>, u64) {
    (
        Box::leak(name.to_string().into_boxed_str()),
        0,
        body.as_bytes().to_vec(),
        body.len() as u64,
    )
}

fn bomb_workbook(declared: Option<u64>) -> Vec<u8> {
    let (data, real) = deflate_bomb(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#,
        b'A',
        400,
        "</t></si></sst>",
    );
    assert!(data.len() < 1 << 20, "{} bytes", data.len());
    raw_zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        stored(
            "xl/worksheets/sheet1.xml",
            &sheet_xml("A1", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
        ),
        ("xl/sharedStrings.xml", 8, data, declared.unwrap_or(real)),
    ])
}

#[test]
fn not_a_zip() {
    let e = refuse("这不是工作簿，只是一段文字。".as_bytes());
    assert!(matches!(e, ImportError::NotAWorkbook(_)), "{e}");
    assert!(matches!(refuse(b""), ImportError::NotAWorkbook(_)));
    let e = refuse(b"PK\x03\x04 and then nothing a zip needs");
    assert!(matches!(e, ImportError::NotAWorkbook(_)), "{e}");
}

#[test]
fn truncated_zip() {
    let bytes = official(&sample(), &Style::default());
    for cut in [bytes.len() / 2, bytes.len() - 10] {
        let e = refuse(&bytes[..cut]);
        assert!(matches!(e, ImportError::NotAWorkbook(_)), "{e}");
        assert!(e.to_string().contains("zip"), "{e}");
    }
}

#[test]
fn huge_shared_string_declared() {
    let bytes = bomb_workbook(None);
    assert!(bytes.len() < 1 << 20);
    let e = refuse(&bytes);
    assert!(matches!(e, ImportError::UnsafeZip(_)), "{e}");
    assert!(e.to_string().contains("xl/sharedStrings.xml"), "{e}");
}

#[test]
fn zip_bomb_that_lies_about_its_size() {
    // The zip reader stops at the declared size, so the part cannot inflate
    // past it: the entry is refused as damaged before calamine opens it.
    let e = refuse(&bomb_workbook(Some(1000)));
    assert!(
        matches!(e, ImportError::UnsafeZip(_) | ImportError::NotAWorkbook(_)),
        "{e}"
    );
    assert!(e.to_string().contains("xl/sharedStrings.xml"), "{e}");
}

#[test]
fn declared_dimension_xfd1048576_with_a_cell_there() {
    let sheet = sheet_xml(
        "A1:XFD1048576",
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    let bytes = crafted_xlsx(
        &sheet,
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
    );
    assert!(bytes.len() < 5_000);
    let e = refuse(&bytes);
    match &e {
        ImportError::SheetTooLarge { sheet, reason } => {
            assert_eq!(sheet, "三");
            assert!(reason.contains("XFD1048576"), "{reason}");
        }
        e => panic!("{e}"),
    }
}

#[test]
fn declared_dimension_alone_allocates_nothing() {
    // A huge declared dimension with an ordinary cell: not refused for its
    // size (nothing is allocated from it) but for holding no table.
    let sheet = sheet_xml(
        "A1:XFD1048576",
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
    );
    let bytes = crafted_xlsx(
        &sheet,
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
    );
    let e = refuse(&bytes);
    assert!(matches!(e, ImportError::Invalid(_)), "{e}");
}

#[test]
fn too_many_cells() {
    let cells: String = (1..=1100)
        .map(|r| format!(r#"<row r="{r}">{}</row>"#, "<c/>".repeat(100)))
        .collect();
    let bytes = crafted_xlsx(
        &sheet_xml("A1", &cells),
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
    );
    let e = refuse(&bytes);
    assert!(matches!(e, ImportError::SheetTooLarge { .. }), "{e}");
}

#[test]
fn encrypted() {
    // An Office-encrypted workbook is an OLE compound file holding an
    // EncryptedPackage stream; its header and directory are enough.
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        b.extend(entry);
    }
    let e = refuse(&b);
    assert!(matches!(e, ImportError::Encrypted), "{e}");
    assert!(e.to_string().contains("文件已加密"), "{e}");
}

#[test]
fn all_tables_empty() {
    let e = refuse(&official(
        &Report::empty(FormVersion::V2021),
        &Style::default(),
    ));
    let ImportError::Invalid(d) = &e else {
        panic!("{e}")
    };
    assert!(d.iter().any(|d| d.rule == "grid.empty"), "{d:#?}");
}

#[test]
fn a_workbook_without_tables() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "随便写点什么")
        .unwrap();
    let e = refuse(&wb.save_to_buffer().unwrap());
    let ImportError::Invalid(d) = &e else {
        panic!("{e}")
    };
    for t in ["active", "applications", "reviews"] {
        assert!(
            d.iter()
                .any(|d| d.rule.starts_with(&format!("grid.table_missing:{t}"))),
            "{t}: {d:#?}"
        );
    }
}
