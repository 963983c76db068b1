//! Conventions of the repository, enforced (after rust-analyzer's
//! `xtask/src/tidy.rs`): every Rust module opens with a `//!` doc comment,
//! no test is ignored, no tracked text file has trailing whitespace, the
//! generated `docs/form.md` matches the model, and both user guides explain
//! every diagnostic rule id the code can emit.
//!
//! Files are the ones git tracks, so that a colleague's work in progress
//! never fails this test before it is committed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    xtask::docs::root()
}

/// Files git tracks under `root`, relative paths.
fn tracked() -> Vec<String> {
    let out = Command::new("git")
        .current_dir(root())
        .args(["ls-files", "-z"])
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files failed");
    String::from_utf8(out.stdout)
        .expect("paths are UTF-8")
        .split('\0')
        .filter(|p| !p.is_empty())
        .filter(|p| root().join(p).is_file())
        .map(str::to_owned)
        .collect()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn fail_if_any(what: &str, bad: &[String]) {
    assert!(bad.is_empty(), "{what}:\n  {}", bad.join("\n  "));
}

#[test]
fn every_module_has_a_doc_comment() {
    let bad: Vec<String> = tracked()
        .into_iter()
        .filter(|p| p.ends_with(".rs"))
        .filter(|p| {
            let text = read(p);
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("#!["));
            !first.is_some_and(|l| l.starts_with("//!"))
        })
        .collect();
    fail_if_any("modules without a `//!` doc comment at the top", &bad);
}

#[test]
fn no_ignored_tests() {
    // Spelled in two halves so that this file does not match itself.
    let needle = concat!("#[", "ignore");
    let bad: Vec<String> = tracked()
        .into_iter()
        .filter(|p| p.ends_with(".rs") && read(p).contains(needle))
        .collect();
    fail_if_any(
        "ignored tests (make them pass, or delete them, or gate them on what they need)",
        &bad,
    );
}

/// Text files the project writes by hand or generates; the fixtures are
/// excluded because real reports come with trailing blanks.
fn is_own_text(p: &str) -> bool {
    !p.starts_with("fixtures/")
        && (p.starts_with(".ci/")
            || [".rs", ".md", ".toml", ".yml", ".yaml", ".sh"]
                .iter()
                .any(|e| p.ends_with(e)))
}

#[test]
fn no_trailing_whitespace() {
    let mut bad = Vec::new();
    for p in tracked().into_iter().filter(|p| is_own_text(p)) {
        let Ok(text) = std::fs::read_to_string(root().join(&p)) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.ends_with([' ', '\t']) {
                bad.push(format!("{p}:{}", i + 1));
            }
        }
    }
    fail_if_any("trailing whitespace", &bad);
}

#[test]
fn form_md_is_up_to_date() {
    if let Err(e) = xtask::docs::form_md(&root(), true) {
        panic!("{e:#}");
    }
}

/// Namespaces of diagnostic rule ids (`text.bad_number`, `grid.value`, …).
const RULE_NAMESPACES: &[&str] = &[
    "applications",
    "reviews",
    "text",
    "grid",
    "input",
    "json",
    "csv",
    "xlsx",
    "html",
    "docx",
    "batch",
    "sum",
    "output",
    "document",
    "pdf",
    "title",
    "review",
    "dataset",
    "duplicate",
    "active",
    "python",
];

/// Rule ids written as string literals in library and CLI sources: a
/// namespace, a dot, a snake_case name, then the closing quote or the `:`
/// before the row or column a finding names.
fn rule_ids_in(text: &str, out: &mut std::collections::BTreeSet<String>) {
    for (i, _) in text.match_indices('"') {
        let rest = &text[i + 1..];
        let Some((ns, tail)) = rest.split_once('.') else {
            continue;
        };
        if !RULE_NAMESPACES.contains(&ns) {
            continue;
        }
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        let next = tail[name.len()..].chars().next();
        if !name.is_empty() && matches!(next, Some('"' | ':')) {
            out.insert(format!("{ns}.{name}"));
        }
    }
}

#[test]
fn guides_explain_every_rule_id() {
    let mut ids = std::collections::BTreeSet::new();
    for p in tracked() {
        let is_src = p.starts_with("crates/") && p.contains("/src/") && p.ends_with(".rs");
        if is_src {
            rule_ids_in(&read(&p), &mut ids);
        }
    }
    assert!(
        ids.contains("applications.balance") && ids.contains("text.bad_number"),
        "the rule-id scanner finds nothing: {ids:?}"
    );
    let unregistered: Vec<String> = ids
        .iter()
        .filter(|id| nianbao_model::rule_ids::find(id).is_none())
        .cloned()
        .collect();
    fail_if_any(
        "rule ids the code spells that the registry (crates/nianbao-model/src/rule_ids.rs) does not declare",
        &unregistered,
    );
    ids.extend(nianbao_model::rule_ids::ALL.iter().map(|r| r.id.to_owned()));
    for guide in ["docs/guide.zh.md", "docs/guide.en.md"] {
        let text = read(guide);
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !text.contains(&format!("`{id}`")))
            .cloned()
            .collect();
        fail_if_any(
            &format!("rule ids the code emits that {guide} does not explain (as `id`)"),
            &missing,
        );
    }
}

#[test]
fn guides_cover_every_subcommand() {
    let help = Path::new("crates/nianbao-cli/src/cli.rs");
    let cli = read(help.to_str().unwrap());
    // `Convert(ConvertArgs)` → `convert`.
    let commands: Vec<String> = cli
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_suffix("Args),"))
        .filter_map(|l| l.split_once('(').map(|(v, _)| v.to_lowercase()))
        .collect();
    assert!(commands.contains(&"convert".to_owned()), "{commands:?}");
    for guide in ["docs/guide.zh.md", "docs/guide.en.md", "README.md"] {
        let text = read(guide);
        let missing: Vec<String> = commands
            .iter()
            .filter(|c| !text.contains(&format!("nianbao {c}")))
            .cloned()
            .collect();
        fail_if_any(&format!("subcommands {guide} never shows"), &missing);
    }
}
