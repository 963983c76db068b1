//! Encrypted PDFs made by `qpdf` (`cargo xtask pdf --encrypted`) from seed
//! 000's LibreOffice PDF: with an empty user password and an owner password
//! (RC4 40 and 128 bits, V4 with an RC4 crypt filter, AES-128 also with
//! `/EncryptMetadata false`, AES-256 R6 and R5, object streams) each reads to exactly the document of the unencrypted
//! file; with a real user password, or with the key check failing, the file
//! is refused as needing a password.

use nianbao_pdf::{read_document, read_document_with_work, Error};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const OPENED: [&str; 9] = [
    "rc4-40",
    "rc4-128",
    "rc4-128-v4",
    "aes-128",
    "aes-128-cleartext-metadata",
    "aes-128-objstm",
    "aes-256",
    "aes-256-r5",
    "aes-256-objstm",
];

#[test]
fn every_empty_password_file_reads_as_the_unencrypted_one() {
    let plain = read_document(&fixture("seed-000.libreoffice.pdf")).unwrap();
    let (_, plain_work) = read_document_with_work(&fixture("seed-000.libreoffice.pdf"));
    for name in OPENED {
        let bytes = fixture(&format!("encrypted/seed-000.{name}.pdf"));
        let (doc, work) = read_document_with_work(&bytes);
        let doc = doc.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc, plain, "{name}");
        // The same streams decoded: decryption adds no stream bytes (object
        // streams are decoded on top).
        if !name.ends_with("objstm") {
            assert_eq!(work.bytes_decoded, plain_work.bytes_decoded, "{name}");
        }
        assert_eq!(work.glyphs, plain_work.glyphs, "{name}");
    }
}

#[test]
fn a_real_user_password_is_refused_as_needing_one() {
    let r = read_document(&fixture("encrypted/seed-000.user-password.pdf"));
    let e = r.unwrap_err();
    assert!(matches!(e, Error::Encrypted), "{e:?}");
    let m = e.message();
    assert!(m.zh.contains("密码"), "{}", m.zh);
    assert!(m.en.contains("password"), "{}", m.en);
}

/// Replaces the first occurrence of `from` by `to` (same length).
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} not found", String::from_utf8_lossy(from)));
    bytes[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn a_key_that_does_not_verify_is_refused() {
    // RC4 keys hash the file's /ID and permissions: another /ID or /P gives
    // another key, which /U does not confirm.
    for name in ["rc4-40", "rc4-128", "aes-128"] {
        let mut bytes = fixture(&format!("encrypted/seed-000.{name}.pdf"));
        let at = bytes.windows(6).position(|w| w == b"/ID [<").unwrap() + 6;
        bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        let r = read_document(&bytes);
        assert!(matches!(r, Err(Error::Encrypted)), "{name}: {r:?}");
    }
    // AES-256: the validation salt changed, the hash no longer matches.
    let mut bytes = fixture("encrypted/seed-000.aes-256.pdf");
    let u = bytes.windows(4).position(|w| w == b"/U <").unwrap() + 4 + 64;
    bytes[u] = if bytes[u] == b'0' { b'1' } else { b'0' };
    let r = read_document(&bytes);
    assert!(matches!(r, Err(Error::Encrypted)), "aes-256: {r:?}");
}

#[test]
fn another_security_handler_is_refused() {
    let mut bytes = fixture("encrypted/seed-000.aes-128.pdf");
    patch(&mut bytes, b"/Filter /Standard", b"/Filter /Standarx");
    let r = read_document(&bytes);
    assert!(matches!(r, Err(Error::Encrypted)), "{r:?}");
}
