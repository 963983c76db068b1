//! The file structure: the cross-reference table (classic tables, xref
//! streams, `/Prev` chains, object streams), a recovery scan when it is
//! broken, object resolution with bounded reference chains, and the page
//! tree walked with a visited set. An encrypted file that opens with the
//! empty user password is decrypted object by object as it is parsed
//! ([`crate::crypt`]).

use crate::crypt;
use crate::filter;
use crate::limits::*;
use crate::syntax::{Dict, Lexer, Object, Stream, Token};
use crate::{Detail, Error, Work};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

#[derive(Debug, Clone, Copy)]
enum Entry {
    Offset(usize),
    InStream(u32, u32),
}

/// An object stream, decoded: its bytes, where each object starts.
struct ObjStm {
    data: Vec<u8>,
    first: usize,
    offsets: Vec<(u32, usize)>,
}

/// An opened PDF.
pub struct Pdf<'a> {
    buf: &'a [u8],
    xref: HashMap<u32, Entry>,
    trailer: Dict,
    cache: HashMap<u32, Object>,
    objstms: HashMap<u32, Option<Rc<ObjStm>>>,
    in_progress: HashSet<u32>,
    /// The decryption, for a file encrypted with an empty user password.
    crypt: Option<crypt::Handler>,
    /// The `/Encrypt` dictionary's object number (never decrypted).
    encrypt_obj: Option<u32>,
    /// The work done so far.
    pub work: Work,
    /// Whether the cross-reference table had to be rebuilt by a scan.
    pub recovered: bool,
    /// The first limit broken while resolving an object (resolution itself
    /// answers `Null` then; the reader refuses the file).
    pub fatal: Option<Error>,
}

/// A page: its size and what to interpret.
#[derive(Debug, Clone)]
pub struct Page {
    /// `[x0, y0, x1, y1]` of the visible area.
    pub bbox: [f64; 4],
    /// The resources dictionary (inherited when absent).
    pub resources: Dict,
    /// The content streams' objects.
    pub contents: Vec<Object>,
    /// Clockwise rotation for display: 0, 90, 180 or 270.
    pub rotate: i64,
}

fn damaged(what: &str, en: &str) -> Error {
    Error::Damaged(Detail::new(what, en))
}

