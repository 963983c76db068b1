//! Page content streams interpreted as far as a table needs: every
//! character with its position and size (text matrices, `Tc`/`Tw`/`Tz`/
//! `TL`/`Ts`, `TJ` adjustments, the CTM with `cm` and `q`/`Q`, Form
//! XObjects nested at most [`MAX_XOBJECT_DEPTH`] deep), and the ruling lines
//! drawn by stroked paths or by thin filled rectangles.
//!
//! Coordinates are turned top-down (`y` grows down the page) in points from
//! the page's top-left corner.

use crate::file::{Page, Pdf};
use crate::font::Font;
use crate::limits::*;
use crate::syntax::{Dict, Lexer, Object, Token};
use crate::{Detail, Error};
use std::collections::HashMap;
use std::rc::Rc;

/// A character placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its text (one character, or a few for a ligature).
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Baseline, from the top of the page.
    pub y: f64,
    /// Font size on the page.
    pub size: f64,
}

impl Glyph {
    /// Whether this is a space (drawn as nothing, but a word break).
    pub fn is_space(&self) -> bool {
        self.text == " "
    }
    /// The horizontal middle.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    /// The vertical middle of the glyph's body.
    pub fn cy(&self) -> f64 {
        self.y - self.size * 0.35
    }
}

/// A horizontal or vertical ruling line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    /// Whether it runs left to right (else top to bottom).
    pub horizontal: bool,
    /// Its `y` (horizontal) or `x` (vertical).
    pub at: f64,
    /// Where it starts along its run.
    pub from: f64,
    /// Where it ends along its run.
    pub to: f64,
}

/// What a page holds.
#[derive(Debug, Clone, Default)]
pub struct PageContent {
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// Characters in content order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub segs: Vec<Seg>,
    /// Images painted (a page with images and no characters is a scan).
    pub images: usize,
    /// Characters drawn whose font does not say which character they are
    /// (no ToUnicode map, no known encoding): a PDF that went through
    /// PostScript keeps its looks but loses its text.
    pub unmapped: usize,
}

type M = [f64; 6];
const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
    fill_white: bool,
    stroke_white: bool,
}

/// Interprets a page.
pub struct Interp<'p, 'a> {
    pdf: &'p mut Pdf<'a>,
    out: PageContent,
    origin: (f64, f64),
    fonts_by_ref: HashMap<u32, Rc<Font>>,
    /// Set when a font's ToUnicode map was cut.
    pub broken_fonts: usize,
}

impl<'p, 'a> Interp<'p, 'a> {
    /// An interpreter over `pdf`.
    pub fn new(pdf: &'p mut Pdf<'a>) -> Self {
        Interp {
            pdf,
            out: PageContent::default(),
            origin: (0.0, 0.0),
            fonts_by_ref: HashMap::new(),
            broken_fonts: 0,
        }
    }

    /// The characters and lines of a page.
    pub fn page(&mut self, page: &Page) -> Result<PageContent, Error> {
        let [x0, y0, x1, y1] = page.bbox;
        let (w, h) = (x1 - x0, y1 - y0);
        // The page as it is displayed: moved to the origin, then turned by
        // its /Rotate (clockwise).
        let (rot, width, height) = match page.rotate {
            90 => ([0.0, -1.0, 1.0, 0.0, 0.0, w], h, w),
            180 => ([-1.0, 0.0, 0.0, -1.0, w, h], w, h),
            270 => ([0.0, 1.0, -1.0, 0.0, h, 0.0], h, w),
            _ => (ID, w, h),
        };
        let base = mul(&[1.0, 0.0, 0.0, 1.0, -x0, -y0], &rot);
        self.out = PageContent {
            width,
            height,
            ..Default::default()
        };
        self.origin = (0.0, height);
        let mut bytes = Vec::new();
        for c in &page.contents {
            if let Some(b) = self.pdf.stream_bytes(c)? {
                bytes.extend_from_slice(&b);
                bytes.push(b'\n');
            }
        }
        let state = State {
            ctm: base,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            fill_white: false,
            stroke_white: false,
        };
        self.run(&bytes, &page.resources, state, 0)?;
        if let Some(e) = self.pdf.fatal.take() {
            return Err(e);
        }
        Ok(std::mem::take(&mut self.out))
    }

