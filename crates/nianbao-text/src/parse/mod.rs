//! The reader: text → report.
//!
//! The text is cut into lines; the title line gives organ and year; section
//! headings are found by matching their labels (never by their numbering,
//! which some reports change); each table section becomes one token stream
//! read by [`table`]; the prose sections are kept verbatim, paragraph by
//! paragraph. Every problem is collected as a diagnostic with its line and
//! column; any error refuses the whole report.

mod fullwidth;
mod html_table;
mod lex;
mod table;

use lex::{Line, Token};
use nianbao_model::form::SectionContent;
use nianbao_model::label::{core_into, Match, Matcher};
use nianbao_model::Read;
use nianbao_model::{
    normalize_prose, Diagnostic, FormVersion, Location, Message, Report, SourceMap,
};

/// Why a text could not be read as a report.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not text in an encoding we know.
    #[error("{0}")]
    Decode(crate::DecodeError),
    /// The text is not a readable report; every problem found (errors, and
    /// the warnings met before them), each with its line and column.
    #[error("{} error(s), first: {}", .0.iter().filter(|d| d.is_error()).count(), .0.iter().find(|d| d.is_error()).map(|d| d.message.en.as_str()).unwrap_or(""))]
    Invalid(Vec<Diagnostic>),
}

/// Collects what the reader finds.
pub(crate) struct Sink {
    pub report: Report,
    pub source_map: SourceMap,
    pub diags: Vec<Diagnostic>,
    /// Errors met in the table being read (a table with errors does not
    /// also report its rows as missing).
    pub errors_in_table: usize,
}

impl Sink {
    pub fn error(&mut self, rule: impl Into<String>, at: Option<Location>, msg: Message) {
        self.errors_in_table += 1;
        self.diags.push(Diagnostic::error(rule, at, msg));
    }

    pub fn warn(&mut self, rule: impl Into<String>, at: Option<Location>, msg: Message) {
        self.diags.push(Diagnostic::warning(rule, at, msg));
    }
}

fn section_matcher() -> &'static Matcher {
    nianbao_model::form::section_matcher()
}

/// Lines longer than this (in characters) are never headings.
const MAX_HEADING_CHARS: usize = 48;

/// Markers of the statistics table of reports before 2019.
const FORM_OLDER_MARKERS: &[&str] = &["政府信息公开情况统计表", "历年累计", "指标名称"];

