//! The Word 97 reader on damaged files: every truncation of a real .doc
//! (saved by LibreOffice, `fixtures/doc/seed-000.doc`) at 400 points and
//! 1,600 single-byte changes of it give text or a `DocError`, never a
//! panic; the text read is bounded by the file. Work is counted, not timed.

use nianbao_office::doc;

fn seed() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/doc/seed-000.doc"
    ))
    .unwrap()
}

/// A deterministic stream of numbers (no randomness in tests).
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

#[test]
fn truncated_and_changed_files_never_panic() {
    let bytes = seed();
    let whole = doc::text(&bytes).expect("the seed reads");
    assert!(whole.contains("政府信息公开"));
    let mut read = 0;
    for k in 0..400 {
        let cut = bytes.len() * k / 400;
        if let Ok(t) = doc::text(&bytes[..cut]) {
            assert!(t.len() <= 4 * bytes.len());
            read += 1;
        }
    }
    let mut state = 7;
    for _ in 0..1600 {
        let mut b = bytes.clone();
        let at = lcg(&mut state) as usize % b.len();
        b[at] = lcg(&mut state) as u8;
        if let Ok(t) = doc::text(&b) {
            assert!(t.len() <= 4 * b.len());
            read += 1;
        }
    }
    println!("{read} of 2,000 damaged files still gave text");
}

#[test]
fn not_word_files_are_told_apart() {
    assert!(!doc::is_doc(b"PK\x03\x04"));
    assert!(doc::text(b"not a doc").is_err());
    assert!(doc::is_doc(&seed()));
}
