//! Writing outputs: to a temporary file in the target directory, renamed
//! into place only when everything was written, so that a failure never
//! leaves a half-written file and an existing output is replaced only on
//! success. An output that is not a regular file (`/dev/null`, a FIFO, a
//! terminal) is written through, never renamed over, and `-` is standard
//! output. Temporary files are removed when the process is interrupted
//! (SIGINT, SIGTERM). Also the guards that an output never overwrites its
//! input (the recognition of the datasets and sums nianbao wrote is
//! `nianbao_batch::own`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

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

pub use nianbao_batch::own::{own_output, OwnOutput};

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// The name of an output as messages show it: `-` is standard output.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        crate::lang::STDOUT.to_owned()
    } else {
        path.display().to_string()
    }
}

/// Whether the output at `path` is written through rather than replaced:
/// it exists and is neither a regular file nor a folder (a device such as
/// `/dev/null`, a FIFO, a socket). Renaming a file over it would replace
/// the device node or the pipe with a regular file.
pub fn written_through(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Writes `bytes` to the output `path`: `-` is standard output, a device or
/// a FIFO is written through ([`written_through`]), a regular file is
/// replaced atomically ([`write_atomic`]).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.as_os_str() == "-" {
        write_stdout(bytes)
    } else if written_through(path) {
        write_through(path, bytes)
    } else {
        write_atomic(path, bytes)
    }
}

fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed to disk, then renamed over `path`. On any error the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = create_beside(path)?;
    tmp.write_all(bytes)?;
    persist(tmp, path)
}

/// A temporary file beside an output, removed when dropped, when the
/// process is interrupted, or renamed into place by [`persist`].
pub struct TempOutput {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl TempOutput {
    /// The open file.
    pub fn as_file_mut(&mut self) -> &mut fs::File {
        self.file
            .as_mut()
            .expect("present until persisted")
            .as_file_mut()
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for TempOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.as_file_mut().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.as_file_mut().flush()
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        unregister(&self.path);
        // The NamedTempFile, if still here, removes the file as it drops.
    }
}

/// The temporary files alive now, which the interrupt handler removes.
fn pending() -> &'static Mutex<Vec<PathBuf>> {
    static PENDING: OnceLock<Mutex<Vec<PathBuf>>> = OnceLock::new();
    PENDING.get_or_init(|| Mutex::new(Vec::new()))
}

fn register(path: &Path) {
    install_interrupt_handler();
    if let Ok(mut p) = pending().lock() {
        p.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut p) = pending().lock() {
        p.retain(|q| q != path);
    }
}

/// Exit status of a run interrupted by a signal (128 + SIGINT, as shells
/// report Ctrl-C).
pub const INTERRUPTED: i32 = 130;

/// On SIGINT, SIGTERM (and SIGHUP) remove every temporary output, then
/// exit with [`INTERRUPTED`]. The handler runs on a thread of its own
/// (the `ctrlc` crate), where removing files is safe; without it the
/// default action would end the process and leave a hidden temporary file
/// of up to hundreds of megabytes beside the output.
fn install_interrupt_handler() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Another handler already installed (a test harness): leave it.
        let _ = ctrlc::set_handler(|| {
            if let Ok(p) = pending().lock() {
                for path in p.iter() {
                    let _ = fs::remove_file(path);
                }
            }
            std::process::exit(INTERRUPTED);
        });
    });
}

/// The temporary file [`write_atomic`] writes into, for an output that is
/// streamed rather than held in memory; [`persist`] puts it in place. Its
/// name starts with a dot, so a batch walking the directory skips it.
pub fn create_beside(path: &Path) -> io::Result<TempOutput> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file = tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let path = file.path().to_path_buf();
    register(&path);
    Ok(TempOutput {
        file: Some(file),
        path,
    })
}

/// Flushes `tmp` to disk and renames it over `path`.
pub fn persist(mut tmp: TempOutput, path: &Path) -> io::Result<()> {
    let file = tmp.file.take().expect("present until persisted");
    file.as_file().sync_all()?;
    set_permissions(file.path(), path)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Where a streamed output goes while it is written: a temporary file
/// renamed into place at the end, or the device or FIFO itself.
pub enum Streamed {
    /// A regular file, replaced when [`Streamed::finish`] is called.
    Replace(TempOutput, PathBuf),
    /// Written through as it goes.
    Through(fs::File),
}

impl Streamed {
    /// Opens the output at `path` for streaming.
    pub fn open(path: &Path) -> io::Result<Streamed> {
        if written_through(path) {
            Ok(Streamed::Through(
                fs::OpenOptions::new().write(true).open(path)?,
            ))
        } else {
            Ok(Streamed::Replace(create_beside(path)?, path.to_path_buf()))
        }
    }

    /// The file to write into.
    pub fn as_file_mut(&mut self) -> &mut fs::File {
        match self {
            Streamed::Replace(t, _) => t.as_file_mut(),
            Streamed::Through(f) => f,
        }
    }

    /// Puts the output in place. Dropping a `Streamed` instead leaves an
    /// existing output untouched (and removes the temporary file).
    pub fn finish(self) -> io::Result<()> {
        match self {
            Streamed::Replace(t, path) => persist(t, &path),
            Streamed::Through(mut f) => f.flush(),
        }
    }
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