/// Reads a report from text.
pub fn parse(text: &str) -> Result<Read, ParseError> {
    // The form is settled once the headings are found; until then, 2021.
    let mut form = FormVersion::V2021.form();
    let mut sink = Sink {
        report: Report::empty(form.version),
        source_map: SourceMap::new(form.version),
        diags: Vec::new(),
        errors_in_table: 0,
    };
    let all = lex::lines(text);
    // HTML tables inside markdown, laid out as text rows.
    let html = html_table::tables(&all);
    let all = if html.is_empty() {
        all
    } else {
        html_table::splice(&all, &html)
    };
    // Lines that carry content: no page furniture. (Markdown rules are
    // dropped only inside tables: in prose `---` is text.)
    let lines: Vec<Line<'_>> = all
        .into_iter()
        .filter(|l| !lex::is_furniture(l.text))
        .collect();
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        sink.error(
            "text.empty",
            None,
            Message::new("文件为空", "the file is empty"),
        );
        return Err(ParseError::Invalid(sink.diags));
    }

    // Text that a tool made of tables it could not write as text.
    if let Some(refusal) = tool_marks(&lines) {
        sink.diags.push(refusal);
        return Err(ParseError::Invalid(sink.diags));
    }

    // The title: the first lines before any heading that read as one.
    let title_at = find_title(&lines);
    let body_from = match title_at {
        Some((i, j, ref t)) => {
            let info = nianbao_model::title::parse_title(t);
            sink.report.title = t.clone();
            sink.report.organ = info.organ;
            sink.report.year = info.year;
            sink.source_map.title = Some(Location::text(lines[i].no, 1));
            j + 1
        }
        None => 0,
    };
    if sink.report.organ.is_empty() || sink.report.year.is_none() {
        let (zh, en) = match (&title_at, sink.report.organ.is_empty(), sink.report.year) {
            (None, _, _) => (
                "未找到标题行，机关名称和年度留空（null）",
                "no title line: organ and year are left null",
            ),
            (Some(_), true, None) => (
                "标题中没有机关名称和年度，均留空（null）",
                "the title names no organ and no year: both are left null",
            ),
            (Some(_), true, Some(_)) => (
                "标题中没有机关名称，留空（null）",
                "the title names no organ: it is left null",
            ),
            (Some(_), false, _) => (
                "标题中没有年度，留空（null）",
                "the title names no year: it is left null",
            ),
        };
        let at = title_at
            .as_ref()
            .map(|(i, _, _)| Location::text(lines[*i].no, 1));
        sink.warn(
            "title.missing",
            at,
            Message::new(
                format!("{zh}；请在开头保留“某某机关 2023 年政府信息公开工作年度报告”标题"),
                format!(
                    "{en}; keep the title, 某某机关 2023 年政府信息公开工作年度报告, at the top"
                ),
            ),
        );
    }

    // Section headings, in order.
    let (heads, repeated) = find_headings(&lines, body_from);
    if let Some(i) = repeated {
        sink.error(
            "text.repeated_section",
            Some(Location::Text { line: lines[i].no, column: 1, len: lines[i].text.chars().count().max(1) as u32 }),
            Message::new(
                format!("章节标题“{}”出现了两次：文件里似乎有两份报告，请分开后再读取", lines[i].text.trim()),
                format!("the heading \"{}\" appears twice: the file seems to hold two reports; split them first", lines[i].text.trim()),
            ),
        );
    }

    // Which edition of the form is this?
    match detect_form(text, &lines, &heads, sink.report.year) {
        Ok(v) if v != form.version => {
            form = v.form();
            let mut r = Report::empty(v);
            r.title = std::mem::take(&mut sink.report.title);
            r.organ = std::mem::take(&mut sink.report.organ);
            r.year = sink.report.year;
            sink.report = r;
            let title = sink.source_map.title.take();
            sink.source_map = SourceMap::new(v);
            sink.source_map.title = title;
        }
        Ok(_) => {}
        Err(refusal) => {
            sink.diags.push(*refusal);
            return Err(ParseError::Invalid(sink.diags));
        }
    }
    if heads.iter().all(Option::is_none) && text.contains("政府信息公开申请情况") {
        let (fz, fe) = match form.version {
            FormVersion::V2019 => ("（2019 年版格式）", " (2019 form)"),
            FormVersion::V2021 => ("", ""),
        };
        sink.error(
            "text.not_a_report",
            None,
            Message::new(
                format!("这份报告{fz}的章节标题不在单独的行上：正文似乎被合并成了一行（网页文字转储？），表格的单元格已经粘连，无法可靠读取；请改用原网页（HTML）或原文件"),
                format!("this report's{fe} section headings are not on lines of their own: the body seems run together on one line (a web-page text dump?), so table cells are fused and cannot be read reliably; use the page's HTML or the original file"),
            ),
        );
        return Err(ParseError::Invalid(sink.diags));
    }
    if heads.iter().all(Option::is_none) {
        sink.error(
            "text.not_a_report",
            None,
            Message::new("未找到年度报告的任何章节标题（如“二、主动公开政府信息情况”），这不像一份政府信息公开工作年度报告", "no section heading of an annual report found (such as 二、主动公开政府信息情况)"),
        );
        return Err(ParseError::Invalid(sink.diags));
    }

    // Each section runs from its heading to the next heading found.
    let section_range = |k: usize| -> Option<(usize, usize)> {
        let start = heads[k]? + 1;
        let end = heads[k + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(lines.len());
        Some((start, end))
    };
    let mut tokens: Vec<Token<'_>> = Vec::new();
    for (k, sec) in form.sections.iter().enumerate() {
        match sec.content {
            SectionContent::Table(ti) => {
                let table = &form.tables[ti];
                let Some((a, b)) = section_range(k) else {
                    sink.error(
                        format!("text.missing_table:{}", table.key),
                        None,
                        Message::new(
                            format!("缺少表格“{}”（未找到该章节标题）", table.heading),
                            format!(
                                "table {} ({}) is missing: its heading was not found",
                                table.key, table.heading
                            ),
                        ),
                    );
                    continue;
                };
                tokens.clear();
                for l in lines[a..b].iter().filter(|l| !lex::is_rule(l.text)) {
                    lex::tokenize(*l, &mut tokens);
                }
                sink.errors_in_table = 0;
                if table.key == "reviews" {
                    table::read_flat(form, ti, &tokens, &mut sink);
                } else {
                    table::read_rows(form, ti, &tokens, &mut sink);
                }
            }
            SectionContent::Prose(p) => {
                let range = match section_range(k) {
                    Some(r) => Some(r),
                    // No heading 一: the overview runs from the title to the first heading.
                    None if k == 0 => Some((
                        body_from,
                        heads
                            .iter()
                            .flatten()
                            .next()
                            .copied()
                            .unwrap_or(lines.len()),
                    )),
                    None => None,
                };
                match range {
                    Some((a, b)) => {
                        let text: Vec<&str> = lines[a..b].iter().map(|l| l.text).collect();
                        *sink.report.sections.get_mut(p) = normalize_prose(&text.join("\n"));
                    }
                    None => sink.warn(
                        format!("text.missing_section:{}", p.key()),
                        None,
                        Message::new(
                            format!("未找到章节“{}”", sec.heading),
                            format!("section {} was not found", sec.heading),
                        ),
                    ),
                }
            }
        }
    }
    if sink.diags.iter().any(Diagnostic::is_error) {
        return Err(ParseError::Invalid(sink.diags));
    }
    Ok(Read::new(sink.report, sink.source_map, sink.diags))
}