impl<'a> Pdf<'a> {
    /// Opens a PDF: reads its cross-reference table, or rebuilds it.
    pub fn open(buf: &'a [u8]) -> Result<Pdf<'a>, Error> {
        let mut pdf = Pdf {
            buf,
            xref: HashMap::new(),
            trailer: Dict::new(),
            cache: HashMap::new(),
            objstms: HashMap::new(),
            in_progress: HashSet::new(),
            crypt: None,
            encrypt_obj: None,
            work: Work::default(),
            recovered: false,
            fatal: None,
        };
        let ok = pdf.read_xref_chain().is_ok() && pdf.root_ok();
        if !ok {
            pdf.xref.clear();
            pdf.cache.clear();
            pdf.trailer.clear();
            pdf.recover()?;
            pdf.recovered = true;
            if !pdf.root_ok() {
                return Err(damaged(
                    "交叉引用表已损坏且无法恢复，找不到文档目录",
                    "broken cross-reference table that cannot be recovered: no document catalog",
                ));
            }
        }
        if let Some(enc) = pdf.trailer.get(&b"Encrypt"[..]).cloned() {
            pdf.open_encrypted(&enc)?;
        }
        Ok(pdf)
    }

    /// Sets up decryption with the empty user password, or refuses the file
    /// ([`Error::Encrypted`]). Objects read so far were read without
    /// decryption: they are forgotten.
    fn open_encrypted(&mut self, enc: &Object) -> Result<(), Error> {
        if let Object::Ref(n, _) = enc {
            self.encrypt_obj = Some(*n);
        }
        let dict = match self.resolve(enc) {
            Object::Dict(d) => d,
            _ => return Err(Error::Encrypted),
        };
        let id = match self.trailer.get(&b"ID"[..]) {
            Some(Object::Array(a)) => match a.first() {
                Some(Object::Str(s)) => s.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        self.crypt = Some(crypt::Handler::new(&dict, &id)?);
        self.cache.clear();
        self.objstms.clear();
        Ok(())
    }

    /// `o`, object `n g`, decrypted when the file is encrypted.
    fn decrypt(&self, n: u32, g: u16, o: Object) -> Object {
        match &self.crypt {
            Some(c) if self.encrypt_obj != Some(n) => c.object(n, g, o),
            _ => o,
        }
    }

    fn root_ok(&mut self) -> bool {
        let root = self
            .trailer
            .get(&b"Root"[..])
            .cloned()
            .unwrap_or(Object::Null);
        let root = self.resolve(&root);
        root.as_dict().and_then(|d| d.get(&b"Pages"[..])).is_some()
    }

    fn read_xref_chain(&mut self) -> Result<(), Error> {
        let tail_start = self.buf.len().saturating_sub(4096);
        let tail = &self.buf[tail_start..];
        let at =
            rfind(tail, b"startxref").ok_or_else(|| damaged("没有 startxref", "no startxref"))?;
        let mut lx = Lexer::new(self.buf, tail_start + at + 9);
        let mut offset = match lx.token() {
            Some(Token::Obj(Object::Int(o))) if o >= 0 => o as usize,
            _ => return Err(damaged("startxref 无效", "bad startxref")),
        };
        let mut seen = HashSet::new();
        let mut first = true;
        let mut pending_streams = Vec::new();
        for _ in 0..MAX_XREF_SECTIONS {
            if !seen.insert(offset) || offset >= self.buf.len() {
                break;
            }
            let trailer = self.read_xref_at(offset)?;
            if let Some(Object::Int(s)) = trailer.get(&b"XRefStm"[..]) {
                pending_streams.push(*s as usize);
            }
            let prev = trailer.get(&b"Prev"[..]).and_then(Object::as_i64);
            if first {
                self.trailer = trailer;
                first = false;
            }
            while let Some(s) = pending_streams.pop() {
                if seen.insert(s) && s < self.buf.len() {
                    let _ = self.read_xref_at(s);
                }
            }
            match prev {
                Some(p) if p >= 0 => offset = p as usize,
                _ => break,
            }
        }
        if self.xref.is_empty() {
            return Err(damaged("交叉引用表为空", "empty cross-reference table"));
        }
        Ok(())
    }

    /// Reads one xref section (table or stream); entries already known
    /// (from a newer section) are kept. Returns its trailer.
    fn read_xref_at(&mut self, offset: usize) -> Result<Dict, Error> {
        let mut lx = Lexer::new(self.buf, offset);
        lx.skip_space();
        if self.buf[lx.pos..].starts_with(b"xref") {
            lx.pos += 4;
            loop {
                let save = lx.pos;
                match lx.token() {
                    Some(Token::Obj(Object::Int(start))) => {
                        let Some(Token::Obj(Object::Int(count))) = lx.token() else {
                            return Err(damaged("交叉引用表无效", "bad xref subsection"));
                        };
                        if start < 0 || count < 0 || self.xref.len() + count as usize > MAX_OBJECTS
                        {
                            return Err(Error::TooLarge(Detail::new(
                                format!("对象超过 {MAX_OBJECTS} 个"),
                                format!("more than {MAX_OBJECTS} objects"),
                            )));
                        }
                        for i in 0..count {
                            let (
                                Some(Token::Obj(Object::Int(off))),
                                Some(Token::Obj(Object::Int(_))),
                                Some(Token::Keyword(k)),
                            ) = (lx.token(), lx.token(), lx.token())
                            else {
                                return Err(damaged("交叉引用表无效", "bad xref entry"));
                            };
                            let num = (start + i) as u32;
                            if k == b"n" && off > 0 {
                                self.xref.entry(num).or_insert(Entry::Offset(off as usize));
                            }
                        }
                    }
                    Some(Token::Keyword(k)) if k == b"trailer" => {
                        return Ok(match lx.object() {
                            Some(Object::Dict(d)) => d,
                            _ => Dict::new(),
                        });
                    }
                    _ => {
                        let _ = save;
                        return Err(damaged("交叉引用表无效", "bad xref table"));
                    }
                }
            }
        }
        // An xref stream.
        // Never decrypted (ISO 32000-1, 7.5.8.2).
        let Some((_, _, obj)) = self.parse_at(offset)? else {
            return Err(damaged("交叉引用流无效", "bad xref stream"));
        };
        let Object::Stream(s) = obj else {
            return Err(damaged("交叉引用流无效", "bad xref stream"));
        };
        let data = filter::decode(&s, &mut self.work)?
            .ok_or_else(|| damaged("交叉引用流无法解码", "undecodable xref stream"))?;
        let w: Vec<usize> = s
            .dict
            .get(&b"W"[..])
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .map(|o| o.as_i64().unwrap_or(0).clamp(0, 8) as usize)
                    .collect()
            })
            .unwrap_or_default();
        if w.len() != 3 {
            return Err(damaged("交叉引用流无效", "bad xref stream /W"));
        }
        let size = s
            .dict
            .get(&b"Size"[..])
            .and_then(Object::as_i64)
            .unwrap_or(0);
        let index: Vec<i64> = s
            .dict
            .get(&b"Index"[..])
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(Object::as_i64).collect())
            .unwrap_or_else(|| vec![0, size]);
        let row = w[0] + w[1] + w[2];
        if row == 0 {
            return Err(damaged("交叉引用流无效", "bad xref stream /W"));
        }
        let field = |b: &[u8]| b.iter().fold(0u64, |a, &x| a << 8 | x as u64);
        let mut at = 0usize;
        for pair in index.chunks(2) {
            let [start, count] = pair else { break };
            if *start < 0 || *count < 0 || self.xref.len() + *count as usize > MAX_OBJECTS {
                return Err(Error::TooLarge(Detail::new(
                    format!("对象超过 {MAX_OBJECTS} 个"),
                    format!("more than {MAX_OBJECTS} objects"),
                )));
            }
            for i in 0..*count {
                let Some(r) = data.get(at..at + row) else {
                    break;
                };
                at += row;
                let t = if w[0] == 0 { 1 } else { field(&r[..w[0]]) };
                let f2 = field(&r[w[0]..w[0] + w[1]]);
                let f3 = field(&r[w[0] + w[1]..]);
                let num = (start + i) as u32;
                let e = match t {
                    1 => Entry::Offset(f2 as usize),
                    2 => Entry::InStream(f2 as u32, f3 as u32),
                    _ => continue,
                };
                self.xref.entry(num).or_insert(e);
            }
        }
        Ok(s.dict.clone())
    }

