//! Web archives: a page saved as one file (`.mhtml` as Chromium saves
//! "Webpage, Single File", `.mht` as Internet Explorer and Word save one).
//! The archive is a MIME `multipart/related` message; the page is its
//! first `text/html` part, in quoted-printable or base64, which is decoded
//! here for the HTML reader (the other parts, pictures and style sheets,
//! are not needed). A part's declared charset is kept by putting a
//! `<meta charset>` before the page when the page declares none.

/// Whether the bytes are a web archive: a MIME header naming
/// `multipart/related` before the first blank line.
pub fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let Some(head) = header_block(bytes) else {
        return false;
    };
    let lower = head.to_ascii_lowercase();
    (lower.starts_with(b"mime-version:") || memfind(&lower, b"\nmime-version:").is_some())
        && memfind(&lower, b"multipart/related").is_some()
}

/// The page of a web archive: its first `text/html` part, decoded;
/// `None` when there is none.
pub fn html_part(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = header_block(bytes)?;
    let headers = unfold(head);
    let content_type = header(&headers, "content-type")?;
    let boundary = param(&content_type, "boundary")?;
    let delimiter = format!("--{boundary}");
    let body = &bytes[head.len()..];
    let mut parts = split(body, delimiter.as_bytes());
    parts.find_map(|part| {
        let part = part
            .strip_prefix(b"\r\n")
            .or(part.strip_prefix(b"\n"))
            .unwrap_or(part);
        let ph = header_block(part)?;
        let headers = unfold(ph);
        let ty = header(&headers, "content-type").unwrap_or_default();
        if !ty.to_ascii_lowercase().starts_with("text/html") {
            return None;
        }
        let content = &part[ph.len()..];
        let encoding = header(&headers, "content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut html = match encoding.trim() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content)?,
            _ => content.to_vec(),
        };
        if let Some(cs) = param(&ty, "charset") {
            let declares = memfind(
                &html[..html.len().min(4096)].to_ascii_lowercase(),
                b"charset",
            )
            .is_some();
            if !declares {
                let mut v = format!("<meta charset=\"{cs}\">").into_bytes();
                v.append(&mut html);
                html = v;
            }
        }
        Some(html)
    })
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The header block at the start of `bytes`: up to and including the first
/// blank line (`None` when there is none in the first 64 KiB).
fn header_block(bytes: &[u8]) -> Option<&[u8]> {
    let scan = &bytes[..bytes.len().min(64 << 10)];
    let lf = memfind(scan, b"\n\n").map(|p| p + 2);
    let crlf = memfind(scan, b"\r\n\r\n").map(|p| p + 4);
    let end = match (lf, crlf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(&bytes[..end])
}

/// Header lines with their continuations joined: `(name, value)`, the
/// name in lower case.
fn unfold(block: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(block);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    out
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// A parameter of a header value (`boundary="…"`, `charset=gb2312`).
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name))
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The parts between the delimiters.
fn split<'a>(body: &'a [u8], delimiter: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = body;
    std::iter::from_fn(move || {
        let start = memfind(rest, delimiter)? + delimiter.len();
        rest = &rest[start..];
        if rest.starts_with(b"--") {
            return None;
        }
        let end = memfind(rest, delimiter).unwrap_or(rest.len());
        let part = &rest[..end];
        rest = &rest[end..];
        Some(part)
    })
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Quoted-printable: `=XX` is a byte, `=` at a line's end joins lines.
fn quoted_printable(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&h), Some(&l)) => match (hex(h), hex(l)) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 3;
                    }
                    _ => {
                        out.push(b'=');
                        i += 1;
                    }
                },
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Base64, white space ignored; `None` on any other byte.
fn base64(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in b {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_encodings() {
        let m = "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"--B--\"\r\n\r\n\r\n----B--\r\nContent-Type: text/html; charset=gbk\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p a=3D\"b\">x=\r\ny</p>\r\n----B--\r\nContent-Type: text/css\r\n\r\np{}\r\n----B----\r\n";
        assert!(looks_like_mhtml(m.as_bytes()));
        let html = html_part(m.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<meta charset=\"gbk\"><p a=\"b\">xy</p>\r\n"
        );
        assert_eq!(base64(b"5p+Q5bGA\r\n").unwrap(), "某局".as_bytes());
        assert!(!looks_like_mhtml(b"<html><body>"));
        assert!(!looks_like_mhtml("某局2023年\n\n正文".as_bytes()));
    }
}
