//! The command line's shape (clap derive). Help texts come from
//! [`crate::help`].

use crate::help;
use crate::lang::LangArg;
use clap::{Args, Parser, Subcommand, ValueEnum};
use nianbao::Format;
use std::path::PathBuf;

/// `nianbao`.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about = help::ABOUT, after_help = help::AFTER_HELP)]
pub struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, help = help::LANG)]
    pub lang: Option<LangArg>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// `nianbao convert`.
    #[command(about = help::CONVERT, after_help = help::CONVERT_AFTER)]
    Convert(ConvertArgs),
    /// `nianbao check`.
    #[command(about = help::CHECK, after_help = help::CHECK_AFTER)]
    Check(CheckArgs),
    /// `nianbao template`.
    #[command(about = help::TEMPLATE, after_help = help::TEMPLATE_AFTER)]
    Template(TemplateArgs),
    /// `nianbao completions`.
    #[command(about = help::COMPLETIONS, after_help = help::COMPLETIONS_AFTER)]
    Completions(CompletionsArgs),
    /// `nianbao batch`.
    #[command(about = help::BATCH, after_help = help::BATCH_AFTER)]
    Batch(BatchArgs),
    /// `nianbao sum`.
    #[command(about = help::SUM, after_help = help::SUM_AFTER)]
    Sum(SumArgs),
    /// `nianbao review`.
    #[command(about = help::REVIEW, after_help = help::REVIEW_AFTER)]
    Review(ReviewArgs),
    /// `nianbao diff`.
    #[command(about = help::DIFF, after_help = help::DIFF_AFTER)]
    Diff(DiffArgs),
}

/// `nianbao review INPUTS… -o PAGE`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Files and folders.
    #[arg(value_name = "INPUT", required = true, help = help::BATCH_INPUTS)]
    pub inputs: Vec<PathBuf>,
    /// The review page (.html) or workbook (.xlsx).
    #[arg(short, long, value_name = "OUTPUT", help = help::REVIEW_OUTPUT)]
    pub output: PathBuf,
    /// No progress bar, no per-file lines.
    #[arg(short, long, help = help::QUIET)]
    pub quiet: bool,
}

/// `nianbao diff A B`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report.
    #[arg(value_name = "A", help = help::DIFF_A)]
    pub a: PathBuf,
    /// The later report.
    #[arg(value_name = "B", help = help::DIFF_B)]
    pub b: PathBuf,
    /// Also write the comparison as a page (.html).
    #[arg(short, long, value_name = "OUTPUT", help = help::DIFF_OUTPUT)]
    pub output: Option<PathBuf>,
}

/// `nianbao batch INPUTS… -o DATASET`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Files and folders.
    #[arg(value_name = "INPUT", required = true, help = help::BATCH_INPUTS)]
    pub inputs: Vec<PathBuf>,
    /// The dataset.
    #[arg(short, long, value_name = "OUTPUT", help = help::BATCH_OUTPUT)]
    pub output: PathBuf,
    /// The long table instead of the wide one (.csv only).
    #[arg(long, help = help::BATCH_LONG)]
    pub long: bool,
    /// No progress bar, no per-file lines.
    #[arg(short, long, help = help::QUIET)]
    pub quiet: bool,
}

/// `nianbao sum INPUTS… -o OUTPUT`.
#[derive(Debug, Args)]
pub struct SumArgs {
    /// Files and folders.
    #[arg(value_name = "INPUT", required = true, help = help::BATCH_INPUTS)]
    pub inputs: Vec<PathBuf>,
    /// The consolidated report.
    #[arg(short, long, value_name = "OUTPUT", help = help::SUM_OUTPUT)]
    pub output: PathBuf,
    /// The organ of the sum.
    #[arg(long, required = true, help = help::SUM_ORGAN)]
    pub organ: String,
    /// Allow reports of different years.
    #[arg(long, help = help::SUM_MIXED)]
    pub allow_mixed_years: bool,
    /// Sum reports that repeat another (the same file, bytes or numbers).
    #[arg(long, help = help::SUM_DUPLICATES)]
    pub allow_duplicates: bool,
    /// No progress bar, no per-file lines.
    #[arg(short, long, help = help::QUIET)]
    pub quiet: bool,
}

/// `nianbao convert INPUT -o OUTPUT`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The input path, or `-`.
    #[arg(value_name = "INPUT", help = help::CONVERT_INPUT)]
    pub input: PathBuf,
    /// The output path, or `-`.
    #[arg(short, long, value_name = "OUTPUT", help = help::CONVERT_OUTPUT)]
    pub output: PathBuf,
    /// The input's format.
    #[arg(long, value_enum, help = help::FROM)]
    pub from: Option<Format>,
    /// The output's format: only those nianbao writes are offered.
    #[arg(long, value_parser = writable_parser(), help = help::TO)]
    pub to: Option<Format>,
}

/// The formats nianbao writes, found by asking the writer
/// ([`nianbao::write`]) for an empty report in each: a format whose
/// writer is added shows up in `--to` without another list to keep.
pub fn writable_formats() -> &'static [Format] {
    static WRITABLE: std::sync::OnceLock<Vec<Format>> = std::sync::OnceLock::new();
    WRITABLE.get_or_init(|| {
        let empty = nianbao_model::Report::empty(nianbao_model::FormVersion::V2021);
        Format::value_variants()
            .iter()
            .copied()
            .filter(|f| nianbao::write(&empty, &[], *f).is_ok())
            .collect()
    })
}

fn writable_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    let names = writable_formats()
        .iter()
        .filter_map(|f| f.to_possible_value());
    PossibleValuesParser::new(names)
        .map(|s| Format::from_str(&s, true).expect("a possible value is a format"))
}

/// `nianbao check INPUT…`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The inputs.
    #[arg(value_name = "INPUT", required = true, help = help::CHECK_INPUTS)]
    pub inputs: Vec<PathBuf>,
    /// The inputs' format.
    #[arg(long, value_enum, help = help::FROM)]
    pub from: Option<Format>,
    /// How to print.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human, help = help::CHECK_FORMAT)]
    pub format: CheckFormat,
}

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Annotated source lines, for people.
    Human,
    /// One JSON object per input per line, for programs.
    Json,
}

/// `nianbao template -o OUTPUT`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The output path.
    #[arg(short, long, value_name = "OUTPUT", help = help::TEMPLATE_OUTPUT)]
    pub output: PathBuf,
    /// The organ.
    #[arg(long, help = help::TEMPLATE_ORGAN)]
    pub organ: Option<String>,
    /// The year.
    #[arg(long, help = help::TEMPLATE_YEAR)]
    pub year: Option<u16>,
}

/// `nianbao completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, help = help::COMPLETIONS_SHELL)]
    pub shell: clap_complete::Shell,
}