    /// Rebuilds the cross-reference table by scanning for `n g obj`.
    fn recover(&mut self) -> Result<(), Error> {
        let buf = self.buf;
        let mut i = 0;
        let mut trailers = Vec::new();
        while let Some(p) = find(&buf[i..], b"obj") {
            let at = i + p;
            i = at + 3;
            if buf[..at].ends_with(b"end") {
                continue;
            }
            // Walk back over `g` and `n`.
            let mut j = at;
            let mut nums = [0u64; 2];
            let mut ok = true;
            for n in nums.iter_mut().rev() {
                while j > 0 && crate::syntax::is_space(buf[j - 1]) {
                    j -= 1;
                }
                let end = j;
                while j > 0 && buf[j - 1].is_ascii_digit() && end - j < 10 {
                    j -= 1;
                }
                if j == end {
                    ok = false;
                    break;
                }
                *n = std::str::from_utf8(&buf[j..end])
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(u64::MAX);
            }
            if !ok || nums[0] > u32::MAX as u64 {
                continue;
            }
            if self.xref.len() >= MAX_OBJECTS {
                return Err(Error::TooLarge(Detail::new(
                    format!("对象超过 {MAX_OBJECTS} 个"),
                    format!("more than {MAX_OBJECTS} objects"),
                )));
            }
            self.xref.insert(nums[0] as u32, Entry::Offset(j));
        }
        let mut i = 0;
        while let Some(p) = find(&buf[i..], b"trailer") {
            let at = i + p + 7;
            i = at;
            if let Some(Object::Dict(d)) = Lexer::new(buf, at).object() {
                if d.contains_key(&b"Root"[..]) {
                    trailers.push(d);
                }
            }
        }
        if let Some(t) = trailers.pop() {
            self.trailer = t;
            return Ok(());
        }
        // No trailer: an xref stream's dictionary, or any catalog.
        let mut nums: Vec<u32> = self.xref.keys().copied().collect();
        nums.sort_unstable();
        for n in nums {
            let o = self.get(n);
            let Some(d) = o.as_dict() else { continue };
            match d.get(&b"Type"[..]).and_then(Object::as_name) {
                Some(b"XRef") if d.contains_key(&b"Root"[..]) => {
                    self.trailer = d.clone();
                    self.trailer.remove(&b"Filter"[..]);
                }
                Some(b"Catalog") if !self.trailer.contains_key(&b"Root"[..]) => {
                    self.trailer.insert(b"Root".to_vec(), Object::Ref(n, 0));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn count_object(&mut self) -> Result<(), Error> {
        self.work.objects_parsed += 1;
        if self.work.objects_parsed > MAX_PARSED_OBJECTS {
            return Err(Error::TooLarge(Detail::new(
                format!("读取的对象超过 {MAX_PARSED_OBJECTS} 个"),
                format!("more than {MAX_PARSED_OBJECTS} objects read"),
            )));
        }
        Ok(())
    }

    /// Parses `n g obj … endobj` at `offset`.
    fn parse_at(&mut self, offset: usize) -> Result<Option<(u32, u16, Object)>, Error> {
        self.count_object()?;
        let mut lx = Lexer::new(self.buf, offset);
        let (
            Some(Token::Obj(Object::Int(n))),
            Some(Token::Obj(Object::Int(g))),
            Some(Token::Keyword(k)),
        ) = (lx.token(), lx.token(), lx.token())
        else {
            return Ok(None);
        };
        if k != b"obj" || n < 0 || n > u32::MAX as i64 {
            return Ok(None);
        }
        let g = g.clamp(0, u16::MAX as i64) as u16;
        let obj = lx.object().unwrap_or(Object::Null);
        let save = lx.pos;
        if let (Object::Dict(d), Some(Token::Keyword(k))) = (&obj, lx.token()) {
            if k == b"stream" {
                let mut start = lx.pos;
                if self.buf.get(start) == Some(&b'\r') {
                    start += 1;
                }
                if self.buf.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let len = match d.get(&b"Length"[..]) {
                    Some(Object::Int(l)) => Some(*l),
                    Some(Object::Ref(r, _)) => {
                        let r = *r;
                        if self.in_progress.insert(r) {
                            let v = self.get(r).as_i64();
                            self.in_progress.remove(&r);
                            v
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                let fits = |l: i64| {
                    l >= 0 && start + (l as usize) <= self.buf.len() && {
                        let mut e = Lexer::new(self.buf, start + l as usize);
                        e.skip_space();
                        self.buf[e.pos..].starts_with(b"endstream")
                    }
                };
                let end = match len {
                    Some(l) if fits(l) => start + l as usize,
                    _ => {
                        let e = find(&self.buf[start..], b"endstream")
                            .map(|p| start + p)
                            .unwrap_or(self.buf.len());
                        let mut e2 = e;
                        while e2 > start && matches!(self.buf[e2 - 1], b'\r' | b'\n') {
                            e2 -= 1;
                        }
                        e2
                    }
                };
                let s = Stream {
                    dict: d.clone(),
                    data: self.buf[start..end].to_vec(),
                };
                return Ok(Some((n as u32, g, Object::Stream(Rc::new(s)))));
            }
        }
        let _ = save;
        Ok(Some((n as u32, g, obj)))
    }

    /// Object number `n` (`Null` when missing or unreadable).
    pub fn get(&mut self, n: u32) -> Object {
        match self.try_get(n) {
            Ok(o) => o,
            Err(e) => {
                self.fatal.get_or_insert(e);
                Object::Null
            }
        }
    }

    /// Object number `n`, or the limit it broke.
    pub fn try_get(&mut self, n: u32) -> Result<Object, Error> {
        if let Some(o) = self.cache.get(&n) {
            return Ok(o.clone());
        }
        let o = match self.xref.get(&n).copied() {
            None => Object::Null,
            Some(Entry::Offset(off)) => match self.parse_at(off)? {
                Some((m, g, o)) if m == n => self.decrypt(n, g, o),
                _ => Object::Null,
            },
            Some(Entry::InStream(s, idx)) => self.in_objstm(s, idx, n)?,
        };
        self.cache.insert(n, o.clone());
        Ok(o)
    }

    fn in_objstm(&mut self, s: u32, idx: u32, n: u32) -> Result<Object, Error> {
        if !self.objstms.contains_key(&s) {
            // Guard against an object stream inside itself.
            self.objstms.insert(s, None);
            let stm = match self.xref.get(&s).copied() {
                // The object stream is decrypted, not the objects in it.
                Some(Entry::Offset(off)) => match self.parse_at(off)? {
                    Some((m, g, o @ Object::Stream(_))) => match self.decrypt(m, g, o) {
                        Object::Stream(st) => Some(st),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            let built = match stm {
                Some(st) => self.build_objstm(&st)?,
                None => None,
            };
            self.objstms.insert(s, built.map(Rc::new));
        }
        let Some(Some(stm)) = self.objstms.get(&s).cloned() else {
            return Ok(Object::Null);
        };
        self.count_object()?;
        let at = stm
            .offsets
            .get(idx as usize)
            .filter(|(m, _)| *m == n)
            .or_else(|| stm.offsets.iter().find(|(m, _)| *m == n))
            .map(|(_, o)| *o);
        Ok(at
            .and_then(|o| Lexer::new(&stm.data, stm.first.saturating_add(o)).object())
            .unwrap_or(Object::Null))
    }

    fn build_objstm(&mut self, st: &Stream) -> Result<Option<ObjStm>, Error> {
        let Some(data) = filter::decode(st, &mut self.work)? else {
            return Ok(None);
        };
        let count = st
            .dict
            .get(&b"N"[..])
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .clamp(0, MAX_OBJECTS as i64);
        let first = st
            .dict
            .get(&b"First"[..])
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(0) as usize;
        let mut lx = Lexer::new(&data, 0);
        let mut offsets = Vec::new();
        for _ in 0..count {
            match (lx.token(), lx.token()) {
                (Some(Token::Obj(Object::Int(n))), Some(Token::Obj(Object::Int(o))))
                    if n >= 0 && o >= 0 =>
                {
                    offsets.push((n as u32, o as usize))
                }
                _ => break,
            }
        }
        Ok(Some(ObjStm {
            data,
            first,
            offsets,
        }))
    }

    /// Follows references (at most [`MAX_REF_CHAIN`] of them).
    pub fn resolve(&mut self, o: &Object) -> Object {
        let mut cur = o.clone();
        for _ in 0..MAX_REF_CHAIN {
            match cur {
                Object::Ref(n, _) => cur = self.get(n),
                other => return other,
            }
        }
        Object::Null
    }

    /// `dict[key]`, resolved.
    pub fn key(&mut self, d: &Dict, key: &[u8]) -> Object {
        match d.get(key) {
            Some(o) => self.resolve(o),
            None => Object::Null,
        }
    }

    /// The decoded bytes of a stream object (`None` if not a text stream).
    pub fn stream_bytes(&mut self, o: &Object) -> Result<Option<Vec<u8>>, Error> {
        match self.resolve(o) {
            Object::Stream(s) => filter::decode(&s, &mut self.work),
            _ => Ok(None),
        }
    }

    /// The pages, in order, with inherited attributes.
    pub fn pages(&mut self) -> Result<Vec<Page>, Error> {
        let root = self
            .trailer
            .get(&b"Root"[..])
            .cloned()
            .unwrap_or(Object::Null);
        let root = self.resolve(&root);
        let pages = match root.as_dict() {
            Some(d) => self.key(d, b"Pages"),
            None => Object::Null,
        };
        if let Some(c) = pages
            .as_dict()
            .and_then(|d| d.get(&b"Count"[..]))
            .and_then(Object::as_i64)
        {
            if c > MAX_PAGES as i64 {
                return Err(Error::TooLarge(Detail::new(
                    format!("文档有 {c} 页，超过 {MAX_PAGES} 页的上限"),
                    format!("{c} pages, more than {MAX_PAGES}"),
                )));
            }
        }
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<(Object, Dict, [f64; 4], i64)> =
            vec![(pages, Dict::new(), [0.0, 0.0, 595.0, 842.0], 0)];
        let mut visited = 0usize;
        // Depth-first, children pushed in reverse to keep the order.
        while let Some((node, res, bbox, rotate)) = stack.pop() {
            visited += 1;
            if visited > MAX_PAGE_TREE_NODES {
                return Err(Error::TooLarge(Detail::new(
                    format!("页面树超过 {MAX_PAGE_TREE_NODES} 个节点"),
                    format!("page tree over {MAX_PAGE_TREE_NODES} nodes"),
                )));
            }
            let node = match node {
                Object::Ref(n, _) => {
                    if !seen.insert(n) {
                        continue; // a loop in the page tree
                    }
                    self.resolve(&Object::Ref(n, 0))
                }
                o => o,
            };
            let Some(d) = node.as_dict() else { continue };
            let d = d.clone();
            let res = match self.key(&d, b"Resources") {
                Object::Dict(r) => r,
                _ => res,
            };
            let bbox = match (self.key(&d, b"CropBox"), self.key(&d, b"MediaBox")) {
                (Object::Array(a), _) if rect(&a).is_some() => rect(&a).unwrap_or(bbox),
                (_, Object::Array(a)) => rect(&a).unwrap_or(bbox),
                _ => bbox,
            };
            let rotate = self
                .key(&d, b"Rotate")
                .as_i64()
                .map_or(rotate, |r| r.rem_euclid(360));
            let kids = self.key(&d, b"Kids");
            match kids {
                Object::Array(kids)
                    if d.get(&b"Type"[..]).and_then(Object::as_name) != Some(b"Page") =>
                {
                    for k in kids.into_iter().rev() {
                        stack.push((k, res.clone(), bbox, rotate));
                    }
                }
                _ => {
                    if out.len() >= MAX_PAGES {
                        return Err(Error::TooLarge(Detail::new(
                            format!("文档超过 {MAX_PAGES} 页"),
                            format!("more than {MAX_PAGES} pages"),
                        )));
                    }
                    let contents = match self.key(&d, b"Contents") {
                        Object::Array(a) => a,
                        Object::Null => Vec::new(),
                        _ => vec![d.get(&b"Contents"[..]).cloned().unwrap_or(Object::Null)],
                    };
                    self.work.pages += 1;
                    out.push(Page {
                        bbox,
                        resources: res,
                        contents,
                        rotate,
                    });
                }
            }
        }
        Ok(out)
    }
}

fn rect(a: &[Object]) -> Option<[f64; 4]> {
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f64> = a.iter().filter_map(Object::as_f64).collect();
    if v.len() != 4 {
        return None;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// The first position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}
