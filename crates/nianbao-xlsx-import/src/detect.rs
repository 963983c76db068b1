//! What container the bytes are, and whether a zip container is safe to
//! hand to calamine.

use crate::limits::*;
use crate::ImportError;
use std::io::{Cursor, Read};

/// The containers this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// Office Open XML spreadsheet.
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// Excel 97–2003 (BIFF in an OLE container).
    Xls,
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Identifies the container by its magic bytes (never by a file name) and,
/// for a zip, checks it against the limits.
pub(crate) fn detect(bytes: &[u8]) -> Result<Container, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::NotAWorkbook(format!(
            "文件大小 {} 字节，超过上限 {} 字节",
            bytes.len(),
            MAX_INPUT_BYTES
        )));
    }
    if bytes.starts_with(CFB_MAGIC) {
        return ole_kind(bytes);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    Err(ImportError::NotAWorkbook(if bytes.is_empty() {
        "文件为空".to_string()
    } else {
        "文件内容不是 .xlsx/.xls/.ods 工作簿（开头不是 zip 或 OLE 文件头）".to_string()
    }))
}

/// An OLE (compound file) container: an Excel 97–2003 workbook, or an
/// Office-encrypted document (an `EncryptedPackage` stream in place of the
/// zip). Directory entries are named in UTF-16LE.
fn ole_kind(bytes: &[u8]) -> Result<Container, ImportError> {
    if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
        return Err(ImportError::Encrypted);
    }
    if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book") {
        return Ok(Container::Xls);
    }
    // An OLE container without a workbook stream: in practice an encrypted
    // workbook whose directory is not where it is looked for.
    Err(ImportError::Encrypted)
}

fn contains_utf16(hay: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    hay.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// Checks a zip against the limits — declared sizes first, then the real
/// sizes by decompressing every entry into a sink under a cap — and tells
/// an .xlsx from an .ods.
fn zip_kind(bytes: &[u8]) -> Result<Container, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::NotAWorkbook(format!(
            "zip 文件已损坏或不完整（damaged or truncated zip: {e}）"
        ))
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::UnsafeZip(format!(
            "{} 个条目，超过上限 {MAX_ZIP_ENTRIES}",
            zip.len()
        )));
    }
    let mut declared_total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ImportError::NotAWorkbook(format!("zip 条目 {i} 无法读取：{e}")))?;
        let (name, size, packed) = (f.name().to_string(), f.size(), f.compressed_size());
        check_entry(&name, size, packed, "声明")?;
        declared_total = declared_total.saturating_add(size);
        if declared_total > MAX_TOTAL_BYTES {
            return Err(ImportError::UnsafeZip(format!(
                "解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节"
            )));
        }
        names.push(name);
    }
    // Declared sizes can lie: count what the entries really inflate to.
    let mut real_total: u64 = 0;
    let mut buf = vec![0u8; 64 << 10];
    let mut ods_content = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut f = zip.by_index(i).map_err(|e| damaged(name, e))?;
        let packed = f.compressed_size();
        let mut n: u64 = 0;
        loop {
            let k = f.read(&mut buf).map_err(|e| damaged(name, e))?;
            if k == 0 {
                break;
            }
            if name == "content.xml" && n + (k as u64) <= MAX_ENTRY_BYTES {
                ods_content.extend_from_slice(&buf[..k]);
            }
            n += k as u64;
            if n > MAX_ENTRY_BYTES {
                break;
            }
        }
        check_entry(name, n, packed, "实际")?;
        real_total += n;
        if real_total > MAX_TOTAL_BYTES {
            return Err(ImportError::UnsafeZip(format!(
                "解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节"
            )));
        }
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.xml") {
        Ok(Container::Xlsx)
    } else if has("xl/workbook.bin") {
        Err(ImportError::NotAWorkbook(
            "不支持 .xlsb 格式，请另存为 .xlsx".into(),
        ))
    } else if has("content.xml") && has("mimetype") {
        ods_extent(&ods_content)?;
        Ok(Container::Ods)
    } else {
        Err(ImportError::NotAWorkbook(
            "zip 中没有工作簿（可能是其他文档，如 .docx）".into(),
        ))
    }
}

