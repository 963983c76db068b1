//! The messages of the front door's own refusals, in Chinese and English
//! (the readers' diagnostics carry their own texts).

use nianbao_model::Message;
use std::fmt::Display;

/// Why something failed, in both languages: system errors of the common
/// kinds get a Chinese text of their own instead of the system's English
/// (`No such file or directory (os error 2)`).
#[derive(Debug, Clone)]
pub struct Why(pub Message);

impl Why {
    /// An error whose text is the same in both languages (a library's
    /// error that words itself).
    pub fn from_display(e: impl Display) -> Why {
        Why(Message::new(e.to_string(), e.to_string()))
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

impl From<Message> for Why {
    fn from(m: Message) -> Why {
        Why(m)
    }
}

/// The writers' errors word themselves.
macro_rules! why_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Why {
            fn from(e: $t) -> Why {
                Why::from_display(e)
            }
        }
    )*};
}

why_from_display!(
    nianbao_office::xlsx::WriteError,
    nianbao_office::docx::WriteError,
    nianbao_html::WriteError
);

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
        K::InvalidData => "数据无效",
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

/// The input could not be read.
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

/// The format cannot be told from the extension; `flag` names the option
/// that gives it.
pub fn unknown_format(flag: &str) -> Message {
    Message::new(
        format!("无法从扩展名判断格式（可用 .txt、.json、.csv、.xlsx、.html、.docx、.doc、.pdf），请用 {flag} 指明"),
        format!("cannot tell the format from the extension (use .txt, .json, .csv, .xlsx, .html, .docx, .doc or .pdf), or give {flag}"),
    )
}

/// A format that cannot be written.
pub fn cannot_write_format(ext: &str) -> Message {
    // The written format nearest to the one asked for.
    let instead = match ext {
        "mht" | "mhtml" => ".html",
        "doc" | "wps" => ".docx",
        "pdf" => ".docx / .xlsx",
        _ => ".xlsx",
    };
    Message::new(
        format!("不能写出 .{ext} 格式，请改用 {instead}"),
        format!("cannot write .{ext} here; use {instead}"),
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
    let err = err.to_string();
    Message::new(
        format!("不是有效的年报 JSON：{}", serde_zh(&err)),
        format!("not a valid report in JSON: {err}"),
    )
}

/// serde_json's usual complaints in Chinese; anything else as it is.
fn serde_zh(err: &str) -> String {
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    if let Some(rest) = err.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((field, allowed)) = names.split_first() {
            return format!("未知字段“{field}”（可用字段：{}）", allowed.join("、"));
        }
    }
    if let Some(rest) = err.strip_prefix("missing field ") {
        if let Some(field) = quoted(rest).first() {
            return format!("缺少字段“{field}”");
        }
    }
    if let Some(rest) = err.strip_prefix("duplicate field ") {
        if let Some(field) = quoted(rest).first() {
            return format!("字段“{field}”出现了两次");
        }
    }
    if let Some(rest) = err.strip_prefix("invalid type: ") {
        return format!("类型不符（{rest}）");
    }
    if let Some(rest) = err.strip_prefix("invalid value: ") {
        return format!("值无效（{rest}）");
    }
    if err.starts_with("EOF while parsing") {
        return "JSON 不完整（文件意外结束）".to_owned();
    }
    if err.starts_with("expected") || err.starts_with("trailing") || err.starts_with("key must") {
        return format!("JSON 语法错误（{err}）");
    }
    err.to_owned()
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

/// A report with more lines of prose than nianbao reads back.
pub fn too_many_prose_lines(lines: usize, max: usize) -> Message {
    Message::new(
        format!("报告的文字部分有 {lines} 段，超过 nianbao 可写出并读回的 {max} 段，未写出"),
        format!("the report has {lines} lines of prose, more than the {max} nianbao writes and reads back; not written"),
    )
}

/// A Word 97 or WPS file that could not be read.
pub fn bad_doc(err: &nianbao_office::doc::DocError) -> Message {
    use nianbao_office::doc::DocError;
    const SAVE: (&str, &str) = (
        "请在 Word/WPS 中“另存为”.docx，或用 LibreOffice 转换（soffice --headless --convert-to docx 文件名）",
        "save it as .docx in Word or WPS, or convert it with LibreOffice (soffice --headless --convert-to docx FILE)",
    );
    let (zh, en) = match err {
        DocError::Word95 => (
            "这是 Word 6.0/95 格式的旧文件".to_string(),
            "this is a Word 6.0/95 file, an older format".to_string(),
        ),
        DocError::Encrypted => (
            "文件设有打开密码".to_string(),
            "the file is protected with a password".to_string(),
        ),
        DocError::NotWord(why) => (
            format!("不是可读取的 Word 97–2003 文件（{why}）"),
            format!("not a readable Word 97–2003 file ({why})"),
        ),
        DocError::Damaged(why) => (
            format!("Word 97–2003 文件已损坏（{why}）"),
            format!("the Word 97–2003 file is damaged ({why})"),
        ),
    };
    Message::new(
        format!("无法读取 Word 文件：{zh}；{}", SAVE.0),
        format!("cannot read the Word file: {en}; {}", SAVE.1),
    )
}
