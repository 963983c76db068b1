//! Reports counted twice, found as a batch streams.
//!
//! Each report is compared with the earlier reports of the batch through
//! three hash maps, so the whole batch costs O(n) expected time and a few
//! dozen bytes per report:
//!
//! - the same file reached twice (`sum d ./d`, a link): the canonical path
//!   was seen before (`duplicate.same_file`);
//! - the same report again: form, organ, year and every number equal an
//!   earlier report's; the two files are then compared byte for byte to
//!   tell a copy (`duplicate.identical`) from the same report saved in
//!   another format (`duplicate.same_report`);
//! - two different reports for one organ and year (`duplicate.organ_year`):
//!   a warning naming both files; neither is dropped.
//!
//! Keys are 128-bit hashes (two SipHash passes), so a false match is about
//! as likely as a disk error; every finding names both files so a reader
//! can look.

use nianbao_model::{Diagnostic, Message, Report};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Rule ids of the findings.
pub mod rules {
    /// The same file reached twice.
    pub const SAME_FILE: &str = nianbao_model::rule_ids::DUPLICATE_SAME_FILE;
    /// A byte-identical copy of an earlier file.
    pub const IDENTICAL: &str = nianbao_model::rule_ids::DUPLICATE_IDENTICAL;
    /// The same report (organ, year, numbers) in another file.
    pub const SAME_REPORT: &str = nianbao_model::rule_ids::DUPLICATE_SAME_REPORT;
    /// Two different reports for one organ and year.
    pub const ORGAN_YEAR: &str = nianbao_model::rule_ids::DUPLICATE_ORGAN_YEAR;
}

/// How a report repeats an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The same file, reached by two paths.
    SameFile,
    /// Another file with the same bytes.
    Identical,
    /// Another file (another format) with the same organ, year and numbers.
    SameReport,
}

impl Kind {
    /// The rule id.
    pub fn rule(self) -> &'static str {
        match self {
            Kind::SameFile => rules::SAME_FILE,
            Kind::Identical => rules::IDENTICAL,
            Kind::SameReport => rules::SAME_REPORT,
        }
    }

    /// A stable word for datasets.
    pub fn word(self) -> &'static str {
        match self {
            Kind::SameFile => "same_file",
            Kind::Identical => "identical",
            Kind::SameReport => "same_report",
        }
    }
}

/// A report that repeats an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The batch index of the earlier report.
    pub first: usize,
    /// How.
    pub kind: Kind,
}

impl Duplicate {
    /// The finding, naming the earlier report `first`.
    pub fn diagnostic(&self, first: &str) -> Diagnostic {
        let (zh, en) = match self.kind {
            Kind::SameFile => ("与", "the same file as"),
            Kind::Identical => ("内容逐字节相同于", "a byte-identical copy of"),
            Kind::SameReport => (
                "机关、年度和全部数字相同于",
                "the same organ, year and numbers as",
            ),
        };
        let zh_tail = if self.kind == Kind::SameFile {
            "是同一个文件，重复计入"
        } else {
            "，重复计入"
        };
        Diagnostic::warning(
            self.kind.rule(),
            None,
            Message::new(
                format!("{zh} {first} {zh_tail}"),
                format!("{en} {first}: counted twice"),
            ),
        )
    }
}

/// The warning for a second, different report of one organ and year.
pub fn conflict_diagnostic(first: &str, report: &Report) -> Diagnostic {
    let year = report.year.unwrap_or(0);
    Diagnostic::warning(
        rules::ORGAN_YEAR,
        None,
        Message::new(
            format!(
                "{} {year} 年已有另一份数字不同的报告：{first}",
                report.organ
            ),
            format!(
                "{} already has a different report for {year}: {first}",
                report.organ
            ),
        ),
    )
}

type Key = u128;

