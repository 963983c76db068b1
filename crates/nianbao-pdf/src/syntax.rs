//! PDF objects and their lexer: numbers, strings, names, arrays,
//! dictionaries, references, and the keywords of content streams.
//!
//! The parser works on a byte slice with a cursor and never recurses deeper
//! than [`crate::limits::MAX_NESTING`]; malformed input gives `None` or a
//! [`Token::Bad`], never a panic.

use crate::limits::MAX_NESTING;
use std::collections::HashMap;
use std::rc::Rc;

/// A PDF object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// `null` (also what a missing or unreadable object resolves to).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A real number.
    Real(f64),
    /// A name, without its slash, `#xx` escapes decoded.
    Name(Vec<u8>),
    /// A string's bytes (literal or hex).
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Object>),
    /// A dictionary.
    Dict(Dict),
    /// A stream: its dictionary and its raw (still encoded) data.
    Stream(Rc<Stream>),
    /// An indirect reference `n g R`.
    Ref(u32, u16),
}

/// A dictionary.
pub type Dict = HashMap<Vec<u8>, Object>;

/// A stream object.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// Its dictionary.
    pub dict: Dict,
    /// Its encoded bytes.
    pub data: Vec<u8>,
}

impl Object {
    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }
    /// The integer, if this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            Object::Real(r) if r.is_finite() && r.fract() == 0.0 => Some(*r as i64),
            _ => None,
        }
    }
    /// The name, if this is one.
    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }
    /// The dictionary (of a stream too), if this is one.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }
}

/// A token of a content stream or of an object body.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A complete operand (number, string, name, array, dictionary).
    Obj(Object),
    /// A bare keyword: an operator, `R`, `obj`, `stream`, `endobj`, …
    Keyword(Vec<u8>),
    /// Bytes the lexer could not read (skipped).
    Bad,
}

/// Whether `b` is PDF white space.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

