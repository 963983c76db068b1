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

/// The report with table 三's numbers as an office's are: under 10,000,
/// none blank, each row's total the sum of its other columns.
fn adding_up(mut r: nianbao_model::Report) -> nianbao_model::Report {
    use nianbao_model::Value;
    let form = r.form_def();
    let table = form
        .tables
        .iter()
        .position(|t| t.key == "applications")
        .unwrap();
    for c in form.cells().iter().filter(|c| c.table_index == table) {
        let n = match r.get(c.id) {
            Some(Value::Count(n)) => n % 10_000,
            _ => 0,
        };
        r.set(c.id, Some(Value::Count(n)));
    }
    for e in nianbao_model::rules::equations(r.form) {
        let [total] = e.left[..] else { continue };
        let row = form.def(total).row.key;
        if form.def(total).table_index != table
            || !e.right.iter().all(|&c| form.def(c).row.key == row)
        {
            continue;
        }
        let sum = e
            .right
            .iter()
            .map(|&c| match r.get(c) {
                Some(Value::Count(n)) => n,
                _ => 0,
            })
            .sum();
        r.set(total, Some(Value::Count(sum)));
    }
    r
}

/// Breaks each full-width number of two digits or more on a line of its
/// own (one cell per line, as PyMuPDF gives a PDF's cells) into lines of
/// `width` digits, as a narrow cell wraps it: `１１９８` → `１１９` / `８`.
fn break_fullwidth(text: &str, width: usize, every: usize) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + 256);
    let mut broken = 0;
    let mut seen = 0;
    let mut in_tables = false;
    for line in text.lines() {
        // Only inside table 三 (the other tables have no totals to tell by).
        if line.starts_with("三、") {
            in_tables = true;
        } else if line.starts_with("四、政府信息公开") {
            in_tables = false;
        }
        let digits: Vec<char> = line.chars().collect();
        let number =
            in_tables && digits.len() > width && digits.iter().all(|c| ('０'..='９').contains(c));
        if number {
            seen += 1;
        }
        if number && seen % every == 0 {
            for chunk in digits.chunks(width) {
                out.extend(chunk);
                out.push('\n');
            }
            broken += 1;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    (out, broken)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// A wrong number is worse than none: full-width numbers broken across
    /// lines read back to the report's own numbers, or are refused — never
    /// read as other numbers.
    #[test]
    fn broken_fullwidth_numbers_read_exactly_or_are_refused(
        r in nianbao_model::testing::report(),
        width in 1usize..4,
        every in 1usize..4,
    ) {
        let r = adding_up(r);
        let text = render_as(&r, Layout::CellPerLine, Digits { full_width: true, thousands: false });
        let (text, broken) = break_fullwidth(&text, width, every);
        prop_assume!(broken > 0);
        if let Ok(back) = nianbao_text::parse(&text) {
            prop_assert_eq!(back.report, r, "{}", text);
        }
    }
}
