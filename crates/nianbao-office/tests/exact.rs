//! Counts past 2^53 in a workbook's number cells are read from the cell's
//! saved text, exactly, up to u64 (a double would round
//! 9007199254740993 to …992); past u64 they are refused. The workbook is
//! nianbao's export with one cell's saved digits replaced, as a generator
//! writing integers as digits saves them.

use nianbao_model::{Report, Value};
use std::io::{Cursor, Read, Write};

fn seed() -> Report {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/seeds/000_79b5c35e28a790e5.expected.json");
    nianbao_data::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The export of `r` with the saved value `from` replaced by `to` in every
/// sheet.
fn patched(r: &Report, from: &str, to: &str) -> Vec<u8> {
    let bytes = nianbao_office::xlsx::to_xlsx(r, &[]).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut hits = 0;
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if f.name().starts_with("xl/worksheets/") {
            let s = String::from_utf8(data).unwrap();
            hits += s.matches(from).count();
            data = s.replace(from, to).into_bytes();
        }
        w.start_file(f.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    assert_eq!(hits, 1, "{from}");
    w.finish().unwrap().into_inner()
}

#[test]
fn a_count_past_2_53_is_read_from_its_digits() {
    let mut r = seed();
    let id = r.form_def().cell("active", "license", "decisions").unwrap();
    r.set(id, Some(Value::Count(1_234_567)));
    for big in [9_007_199_254_740_993u64, u64::MAX] {
        let bytes = patched(&r, "<v>1234567</v>", &format!("<v>{big}</v>"));
        let read = nianbao_office::xlsx::import(&bytes).unwrap();
        assert_eq!(read.report.get(id), Some(Value::Count(big)));
    }
    let over = patched(&r, "<v>1234567</v>", "<v>18446744073709551616</v>");
    assert!(nianbao_office::xlsx::import(&over).is_err());
}
