//! The PDF reader on arbitrary bytes (objects, xref tables and streams,
//! filters, fonts and ToUnicode maps, content streams, table layout).
//! Nothing must panic, hang, recurse without bound or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Through the front door, as every caller reads.
    if let Ok(read) = nianbao::read(data, nianbao::Format::Pdf) {
        let _ = nianbao::check(&read);
    }
});
