//! The saved text of number cells, for the counts a double cannot hold:
//! calamine parses every number into an `f64`, exact only up to 2^53, while
//! a count of the form may be any u64. For the few cells whose number is
//! that large, the sheet's XML is read again and the cell's `<v>` text is
//! taken as it was saved (`9007199254740993`), so that the reader reads it
//! exactly or refuses it, never rounded.

use super::names::{attribute, elements, unescape};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest integer every larger one of which a double may round.
pub const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    (&mut f)
        .take(super::limits::MAX_ENTRY_BYTES)
        .read_to_string(&mut s)
        .ok()?;
    Some(s)
}

/// The part holding the sheet named `sheet`: `xl/worksheets/sheet1.xml`.
fn sheet_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, sheet: &str) -> Option<String> {
    let workbook = entry(zip, "xl/workbook.xml")?;
    let rid = elements(&workbook, "sheet")
        .find(|t| attribute(t, "name").map(unescape).as_deref() == Some(sheet))
        .and_then(|t| attribute(t, "r:id"))?
        .to_owned();
    let rels = entry(zip, "xl/_rels/workbook.xml.rels")?;
    let target = elements(&rels, "Relationship")
        .find(|t| attribute(t, "Id") == Some(rid.as_str()))
        .and_then(|t| attribute(t, "Target"))?;
    Some(match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// `D5` → (4, 3).
fn position(a1: &str) -> Option<(u32, u32)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_uppercase()
            .then(|| n * 26 + (b - b'A' + 1) as u32)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The saved `<v>` text of each cell of `wanted` on the sheet `sheet` of
/// the .xlsx `bytes` (cells without an `r` reference are not found).
pub fn values(bytes: &[u8], sheet: &str, wanted: &[(u32, u32)]) -> HashMap<(u32, u32), String> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Some(xml) = sheet_part(&mut zip, sheet).and_then(|p| entry(&mut zip, &p)) else {
        return out;
    };
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<c ") {
        // Keep the space: an attribute is found after whitespace.
        rest = &rest[at + 2..];
        let head_end = rest.find('>').unwrap_or(rest.len());
        let head = &rest[..head_end];
        let Some(pos) = attribute(head, "r").and_then(position) else {
            continue;
        };
        if head.ends_with('/') || !wanted.contains(&pos) {
            continue;
        }
        let body = &rest[head_end..];
        let end = body.find("</c>").unwrap_or(body.len());
        let body = &body[..end];
        if let Some(v) = body.find("<v>").map(|i| &body[i + 3..]) {
            if let Some(close) = v.find("</v>") {
                out.insert(pos, v[..close].trim().to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("AD12"), Some((11, 29)));
        assert_eq!(position("a1"), None);
        assert_eq!(position("A0"), None);
    }
}
