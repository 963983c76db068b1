//! Properties: a random report written as canonical text reads back to the
//! identical report, and so does every other layout the reader accepts.
//! `PROPTEST_CASES` raises the number of cases for longer runs.

use nianbao_text::layouts::{render_as, Digits, Layout};
use proptest::prelude::*;

proptest! {
    #[test]
    fn canonical_text_round_trips(r in nianbao_model::testing::report()) {
        let text = nianbao_text::render(&r);
        let back = nianbao_text::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:#?}\n{text}")))?;
        prop_assert_eq!(back.report, r);
    }
}

proptest! {
    #[test]
    fn every_layout_reads_the_same(r in nianbao_model::testing::report(), layout in proptest::sample::select(Layout::ALL.to_vec()), fw in any::<bool>(), th in any::<bool>()) {
        let text = render_as(&r, layout, Digits { full_width: fw, thousands: th });
        let back = nianbao_text::parse(&text).map_err(|e| TestCaseError::fail(format!("{}: {e:#?}\n{text}", layout.name())))?;
        prop_assert_eq!(back.report, r);
    }
}

proptest! {
    #[test]
    fn reports_on_the_2019_form_round_trip_in_every_layout(r in nianbao_model::testing::report_2019(), layout in proptest::sample::select(Layout::ALL.to_vec()), th in any::<bool>()) {
        let text = render_as(&r, layout, Digits { full_width: false, thousands: th });
        let back = nianbao_text::parse(&text).map_err(|e| TestCaseError::fail(format!("{}: {e:#?}\n{text}", layout.name())))?;
        prop_assert_eq!(back.report, r);
    }
}
