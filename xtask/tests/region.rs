//! The fixture region of `nianbao review` is what `cargo xtask region`
//! writes, and its review page shows every planted problem next to the
//! file it was planted in.

use xtask::region::{files, review_page, DIR, PLANTED};

#[test]
fn the_committed_region_is_up_to_date() {
    let dir = xtask::docs::root().join(DIR);
    let files = files();
    assert!(files.len() >= 30, "{}", files.len());
    for (name, bytes) in &files {
        let have = std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("{DIR}/{name}: {e}; run `cargo xtask region`"));
        assert!(
            &have == bytes,
            "{DIR}/{name} is stale: run `cargo xtask region`"
        );
    }
}

#[test]
fn every_planted_problem_is_on_the_page() {
    let page = review_page(&xtask::docs::root().join(DIR)).unwrap();
    for (file, rule) in PLANTED {
        let name = file.rsplit('/').next().unwrap();
        // Some block of the page (a report's table, or a section) names
        // the file and shows the rule.
        let found = page.match_indices(name).any(|(i, _)| {
            let start = page[..i]
                .rfind("<h3")
                .max(page[..i].rfind("<h2"))
                .unwrap_or(0);
            let end = [page[i..].find("<h3"), page[i..].find("<h2")]
                .into_iter()
                .flatten()
                .min()
                .map_or(page.len(), |e| i + e);
            page[start..end].contains(rule)
        });
        assert!(found, "{file}: {rule} not shown beside it");
    }
    // The indicators come with their definitions; the page needs no network.
    for needle in ["公开率", "复议纠错率", "诉讼纠错率", "<svg", "id=ranking"] {
        assert!(page.contains(needle), "{needle}");
    }
    assert!(!page.contains("http://") && !page.contains("https://"));
}
