//! The JSON reader on arbitrary text. A report that is read must write back
//! to JSON that reads to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(report) = nianbao_export::json::from_json(text) else {
        return;
    };
    let _ = nianbao_model::rules::check(&report, None);
    let again = nianbao_export::json::from_json(&nianbao_export::json::to_json(&report))
        .expect("written JSON must read back");
    assert_eq!(again, report, "JSON write → read changed the report");
});
