//! Fonts as far as text needs them: how a string's bytes split into
//! character codes, what each code means (ToUnicode map first, then the
//! font's encoding: Identity with UCS-2/UTF-16 CMaps, GBK-EUC CMaps,
//! WinAnsi and `/Differences` glyph names) and how wide each glyph is.
//!
//! A ToUnicode map holds at most [`MAX_CMAP_ENTRIES`] codes; a broken one
//! loses its unreadable entries, never the whole page.

use crate::file::Pdf;
use crate::limits::MAX_CMAP_ENTRIES;
use crate::syntax::{Dict, Lexer, Object, Token};
use crate::Error;
use std::collections::HashMap;

/// How a string splits into codes.
#[derive(Debug, Clone, PartialEq)]
enum Codes {
    /// One byte each (simple fonts).
    One,
    /// Two bytes each (Identity-H/V, UCS-2 CMaps).
    Two,
    /// By codespace ranges: `(bytes, low, high)`.
    Ranges(Vec<(usize, u32, u32)>),
}

/// What a code means when the ToUnicode map does not say.
#[derive(Debug, Clone, PartialEq)]
enum Fallback {
    /// Nothing (Identity CID fonts: CIDs are not characters).
    None,
    /// The code is UTF-16 (Uni*-UCS2-*, Uni*-UTF16-* CMaps).
    Utf16,
    /// The code is GBK (GB-EUC, GBK-EUC, GBKp-EUC, GBpc-EUC CMaps).
    Gbk,
    /// A one-byte encoding: WinAnsi with `/Differences`.
    Simple(Box<[Option<char>; 256]>),
}

/// A font.
#[derive(Debug, Clone)]
pub struct Font {
    codes: Codes,
    to_unicode: HashMap<u32, String>,
    fallback: Fallback,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Whether the font is a composite (Type0) font: the word spacing `Tw`
    /// never applies to its codes.
    pub composite: bool,
    /// Whether the ToUnicode map was cut at [`MAX_CMAP_ENTRIES`].
    pub truncated: bool,
}

/// One code of a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The code.
    pub code: u32,
    /// Its text (empty when unknown).
    pub text: String,
    /// Its width in text space units (1/1000 of the font size).
    pub width: f64,
    /// Whether the code is the single byte 32 (word spacing applies).
    pub is_space_byte: bool,
}

impl Font {
    /// A font from its dictionary.
    pub fn load(pdf: &mut Pdf, d: &Dict) -> Result<Font, Error> {
        let subtype = pdf.key(d, b"Subtype");
        let composite = subtype.as_name() == Some(b"Type0");
        let mut font = Font {
            codes: if composite { Codes::Two } else { Codes::One },
            to_unicode: HashMap::new(),
            fallback: Fallback::None,
            widths: HashMap::new(),
            default_width: if composite { 1000.0 } else { 500.0 },
            composite,
            truncated: false,
        };
        if composite {
            match pdf.key(d, b"Encoding") {
                Object::Name(n) => {
                    let n = String::from_utf8_lossy(&n).to_string();
                    if n.contains("UCS2") || n.contains("UTF16") {
                        font.fallback = Fallback::Utf16;
                    } else if n.contains("EUC") || n.starts_with("GBK") {
                        font.fallback = Fallback::Gbk;
                        font.codes = Codes::Ranges(vec![(1, 0, 0x80), (2, 0x8140, 0xfefe)]);
                    }
                }
                s @ Object::Stream(_) => {
                    if let Some(bytes) = pdf.stream_bytes(&s)? {
                        let cm = parse_cmap(&bytes, false);
                        if !cm.ranges.is_empty() {
                            font.codes = Codes::Ranges(cm.ranges);
                        }
                    }
                }
                _ => {}
            }
            let desc = match pdf.key(d, b"DescendantFonts") {
                Object::Array(a) => a.first().map(|o| pdf.resolve(o)),
                _ => None,
            };
            if let Some(Object::Dict(cid)) = desc {
                if let Some(dw) = pdf.key(&cid, b"DW").as_f64() {
                    font.default_width = dw;
                }
                if let Object::Array(w) = pdf.key(&cid, b"W") {
                    let mut i = 0;
                    while i < w.len() && font.widths.len() < MAX_CMAP_ENTRIES {
                        let Some(first) = w[i].as_i64() else { break };
                        match w.get(i + 1).map(|o| pdf.resolve(o)) {
                            Some(Object::Array(ws)) => {
                                for (k, x) in ws.iter().enumerate() {
                                    if let Some(x) = x.as_f64() {
                                        font.widths.insert((first + k as i64) as u32, x);
                                    }
                                }
                                i += 2;
                            }
                            Some(o) => {
                                let (Some(last), Some(x)) =
                                    (o.as_i64(), w.get(i + 2).and_then(Object::as_f64))
                                else {
                                    break;
                                };
                                let span = (last - first).clamp(0, MAX_CMAP_ENTRIES as i64);
                                for c in first..=first + span {
                                    font.widths.insert(c as u32, x);
                                }
                                i += 3;
                            }
                            None => break,
                        }
                    }
                }
            }
        } else {
            let first = pdf.key(d, b"FirstChar").as_i64().unwrap_or(0);
            if let Object::Array(w) = pdf.key(d, b"Widths") {
                for (k, x) in w.iter().take(256).enumerate() {
                    if let Some(x) = pdf.resolve(x).as_f64() {
                        font.widths.insert((first + k as i64) as u32, x);
                    }
                }
            }
            if let Object::Dict(fd) = pdf.key(d, b"FontDescriptor") {
                if let Some(m) = pdf.key(&fd, b"MissingWidth").as_f64() {
                    font.default_width = m;
                }
            }
            // Type3 glyph widths are in glyph space.
            if subtype.as_name() == Some(b"Type3") {
                if let Object::Array(m) = pdf.key(d, b"FontMatrix") {
                    if let Some(a) = m.first().and_then(Object::as_f64) {
                        for w in font.widths.values_mut() {
                            *w *= a * 1000.0;
                        }
                    }
                }
            }
            font.fallback = Fallback::Simple(Box::new(simple_encoding(pdf, d)));
        }
        if let Object::Stream(_) = pdf.key(d, b"ToUnicode") {
            let tu = d.get(&b"ToUnicode"[..]).cloned().unwrap_or(Object::Null);
            if let Some(bytes) = pdf.stream_bytes(&tu)? {
                let cm = parse_cmap(&bytes, true);
                font.to_unicode = cm.map;
                font.truncated = cm.truncated;
                if composite && font.codes == Codes::Two && !cm.ranges.is_empty() {
                    // A ToUnicode codespace with one-byte ranges only tells
                    // nothing about the font's codes; keep two bytes.
                    if cm.ranges.iter().all(|r| r.0 == 2) {
                        font.codes = Codes::Two;
                    }
                }
            }
        }
        Ok(font)
    }

