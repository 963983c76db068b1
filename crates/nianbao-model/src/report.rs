//! The report: title, organ, year, the prose of sections 一, 五, 六 and every
//! number of the form, with its JSON shape (FORM.md).

use crate::diag::Location;
use crate::form::{CellId, Form, FormVersion, ProseSection, ValueKind};
use crate::value::{Decimal, Value};
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// One annual report.
///
/// Numbers are stored per [`CellId`] of the report's form; a blank cell is
/// `None`, never 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Which edition of the form.
    pub form: FormVersion,
    /// The title line, verbatim.
    pub title: String,
    /// The reporting organ (`洛阳市公安局西工分局`); `""` when unknown,
    /// written `null` in JSON.
    pub organ: String,
    /// The year reported on.
    pub year: Option<u16>,
    /// The prose of sections 一, 五 and 六.
    pub sections: Sections,
    values: Vec<Option<Value>>,
}

/// The prose sections. Each is its paragraphs joined by `\n`, every
/// paragraph trimmed and non-empty (see [`normalize_prose`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// 一、总体情况
    #[serde(default)]
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    #[serde(default)]
    pub problems: String,
    /// 六、其他需要报告的事项
    #[serde(default)]
    pub other: String,
}

/// Most lines of prose (paragraphs, over the three sections) a report may
/// have for nianbao to write it: every reader takes what the writers then
/// produce (the workbook reader's rows are derived from it; the canonical
/// text spends two lines a paragraph and about 70 on the tables, inside
/// the text reader's 20,000), so that anything nianbao writes it reads
/// back. Real reports have tens to a few hundred paragraphs.
pub const MAX_PROSE_LINES: usize = 9_000;

impl Sections {
    /// Lines of prose over the three sections (a paragraph is a line).
    pub fn lines(&self) -> usize {
        [&self.overview, &self.problems, &self.other]
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| t.split('\n').count())
            .sum()
    }

    /// The text of one prose section.
    pub fn get(&self, s: ProseSection) -> &str {
        match s {
            ProseSection::Overview => &self.overview,
            ProseSection::Problems => &self.problems,
            ProseSection::Other => &self.other,
        }
    }

    /// The text of one prose section, to change.
    pub fn get_mut(&mut self, s: ProseSection) -> &mut String {
        match s {
            ProseSection::Overview => &mut self.overview,
            ProseSection::Problems => &mut self.problems,
            ProseSection::Other => &mut self.other,
        }
    }
}

/// Whether `c` is white space around a paragraph (including U+3000).
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Canonical prose: lines split at `\n`, `\r\n` or `\r`, each trimmed of
/// white space (including the ideographic space used to indent paragraphs),
/// blank lines dropped, joined by `\n`. The words themselves are untouched.
pub fn normalize_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split(['\n', '\r']) {
        let line = line.trim_matches(is_blank_char);
        if !line.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

impl Report {
    /// A report of `form` with every number blank and no text.
    pub fn empty(form: FormVersion) -> Report {
        Report {
            form,
            title: String::new(),
            organ: String::new(),
            year: None,
            sections: Sections::default(),
            values: vec![None; form.form().cell_count()],
        }
    }

    /// The form's definition.
    pub fn form_def(&self) -> &'static Form {
        self.form.form()
    }

    /// The value of a cell.
    pub fn get(&self, id: CellId) -> Option<Value> {
        self.values[id.index()]
    }

    /// Sets the value of a cell.
    ///
    /// # Panics
    /// When the value's kind is not the cell's (a count in the fee cell).
    pub fn set(&mut self, id: CellId, value: Option<Value>) {
        let kind = self.form_def().def(id).column.kind;
        match (kind, value) {
            (_, None)
            | (ValueKind::Count, Some(Value::Count(_)))
            | (ValueKind::Signed, Some(Value::Signed(_)))
            | (ValueKind::Amount | ValueKind::Yuan, Some(Value::Amount(_))) => {}
            _ => panic!(
                "value of the wrong kind for {}",
                self.form_def().def(id).path()
            ),
        }
        self.values[id.index()] = value;
    }

    /// The count at `table.row.column` (None when blank or no such cell).
    pub fn count(&self, table: &str, row: &str, column: &str) -> Option<u64> {
        self.form_def()
            .cell(table, row, column)
            .and_then(|id| self.get(id)?.as_count())
    }

    /// All values in [`Form::cells`] order.
    pub fn values(&self) -> &[Option<Value>] {
        &self.values
    }
}

