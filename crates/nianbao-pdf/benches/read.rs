//! How long a six-page report takes to read (the issue asks under 20 ms):
//! seed 000 as LibreOffice prints it, and as Chromium prints it (9 pages).

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};

fn read(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/pdf/seed-000.libreoffice.pdf"
    );
    let bytes = std::fs::read(path).expect("fixtures/pdf/seed-000.libreoffice.pdf");
    c.bench_function("import six-page report", |b| {
        b.iter(|| nianbao_pdf::import(&bytes).expect("reads"))
    });
}

criterion_group!(benches, read);
criterion_main!(benches);
