//! The names of a workbook's sheets, read from `xl/workbook.xml` alone:
//! enough to recognise a workbook by its sheets (a dataset or a sum that
//! nianbao wrote) without reading any cell.

use std::io::{Read, Seek};

/// Largest `xl/workbook.xml` read (a workbook of 64 sheets needs a few KB).
const MAX_WORKBOOK_XML: u64 = 1 << 20;

/// The sheet names of the .xlsx `reader`, in workbook order; `None` when it
/// is not an .xlsx (or its workbook part is missing or too large).
pub fn sheet_names<R: Read + Seek>(reader: R) -> Option<Vec<String>> {
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    let entry = zip.by_name("xl/workbook.xml").ok()?;
    if entry.size() > MAX_WORKBOOK_XML {
        return None;
    }
    let mut xml = String::new();
    entry.take(MAX_WORKBOOK_XML).read_to_string(&mut xml).ok()?;
    Some(parse_names(&xml))
}

fn parse_names(xml: &str) -> Vec<String> {
    elements(xml, "sheet")
        .filter_map(|tag| attribute(tag, "name").map(unescape))
        .collect()
}

/// The attribute texts of every `<name …>` element of `xml` (not those
/// whose name merely starts with `name`).
pub(crate) fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        let at = rest.find(&open)?;
        rest = &rest[at + open.len()..];
        if !rest.starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        return Some(&rest[..end]);
    })
}

pub(crate) fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let after = rest.trim_start().strip_prefix('=')?.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &after[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
}

pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_order_with_entities() {
        let xml = r#"<workbook><sheets><sheet name="基本信息" sheetId="1" r:id="rId1"/><sheet sheetId="2" name='A&amp;B' r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(parse_names(xml), ["基本信息", "A&B"]);
    }
}
