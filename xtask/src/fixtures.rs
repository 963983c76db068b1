//! `cargo xtask fixtures [--check]`: every input under `fixtures/` with its
//! expected outputs beside it, produced by the pipeline of `nianbao convert`
//! (the front door, [`nianbao::read`]).
//!
//! Naming (documented in `fixtures/README.md`): an input is any file whose
//! extension nianbao reads (`.txt`, `.md`, `.text`, `.json`, `.csv`,
//! `.xlsx`, …) and whose name does not contain `.expected.`; a few names are
//! not inputs (`README.md`, hand-read `*.numbers.json`, hidden files). For
//! an input `NAME.EXT` the expectations are:
//!
//! - `NAME.expected.json`: the report as JSON,
//! - `NAME.expected.txt`: the report as canonical text,
//! - `NAME.expected.diag`: the reader's warnings and the rule findings,
//!   when there are any;
//!
//! or, when the input is refused, only `NAME.expected.err`: the problems.
//! Findings are written one per line, `severity[rule] location: message`,
//! in English.
//!
//! In [`Mode::Write`] the expectations are rewritten (and stale ones
//! removed); in [`Mode::Check`] they are regenerated in memory and any
//! difference, missing file or orphaned expectation is an error.

use anyhow::{bail, Context, Result};
use nianbao::Format;
use nianbao_model::Diagnostic;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// What to do with the expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite them from what nianbao gives now.
    Write,
    /// Fail when any differs from what nianbao gives now.
    Check,
}

/// The marker that makes a file an expectation rather than an input.
pub const EXPECTED: &str = ".expected.";

/// The kinds of expectation, by extension after [`EXPECTED`].
pub const KINDS: [&str; 4] = ["json", "txt", "diag", "err"];

/// `fixtures/` of this workspace.
pub fn default_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    fs::canonicalize(&dir).unwrap_or(dir)
}

/// `path` as messages show it: from the directory that holds `root`
/// (`fixtures/text/x.txt`).
fn shown(root: &Path, path: &Path) -> String {
    let base = root.parent().unwrap_or(root);
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The fixtures directory.
    pub root: PathBuf,
    /// Inputs seen.
    pub inputs: usize,
    /// Of these, refused by the reader.
    pub refused: usize,
    /// Expectation files written (write mode).
    pub written: Vec<PathBuf>,
    /// Expectation files removed (write mode).
    pub removed: Vec<PathBuf>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.written {
            writeln!(f, "wrote {}", shown(&self.root, p))?;
        }
        for p in &self.removed {
            writeln!(f, "removed {}", shown(&self.root, p))?;
        }
        write!(
            f,
            "{} fixture input(s), {} refused; {} file(s) written, {} removed",
            self.inputs,
            self.refused,
            self.written.len(),
            self.removed.len()
        )
    }
}

/// Whether `path` is a fixture input, and in which format.
pub fn input_format(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?;
    if name.starts_with('.')
        || name.contains(EXPECTED)
        || name.starts_with("README")
        || name.ends_with(".numbers.json")
    {
        return None;
    }
    Format::of_input(path).or_else(|| {
        // Documents nianbao names and refuses (`.doc`, …; and pictures
        // under fixtures/foreign/): told by their bytes.
        let picture = path.parent().is_some_and(|d| d.ends_with("foreign"));
        (nianbao::is_input_document(path) || picture).then(|| {
            let mut head = [0u8; 1024];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            nianbao::sniff(path, &head[..n])
        })
    })
}

/// The expectation of `kind` for `input`.
pub fn expected_path(input: &Path, kind: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    input.with_file_name(format!("{stem}{EXPECTED}{kind}"))
}

/// The expectation files for the bytes of one input: kind → contents.
pub fn expectations(bytes: &[u8], fmt: Format) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    match nianbao::read(bytes, fmt) {
        Ok(loaded) => {
            out.insert("json", nianbao_data::json::to_json(&loaded.report));
            out.insert("txt", nianbao_text::render(&loaded.report));
            let diags = nianbao::check(&loaded);
            if !diags.is_empty() {
                out.insert("diag", diagnostics(&diags));
            }
        }
        Err(e) => {
            out.insert("err", diagnostics(&e.diagnostics));
        }
    }
    out
}

