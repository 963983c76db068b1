//! Encoding detection without flags: UTF-8 with or without BOM, UTF-16 LE/BE
//! with BOM, and GB18030 (which includes GBK and GB2312) for everything else
//! that decodes cleanly. Bytes that are none of these are refused; nothing
//! is ever decoded with replacement characters.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it was found in.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, BOM removed, line ends as in the source.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GB18030`, …).
    pub encoding: &'static str,
}

/// Why bytes are not a report's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not text at all.
    #[error("not a text file (binary content at byte {offset})")]
    Binary {
        /// Where the first binary byte is.
        offset: usize,
    },
    /// Declares an encoding (BOM) the bytes do not follow, or follows none.
    #[error("invalid {encoding} at byte {offset}")]
    Invalid {
        /// The declared or guessed encoding.
        encoding: &'static str,
        /// Where the first invalid sequence starts.
        offset: usize,
    },
}

impl DecodeError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            DecodeError::Binary { offset } => {
                format!("不是文本文件（第 {offset} 字节起为二进制内容）")
            }
            DecodeError::Invalid { encoding, offset } => {
                format!("第 {offset} 字节处不是有效的 {encoding} 编码")
            }
        }
    }
}

/// Detects the encoding of `bytes` and decodes them.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE);
    }
    if let Some(offset) = binary_at(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            encoding: "UTF-8",
        }),
        Err(e) => {
            // Not UTF-8: GB18030 (a superset of GBK and GB2312) if it decodes
            // without a single malformed sequence.
            match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(text) if plausible_gb(&text) => Ok(Decoded {
                    text: text.into_owned(),
                    encoding: "GB18030",
                }),
                _ => Err(DecodeError::Invalid {
                    encoding: "UTF-8",
                    offset: e.valid_up_to(),
                }),
            }
        }
    }
}

fn utf8(bytes: &[u8], skip: usize) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => match binary_at(bytes) {
            Some(offset) => Err(DecodeError::Binary {
                offset: offset + skip,
            }),
            None => Ok(Decoded {
                text: s.to_string(),
                encoding: "UTF-8",
            }),
        },
        Err(e) => Err(DecodeError::Invalid {
            encoding: "UTF-8",
            offset: e.valid_up_to() + skip,
        }),
    }
}

fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<Decoded, DecodeError> {
    let name = enc.name();
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::Invalid {
            encoding: name,
            offset: bytes.len() + 1,
        });
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => {
            if let Some(p) = text.find(|c: char| is_binary_char(c)) {
                return Err(DecodeError::Binary {
                    offset: 2 + 2 * text[..p].encode_utf16().count(),
                });
            }
            Ok(Decoded {
                text: text.into_owned(),
                encoding: name,
            })
        }
        None => Err(DecodeError::Invalid {
            encoding: name,
            offset: 2,
        }),
    }
}

fn is_binary_char(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{e}'..='\u{1a}' | '\u{1c}'..='\u{1f}' | '\u{7f}')
}

/// The offset of the first byte that no text file holds (NUL and most C0
/// controls; tab, line ends, form feed and ESC are allowed).
fn binary_at(bytes: &[u8]) -> Option<usize> {
    // Fast path: every byte below 0x20 but tab and line ends is suspect.
    if bytes
        .iter()
        .all(|&b| (b >= 0x20 && b != 0x7f) || matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    bytes
        .iter()
        .position(|&b| b < 0x80 && is_binary_char(b as char))
}

/// GB18030 decodes almost any byte string; real Chinese text is mostly CJK
/// ideographs and ASCII, so refuse text that is mostly something else.
fn plausible_gb(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars() {
        total += 1;
        let ok = c.is_ascii()
            || ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
            || ('\u{2000}'..='\u{206f}').contains(&c)
            || matches!(c, '\u{b7}' | '\u{d7}' | '\u{2160}'..='\u{2188}' | '\u{2460}'..='\u{24ff}' | '\u{25a0}'..='\u{25ff}');
        if !ok {
            odd += 1;
        }
    }
    odd * 10 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "洛阳市公安局 2023 年政府信息公开工作年度报告\r\n规章\t0\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes()).unwrap().text, TEXT);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&b).unwrap().text, TEXT);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in TEXT.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, TEXT);
        assert_eq!(decode(&be).unwrap().text, TEXT);
    }

    #[test]
    fn gb18030_and_gbk() {
        let (bytes, _, bad) = GB18030.encode(TEXT);
        assert!(!bad);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, TEXT);
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn refuses_binary_and_broken_utf8() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary { .. })
        ));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("年度报告".as_bytes());
        b.push(0xFF);
        assert!(matches!(
            decode(&b),
            Err(DecodeError::Invalid {
                encoding: "UTF-8",
                offset: 15
            })
        ));
        assert!(decode(&[0xFF, 0xFE, 0x00]).is_err());
    }
}
