//! How the text reader matches a table row's label to a row of the form,
//! one case per test through [`check`]: seed 000's canonical text with the
//! line of one row replaced, and what became of that row.

use nianbao_model::{FormVersion, Value};

const SEED: &str = include_str!("../../../fixtures/seeds/000_79b5c35e28a790e5.expected.txt");

/// What reading the changed text gave for one row.
#[derive(Debug, PartialEq)]
enum Got {
    /// The row's values, and the reader's warnings' rule ids.
    Read(Vec<Option<u64>>, Vec<String>),
    /// The text was refused: the errors' rule ids.
    Refused(Vec<String>),
}

/// Seed 000's text with the line holding `find` replaced by `line` (both
/// tab-separated, as the canonical text writes rows); the values of
/// `applications.<row>` after reading it.
fn check(find: &str, line: &str, row: &str) -> Got {
    let mut hits = 0;
    let text: String = SEED
        .lines()
        .map(|l| {
            if l.contains(find) {
                hits += 1;
                line.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(hits, 1, "{find:?} must name one line of the seed");
    match nianbao_text::parse(&text) {
        Ok(read) => {
            let form = FormVersion::V2021.form();
            let values = [
                "natural",
                "commercial",
                "research",
                "social",
                "legal",
                "other_org",
                "total",
            ]
            .iter()
            .map(|c| {
                let id = form
                    .cell("applications", row, c)
                    .expect("a cell of the form");
                match read.report.get(id) {
                    Some(Value::Count(n)) => Some(n),
                    _ => None,
                }
            })
            .collect();
            let rules = read.diagnostics.iter().map(|d| d.rule.clone()).collect();
            Got::Read(values, rules)
        }
        Err(nianbao_text::ParseError::Invalid(d)) => Got::Refused(
            d.iter()
                .filter(|d| d.is_error())
                .map(|d| d.rule.clone())
                .collect(),
        ),
        Err(e) => panic!("{e}"),
    }
}

fn counts(v: [u64; 7]) -> Vec<Option<u64>> {
    v.iter().map(|&n| Some(n)).collect()
}

const DUPLICATE: &str = "\t\t2.重复申请\t";

#[test]
fn the_canonical_label_reads_its_row() {
    let got = check(
        DUPLICATE,
        "\t\t2.重复申请\t1\t0\t0\t0\t0\t0\t1",
        "not_processed.duplicate",
    );
    assert_eq!(got, Got::Read(counts([1, 0, 0, 0, 0, 0, 1]), vec![]));
}

#[test]
fn full_width_numbering_and_digits_read_the_same() {
    let got = check(
        DUPLICATE,
        "\t\t２．重复申请\t１\t０\t０\t０\t０\t０\t１",
        "not_processed.duplicate",
    );
    assert!(
        matches!(&got, Got::Read(v, _) if *v == counts([1, 0, 0, 0, 0, 0, 1])),
        "{got:?}"
    );
}

#[test]
fn a_typo_in_a_label_is_matched_with_a_warning() {
    // 重复申请 → 重夏申请: one character off in a long enough label.
    let got = check(
        "\t\t4.无正当理由大量反复申请\t",
        "\t\t4.无正当理由大量反夏申请\t0\t0\t0\t0\t0\t0\t0",
        "not_processed.mass_repeated",
    );
    match got {
        Got::Read(v, rules) => {
            assert_eq!(v, counts([0; 7]));
            assert!(rules.iter().any(|r| r == "text.fuzzy_label"), "{rules:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_with_a_missing_value_is_refused_not_shifted() {
    let got = check(
        DUPLICATE,
        "\t\t2.重复申请\t1\t0\t0\t0\t0\t1",
        "not_processed.duplicate",
    );
    assert!(
        matches!(&got, Got::Refused(r) if r.iter().any(|r| r.starts_with("text.row_values"))),
        "{got:?}"
    );
}

#[test]
fn a_label_no_row_has_is_refused() {
    let got = check(
        DUPLICATE,
        "\t\t2.本机关自定义的一行\t1\t0\t0\t0\t0\t0\t1",
        "not_processed.duplicate",
    );
    assert_eq!(got, Got::Refused(vec!["text.unknown_row".into()]));
}

#[test]
fn a_row_given_twice_leaves_another_missing_and_is_refused() {
    let got = check(
        "\t\t3.要求提供公开出版物\t",
        "\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0",
        "not_processed.duplicate",
    );
    // The row it stands for is then missing: refused, never read twice.
    assert!(
        matches!(&got, Got::Refused(r) if r.iter().any(|r| r.starts_with("text.missing_row"))),
        "{got:?}"
    );
}
