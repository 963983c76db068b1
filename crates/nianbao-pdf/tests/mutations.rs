//! Real PDFs (seed 000's, plain and encrypted by qpdf with RC4 and with
//! AES-256 in object streams) damaged at random (bytes changed, runs deleted, the file cut
//! short) are read or refused, never a panic, and their work stays within
//! the limits. 256 cases by default; `PROPTEST_CASES` for more.

use proptest::prelude::*;

const FIXTURES: [&str; 3] = [
    "seed-000.libreoffice.pdf",
    "encrypted/seed-000.rc4-128.pdf",
    "encrypted/seed-000.aes-256-objstm.pdf",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

proptest! {
    #[test]
    fn damaged_pdfs_are_read_or_refused(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0usize..64), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        which in 0..FIXTURES.len(),
    ) {
        let mut bytes = fixture(FIXTURES[which]);
        for (at, byte, delete) in edits {
            let i = at.index(bytes.len());
            if delete > 48 {
                let end = (i + delete).min(bytes.len());
                bytes.drain(i..end);
            } else {
                bytes[i] = byte;
            }
        }
        if truncate {
            let n = cut.index(bytes.len());
            bytes.truncate(n);
        }
        let (_, work) = nianbao_pdf::read_document_with_work(&bytes);
        prop_assert!(work.objects_parsed <= nianbao_pdf::limits::MAX_PARSED_OBJECTS + 1);
        prop_assert!(work.operators <= nianbao_pdf::limits::MAX_OPERATORS + 1);
        let _ = nianbao_pdf::import(&bytes);
    }
}
