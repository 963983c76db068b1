//! The workbook importer on arbitrary bytes (zip containers, sheets, shared
//! strings). Nothing must panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the front door, as every caller reads.
    if let Ok(read) = nianbao::read(data, nianbao::Format::Xlsx) {
        let _ = nianbao::check(&read);
    }
});