/// Whether `b` is a PDF delimiter.
pub fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A cursor over PDF bytes.
pub struct Lexer<'a> {
    /// The bytes.
    pub buf: &'a [u8],
    /// The position of the next byte.
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at `pos`.
    pub fn new(buf: &'a [u8], pos: usize) -> Self {
        Lexer { buf, pos }
    }

    /// Skips white space and comments.
    pub fn skip_space(&mut self) {
        while self.pos < self.buf.len() {
            let b = self.buf[self.pos];
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.buf.len() && !matches!(self.buf[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// The next token, or `None` at the end.
    pub fn token(&mut self) -> Option<Token> {
        self.token_at(0)
    }

    fn token_at(&mut self, depth: usize) -> Option<Token> {
        self.skip_space();
        let b = self.peek()?;
        Some(match b {
            b'/' => {
                self.pos += 1;
                Token::Obj(Object::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Token::Obj(Object::Str(self.literal()))
            }
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                if depth >= MAX_NESTING {
                    return Some(Token::Bad);
                }
                match self.dict(depth + 1) {
                    Some(d) => Token::Obj(Object::Dict(d)),
                    None => Token::Bad,
                }
            }
            b'<' => {
                self.pos += 1;
                Token::Obj(Object::Str(self.hex()))
            }
            b'[' => {
                self.pos += 1;
                if depth >= MAX_NESTING {
                    return Some(Token::Bad);
                }
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => {}
                    }
                    match self.object_at(depth + 1) {
                        Some(o) => items.push(o),
                        None => {
                            // An operator inside an array: skip it.
                            if self.pos >= self.buf.len() {
                                break;
                            }
                        }
                    }
                }
                Token::Obj(Object::Array(items))
            }
            b'>' | b']' | b')' | b'{' | b'}' => {
                self.pos += 1;
                Token::Bad
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            _ => {
                let start = self.pos;
                while self.pos < self.buf.len()
                    && !is_space(self.buf[self.pos])
                    && !is_delim(self.buf[self.pos])
                {
                    self.pos += 1;
                }
                let word = &self.buf[start..self.pos];
                match word {
                    b"true" => Token::Obj(Object::Bool(true)),
                    b"false" => Token::Obj(Object::Bool(false)),
                    b"null" => Token::Obj(Object::Null),
                    _ => Token::Keyword(word.to_vec()),
                }
            }
        })
    }

    fn number(&mut self) -> Token {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.buf.len()
            && matches!(self.buf[self.pos], b'0'..=b'9' | b'.' | b'-' | b'+')
        {
            self.pos += 1;
        }
        let s = std::str::from_utf8(&self.buf[start..self.pos]).unwrap_or("");
        if let Ok(i) = s.parse::<i64>() {
            return Token::Obj(Object::Int(i));
        }
        // `--5`, `5.-` and other oddities read as their leading number.
        let clean: String = {
            let mut out = String::new();
            for (i, c) in s.chars().enumerate() {
                if (c == '-' || c == '+') && i > 0 {
                    break;
                }
                out.push(c);
            }
            out
        };
        match clean.parse::<f64>() {
            Ok(f) if f.is_finite() => Token::Obj(Object::Real(f)),
            _ => Token::Obj(Object::Int(0)),
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            if is_space(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let h = self.buf.get(self.pos..self.pos + 2).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|s| u8::from_str_radix(s, 16).ok())
                });
                if let Some(v) = h {
                    out.push(v);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        // The digits up to `>` (or the end), decoded as the ASCIIHex filter
        // decodes them; the position moves past the `>`.
        let rest = &self.buf[self.pos.min(self.buf.len())..];
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        self.pos += (end + 1).min(rest.len());
        crate::filter::hex(&rest[..end])
    }

    fn dict(&mut self, depth: usize) -> Option<Dict> {
        let mut d = Dict::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Some(d),
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    return Some(d);
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    self.skip_space();
                    if self.peek() == Some(b'>') {
                        d.insert(key, Object::Null);
                        continue;
                    }
                    let v = self.object_at(depth).unwrap_or(Object::Null);
                    d.insert(key, v);
                }
                Some(_) => {
                    // Junk in a dictionary: skip one token.
                    let before = self.pos;
                    self.token_at(depth)?;
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// The next object, with `n g R` read as a reference; `None` at the end
    /// or when the next token is a keyword (the keyword is consumed).
    pub fn object(&mut self) -> Option<Object> {
        self.object_at(0)
    }

    fn object_at(&mut self, depth: usize) -> Option<Object> {
        match self.token_at(depth)? {
            Token::Obj(Object::Int(n)) => {
                // `n g R`?
                let save = self.pos;
                if let Some(Token::Obj(Object::Int(g))) = self.token_at(depth) {
                    if let Some(Token::Keyword(k)) = self.token_at(depth) {
                        if k == b"R"
                            && (0..=u32::MAX as i64).contains(&n)
                            && (0..=65535).contains(&g)
                        {
                            return Some(Object::Ref(n as u32, g as u16));
                        }
                    }
                }
                self.pos = save;
                Some(Object::Int(n))
            }
            Token::Obj(o) => Some(o),
            Token::Keyword(_) | Token::Bad => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read() {
        let mut l = Lexer::new(
            b"<< /Type /Page /Kids [1 0 R 2 0 R] /N 3 /S (a\\(b\\)\\101) /H <4E6> /F -1.5 /X#20Y true >>",
            0,
        );
        let o = l.object().unwrap();
        let d = o.as_dict().unwrap();
        assert_eq!(d[&b"Type"[..]], Object::Name(b"Page".to_vec()));
        assert_eq!(
            d[&b"Kids"[..]],
            Object::Array(vec![Object::Ref(1, 0), Object::Ref(2, 0)])
        );
        assert_eq!(d[&b"N"[..]], Object::Int(3));
        assert_eq!(d[&b"S"[..]], Object::Str(b"a(b)A".to_vec()));
        assert_eq!(d[&b"H"[..]], Object::Str(vec![0x4e, 0x60]));
        assert_eq!(d[&b"F"[..]], Object::Real(-1.5));
        assert_eq!(d[&b"X Y"[..]], Object::Bool(true));
    }

    #[test]
    fn deep_nesting_is_cut() {
        let s = "[".repeat(100_000);
        let mut l = Lexer::new(s.as_bytes(), 0);
        let _ = l.object();
    }
}
