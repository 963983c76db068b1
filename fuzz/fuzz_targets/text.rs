//! The text reader on arbitrary bytes: encoding detection, then parsing,
//! then the consistency rules on whatever was read. A report that is read
//! must render to text that reads back to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = nianbao_text::decode(data) else {
        return;
    };
    let Ok(parsed) = nianbao_text::parse(&decoded.text) else {
        return;
    };
    let _ = nianbao_model::rules::check(&parsed.report, Some(&parsed.source_map));
    let text = nianbao_text::render(&parsed.report);
    let again = nianbao_text::parse(&text).expect("rendered text must read back");
    assert_eq!(
        again.report, parsed.report,
        "render → parse changed the report"
    );
});
