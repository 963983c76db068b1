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

/// Which full-width numbers of table 三 to break, and into what: every
/// `every`-th number of more than `width` digits, into lines of `width`
/// digits, as a narrow cell wraps it (`１１９８` → `１１９` / `８`). Only
/// table 三 (the other tables have no totals to tell by).
struct Breaker {
    width: usize,
    every: usize,
    seen: usize,
    broken: usize,
    in_table: bool,
}

impl Breaker {
    fn new(width: usize, every: usize) -> Breaker {
        Breaker {
            width,
            every,
            seen: 0,
            broken: 0,
            in_table: false,
        }
    }

    /// Notes where a line of the text stands.
    fn line(&mut self, line: &str) {
        if line.starts_with("三、") {
            self.in_table = true;
        } else if line.starts_with("四、政府信息公开") {
            self.in_table = false;
        }
    }

    /// The lines `s` is broken into, when it is a number to break.
    fn pieces(&mut self, s: &str) -> Option<Vec<String>> {
        let digits: Vec<char> = s.chars().collect();
        if !self.in_table
            || digits.len() <= self.width
            || !digits.iter().all(|c| ('０'..='９').contains(c))
        {
            return None;
        }
        self.seen += 1;
        if !self.seen.is_multiple_of(self.every) {
            return None;
        }
        self.broken += 1;
        Some(
            digits
                .chunks(self.width)
                .map(|c| c.iter().collect())
                .collect(),
        )
    }
}

/// Breaks full-width numbers on lines of their own (one cell per line, as
/// PyMuPDF gives a PDF's cells), each line of the number on a line.
fn break_fullwidth(text: &str, width: usize, every: usize) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + 256);
    let mut b = Breaker::new(width, every);
    for line in text.lines() {
        b.line(line);
        match b.pieces(line) {
            Some(pieces) => pieces.iter().for_each(|p| {
                out.push_str(p);
                out.push('\n');
            }),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    (out, b.broken)
}

/// Breaks full-width numbers of table 三 laid out in columns (the spaces
/// layout) as w3m lays out a narrow cell: the first line stays in the
/// row's line, the others go on lines below at the same place (display
/// cells).
fn break_fullwidth_in_columns(text: &str, width: usize, every: usize) -> (String, usize) {
    let wide = |c: char| if c.is_ascii() { 1 } else { 2 };
    let mut out = String::with_capacity(text.len() + 1024);
    let mut b = Breaker::new(width, every);
    for line in text.lines() {
        b.line(line);
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
            let w: usize = tok.chars().map(wide).sum();
            match b.pieces(&tok) {
                Some(pieces) => {
                    let hw: usize = pieces[0].chars().map(wide).sum();
                    row.push_str(&pieces[0]);
                    row.push_str(&" ".repeat(w - hw));
                    for (k, p) in pieces.into_iter().skip(1).enumerate() {
                        if below.len() <= k {
                            below.push(Vec::new());
                        }
                        below[k].push((col, p));
                    }
                }
                None => row.push_str(&tok),
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
    (out, b.broken)
}

/// `r` made to add up, written in `layout` in full-width digits, its
/// numbers broken by `breaks`, read back: its own numbers, or refused.
fn reads_back_or_is_refused(
    r: nianbao_model::Report,
    layout: Layout,
    breaks: fn(&str, usize, usize) -> (String, usize),
    width: usize,
    every: usize,
) -> Result<(), TestCaseError> {
    let r = adding_up(r);
    let text = render_as(
        &r,
        layout,
        Digits {
            full_width: true,
            thousands: false,
        },
    );
    let (text, broken) = breaks(&text, width, every);
    prop_assume!(broken > 0);
    if let Ok(back) = nianbao_text::parse(&text) {
        prop_assert_eq!(back.report, r, "{}", text);
    }
    Ok(())
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
        reads_back_or_is_refused(r, Layout::CellPerLine, break_fullwidth, width, every)?;
    }

    /// The same in columns.
    #[test]
    fn broken_fullwidth_numbers_in_columns_read_exactly_or_are_refused(
        r in nianbao_model::testing::report(),
        width in 1usize..4,
        every in 1usize..4,
    ) {
        reads_back_or_is_refused(r, Layout::Spaces, break_fullwidth_in_columns, width, every)?;
    }
}