/// Tables a tool left out of its text: pandoc's `[TABLE]` placeholder of
/// plain text (`text.table_placeholder`), or an HTML table inside markdown
/// that could not be laid out as text rows (it does not close, or is not a
/// table of a report's size: `text.html_tables`).
fn tool_marks(lines: &[Line<'_>]) -> Option<Diagnostic> {
    let mut html_at = None;
    for l in lines {
        let t = l.text.trim();
        if t == "[TABLE]" {
            return Some(Diagnostic::error(
                "text.table_placeholder",
                Some(Location::Text { line: l.no, column: 1, len: 7 }),
                Message::new(
                    "表格在这份文字中只剩“[TABLE]”占位符：转换工具（pandoc 输出纯文本时）写不出单元格内有多个段落的表格，数值已丢失；请读取原 Word 文件，或改用 LibreOffice 的文本导出（soffice --convert-to txt）、pandoc -t html",
                    "a table is only a [TABLE] placeholder in this text: the tool (pandoc writing plain text) cannot write a table whose cells hold several paragraphs, so its numbers are lost; read the Word file itself, or use LibreOffice's text export (soffice --convert-to txt) or pandoc -t html",
                ),
            ));
        }
        if html_at.is_none() && t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("<table")) {
            html_at = Some(l.no);
        }
    }
    let line = html_at?;
    Some(Diagnostic::error(
        "text.html_tables",
        Some(Location::Text { line, column: 1, len: 6 }),
        Message::new(
            "这份文字中夹在 markdown 里的 HTML 表格（<table>）没有结束标记 </table>，或大得不像年报的表格，无法展开读取；请读取原 Word 文件，或改用 LibreOffice 的文本导出（soffice --convert-to txt）、pandoc -t html",
            "an HTML table inside this markdown (<table>) has no closing </table>, or is too large to be a report's table, so it cannot be laid out and read; read the Word file itself, or use LibreOffice's text export (soffice --convert-to txt) or pandoc -t html",
        ),
    ))
}

