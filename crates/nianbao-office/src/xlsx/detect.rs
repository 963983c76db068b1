//! What container the bytes are, and whether a zip container is safe to
//! hand to calamine.

use super::limits::*;
use super::ImportError;
use crate::zip::{ole_has, Zip, ZipError, CFB_MAGIC};

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
/// zip).
fn ole_kind(bytes: &[u8]) -> Result<Container, ImportError> {
    if ole_has(bytes, "EncryptedPackage") || ole_has(bytes, "EncryptionInfo") {
        return Err(ImportError::Encrypted);
    }
    if ole_has(bytes, "Workbook") || ole_has(bytes, "Book") {
        return Ok(Container::Xls);
    }
    // An OLE container without a workbook stream: in practice an encrypted
    // workbook whose directory is not where it is looked for.
    Err(ImportError::Encrypted)
}

/// Checks a zip against the limits ([`crate::zip`]) and tells an .xlsx
/// from an .ods.
fn zip_kind(bytes: &[u8]) -> Result<Container, ImportError> {
    let zip = Zip::open(bytes).map_err(zip_error)?;
    let is_xlsx = zip.has("xl/workbook.xml");
    let is_xlsb = zip.has("xl/workbook.bin");
    let is_ods = zip.has("content.xml") && zip.has("mimetype");
    let keep = if is_xlsx {
        "xl/sharedStrings.xml"
    } else {
        "content.xml"
    };
    let kept = zip.inflate_all(keep).map_err(zip_error)?;
    if is_xlsx {
        shared_strings(&kept)?;
        Ok(Container::Xlsx)
    } else if is_xlsb {
        Err(ImportError::NotAWorkbook(
            "不支持 .xlsb 格式，请另存为 .xlsx".into(),
        ))
    } else if is_ods {
        ods_extent(&kept)?;
        Ok(Container::Ods)
    } else {
        Err(ImportError::NotAWorkbook(
            "zip 中没有工作簿（可能是其他文档，如 .docx）".into(),
        ))
    }
}

/// Bounds the shared-string table before calamine holds it whole: at most
/// [`MAX_SHARED_STRINGS`] entries (`<si>`).
fn shared_strings(xml: &[u8]) -> Result<(), ImportError> {
    let n = xml
        .windows(4)
        .filter(|w| w[..3] == *b"<si" && matches!(w[3], b'>' | b' ' | b'/'))
        .count() as u64;
    if n > MAX_SHARED_STRINGS {
        return Err(ImportError::UnsafeZip(format!(
            "共享字符串表有 {n} 项，超过上限 {MAX_SHARED_STRINGS}（shared strings over the limit）"
        )));
    }
    Ok(())
}

fn zip_error(e: ZipError) -> ImportError {
    match e {
        ZipError::Open(m) | ZipError::Inflate(m) => ImportError::NotAWorkbook(m),
        ZipError::Unsafe(m) => ImportError::UnsafeZip(m),
        ZipError::Encrypted => ImportError::Encrypted,
    }
}

/// calamine expands an .ods table's repeated rows and cells into a dense
/// grid when it opens the file; this bounds that grid before it does.
/// For each table: the rows up to the last row with a value, times the
/// widest row up to its last cell with a value, repeats included.
fn ods_extent(xml: &[u8]) -> Result<(), ImportError> {
    let limit = MAX_DENSE_CELLS;
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
