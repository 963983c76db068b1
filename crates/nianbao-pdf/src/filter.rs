//! Stream filters: FlateDecode (with PNG predictors), ASCIIHexDecode,
//! ASCII85Decode (and Crypt, already undone when the object was read).
//! Inflation goes through a reader capped at the stream
//! limit, the ratio limit and what is left of the file's decoding budget,
//! so a flate bomb stops after at most that many bytes.

use crate::limits::{MAX_DECODED_BYTES, MAX_RATIO, MAX_STREAM_BYTES, RATIO_FLOOR};
use crate::syntax::{Dict, Object, Stream};
use crate::{Detail, Error, Work};
use std::io::Read;

/// The decoded bytes of a stream; `None` when one of its filters is an
/// image codec or unknown (the stream is not text).
pub fn decode(s: &Stream, work: &mut Work) -> Result<Option<Vec<u8>>, Error> {
    let filters: Vec<Vec<u8>> = match s.dict.get(&b"Filter"[..]) {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    };
    let parms: Vec<Option<&Dict>> = match s.dict.get(&b"DecodeParms"[..]) {
        Some(Object::Dict(d)) => vec![Some(d)],
        Some(Object::Array(a)) => a.iter().map(Object::as_dict).collect(),
        _ => Vec::new(),
    };
    let mut data = s.data.clone();
    for (i, f) in filters.iter().enumerate() {
        let p = parms.get(i).copied().flatten();
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let out = inflate(&data, work)?;
                predict(out, p)
            }
            b"ASCIIHexDecode" | b"AHx" => hex(&data),
            b"ASCII85Decode" | b"A85" => a85(&data),
            // Decrypted as the object was read (`crate::crypt`).
            b"Crypt" => data,
            _ => return Ok(None),
        };
    }
    Ok(Some(data))
}

/// Inflates zlib (or raw deflate) data within the limits.
fn inflate(data: &[u8], work: &mut Work) -> Result<Vec<u8>, Error> {
    let by_ratio = RATIO_FLOOR.max(data.len().saturating_mul(MAX_RATIO));
    let budget = MAX_DECODED_BYTES.saturating_sub(work.bytes_decoded) as usize;
    let cap = MAX_STREAM_BYTES.min(by_ratio).min(budget);
    let zlib = data.len() >= 2 && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0;
    let mut out = Vec::new();
    let read = if zlib {
        flate2::read::ZlibDecoder::new(data)
            .take(cap as u64 + 1)
            .read_to_end(&mut out)
    } else {
        flate2::read::DeflateDecoder::new(data)
            .take(cap as u64 + 1)
            .read_to_end(&mut out)
    };
    // A damaged or truncated stream keeps what inflated before the damage,
    // as every viewer does.
    let _ = read;
    work.bytes_decoded += out.len() as u64;
    if out.len() > cap {
        return Err(Error::TooLarge(Detail::new(
            format!(
                "一个压缩流解压后超过 {cap} 字节（压缩前 {} 字节）",
                data.len()
            ),
            format!(
                "a stream inflates past {cap} bytes from {} bytes",
                data.len()
            ),
        )));
    }
    Ok(out)
}

/// Undoes a PNG predictor (`/Predictor` 10–15), as xref streams use.
fn predict(data: Vec<u8>, parms: Option<&Dict>) -> Vec<u8> {
    let get = |k: &[u8], d: i64| {
        parms
            .and_then(|p| p.get(k))
            .and_then(Object::as_i64)
            .unwrap_or(d)
    };
    let predictor = get(b"Predictor", 1);
    if predictor < 10 {
        return data;
    }
    let colors = get(b"Colors", 1).clamp(1, 4) as usize;
    let bpc = get(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let columns = get(b"Columns", 1).clamp(1, 1 << 16) as usize;
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row = (columns * colors * bpc).div_ceil(8);
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        if chunk.len() < row + 1 {
            break;
        }
        let kind = chunk[0];
        let mut cur = chunk[1..].to_vec();
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let ul = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = cur[i].wrapping_add(match kind {
                1 => left,
                2 => up,
                3 => ((left as u16 + up as u16) / 2) as u8,
                4 => {
                    let p = left as i16 + up as i16 - ul as i16;
                    let (pa, pb, pc) = (
                        (p - left as i16).abs(),
                        (p - up as i16).abs(),
                        (p - ul as i16).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        left
                    } else if pb <= pc {
                        up
                    } else {
                        ul
                    }
                }
                _ => 0,
            });
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    out
}

/// ASCIIHex digits decoded (white space and other bytes skipped, up to a
/// `>`; an odd last digit counts as followed by 0).
pub(crate) fn hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut hi = None;
    for &b in data {
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            b'>' => break,
            _ => continue,
        };
        match hi.take() {
            Some(h) => out.push(h << 4 | v),
            None => hi = Some(v),
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    out
}

fn a85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u32; 5];
    let mut n = 0;
    let flush = |group: &[u32; 5], n: usize, out: &mut Vec<u8>| {
        let mut v: u32 = 0;
        for (i, &g) in group.iter().enumerate() {
            let d = if i < n { g } else { 84 };
            v = v.wrapping_mul(85).wrapping_add(d);
        }
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    };
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = (b - b'!') as u32;
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out);
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        flush(&group, n, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a85_and_hex_decode() {
        assert_eq!(a85(b"87cURD]j7BEbo80~>"), b"Hello world!");
        assert_eq!(hex(b"48 65 6c6C6f>"), b"Hello");
    }
}
