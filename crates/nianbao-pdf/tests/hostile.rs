//! Hostile PDFs: each is refused with its own reason, and the work it costs
//! is bounded by counts (objects parsed, bytes inflated, operators run,
//! pages listed), never by a clock.
//!
//! With `NIANBAO_PDF_HOSTILE_DIR=DIR` the files under 100 KB are also
//! written there (all of them with `NIANBAO_PDF_HOSTILE_BIG=1`): the
//! `pdf-*.pdf` of `fixtures/hostile/` are made so, and `nianbao convert` is
//! measured on them (`/usr/bin/time -v`).

mod common;

use common::{cid_font, deflated, pages, Writer};
use nianbao_pdf::{limits, read_document_with_work, Error, Work};

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("NIANBAO_PDF_HOSTILE_DIR") {
        // The big ones are made by the CLI's hostile test itself.
        if bytes.len() > 100_000 && std::env::var_os("NIANBAO_PDF_HOSTILE_BIG").is_none() {
            return;
        }
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn run(name: &str, bytes: &[u8]) -> (Result<nianbao_model::document::Document, Error>, Work) {
    keep(name, bytes);
    read_document_with_work(bytes)
}

/// A one-page PDF whose page draws `content` with font `/F1` over `chars`.
fn one_page(content: &[u8], chars: &[char]) -> Vec<u8> {
    let mut w = Writer::default();
    let font = cid_font(&mut w, chars);
    let c = w.stream("", content, true);
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(
        page,
        format!("<< /Type /Page /Parent {} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {c} 0 R >>", root - 1),
    );
    w.finish(root)
}

#[test]
fn a_flate_bomb_stops_at_the_stream_limit() {
    // 256 MB of zeros in a content stream: about 250 KB deflated.
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..256 {
        std::io::Write::write_all(&mut e, &zeros).unwrap();
    }
    let bomb = e.finish().unwrap();
    let mut w = Writer::default();
    let mut body = format!(
        "<< /Filter /FlateDecode /Length {} >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    body.extend_from_slice(&bomb);
    body.extend_from_slice(b"\nendstream");
    let c = w.add(body);
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(
        page,
        format!(
            "<< /Type /Page /Parent {} 0 R /Contents {c} 0 R >>",
            root - 1
        ),
    );
    let (r, work) = run("flate-bomb.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::TooLarge(_))), "{r:?}");
    assert!(
        work.bytes_decoded <= limits::MAX_STREAM_BYTES as u64 + 1,
        "{work:?}"
    );
}

#[test]
fn reference_loops_end() {
    let mut w = Writer::default();
    // 1 → 2 → 1 as contents; the page tree lists itself; a stream whose
    // /Length is itself.
    w.add("2 0 R");
    w.add("1 0 R");
    w.add("<< /Length 3 0 R >>\nstream\nBT ET\nendstream");
    let pages_n = w.reserve();
    let page = w.add(format!(
        "<< /Type /Page /Parent {pages_n} 0 R /Contents [1 0 R 3 0 R] >>"
    ));
    w.set(
        pages_n,
        format!("<< /Type /Pages /Kids [{page} 0 R {pages_n} 0 R] /Count 2 >>"),
    );
    let root = w.add(format!("<< /Type /Catalog /Pages {pages_n} 0 R >>"));
    let (r, work) = run("reference-loop.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::NoText)), "{r:?}");
    assert!(work.objects_parsed < 50, "{work:?}");
    assert_eq!(work.pages, 1, "{work:?}");
}

#[test]
fn ten_thousand_pages_are_refused_before_they_are_read() {
    let mut w = Writer::default();
    let pages_n = w.reserve();
    let c = w.stream("", b"BT ET", false);
    let kids: Vec<usize> = (0..10_000)
        .map(|_| {
            w.add(format!(
                "<< /Type /Page /Parent {pages_n} 0 R /Contents {c} 0 R >>"
            ))
        })
        .collect();
    let list: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    // Declared honestly…
    w.set(
        pages_n,
        format!("<< /Type /Pages /Kids [{}] /Count 10000 >>", list.join(" ")),
    );
    let root = w.add(format!("<< /Type /Catalog /Pages {pages_n} 0 R >>"));
    let (r, work) = run("ten-thousand-pages.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::TooLarge(_))), "{r:?}");
    assert!(work.objects_parsed < 10, "{work:?}");
    // …and with a count that lies.
    w.set(
        pages_n,
        format!("<< /Type /Pages /Kids [{}] /Count 1 >>", list.join(" ")),
    );
    let (r, work) = run("ten-thousand-pages-lying.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::TooLarge(_))), "{r:?}");
    assert!(
        work.objects_parsed <= limits::MAX_PAGES as u64 + 10,
        "{work:?}"
    );
    assert_eq!(work.operators, 0, "{work:?}");
}

#[test]
fn a_broken_tounicode_map_costs_a_bounded_map() {
    let mut w = Writer::default();
    let tu = w.stream(
        "",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
          1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n\
          3 beginbfchar <01> <> ) <02 [[[ >> endbfchar\n\
          beginbfrange <0005> <0001> [<0041>] endbfrange",
        true,
    );
    let font = w.add(format!(
        "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 /W [1 [500 600] 5 2 700 7 [ ] ] >>] /ToUnicode {tu} 0 R >>"
    ));
    let c = w.stream("", b"BT /F1 12 Tf 100 700 Td <00010002FFFF> Tj ET", true);
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(
        page,
        format!("<< /Type /Page /Parent {} 0 R /Resources << /Font << /F1 {font} 0 R >> >> /Contents {c} 0 R >>", root - 1),
    );
    let (r, work) = run("broken-tounicode.pdf", &w.finish(root));
    // The text that was mapped is read; the file has no form's tables.
    assert!(
        matches!(r, Ok(_) | Err(Error::NoText | Error::NoUnicode)),
        "{r:?}"
    );
    assert!(work.objects_parsed < 20 && work.glyphs <= 3, "{work:?}");
}

#[test]
fn form_xobjects_calling_themselves_stop() {
    let mut w = Writer::default();
    let x = w.reserve();
    let calls = "/X Do ".repeat(10);
    let data = deflated(calls.as_bytes());
    let mut body = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {x} 0 R >> >> /Filter /FlateDecode /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    body.extend_from_slice(&data);
    body.extend_from_slice(b"\nendstream");
    w.set(x, body);
    let c = w.stream("", calls.as_bytes(), false);
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(
        page,
        format!("<< /Type /Page /Parent {} 0 R /Resources << /XObject << /X {x} 0 R >> >> /Contents {c} 0 R >>", root - 1),
    );
    let (r, work) = run("xobject-recursion.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::TooLarge(_))), "{r:?}");
    assert!(
        work.xobjects <= limits::MAX_FORM_RUNS as u64 + 1,
        "{work:?}"
    );
    assert!(
        work.operators <= 20 * limits::MAX_FORM_RUNS as u64,
        "{work:?}"
    );
}

#[test]
fn an_encrypted_pdf_is_refused_as_such() {
    let mut w = Writer::default();
    let enc = w.add("<< /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >>");
    w.trailer_extra = format!("/Encrypt {enc} 0 R");
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(page, format!("<< /Type /Page /Parent {} 0 R >>", root - 1));
    let (r, _) = run("encrypted.pdf", &w.finish(root));
    assert!(matches!(r, Err(Error::Encrypted)), "{r:?}");
    assert!(r.unwrap_err().message().zh.contains("加密"));
}

#[test]
fn a_broken_xref_is_recovered_and_an_unrecoverable_one_refused() {
    let pdf = one_page(b"BT /F1 12 Tf 1 0 0 1 100 700 Tm <0001> Tj ET", &['年']);
    // The xref offsets all wrong: the scan for `n g obj` finds the objects.
    let at = pdf.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let mut shifted = pdf[..at].to_vec();
    shifted.extend(
        String::from_utf8_lossy(&pdf[at..])
            .replace(" 00000 n", "7 00000 n")
            .bytes(),
    );
    let (r, _) = run("xref-shifted.pdf", &shifted);
    assert_eq!(r.unwrap().paragraphs, ["年"]);
    // No object at all: nothing to recover.
    let (r, _) = run(
        "xref-unrecoverable.pdf",
        b"%PDF-1.7\nnothing here\nstartxref\n999\n%%EOF",
    );
    assert!(matches!(r, Err(Error::Damaged(_))), "{r:?}");
    assert!(r.unwrap_err().message().en.contains("cannot be recovered"));
}

#[test]
fn an_image_only_page_is_a_scan() {
    let mut w = Writer::default();
    let img = w.stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
        false,
    );
    let c = w.stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q", false);
    let page = w.reserve();
    let root = pages(&mut w, &[page], 1);
    w.set(
        page,
        format!("<< /Type /Page /Parent {} 0 R /Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {c} 0 R >>", root - 1),
    );
    let (r, _) = run("scanned.pdf", &w.finish(root));
    let e = r.unwrap_err();
    assert!(matches!(e, Error::Scanned), "{e:?}");
    assert_eq!(e.message().zh, "扫描件，没有可提取的文字，请先做文字识别");
}

#[test]
fn deep_nesting_and_junk_do_not_recurse_or_loop() {
    let mut content = b"BT /F1 12 Tf 100 700 Td ".to_vec();
    content.extend(std::iter::repeat_n(b'[', 200_000));
    content.extend_from_slice(b" <0001> Tj ET ) ] >> } { <<");
    let (r, work) = run("deep-nesting.pdf", &one_page(&content, &['年']));
    assert!(r.is_ok() || matches!(r, Err(Error::NoText)), "{r:?}");
    assert!(work.operators < 100, "{work:?}");
    for junk in [
        &b""[..],
        b"%PDF-",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog",
        b"hello",
    ] {
        let (r, work) = read_document_with_work(junk);
        assert!(r.is_err());
        assert!(work.objects_parsed < 10);
    }
}
