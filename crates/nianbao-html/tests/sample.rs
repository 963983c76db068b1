//! The acceptance page of issue 7: a saved report page converts with every
//! rule passing and its numbers as the page shows them.

use nianbao_model::{rules, Value};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/html")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_sample_page_reads_with_its_numbers_and_every_rule_passes() {
    let imported = nianbao_html::import(&fixture("sample-kirogovcompare.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = &imported.report;
    // Read off the page by hand.
    let want: &[(&str, &str, &str, u64)] = &[
        ("active", "regulation", "issued", 3),
        ("active", "normative", "in_force", 4185),
        ("active", "license", "decisions", 11398889),
        ("active", "enforcement", "decisions", 166105),
        ("applications", "new", "natural", 13612),
        ("applications", "new", "total", 14069),
        ("applications", "denied.admin_query", "other_org", 2),
        ("applications", "other.other", "natural", 941),
        ("applications", "total", "total", 13810),
        ("applications", "carry_forward", "legal", 25),
        ("reviews", "review", "upheld", 376),
        ("reviews", "review", "total", 790),
        ("reviews", "suit_direct", "pending", 27),
        ("reviews", "suit_after_review", "total", 156),
    ];
    for (t, row, c, v) in want {
        assert_eq!(r.count(t, row, c), Some(*v), "{t}.{row}.{c}");
    }
    let fee = r.form_def().cell("active", "fee", "amount").unwrap();
    assert_eq!(r.get(fee).map(|v| v.to_string()), Some("316441".into()));
    assert!(r.values().iter().all(Option::is_some), "every cell filled");
    assert_eq!(r.title, "测试市2025年政府信息公开工作年度报告");
    assert_eq!((r.organ.as_str(), r.year), ("测试市", Some(2025)));
    assert!(r.sections.overview.starts_with("2025年，全市各级行政机关"));
    assert!(r.sections.other.contains("400元"));
    let findings = rules::check(r, Some(&imported.source_map));
    assert!(findings.iter().all(|d| !d.is_error()), "{findings:#?}");
    let _ = Value::Count(0);
}
