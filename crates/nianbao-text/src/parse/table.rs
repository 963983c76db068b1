//! Reading a table from its token stream.
//!
//! Rows are found by their labels, never by position: the label fragments
//! met since the last run of values are joined into one core, and the row
//! whose label that core *ends with* (allowing a typo or a cut-off end) owns
//! the values that follow. So a wrapped label, a vertical group label of one
//! character per line, a label cell shifted left or right, or numbers a
//! blank line away all read the same. A run of values must hold exactly as
//! many cells as the row has columns; otherwise the row is refused — the
//! reader never guesses which cell a number belongs to.

use super::lex::{Kind, Token};
use super::Sink;
use nianbao_model::cell::{read_cell, CellText};
use nianbao_model::form::{ColumnDef, RowDef};
use nianbao_model::label::{core_into, Match, Matcher};
use nianbao_model::{CellId, Form, FormVersion, Location, Message, Value};
use std::sync::OnceLock;

/// The row matcher of each table of a form, built once.
fn matcher(form: &'static Form, table_index: usize) -> &'static Matcher {
    fn build(form: &'static Form) -> Vec<Matcher> {
        form.tables
            .iter()
            .map(|t| {
                Matcher::new(t.rows().enumerate().flat_map(|(i, (_, r))| {
                    std::iter::once((i, r.label)).chain(r.aliases.iter().map(move |a| (i, *a)))
                }))
            })
            .collect()
    }
    static V2021: OnceLock<Vec<Matcher>> = OnceLock::new();
    static V2019: OnceLock<Vec<Matcher>> = OnceLock::new();
    let cache = match form.version {
        FormVersion::V2021 => &V2021,
        FormVersion::V2019 => &V2019,
    };
    &cache.get_or_init(|| build(form))[table_index]
}

fn loc(t: &Token<'_>) -> Location {
    Location::Text {
        line: t.line,
        column: t.col,
        len: t.len,
    }
}

/// Reads the rows of `table` (`table_index` in `form`) from `tokens`.
pub(crate) fn read_rows(
    form: &'static Form,
    table_index: usize,
    tokens: &[Token<'_>],
    sink: &mut Sink,
) {
    let table = &form.tables[table_index];
    let rows: Vec<_> = table.rows().collect();
    let first_cell: Vec<CellId> = {
        let mut v = Vec::with_capacity(rows.len());
        let mut next = form
            .cells()
            .iter()
            .position(|c| c.table_index == table_index)
            .unwrap_or(0);
        for (b, _) in &rows {
            v.push(form.cells()[next].id);
            next += b.columns.len();
        }
        v
    };
    let m = matcher(form, table_index);
    let mut seen: Vec<Option<(u32, Vec<Option<nianbao_model::Value>>)>> = vec![None; rows.len()];
    let mut core: Vec<char> = Vec::with_capacity(128);
    let mut label_toks: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind == Kind::Label {
            core_into(tokens[i].text, &mut core);
            label_toks.push(i);
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && tokens[i].kind == Kind::Value {
            i += 1;
        }
        let values = &tokens[start..i];
        let at = label_toks
            .last()
            .map(|&j| loc(&tokens[j]))
            .unwrap_or_else(|| loc(&values[0]));
        match m.match_suffix(&core) {
            Match::Found { id, quality } => {
                let (block, row) = rows[id];
                if !quality.is_exact() {
                    let label_text = describe(tokens, &label_toks);
                    sink.warn(
                        "text.fuzzy_label",
                        Some(at.clone()),
                        Message::new(
                            format!("行标签“{label_text}”按“{}”读取", row.label),
                            format!(
                                "row label \"{label_text}\" read as \"{}\" ({})",
                                row.label, row.key
                            ),
                        ),
                    );
                }
                let want = block.columns.len();
                if values.len() != want {
                    let what = if values.len() < want {
                        ("少", "too few")
                    } else {
                        ("多", "too many")
                    };
                    sink.error(
                        format!("text.row_values:{}", row.key),
                        Some(loc(&values[0])),
                        Message::new(
                            format!("“{}”一行有 {} 个数值，应为 {want} 个（数值{}了；可能有空格拆开或粘连的数字、缺失的单元格）", row.label, values.len(), what.0),
                            format!("row \"{}\" ({}) has {} values, expected {want} ({}; digits split or run together, or a missing cell?)", row.label, row.key, values.len(), what.1),
                        ),
                    );
                } else {
                    let mut vals = Vec::with_capacity(want);
                    let mut ok = true;
                    for (c, t) in block.columns.iter().zip(values) {
                        match read_value(sink, t, row, c) {
                            Ok(v) => vals.push(v),
                            Err(()) => ok = false,
                        }
                    }
                    if ok {
                        record(
                            sink,
                            &mut seen[id],
                            row.key,
                            row.label,
                            &at,
                            vals,
                            first_cell[id],
                            values,
                        );
                    }
                }
            }
            Match::Ambiguous(a, b) => {
                let label_text = describe(tokens, &label_toks);
                sink.error(
                    "text.ambiguous_label",
                    Some(at),
                    Message::new(
                        format!(
                            "行标签“{label_text}”既像“{}”又像“{}”，无法确定",
                            rows[a].1.label, rows[b].1.label
                        ),
                        format!(
                            "row label \"{label_text}\" matches both {} and {}",
                            rows[a].1.key, rows[b].1.key
                        ),
                    ),
                );
            }
            Match::None => {
                let label_text = describe(tokens, &label_toks);
                sink.error(
                    "text.unknown_row",
                    Some(at),
                    Message::new(
                        format!("数值前的标签“{label_text}”不是{}的行", table.heading),
                        format!(
                        "the label before these values, \"{label_text}\", is not a row of table {}",
                        table.key
                    ),
                    ),
                );
            }
        }
        core.clear();
        label_toks.clear();
    }
    // A row whose values the lexer took for words (`1.2万`, `+8264`, `50%`,
    // `82,64`) looks missing: name the word that stands where its first
    // value should, with its line.
    if sink.errors_in_table == 0 {
        for (id, _) in seen.iter().enumerate().filter(|(_, s)| s.is_none()) {
            if let Some(t) = unreadable_value(m, id, tokens) {
                let row = rows[id].1;
                sink.error(
                    format!("text.bad_number:{}", row.key),
                    Some(loc(t)),
                    Message::new(
                        format!("“{}”一行的数值“{}”无法读取（应为整数，如 8264，不带“万”“%”、正负号或错位的逗号）", row.label, t.text),
                        format!("row \"{}\" ({}): the value \"{}\" cannot be read (expected a whole number such as 8264)", row.label, row.key, t.text),
                    ),
                );
            }
        }
    }
    let missing: Vec<&str> = rows
        .iter()
        .zip(&seen)
        .filter(|(_, s)| s.is_none())
        .map(|((_, r), _)| r.label)
        .collect();
    if !missing.is_empty() && sink.errors_in_table == 0 {
        let keys: Vec<&str> = rows
            .iter()
            .zip(&seen)
            .filter(|(_, s)| s.is_none())
            .map(|((_, r), _)| r.key)
            .collect();
        sink.error(
            format!("text.missing_row:{}", table.key),
            None,
            Message::new(
                format!("{}缺少这些行：{}", table.heading, missing.join("、")),
                format!("table {} lacks rows: {}", table.key, keys.join(", ")),
            ),
        );
    }
}

/// The word right after the label of row `id` when it holds a digit: a
/// value the lexer could not read as a number.
fn unreadable_value<'t, 'a>(
    m: &Matcher,
    id: usize,
    tokens: &'t [Token<'a>],
) -> Option<&'t Token<'a>> {
    let mut core = Vec::new();
    tokens.windows(2).find_map(|w| {
        if w[0].kind != Kind::Label || w[1].kind != Kind::Label || w[0].line != w[1].line {
            return None;
        }
        if !w[1].text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            return None;
        }
        core.clear();
        core_into(w[0].text, &mut core);
        matches!(m.match_suffix(&core), Match::Found { id: found, quality } if found == id && quality.is_exact())
            .then_some(&w[1])
    })
}

