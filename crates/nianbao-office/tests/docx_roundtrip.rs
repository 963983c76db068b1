//! Report → Word document (`docx::to_docx`) → the DOCX reader: every
//! number, blank, fee digit, the title and the prose come back, for every
//! fixture report and for random reports on both forms. A published
//! document carries no organ or year fields: the reader takes them from the
//! title, so they come back as the title names them.

use nianbao_model::document::title_info;
use nianbao_model::testing::fixture_reports;
use nianbao_model::{ProseSection, Report};
use nianbao_office::docx;
use proptest::prelude::*;

/// What the reader should give back for `rep`: the report with its organ
/// and year as its title names them, and in its prose a no-break space or
/// a tab read as a space (as the reader reads every Word file).
fn expected(rep: &Report) -> Report {
    let mut want = rep.clone();
    for p in ProseSection::ALL {
        let text = want.sections.get_mut(p);
        *text = text.replace(['\u{a0}', '\t'], " ");
    }
    let (organ, year) = title_info(&rep.title);
    if rep.title.is_empty() {
        (want.organ, want.year) = (String::new(), None);
    } else {
        (want.organ, want.year) = (organ, year);
    }
    want
}

/// Whether a Word document can hold every text of the report (XML 1.0
/// has no vertical tab, form feed or U+FFFE).
fn writable(rep: &Report) -> bool {
    let ok = |t: &str| {
        t.chars().all(|c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        })
    };
    ok(&rep.title) && ProseSection::ALL.iter().all(|p| ok(rep.sections.get(*p)))
}

fn round_trip(name: &str, rep: &Report) -> Result<(), String> {
    if !writable(rep) {
        // Refused, with the section named: never a silently altered text.
        return match docx::to_docx(rep) {
            Err(docx::WriteError::BadChar { .. }) => Ok(()),
            other => Err(format!("{name}: not refused: {:?}", other.map(|b| b.len()))),
        };
    }
    let bytes = docx::to_docx(rep).map_err(|e| format!("{name}: not written: {e}"))?;
    let got = match docx::import(&bytes) {
        Ok(g) => g,
        Err(docx::Error::Invalid(d)) => return Err(format!("{name}: refused: {d:#?}")),
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
    if docx::to_docx(rep).ok().as_deref() != Some(bytes.as_slice()) {
        return Err(format!("{name}: the bytes differ between two runs"));
    }
    Ok(())
}

/// Every report the project's fixtures read to survives the Word document.
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
        "{} fixture reports round-trip through .docx; {refused} refused (a character XML cannot hold)",
        reports.len() - refused
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn a_report_round_trips_through_docx(r in nianbao_model::testing::any_report()) {
        round_trip("random", &r).map_err(TestCaseError::fail)?;
    }
}