    fn font(
        &mut self,
        res: &Dict,
        name: &[u8],
        local: &mut HashMap<Vec<u8>, Rc<Font>>,
    ) -> Result<Option<Rc<Font>>, Error> {
        if let Some(f) = local.get(name) {
            return Ok(Some(f.clone()));
        }
        let fonts = self.pdf.key(res, b"Font");
        let Some(fd) = fonts.as_dict() else {
            return Ok(None);
        };
        let Some(entry) = fd.get(name).cloned() else {
            return Ok(None);
        };
        let font = match entry {
            Object::Ref(n, _) if self.fonts_by_ref.contains_key(&n) => {
                self.fonts_by_ref[&n].clone()
            }
            ref e => {
                let d = self.pdf.resolve(e);
                let Some(d) = d.as_dict() else {
                    return Ok(None);
                };
                let f = Rc::new(Font::load(self.pdf, d)?);
                if f.truncated {
                    self.broken_fonts += 1;
                }
                if let Object::Ref(n, _) = e {
                    self.fonts_by_ref.insert(*n, f.clone());
                }
                f
            }
        };
        local.insert(name.to_vec(), font.clone());
        Ok(Some(font))
    }

    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        (x - self.origin.0, self.origin.1 - y)
    }

    fn push_seg(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.out.segs.len() >= MAX_SEGMENTS_PER_PAGE {
            return;
        }
        let (a, b) = (self.to_page(a.0, a.1), self.to_page(b.0, b.1));
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        if dy <= 1.0 && dx > 1.0 {
            self.out.segs.push(Seg {
                horizontal: true,
                at: (a.1 + b.1) / 2.0,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            });
        } else if dx <= 1.0 && dy > 1.0 {
            self.out.segs.push(Seg {
                horizontal: false,
                at: (a.0 + b.0) / 2.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            });
        }
    }

    fn run(&mut self, bytes: &[u8], res: &Dict, mut st: State, depth: usize) -> Result<(), Error> {
        let mut stack: Vec<State> = Vec::new();
        let mut local_fonts: HashMap<Vec<u8>, Rc<Font>> = HashMap::new();
        let mut ops: Vec<Object> = Vec::new();
        let mut tm = ID;
        let mut tlm = ID;
        // Current path: subpaths of device-space points, and whether closed.
        let mut path: Vec<(Vec<(f64, f64)>, bool)> = Vec::new();
        let mut lx = Lexer::new(bytes, 0);
        while let Some(tok) = lx.token() {
            let op = match tok {
                Token::Obj(o) => {
                    if ops.len() < 64 {
                        ops.push(o);
                    }
                    continue;
                }
                Token::Bad => continue,
                Token::Keyword(k) => k,
            };
            self.pdf.work.operators += 1;
            if self.pdf.work.operators > MAX_OPERATORS {
                return Err(Error::TooLarge(Detail::new(
                    format!("页面内容超过 {MAX_OPERATORS} 个操作"),
                    format!("more than {MAX_OPERATORS} content operators"),
                )));
            }
            let n = |i: usize| ops.get(i).and_then(Object::as_f64).unwrap_or(0.0);
            let nums_ok = |k: usize| {
                ops.len() >= k && ops[ops.len() - k..].iter().all(|o| o.as_f64().is_some())
            };
            let last = |k: usize| -> Vec<f64> {
                ops[ops.len().saturating_sub(k)..]
                    .iter()
                    .map(|o| o.as_f64().unwrap_or(0.0))
                    .collect()
            };
            match op.as_slice() {
                b"q" if stack.len() < MAX_STATE_DEPTH => stack.push(st.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                b"cm" if nums_ok(6) => {
                    let v = last(6);
                    st.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &st.ctm);
                }
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => st.fill_white = is_white(&op, &ops),
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => st.stroke_white = is_white(&op, &ops),
                // Paths.
                b"m" if nums_ok(2) => {
                    let v = last(2);
                    path.push((vec![apply(&st.ctm, v[0], v[1])], false));
                }
                b"l" if nums_ok(2) => {
                    let v = last(2);
                    let p = apply(&st.ctm, v[0], v[1]);
                    match path.last_mut() {
                        Some((sp, _)) if sp.len() < 10_000 => sp.push(p),
                        Some(_) => {}
                        None => path.push((vec![p], false)),
                    }
                }
                b"c" | b"v" | b"y" => {
                    // Curves end where their last point is; not a line.
                    let v = last(2);
                    path.push((vec![apply(&st.ctm, v[0], v[1])], false));
                }
                b"re" if nums_ok(4) => {
                    let v = last(4);
                    let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                    let pts = vec![
                        apply(&st.ctm, x, y),
                        apply(&st.ctm, x + w, y),
                        apply(&st.ctm, x + w, y + h),
                        apply(&st.ctm, x, y + h),
                    ];
                    if path.len() < 10_000 {
                        path.push((pts, true));
                    }
                }
                b"h" => {
                    if let Some(p) = path.last_mut() {
                        p.1 = true;
                    }
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                    let stroke = matches!(op.as_slice(), b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let fill = matches!(
                        op.as_slice(),
                        b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*"
                    );
                    let close = matches!(op.as_slice(), b"s" | b"b" | b"b*");
                    for (sp, closed) in std::mem::take(&mut path) {
                        if stroke && !st.stroke_white {
                            for w in sp.windows(2) {
                                self.push_seg(w[0], w[1]);
                            }
                            if (closed || close) && sp.len() > 2 {
                                self.push_seg(sp[sp.len() - 1], sp[0]);
                            }
                        }
                        if fill && !st.fill_white && sp.len() >= 2 {
                            self.thin_fill(&sp);
                        }
                    }
                }
                // Text.
                b"BT" => {
                    tm = ID;
                    tlm = ID;
                }
                b"Tf" => {
                    st.size = n(1);
                    if let Some(Object::Name(name)) = ops.first() {
                        let name = name.clone();
                        st.font = self.font(res, &name, &mut local_fonts)?;
                    }
                }
                b"Tc" => st.tc = n(0),
                b"Tw" => st.tw = n(0),
                b"Tz" => st.th = n(0) / 100.0,
                b"TL" => st.tl = n(0),
                b"Ts" => st.rise = n(0),
                b"Td" if nums_ok(2) => {
                    let v = last(2);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, v[0], v[1]], &tlm);
                    tm = tlm;
                }
                b"TD" if nums_ok(2) => {
                    let v = last(2);
                    st.tl = -v[1];
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, v[0], v[1]], &tlm);
                    tm = tlm;
                }
                b"Tm" if nums_ok(6) => {
                    let v = last(6);
                    tlm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.tl], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op.as_slice() == b"'" || op.as_slice() == b"\"" {
                        if op.as_slice() == b"\"" && ops.len() >= 3 {
                            st.tw = n(0);
                            st.tc = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.tl], &tlm);
                        tm = tlm;
                    }
                    let items: Vec<Object> = match ops.last() {
                        Some(Object::Array(a)) => a.clone(),
                        Some(s @ Object::Str(_)) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    self.show(&items, &st, &mut tm)?;
                }
                b"Do" => {
                    if let Some(Object::Name(name)) = ops.first() {
                        let name = name.clone();
                        self.xobject(res, &name, &st, depth)?;
                    }
                }
                b"BI" => {
                    // Inline image: skip to `ID`, then past the data to `EI`.
                    self.out.images += 1;
                    while let Some(t) = lx.token() {
                        if t == Token::Keyword(b"ID".to_vec()) {
                            break;
                        }
                    }
                    let rest = &bytes[lx.pos.min(bytes.len())..];
                    let mut k = 0;
                    let mut end = rest.len();
                    while let Some(p) = crate::file::find(&rest[k..], b"EI") {
                        let at = k + p;
                        let before = at == 0 || crate::syntax::is_space(rest[at - 1]);
                        let after = rest.get(at + 2).is_none_or(|&b| crate::syntax::is_space(b));
                        if before && after {
                            end = at + 2;
                            break;
                        }
                        k = at + 2;
                    }
                    lx.pos += end;
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }

    /// A filled path: a thin rectangle is a ruling line.
    fn thin_fill(&mut self, sp: &[(f64, f64)]) {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in sp {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= 2.5 && w > h {
            let y = (y0 + y1) / 2.0;
            self.push_seg((x0, y), (x1, y));
        } else if w <= 2.5 && h > w {
            let x = (x0 + x1) / 2.0;
            self.push_seg((x, y0), (x, y1));
        }
    }

    fn show(&mut self, items: &[Object], st: &State, tm: &mut M) -> Result<(), Error> {
        let Some(font) = st.font.clone() else {
            return Ok(());
        };
        for it in items {
            match it {
                Object::Str(s) => {
                    for c in font.codes(s) {
                        let w0 = c.width / 1000.0;
                        let trm = mul(
                            &mul(&[st.size * st.th, 0.0, 0.0, st.size, 0.0, st.rise], tm),
                            &st.ctm,
                        );
                        let adv = (w0 * st.size
                            + st.tc
                            + if c.is_space_byte && !font.composite {
                                st.tw
                            } else {
                                0.0
                            })
                            * st.th;
                        let space = c.text == " " || c.text == "\u{3000}";
                        let visible = space
                            || (!c.text.trim().is_empty()
                                && c.text.chars().all(|ch| !ch.is_control()));
                        if c.text.is_empty() {
                            self.out.unmapped += 1;
                        }
                        if visible {
                            if self.out.glyphs.len() >= MAX_GLYPHS {
                                return Err(Error::TooLarge(Detail::new(
                                    format!("字符超过 {MAX_GLYPHS} 个"),
                                    format!("more than {MAX_GLYPHS} characters"),
                                )));
                            }
                            let (ax, ay) = apply(&trm, 0.0, 0.0);
                            let (bx, _) = apply(&trm, w0, 0.0);
                            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                            let (px0, py) = self.to_page(ax, ay);
                            let (px1, _) = self.to_page(bx, ay);
                            self.out.glyphs.push(Glyph {
                                text: if space {
                                    " ".to_string()
                                } else {
                                    c.text.chars().map(crate::cjk::ideograph).collect()
                                },
                                x0: px0.min(px1),
                                x1: px0.max(px1).max(px0.min(px1) + size * 0.2),
                                y: py,
                                size,
                            });
                        }
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, adv, 0.0], tm);
                    }
                }
                o => {
                    if let Some(adj) = o.as_f64() {
                        let tx = -adj / 1000.0 * st.size * st.th;
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                    }
                }
            }
        }
        Ok(())
    }

    fn xobject(&mut self, res: &Dict, name: &[u8], st: &State, depth: usize) -> Result<(), Error> {
        let xo = self.pdf.key(res, b"XObject");
        let Some(entry) = xo.as_dict().and_then(|d| d.get(name)).cloned() else {
            return Ok(());
        };
        let Object::Stream(s) = self.pdf.resolve(&entry) else {
            return Ok(());
        };
        match s.dict.get(&b"Subtype"[..]).and_then(Object::as_name) {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if depth + 1 > MAX_XOBJECT_DEPTH {
                    return Ok(());
                }
                self.pdf.work.xobjects += 1;
                if self.pdf.work.xobjects > MAX_FORM_RUNS as u64 {
                    return Err(Error::TooLarge(Detail::new(
                        format!("表单对象运行超过 {MAX_FORM_RUNS} 次"),
                        format!("Form XObjects run more than {MAX_FORM_RUNS} times"),
                    )));
                }
                let Some(bytes) = self.pdf.stream_bytes(&Object::Stream(s.clone()))? else {
                    return Ok(());
                };
                let mut inner = st.clone();
                if let Some(m) = s.dict.get(&b"Matrix"[..]).and_then(Object::as_array) {
                    let v: Vec<f64> = m.iter().filter_map(Object::as_f64).collect();
                    if v.len() == 6 {
                        inner.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &st.ctm);
                    }
                }
                let r = match self.pdf.key(&s.dict, b"Resources") {
                    Object::Dict(d) => d,
                    _ => res.clone(),
                };
                self.run(&bytes, &r, inner, depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether a colour operator sets white (paint that hides, not a line).
fn is_white(op: &[u8], ops: &[Object]) -> bool {
    let v: Vec<f64> = ops.iter().filter_map(Object::as_f64).collect();
    match op {
        b"g" | b"G" => v.len() == 1 && v[0] >= 0.99,
        b"rg" | b"RG" => v.len() == 3 && v.iter().all(|&x| x >= 0.99),
        b"k" | b"K" => v.len() == 4 && v.iter().all(|&x| x <= 0.01),
        _ => v.len() == 3 && v.iter().all(|&x| x >= 0.99) || v.len() == 1 && v[0] >= 0.99,
    }
}
