//! Hostile pages: each is refused by a counted limit (bytes, nodes, depth,
//! grid cells), never overflowing the stack. Time is not asserted here (a
//! loaded machine would fail the test); memory is measured through the CLI.

#[test]
fn a_100_mb_page_is_refused_at_once() {
    let mut page = b"<html><body><table><tr><td>".to_vec();
    page.resize(100 << 20, b'x');
    let r = nianbao_html::import(&page);
    assert!(matches!(r, Err(nianbao_html::Error::TooLarge(_))), "{r:?}");
}

#[test]
fn deeply_nested_tags_are_refused_or_read_without_overflow() {
    for (open, n) in [
        ("<div>", 300_000),
        ("<b><i>", 100_000),
        ("<table><tr><td>", 100_000),
    ] {
        let page = format!("<html><body>{}x", open.repeat(n));
        let r = nianbao_html::import(page.as_bytes());
        assert!(
            matches!(r, Err(nianbao_html::Error::TooLarge(_))),
            "{open}: {r:?}"
        );
    }
    // Within the limits: parsed and walked, nothing found.
    let page = format!("<html><body>{}自然人", "<div>".repeat(250));
    let r = nianbao_html::import(page.as_bytes());
    assert!(matches!(r, Err(nianbao_html::Error::Invalid(_))), "{r:?}");
}

#[test]
fn huge_spans_are_bounded() {
    let page = "<table><tr><td rowspan=65534 colspan=1000>自然人</td></tr></table>";
    assert!(matches!(
        nianbao_html::import(page.as_bytes()),
        Err(nianbao_html::Error::TooLarge(_))
    ));
    let rows = "<tr><td rowspan=2000 colspan=199>x</td></tr>".repeat(1999);
    let page = format!("<table>{rows}</table>");
    let r = nianbao_html::import(page.as_bytes());
    assert!(matches!(r, Err(nianbao_html::Error::TooLarge(_))), "{r:?}");
}

#[test]
fn not_a_report_and_empty_are_refused_with_a_reason() {
    assert!(matches!(
        nianbao_html::import(b"  "),
        Err(nianbao_html::Error::NotHtml(_))
    ));
    let r = nianbao_html::import(b"<html><body><p>hello</p></body></html>");
    let Err(nianbao_html::Error::Invalid(d)) = r else {
        panic!("{r:?}")
    };
    assert!(d.iter().any(|d| d.rule.starts_with("grid.table_missing")));
}