/// Where each number of a report came from in its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    cells: Vec<Option<Location>>,
    /// Where the title was.
    pub title: Option<Location>,
}

impl SourceMap {
    /// An empty map for `form`.
    pub fn new(form: FormVersion) -> SourceMap {
        SourceMap {
            cells: vec![None; form.form().cell_count()],
            title: None,
        }
    }

    /// Where the cell's value was read.
    pub fn get(&self, id: CellId) -> Option<&Location> {
        self.cells.get(id.index()).and_then(|l| l.as_ref())
    }

    /// Records where the cell's value was read.
    pub fn set(&mut self, id: CellId, loc: Location) {
        if let Some(slot) = self.cells.get_mut(id.index()) {
            *slot = Some(loc);
        }
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let form = self.form_def();
        let mut m = s.serialize_map(None)?;
        if self.form != FormVersion::V2021 {
            m.serialize_entry("form", form_name(self.form))?;
        }
        m.serialize_entry("title", &self.title)?;
        // No organ found is `null`, never `""` (FORM.md).
        m.serialize_entry("organ", &Some(&self.organ).filter(|o| !o.is_empty()))?;
        m.serialize_entry("year", &self.year)?;
        m.serialize_entry("sections", &self.sections)?;
        for (ti, table) in form.tables.iter().enumerate() {
            m.serialize_entry(
                table.key,
                &TableSer {
                    report: self,
                    table: ti,
                },
            )?;
        }
        m.end()
    }
}

fn form_name(v: FormVersion) -> &'static str {
    v.name()
}

struct TableSer<'a> {
    report: &'a Report,
    table: usize,
}

impl Serialize for TableSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cells = self.report.form_def().cells();
        let mut m = s.serialize_map(None)?;
        let mut i = 0;
        let mine: Vec<_> = cells
            .iter()
            .filter(|c| c.table_index == self.table)
            .collect();
        while i < mine.len() {
            let n = mine[i].block.columns.len();
            m.serialize_entry(
                mine[i].row.key,
                &RowSer {
                    report: self.report,
                    cells: &mine[i..i + n],
                },
            )?;
            i += n;
        }
        m.end()
    }
}

struct RowSer<'a> {
    report: &'a Report,
    cells: &'a [&'static crate::form::CellDef],
}

impl Serialize for RowSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.cells.len()))?;
        for c in self.cells {
            match self.report.get(c.id) {
                None => m.serialize_entry(c.column.key, &())?,
                Some(Value::Count(n)) => m.serialize_entry(c.column.key, &n)?,
                Some(Value::Signed(n)) => m.serialize_entry(c.column.key, &n)?,
                Some(Value::Amount(d)) => {
                    // A JSON number with exactly the digits of the source.
                    let raw =
                        RawValue::from_string(d.to_string()).map_err(serde::ser::Error::custom)?;
                    m.serialize_entry(c.column.key, &raw)?
                }
            }
        }
        m.end()
    }
}

