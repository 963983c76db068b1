//! The text reader on arbitrary bytes: encoding detection, then parsing,
//! then the consistency rules on whatever was read. A report that is read
//! must render to text that reads back to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the front door, as every caller reads and writes.
    let Ok(read) = nianbao::read(data, nianbao::Format::Text) else {
        return;
    };
    let _ = nianbao::check(&read);
    let written = nianbao::write(&read.report, &[], nianbao::Format::Text).expect("a report read is written");
    let again = nianbao::read(&written, nianbao::Format::Text).expect("what nianbao writes it reads back");
    assert_eq!(again.report, read.report, "write → read changed the report");
});
