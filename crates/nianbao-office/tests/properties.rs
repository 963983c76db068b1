//! Property: a random report (blanks, counts up to 10^9, fees with 0–6
//! decimals, prose of every kind including text that starts like a formula,
//! both editions of the form) exported as the official XLSX form imports
//! back to the identical report. `PROPTEST_CASES` raises the number of
//! cases (default 256, proptest's own).

use nianbao_model::testing::any_report;
use nianbao_model::{rules, Report};
use nianbao_office::xlsx::{import, ImportError};
use proptest::prelude::*;

/// Whether any number of `r` is filled in.
fn has_numbers(r: &Report) -> bool {
    r.values().iter().any(Option::is_some)
}

proptest! {
    #[test]
    fn xlsx_round_trips(r in any_report(), marked in any::<bool>()) {
        // With or without the rule marks (fills and notes) on the cells.
        let diags = if marked { rules::check(&r, None) } else { Vec::new() };
        let bytes = nianbao_office::xlsx::to_xlsx(&r, &diags).unwrap();
        match import(&bytes) {
            Ok(got) => {
                prop_assert!(has_numbers(&r));
                prop_assert_eq!(got.report, r);
            }
            // A form with every table empty is refused, not read as zeros.
            Err(ImportError::Invalid(d)) if !has_numbers(&r) => {
                prop_assert!(d.iter().any(|d| d.rule == "grid.empty"), "{:#?}", d);
            }
            Err(ImportError::Invalid(d)) => {
                return Err(TestCaseError::fail(format!("refused: {d:#?}")));
            }
            Err(e) => return Err(TestCaseError::fail(format!("refused: {e}"))),
        }
    }
}
