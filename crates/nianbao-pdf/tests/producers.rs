//! Producers' habits: the same page drawn as WPS draws it (one text object
//! per character, placed with `Tm`, in no particular order, a CID font with
//! a ToUnicode map, ruling lines as thin filled rectangles, a `— N —`
//! footer on every page; and the same stored portrait, shown landscape by
//! `/Rotate 90`) reads to the same report as LibreOffice's and
//! Chromium's drawings of it.

mod common;

use common::{cid_font, pages, Writer};
use std::collections::BTreeMap;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The pages of `pdf` redrawn the WPS way; with `rotated`, each page is
/// stored portrait and shown landscape by `/Rotate 90`, as scanners and
/// some printers leave them.
fn as_wps(pdf: &[u8], rotated: bool) -> Vec<u8> {
    let (pages_read, _) = nianbao_pdf::read_pages(pdf);
    let pages_read = pages_read.unwrap();
    let mut chars: BTreeMap<char, usize> = BTreeMap::new();
    for p in &pages_read {
        for g in &p.glyphs {
            for c in g.text.chars() {
                let n = chars.len() + 1;
                chars.entry(c).or_insert(n);
            }
        }
    }
    for c in "—-0123456789".chars() {
        let n = chars.len() + 1;
        chars.entry(c).or_insert(n);
    }
    let mut by_cid: Vec<(usize, char)> = chars.iter().map(|(c, n)| (*n, *c)).collect();
    by_cid.sort();
    let list: Vec<char> = by_cid.iter().map(|(_, c)| *c).collect();
    let mut w = Writer::default();
    let font = cid_font(&mut w, &list);
    let parent = w.reserve();
    let mut kids = Vec::new();
    for (i, p) in pages_read.iter().enumerate() {
        let h = p.height;
        // A footer `— N —` as WPS numbers pages, centred near the bottom.
        let footer: String = format!("—{}—", i + 1)
            .chars()
            .map(|c| format!("{:04X}", chars[&c]))
            .collect();
        let mut content = format!(
            "BT /F1 10.5 Tf 1 0 0 1 {:.2} 30 Tm <{footer}> Tj ET\n",
            p.width / 2.0 - 15.0
        );
        // Lines first, as thin filled rectangles 0.5 pt wide.
        for s in &p.segs {
            let (x, y, wd, ht) = if s.horizontal {
                (s.from, h - s.at - 0.25, s.to - s.from, 0.5)
            } else {
                (s.at - 0.25, h - s.to, 0.5, s.to - s.from)
            };
            content.push_str(&format!("{x:.2} {y:.2} {wd:.2} {ht:.2} re f\n"));
        }
        // Characters last to first, each in its own text object.
        for g in p.glyphs.iter().rev() {
            let codes: String = g
                .text
                .chars()
                .map(|c| format!("{:04X}", chars[&c]))
                .collect();
            content.push_str(&format!(
                "BT /F1 1 Tf {s:.2} 0 0 {s:.2} {x:.2} {y:.2} Tm <{codes}> Tj ET\n",
                s = g.size,
                x = g.x0,
                y = h - g.y
            ));
        }
        let (media, rotate) = if rotated {
            // Stored (x, y) shows at (y, h - x): draw through the inverse.
            content.insert_str(0, &format!("0 1 -1 0 {h:.2} 0 cm\n"));
            (format!("0 0 {h:.2} {:.2}", p.width), "/Rotate 90")
        } else {
            (format!("0 0 {:.2} {h:.2}", p.width), "")
        };
        let c = w.stream("", content.as_bytes(), true);
        kids.push(w.add(format!(
            "<< /Type /Page /Parent {parent} 0 R /MediaBox [{media}] {rotate} /Resources << /Font << /F1 {font} 0 R >> >> /Contents {c} 0 R >>"
        )));
    }
    let root = pages(&mut w, &kids, kids.len());
    // `pages` made its own tree; point the kids' parent at it.
    w.set(parent, "<< /Type /Pages /Kids [] /Count 0 >>");
    w.finish(root)
}

#[test]
fn one_text_object_per_character_reads_like_runs() {
    for name in ["seed-000.libreoffice.pdf", "seed-003.chromium.pdf"] {
        let original = fixture(name);
        let a = nianbao_pdf::import(&original).unwrap_or_else(|e| panic!("{name}: {e}"));
        for rotated in [false, true] {
            let wps = as_wps(&original, rotated);
            let b = nianbao_pdf::import(&wps)
                .unwrap_or_else(|e| panic!("{name} redrawn (rotated: {rotated}): {e}"));
            assert_eq!(a.report, b.report, "{name}, rotated: {rotated}");
        }
    }
}

#[test]
fn every_fixture_reads_and_page_numbers_are_not_prose() {
    let dir = format!("{}/../../fixtures/pdf", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pdf") && !p.to_string_lossy().contains("scanned") {
            let bytes = std::fs::read(&p).unwrap();
            let doc = nianbao_pdf::read_document(&bytes).unwrap();
            assert!(
                !doc.paragraphs.iter().any(|t| t
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-— ".contains(c))),
                "{}: {:?}",
                p.display(),
                doc.paragraphs
            );
            nianbao_pdf::import(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            n += 1;
        }
    }
    assert!(n >= 10, "{n} PDFs in {dir}");
}
