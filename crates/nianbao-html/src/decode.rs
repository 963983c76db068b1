//! A page's bytes → text, in the encoding it declares.
//!
//! A byte-order mark wins; then a `charset` in the first 4 KiB (`<meta
//! charset="gbk">`, `<meta http-equiv="Content-Type" content="text/html;
//! charset=gb2312">`); then UTF-8 when the bytes are valid UTF-8; then
//! GB18030 (which reads GBK and GB2312). A page that declares UTF-8 but is
//! not, and reads cleanly as GB18030, is read as GB18030 with a warning.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The decoded text and the encoding used.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`).
    pub encoding: &'static str,
    /// Why the declared encoding was not used, when it was not.
    pub note: Option<String>,
    /// Bytes that did not decode (replaced by U+FFFD).
    pub malformed: bool,
}

/// The encoding named by a `charset=` in the head of the page.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = lower[from..]
        .windows(8)
        .position(|w| w == b"charset=")
        .map(|p| p + from)
    {
        let rest = &lower[p + 8..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label: Vec<u8> = rest
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .collect();
        if let Some(e) = Encoding::for_label(&label) {
            // A page served as UTF-16 but declared so in ASCII is a lie.
            return Some(
                if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                    UTF_8
                } else {
                    e
                },
            );
        }
        from = p + 8;
    }
    None
}

/// Decodes a page.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            note: None,
            malformed,
        };
    }
    let enc = declared(bytes).unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            GB18030
        }
    });
    let (text, malformed) = enc.decode_without_bom_handling(bytes);
    if malformed && enc == UTF_8 {
        let (gb, gb_bad) = GB18030.decode_without_bom_handling(bytes);
        if !gb_bad {
            return Decoded {
                text: gb.into_owned(),
                encoding: GB18030.name(),
                note: Some("declared UTF-8 but is not; read as GB18030".into()),
                malformed: false,
            };
        }
    }
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        note: None,
        malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_gbk_and_gb2312_and_boms() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>自然人</p>");
        let page = [
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>".as_slice(),
            &gbk,
        ]
        .concat();
        let d = decode(&page);
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.contains("自然人"));
        let page = [b"<meta charset='GBK'>".as_slice(), &gbk].concat();
        assert!(decode(&page).text.contains("自然人"));
        // Undeclared, not UTF-8: GB18030.
        assert!(decode(&gbk).text.contains("自然人"));
        // A BOM wins over a wrong declaration.
        let page = [
            b"\xEF\xBB\xBF<meta charset=gbk>".as_slice(),
            "自然人".as_bytes(),
        ]
        .concat();
        assert!(decode(&page).text.contains("自然人"));
        // Declared UTF-8, really GBK.
        let page = [b"<meta charset=utf-8>".as_slice(), &gbk].concat();
        let d = decode(&page);
        assert!(d.text.contains("自然人") && d.note.is_some());
    }
}