/// One finding per line, in English.
pub fn diagnostics(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        let severity = if d.is_error() { "error" } else { "warning" };
        let location = match (&d.location, d.cell) {
            (Some(l), _) => l.to_string(),
            (None, Some(id)) => format!(
                "({})",
                nianbao_model::FormVersion::V2021.form().def(id).path()
            ),
            (None, None) => "-".to_owned(),
        };
        // One line each, whatever the message holds.
        let message = d.message.en.replace('\n', " ");
        s.push_str(&format!("{severity}[{}] {location}: {message}\n", d.rule));
    }
    s
}

/// Every file under `dir`, sorted, hidden directories skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("reading {}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if e.file_type()?.is_dir() {
            // The review's region holds inputs without expectations, checked
            // by `cargo xtask region --check` and the review's test.
            if path.ends_with(crate::region::DIR) {
                continue;
            }
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// The first line where `a` and `b` differ, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for n in 1.. {
        match (e.next(), a.next()) {
            (None, None) => break,
            (x, y) if x == y => continue,
            (x, y) => {
                return format!(
                    "line {n}: expected {:?}, got {:?}",
                    x.unwrap_or("<end>"),
                    y.unwrap_or("<end>")
                );
            }
        }
    }
    "line ends or final newline differ".to_owned()
}

