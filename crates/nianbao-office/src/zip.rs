//! The one guard every Office container passes before its XML is read: an
//! OLE (compound file) container is told apart (encrypted or a 97–2003
//! file), and a zip is checked against the limits — declared sizes first,
//! then the real sizes by inflating every entry into a sink under a cap —
//! with the one entry the caller reads kept.

use std::io::{Cursor, Read};

/// Largest input accepted at all.
pub const MAX_INPUT_BYTES: usize = 64 << 20;
/// Most entries in a zip container.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest uncompressed size of one zip entry (declared or real).
pub const MAX_ENTRY_BYTES: u64 = 32 << 20;
/// Largest uncompressed size of all zip entries together.
pub const MAX_TOTAL_BYTES: u64 = 96 << 20;
/// Largest compression ratio of an entry bigger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not held to [`MAX_RATIO`].
pub const RATIO_FLOOR: u64 = 1 << 20;

/// The magic bytes of an OLE compound file.
pub(crate) const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether an OLE container holds a stream named `name` (directory
/// entries are named in UTF-16LE).
pub(crate) fn ole_has(bytes: &[u8], name: &str) -> bool {
    let pat: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// Why a zip container was refused; each reader words it as its own error.
#[derive(Debug)]
pub(crate) enum ZipError {
    /// The container or its directory is damaged or truncated.
    Open(String),
    /// An entry could not be inflated.
    Inflate(String),
    /// Over a safety limit.
    Unsafe(String),
    /// An entry is encrypted.
    Encrypted,
}

/// A zip whose directory passed the limits on declared sizes.
pub(crate) struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// The entries' names, in directory order.
    pub names: Vec<String>,
}

impl<'a> Zip<'a> {
    /// Opens a zip and checks its directory: entry count and declared sizes.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ZipError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ZipError::Open(format!(
                "zip 文件已损坏或不完整（damaged or truncated zip: {e}）"
            ))
        })?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(ZipError::Unsafe(format!(
                "{} 个条目，超过上限 {MAX_ZIP_ENTRIES}",
                archive.len()
            )));
        }
        let mut names = Vec::with_capacity(archive.len());
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            let f = archive
                .by_index_raw(i)
                .map_err(|e| ZipError::Open(format!("zip 条目 {i} 无法读取：{e}")))?;
            check_entry(f.name(), f.size(), f.compressed_size(), "声明")?;
            declared = declared.saturating_add(f.size());
            if declared > MAX_TOTAL_BYTES {
                return Err(total_exceeded());
            }
            names.push(f.name().to_string());
        }
        Ok(Zip { archive, names })
    }

    /// Whether the zip holds an entry named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Inflates every entry into a sink under the caps (declared sizes can
    /// lie) and returns the bytes of the entry named `keep`, if any.
    pub fn inflate_all(mut self, keep: &str) -> Result<Vec<u8>, ZipError> {
        let mut total: u64 = 0;
        let mut buf = vec![0u8; 64 << 10];
        let mut kept = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            let damaged = |e: &dyn std::fmt::Display| {
                ZipError::Inflate(format!("zip 条目“{name}”无法解压（{e}）"))
            };
            let mut f = self.archive.by_index(i).map_err(|e| damaged(&e))?;
            if f.encrypted() {
                return Err(ZipError::Encrypted);
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
                if name == keep {
                    kept.extend_from_slice(&buf[..k]);
                }
            }
            check_entry(name, n, packed, "实际")?;
            total += n;
            if total > MAX_TOTAL_BYTES {
                return Err(total_exceeded());
            }
        }
        Ok(kept)
    }
}

fn total_exceeded() -> ZipError {
    ZipError::Unsafe(format!("解压后总大小超过上限 {MAX_TOTAL_BYTES} 字节"))
}

fn check_entry(name: &str, size: u64, packed: u64, what: &str) -> Result<(), ZipError> {
    if size > MAX_ENTRY_BYTES {
        return Err(ZipError::Unsafe(format!(
            "条目“{name}”{what}解压后超过 {MAX_ENTRY_BYTES} 字节（上限 {MAX_ENTRY_BYTES}）"
        )));
    }
    if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
        return Err(ZipError::Unsafe(format!(
            "条目“{name}”压缩比 {}:1 过高（上限 {MAX_RATIO}:1）",
            size / packed.max(1)
        )));
    }
    Ok(())
}
