//! Files nianbao itself wrote that are not reports: the datasets of
//! `batch` and the sums of `sum`, recognised by the markers their writers
//! put in them, so that a second run over a folder skips the first run's
//! outputs instead of reading them as reports (or failing on them: a
//! dataset workbook is wider than any form).

use std::fs;
use std::io::{self, Read, Seek};
use std::path::Path;

/// A file that nianbao wrote and that is not a report of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnOutput {
    /// A dataset of `batch` (long CSV or XLSX).
    Dataset,
    /// A consolidated report of `sum`.
    Sum,
}

/// Whether the file at `path` is a dataset or a sum nianbao wrote, told by
/// markers it writes: the dataset CSV's header, the sheets of the dataset
/// and sum workbooks. Cheap: reads a CSV's first line or a workbook's
/// sheet list, never a whole file. `deep` also reads a JSON or text file
/// whole for the title a sum ends with ([`crate::sum::TITLE_MARK`]),
/// for the one file that is the output path.
pub fn own_output(path: &Path, deep: bool) -> Option<OwnOutput> {
    use crate::dataset::{DATA_SHEET, DIAGNOSTICS_SHEET};
    use crate::sum::{CONTRIBUTORS_SHEET, TITLE_MARK};
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())?;
    // Never open a FIFO or a device here: opening would block or consume.
    if !fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut file = fs::File::open(path).ok()?;
    match ext.as_str() {
        "csv" => {
            let mut head = [0u8; 128];
            let n = read_up_to(&mut file, &mut head)?;
            let head = head[..n]
                .strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(&head[..n]);
            // The wide table's header (longer than `head`: its start), or
            // the long dataset's, as nianbao writes them now or wrote them.
            let line = head.split(|&b| b == b'\n').next()?;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let wide = format!("{},", crate::dataset::LEADING.join(","));
            let long = [
                nianbao_data::csv::DATASET_HEADER.join(","),
                nianbao_data::csv::LEGACY_DATASET_HEADER.join(","),
            ];
            (line.starts_with(wide.as_bytes()) || long.iter().any(|h| line == h.as_bytes()))
                .then_some(OwnOutput::Dataset)
        }
        "xlsx" => {
            file.rewind().ok()?;
            let names = nianbao_office::xlsx::sheet_names(io::BufReader::new(file))?;
            if names.iter().any(|n| n == CONTRIBUTORS_SHEET) {
                Some(OwnOutput::Sum)
            } else if names.iter().any(|n| n.starts_with(DATA_SHEET))
                && names.iter().any(|n| n == DIAGNOSTICS_SHEET)
            {
                Some(OwnOutput::Dataset)
            } else {
                None
            }
        }
        "json" if deep => {
            let mut text = String::new();
            file.take(MAX_SUM_BYTES).read_to_string(&mut text).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            let title = value.get("title")?.as_str()?;
            title.ends_with(TITLE_MARK).then_some(OwnOutput::Sum)
        }
        "txt" if deep => {
            let mut text = String::new();
            file.take(MAX_SUM_BYTES).read_to_string(&mut text).ok()?;
            let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
            first.ends_with(TITLE_MARK).then_some(OwnOutput::Sum)
        }
        _ => None,
    }
}

/// Most of a JSON or text file read to recognise a sum (a sum is one
/// report: tens of kilobytes).
const MAX_SUM_BYTES: u64 = 16 << 20;

fn read_up_to(file: &mut fs::File, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(_) => return None,
        }
    }
    Some(n)
}
