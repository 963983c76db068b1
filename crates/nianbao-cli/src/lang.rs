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

/// Why something failed, in both languages: system errors of the common
/// kinds get a Chinese text of their own instead of the system's English
/// (`No such file or directory (os error 2)`).
#[derive(Debug, Clone)]
pub struct Why(Message);

impl Why {
    /// The message.
    pub fn message(&self) -> &Message {
        &self.0
    }
}

impl From<&std::io::Error> for Why {
    fn from(e: &std::io::Error) -> Why {
        Why(io_error(e))
    }
}

impl From<std::io::Error> for Why {
    fn from(e: std::io::Error) -> Why {
        Why::from(&e)
    }
}

impl From<&nianbao_batch::BatchError> for Why {
    fn from(e: &nianbao_batch::BatchError) -> Why {
        match e {
            nianbao_batch::BatchError::Io(e) => Why::from(e),
            e => Why(Message::new(e.to_string(), e.to_string())),
        }
    }
}

impl From<nianbao_batch::BatchError> for Why {
    fn from(e: nianbao_batch::BatchError) -> Why {
        Why::from(&e)
    }
}

impl From<nianbao_export::ExportError> for Why {
    fn from(e: nianbao_export::ExportError) -> Why {
        Why(Message::new(e.to_string(), e.to_string()))
    }
}

impl From<Message> for Why {
    fn from(m: Message) -> Why {
        Why(m)
    }
}

/// An IO error in both languages: the common kinds in Chinese, with the
/// system's own text in English.
pub fn io_error(e: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::StorageFull => "磁盘空间已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::ReadOnlyFilesystem => "文件系统为只读",
        K::FileTooLarge => "文件过大",
        K::BrokenPipe => "管道已关闭（读取的一端已退出）",
        K::UnexpectedEof => "文件意外结束",
        K::InvalidData => "数据无效（不是有效的 UTF-8 文本？）",
        K::InvalidInput | K::InvalidFilename => "文件名或路径无效",
        K::Interrupted => "操作被中断",
        K::OutOfMemory => "内存不足",
        K::WouldBlock | K::TimedOut => "操作超时",
        K::CrossesDevices => "不能跨文件系统移动文件",
        K::ResourceBusy => "文件正被占用",
        K::TooManyLinks => "符号链接层数过多",
        _ => return Message::new(format!("系统错误：{e}"), e.to_string()),
    };
    Message::new(zh, e.to_string())
}

/// The file could not be read.
pub fn cannot_read(err: impl Into<Why>) -> Message {
    let Why(m) = err.into();
    Message::new(
        format!("无法读取文件：{}", m.zh),
        format!("cannot read the file: {}", m.en),
    )
}

/// The output could not be written.
pub fn cannot_write(err: impl Into<Why>) -> Message {
    let Why(m) = err.into();
    Message::new(
        format!("无法写入输出文件：{}", m.zh),
        format!("cannot write the output: {}", m.en),
    )
}

/// An input named on the command line does not exist or cannot be seen.
pub fn no_such_input(path: impl Display, err: &std::io::Error) -> Message {
    let why = io_error(err);
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

/// The format of a path cannot be told from its extension.
pub fn unknown_format(flag: &str) -> Message {
    Message::new(
        format!("无法从扩展名判断格式（可用 .txt、.json、.csv、.xlsx），请用 {flag} 指明"),
        format!("cannot tell the format from the extension (use .txt, .json, .csv or .xlsx), or give {flag}"),
    )
}

/// A format that cannot be written here.
pub fn cannot_write_format(ext: &str) -> Message {
    Message::new(
        format!("不能写出 .{ext} 格式，请改用 .xlsx"),
        format!("cannot write .{ext} here; use .xlsx"),
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
