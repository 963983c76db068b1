//! The Word 97 reader on arbitrary bytes (OLE containers, piece tables,
//! paragraph pages, then the text reader). Nothing must panic, hang or
//! allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the front door, as every caller reads.
    if let Ok(read) = nianbao::read(data, nianbao::Format::Doc) {
        let _ = nianbao::check(&read);
    }
});
