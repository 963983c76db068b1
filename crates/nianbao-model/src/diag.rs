//! Diagnostics are values: a severity, a rule id, a location in the source
//! and a message in Chinese and English. Libraries collect them; only the CLI
//! renders them.

use crate::form::CellId;
use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report is readable but something needs a look.
    Warning,
    /// A rule is broken or the input cannot be read as it stands.
    Error,
}

/// The language of messages to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default: the language of every user of these reports).
    #[default]
    Zh,
    /// English.
    En,
}

/// Where in the source a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Location {
    /// A place in a text: 1-based line, 1-based column counted in characters.
    Text {
        /// Line number, from 1.
        line: u32,
        /// Column in characters, from 1.
        column: u32,
        /// Length of the span in characters (at least 1).
        #[serde(skip)]
        len: u32,
    },
    /// A cell of a workbook: `sheet` and an A1 reference.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The cell, `D7`.
        cell: String,
    },
}

impl Location {
    /// A text location of one character.
    pub fn text(line: u32, column: u32) -> Location {
        Location::Text {
            line,
            column,
            len: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { line, column, .. } => write!(f, "{line}:{column}"),
            Location::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Message {
    /// Both texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One finding about a report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Rule id, with what it applies to after a colon:
    /// `applications.balance:natural`, `text.row_values:new`.
    pub rule: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// What, in both languages.
    pub message: Message,
    /// The report cell the finding is about, when there is one (for a sum
    /// rule: the total that disagrees with its parts).
    pub cell: Option<CellId>,
}

impl Diagnostic {
    /// An error.
    pub fn error(rule: impl Into<String>, location: Option<Location>, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule: rule.into(),
            location,
            message,
            cell: None,
        }
    }

    /// A warning.
    pub fn warning(rule: impl Into<String>, location: Option<Location>, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            rule: rule.into(),
            location,
            message,
            cell: None,
        }
    }

    /// The same finding, about `cell`.
    pub fn with_cell(mut self, cell: CellId) -> Self {
        self.cell = Some(cell);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The JSON object of the command-line contract, message in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "rule": self.rule,
            "location": self.location,
            "message": self.message.get(lang),
        })
    }
}

/// The rule ids ([`crate::rule_ids`], the registry), by their old path.
pub use crate::rule_ids as rules;