fn key(f: impl Fn(&mut std::collections::hash_map::DefaultHasher)) -> Key {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0u8.hash(&mut a);
    1u8.hash(&mut b);
    f(&mut a);
    f(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// The report's identity: form, organ, year and every number.
pub fn fingerprint(report: &Report) -> u128 {
    key(|h| {
        report.form.hash(h);
        nianbao_model::title::organ_key(&report.organ).hash(h);
        report.year.hash(h);
        report.values().hash(h);
    })
}

/// What is kept of the reports seen so far.
#[derive(Debug, Default)]
pub struct Duplicates {
    paths: HashMap<Key, u32>,
    contents: HashMap<Key, u32>,
    organ_years: HashMap<Key, (u32, Key)>,
}

/// What [`Duplicates::record`] found about one report.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// It repeats an earlier report.
    pub duplicate: Option<Duplicate>,
    /// It differs from an earlier report of its organ and year (the index
    /// of that report).
    pub conflict: Option<usize>,
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

impl Duplicates {
    /// Records the report at `index`, read from the file `canonical`
    /// resolves to; `path` gives the path of an earlier input (for the
    /// byte comparison).
    pub fn record(
        &mut self,
        index: usize,
        report: &Report,
        canonical: Option<&Path>,
        path: &dyn Fn(usize) -> PathBuf,
    ) -> Found {
        let mut found = Found::default();
        let i = index as u32;
        if let Some(c) = canonical {
            let k = key(|h| c.hash(h));
            if let Some(&first) = self.paths.get(&k) {
                found.duplicate = Some(Duplicate {
                    first: first as usize,
                    kind: Kind::SameFile,
                });
            } else {
                self.paths.insert(k, i);
            }
        }
        let fp = fingerprint(report);
        match self.contents.get(&fp) {
            Some(&first) => {
                if found.duplicate.is_none() {
                    let kind = if same_bytes(&path(first as usize), &path(index)) {
                        Kind::Identical
                    } else {
                        Kind::SameReport
                    };
                    found.duplicate = Some(Duplicate {
                        first: first as usize,
                        kind,
                    });
                }
            }
            None => {
                self.contents.insert(fp, i);
            }
        }
        if let (Some(year), false) = (report.year, report.organ.is_empty()) {
            let k = key(|h| {
                nianbao_model::title::organ_key(&report.organ).hash(h);
                year.hash(h);
            });
            match self.organ_years.get(&k) {
                Some(&(first, other)) if other != fp => found.conflict = Some(first as usize),
                Some(_) => {}
                None => {
                    self.organ_years.insert(k, (i, fp));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::{FormVersion, Value};

    fn report(organ: &str, year: u16, n: u64) -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        r.organ = organ.into();
        r.year = Some(year);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(Value::Count(n)));
        r
    }

    #[test]
    fn repeats_and_conflicts_are_told_apart() {
        let d = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = ["a.txt", "b.txt", "c.json", "d.txt"]
            .iter()
            .map(|n| d.path().join(n))
            .collect();
        std::fs::write(&paths[0], "x").unwrap();
        std::fs::write(&paths[1], "x").unwrap();
        std::fs::write(&paths[2], "{}").unwrap();
        std::fs::write(&paths[3], "y").unwrap();
        let path = |i: usize| paths[i].clone();
        let mut dups = Duplicates::default();
        let r = report("甲局", 2023, 1);
        assert!(dups
            .record(0, &r, Some(&paths[0]), &path)
            .duplicate
            .is_none());
        let f = dups.record(1, &r, Some(&paths[1]), &path);
        assert_eq!(f.duplicate.unwrap().kind, Kind::Identical);
        let f = dups.record(2, &r, Some(&paths[2]), &path);
        assert_eq!(f.duplicate.unwrap().kind, Kind::SameReport);
        let f = dups.record(3, &r, Some(&paths[0]), &path);
        assert_eq!(f.duplicate.unwrap().kind, Kind::SameFile);
        let f = dups.record(3, &report("甲局", 2023, 2), Some(&paths[3]), &path);
        assert!(f.duplicate.is_none());
        assert_eq!(f.conflict, Some(0));
    }

    #[test]
    fn an_organ_written_in_either_width_is_one_organ() {
        let mut dups = Duplicates::default();
        let none = |_: usize| PathBuf::new();
        dups.record(0, &report("中国（上海）某局", 2023, 1), None, &none);
        let f = dups.record(1, &report("中国(上海) 某局", 2023, 1), None, &none);
        assert_eq!(f.duplicate.unwrap().kind, Kind::SameReport);
        let f = dups.record(2, &report("中国(上海)某局", 2023, 2), None, &none);
        assert_eq!(f.conflict, Some(0));
    }
}
