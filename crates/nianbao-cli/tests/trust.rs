//! Issue 13 on the built binary: outputs never land on an input, a failed
//! or empty run leaves an existing output as it was, outputs that are not
//! regular files are written through, interrupted runs leave no temporary
//! file, and the messages about files are in the user's language.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn command(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    c.args(args.iter().map(|a| a.as_ref()))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

fn nianbao(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    command(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder with two reports of the same year (JSON and text).
fn folder_of_reports(dir: &Path) -> PathBuf {
    let d = dir.join("年报");
    fs::create_dir_all(&d).unwrap();
    fs::copy(fixtures().join("json/seed-000.json"), d.join("a.json")).unwrap();
    // Another organ's report of the same year (two copies of one report
    // would be refused by `sum` as counted twice).
    fs::copy(
        fixtures().join("seeds/001_f723fcd44f42a3fe.expected.json"),
        d.join("b.json"),
    )
    .unwrap();
    d
}

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".nianbao-"))
        .collect()
}

#[test]
fn sum_refuses_an_output_that_is_a_report_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = folder_of_reports(dir.path());
    let out = d.join("汇总.json");
    fs::copy(fixtures().join("json/seed-000.json"), &out).unwrap();
    let before = fs::read(&out).unwrap();
    let o = nianbao(&[&"sum", &d, &"--organ", &"某县", &"-o", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("输出文件就是输入文件"), "{err}");
    assert_eq!(fs::read(&out).unwrap(), before);
    // Named on the command line, too; and through a symbolic link.
    let a = d.join("a.json");
    let o = nianbao(&[
        &"sum",
        &a,
        &d.join("b.json"),
        &"--organ",
        &"某县",
        &"-o",
        &a,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    #[cfg(unix)]
    {
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let o = nianbao(&[&"sum", &d, &"--organ", &"某县", &"-o", &link]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(link.is_symlink());
        assert_eq!(fs::read(&a).unwrap(), before);
    }
}

#[test]
fn batch_refuses_an_output_that_is_a_report_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = folder_of_reports(dir.path());
    // A report saved as long CSV under the dataset's name.
    let report_csv = d.join("data.csv");
    let o = nianbao(&[&"convert", &d.join("a.json"), &"-o", &report_csv]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = fs::read(&report_csv).unwrap();
    let o = nianbao(&[&"batch", &d, &"-o", &report_csv]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("输出文件就是输入文件"), "{err}");
    assert_eq!(fs::read(&report_csv).unwrap(), before);
    assert!(temporaries(&d).is_empty());
}

#[test]
fn a_second_run_over_the_same_folder_skips_what_the_first_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let d = folder_of_reports(dir.path());
    for out in ["data.csv", "data.xlsx"] {
        let out = d.join(out);
        let first = nianbao(&[&"batch", &d, &"-o", &out]);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        let second = nianbao(&[&"batch", &d, &"-o", &out]);
        let err = stderr(&second);
        assert_eq!(second.status.code(), Some(0), "{err}");
        assert!(
            err.contains("已跳过") && err.contains("nianbao 写出的数据集"),
            "{err}"
        );
        assert!(err.contains("已读取 2 份报告"), "{err}");
    }
    // The sum, written as JSON, text and a workbook into the folder it sums.
    for out in ["汇总.json", "汇总.txt", "汇总.xlsx"] {
        let out = d.join(out);
        let first = nianbao(&[&"sum", &d, &"--organ", &"某县", &"-o", &out]);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        let bytes = fs::read(&out).unwrap();
        let second = nianbao(&[&"sum", &d, &"--organ", &"某县", &"-o", &out]);
        let err = stderr(&second);
        assert_eq!(second.status.code(), Some(0), "{err}");
        assert!(err.contains("已跳过"), "{err}");
        assert!(err.contains("已读取 2 份报告"), "{err}");
        assert_eq!(fs::read(&out).unwrap(), bytes);
        fs::remove_file(&out).unwrap();
    }
}

#[test]
fn a_failed_or_empty_batch_leaves_the_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data.csv");
    fs::write(&out, "the last good dataset").unwrap();
    let o = nianbao(&[&"batch", &dir.path().join("no_such_dir"), &"-o", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("文件或文件夹不存在"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "the last good dataset");
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = nianbao(&[&"batch", &empty, &"-o", &out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("没有读到任何报告"), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "the last good dataset");
    assert!(temporaries(dir.path()).is_empty());
    let o = nianbao(&[&"sum", &empty, &"--organ", &"某县", &"-o", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&out).unwrap(), "the last good dataset");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let s = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(s.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_output_is_written_through_not_renamed_over() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = folder_of_reports(dir.path());
    for (args, name) in [
        (vec!["batch".to_owned(), d.display().to_string()], "out.csv"),
        (
            vec![
                "convert".to_owned(),
                d.join("a.json").display().to_string(),
                "--to".to_owned(),
                "json".to_owned(),
            ],
            "out.json",
        ),
        (vec!["template".to_owned()], "out.xlsx"),
        (
            vec![
                "sum".to_owned(),
                d.display().to_string(),
                "--organ".to_owned(),
                "某县".to_owned(),
            ],
            "sum.json",
        ),
    ] {
        let fifo = dir.path().join(name);
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
        let o = c.args(&args).arg("-o").arg(&fifo).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?} {}", stderr(&o));
        let got = reader.join().unwrap();
        assert!(!got.is_empty(), "{args:?}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(temporaries(dir.path()).is_empty());
        fs::remove_file(&fifo).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_during_batch_remove_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    for signal in ["-TERM", "-INT"] {
        // The batch blocks reading a FIFO no one writes to: the temporary
        // output exists, and the process is still running when signalled.
        let fifo = dir.path().join("blocked.txt");
        mkfifo(&fifo);
        let out = dir.path().join("data.csv");
        let child = command(&[&"batch", &fifo, &"-o", &out, &"-q"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Killed should the test fail before the signal.
        struct Reap(std::process::Child);
        impl Drop for Reap {
            fn drop(&mut self) {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
        let mut child = Reap(child);
        let mut seen = false;
        for _ in 0..6000 {
            if !temporaries(dir.path()).is_empty() {
                seen = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(seen, "the batch never created its temporary file");
        let k = Command::new("kill")
            .args([signal, &child.0.id().to_string()])
            .status()
            .unwrap();
        assert!(k.success());
        let status = child.0.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        assert!(temporaries(dir.path()).is_empty(), "{signal}");
        assert!(!out.exists());
        fs::remove_file(&fifo).unwrap();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_error_writing_standard_output_names_it_in_chinese() {
    let full = fs::File::create("/dev/full").unwrap();
    let o = command(&[
        &"convert",
        &fixtures().join("json/seed-000.json"),
        &"-o",
        &"-",
        &"--to",
        &"json",
    ])
    .stdout(Stdio::from(full))
    .output()
    .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("<stdout>") && !err.contains("<stdin>"),
        "{err}"
    );
    assert!(err.contains("磁盘空间已满"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_missing_input_is_named_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let o = nianbao(&[
        &"convert",
        &dir.path().join("无.json"),
        &"-o",
        &dir.path().join("x.txt"),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("文件或文件夹不存在") && !err.contains("os error"),
        "{err}"
    );
    let o = nianbao(&[
        &"--lang",
        &"en",
        &"convert",
        &dir.path().join("无.json"),
        &"-o",
        &dir.path().join("x.txt"),
    ]);
    assert!(stderr(&o).contains("No such file"), "{}", stderr(&o));
}

#[test]
fn the_template_s_title_holds_organ_and_year_and_its_form_follows_the_year() {
    let dir = tempfile::tempdir().unwrap();
    for year in ["2019", "2020", "2024"] {
        let t = dir.path().join(format!("{year}.xlsx"));
        let o = nianbao(&[
            &"template",
            &"--organ",
            &"某局",
            &"--year",
            &year,
            &"-o",
            &t,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = nianbao(&[&"check", &t]);
        let err = stderr(&o);
        assert!(!err.contains("未找到标题"), "{err}");
        let o = nianbao(&[&"convert", &t, &"-o", &"-", &"--to", &"json"]);
        let json = String::from_utf8_lossy(&o.stdout);
        assert!(
            json.contains(&format!("某局{year}年政府信息公开工作年度报告")),
            "{json}"
        );
    }
    let o = nianbao(&[
        &"template",
        &"--year",
        &"2018",
        &"-o",
        &dir.path().join("x.xlsx"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn to_offers_only_what_is_written() {
    let o = nianbao(&[&"--lang", &"en", &"convert", &"-h"]);
    let help = String::from_utf8_lossy(&o.stdout);
    let rest = help
        .lines()
        .find(|l| l.contains("--to"))
        .unwrap()
        .to_owned();
    assert!(rest.contains("txt") && rest.contains("xlsx"), "{rest}");
    // What --to offers is what convert then writes.
    let dir = tempfile::tempdir().unwrap();
    for f in nianbao_cli::cli::writable_formats() {
        let out = dir.path().join(format!("out.{}", f.extension()));
        let o = nianbao(&[
            &"convert",
            &fixtures().join("json/seed-000.json"),
            &"-o",
            &out,
        ]);
        assert_eq!(o.status.code(), Some(0), "{f:?} {}", stderr(&o));
    }
    for f in [nianbao::Format::Html, nianbao::Format::Docx] {
        if nianbao_cli::cli::writable_formats().contains(&f) {
            continue;
        }
        let o = nianbao(&[
            &"convert",
            &fixtures().join("json/seed-000.json"),
            &"-o",
            &"-",
            &"--to",
            &f.extension(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{f:?}");
        assert!(!rest.contains(f.extension()), "{rest}");
    }
}

#[test]
fn workbooks_saved_by_openpyxl_are_checked_not_passed() {
    let dir = fixtures().join("xlsx/openpyxl");
    for (name, code, says) in [
        ("openpyxl-saved.xlsx", 0, "xlsx.formula_evaluated"),
        (
            "openpyxl-balance-broken.xlsx",
            1,
            "applications.balance:natural",
        ),
        ("openpyxl-date-in-count.xlsx", 2, "xlsx.not_a_number"),
        ("openpyxl-other-formula.xlsx", 2, "xlsx.formula]"),
    ] {
        let o = nianbao(&[&"check", &dir.join(name)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(!err.contains("空白单元格"), "{name}: {err}");
    }
}

#[test]
fn an_unreadable_value_is_named_with_its_line_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(fixtures().join("seeds/000_79b5c35e28a790e5.txt")).unwrap();
    let line = seed
        .lines()
        .position(|l| l.starts_with("行政许可\t8264"))
        .unwrap()
        + 1;
    for v in ["1.2万", "+8264", "50%", "82,64"] {
        let f = dir.path().join("r.txt");
        fs::write(
            &f,
            seed.replacen("行政许可\t8264", &format!("行政许可\t{v}"), 1),
        )
        .unwrap();
        let o = nianbao(&[&"check", &f]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{v}: {err}");
        assert!(err.contains(&format!("r.txt:{line}:")), "{v}: {err}");
        assert!(err.contains(&format!("“{v}”")), "{v}: {err}");
        assert!(!err.contains("缺少这些行"), "{v}: {err}");
    }
}

#[test]
fn the_promised_limits_hold_together() {
    use nianbao_model::report::MAX_PROSE_LINES;
    // The canonical text spends two lines a paragraph (a blank between)
    // and about 70 on headings and tables: the text reader takes the
    // longest report nianbao writes.
    const { assert!(nianbao::limits::MAX_TEXT_LINES >= 2 * MAX_PROSE_LINES + 1_000) };
}

#[test]
fn the_longest_report_nianbao_writes_reads_back_through_every_writer() {
    use nianbao_model::report::MAX_PROSE_LINES;
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(fixtures().join("json/seed-000.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&seed).unwrap();
    let prose: Vec<String> = (0..MAX_PROSE_LINES)
        .map(|i| format!("第{i}段：本机关依申请公开政府信息{}件。", i % 97))
        .collect();
    v["sections"] = serde_json::json!({"overview": prose.join("\n"), "problems": "", "other": ""});
    let json = dir.path().join("source.json");
    fs::write(&json, serde_json::to_string(&v).unwrap()).unwrap();
    for to in nianbao_cli::cli::writable_formats() {
        let out = dir.path().join(format!("long.{}", to.extension()));
        let o = nianbao(&[&"convert", &json, &"-o", &out]);
        assert_eq!(o.status.code(), Some(0), "{to:?}: {}", stderr(&o));
        let back = dir.path().join(format!("back-{}.json", to.extension()));
        let o = nianbao(&[&"convert", &out, &"-o", &back]);
        assert_eq!(o.status.code(), Some(0), "{to:?}: {}", stderr(&o));
        let b: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&back).unwrap()).unwrap();
        // Long CSV holds the numbers only; every other format the prose.
        if *to != nianbao::Format::Csv {
            assert!(b["sections"] == v["sections"], "{to:?}: prose differs");
        }
        assert!(
            b["applications"] == v["applications"],
            "{to:?}: numbers differ"
        );
    }
    // One paragraph more is refused by every writer, nothing written.
    v["sections"]["other"] = serde_json::json!("多一段");
    fs::write(&json, serde_json::to_string(&v).unwrap()).unwrap();
    let out = dir.path().join("longer.xlsx");
    let o = nianbao(&[&"convert", &json, &"-o", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn command_line_and_json_errors_are_worded_in_chinese() {
    let o = nianbao(&[&"convert"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("缺少必需的参数") && !err.contains("the following"),
        "{err}"
    );
    let o = nianbao(&[&"convert", &"a.txt", &"-o", &"b.json", &"--to", &"pdf"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("无效") && !err.contains("invalid value"),
        "{err}"
    );
    let o = nianbao(&[&"--lang", &"en", &"convert"]);
    assert!(stderr(&o).contains("required arguments"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("u.json");
    fs::write(&f, r#"{"title":"x","organ":"y","year":2023,"foo":1}"#).unwrap();
    let o = nianbao(&[&"check", &f]);
    let err = stderr(&o);
    assert!(
        err.contains("未知字段“foo”") && !err.contains("unknown field"),
        "{err}"
    );
}