#[allow(clippy::too_many_arguments)]
fn record(
    sink: &mut Sink,
    slot: &mut Option<(u32, Vec<Option<nianbao_model::Value>>)>,
    key: &str,
    label: &str,
    at: &Location,
    vals: Vec<Option<nianbao_model::Value>>,
    first: CellId,
    toks: &[Token<'_>],
) {
    let line = match at {
        Location::Text { line, .. } => *line,
        Location::Cell { .. } => 0,
    };
    if let Some((prev_line, prev)) = slot {
        if *prev == vals {
            sink.warn(
                format!("text.duplicate_row:{key}"),
                Some(at.clone()),
                Message::new(
                    format!("“{label}”一行重复出现（与第 {prev_line} 行相同）"),
                    format!("row {key} appears twice (same values as line {prev_line})"),
                ),
            );
        } else {
            sink.error(
                format!("text.duplicate_row:{key}"),
                Some(at.clone()),
                Message::new(
                    format!("“{label}”一行出现两次且数值不同（另见第 {prev_line} 行）"),
                    format!(
                        "row {key} appears twice with different values (see also line {prev_line})"
                    ),
                ),
            );
        }
        return;
    }
    for (k, (v, t)) in vals.iter().zip(toks).enumerate() {
        let id = CellId(first.0 + k as u16); // a row's cells are contiguous
        sink.report.set(id, *v);
        sink.source_map.set(id, loc(t));
    }
    *slot = Some((line, vals));
}

/// The label text for messages: the last few fragments, as written.
fn describe(tokens: &[Token<'_>], label_toks: &[usize]) -> String {
    let mut parts: Vec<&str> = label_toks
        .iter()
        .rev()
        .take(4)
        .map(|&j| tokens[j].text)
        .collect();
    parts.reverse();
    let s = parts.join(" ");
    let n = s.chars().count();
    if n > 40 {
        format!("…{}", s.chars().skip(n - 40).collect::<String>())
    } else {
        s
    }
}

/// Reads one value cell of `row` and `column`: a value or a blank, with a
/// warning for a note beside the number; `Err` after reporting a cell that
/// is no number of this column.
fn read_value(
    sink: &mut Sink,
    t: &Token<'_>,
    row: &RowDef,
    column: &ColumnDef,
) -> Result<Option<Value>, ()> {
    let why = match read_cell(t.text, column.kind) {
        CellText::Number(v, note) => {
            if let Some(n) = note.or(t.note.map(str::to_string)) {
                sink.warn(
                    "text.note_in_cell",
                    Some(loc(t)),
                    Message::new(
                        format!("数值单元格中的说明“{n}”未计入"),
                        format!("note \"{n}\" in a number cell was set aside"),
                    ),
                );
            }
            return Ok(Some(v));
        }
        CellText::Blank => return Ok(None),
        CellText::Bad(e) => (e.zh().to_string(), e.to_string()),
        CellText::Text => ("不是数值".to_string(), "not a number".to_string()),
    };
    sink.error(
        format!("text.bad_number:{}", row.key),
        Some(loc(t)),
        Message::new(
            format!(
                "“{}”一行“{}”列：{}（{}）",
                row.label, column.label, why.0, t.text
            ),
            format!(
                "row \"{}\" ({}), column {}: {} ({})",
                row.label, row.key, column.key, why.1, t.text
            ),
        ),
    );
    Err(())
}

/// Reads table 四: one data row of 15 values under a header, in the official
/// order (行政复议; 行政诉讼 未经复议直接起诉; 复议后起诉; each 结果维持,
/// 结果纠正, 其他结果, 尚未审结, 总计).
pub(crate) fn read_flat(
    form: &'static Form,
    table_index: usize,
    tokens: &[Token<'_>],
    sink: &mut Sink,
) {
    let table = &form.tables[table_index];
    let cells: Vec<CellId> = form
        .cells()
        .iter()
        .filter(|c| c.table_index == table_index)
        .map(|c| c.id)
        .collect();
    let values: Vec<&Token<'_>> = tokens.iter().filter(|t| t.kind == Kind::Value).collect();
    let mut header: Vec<char> = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == Kind::Label) {
        core_into(t.text, &mut header);
    }
    let header: String = header.into_iter().collect();
    if let (Some(a), Some(b)) = (header.find("未经复议"), header.find("复议后起诉")) {
        if b < a {
            sink.error(
                format!("text.column_order:{}", table.key),
                None,
                Message::new(
                    format!(
                        "{}的列顺序与官方格式不同（复议后起诉在未经复议直接起诉之前）",
                        table.heading
                    ),
                    format!("table {}: columns are not in the official order", table.key),
                ),
            );
            return;
        }
    }
    if values.is_empty() {
        sink.error(
            format!("text.missing_values:{}", table.key),
            None,
            Message::new(
                format!("{}没有数值", table.heading),
                format!("table {} has no values", table.key),
            ),
        );
        return;
    }
    if values.len() != cells.len() {
        sink.error(
            format!("text.row_values:{}", table.key),
            Some(loc(values[0])),
            Message::new(
                format!(
                    "{}有 {} 个数值，应为 {} 个",
                    table.heading,
                    values.len(),
                    cells.len()
                ),
                format!(
                    "table {} has {} values, expected {}",
                    table.key,
                    values.len(),
                    cells.len()
                ),
            ),
        );
        return;
    }
    for (&id, t) in cells.iter().zip(values) {
        let def = form.def(id);
        if let Ok(v) = read_value(sink, t, def.row, def.column) {
            sink.report.set(id, v);
            sink.source_map.set(id, loc(t));
        }
    }
}