/// calamine expands an .ods table's repeated rows and cells into a dense
/// grid when it opens the file; this bounds that grid before it does.
/// For each table: the rows up to the last row with a value, times the
/// widest row up to its last cell with a value, repeats included.
fn ods_extent(xml: &[u8]) -> Result<(), ImportError> {
    let limit = MAX_ROWS as u64 * MAX_COLS as u64;
    let (mut row, mut rows_used, mut widest) = (0u64, 0u64, 0u64);
    let (mut row_rep, mut width, mut used_width) = (1u64, 0u64, 0u64);
    let mut i = 0;
    while let Some(p) = xml[i..].iter().position(|&b| b == b'<').map(|p| p + i) {
        let Some(end) = xml[p..].iter().position(|&b| b == b'>').map(|e| e + p) else {
            break;
        };
        let tag = &xml[p + 1..end];
        let self_closing = tag.ends_with(b"/");
        let name_end = tag
            .iter()
            .skip(1)
            .position(|&b| matches!(b, b' ' | b'/' | b'\n' | b'\r' | b'\t'))
            .map_or(tag.len(), |e| e + 1);
        match &tag[..name_end] {
            b"table:table" => (row, rows_used, widest) = (0, 0, 0),
            b"table:table-row" => {
                row_rep = repeat(tag, b"table:number-rows-repeated=\"");
                (width, used_width) = (0, 0);
                if self_closing {
                    row = row.saturating_add(row_rep);
                }
            }
            b"/table:table-row" => {
                if used_width > 0 {
                    rows_used = row.saturating_add(row_rep);
                    widest = widest.max(used_width);
                }
                row = row.saturating_add(row_rep);
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                width = width.saturating_add(repeat(tag, b"table:number-columns-repeated=\""));
                if !self_closing || contains(tag, b"office:value-type") {
                    used_width = width;
                }
            }
            _ => {}
        }
        if rows_used.saturating_mul(widest) > limit {
            return Err(ImportError::UnsafeZip(format!(
                "content.xml 中的表格展开后超过 {limit} 个单元格（{rows_used} 行 × {widest} 列）"
            )));
        }
        i = end + 1;
    }
    Ok(())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The number in `attr"N"` within a tag, or 1.
fn repeat(tag: &[u8], attr: &[u8]) -> u64 {
    let Some(p) = tag.windows(attr.len()).position(|w| w == attr) else {
        return 1;
    };
    let digits = &tag[p + attr.len()..];
    let n = digits
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |a, &b| {
            a.saturating_mul(10).saturating_add((b - b'0') as u64)
        });
    n.max(1)
}

fn damaged(name: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::NotAWorkbook(format!("zip 条目“{name}”无法解压（{e}）"))
}

fn check_entry(name: &str, size: u64, packed: u64, what: &str) -> Result<(), ImportError> {
    if size > MAX_ENTRY_BYTES {
        return Err(ImportError::UnsafeZip(format!(
            "条目“{name}”{what}解压后超过 {} 字节（上限 {MAX_ENTRY_BYTES}）",
            MAX_ENTRY_BYTES
        )));
    }
    if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
        return Err(ImportError::UnsafeZip(format!(
            "条目“{name}”压缩比 {}:1 过高（上限 {MAX_RATIO}:1）",
            size / packed.max(1)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_names_are_found() {
        let mut b = CFB_MAGIC.to_vec();
        b.extend(
            "xxEncryptedPackage"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert!(matches!(detect(&b), Err(ImportError::Encrypted)));
        let mut b = CFB_MAGIC.to_vec();
        b.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(&b).unwrap(), Container::Xls);
        assert!(matches!(
            detect(b"hello"),
            Err(ImportError::NotAWorkbook(_))
        ));
    }
}
