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

/// Breaks full-width numbers of table 三 laid out in columns (the spaces
/// layout) as w3m lays out a narrow cell: the first `width` digits stay in
/// the row's line, the rest go on lines below at the same place (display
/// cells), as many as it takes.
fn break_fullwidth_in_columns(text: &str, width: usize, every: usize) -> (String, usize) {
    let wide = |c: char| if c.is_ascii() { 1 } else { 2 };
    let mut out = String::with_capacity(text.len() + 1024);
    let (mut broken, mut seen, mut in_table) = (0, 0, false);
    for line in text.lines() {
        if line.starts_with("三、") {
            in_table = true;
        } else if line.starts_with("四、政府信息公开") {
            in_table = false;
        }
        // Tokens with their display column.
        let mut row = String::new();
        let mut below: Vec<Vec<(usize, String)>> = Vec::new();
        let mut col = 0;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                row.push(c);
                col += 1;
                continue;
            }
            let mut tok = String::from(c);
            while let Some(&n) = chars.peek() {
                if n == ' ' {
                    break;
                }
                tok.push(n);
                chars.next();
            }
            let digits: Vec<char> = tok.chars().collect();
            let number = in_table
                && digits.len() > width
                && digits.iter().all(|c| ('０'..='９').contains(c));
            if number {
                seen += 1;
            }
            let w: usize = tok.chars().map(wide).sum();
            if number && seen % every == 0 {
                let mut parts = digits.chunks(width);
                let head: String = parts.next().unwrap().iter().collect();
                let hw: usize = head.chars().map(wide).sum();
                row.push_str(&head);
                row.push_str(&" ".repeat(w - hw));
                for (k, p) in parts.enumerate() {
                    if below.len() <= k {
                        below.push(Vec::new());
                    }
                    below[k].push((col, p.iter().collect()));
                }
                broken += 1;
            } else {
                row.push_str(&tok);
            }
            col += w;
        }
        out.push_str(&row);
        out.push('\n');
        for l in below {
            let mut s = String::new();
            let mut at = 0;
            for (c, t) in l {
                s.push_str(&" ".repeat(c.saturating_sub(at)));
                at = c + t.chars().map(wide).sum::<usize>();
                s.push_str(&t);
            }
            out.push_str(&s);
            out.push('\n');
        }
    }
    (out, broken)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// The same in columns: broken numbers read back to the report's own
    /// numbers, or are refused.
    #[test]
    fn broken_fullwidth_numbers_in_columns_read_exactly_or_are_refused(
        r in nianbao_model::testing::report(),
        width in 1usize..4,
        every in 1usize..4,
    ) {
        let r = adding_up(r);
        let text = render_as(&r, Layout::Spaces, Digits { full_width: true, thousands: false });
        let (text, broken) = break_fullwidth_in_columns(&text, width, every);
        prop_assume!(broken > 0);
        if let Ok(back) = nianbao_text::parse(&text) {
            prop_assert_eq!(back.report, r, "{}", text);
        }
    }
}
