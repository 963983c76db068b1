//! The messages of the front door's own refusals, in Chinese and English
//! (the readers' diagnostics carry their own texts).

use nianbao_model::Message;
use std::fmt::Display;

/// The input could not be read.
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

/// The format cannot be told from the extension; `flag` names the option
/// that gives it.
pub fn unknown_format(flag: &str) -> Message {
    Message::new(
        format!("无法从扩展名判断格式（可用 .txt、.json、.csv、.xlsx、.html、.docx、.pdf），请用 {flag} 指明"),
        format!("cannot tell the format from the extension (use .txt, .json, .csv, .xlsx, .html, .docx or .pdf), or give {flag}"),
    )
}

/// A format that cannot be written.
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
