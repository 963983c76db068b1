//! How long a six-page report takes to read (the issue asks under 20 ms):
//! seed 000 as LibreOffice prints it (6 pages), and as Chromium prints it
//! (9 pages); and the LibreOffice one encrypted by qpdf (empty user
//! password) with RC4-128 and with AES-256 in object streams: what
//! decryption costs.

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};

fn read(c: &mut Criterion) {
    for (name, file) in [
        ("import 6-page LibreOffice PDF", "seed-000.libreoffice.pdf"),
        ("import 9-page Chromium PDF", "seed-000.chromium.pdf"),
        (
            "import 6-page LibreOffice PDF, RC4-128",
            "encrypted/seed-000.rc4-128.pdf",
        ),
        (
            "import 6-page LibreOffice PDF, AES-256, object streams",
            "encrypted/seed-000.aes-256-objstm.pdf",
        ),
    ] {
        let path = format!("{}/../../fixtures/pdf/{file}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("a fixture PDF");
        c.bench_function(name, |b| {
            b.iter(|| nianbao_pdf::import(std::hint::black_box(&bytes)).expect("reads"))
        });
    }
}

criterion_group!(benches, read);
criterion_main!(benches);
