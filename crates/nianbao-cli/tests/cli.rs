//! The command-line contract, run on the built binary: exit codes, atomic
//! outputs, the input never overwritten, pipes, languages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "000_79b5c35e28a790e5";

fn seed(ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../fixtures/seeds/{SEED}.{ext}"))
}

/// Runs `nianbao` with `args` in a neutral locale, `stdin` on its input.
fn nianbao(args: &[&dyn AsRef<std::ffi::OsStr>], stdin: Option<&[u8]>) -> Output {
    nianbao_env(args, stdin, &[])
}

fn nianbao_env(
    args: &[&dyn AsRef<std::ffi::OsStr>],
    stdin: Option<&[u8]>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.args(args.iter().map(|a| a.as_ref()))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        // The command may exit before reading its input (a usage error).
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// Seed 000 with the natural-person count of 本年新收 changed from 2 to 3,
/// and the 1-based number of the changed line.
fn broken_seed() -> (String, u32) {
    let text = std::fs::read_to_string(seed("txt")).unwrap();
    let mut out = Vec::new();
    let mut changed = None;
    for (i, line) in text.split('\n').enumerate() {
        if changed.is_none() && line.contains("本年新收") && line.contains("\t2\t") {
            out.push(line.replacen("\t2\t", "\t3\t", 1));
            changed = Some(i as u32 + 1);
        } else {
            out.push(line.to_owned());
        }
    }
    (
        out.join("\n"),
        changed.expect("seed 000 has the 本年新收 row"),
    )
}

#[test]
fn every_seed_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().contains(".expected.")
        })
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5, "{seeds:?}");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check"];
    args.extend(seeds.iter().map(|p| p as &dyn AsRef<std::ffi::OsStr>));
    let o = nianbao(&args, None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_changed_number_exits_1_naming_the_rule_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let (text, line) = broken_seed();
    let input = dir.path().join("broken.txt");
    std::fs::write(&input, text).unwrap();

    let o = nianbao(&[&"--lang", &"en", &"check", &input], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error[applications.row_total:new]"), "{err}");
    assert!(
        err.contains(&format!("broken.txt:{line}:")),
        "line {line} not named:\n{err}"
    );
    assert!(err.contains('^'), "no caret:\n{err}");

    let o = nianbao(&[&"check", &"--format", &"json", &input], None);
    assert_eq!(code(&o), 1);
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("{\"source\":"), "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["source"], input.to_string_lossy().as_ref());
    let diags = v["diagnostics"].as_array().unwrap();
    let hit = diags
        .iter()
        .find(|d| d["rule"] == "applications.row_total:new")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(hit["severity"], "error");
    assert_eq!(hit["location"]["line"], line);
    assert!(hit["location"]["column"].as_u64().unwrap() >= 1);
    // Chinese by default.
    assert!(
        hit["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{hit}"
    );

    // convert still writes the output, then exits 1.
    let out = dir.path().join("broken.json");
    let o = nianbao(&[&"convert", &input, &"-o", &out], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("applications.row_total:new"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["applications"]["new"]["natural"], 3);
}

#[test]
fn unreadable_input_exits_2_and_creates_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("garbage.txt");
    std::fs::write(&input, [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0]).unwrap();
    let out = dir.path().join("out.json");
    let o = nianbao(&[&"convert", &input, &"-o", &out], None);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("garbage.txt"), "{}", stderr(&o));
    assert!(!out.exists());
    // Nothing else was left behind either (no temporary file).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // An existing output is kept as it was.
    std::fs::write(&out, "keep me").unwrap();
    let o = nianbao(&[&"convert", &input, &"-o", &out], None);
    assert_eq!(code(&o), 2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    // A missing input names the file too; 2 wins over 1 in check.
    let missing = dir.path().join("missing.txt");
    let (text, _) = broken_seed();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, text).unwrap();
    let o = nianbao(&[&"check", &broken, &missing], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
    let o = nianbao(&[&"check", &"--format", &"json", &broken, &missing], None);
    assert_eq!(code(&o), 2);
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["source"], missing.to_string_lossy().as_ref());
    assert_eq!(lines[1]["diagnostics"][0]["rule"], "io");
}

#[test]
fn the_output_is_never_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let o = nianbao(&[&"convert", &seed("txt"), &"-o", &json], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let before = std::fs::read(&json).unwrap();

    let o = nianbao(&[&"convert", &json, &"-o", &json], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("output.same_file"), "{}", stderr(&o));
    let other_spelling = dir.path().join(".").join("r.json");
    assert_eq!(
        code(&nianbao(&[&"convert", &json, &"-o", &other_spelling], None)),
        2
    );
    let hard = dir.path().join("hard.json");
    std::fs::hard_link(&json, &hard).unwrap();
    assert_eq!(code(&nianbao(&[&"convert", &json, &"-o", &hard], None)), 2);
    assert_eq!(std::fs::read(&json).unwrap(), before);
}

#[test]
fn pipes_need_from_and_to_and_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    assert_eq!(
        code(&nianbao(&[&"convert", &seed("txt"), &"-o", &file], None)),
        0
    );
    let bytes = std::fs::read(seed("txt")).unwrap();
    let o = nianbao(
        &[
            &"convert", &"-", &"--from", &"txt", &"-o", &"-", &"--to", &"json",
        ],
        Some(&bytes),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(o.stdout, std::fs::read(&file).unwrap());

    // Without --from the format of `-` is unknown.
    let o = nianbao(
        &[&"convert", &"-", &"-o", &"-", &"--to", &"json"],
        Some(&bytes),
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--from"), "{}", stderr(&o));
}

#[test]
fn csv_and_text_round_trip_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    let csv = dir.path().join("a.csv");
    let txt = dir.path().join("a.txt");
    let back = dir.path().join("b.json");
    assert_eq!(
        code(&nianbao(&[&"convert", &seed("txt"), &"-o", &json], None)),
        0
    );
    assert_eq!(code(&nianbao(&[&"convert", &json, &"-o", &csv], None)), 0);
    assert_eq!(code(&nianbao(&[&"convert", &json, &"-o", &txt], None)), 0);
    assert_eq!(code(&nianbao(&[&"convert", &txt, &"-o", &back], None)), 0);
    assert_eq!(std::fs::read(&json).unwrap(), std::fs::read(&back).unwrap());
    let from_csv = nianbao(&[&"convert", &csv, &"-o", &"-", &"--to", &"json"], None);
    assert_eq!(code(&from_csv), 0, "{}", stderr(&from_csv));
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&from_csv.stdout).unwrap();
    for table in ["active", "applications", "reviews"] {
        assert_eq!(a[table], b[table], "{table}");
    }
}