type WireTable = BTreeMap<String, BTreeMap<String, Option<Box<RawValue>>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    #[serde(default)]
    form: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    organ: Option<String>,
    #[serde(default)]
    year: Option<u16>,
    #[serde(default)]
    sections: Sections,
    active: Option<WireTable>,
    applications: Option<WireTable>,
    reviews: Option<WireTable>,
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        let wire = Wire::deserialize(d)?;
        let version = match wire.form.as_deref() {
            None | Some("2021") => FormVersion::V2021,
            Some("2019") => FormVersion::V2019,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "unknown form \"{other}\" (expected \"2021\" or \"2019\")"
                )))
            }
        };
        let mut r = Report::empty(version);
        r.title = wire.title;
        r.organ = wire.organ.unwrap_or_default();
        r.year = wire.year;
        r.sections = wire.sections;
        let form = version.form();
        let mut tables = [
            ("active", wire.active),
            ("applications", wire.applications),
            ("reviews", wire.reviews),
        ];
        for (key, data) in tables.iter_mut() {
            let Some((ti, tdef)) = form.table(key) else {
                if data.is_some() {
                    return Err(D::Error::custom(format!(
                        "table \"{key}\" is not part of this form"
                    )));
                }
                continue;
            };
            let Some(data) = data.as_mut() else {
                return Err(D::Error::custom(format!("missing table \"{key}\"")));
            };
            for (_, row) in tdef.rows() {
                let Some(mut cols) = data.remove(row.key) else {
                    return Err(D::Error::custom(format!(
                        "missing row \"{key}.{}\"",
                        row.key
                    )));
                };
                for c in form
                    .cells()
                    .iter()
                    .filter(|c| c.table_index == ti && c.row.key == row.key)
                {
                    let path = c.path();
                    let Some(raw) = cols.remove(c.column.key) else {
                        return Err(D::Error::custom(format!(
                            "missing cell \"{path}\" (write null for a blank)"
                        )));
                    };
                    let v = match raw {
                        None => None,
                        Some(raw) => Some(
                            parse_json_value(raw.get(), c.column.kind)
                                .map_err(|e| D::Error::custom(format!("\"{path}\": {e}")))?,
                        ),
                    };
                    r.values[c.id.index()] = v;
                }
                if let Some(k) = cols.keys().next() {
                    return Err(D::Error::custom(format!(
                        "unknown column \"{k}\" in \"{key}.{}\"",
                        row.key
                    )));
                }
            }
            if let Some(k) = data.keys().next() {
                return Err(D::Error::custom(format!(
                    "unknown row \"{k}\" in \"{key}\""
                )));
            }
        }
        Ok(r)
    }
}

fn parse_json_value(text: &str, kind: ValueKind) -> Result<Value, String> {
    let text = text.trim();
    let unquoted = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
    match kind {
        ValueKind::Count => {
            if unquoted.is_some() {
                return Err("a count must be a JSON number, not a string".into());
            }
            if text.starts_with('-') {
                return Err(format!("a count cannot be negative: {text}"));
            }
            text.parse::<u64>().map(Value::Count).map_err(|_| {
                if text.bytes().all(|b| b.is_ascii_digit()) {
                    format!("the number {text} is too large")
                } else {
                    format!("a count must be a whole number: {text}")
                }
            })
        }
        ValueKind::Signed => {
            if unquoted.is_some() {
                return Err("a count must be a JSON number, not a string".into());
            }
            text.parse::<i64>()
                .map(Value::Signed)
                .map_err(|_| format!("a whole number is expected: {text}"))
        }
        ValueKind::Amount | ValueKind::Yuan => unquoted
            .unwrap_or(text)
            .parse::<Decimal>()
            .map(Value::Amount)
            .map_err(|e| format!("{e}: {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_blanks_and_fee_digits() {
        let mut r = Report::empty(FormVersion::V2021);
        r.title = "X 2023 年政府信息公开工作年度报告".into();
        r.organ = "X".into();
        r.year = Some(2023);
        let f = r.form_def();
        r.set(
            f.cell("active", "fee", "amount").unwrap(),
            Some(Value::Amount("4166.241619".parse().unwrap())),
        );
        r.set(
            f.cell("applications", "new", "natural").unwrap(),
            Some(Value::Count(2)),
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"amount\":4166.241619"), "{json}");
        assert!(json.contains("\"natural\":2"), "{json}");
        assert!(json.contains("\"commercial\":null"), "{json}");
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn json_errors_name_the_key() {
        let r = Report::empty(FormVersion::V2021);
        let json = serde_json::to_string(&r).unwrap();
        let bad = json.replacen("\"natural\":null", "\"natural\":1.5", 1);
        let e = serde_json::from_str::<Report>(&bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("applications.new.natural"), "{e}");
        let bad = json.replacen("\"natural\":null", "\"natural\":-1", 1);
        assert!(serde_json::from_str::<Report>(&bad).is_err());
        let bad = json.replacen("\"natural\":null", "\"natrual\":null", 1);
        assert!(serde_json::from_str::<Report>(&bad).is_err());
    }

    #[test]
    fn prose_is_normalized_to_trimmed_paragraphs() {
        assert_eq!(
            normalize_prose("\r\n　　第一段。 \r\n\r\n第二段\r"),
            "第一段。\n第二段"
        );
    }
}
