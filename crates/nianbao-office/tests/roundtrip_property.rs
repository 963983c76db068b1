//! Random reports on the 2021 form survive the official workbook: export,
//! then import, gives the identical report (numbers, blanks, fee digits,
//! title, organ, year, prose) and no warning of a stale formula.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn a_report_round_trips_through_xlsx(r in nianbao_model::testing::report()) {
        let bytes = nianbao_office::xlsx::to_xlsx(&r, &[]).unwrap();
        let back = nianbao_office::xlsx::import(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(
            !back.warnings.iter().any(|w| w.rule.contains("stale")),
            "{:?}",
            back.warnings
        );
        prop_assert_eq!(back.report, r);
    }
}
