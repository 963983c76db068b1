//! What nianbao writes it reads back, however long the prose: random
//! reports with up to 5,000 paragraphs (the figure) go through the
//! workbook and the canonical text and come back identical, and the
//! longest report nianbao writes at all ([`MAX_PROSE_LINES`]) fits the
//! workbook reader's limits, which are derived from it.

use nianbao_model::report::MAX_PROSE_LINES;
use nianbao_model::{normalize_prose, Report};
use nianbao_office::xlsx::limits::{MAX_CELLS, MAX_ROWS, MAX_WORKBOOK_CELLS};
use proptest::prelude::*;

/// `n` short paragraphs spread over the three sections, varied by `seed`.
fn with_paragraphs(mut r: Report, n: usize, seed: u32) -> Report {
    let para = |i: usize| format!("第{i}段，编号{seed}：依申请公开{}件。", i % 97);
    let (a, b) = (n / 2, n / 4);
    let join = |range: std::ops::Range<usize>| {
        normalize_prose(&range.map(para).collect::<Vec<_>>().join("\n"))
    };
    r.sections.overview = join(0..a);
    r.sections.problems = join(a..a + b);
    r.sections.other = join(a + b..n);
    r
}

fn round_trip(r: &Report) -> Result<(), TestCaseError> {
    let bytes = nianbao_office::xlsx::to_xlsx(r, &[]).unwrap();
    let back = nianbao_office::xlsx::import(&bytes)
        .map_err(|e| TestCaseError::fail(format!("xlsx: {e}")))?;
    prop_assert_eq!(&back.report, r);
    let text = nianbao_text::render(r);
    let parsed =
        nianbao_text::parse(&text).map_err(|e| TestCaseError::fail(format!("text: {e:?}")))?;
    prop_assert_eq!(&parsed.report, r);
    Ok(())
}

/// Each case writes and reads a workbook of up to 5,000 rows: 48 cases by
/// default (a sixth of the other properties' 256), `PROPTEST_CASES` for more.
fn heavy() -> ProptestConfig {
    let config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        config
    } else {
        ProptestConfig {
            cases: 48,
            ..config
        }
    }
}

proptest! {
    #![proptest_config(heavy())]

    #[test]
    fn reports_with_up_to_5000_paragraphs_read_back(
        r in nianbao_model::testing::report(),
        n in prop_oneof![0usize..200, 0usize..=5_000],
        seed in any::<u32>(),
    ) {
        round_trip(&with_paragraphs(r, n, seed))?;
    }
}

#[test]
fn the_longest_report_nianbao_writes_reads_back() {
    let mut r = Report::empty(nianbao_model::FormVersion::V2021);
    r.organ = "某局".into();
    r.year = Some(2024);
    r.title = "某局2024年政府信息公开工作年度报告".into();
    for c in r.form_def().cells() {
        if c.column.kind == nianbao_model::ValueKind::Count {
            r.set(c.id, Some(nianbao_model::Value::Count(0)));
        }
    }
    let r = with_paragraphs(r, MAX_PROSE_LINES, 7);
    assert_eq!(r.sections.lines(), MAX_PROSE_LINES);
    round_trip(&r).unwrap();
    // One line more is refused by the writer, not written unreadable.
    let longer = with_paragraphs(r, MAX_PROSE_LINES + 1, 7);
    assert!(nianbao_office::xlsx::to_xlsx(&longer, &[]).is_err());
}

#[test]
fn the_reader_s_limits_hold_the_writer_s_largest_workbook() {
    // One row and two cells per paragraph on the prose sheet, plus the
    // front matter; the tables are a few hundred cells more.
    const { assert!(MAX_PROSE_LINES as u32 + 100 <= MAX_ROWS) };
    const { assert!(2 * MAX_PROSE_LINES + 2_000 <= MAX_CELLS) };
    const { assert!(10 * (2 * MAX_PROSE_LINES + 2_000) <= MAX_WORKBOOK_CELLS + 20_000) };
}
