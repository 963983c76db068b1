//! Every help text of the command line, in Chinese and English.
//!
//! The constants are the English texts that `cli.rs` names in its clap
//! attributes; [`zh`] gives the Chinese of each. [`parse`] decides the
//! language before clap reads the arguments (`--lang` anywhere on the line,
//! else the locale, else Chinese) and, for Chinese, rewrites every about,
//! after-help, argument help and heading of the command tree with
//! [`localize`], clap's own `--help`/`--version`/`help` included. A test
//! makes sure no English text is left without its Chinese.

/// One line under the program name.
pub const ABOUT: &str =
    "Read, check and convert annual reports on government information disclosure (政府信息公开工作年度报告)";

/// Shown after `nianbao --help`.
pub const AFTER_HELP: &str = "\
Examples:
  nianbao convert report.txt -o report.json     read a report's text, write JSON
  nianbao convert report.txt -o report.xlsx     write the official spreadsheet form
  nianbao check report.txt other.xlsx           check the consistency rules (勾稽关系)
  cat report.txt | nianbao convert - --from txt -o - --to json

Exit status: 0 no errors; 1 consistency errors found; 2 an input could not be
read or parsed, or an output could not be written.

Messages are in Chinese unless --lang en is given or LC_ALL, LC_MESSAGES or
LANG starts with \"en\".";

/// `--lang`.
pub const LANG: &str = "Language of messages: zh (default) or en";

/// `convert`.
pub const CONVERT: &str =
    "Convert a report between text, JSON, CSV, the official XLSX form, Word and HTML";

/// Shown after `nianbao convert --help`.
pub const CONVERT_AFTER: &str = "\
Formats follow the file extensions: .txt/.text/.md (report text), .json,
.csv (long CSV: section,row,col,value), .xlsx (the official form; .xls and
.ods are read too), .docx (read any Word file; written as the official Word
document: title, sections, the three tables with their merged cells) and
.html/.htm (read a saved page; written as one clean page for a website).
`-` reads standard input or writes standard output; then --from or --to
names the format.

The output is written to a temporary file beside it and renamed into place,
so an existing file is replaced only when everything succeeded. Reports that
break a consistency rule are still converted (the XLSX form marks the cells);
the exit status is then 1.

Examples:
  nianbao convert 年报.txt -o 年报.json
  nianbao convert 年报.txt -o 年报.xlsx
  nianbao convert 年报.xlsx -o 年报.docx
  nianbao convert 年报.xlsx -o 年报.html
  nianbao convert 年报.xlsx -o - --to json
  nianbao convert - --from txt -o 年报.csv < 年报.txt";

/// `convert INPUT`.
pub const CONVERT_INPUT: &str = "The report to read (`-` for standard input)";

/// `convert -o`.
pub const CONVERT_OUTPUT: &str = "Where to write (`-` for standard output)";

/// `--from`.
pub const FROM: &str = "Format of the input (default: from its extension)";

/// `--to`.
pub const TO: &str = "Format of the output (default: from its extension)";

/// `check`.
pub const CHECK: &str = "Check reports against the consistency rules of the form";

/// Shown after `nianbao check --help`.
pub const CHECK_AFTER: &str = "\
Each input is read like `nianbao convert` reads it, then the consistency
rules (勾稽关系) of the form are checked. Findings point at the line and
column of the text, or the sheet and cell of a workbook.

