//! Random reports for property tests (feature `proptest`): blanks, counts up
//! to 10^9, fees with 0–6 decimals, prose with characters of every kind.
//! Every report generated is in canonical form (prose normalised, title
//! naming its organ and year), so round trips can compare with `==`.

use crate::form::{FormVersion, ValueKind};
use crate::report::{normalize_prose, Report};
use crate::value::{Decimal, Value};
use proptest::prelude::*;

/// Characters organ names are made of (no digits, no 年, nothing that
/// spells 信息公开).
const ORGAN_CHARS: &[char] = &[
    '洛', '阳', '市', '县', '区', '局', '委', '办', '公', '安', '厅', '街', '道', '乡', '镇', '人',
    '民', '政', '府', '临', '夏', '州', '西', '关', '城', '管', '理', '处', '交', '通', '运', '输',
    '卫', '生', '健', '康', '教', '育', '财', '税', '务', '·', 'A', 'B',
];

fn organ() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ORGAN_CHARS), 2..14)
        .prop_map(|v| v.into_iter().collect())
}

/// One paragraph: any printable characters, CJK-heavy, with the odd
/// formula-like start (`=`, `+`, `-`, `@`).
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\\u{4e00}-\\u{9fa5}，。、；：“”（）《》0-9a-zA-Z%.\\-]{1,120}",
        1 => "[=+\\-@][^\\u{0}-\\u{1f}\\u{7f}]{0,60}",
        1 => "[^\\u{0}-\\u{1f}\\u{7f}\\u{85}\\u{2028}\\u{2029}]{1,80}",
    ]
}

/// A prose section: up to six paragraphs, normalised.
pub fn prose() -> impl Strategy<Value = String> {
    proptest::collection::vec(paragraph(), 0..6).prop_map(|ps| normalize_prose(&ps.join("\n")))
}

/// A count cell: blank now and then, otherwise up to 10^9.
fn count() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        4 => (0u64..20).prop_map(|n| Some(Value::Count(n))),
        2 => (0u64..=1_000_000_000).prop_map(|n| Some(Value::Count(n))),
    ]
}

/// A fee: blank now and then, otherwise 0–6 decimals.
fn amount() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        5 => (0u64..10_000_000_000, 0u8..=6).prop_map(|(m, s)| Some(Value::Amount(Decimal::new(m as u128, s).expect("in range")))),
    ]
}

/// A signed count (本年增/减): blank now and then, otherwise ±10^6.
fn signed() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![1 => Just(None), 5 => (-1_000_000i64..=1_000_000).prop_map(|n| Some(Value::Signed(n)))]
}

/// An amount in 元: blank now and then, otherwise 0–2 decimals.
fn yuan() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        5 => (0u64..100_000_000_000, 0u8..=2).prop_map(|(m, s)| Some(Value::Amount(Decimal::new(m as u128, s).expect("in range")))),
    ]
}

/// A random report on the 2021 form.
pub fn report() -> impl Strategy<Value = Report> {
    report_of(FormVersion::V2021)
}

/// A random report on the 2019 form (a report on 2019 or 2020).
pub fn report_2019() -> impl Strategy<Value = Report> {
    report_of(FormVersion::V2019)
}

/// A random report on either form.
pub fn any_report() -> impl Strategy<Value = Report> {
    prop_oneof![3 => report(), 1 => report_2019()]
}

/// A random report on `version`.
pub fn report_of(version: FormVersion) -> impl Strategy<Value = Report> {
    let form = version.form();
    let cells: Vec<BoxedStrategy<Option<Value>>> = form
        .cells()
        .iter()
        .map(|c| match c.column.kind {
            ValueKind::Count => count().boxed(),
            ValueKind::Amount => amount().boxed(),
            ValueKind::Yuan => yuan().boxed(),
            ValueKind::Signed => signed().boxed(),
        })
        .collect();
    let years = match version {
        FormVersion::V2021 => 2021u16..2031,
        FormVersion::V2019 => 2019u16..2021,
    };
    (organ(), years, prose(), prose(), prose(), cells).prop_map(
        move |(organ, year, a, b, c, values)| {
            let mut r = Report::empty(version);
            r.title = format!("{organ}{year}年政府信息公开工作年度报告");
            r.organ = organ;
            r.year = Some(year);
            r.sections.overview = a;
            r.sections.problems = b;
            r.sections.other = c;
            for (cell, v) in form.cells().iter().zip(values) {
                r.set(cell.id, v);
            }
            r
        },
    )
}

/// A report with every kind of value: counts, blanks, a fee with
/// `fee_decimals` fraction digits, prose with formula-like starts.
pub fn sample(fee: &str) -> Report {
    let mut r = Report::empty(FormVersion::V2021);
    r.title = "洛阳市公安局西工分局 2023 年政府信息公开工作年度报告".into();
    r.organ = "洛阳市公安局西工分局".into();
    r.year = Some(2023);
    r.sections.overview = "（一）主动公开\n=SUM(A1:A2) 不是公式\n+86 电话".into();
    r.sections.problems = "-一是……\n@某处".into();
    r.sections.other = "本年度未收取信息处理费。".into();
    for c in r.form_def().cells() {
        let v = match c.column.kind {
            crate::ValueKind::Count if c.id.0 % 11 == 3 => None,
            crate::ValueKind::Count => Some(Value::Count(c.id.0 as u64 * 13 % 101)),
            crate::ValueKind::Amount | crate::ValueKind::Yuan => {
                Some(Value::Amount(fee.parse().unwrap()))
            }
            crate::ValueKind::Signed => Some(Value::Signed(-(c.id.0 as i64))),
        };
        r.set(c.id, v);
    }
    r
}

/// Every report the project's fixtures read to (`fixtures/**/*.expected.json`,
/// reports with no number at all left out), named by their path below
/// `fixtures/`, in path order: the inputs of the writers' round trips.
pub fn fixture_reports() -> Vec<(String, Report)> {
    use std::path::{Path, PathBuf};
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.to_string_lossy().ends_with(".expected.json") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let name = p.strip_prefix(&root).unwrap().display().to_string();
            let rep: Report = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (!rep.values().iter().all(Option::is_none)).then_some((name, rep))
        })
        .collect()
}
