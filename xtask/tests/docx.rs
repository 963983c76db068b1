//! A .docx made from each seed (tables with gridSpan and vMerge as Word
//! writes them, numbers split over runs) converts to exactly the seed's
//! report: every number, the title, organ, year and prose.

use std::path::Path;

#[test]
fn a_docx_made_from_each_seed_converts_exactly() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let seeds = xtask::docx::seeds(&fixtures).unwrap();
    assert!(seeds.len() >= 5, "{} seeds", seeds.len());
    for (n, report) in &seeds {
        let bytes = xtask::docx::to_docx(report).unwrap();
        let xml = xtask::docx::document_xml(report).unwrap();
        assert!(
            xml.contains("<w:vMerge w:val=\"restart\"/>")
                && xml.contains("<w:gridSpan w:val=\"7\"/>")
        );
        let got = nianbao_office::docx::import(&bytes).unwrap_or_else(|e| panic!("seed {n}: {e}"));
        assert_eq!(&got.report, report, "seed {n}");
        // The committed fixture is this file.
        let committed = std::fs::read(fixtures.join(format!("docx/seed-{n}.docx"))).unwrap();
        assert!(
            committed == bytes,
            "fixtures/docx/seed-{n}.docx is stale: run `cargo xtask docx`"
        );
    }
}
