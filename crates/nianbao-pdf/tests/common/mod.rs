//! A tiny PDF writer for tests: numbered objects, a classic xref table and
//! a trailer, streams deflated or not.

#![allow(dead_code)]

use std::io::Write;

/// A PDF under construction: object `n` is `objects[n - 1]`.
#[derive(Default)]
pub struct Writer {
    objects: Vec<Vec<u8>>,
    /// Extra trailer entries (`/Encrypt 9 0 R`).
    pub trailer_extra: String,
}

impl Writer {
    /// Adds an object body; returns its number.
    pub fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    /// Reserves a number for an object written later with [`Writer::set`].
    pub fn reserve(&mut self) -> usize {
        self.add(b"null".to_vec())
    }

    /// Sets the body of object `n`.
    pub fn set(&mut self, n: usize, body: impl Into<Vec<u8>>) {
        self.objects[n - 1] = body.into();
    }

    /// Adds a stream, deflated when `deflate`.
    pub fn stream(&mut self, dict: &str, data: &[u8], deflate: bool) -> usize {
        let (data, filter) = if deflate {
            (deflated(data), "/Filter /FlateDecode ")
        } else {
            (data.to_vec(), "")
        };
        let mut body =
            format!("<< {filter}{dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// The file, with `root` as its catalog.
    pub fn finish(&self, root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            writeln!(out, "{} 0 obj", i + 1).unwrap();
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        write!(
            out,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.objects.len() + 1
        )
        .unwrap();
        for o in offsets {
            writeln!(out, "{o:010} 00000 n ").unwrap();
        }
        write!(
            out,
            "trailer\n<< /Size {} /Root {root} 0 R {} >>\nstartxref\n{xref}\n%%EOF\n",
            self.objects.len() + 1,
            self.trailer_extra
        )
        .unwrap();
        out
    }
}

/// `data` deflated (zlib).
pub fn deflated(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A catalog over `kids` (page object numbers) with `count` pages declared.
pub fn pages(w: &mut Writer, kids: &[usize], count: usize) -> usize {
    let pages = w.reserve();
    let list: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    w.set(
        pages,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {count} >>",
            list.join(" ")
        ),
    );
    w.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>"))
}

/// A Type0 font (Identity-H) whose ToUnicode map gives CID `i + 1` the
/// character `chars[i]`; returns the font's object number.
pub fn cid_font(w: &mut Writer, chars: &[char]) -> usize {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in chars.chunks(100).enumerate() {
        let (k, chunk) = chunk;
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (i, c) in chunk.iter().enumerate() {
            let mut u = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut u)
                .iter()
                .map(|x| format!("{x:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{units}>\n", k * 100 + i + 1));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let tu = w.stream("", cmap.as_bytes(), true);
    let desc = w.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    );
    w.add(format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [{desc} 0 R] /ToUnicode {tu} 0 R >>"
    ))
}
