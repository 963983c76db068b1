//! The DOCX reader on arbitrary bytes (encodings, markup, nesting, zip containers).
//! Nothing must panic, hang, recurse without bound or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = nianbao_docx::import(data) {
        let _ = nianbao_model::rules::check(&imported.report, Some(&imported.source_map));
    }
});
