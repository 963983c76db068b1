//! The long-CSV and dataset-CSV readers on arbitrary text. A report that is
//! read must write back to CSV that reads to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = nianbao_data::csv::read_dataset_csv(text);
    }
    // Through the front door, as every caller reads and writes.
    let Ok(read) = nianbao::read(data, nianbao::Format::Csv) else {
        return;
    };
    let _ = nianbao::check(&read);
    let written = nianbao::write(&read.report, &[], nianbao::Format::Csv).expect("a report read is written");
    let again = nianbao::read(&written, nianbao::Format::Csv).expect("what nianbao writes it reads back");
    assert_eq!(again.report, read.report, "write → read changed the report");
});
