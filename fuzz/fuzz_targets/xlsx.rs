//! The workbook importer on arbitrary bytes (zip containers, sheets, shared
//! strings). Nothing must panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = nianbao_xlsx_import::import(data) {
        let _ = nianbao_model::rules::check(&imported.report, Some(&imported.source_map));
    }
});
