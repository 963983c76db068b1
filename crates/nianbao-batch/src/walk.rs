//! From the paths a user gives to the list of inputs: files as given,
//! folders recursed for the files a predicate accepts (hidden files and
//! folders skipped, symbolic links to folders not followed), the whole list
//! sorted by path and without repeats, so that a batch's order never
//! depends on the file system or on thread timing.

use std::fs;
use std::path::{Path, PathBuf};

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file to read.
    File(PathBuf),
    /// A path that could not be listed or does not exist, and why.
    Unreachable(PathBuf, String),
}

impl Input {
    /// The path.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Unreachable(p, _) => p,
        }
    }
}

/// The inputs named by `paths`: a file is taken whatever its name; a folder
/// gives every file below it that `wanted` accepts.
pub fn walk(paths: &[PathBuf], wanted: &dyn Fn(&Path) -> bool) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, wanted, &mut out),
            Ok(_) => out.push(Input::File(p.clone())),
            Err(e) => out.push(Input::Unreachable(p.clone(), e.to_string())),
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out.dedup_by(|a, b| a.path() == b.path());
    out
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn walk_dir(dir: &Path, wanted: &dyn Fn(&Path) -> bool, out: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Unreachable(dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.push(Input::Unreachable(dir.to_path_buf(), e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        if hidden(&path) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk_dir(&path, wanted, out);
        } else if (kind.is_file() || (kind.is_symlink() && path.is_file())) && wanted(&path) {
            out.push(Input::File(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_recursed_sorted_and_filtered() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        fs::create_dir_all(p.join("b/c")).unwrap();
        fs::create_dir_all(p.join(".git")).unwrap();
        for f in [
            "b/c/2.txt",
            "b/1.json",
            "a.txt",
            "b/skip.pdf",
            ".git/x.txt",
            "b/.h.txt",
        ] {
            fs::write(p.join(f), "x").unwrap();
        }
        let wanted = |p: &Path| p.extension().is_some_and(|e| e != "pdf");
        let got = walk(
            &[p.to_path_buf(), p.join("a.txt"), p.join("nope.txt")],
            &wanted,
        );
        let names: Vec<String> = got
            .iter()
            .map(|i| i.path().strip_prefix(p).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b/1.json", "b/c/2.txt", "nope.txt"]);
        assert!(matches!(got[3], Input::Unreachable(..)));
    }
}
