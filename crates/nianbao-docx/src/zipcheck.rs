//! The zip container checked against the [`crate::limits`] — declared
//! sizes first, then the real sizes by inflating every entry into a sink
//! under a cap — and `word/document.xml` taken out of it.

use crate::limits::*;
use crate::Error;
use std::io::{Cursor, Read};

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const DOCUMENT: &str = "word/document.xml";

fn check_entry(name: &str, size: u64, packed: u64, what: &str) -> Result<(), Error> {
    if size > MAX_ENTRY_BYTES {
        return Err(Error::UnsafeZip(format!(
            "条目“{name}”{what}解压后超过上限 {MAX_ENTRY_BYTES} 字节"
        )));
    }
    if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
        return Err(Error::UnsafeZip(format!(
            "条目“{name}”压缩比 {}:1 过高（上限 {MAX_RATIO}:1）",
            size / packed.max(1)
        )));
    }
    Ok(())
}

/// The bytes of `word/document.xml`, once the whole container has passed.
pub(crate) fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::NotDocx(format!(
            "文件大小 {} 字节，超过上限 {MAX_INPUT_BYTES} 字节",
            bytes.len()
        )));
    }
    if bytes.starts_with(CFB_MAGIC) {
        // An OLE container: an encrypted .docx, or a Word 97–2003 .doc.
        let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        let pat = utf16("EncryptedPackage");
        if bytes.windows(pat.len()).any(|w| w == pat.as_slice()) {
            return Err(Error::Encrypted);
        }
        return Err(Error::NotDocx(
            "这是 Word 97–2003 (.doc) 文件，请另存为 .docx".into(),
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::NotDocx(if bytes.is_empty() {
            "文件为空".into()
        } else {
            "文件开头不是 zip 文件头".into()
        }));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::NotDocx(format!("zip 文件已损坏或不完整（{e}）")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Error::UnsafeZip(format!(
            "{} 个条目，超过上限 {MAX_ZIP_ENTRIES}",
            zip.len()
        )));
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| Error::NotDocx(format!("zip 条目 {i} 无法读取：{e}")))?;
        check_entry(f.name(), f.size(), f.compressed_size(), "声明")?;
        declared = declared.saturating_add(f.size());
        if declared > MAX_TOTAL_BYTES {
            return Err(Error::UnsafeZip(format!(
                "解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节"
            )));
        }
        names.push(f.name().to_string());
    }
    if !names.iter().any(|n| n == DOCUMENT) {
        return Err(Error::NotDocx(
            if names.iter().any(|n| n == "xl/workbook.xml") {
                "这是 Excel 工作簿，不是 Word 文档".into()
            } else {
                format!("zip 中没有 {DOCUMENT}")
            },
        ));
    }
    // Declared sizes can lie: count what the entries really inflate to.
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 << 10];
    let mut document = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let damaged =
            |e: &dyn std::fmt::Display| Error::Damaged(format!("zip 条目“{name}”无法解压（{e}）"));
        let mut f = zip.by_index(i).map_err(|e| damaged(&e))?;
        if f.encrypted() {
            return Err(Error::Encrypted);
        }
        let packed = f.compressed_size();
        let mut n: u64 = 0;
        loop {
            let k = f.read(&mut buf).map_err(|e| damaged(&e))?;
            if k == 0 {
                break;
            }
            n += k as u64;
            if n > MAX_ENTRY_BYTES {
                break;
            }
            if name == DOCUMENT {
                document.extend_from_slice(&buf[..k]);
            }
        }
        check_entry(name, n, packed, "实际")?;
        total += n;
        if total > MAX_TOTAL_BYTES {
            return Err(Error::UnsafeZip(format!(
                "解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节"
            )));
        }
    }
    Ok(document)
}