/// Regenerates (or checks) the expectations of every input under `dir`.
pub fn run(dir: &Path, mode: Mode) -> Result<Summary> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let mut summary = Summary {
        root: dir.to_path_buf(),
        ..Summary::default()
    };
    let show = |p: &Path| shown(dir, p);
    let mut problems = Vec::new();
    // Expectation path → whether some input accounts for it.
    let mut claimed: BTreeMap<PathBuf, Option<PathBuf>> = files
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(EXPECTED))
        })
        .map(|p| (p.clone(), None))
        .collect();

    for input in &files {
        let Some(fmt) = input_format(input) else {
            continue;
        };
        summary.inputs += 1;
        let bytes = fs::read(input).with_context(|| format!("reading {}", show(input)))?;
        let generated = std::panic::catch_unwind(|| expectations(&bytes, fmt))
            .map_err(|_| anyhow::anyhow!("nianbao panicked on {}", show(input)))?;
        if generated.contains_key("err") {
            summary.refused += 1;
        }
        for kind in KINDS {
            let path = expected_path(input, kind);
            if let Some(Some(other)) = claimed.get(&path) {
                bail!(
                    "{} and {} would share {}; rename one",
                    show(other),
                    show(input),
                    show(&path)
                );
            }
            let on_disk = fs::read_to_string(&path).ok();
            match (generated.get(kind), on_disk) {
                (Some(want), Some(have)) if *want == have => {}
                (Some(want), have) => match mode {
                    Mode::Write => {
                        fs::write(&path, want)
                            .with_context(|| format!("writing {}", show(&path)))?;
                        summary.written.push(path.clone());
                    }
                    Mode::Check => problems.push(match have {
                        None => format!("{} is missing", show(&path)),
                        Some(have) => format!(
                            "{} is out of date ({})",
                            show(&path),
                            first_difference(&have, want)
                        ),
                    }),
                },
                (None, Some(_)) => match mode {
                    Mode::Write => {
                        fs::remove_file(&path)
                            .with_context(|| format!("removing {}", show(&path)))?;
                        summary.removed.push(path.clone());
                    }
                    Mode::Check => problems.push(format!(
                        "{} is stale: {} no longer gives it",
                        show(&path),
                        show(input)
                    )),
                },
                (None, None) => {}
            }
            if generated.contains_key(kind) || claimed.contains_key(&path) {
                claimed.insert(path, Some(input.clone()));
            }
        }
    }

    for (path, owner) in &claimed {
        if owner.is_none() {
            match mode {
                Mode::Write => {
                    fs::remove_file(path).with_context(|| format!("removing {}", show(path)))?;
                    summary.removed.push(path.clone());
                }
                Mode::Check => problems.push(format!(
                    "{} has no input beside it (input removed?)",
                    show(path)
                )),
            }
        }
    }

    if !problems.is_empty() {
        bail!(
            "{} fixture expectation(s) do not match what nianbao gives now:\n  {}\nRun `cargo xtask fixtures` to regenerate them, and review the diff.",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_json(natural: u64) -> String {
        let mut r = nianbao_model::Report::empty(nianbao_model::FormVersion::V2021);
        r.organ = "某局".into();
        r.year = Some(2023);
        for c in r.form_def().cells() {
            if c.column.kind == nianbao_model::ValueKind::Count {
                r.set(c.id, Some(nianbao_model::Value::Count(0)));
            }
        }
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(nianbao_model::Value::Count(natural)));
        nianbao_data::json::to_json(&r)
    }

    #[test]
    fn names_separate_inputs_from_expectations() {
        assert_eq!(input_format(Path::new("a/x.txt")), Some(Format::Text));
        assert_eq!(input_format(Path::new("a/x.expected.txt")), None);
        assert_eq!(input_format(Path::new("a/x.numbers.json")), None);
        assert_eq!(input_format(Path::new("a/README.md")), None);
        assert_eq!(input_format(Path::new("a/.x.txt")), None);
        assert_eq!(
            expected_path(Path::new("a/x.json"), "err"),
            Path::new("a/x.expected.err")
        );
    }

    #[test]
    fn refused_inputs_get_only_an_err_naming_the_place() {
        let bad = report_json(1).replacen("\"natural\": 1", "\"natural\": 1.5", 1);
        let e = expectations(bad.as_bytes(), Format::Json);
        assert_eq!(e.keys().copied().collect::<Vec<_>>(), ["err"]);
        assert!(e["err"].starts_with("error[json.report] "), "{}", e["err"]);
        assert!(
            e["err"].contains("applications.new.natural"),
            "{}",
            e["err"]
        );
    }

    #[test]
    fn write_then_check_then_catch_drift_and_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("json");
        fs::create_dir(&sub).unwrap();
        let input = sub.join("r.json");
        fs::write(&input, report_json(2)).unwrap();
        fs::write(sub.join("README.md"), "not an input").unwrap();

        let s = run(dir.path(), Mode::Write).unwrap();
        assert_eq!(s.inputs, 1);
        assert!(sub.join("r.expected.json").exists());
        assert!(sub.join("r.expected.txt").exists());
        // 2 new applications and nothing else: the sums disagree.
        assert!(fs::read_to_string(sub.join("r.expected.diag"))
            .unwrap()
            .contains("error[applications."));
        run(dir.path(), Mode::Check).unwrap();

        // The input changes: check names the file and the way out.
        fs::write(&input, report_json(3)).unwrap();
        let e = run(dir.path(), Mode::Check).unwrap_err().to_string();
        assert!(e.contains("r.expected.json is out of date"), "{e}");
        assert!(e.contains("cargo xtask fixtures"), "{e}");
        run(dir.path(), Mode::Write).unwrap();
        run(dir.path(), Mode::Check).unwrap();

        // The input becomes unreadable: the old outputs are stale.
        fs::write(&input, "{").unwrap();
        let e = run(dir.path(), Mode::Check).unwrap_err().to_string();
        assert!(e.contains("r.expected.err is missing"), "{e}");
        assert!(e.contains("r.expected.json is stale"), "{e}");
        run(dir.path(), Mode::Write).unwrap();
        assert!(!sub.join("r.expected.json").exists());
        run(dir.path(), Mode::Check).unwrap();

        // The input goes away: its expectations are orphans.
        fs::remove_file(&input).unwrap();
        let e = run(dir.path(), Mode::Check).unwrap_err().to_string();
        assert!(e.contains("r.expected.err has no input"), "{e}");
        let s = run(dir.path(), Mode::Write).unwrap();
        assert_eq!(s.removed.len(), 1);
        run(dir.path(), Mode::Check).unwrap();
    }

    #[test]
    fn two_inputs_may_not_share_expectations() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("r.json"), report_json(0)).unwrap();
        fs::write(dir.path().join("r.txt"), "x").unwrap();
        let e = run(dir.path(), Mode::Write).unwrap_err().to_string();
        assert!(e.contains("would share"), "{e}");
    }
}
