//! The JSON reader on arbitrary text. A report that is read must write back
//! to JSON that reads to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the front door, as every caller reads and writes.
    let Ok(read) = nianbao::read(data, nianbao::Format::Json) else {
        return;
    };
    let _ = nianbao::check(&read);
    let written = nianbao::write(&read.report, &[], nianbao::Format::Json).expect("a report read is written");
    let again = nianbao::read(&written, nianbao::Format::Json).expect("what nianbao writes it reads back");
    assert_eq!(again.report, read.report, "write → read changed the report");
});