/// Finds the title among the first lines before any heading:
/// `(first line, last line, text)` (see [`nianbao_model::title::find_title`]).
fn find_title(lines: &[Line<'_>]) -> Option<(usize, usize, String)> {
    let mut head: Vec<&str> = Vec::with_capacity(16);
    let mut content = 0;
    for l in lines {
        let t = l.text.trim();
        if !t.is_empty() {
            if is_heading(t).is_some() {
                break;
            }
            content += 1;
            if content > 12 {
                break;
            }
        }
        head.push(t);
    }
    nianbao_model::title::find_title(&head)
}

/// The section a line is the heading of, if it is one.
fn is_heading(line: &str) -> Option<usize> {
    // Headings are short and hold no digits (table rows and page numbers do).
    if line.len() > 4 * MAX_HEADING_CHARS
        || line
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || line.chars().count() > MAX_HEADING_CHARS
    {
        return None;
    }
    let mut core = Vec::with_capacity(32);
    core_into(line, &mut core);
    match section_matcher().match_whole(&core) {
        Match::Found { id, .. } => Some(id),
        _ => None,
    }
}

/// The line index of each of the six section headings, where found. A
/// heading counts only after the headings before it, so a table row that
/// resembles a heading further down cannot reorder the report. The second
/// return value is the line of a table heading met again after section 六
/// (two reports in one file).
fn find_headings(lines: &[Line<'_>], from: usize) -> (Vec<Option<usize>>, Option<usize>) {
    let form = FormVersion::V2021.form();
    let mut heads = vec![None; form.sections.len()];
    let mut last: Option<usize> = None;
    let mut repeated = None;
    for (i, l) in lines.iter().enumerate().skip(from) {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(k) = is_heading(t) {
            if last.is_none_or(|p| k > p) {
                heads[k] = Some(i);
                last = Some(k);
            } else if heads[k].is_some()
                // After 六: a second report. (Before it, a repeated caption
                // such as a page header `表三：收到和处理…` is no heading.)
                && last == Some(form.sections.len() - 1)
                && matches!(form.sections[k].content, SectionContent::Table(_))
                && repeated.is_none()
            {
                repeated = Some(i);
            }
        }
    }
    (heads, repeated)
}

/// Which form a report is on: by the column labels of table 二 when they
/// are there (2019: 本年新制作数量…; 2021: 本年制发件数…), else by the year
/// (2019 and 2020: the 2019 form). Reports before 2019 have no official
/// tables and are refused with a message saying so.
fn detect_form(
    text: &str,
    lines: &[Line<'_>],
    heads: &[Option<usize>],
    year: Option<u16>,
) -> Result<FormVersion, Box<Diagnostic>> {
    // Look for the markers in section 二 when it is found, else anywhere.
    let region: std::borrow::Cow<'_, str> = match (heads[1], heads[2]) {
        (Some(a), Some(b)) if a < b => lines[a..b]
            .iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        _ => text.into(),
    };
    let region: String = region.chars().filter(|c| !c.is_whitespace()).collect();
    let has_tables = heads[1].is_some() && heads[2].is_some();
    let older = FORM_OLDER_MARKERS.iter().any(|m| region.contains(m)) && !has_tables;
    if year.is_some_and(|y| y < 2019) || older {
        let y = year.map(|y| format!("{y} 年")).unwrap_or_default();
        let ye = year.map(|y| format!(" on {y}")).unwrap_or_default();
        return Err(Box::new(Diagnostic::error(
            "text.form_older",
            None,
            Message::new(
                format!("这是 2019 年以前格式的{y}报告（政府信息公开情况统计表），没有官方格式的表格，无法读取"),
                format!("this report{ye} predates the 2019 form (it has a 政府信息公开情况统计表, not the official tables); it cannot be read"),
            ),
        )));
    }
    if FormVersion::V2019
        .form()
        .markers
        .iter()
        .any(|m| region.contains(m))
    {
        return Ok(FormVersion::V2019);
    }
    if FormVersion::V2021
        .form()
        .markers
        .iter()
        .any(|m| region.contains(m))
    {
        return Ok(FormVersion::V2021);
    }
    Ok(year
        .and_then(FormVersion::for_year)
        .unwrap_or(FormVersion::V2021))
}
