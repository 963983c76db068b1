//! Report → web page (`to_html`) → the HTML reader: every number, blank,
//! fee digit, the title and the prose come back, for every fixture report
//! and for random reports on both forms; and html5ever reports no parse
//! error on any page written. A page carries no organ or year fields: the
//! reader takes them from the title, so they come back as the title names
//! them; and HTML collapses white space, so the prose comes back with each
//! run of spaces (a no-break space included) as one space.

use nianbao_html::{dom, to_html, WriteError};
use nianbao_model::document::title_info;
use nianbao_model::testing::fixture_reports;
use nianbao_model::{ProseSection, Report};
use proptest::prelude::*;

/// What the reader should give back for `rep`.
fn expected(rep: &Report) -> Report {
    let mut want = rep.clone();
    for p in ProseSection::ALL {
        let text = want.sections.get_mut(p);
        *text = text
            .split('\n')
            .map(|l| {
                l.split(|c: char| c.is_whitespace() || c == '\u{a0}')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    if rep.title.is_empty() {
        (want.organ, want.year) = (String::new(), None);
    } else {
        (want.organ, want.year) = title_info(&rep.title);
    }
    want
}

/// Whether a page can carry every text of the report.
fn writable(rep: &Report) -> bool {
    let ok = |t: &str| t.chars().all(nianbao_html::write::html_char);
    ok(&rep.title) && ProseSection::ALL.iter().all(|p| ok(rep.sections.get(*p)))
}

fn round_trip(name: &str, rep: &Report) -> Result<(), String> {
    if !writable(rep) {
        return match to_html(rep) {
            Err(WriteError::BadChar { .. }) => Ok(()),
            other => Err(format!("{name}: not refused: {other:?}")),
        };
    }
    let page = to_html(rep).map_err(|e| format!("{name}: not written: {e}"))?;
    let parsed = dom::parse(&page, usize::MAX, u32::MAX).map_err(|e| format!("{e:?}"))?;
    if parsed.parse_errors > 0 {
        return Err(format!(
            "{name}: {} parse errors, first: {:?}",
            parsed.parse_errors, parsed.first_parse_error
        ));
    }
    let got = match nianbao_html::import(page.as_bytes()) {
        Ok(g) => g,
        Err(nianbao_html::Error::Invalid(d)) => return Err(format!("{name}: refused: {d:#?}")),
        Err(e) => return Err(format!("{name}: refused: {e}")),
    };
    let want = expected(rep);
    for c in rep.form_def().cells() {
        if got.report.get(c.id) != want.get(c.id) {
            return Err(format!(
                "{name}: {}: {:?} ≠ {:?}",
                c.path(),
                got.report.get(c.id),
                want.get(c.id)
            ));
        }
    }
    if got.report.sections != want.sections {
        return Err(format!(
            "{name}: prose {:?} ≠ {:?}",
            got.report.sections, want.sections
        ));
    }
    if got.report != want {
        return Err(format!("{name}: {:#?}\n≠\n{want:#?}", got.report));
    }
    if to_html(rep).ok().as_deref() != Some(page.as_str()) {
        return Err(format!("{name}: the bytes differ between two runs"));
    }
    Ok(())
}

/// Every report the project's fixtures read to survives the web page.
#[test]
fn every_fixture_report() {
    let reports = fixture_reports();
    let failures: Vec<String> = reports
        .iter()
        .filter_map(|(name, rep)| round_trip(name, rep).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let refused = reports.iter().filter(|(_, r)| !writable(r)).count();
    assert!(
        reports.len() >= 30,
        "only {} fixture reports",
        reports.len()
    );
    assert!(refused <= 1, "{refused} fixture reports not writable");
    eprintln!(
        "{} fixture reports round-trip through .html; {refused} refused (a control character)",
        reports.len() - refused
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn a_report_round_trips_through_html(r in nianbao_model::testing::any_report()) {
        round_trip("random", &r).map_err(TestCaseError::fail)?;
    }
}

/// The parse-error count above means something: a broken page has some.
#[test]
fn a_broken_page_has_parse_errors() {
    let d = dom::parse("<p>a</b><td>\u{b}", usize::MAX, u32::MAX).unwrap();
    assert!(d.parse_errors >= 2, "{}", d.parse_errors);
}