#[test]
fn messages_are_chinese_unless_english_is_asked_for() {
    let missing = Path::new("no-such-dir/missing.txt");
    let zh = nianbao(&[&"check", &missing], None);
    assert_eq!(code(&zh), 2);
    assert!(stderr(&zh).contains("无法读取文件"), "{}", stderr(&zh));
    assert!(stderr(&zh).contains("missing.txt"));
    let en = nianbao(&[&"--lang", &"en", &"check", &missing], None);
    assert!(
        stderr(&en).contains("cannot read the file"),
        "{}",
        stderr(&en)
    );
    let en = nianbao(&[&"check", &missing, &"--lang", &"en"], None);
    assert!(
        stderr(&en).contains("cannot read the file"),
        "{}",
        stderr(&en)
    );
    let env = nianbao_env(&[&"check", &missing], None, &[("LANG", "en_US.UTF-8")]);
    assert!(
        stderr(&env).contains("cannot read the file"),
        "{}",
        stderr(&env)
    );
    let flag_wins = nianbao_env(
        &[&"--lang", &"zh", &"check", &missing],
        None,
        &[("LC_ALL", "en_US.UTF-8")],
    );
    assert!(
        stderr(&flag_wins).contains("无法读取文件"),
        "{}",
        stderr(&flag_wins)
    );
}

