//! The language of messages, and every message the command line itself
//! writes (the libraries' diagnostics carry their own texts in both
//! languages).

use crate::cli::LangArg;
use nianbao_model::{Lang, Message};
use std::fmt::Display;

/// The language to speak: `--lang` when given, else the locale of the
/// environment (POSIX order: `LC_ALL`, `LC_MESSAGES`, `LANG`; the first one
/// set and not empty decides), else Chinese.
pub fn detect(flag: Option<LangArg>) -> Lang {
    match flag {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => from_env(|k| std::env::var(k).ok()),
    }
}

/// The language the locale variables ask for; `var` looks one up.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()));
    match locale {
        Some(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The file could not be read.
pub fn cannot_read(err: impl Display) -> Message {
    Message::new(
        format!("无法读取文件：{err}"),
        format!("cannot read the file: {err}"),
    )
}

/// The output could not be written.
pub fn cannot_write(err: impl Display) -> Message {
    Message::new(
        format!("无法写入输出文件：{err}"),
        format!("cannot write the output: {err}"),
    )
}

/// The output would overwrite the input.
pub fn output_is_input(input: impl Display) -> Message {
    Message::new(
        format!("输出文件就是输入文件 {input}，已拒绝（请另选输出路径）"),
        format!("the output is the input file {input}; refused (choose another output path)"),
    )
}

/// The format of a path cannot be told from its extension.
pub fn unknown_format(flag: &str) -> Message {
    Message::new(
        format!("无法从扩展名判断格式（读取 .txt、.json、.csv、.xlsx、.html、.docx、.pdf，写出 .txt、.json、.csv、.xlsx），请用 {flag} 指明"),
        format!("cannot tell the format from the extension (reads .txt, .json, .csv, .xlsx, .html, .docx, .pdf; writes .txt, .json, .csv, .xlsx), or give {flag}"),
    )
}

/// A format that cannot be written here.
pub fn cannot_write_format(ext: &str) -> Message {
    Message::new(
        format!("不能写出 .{ext} 格式，请改用 .xlsx"),
        format!("cannot write .{ext} here; use .xlsx"),
    )
}

/// A reader panicked.
pub fn internal_error() -> Message {
    Message::new(
        "nianbao 读取此文件时发生内部错误，请将文件提交给开发者",
        "internal error of nianbao while reading this file; please report it with the file",
    )
}

/// The bytes are not text.
pub fn not_text(err: impl Display) -> Message {
    Message::new(
        format!("不是可识别编码的文本文件：{err}"),
        format!("not a text file in a known encoding: {err}"),
    )
}

/// The input is larger than nianbao reads (`max_mib` MiB).
pub fn too_large(max_mib: usize) -> Message {
    Message::new(
        format!("文件超过 {max_mib} MB，超出 nianbao 可读取的大小，未读取"),
        format!("the file is larger than {max_mib} MB, the most nianbao reads; not read"),
    )
}

/// The text has more lines than nianbao reads.
pub fn too_many_lines(max: usize) -> Message {
    Message::new(
        format!("文本超过 {max} 行，超出 nianbao 可读取的大小，未读取"),
        format!("the text has more than {max} lines, the most nianbao reads; not read"),
    )
}

/// The JSON does not hold a report.
pub fn bad_json(err: impl Display) -> Message {
    Message::new(
        format!("不是有效的年报 JSON：{err}"),
        format!("not a valid report in JSON: {err}"),
    )
}

/// The CSV does not hold a report.
pub fn bad_csv(err: impl Display) -> Message {
    Message::new(
        format!("不是有效的年报 CSV：{err}"),
        format!("not a valid report in CSV: {err}"),
    )
}

/// The workbook does not hold a report.
pub fn bad_workbook(err: impl Display) -> Message {
    Message::new(
        format!("无法读取工作簿：{err}"),
        format!("cannot read the workbook: {err}"),
    )
}

/// Summary after `convert`: written, with findings.
pub fn written(path: impl Display, errors: usize, warnings: usize) -> Message {
    Message::new(
        format!("已写出 {path}（{errors} 个错误，{warnings} 个警告）"),
        format!("wrote {path} ({errors} error(s), {warnings} warning(s))"),
    )
}

/// Summary of one input after `check`.
pub fn summary(source: impl Display, errors: usize, warnings: usize) -> Message {
    Message::new(
        format!("{source}：{errors} 个错误，{warnings} 个警告"),
        format!("{source}: {errors} error(s), {warnings} warning(s)"),
    )
}

/// Summary at the end of `batch` and `sum`.
pub fn batch_summary(
    read: usize,
    with_errors: usize,
    with_warnings: usize,
    unreadable: usize,
    carry_breaks: usize,
) -> Message {
    Message::new(
        format!("已读取 {read} 份报告：{with_errors} 份有错误，{with_warnings} 份仅有警告；{unreadable} 个文件无法读取；{carry_breaks} 份报告的上年结转与上一年度不符"),
        format!("read {read} report(s): {with_errors} with errors, {with_warnings} with warnings only; {unreadable} file(s) unreadable; {carry_breaks} report(s) whose carry-over disagrees with the year before"),
    )
}

/// A file of a batch that could not be read.
pub fn unreadable(source: impl Display, why: impl Display) -> Message {
    Message::new(
        format!("{source}：无法读取：{why}"),
        format!("{source}: unreadable: {why}"),
    )
}

/// The output of `batch` or `sum` has an extension that names no format.
pub fn unknown_output(path: impl Display, choices: &str) -> Message {
    Message::new(
        format!("无法从扩展名判断输出格式：{path}（可用 {choices}）"),
        format!("cannot tell the output format from the extension of {path} (use {choices})"),
    )
}

/// `sum` wrote nothing because inputs could not be read.
pub fn sum_refused_unreadable(n: usize) -> Message {
    Message::new(
        format!("{n} 个文件无法读取，汇总结果会缺少这些报告，未写出汇总"),
        format!("{n} file(s) could not be read; a sum without them would be wrong, so nothing was written"),
    )
}

/// The name shown for standard input.
pub const STDIN: &str = "<stdin>";

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn locale_decides_in_posix_order() {
        assert_eq!(from_env(env(&[])), Lang::Zh);
        assert_eq!(from_env(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(from_env(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            from_env(env(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            from_env(env(&[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_GB")])),
            Lang::En
        );
        assert_eq!(from_env(env(&[("LC_ALL", ""), ("LANG", "en")])), Lang::En);
        assert_eq!(from_env(env(&[("LANG", "C")])), Lang::Zh);
    }

    #[test]
    fn flag_wins_over_environment() {
        assert_eq!(detect(Some(LangArg::En)), Lang::En);
        assert_eq!(detect(Some(LangArg::Zh)), Lang::Zh);
    }
}
