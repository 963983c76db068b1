//! Reports on the 2019 form survive the official workbook: export, then
//! import, gives the identical report.

use proptest::prelude::*;

proptest! {
    #[test]
    fn a_2019_report_round_trips_through_xlsx(r in nianbao_model::testing::report_2019()) {
        let bytes = nianbao_office::xlsx::to_xlsx(&r, &[]).unwrap();
        let back = nianbao_office::xlsx::import(&bytes).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(back.report, r);
    }
}
