//! Prints what the reader sees in a PDF: its tables as grids, its
//! paragraphs and title, and the report (or the refusal). A debugging aid:
//! `cargo run -p nianbao-pdf --example pdfdump -- FILE.pdf [--glyphs]
//! [--segs]` (`--segs`: every ruling segment and glyph of every page).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("readable file");
    if args.iter().any(|a| a == "--segs") {
        let (pages, _) = nianbao_pdf::read_pages(&bytes);
        for (i, p) in pages.expect("pages").iter().enumerate() {
            println!("== page {i}");
            for s in &p.segs {
                let k = if s.horizontal { 'H' } else { 'V' };
                println!("  {k} at={:.2} {:.2}..{:.2}", s.at, s.from, s.to);
            }
            for g in &p.glyphs {
                println!(
                    "  G {:?} x={:.1}..{:.1} y={:.1} size={:.1}",
                    g.text, g.x0, g.x1, g.y, g.size
                );
            }
        }
        return;
    }
    if args.iter().any(|a| a == "--glyphs") {
        let (pages, work) = nianbao_pdf::read_pages(&bytes);
        for (i, p) in pages.expect("pages").iter().enumerate() {
            println!(
                "== page {i}: {} glyphs, {} segs, {} images",
                p.glyphs.len(),
                p.segs.len(),
                p.images
            );
            for g in p.glyphs.iter().take(40) {
                println!(
                    "  {:?} x0={:.1} x1={:.1} y={:.1} size={:.1}",
                    g.text, g.x0, g.x1, g.y, g.size
                );
            }
            for s in p.segs.iter().take(20) {
                println!("  {s:?}");
            }
        }
        println!("{work:?}");
        return;
    }
    let (doc, work) = nianbao_pdf::read_document_with_work(&bytes);
    println!("{work:?}");
    match doc {
        Err(e) => println!("refused: {e}"),
        Ok(doc) => {
            println!("title: {:?}", doc.title);
            for p in &doc.paragraphs {
                println!("P: {p}");
            }
            for t in &doc.tables {
                println!(
                    "== {} ({} cells, {} merges)",
                    t.name,
                    t.cells.len(),
                    t.merges.len()
                );
                for m in &t.merges {
                    println!(
                        "  merge {}:{}",
                        nianbao_model::grid::cell_ref(m.top, m.left),
                        nianbao_model::grid::cell_ref(m.bottom, m.right)
                    );
                }
                for c in &t.cells {
                    println!(
                        "  {} {:?}",
                        nianbao_model::grid::cell_ref(c.row, c.col),
                        c.value
                    );
                }
            }
            match nianbao_pdf::import(&bytes) {
                Ok(i) => println!(
                    "report: {} {:?} ({} warnings)",
                    i.report.organ,
                    i.report.year,
                    i.diagnostics.len()
                ),
                Err(e) => println!("import refused: {e}"),
            }
        }
    }
}