#[test]
fn unknown_formats_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let o = nianbao(&[&"convert", &seed("txt"), &"-o", &out], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("r.pdf"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = nianbao(
        &[&"convert", &seed("txt"), &"-o", &dir.path().join("r.xls")],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(!dir.path().join("r.xls").exists());
}

#[test]
fn help_and_completions() {
    let o = nianbao(&[&"--help"], None);
    assert_eq!(code(&o), 0);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in ["convert", "check", "退出状态", "用法"] {
        assert!(help.contains(word), "{help}");
    }
    let o = nianbao(&[&"check", &"--help", &"--lang", &"en"], None);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in ["check", "Exit status", "Usage"] {
        assert!(help.contains(word), "{help}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let o = nianbao(&[&"completions", &shell], None);
        assert_eq!(code(&o), 0);
        assert!(
            String::from_utf8(o.stdout).unwrap().contains("convert"),
            "{shell}"
        );
    }
}

#[test]
fn workbooks_round_trip_and_findings_name_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    let xlsx = dir.path().join("a.xlsx");
    assert_eq!(
        code(&nianbao(&[&"convert", &seed("txt"), &"-o", &json], None)),
        0
    );
    let o = nianbao(&[&"convert", &seed("txt"), &"-o", &xlsx], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let back = nianbao(&[&"convert", &xlsx, &"-o", &"-", &"--to", &"json"], None);
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    for key in ["organ", "year", "active", "applications", "reviews"] {
        assert_eq!(a[key], b[key], "{key}");
    }

    // A broken report is still written, and checking the workbook names cells.
    let (text, _) = broken_seed();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, text).unwrap();
    let broken_xlsx = dir.path().join("broken.xlsx");
    assert_eq!(
        code(&nianbao(&[&"convert", &broken, &"-o", &broken_xlsx], None)),
        1
    );
    let o = nianbao(&[&"--lang", &"en", &"check", &broken_xlsx], None);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error[applications.row_total:new]"), "{err}");
    assert!(
        err.contains("broken.xlsx:") && err.contains('!'),
        "no sheet!cell:\n{err}"
    );
}

#[test]
fn template_writes_the_empty_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("年报模板.xlsx");
    let o = nianbao(
        &[
            &"template",
            &"-o",
            &out,
            &"--organ",
            &"某某市某某局",
            &"--year",
            &"2024",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let o = nianbao(&[&"template", &"-o", &dir.path().join("t.json")], None);
    assert_eq!(code(&o), 2);
    assert!(!dir.path().join("t.json").exists());
}

/// `-o x.docx`, `-o x.html` and `--to docx|html` write the Word document
/// and the web page, and both read back to the report (from a workbook, as
/// a clerk converts the filled-in form).
#[test]
fn word_documents_and_web_pages_are_written_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("年报.xlsx");
    let o = nianbao(&[&"convert", &seed("txt"), &"-o", &xlsx], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = nianbao(
        &[&"convert", &seed("txt"), &"-o", &"-", &"--to", &"json"],
        None,
    );
    for ext in ["docx", "html"] {
        let out = dir.path().join(format!("年报.{ext}"));
        let o = nianbao(&[&"convert", &xlsx, &"-o", &out], None);
        assert_eq!(code(&o), 0, "{ext}: {}", stderr(&o));
        let piped = nianbao(&[&"convert", &xlsx, &"-o", &"-", &"--to", &ext], None);
        assert_eq!(code(&piped), 0, "{ext}: {}", stderr(&piped));
        assert_eq!(piped.stdout, std::fs::read(&out).unwrap(), "{ext}");
        let back = nianbao(&[&"convert", &out, &"-o", &"-", &"--to", &"json"], None);
        assert_eq!(code(&back), 0, "{ext}: {}", stderr(&back));
        assert_eq!(
            String::from_utf8_lossy(&back.stdout),
            String::from_utf8_lossy(&want.stdout),
            "{ext}"
        );
    }
}