With --format json, one JSON object is printed per input, one per line:
  {\"source\": \"年报.txt\", \"diagnostics\": [{\"severity\": \"error\",
   \"rule\": \"applications.balance:natural\", \"location\": {\"line\": 40,
   \"column\": 21}, \"message\": \"…\"}]}

Exit status: 0 no errors (warnings allowed); 1 consistency errors; 2 an input
could not be read or parsed (2 wins over 1).

Examples:
  nianbao check 年报.txt
  nianbao check --lang en reports/*.txt
  nianbao check --format json 年报.xlsx";

/// `check INPUT…`.
pub const CHECK_INPUTS: &str = "The reports to check (`-` for standard input, with --from)";

/// `check --format`.
pub const CHECK_FORMAT: &str =
    "How to print findings: human (default) or json (one object per input per line)";

/// `template`.
pub const TEMPLATE: &str = "Write an empty official XLSX form to fill in";

/// Shown after `nianbao template --help`.
pub const TEMPLATE_AFTER: &str = "\
Examples:
  nianbao template -o 年报模板.xlsx
  nianbao template -o 年报模板.xlsx --organ 某某市某某局 --year 2024";

/// `template -o`.
pub const TEMPLATE_OUTPUT: &str = "Where to write the form";

/// `template --organ`.
pub const TEMPLATE_ORGAN: &str = "The reporting organ, written into the title";

/// `template --year`.
pub const TEMPLATE_YEAR: &str = "The year reported on, written into the title";

/// `completions`.
pub const COMPLETIONS: &str = "Print a shell completion script";

/// Shown after `nianbao completions --help`.
pub const COMPLETIONS_AFTER: &str = "\
Examples:
  nianbao completions bash > ~/.local/share/bash-completion/completions/nianbao
  nianbao completions zsh > ~/.zfunc/_nianbao
  nianbao completions fish > ~/.config/fish/completions/nianbao.fish";

/// `completions SHELL`.
pub const COMPLETIONS_SHELL: &str = "The shell";

/// `batch`.
pub const BATCH: &str =
    "Read many reports (files and folders) into one dataset: CSV, XLSX, Parquet or JSONL";

/// Shown after `nianbao batch --help`.
pub const BATCH_AFTER: &str = "\
INPUTS are files and folders; folders are searched recursively for files
nianbao reads (.txt/.text/.md, .json, .csv, .xlsx/.xls/.ods; hidden files
skipped). A file named explicitly is read whatever its extension (its
content tells the format). Inputs are read in parallel and written in path
order.

The output's extension picks the dataset. The wide table has one row per
file: source, organ, year, form, status (ok, errors, duplicate, refused),
errors, warnings, then every number of the form under a stable SQL-safe
name (applications_new_natural), then reason and duplicate_of:
  .csv      the wide table (--long: source,organ,year,form,section,row,col,value)
  .xlsx     the wide table (frozen header, one A4 page wide) and a sheet of
            every diagnostic
  .parquet  the wide table
  .jsonl    one JSON object per report per line (source, status, report,
            diagnostics), then one line per finding across reports

A file that fails never stops the batch. Reports counted twice are marked
(duplicate.*), two different reports of one organ and year are a warning,
and across years of one organ the carry-over (applications.carry_chain) and
the documents in force (active.in_force_chain) are compared. The terminal
shows the first few findings and a count by rule; every finding is in the
dataset. Exit status: 0 all read and consistent; 1 some report has
consistency errors; 2 some file could not be read.

Examples:
  nianbao batch 年报/ -o 数据.csv
  nianbao batch 2023/ 2024/ extra.xlsx -o 数据.xlsx --quiet";

/// `batch INPUTS`.
pub const BATCH_INPUTS: &str = "Report files and folders (recursed)";

/// `batch -o`.
pub const BATCH_OUTPUT: &str = "The dataset to write: .csv, .xlsx, .parquet or .jsonl";

/// `batch --long`.
pub const BATCH_LONG: &str = "Write the long table (one row per number) instead of the wide one";

/// `sum --allow-duplicates`.
pub const SUM_DUPLICATES: &str =
    "Sum reports that repeat another (the same file, the same bytes or the same numbers)";

/// `review`.
pub const REVIEW: &str = "Review a region's reports: one offline page (.html) or workbook (.xlsx)";

/// Shown after `nianbao review --help`.
pub const REVIEW_AFTER: &str = "\
Reads every report under the inputs (as batch does) and writes one
self-contained page for the office that checks them: per report its errors
and warnings by rule, duplicates, unreadable files and title problems; the
chains across years (carry-over, documents in force); the figures stated in
the prose of section 一 against the tables; indicators per organ with their
definitions and a sortable ranking; charts; and the region's total with the
list of what went into it. The page needs no network.

Examples:
  nianbao review 年报/ -o 审查报告.html
  nianbao review 年报/ -o review.xlsx --lang en";

/// `review -o`.
pub const REVIEW_OUTPUT: &str = "The review to write: .html or .xlsx";

/// `diff`.
pub const DIFF: &str = "Compare two reports cell by cell";

/// Shown after `nianbao diff --help`.
pub const DIFF_AFTER: &str = "\
Prints every number that differs between A and B (usually one organ, two
years), with the change. With -o, also writes the comparison as a page.
Exit status: 0 compared; 2 a report could not be read.

Examples:
  nianbao diff 2023.txt 2024.xlsx
  nianbao diff 2023.txt 2024.txt -o 对比.html";

/// `diff A`.
pub const DIFF_A: &str = "The earlier report";

/// `diff B`.
pub const DIFF_B: &str = "The later report";

/// `diff -o`.
pub const DIFF_OUTPUT: &str = "Also write the comparison as a page (.html)";

/// `--quiet`.
pub const QUIET: &str = "No progress bar and no per-file lines; only the summary";

/// `sum`.
pub const SUM: &str = "Sum many reports into the consolidated report (汇总)";

/// Shown after `nianbao sum --help`.
pub const SUM_AFTER: &str = "\
Every count is summed, and the fee exactly. A blank cell is absent, never
0: the sum is over the reports that fill it, and a warning names the cells
and reports left blank. All reports must be of one year (--allow-mixed-years
sums anyway and leaves the year blank). If any input cannot be read, nothing
is written. Reports counted twice (the same file, the same bytes, or the
same organ, year and numbers) are refused with their list
(--allow-duplicates sums them anyway).

The output's extension picks the format: .xlsx (the official form plus a
sheet listing the reports summed), .docx (the official Word document),
.html (a web page), .txt or .json.

Examples:
  nianbao sum 各部门/ --organ 某某市 -o 汇总.xlsx";

/// `sum --organ`.
pub const SUM_ORGAN: &str = "The organ of the consolidated report (e.g. the city)";

/// `--allow-mixed-years`.
pub const SUM_MIXED: &str = "Sum reports of different years (the sum has no year)";

/// `sum -o`.
pub const SUM_OUTPUT: &str = "The consolidated report to write: .xlsx, .docx, .html, .txt or .json";

/// The Chinese of an English help text of this module (or of clap's own
/// `--help`, `--version` and `help`); `None` for a text not translated.
pub fn zh(en: &str) -> Option<&'static str> {
    Some(match en {
        ABOUT => "读取、检查并转换政府信息公开工作年度报告",
        AFTER_HELP => {
            "\
示例：
  nianbao convert 年报.txt -o 年报.json      读取年报文本，写出 JSON
  nianbao convert 年报.txt -o 年报.xlsx      写出官方表格（XLSX）
  nianbao check 年报.txt 其他.xlsx           核对勾稽关系
  cat 年报.txt | nianbao convert - --from txt -o - --to json

退出状态：0 没有错误；1 发现勾稽关系错误；2 有输入无法读取或解析，或输出无法写入。

提示信息默认为中文；给出 --lang en，或 LC_ALL、LC_MESSAGES、LANG 以 \"en\" 开头时为英文。"
        }
        LANG => "提示信息的语言：zh（默认）或 en",
        CONVERT => "在文本、JSON、CSV、官方 XLSX 表格、Word 与网页之间转换年报",
        CONVERT_AFTER => {
            "\
格式由扩展名决定：.txt/.text/.md（年报文本）、.json、.csv（长表 CSV：
section,row,col,value）、.xlsx（官方表格；也可读 .xls 和 .ods）、.docx
（读取任何 Word 文件；写出官方格式的 Word 文档：标题、各部分、三张表格及其合并
单元格）和 .html/.htm（读取保存的网页；写出可发布到网站的网页）。
`-` 表示标准输入或标准输出，此时用 --from 或 --to 指明格式。

输出先写入旁边的临时文件，全部成功后才改名到位，因此失败时不会破坏已有文件。
违反勾稽关系的年报照样转换（XLSX 表格会标出有问题的单元格），退出状态为 1。

示例：
  nianbao convert 年报.txt -o 年报.json
  nianbao convert 年报.txt -o 年报.xlsx
  nianbao convert 年报.xlsx -o 年报.docx
  nianbao convert 年报.xlsx -o 年报.html
  nianbao convert 年报.xlsx -o - --to json
  nianbao convert - --from txt -o 年报.csv < 年报.txt"
        }
        CONVERT_INPUT => "要读取的年报（`-` 表示标准输入）",
        CONVERT_OUTPUT => "写到哪里（`-` 表示标准输出）",
        FROM => "输入的格式（默认按扩展名判断）",
        TO => "输出的格式（默认按扩展名判断）",
        CHECK => "按表格的勾稽关系核对年报",
        CHECK_AFTER => {
            "\
每个输入都按 `nianbao convert` 的方式读取，然后核对表格的勾稽关系。
问题会指出文本的行号和列号，或工作簿的工作表和单元格。

加 --format json 时，每个输入输出一行 JSON 对象：
  {\"source\": \"年报.txt\", \"diagnostics\": [{\"severity\": \"error\",
   \"rule\": \"applications.balance:natural\", \"location\": {\"line\": 40,
   \"column\": 21}, \"message\": \"…\"}]}

退出状态：0 没有错误（可以有警告）；1 有勾稽关系错误；2 有输入无法读取或解析
（2 优先于 1）。

示例：
  nianbao check 年报.txt
  nianbao check --lang en reports/*.txt
  nianbao check --format json 年报.xlsx"
        }
        CHECK_INPUTS => "要核对的年报（`-` 表示标准输入，须配合 --from）",
        CHECK_FORMAT => "结果的输出方式：human（默认）或 json（每个输入一行 JSON）",
        TEMPLATE => "写出一份空白的官方 XLSX 表格，供填写",
        TEMPLATE_AFTER => {
            "\
示例：
  nianbao template -o 年报模板.xlsx
  nianbao template -o 年报模板.xlsx --organ 某某市某某局 --year 2024"
        }
        TEMPLATE_OUTPUT => "表格写到哪里",
        TEMPLATE_ORGAN => "报告机关，写入标题",
        TEMPLATE_YEAR => "报告年度，写入标题",
        COMPLETIONS => "输出 shell 自动补全脚本",
        COMPLETIONS_AFTER => {
            "\
示例：
  nianbao completions bash > ~/.local/share/bash-completion/completions/nianbao
  nianbao completions zsh > ~/.zfunc/_nianbao
  nianbao completions fish > ~/.config/fish/completions/nianbao.fish"
        }
        COMPLETIONS_SHELL => "shell 的种类",
        BATCH => "把许多年报（文件和文件夹）读成一个数据集：CSV、XLSX、Parquet 或 JSONL",
        BATCH_AFTER => {
            "\
输入可以是文件和文件夹；文件夹会递归查找 nianbao 能读的文件（.txt/.text/.md、
.json、.csv、.xlsx/.xls/.ods；跳过隐藏文件）。明确列出的文件不论扩展名都会读取
（按内容判断格式）。输入并行读取，按路径顺序写出。

输出的扩展名决定数据集的形式。宽表每个文件一行：source、organ、year、form、
status（ok、errors、duplicate、refused）、errors、warnings，然后是表中每个
数字，列名稳定且可直接用于 SQL（如 applications_new_natural），最后是
reason、duplicate_of：
  .csv      宽表（--long：长表 source,organ,year,form,section,row,col,value）
  .xlsx     宽表（冻结表头，打印时一页 A4 宽），另有一张全部问题的工作表
  .parquet  宽表
  .jsonl    每份年报一行 JSON 对象（source、status、report、diagnostics），
            然后每条跨报告的问题一行

某个文件失败不会中断整批。重复计入的年报会被标出（duplicate.*），同一机关同一
年度有两份不同的年报时给出警告；同一机关相邻两年之间比较上年结转
（applications.carry_chain）和现行有效件数（active.in_force_chain）。终端只显示
前几条问题和按规则的计数，全部问题都在数据集中。
退出状态：0 全部读取且一致；1 有年报存在勾稽关系错误；2 有文件无法读取。

示例：
  nianbao batch 年报/ -o 数据.csv
  nianbao batch 2023/ 2024/ extra.xlsx -o 数据.xlsx --quiet"
        }
        BATCH_INPUTS => "年报文件和文件夹（递归查找）",
        BATCH_OUTPUT => "要写出的数据集：.csv、.xlsx、.parquet 或 .jsonl",
        BATCH_LONG => "写出长表（每个数字一行），而不是宽表",
        SUM_DUPLICATES => "照样加总重复的年报（同一文件、内容相同或数字相同）",
        REVIEW => "审查一个地区的年报：写出一个离线网页（.html）或工作簿（.xlsx）",
        REVIEW_AFTER => {
            "\
像 batch 一样读取输入下的每份年报，为审查年报的部门写出一个独立的网页：每份年报
按规则列出错误和警告、重复的年报、无法读取的文件和标题问题；跨年度的衔接（上年
结转、现行有效件数）；第一部分总体情况文字中的数字与表格的核对；各机关的指标
（附定义）和可排序的排名；图表；以及全地区的汇总和所汇总的年报清单。网页无需联网。

示例：
  nianbao review 年报/ -o 审查报告.html
  nianbao review 年报/ -o review.xlsx --lang en"
        }
        REVIEW_OUTPUT => "要写出的审查结果：.html 或 .xlsx",
        DIFF => "逐格比较两份年报",
        DIFF_AFTER => {
            "\
列出 A 与 B（通常是同一机关的两个年度）之间不同的每个数字及其变化。
加 -o 时另写出一个对比网页。
退出状态：0 已比较；2 有年报无法读取。

示例：
  nianbao diff 2023.txt 2024.xlsx
  nianbao diff 2023.txt 2024.txt -o 对比.html"
        }
        DIFF_A => "较早的年报",
        DIFF_B => "较晚的年报",
        DIFF_OUTPUT => "另写出对比网页（.html）",
        QUIET => "不显示进度条和逐个文件的信息，只显示汇总",
        SUM => "把许多年报加总为汇总年报",
        SUM_AFTER => {
            "\
逐项相加所有数字，收费金额精确相加。空白单元格视为缺失，决不当作 0：
只对填写了该单元格的年报求和，并有警告列出留空的单元格和年报。所有年报须为同一
年度（--allow-mixed-years 可以照样加总，汇总的年度留空）。只要有输入无法读取，
就不写出任何结果。重复计入的年报（同一文件、内容相同、或机关年度和数字都相同）
会被拒绝并列出（--allow-duplicates 照样加总）。

输出的扩展名决定格式：.xlsx（官方表格，另附一张所汇总年报的清单）、.docx（官方
格式的 Word 文档）、.html（网页）、.txt 或 .json。

示例：
  nianbao sum 各部门/ --organ 某某市 -o 汇总.xlsx"
        }
        SUM_ORGAN => "汇总年报的机关（例如本市）",
        SUM_MIXED => "允许加总不同年度的年报（汇总没有年度）",
        SUM_OUTPUT => "要写出的汇总年报：.xlsx、.docx、.html、.txt 或 .json",
        // clap's own texts.
        "Print help" => "显示帮助",
        "Print version" => "显示版本",
        "Print help (see more with '--help')" => "显示帮助（--help 显示更多）",
        "Print help (see a summary with '-h')" => "显示帮助（-h 显示摘要）",
        "Print this message or the help of the given subcommand(s)" => {
            "显示本帮助，或给定子命令的帮助"
        }
        "Print help for the subcommand(s)" => "显示子命令的帮助",
        _ => return None,
    })
}

/// The language asked for by a `--lang` on the command line, read before
/// clap parses it (so that the help it prints is already in that language).
pub fn lang_flag(args: &[std::ffi::OsString]) -> Option<crate::lang::LangArg> {
    use crate::lang::LangArg;
    let mut it = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    let mut last = None;
    while let Some(a) = it.next() {
        let v = match a {
            "--" => break,
            "--lang" => it.next().unwrap_or(""),
            _ => match a.strip_prefix("--lang=") {
                Some(v) => v,
                None => continue,
            },
        };
        last = match v {
            "zh" => Some(LangArg::Zh),
            "en" => Some(LangArg::En),
            _ => last,
        };
    }
    last
}

/// The command tree of `nianbao` in `lang`.
pub fn command(lang: nianbao_model::Lang) -> clap::Command {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    match lang {
        nianbao_model::Lang::En => cmd,
        nianbao_model::Lang::Zh => {
            // Build first, so that clap's generated `--help`, `--version`,
            // `help` and the global `--lang` of every subcommand exist.
            cmd.build();
            localize(cmd)
        }
    }
}

/// Rewrites every text of `cmd` and its subcommands into Chinese; a text
/// without a translation stays English (a test keeps that from happening).
pub fn localize(cmd: clap::Command) -> clap::Command {
    let tr = |s: &str| zh(s).map_or_else(|| s.to_owned(), str::to_owned);
    let about = cmd.get_about().map(|s| tr(&s.to_string()));
    let after = cmd.get_after_help().map(|s| tr(&s.to_string()));
    let mut cmd = cmd
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .mut_args(|a| {
            let mut help = a.get_help().map(|h| tr(&h.to_string()));
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let mut a = a.help_heading(heading);
            // clap would list the values with their English doc comments:
            // name them in the help line instead.
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            if let Some(h) = help.as_mut().filter(|_| !values.is_empty()) {
                h.push_str(&format!("（可选：{}）", values.join("、")));
                a = a.hide_possible_values(true).hide_default_value(true);
            }
            if let Some(long) = a.get_long_help().map(|h| tr(&h.to_string())) {
                a = a.long_help(long);
            }
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        })
        .mut_subcommands(localize);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(after) = after {
        cmd = cmd.after_help(after);
    }
    cmd
}

/// Parses the process's arguments with help texts in the language of the
/// command line or the environment.
pub fn parse() -> crate::cli::Cli {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = crate::lang::detect(lang_flag(&args));
    let exit = |e: clap::Error| -> ! {
        match crate::lang::clap_error(&e, lang) {
            Some(text) => {
                eprintln!("{text}");
                std::process::exit(e.exit_code())
            }
            None => e.exit(),
        }
    };
    let matches = command(lang)
        .try_get_matches_from(args)
        .unwrap_or_else(|e| exit(e));
    crate::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text clap shows, in `cmd` and below.
    fn texts(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(cmd.get_about().map(|s| s.to_string()));
        out.extend(cmd.get_after_help().map(|s| s.to_string()));
        for a in cmd.get_arguments() {
            out.extend(a.get_help().map(|s| s.to_string()));
            out.extend(a.get_long_help().map(|s| s.to_string()));
        }
        for sc in cmd.get_subcommands() {
            texts(sc, out);
        }
    }

    #[test]
    fn every_help_text_has_its_chinese() {
        let mut cmd = command(nianbao_model::Lang::En);
        cmd.build();
        let mut all = Vec::new();
        texts(&cmd, &mut all);
        let missing: Vec<&String> = all.iter().filter(|t| zh(t).is_none()).collect();
        assert!(missing.is_empty(), "add these to help::zh: {missing:#?}");
    }

    #[test]
    fn chinese_tree_has_no_english_left() {
        let cmd = command(nianbao_model::Lang::Zh);
        let mut all = Vec::new();
        texts(&cmd, &mut all);
        for t in all {
            assert!(zh(&t).is_none(), "left in English: {t}");
        }
    }

    #[test]
    fn lang_flag_is_found_anywhere() {
        let args = |v: &[&str]| v.iter().map(Into::into).collect::<Vec<_>>();
        use crate::lang::LangArg;
        assert_eq!(
            lang_flag(&args(&["nianbao", "check", "--lang", "en", "--help"])),
            Some(LangArg::En)
        );
        assert_eq!(
            lang_flag(&args(&["nianbao", "--lang=zh", "convert"])),
            Some(LangArg::Zh)
        );
        assert_eq!(lang_flag(&args(&["nianbao", "--", "--lang", "en"])), None);
        assert_eq!(lang_flag(&args(&["nianbao", "convert", "--help"])), None);
    }
}
