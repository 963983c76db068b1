//! Parse + check of a real seed, one core: the reader's throughput.
#![allow(missing_docs)] // criterion_group! defines an undocumented public function

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (label, name) in [
        ("tab seed 001", "001_f723fcd44f42a3fe.txt"),
        ("pipe seed 003", "003_d2595053a6fdd77d.txt"),
    ] {
        let bytes = seed(name);
        g.throughput(Throughput::Elements(1));
        g.bench_function(format!("parse+check {label}"), |b| {
            b.iter(|| {
                let p = nianbao_text::parse_bytes(std::hint::black_box(&bytes)).unwrap();
                nianbao_model::rules::check(&p.report, Some(&p.source_map))
            })
        });
    }
    // Text of Word reports through the tools: pdftotext -layout with
    // wrapped labels, rows split over lines and a page break inside table
    // 三; full-width digits broken across lines in narrow cells (every
    // number of table 三 over two or three lines), put together by the row
    // totals.
    for (label, path) in [
        (
            "pdftotext -layout report-01",
            "pdftotext-layout/report-01.txt",
        ),
        (
            "pdftotext -layout report-22 (full-width, broken)",
            "pdftotext-layout/report-22.txt",
        ),
        (
            "pdftotext -raw report-22 (full-width, broken)",
            "pdftotext-raw/report-22.txt",
        ),
    ] {
        let text = std::fs::read(format!(
            "{}/../../fixtures/extract/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        g.bench_function(format!("parse+check {label}"), |b| {
            b.iter(|| {
                let p = nianbao_text::parse_bytes(std::hint::black_box(&text)).unwrap();
                nianbao_model::rules::check(&p.report, Some(&p.source_map))
            })
        });
    }
    let r = nianbao_text::parse_bytes(&seed("000_79b5c35e28a790e5.txt"))
        .unwrap()
        .report;
    g.bench_function("render canonical text", |b| {
        b.iter(|| nianbao_text::render(std::hint::black_box(&r)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
