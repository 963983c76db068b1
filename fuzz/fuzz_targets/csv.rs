//! The long-CSV and dataset-CSV readers on arbitrary text. A report that is
//! read must write back to CSV that reads to the same report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = nianbao_export::csv::read_dataset_csv(text);
    let Ok(report) = nianbao_export::csv::read_long_csv(text) else {
        return;
    };
    let _ = nianbao_model::rules::check(&report, None);
    let again = nianbao_export::csv::read_long_csv(&nianbao_export::csv::to_long_csv(&report))
        .expect("written CSV must read back");
    assert_eq!(again, report, "CSV write → read changed the report");
});
