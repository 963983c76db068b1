//! Every help text of the command line, in one place so that a later issue
//! can offer them in Chinese and English.

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
pub const CONVERT: &str = "Convert a report between text, JSON, CSV and the official XLSX form";

/// Shown after `nianbao convert --help`.
pub const CONVERT_AFTER: &str = "\
Formats follow the file extensions: .txt/.text/.md (report text), .json,
.csv (long CSV: table,row,column,value), .xlsx (the official form; .xls and
.ods are read too). `-` reads standard input or writes standard output; then
--from or --to names the format.

The output is written to a temporary file beside it and renamed into place,
so an existing file is replaced only when everything succeeded. Reports that
break a consistency rule are still converted (the XLSX form marks the cells);
the exit status is then 1.

Examples:
  nianbao convert 年报.txt -o 年报.json
  nianbao convert 年报.txt -o 年报.xlsx
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
    "Read many reports (files and folders) into one dataset: CSV, XLSX or JSONL";

/// Shown after `nianbao batch --help`.
pub const BATCH_AFTER: &str = "\
INPUTS are files and folders; folders are searched recursively for files
nianbao reads (.txt/.text/.md, .json, .csv, .xlsx/.xls/.ods; hidden files
skipped). A file named explicitly is read whatever its extension (its
content tells the format). Inputs are read in parallel and written in path
order.

The output's extension picks the dataset:
  .csv    long CSV: source,organ,year,table,row,column,value
  .xlsx   one row per report under a two-level header, a sheet of every
          diagnostic and a sheet of the files that could not be read
  .jsonl  one JSON object per report per line (source, report, diagnostics)

A file that fails never stops the batch. Across reports of one organ, year
N's carried-over applications are compared with year N-1's carried-forward
ones (applications.carry_chain, a warning). Exit status: 0 all read and
consistent; 1 some report has consistency errors; 2 some file could not be
read.

Examples:
  nianbao batch 年报/ -o 数据.csv
  nianbao batch 2023/ 2024/ extra.xlsx -o 数据.xlsx --quiet";

/// `batch INPUTS`.
pub const BATCH_INPUTS: &str = "Report files and folders (recursed)";

/// `batch -o`.
pub const BATCH_OUTPUT: &str = "The dataset to write: .csv, .xlsx or .jsonl";

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
is written.

The output's extension picks the format: .xlsx (the official form plus a
sheet listing the reports summed), .txt or .json.

Examples:
  nianbao sum 各部门/ --organ 某某市 -o 汇总.xlsx";

/// `sum --organ`.
pub const SUM_ORGAN: &str = "The organ of the consolidated report (e.g. the city)";

/// `--allow-mixed-years`.
pub const SUM_MIXED: &str = "Sum reports of different years (the sum has no year)";

/// `sum -o`.
pub const SUM_OUTPUT: &str = "The consolidated report to write: .xlsx, .txt or .json";
