//! The commands the documents show, run as printed against the built
//! binary, so that the README's tour and the guides' examples cannot go
//! stale.
//!
//! In `README.md` and `docs/guide.*.md`, every fenced block marked
//! `console` is a session: a line `$ COMMAND` is run with `sh` in a fresh
//! directory per document (where `fixtures/` is the repository's, and
//! `nianbao` is the binary under test), and the lines after it, up to the
//! next `$` or the end of the block, are its output (standard output and
//! standard error together, without trailing blanks on a line, then
//! `(exit N)` when N is not 0). A mismatch
//! fails; `UPDATE_EXPECT=1` (what `cargo xtask docs` sets) rewrites the
//! outputs instead. The English guide runs under `LANG=en_US.UTF-8`, the
//! others in a Chinese (neutral) locale.
//!
//! The README's first `sh` block, the commands a newcomer types first, is
//! checked too: its `cargo run --release -- ARGS` is run as `nianbao ARGS`.
//! Links to files of the repository must point at files that exist.
//!
//! Unix only: the sessions are POSIX shell.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const DOCS: &[(&str, Option<&str>)] = &[
    ("README.md", None),
    ("docs/guide.zh.md", None),
    ("docs/guide.en.md", Some("en_US.UTF-8")),
];

/// A scratch directory in which `fixtures/` is the repository's.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("fixtures").canonicalize().unwrap();
    std::os::unix::fs::symlink(fixtures, dir.path().join("fixtures")).unwrap();
    dir
}

/// Runs one command line with `sh` in `dir`; its output as the document
/// shows it.
fn run(line: &str, dir: &Path, lang: Option<&str>) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_nianbao"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("exec 2>&1; {line}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("RUST_BACKTRACE");
    if let Some(l) = lang {
        cmd.env("LANG", l);
    }
    let out = cmd.output().unwrap();
    let mut text = String::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    match out.status.code() {
        Some(0) => {}
        Some(n) => text.push_str(&format!("(exit {n})\n")),
        None => text.push_str("(killed)\n"),
    }
    text
}

/// The document with every console block's outputs replaced by what the
/// commands print now.
fn refresh(doc: &str, lang: Option<&str>) -> String {
    let dir = scratch();
    let mut out = String::new();
    let mut in_console = false;
    let mut skipping = false;
    for line in doc.lines() {
        if !in_console {
            out.push_str(line);
            out.push('\n');
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            skipping = false;
            out.push_str(line);
            out.push('\n');
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            out.push_str(line);
            out.push('\n');
            out.push_str(&run(cmd, dir.path(), lang));
            skipping = true;
        } else if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn console_blocks_print_what_they_show() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for (doc, lang) in DOCS {
        let path = root().join(doc);
        let have = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
        assert!(
            have.contains("```console\n$ "),
            "{doc} shows no example session"
        );
        let want = refresh(&have, *lang);
        if want == have {
            continue;
        }
        if update {
            std::fs::write(&path, want).unwrap();
        } else {
            let (n, (h, w)) = have
                .lines()
                .zip(want.lines())
                .enumerate()
                .find(|(_, (h, w))| h != w)
                .unwrap_or((have.lines().count().min(want.lines().count()), ("", "")));
            stale.push(format!(
                "{doc}:{}: shows\n    {h}\n  but the command prints\n    {w}",
                n + 1
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "examples out of date (run `cargo xtask docs` and review the diff):\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_first_commands_work() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block: Vec<&str> = readme
        .split("```sh\n")
        .nth(1)
        .expect("README opens with a ```sh block")
        .split("```")
        .next()
        .unwrap()
        .lines()
        .collect();
    assert_eq!(
        block,
        [
            "cargo run --release -- convert fixtures/seeds/000_79b5c35e28a790e5.txt -o 年报.xlsx",
            "cargo test --workspace",
        ],
        "the README's first commands"
    );
    let dir = scratch();
    let args = block[0].strip_prefix("cargo run --release -- ").unwrap();
    let printed = run(&format!("nianbao {args}"), dir.path(), None);
    assert!(!printed.contains("(exit"), "{printed}");
    // The official form, which reads back to the seed's report.
    let xlsx = std::fs::read(dir.path().join("年报.xlsx")).unwrap();
    let seed = std::fs::read(root().join("fixtures/seeds/000_79b5c35e28a790e5.txt")).unwrap();
    let back = nianbao::read(&xlsx, nianbao::Format::Xlsx).unwrap();
    let want = nianbao::read(&seed, nianbao::Format::Text).unwrap();
    assert_eq!(back.report, want.report);
}

#[test]
fn links_to_repository_files_exist() {
    let mut broken = Vec::new();
    for doc in [
        "README.md",
        "ARCHITECTURE.md",
        "docs/guide.zh.md",
        "docs/guide.en.md",
    ] {
        let path = root().join(doc);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
        for (i, _) in text.match_indices("](") {
            let target = text[i + 2..].split(')').next().unwrap_or("");
            let target = target.split('#').next().unwrap_or("");
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if !path.parent().unwrap().join(target).exists() {
                broken.push(format!("{doc}: {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to missing files:\n  {}",
        broken.join("\n  ")
    );
}