    /// The codes of a string.
    pub fn codes(&self, s: &[u8]) -> Vec<Code> {
        let mut out = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            let n = match &self.codes {
                Codes::One => 1,
                Codes::Two => 2,
                Codes::Ranges(r) => {
                    let mut n = 1;
                    for len in 1..=4usize {
                        if i + len > s.len() {
                            break;
                        }
                        let v = s[i..i + len].iter().fold(0u32, |a, &b| a << 8 | b as u32);
                        if r.iter().any(|&(l, lo, hi)| l == len && v >= lo && v <= hi) {
                            n = len;
                            break;
                        }
                    }
                    n
                }
            }
            .min(s.len() - i);
            let code = s[i..i + n].iter().fold(0u32, |a, &b| a << 8 | b as u32);
            i += n;
            let text = match self.to_unicode.get(&code) {
                Some(t) => t.clone(),
                None => self.fallback_text(code, n),
            };
            out.push(Code {
                code,
                text,
                width: self
                    .widths
                    .get(&code)
                    .copied()
                    .unwrap_or(self.default_width),
                is_space_byte: n == 1 && code == 32,
            });
        }
        out
    }

    fn fallback_text(&self, code: u32, n: usize) -> String {
        match &self.fallback {
            Fallback::None => String::new(),
            Fallback::Utf16 => char::from_u32(code).map(String::from).unwrap_or_default(),
            Fallback::Gbk => {
                let bytes = if n == 1 {
                    vec![code as u8]
                } else {
                    vec![(code >> 8) as u8, code as u8]
                };
                let (t, _, bad) = encoding_rs::GBK.decode(&bytes);
                if bad {
                    String::new()
                } else {
                    t.into_owned()
                }
            }
            Fallback::Simple(table) => table
                .get(code as usize)
                .copied()
                .flatten()
                .map(String::from)
                .unwrap_or_default(),
        }
    }
}

