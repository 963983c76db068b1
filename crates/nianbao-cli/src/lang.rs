//! The language of messages, and every message the command line itself
//! writes (the libraries' diagnostics carry their own texts in both
//! languages).

use clap::ValueEnum;
use nianbao_model::{Lang, Message};
use std::fmt::Display;

// The front door's messages, for the refusals the command line words the same way.
pub use nianbao::message::{
    bad_csv, bad_json, bad_workbook, cannot_read, cannot_write, cannot_write_format,
    internal_error, io_error, not_text, too_large, too_many_lines, unknown_format, Why,
};

/// Why a batch could not write its output, in both languages.
pub fn batch_error(e: &nianbao_batch::BatchError) -> Why {
    match e {
        nianbao_batch::BatchError::Io(e) => Why::from(e),
        e => Why::from_display(e),
    }
}

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

/// An input named on the command line does not exist or cannot be seen.
pub fn no_such_input(path: impl Display, err: &std::io::Error) -> Message {
    let why = nianbao::message::io_error(err);
    Message::new(
        format!(
            "输入 {path} 无法访问：{}；未读取任何文件，也未写出任何内容",
            why.zh
        ),
        format!(
            "input {path} cannot be reached: {}; nothing was read or written",
            why.en
        ),
    )
}

/// A file of a folder that nianbao wrote itself and skips.
pub fn skipped_own_output(path: impl Display, kind: crate::output::OwnOutput) -> Message {
    let (zh, en) = match kind {
        crate::output::OwnOutput::Dataset => ("nianbao 写出的数据集", "a dataset nianbao wrote"),
        crate::output::OwnOutput::Sum => ("nianbao 写出的汇总", "a sum nianbao wrote"),
    };
    Message::new(
        format!("已跳过 {path}：这是{zh}，不是年报"),
        format!("skipped {path}: {en}, not a report"),
    )
}

/// `batch` read no report, so wrote nothing.
pub fn nothing_read(output: impl Display) -> Message {
    Message::new(
        format!("没有读到任何报告，未写出 {output}（已有的文件保持不变）"),
        format!(
            "no report was read; {output} was not written (an existing file is left as it was)"
        ),
    )
}

/// The output would overwrite the input.
pub fn output_is_input(input: impl Display) -> Message {
    Message::new(
        format!("输出文件就是输入文件 {input}，已拒绝（请另选输出路径）"),
        format!("the output is the input file {input}; refused (choose another output path)"),
    )
}

/// A format `convert` cannot write, with those it can.
pub fn cannot_convert_to(ext: &str) -> Message {
    let choices: Vec<String> = crate::cli::writable_formats()
        .iter()
        .map(|f| format!(".{}", f.extension()))
        .collect();
    Message::new(
        format!("不能写出 .{ext} 格式（可写出 {}）", choices.join("、")),
        format!(
            "cannot write .{ext} (nianbao writes {})",
            choices.join(", ")
        ),
    )
}

/// The template of the year asked for does not exist.
pub fn no_form_for_year(year: u16) -> Message {
    Message::new(
        format!("{year} 年没有统一的年报表格（2019 年起才有），无法生成模板"),
        format!(
            "there is no official form for {year} (the forms start with 2019); no template written"
        ),
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

/// A command-line error of clap's in Chinese (`None`: let clap print it, as
/// for `--help`, `--version` and every error in English). The usage line
/// clap would print is kept; the reason is worded here.
pub fn clap_error(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    if lang != Lang::Zh {
        return None;
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let why = match e.kind() {
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None
        }
        K::MissingRequiredArgument => format!("缺少必需的参数：{}", ctx(ContextKind::InvalidArg)),
        K::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            let mut m = format!(
                "参数 {} 的值“{}”无效",
                ctx(ContextKind::InvalidArg),
                ctx(ContextKind::InvalidValue)
            );
            if !valid.is_empty() {
                m.push_str(&format!("（可选：{valid}）"));
            }
            m
        }
        K::UnknownArgument => format!("未知的参数：{}", ctx(ContextKind::InvalidArg)),
        K::InvalidSubcommand => format!("未知的命令：{}", ctx(ContextKind::InvalidSubcommand)),
        K::MissingSubcommand => "缺少命令（convert、check、template、batch、sum……）".to_owned(),
        K::ArgumentConflict => format!("参数 {} 不能同时使用", ctx(ContextKind::InvalidArg)),
        K::TooManyValues | K::WrongNumberOfValues => {
            format!("参数 {} 给出了太多的值", ctx(ContextKind::InvalidArg))
        }
        K::ValueValidation => format!(
            "参数 {} 的值“{}”无效",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::InvalidValue)
        ),
        _ => "命令行参数有误".to_owned(),
    };
    let usage = ctx(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    Some(if usage.is_empty() {
        format!("错误：{why}\n\n运行 nianbao --help 查看用法。")
    } else {
        format!("错误：{why}\n\n用法：{usage}\n\n运行 nianbao --help 查看用法。")
    })
}

/// The name shown for standard input.
pub const STDIN: &str = "<stdin>";

/// The name shown for standard output.
pub const STDOUT: &str = "<stdout>";

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
