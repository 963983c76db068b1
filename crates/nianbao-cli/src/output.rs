//! Writing outputs: to a temporary file in the target directory, renamed
//! into place only when everything was written, so that a failure never
//! leaves a half-written file and an existing output is replaced only on
//! success. Also the guard that an output never overwrites its input.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Whether `output` names the same file as `input` (the same path after
/// resolving links, or another hard link to the same file).
pub fn same_file(input: &Path, output: &Path) -> bool {
    let Ok(input_real) = fs::canonicalize(input) else {
        return false;
    };
    if let Some(out_real) = resolve(output) {
        if out_real == input_real {
            return true;
        }
    }
    match (fs::metadata(input), fs::metadata(output)) {
        (Ok(a), Ok(b)) => same_inode(&a, &b),
        _ => false,
    }
}

/// The canonical path `path` would have: the file itself when it exists,
/// else its canonical directory joined with its name.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(dir).ok()?.join(name))
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over `path`. On any error the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = create_beside(path)?;
    tmp.write_all(bytes)?;
    persist(tmp, path)
}

/// The temporary file [`write_atomic`] writes into, for an output that is
/// streamed rather than held in memory; [`persist`] puts it in place. Its
/// name starts with a dot, so a batch walking the directory skips it.
pub fn create_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Flushes `tmp` to disk and renames it over `path`.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    tmp.as_file().sync_all()?;
    set_permissions(tmp.path(), path)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary files are created private (0600); give the output the
/// permissions of the file it replaces, or the usual 0644 for a new one.
#[cfg(unix)]
fn set_permissions(tmp: &Path, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match fs::metadata(target) {
        Ok(m) if m.is_file() => m.permissions().mode() & 0o7777,
        _ => 0o644,
    };
    fs::set_permissions(tmp, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_: &Path, _: &Path) -> io::Result<()> {
    Ok(())
}

/// Writes `bytes` to standard output in one go.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_existing_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/out.json"), b"x").is_err());
    }

    #[test]
    fn same_file_sees_through_paths_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs::write(&a, "x").unwrap();
        assert!(same_file(&a, &a));
        assert!(same_file(&a, &dir.path().join(".").join("a.txt")));
        assert!(!same_file(&a, &dir.path().join("b.txt")));
        let hard = dir.path().join("hard.txt");
        fs::hard_link(&a, &hard).unwrap();
        assert!(same_file(&a, &hard));
        #[cfg(unix)]
        {
            let sym = dir.path().join("sym.txt");
            std::os::unix::fs::symlink(&a, &sym).unwrap();
            assert!(same_file(&a, &sym));
        }
    }
}
