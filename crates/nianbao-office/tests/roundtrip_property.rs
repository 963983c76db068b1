//! Random reports on the 2021 form survive the official workbook: export,
//! then import, gives the identical report (numbers, blanks, fee digits,
//! title, organ, year, prose) and no warning of a stale formula.

use proptest::prelude::*;

proptest! {
    #[test]
    fn a_report_round_trips_through_xlsx(r in nianbao_model::testing::report()) {
        let bytes = nianbao_office::xlsx::to_xlsx(&r, &[]).unwrap();
        let back = nianbao_office::xlsx::import(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(
            !back.diagnostics.iter().any(|w| w.rule.contains("stale")),
            "{:?}",
            back.diagnostics
        );
        prop_assert_eq!(back.report, r);
    }
}
