//! Properties of the JSON and CSV writers and readers over random reports
//! (blanks, counts up to 10^9, fees with 0–6 decimals, prose of every kind,
//! both editions of the form): what is written reads back unchanged.
//! `PROPTEST_CASES` raises the number of cases (256 each by default).

use nianbao_data::csv::{read_dataset_csv, read_long_csv, to_long_csv, unguard, DatasetWriter};
use nianbao_data::json::{from_json, to_json};
use nianbao_model::testing::any_report;
use nianbao_model::Report;
use proptest::prelude::*;

/// Text a spreadsheet would take for a formula, or anything at all: for
/// the `source` and `organ` fields of a dataset.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[=+\\-@\t\r'][^\\u{0}]{0,30}",
        1 => "'+[=+\\-@][^\\u{0}]{0,10}",
        1 => "[^\\u{0}]{1,30}",
    ]
}

proptest! {
    /// Report → JSON → report: everything, prose and blanks included.
    #[test]
    fn json_round_trips(r in any_report()) {
        let json = to_json(&r);
        let back = from_json(&json).map_err(|e| TestCaseError::fail(format!("{e:?}\n{json}")))?;
        prop_assert_eq!(back, r);
    }

    /// Report → long CSV → report: the numbers and blanks, on the right
    /// edition of the form (the long CSV carries no title, organ or prose).
    #[test]
    fn long_csv_round_trips_the_numbers(r in any_report()) {
        let csv = to_long_csv(&r);
        let back = read_long_csv(&csv).map_err(|e| TestCaseError::fail(format!("{e:?}\n{csv}")))?;
        prop_assert_eq!(back.form, r.form);
        prop_assert_eq!(back.values(), r.values());
        prop_assert!(back.title.is_empty() && back.organ.is_empty() && back.year.is_none());
    }

    /// Reports → dataset CSV → reports: source, organ, year and numbers of
    /// each, whatever the source and organ hold (formula starts are guarded
    /// on the way out and unguarded on the way in).
    #[test]
    fn dataset_csv_round_trips(
        rs in proptest::collection::vec((hostile_text(), hostile_text(), any_report()), 1..4)
    ) {
        let mut w = DatasetWriter::new(Vec::new()).unwrap();
        let mut want: Vec<(String, Report)> = Vec::new();
        for (i, (source, organ, mut r)) in rs.into_iter().enumerate() {
            // Sources must differ: a repeated source is refused.
            let source = format!("{source}#{i}");
            r.organ = organ;
            w.write_report(&source, &r).unwrap();
            want.push((source, r));
        }
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        // The OWASP guard: no field a spreadsheet would see starts a formula
        // (`-` only guarded where it starts text: negative numbers are data).
        for rec in ::csv::Reader::from_reader(text.as_bytes()).records() {
            let rec = rec.unwrap();
            for field in rec.iter().take(2) {
                prop_assert!(!field.starts_with(['=', '+', '-', '@', '\t', '\r']), "unguarded {:?}", field);
            }
        }
        let back = read_dataset_csv(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(back.len(), want.len());
        for (entry, (source, r)) in back.iter().zip(&want) {
            prop_assert_eq!(&entry.source, source);
            prop_assert_eq!(&entry.report.organ, &r.organ);
            prop_assert_eq!(entry.report.year, r.year);
            prop_assert_eq!(entry.report.form, r.form);
            prop_assert_eq!(entry.report.values(), r.values());
        }
    }

    /// The guard is undone exactly, whatever the text.
    #[test]
    fn guard_then_unguard_is_the_identity(s in hostile_text()) {
        let guarded = nianbao_data::csv::guard(&s);
        prop_assert!(!guarded.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert_eq!(unguard(&guarded), s.as_str());
    }
}