/// The one-byte encoding of a simple font: WinAnsi (or its base) with the
/// `/Differences` applied.
fn simple_encoding(pdf: &mut Pdf, d: &Dict) -> [Option<char>; 256] {
    let mut t = [None; 256];
    let all: Vec<u8> = (0u8..=255).collect();
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&all);
    for (i, c) in s.chars().enumerate().take(256) {
        if i >= 32 {
            t[i] = Some(c);
        }
    }
    if let Object::Dict(enc) = pdf.key(d, b"Encoding") {
        if let Object::Array(diffs) = pdf.key(&enc, b"Differences") {
            let mut code = 0usize;
            for o in diffs.iter() {
                match o {
                    Object::Int(c) => code = (*c).clamp(0, 255) as usize,
                    Object::Name(n) => {
                        if code < 256 {
                            t[code] = glyph_char(n);
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    t
}

/// The character of a glyph name (`uni4E00`, `u1F600`, `zero`, `A`, …).
fn glyph_char(n: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(n).ok()?;
    if let Some(h) = s.strip_prefix("uni").filter(|h| h.len() >= 4) {
        return u32::from_str_radix(&h[..4], 16)
            .ok()
            .and_then(char::from_u32);
    }
    if let Some(h) = s.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        if let Ok(v) = u32::from_str_radix(h, 16) {
            return char::from_u32(v);
        }
    }
    if s.len() == 1 {
        return s.chars().next();
    }
    const NAMES: [(&str, char); 34] = [
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '-'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("percent", '%'),
        ("slash", '/'),
        ("plus", '+'),
        ("equal", '='),
        ("underscore", '_'),
        ("endash", '–'),
        ("emdash", '—'),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("quotesingle", '\''),
        ("quotedbl", '"'),
        ("asterisk", '*'),
        ("numbersign", '#'),
        ("ampersand", '&'),
        ("question", '?'),
    ];
    NAMES.iter().find(|(k, _)| *k == s).map(|(_, c)| *c)
}

/// A parsed CMap: codespace ranges and (for ToUnicode) the code → text map.
struct CMap {
    ranges: Vec<(usize, u32, u32)>,
    map: HashMap<u32, String>,
    truncated: bool,
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn code_of(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| a << 8 | x as u32)
}

/// Parses a CMap: `codespacerange`, `bfchar`, `bfrange` (`cidchar` and
/// `cidrange` are skipped: CIDs are not text).
fn parse_cmap(bytes: &[u8], unicode: bool) -> CMap {
    let mut cm = CMap {
        ranges: Vec::new(),
        map: HashMap::new(),
        truncated: false,
    };
    let mut lx = Lexer::new(bytes, 0);
    let mut operands: Vec<Object> = Vec::new();
    let mut section: &[u8] = b"";
    let mut budget = MAX_CMAP_ENTRIES;
    while let Some(t) = lx.token() {
        match t {
            Token::Obj(o) => {
                if operands.len() < 3 {
                    operands.push(o);
                } else {
                    operands.remove(0);
                    operands.push(o);
                }
            }
            Token::Keyword(k) => {
                section = match k.as_slice() {
                    b"begincodespacerange" => b"cs",
                    b"beginbfchar" => b"bfchar",
                    b"beginbfrange" => b"bfrange",
                    b"endcodespacerange" | b"endbfchar" | b"endbfrange" => b"",
                    _ => section,
                };
                operands.clear();
            }
            Token::Bad => {}
        }
        match (section, operands.as_slice()) {
            (b"cs", [Object::Str(lo), Object::Str(hi)]) => {
                if cm.ranges.len() < 256 && !lo.is_empty() && lo.len() <= 4 {
                    cm.ranges.push((lo.len(), code_of(lo), code_of(hi)));
                }
                operands.clear();
            }
            (b"bfchar", [Object::Str(src), dst]) if unicode => {
                if let Object::Str(d) = dst {
                    if budget > 0 {
                        budget -= 1;
                        cm.map.insert(code_of(src), utf16(d));
                    } else {
                        cm.truncated = true;
                    }
                }
                operands.clear();
            }
            (b"bfrange", [Object::Str(lo), Object::Str(hi), dst]) if unicode => {
                let (lo, hi) = (code_of(lo), code_of(hi));
                if hi >= lo {
                    let span = (hi - lo) as usize + 1;
                    if span > budget {
                        cm.truncated = true;
                    }
                    let n = span.min(budget);
                    budget -= n;
                    for k in 0..n {
                        let text = match dst {
                            Object::Str(d) if !d.is_empty() => {
                                // The last unit is incremented.
                                let mut units: Vec<u16> = d
                                    .chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                    .collect();
                                if let Some(l) = units.last_mut() {
                                    *l = l.wrapping_add(k as u16);
                                }
                                String::from_utf16_lossy(&units)
                            }
                            Object::Array(a) => match a.get(k) {
                                Some(Object::Str(d)) => utf16(d),
                                _ => continue,
                            },
                            _ => continue,
                        };
                        cm.map.insert(lo + k as u32, text);
                    }
                }
                operands.clear();
            }
            _ => {}
        }
    }
    cm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode_maps_read() {
        let cm = parse_cmap(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <4E00> endbfchar\n\
              1 beginbfrange <0020> <0022> <0030> endbfrange\n\
              1 beginbfrange <0040> <0041> [<5E74> <62A5>] endbfrange",
            true,
        );
        assert_eq!(cm.ranges, vec![(2, 0, 0xffff)]);
        assert_eq!(cm.map[&0x11], "一");
        assert_eq!(cm.map[&0x21], "1");
        assert_eq!(cm.map[&0x41], "报");
    }

    #[test]
    fn a_huge_range_is_cut() {
        let cm = parse_cmap(
            b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
            true,
        );
        assert!(cm.truncated);
        assert_eq!(cm.map.len(), MAX_CMAP_ENTRIES);
    }
}
