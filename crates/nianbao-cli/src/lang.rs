//! The language of messages, and every message the command line itself
//! writes (the libraries' diagnostics carry their own texts in both
//! languages).

use clap::ValueEnum;
use nianbao_model::{Lang, Message};
use std::fmt::Display;

// The front door's messages, for the refusals the command line words the same way.
pub use nianbao::message::{
    bad_csv, bad_json, bad_workbook, cannot_read, cannot_write, cannot_write_format,
    internal_error, not_text, too_large, too_many_lines, unknown_format,
};

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

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

/// The output would overwrite the input.
pub fn output_is_input(input: impl Display) -> Message {
    Message::new(
        format!("输出文件就是输入文件 {input}，已拒绝（请另选输出路径）"),
        format!("the output is the input file {input}; refused (choose another output path)"),
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
    duplicates: usize,
    carry_breaks: usize,
) -> Message {
    Message::new(
        format!("已读取 {read} 份报告：{with_errors} 份有错误，{with_warnings} 份仅有警告；{unreadable} 个文件无法读取；{duplicates} 份重复计入；{carry_breaks} 份报告的上年结转与上一年度不符"),
        format!("read {read} report(s): {with_errors} with errors, {with_warnings} with warnings only; {unreadable} file(s) unreadable; {duplicates} counted twice; {carry_breaks} report(s) whose carry-over disagrees with the year before"),
    )
}

/// The heading of the count of findings by rule.
pub fn by_rule_heading() -> Message {
    Message::new(
        "按规则统计的问题（错误／警告）：",
        "findings by rule (errors / warnings):",
    )
}

/// Files with errors not listed one by one.
pub fn more_files(n: usize) -> Message {
    Message::new(
        format!("……另有 {n} 个文件有错误或无法读取，详见输出"),
        format!("… and {n} more file(s) with errors or unreadable: see the output"),
    )
}

/// Findings across reports not printed.
pub fn more_cross(n: usize) -> Message {
    Message::new(
        format!("……另有 {n} 条跨报告的问题，详见输出"),
        format!("… and {n} more finding(s) across reports: see the output"),
    )
}

/// `sum` refuses reports counted twice.
pub fn sum_refused_duplicates(n: usize) -> Message {
    Message::new(
        format!("{n} 份年报重复计入（见上），未写出汇总；确需照样加总请用 --allow-duplicates"),
        format!("{n} report(s) counted twice (listed above); nothing was written; --allow-duplicates sums them anyway"),
    )
}

/// One duplicate in `sum`'s refusal.
pub fn duplicate_line(source: &str, first: &str) -> Message {
    Message::new(
        format!("  {source} 重复 {first}"),
        format!("  {source} repeats {first}"),
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
