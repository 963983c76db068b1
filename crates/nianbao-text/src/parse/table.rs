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

use super::fullwidth::{is_fullwidth_number, reassemble, regroup, Layout};
use super::lex::{completes_cut, cut_number, Kind, Token};
use super::Sink;
use bumpalo::Bump;
use nianbao_model::cell::{read_cell, CellText};
use nianbao_model::form::{BlockDef, ColumnDef, RowDef, TableDef};
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
    let width = table.widest_block();
    let aligner = Aligner::cached(form, table_index);
    // Numbers in full-width digits that the tool broke across lines: in
    // text laid out in columns, their pieces are first put with their
    // rows' values (see `fullwidth`).
    let bump = Bump::new();
    let fullwidth = tokens.iter().any(is_fullwidth_number);
    // Laid out in columns: most values stand two spaces or more from what
    // is before them (flowing text separates words by one).
    let laid_out = fullwidth && {
        let (mut n, mut spaced) = (0, 0);
        for (k, t) in tokens.iter().enumerate() {
            if t.kind == Kind::Value {
                let from = match k.checked_sub(1).map(|p| &tokens[p]) {
                    Some(p) if p.line == t.line => p.col + p.len,
                    _ => 1,
                };
                n += 1;
                spaced += usize::from(t.col >= from + 2);
            }
        }
        2 * spaced >= n
    };
    // By the measure the table's columns line up by: display cells for w3m,
    // characters for pdftotext (whose label lines' display cells are
    // shifted by the labels' wide characters).
    // (Only where there are pieces to read: finding it costs a grid.)
    // Where the rows do not tell (`None`), by both, which must agree.
    let display = if laid_out {
        Grid::of(tokens, width).measure()
    } else {
        None
    };
    let by_places = [Layout::Columns { display }];
    // Whether some row's pieces add up (rows of the widest block, the
    // total where that block's first row has it).
    let widest_total = rows
        .iter()
        .zip(&first_cell)
        .find(|((b, _), _)| b.columns.len() == width)
        .and_then(|(_, &c)| total_at(form, c, width));
    // The ways of reading a row's pieces, in order: by places, then line by
    // line in order only (a page break inside a row).
    const FLOWING: &[Layout] = &[Layout::Flowing, Layout::Lines];
    let in_columns = [Layout::Columns { display }, Layout::Lines];
    let text_layouts: &[Layout] = if laid_out { &in_columns } else { FLOWING };
    // Whether pieces make a row of the widest block add up, for `regroup`:
    // by places alone where there are places.
    let fits_layouts: &[Layout] = if laid_out { &by_places } else { FLOWING };
    let fits = |v: &[Token<'_>]| {
        widest_total.is_some_and(|at| reassemble(v, width, at, fits_layouts, &bump).is_some())
    };
    // Rows whose numbers were joined from pieces, and the first's place.
    let mut fullwidth_joined: Option<(usize, Location)> = None;
    let regrouped: Vec<Token<'_>>;
    let tokens: &[Token<'_>] = match fullwidth
        .then(|| {
            regroup(
                tokens,
                |t| aligner.is_noise_token(t),
                |l| aligner.starts_any(l),
                fits,
                text_layouts,
            )
        })
        .flatten()
    {
        Some(v) => {
            regrouped = v;
            &regrouped
        }
        None => tokens,
    };
    // Numbers cut by a line break inside their cells, joined again where
    // the rest is certain; any other is refused.
    let pairs = cut_pairs(tokens, width);
    let joined: Vec<String> = pairs
        .iter()
        .map(|&(b, c)| format!("{}{}", tokens[b].text, tokens[c].text))
        .collect();
    let rejoined: Vec<Token<'_>>;
    let tokens: &[Token<'_>] = if pairs.is_empty() {
        tokens
    } else {
        rejoined = rejoin(tokens, &pairs, &joined);
        &rejoined
    };
    if let Some(t) = tokens
        .iter()
        .find(|t| t.kind == Kind::Value && cut_number(t.text).is_some())
    {
        sink.error(
            format!("text.cut_number:{}", table.key),
            Some(loc(t)),
            Message::new(
                format!("{}的数值“{}”最后一组千位数字不全（多半是在单元格中被换行截断，其余数字在下一行），无法确定完整的数值；请改用 pdftotext -layout、LibreOffice 的文本导出或原文件", table.heading, t.text),
                format!("table {}: the number \"{}\" has a short last group of thousands (cut by a line break inside its cell, the rest on a line below?), so the whole number cannot be told; use pdftotext -layout, LibreOffice's text export or the original file", table.key, t.text),
            ),
        );
        return;
    }
    let grid = Grid::of(tokens, width);
    let Some(order) = column_order(form, table_index, tokens, &grid, aligner, sink) else {
        return;
    };
    let mut seen: Vec<Option<(u32, Vec<Option<nianbao_model::Value>>)>> = vec![None; rows.len()];
    let mut core: Vec<char> = Vec::with_capacity(128);
    let mut label_toks: Vec<usize> = Vec::new();
    // A row whose values came in part, waiting for the rest (a cell taller
    // than its row's others: its value stands a line above or below).
    let mut pending: Option<(usize, Vec<Token<'_>>, Location)> = None;
    // The first row not yet read: rows come in the form's order.
    let mut next = 0usize;
    // Values split off for the row whose label follows them.
    let mut carry: Option<Vec<Token<'_>>> = None;
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
        let mut values: std::borrow::Cow<'_, [Token<'_>]> =
            std::borrow::Cow::Borrowed(&tokens[start..i]);
        let mut at = label_toks
            .last()
            .map(|&j| loc(&tokens[j]))
            .unwrap_or_else(|| loc(&values[0]));
        let mut found = m.match_suffix(&core);
        let mut exact =
            matches!(found, Match::Found { id, quality } if quality.is_exact() && id >= next);
        // A short label matched exactly rows ahead may be the end of an
        // earlier row's label cut off (`（二）部分公开（区分处理的，只计这一
        // 情形，不计其他` ends with `其他`, row 3.其他): when the text aligns
        // with a row still to come before it, over more characters, the
        // alignment decides.
        if let Match::Found { id, quality } = found {
            if exact && id > next {
                if let Aligned::Row(a) = aligner.align(&core, next) {
                    if a < id && aligner.tail_fit(&core, &aligner.rows[a]) > quality.matched + 2 {
                        exact = false;
                        found = Match::None;
                    }
                }
            }
        }
        if !exact {
            // Align the label text with the rows still to come.
            match (aligner.align(&core, next), found) {
                (Aligned::Row(a), Match::Found { id, .. }) if a != id => {
                    found = Match::Ambiguous(a, id)
                }
                // The same row: as the label matched (a cut-off label warns).
                (Aligned::Row(_), Match::Found { .. }) => {}
                (Aligned::Row(a), _) => {
                    found = Match::Found {
                        id: a,
                        quality: nianbao_model::label::Quality {
                            matched: core.len(),
                            edits: 0,
                            truncated: false,
                        },
                    }
                }
                (Aligned::Ambiguous(a, b), _) => found = Match::Ambiguous(a, b),
                (Aligned::None, _) => {}
            }
        }
        // A page number standing alone on its line (`1`, the footer of a
        // page break inside the table) is no value.
        // So is one that follows the header (`… 总计` / `2` / `和，等于…`, a
        // page break inside the header), though `总计` also ends the label of
        // row （七）总计: before any row is read, the text is the header's.
        // And one after the label of a row already read (a page break
        // inside its wrapped label, `处理其政府` / `3` / `信息公开申请`).
        if values.len() == 1
            && is_page_number(tokens, start)
            && (matches!(found, Match::None)
                || matches!(found, Match::Found { id, .. } if seen[id].is_some()
                    && rows[id].0.columns.len() > 1)
                || (pending.is_none()
                    && seen.iter().all(Option::is_none)
                    && ends_with_column_label(table, &core)))
        {
            continue;
        }
        if let Match::Found { id, .. } = found {
            let want = rows[id].0.columns.len();
            if values.len() == want + 1 {
                let run: Vec<usize> = (start..i).collect();
                let first = first_cell[id];
                let fits = |r: &[usize]| {
                    let v: Vec<Token<'_>> = r.iter().map(|&k| tokens[k].clone()).collect();
                    adds_up(form, first, &v)
                };
                if let Some(k) = page_number_at_end(tokens, &run, fits) {
                    let mut v = values.into_owned();
                    v.remove(k);
                    values = std::borrow::Cow::Owned(v);
                }
            }
        }
        // The rest of a row whose values came in part: text that starts no
        // other row.
        let mut joined = false;
        if let Some((pid, mut got, pat)) = pending.take() {
            let same = match found {
                Match::None => true,
                Match::Found { id, .. } => id == pid,
                Match::Ambiguous(..) => false,
            };
            if same {
                got.extend(values.iter().cloned());
                let want = rows[pid].0.columns.len();
                if got.len() < want {
                    pending = Some((pid, got, pat));
                    core.clear();
                    label_toks.clear();
                    continue;
                }
                found = Match::Found {
                    id: pid,
                    quality: nianbao_model::label::Quality {
                        matched: 1,
                        edits: 0,
                        truncated: false,
                    },
                };
                values = std::borrow::Cow::Owned(got);
                at = pat;
                joined = true;
            } else {
                // Report the part as it is; the new row reads on.
                too_few(sink, rows[pid], &got);
            }
        }
        // Numbers in full-width digits broken across lines: put together
        // where exactly one reading adds up to the row's total.
        let mut reassembled = false;
        if let (true, Match::Found { id, .. }) = (fullwidth, found) {
            let want = rows[id].0.columns.len();
            if values.len() > want && values.iter().any(is_fullwidth_number) {
                if let Some(total) = total_at(form, first_cell[id], want) {
                    let one_line = values.iter().all(|t| t.line == values[0].line);
                    let layouts = if one_line { FLOWING } else { text_layouts };
                    if let Some(v) = reassemble(&values, want, total, layouts, &bump) {
                        fullwidth_joined.get_or_insert_with(|| (0, loc(&v[0]))).0 += 1;
                        values = std::borrow::Cow::Owned(v);
                        reassembled = true;
                    }
                }
            }
        }
        // Two rows' values run together, the second row's label after them
        // (a label cell taller than its values): split when the text after
        // the run begins the next row's label and both halves add up.
        if let Match::Found { id, .. } = found {
            let want = rows[id].0.columns.len();
            if want > 1
                && values.len() == 2 * want
                // The row before is read: the values are not those of two
                // rows whose labels both came before them.
                && (id == 0 || seen[id - 1].is_some())
                && id + 1 < rows.len()
                && rows[id + 1].0.columns.len() == want
                && aligner.starts(tokens, i, id + 1)
                && settle_by_total(form, first_cell[id], &values[..want], true).is_some_and(|v| texts_of(&v) == texts_of(&values[..want]))
                && settle_by_total(form, first_cell[id + 1], &values[want..], true).is_some_and(|v| texts_of(&v) == texts_of(&values[want..]))
            {
                carry = Some(values[want..].to_vec());
                values = std::borrow::Cow::Owned(values[..want].to_vec());
            }
        }
        if let Match::Found { id, .. } = found {
            let want = rows[id].0.columns.len();
            next = next.max(id + 1);
            if want > 1 && values.len() < want {
                pending = Some((id, values.into_owned(), at));
                core.clear();
                label_toks.clear();
                continue;
            }
            // Values over several lines are put in order by the table's
            // columns (text laid out in columns) or by the row's total
            // (flowing text, where a taller cell's value comes a line early
            // or late); or refused.
            let spread = values.iter().any(|t| t.line != values[0].line);
            if want > 1 && values.len() == want && (spread || joined) && !reassembled {
                let settled = if grid.is_grid() {
                    // No full row near enough to line them up with (a page
                    // break moved the columns): across the line, when that
                    // order adds up to the row's total.
                    grid.order(&values).or_else(|| {
                        grid.across(&values)
                            .filter(|v| adds_up(form, first_cell[id], v) == Some(true))
                    })
                } else {
                    settle_by_total(form, first_cell[id], &values, joined)
                };
                match settled {
                    Some(v) => values = std::borrow::Cow::Owned(v),
                    None => {
                        let (_, row) = rows[id];
                        sink.error(
                            format!("text.row_values:{}", row.key),
                            Some(loc(&values[0])),
                            Message::new(
                                format!("“{}”一行的数值分在几行上，无法确定各数值所属的列（与表格各列对不齐，或与本行总计不符）；请改用保留版面的文字（pdftotext -layout）或原文件", row.label),
                                format!("row \"{}\" ({}): its values stand on several lines and their columns cannot be told (they do not line up with the table's columns, or do not add up to the row's total); use text that keeps the layout (pdftotext -layout) or the original file", row.label, row.key),
                            ),
                        );
                        core.clear();
                        label_toks.clear();
                        continue;
                    }
                }
            }
        }
        match found {
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
                let values = merged_repeats(table, &values, want);
                if want > 1 && values.len() >= 2 * want {
                    sink.error(
                        format!("text.columns_dumped:{}", table.key),
                        Some(loc(&values[0])),
                        Message::new(
                            format!("{}的数值中，多行的数值连在了一起（{} 个）：表格似乎是按列或逐个单元格输出的（如 pdftotext 不加 -layout 参数时），无法可靠读取；请改用 pdftotext -layout、LibreOffice 的文本导出或原文件", table.heading, values.len()),
                            format!("table {}: the values of several rows run together ({} of them): the table seems written column by column or cell by cell (as pdftotext does without -layout) and cannot be read reliably; use pdftotext -layout, LibreOffice's text export or the original file", table.key, values.len()),
                        ),
                    );
                }
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
                    for (c, t) in block.columns.iter().zip(values.iter()) {
                        match read_value(sink, t, row, c) {
                            Ok(v) => vals.push(v),
                            Err(()) => ok = false,
                        }
                    }
                    if ok && !order.is_empty() {
                        // The columns as the header lists them.
                        let mut by_form = vec![None; want];
                        for (k, v) in vals.iter().enumerate() {
                            by_form[order[k]] = Some((*v, values[k].clone()));
                        }
                        let (v2, t2): (Vec<_>, Vec<_>) = by_form.into_iter().flatten().unzip();
                        record(
                            sink,
                            &mut seen[id],
                            row.key,
                            row.label,
                            &at,
                            v2,
                            first_cell[id],
                            &t2,
                        );
                    } else if ok {
                        record(
                            sink,
                            &mut seen[id],
                            row.key,
                            row.label,
                            &at,
                            vals,
                            first_cell[id],
                            &values,
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
            // A row's values a line above its label (a label cell taller
            // than its values, `法提供  0 0 0 0 2 0 2` / `3、补正后申请内容仍
            // 不明确`): nothing before them but pieces of group labels and
            // the wrapped tail of the row read last, and the label after
            // them begins the next row, which has as many columns. They are
            // that row's.
            Match::None
                if carry.is_none()
                    && next < rows.len()
                    && values.len() == rows[next].0.columns.len()
                    && aligner.only_noise_and_tail(&core, next.checked_sub(1))
                    && !ends_with_column_label(table, &core)
                    && aligner.starts(tokens, i, next) =>
            {
                carry = Some(values.to_vec());
            }
            Match::None if ends_with_column_label(table, &core) => {
                sink.error(
                    format!("text.columns_dumped:{}", table.key),
                    Some(at),
                    Message::new(
                        format!("{}的数值出现在列标题之后、行标签之前：表格是按列输出的（如 pdftotext 不加 -layout 参数时），无法可靠读取；请改用 pdftotext -layout、LibreOffice 的文本导出或原文件", table.heading),
                        format!("table {}: values stand right after a column header, before their row label: the table was written column by column (as pdftotext does without -layout) and cannot be read reliably; use pdftotext -layout, LibreOffice's text export or the original file", table.key),
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
        if let Some(v) = carry.take() {
            // The row whose label follows them (checked by `starts`).
            let id = next;
            let (block, row) = rows[id];
            let mut vals = Vec::with_capacity(v.len());
            let mut ok = true;
            for (c, t) in block.columns.iter().zip(&v) {
                match read_value(sink, t, row, c) {
                    Ok(x) => vals.push(x),
                    Err(()) => ok = false,
                }
            }
            if ok {
                let (vals, toks) = in_form_order(&order, vals, &v);
                let at = loc(&v[0]);
                record(
                    sink,
                    &mut seen[id],
                    row.key,
                    row.label,
                    &at,
                    vals,
                    first_cell[id],
                    &toks,
                );
            }
            next = id + 1;
        }
    }
    if let Some((rows, at)) = fullwidth_joined {
        sink.warn(
            format!("text.fullwidth_joined:{}", table.key),
            Some(at),
            Message::new(
                format!("{}的 {rows} 行中，用全角数字书写的数值被转换工具在单元格中换行拆开，已按各行总计（每行只有一种拼法相符）拼合；请核对", table.heading),
                format!("table {}: in {rows} row(s), numbers in full-width digits that the tool broke across lines in their cells were joined again by the rows' totals (one way of joining adds up in each); worth a look", table.key),
            ),
        );
    }
    if let Some((pid, got, _)) = pending {
        too_few(sink, rows[pid], &got);
    }
    if sink.errors_in_table > 0 {
        fullwidth_hint(table, tokens, sink);
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

/// A full row of a grid: its line, its values' places in characters and
/// in display cells, and their lengths.
type GridRow = (u32, Vec<u32>, Vec<u32>, Vec<u32>);

/// The columns of a table laid out with spaces (pdftotext `-layout`, w3m):
/// the positions of the values of every row whose values all stand on one
/// line, in characters and in display cells (tools line columns up by one
/// or the other).
struct Grid<'t, 'g> {
    tokens: &'t [Token<'g>],
    width: usize,
    rows: std::cell::OnceCell<Vec<GridRow>>,
    /// `Some(display)` when the values line up, by display cells or by
    /// characters; worked out when first asked.
    grid: std::cell::OnceCell<Option<bool>>,
}

impl<'t, 'g> Grid<'t, 'g> {
    fn of(tokens: &'t [Token<'g>], width: usize) -> Grid<'t, 'g> {
        Grid {
            tokens,
            width,
            rows: std::cell::OnceCell::new(),
            grid: std::cell::OnceCell::new(),
        }
    }

    /// The full rows, found when first asked.
    fn rows(&self) -> &[GridRow] {
        self.rows.get_or_init(|| {
            let (tokens, width) = (self.tokens, self.width);
            let mut rows: Vec<GridRow> = Vec::new();
            let mut i = 0;
            while i < tokens.len() {
                let line = tokens[i].line;
                let mut j = i;
                while j < tokens.len() && tokens[j].line == line {
                    j += 1;
                }
                // A line whose values (all at its end) fill a row.
                let vals = tokens[i..j]
                    .iter()
                    .filter(|t| t.kind == Kind::Value)
                    .count();
                if width > 2
                    && vals == width
                    && tokens[j - width..j].iter().all(|t| t.kind == Kind::Value)
                {
                    let row = &tokens[j - width..j];
                    rows.push((
                        line,
                        row.iter().map(|t| t.col).collect(),
                        row.iter().map(|t| t.dcol).collect(),
                        row.iter().map(|t| t.len).collect(),
                    ));
                }
                i = j;
            }
            rows
        })
    }

    fn is_grid(&self) -> bool {
        self.measure().is_some()
    }

    /// A grid: three rows at least whose values stand at the same places
    /// though a value before the last is written with another number of
    /// digits (in flowing text that would shift the values after it; rows
    /// of equal widths line up in any layout). `Some(display)`: by the
    /// measure by which more rows line up.
    fn measure(&self) -> Option<bool> {
        *self.grid.get_or_init(|| {
            let rows = self.rows();
            let lined_up = |display: bool| {
                fn pos(q: &GridRow, display: bool) -> &[u32] {
                    if display {
                        &q.2
                    } else {
                        &q.1
                    }
                }
                rows.iter()
                    .map(|r| {
                        let mut same = 0;
                        let mut widths_differ = false;
                        for q in rows {
                            if pos(q, display) == pos(r, display) {
                                same += 1;
                                widths_differ |= q.3[..q.3.len() - 1] != r.3[..r.3.len() - 1];
                            }
                        }
                        if same >= 3 && widths_differ {
                            same
                        } else {
                            0
                        }
                    })
                    .max()
                    .unwrap_or(0)
            };
            match (lined_up(false), lined_up(true)) {
                (0, 0) => None,
                (c, d) => Some(d > c),
            }
        })
    }

    /// `values` in the order of the columns they stand in, by the nearest
    /// full row whose positions they match one to one (and that another
    /// full row confirms); `None` when none does.
    fn order<'a>(&self, values: &[Token<'a>]) -> Option<Vec<Token<'a>>> {
        let preferred = self.measure()?;
        [preferred, !preferred]
            .into_iter()
            .find_map(|display| self.order_by(values, display))
    }

    /// `values` in the order they stand across the line, by the measure
    /// the table's columns use; `None` when two stand at one place.
    fn across<'a>(&self, values: &[Token<'a>]) -> Option<Vec<Token<'a>>> {
        let display = self.measure()?;
        let pos = |t: &Token<'a>| if display { t.dcol } else { t.col };
        let mut sorted = values.to_vec();
        sorted.sort_by_key(|t| pos(t));
        sorted
            .windows(2)
            .all(|w| pos(&w[0]) < pos(&w[1]))
            .then_some(sorted)
    }

    fn order_by<'a>(&self, values: &[Token<'a>], display: bool) -> Option<Vec<Token<'a>>> {
        let line = values[0].line;
        let pos_of = |r: &GridRow| if display { r.2.clone() } else { r.1.clone() };
        let mut near: Vec<&GridRow> = self.rows().iter().collect();
        near.sort_by_key(|r| r.0.abs_diff(line));
        for r in near.iter().take(8) {
            let anchors = pos_of(r);
            if anchors.len() != values.len() || anchors.windows(2).any(|w| w[1] <= w[0]) {
                continue;
            }
            // The places of the columns, within half the narrowest gap.

            let gap = anchors.windows(2).map(|w| w[1] - w[0]).min().unwrap_or(1);
            let tol = (gap.saturating_sub(1)) / 2;
            let close = |a: &[u32], b: &[u32]| a.iter().zip(b).all(|(x, y)| x.abs_diff(*y) <= tol);
            // Another full row must stand at these places too.
            if !self
                .rows()
                .iter()
                .any(|q| q.0 != r.0 && close(&anchors, &pos_of(q)))
            {
                continue;
            }
            // In the order of their places across the line; each must stand
            // between the places of its neighbours' columns.
            let pos = |t: &Token<'a>| if display { t.dcol } else { t.col };
            let mut sorted: Vec<Token<'a>> = values.to_vec();
            sorted.sort_by_key(|t| pos(t));
            let fits = sorted.iter().enumerate().all(|(k, t)| {
                let p = pos(t);
                (k == 0 || anchors[k - 1] < p)
                    && anchors.get(k + 1).is_none_or(|&a| p < a)
                    && sorted.get(k + 1).is_none_or(|n| pos(n) > p)
            });
            if fits {
                return Some(sorted);
            }
        }
        None
    }
}

/// Numbers cut by a line break inside their cells (`2,27` over `7`) and
/// where their rest is, as `(cut, rest)` token indexes: in text laid out in
/// columns (pdftotext -layout), the value that starts at the cut's place a
/// line or two below; in text that gives the cells one by one or a row's
/// cells run together (pdftotext -raw, PyMuPDF), the next token, when it
/// stands on the next line or the one after. The rest must hold exactly
/// the digits the cut group lacks. A cut whose rest is not certain stays
/// (and is refused).
fn cut_pairs(tokens: &[Token<'_>], width: usize) -> Vec<(usize, usize)> {
    if !tokens
        .iter()
        .any(|t| t.kind == Kind::Value && cut_number(t.text).is_some())
    {
        return Vec::new();
    }
    let grid = Grid::of(tokens, width);
    let measure = grid.measure();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (b, t) in tokens.iter().enumerate() {
        let Some(need) = cut_number(t.text).filter(|_| t.kind == Kind::Value) else {
            continue;
        };
        let below = |c: &Token<'_>| c.line > t.line && c.line <= t.line + 2;
        let rest = |c: &Token<'_>| c.kind == Kind::Value && completes_cut(c.text, need);
        let found: Vec<usize> = match measure {
            Some(display) => {
                let at = |x: &Token<'_>| if display { x.dcol } else { x.col };
                tokens[b + 1..]
                    .iter()
                    .enumerate()
                    .take_while(|(_, c)| c.line <= t.line + 2)
                    .filter(|(_, c)| below(c) && rest(c) && at(c) == at(t))
                    .map(|(k, _)| b + 1 + k)
                    .collect()
            }
            // The cells in reading order: the rest is the next token, on
            // this line or one below.
            None => tokens
                .get(b + 1)
                .filter(|c| c.line >= t.line && c.line <= t.line + 2 && rest(c))
                .map(|_| b + 1)
                .into_iter()
                .collect(),
        };
        if let [c] = found[..] {
            if !pairs.iter().any(|p| p.1 == c) {
                pairs.push((b, c));
            }
        }
    }
    pairs
}

/// The tokens with each cut number joined to its rest: one token where
/// the rest stood (after the label its row may have between), at the
/// cut's column.
fn rejoin<'a>(
    tokens: &[Token<'a>],
    pairs: &[(usize, usize)],
    joined: &'a [String],
) -> Vec<Token<'a>> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if pairs.iter().any(|p| p.0 == i) {
            continue;
        }
        match pairs.iter().position(|p| p.1 == i) {
            Some(k) => {
                let cut = &tokens[pairs[k].0];
                out.push(Token {
                    text: &joined[k],
                    col: cut.col,
                    dcol: cut.dcol,
                    len: cut.len + t.len,
                    ..t.clone()
                });
            }
            None => out.push(t.clone()),
        }
    }
    out
}

/// The texts of some tokens.
fn texts_of<'a>(v: &[Token<'a>]) -> Vec<&'a str> {
    v.iter().map(|t| t.text).collect()
}

/// Values (and their tokens) of one row as the header ordered them, put in
/// the form's column order.
fn in_form_order<'a>(
    order: &[usize],
    vals: Vec<Option<Value>>,
    toks: &[Token<'a>],
) -> (Vec<Option<Value>>, Vec<Token<'a>>) {
    if order.is_empty() {
        return (vals, toks.to_vec());
    }
    let mut by_form = vec![None; vals.len()];
    for (k, v) in vals.into_iter().enumerate() {
        by_form[order[k]] = Some((v, toks[k].clone()));
    }
    by_form.into_iter().flatten().unzip()
}

/// Where the total stands among the `n` values of the row whose first cell
/// is `first`, when the form has an equation `total = sum of the others`
/// over exactly that row.
fn total_at(form: &'static Form, first: CellId, n: usize) -> Option<usize> {
    let n = n as u16;
    let in_row = |c: CellId| c.0 >= first.0 && c.0 < first.0 + n;
    let eq = nianbao_model::rules::equations(form.version)
        .iter()
        .find(|e| {
            e.left.len() == 1
                && in_row(e.left[0])
                && e.right.len() + 1 == n as usize
                && e.right.iter().all(|&c| in_row(c))
        })?;
    Some((eq.left[0].0 - first.0) as usize)
}

/// Whether the values (all whole numbers) add up: the one at `total_at`
/// is the sum of the others.
fn sums(v: &[Token<'_>], total_at: usize) -> bool {
    let mut sum: u128 = 0;
    let mut total = None;
    for (k, t) in v.iter().enumerate() {
        let CellText::Number(Value::Count(x), _) =
            read_cell(t.text, nianbao_model::ValueKind::Count)
        else {
            return false;
        };
        if k == total_at {
            total = Some(x as u128);
        } else {
            sum += x as u128;
        }
    }
    total == Some(sum)
}

/// Whether a row's values in this order add up to its total; `None` when
/// the row has no total.
fn adds_up(form: &'static Form, first: CellId, values: &[Token<'_>]) -> Option<bool> {
    total_at(form, first, values.len()).map(|at| sums(values, at))
}

/// Puts the values of a row that stand on several lines of flowing text in
/// order: as read, or with a lone value printed a line before the others
/// moved to the end (a taller cell's value — the total — printed early),
/// by the row's total (`总计` = the sum of the other columns). The order read is
/// kept when it adds up or when no order does (unless `verify`: values
/// joined across label text must add up), a moved order is taken when it
/// alone adds up, and two orders that both add up are refused (`None`).
fn settle_by_total<'a>(
    form: &'static Form,
    first: CellId,
    values: &[Token<'a>],
    verify: bool,
) -> Option<Vec<Token<'a>>> {
    let Some(total_at) = total_at(form, first, values.len()) else {
        return (!verify).then(|| values.to_vec());
    };
    let adds_up = |v: &[Token<'a>]| sums(v, total_at);
    // The parts, line by line.
    let mut parts: Vec<&[Token<'a>]> = Vec::new();
    let mut a = 0;
    for b in 1..=values.len() {
        if b == values.len() || values[b].line != values[a].line {
            parts.push(&values[a..b]);
            a = b;
        }
    }
    let read: Vec<Token<'a>> = values.to_vec();
    let texts = |v: &[Token<'a>]| v.iter().map(|t| t.text).collect::<Vec<_>>();
    let mut fits: Vec<Vec<Token<'a>>> = Vec::new();
    if adds_up(&read) {
        fits.push(read.clone());
    }
    // A lone value printed before the rest moved to the total's place at
    // the end (text of a few parts only: one value per line is a layout of
    // its own, read as it comes).
    if parts.len() <= 3 && total_at + 1 == values.len() {
        for s in 0..parts.len() - 1 {
            if parts[s].len() != 1 {
                continue;
            }
            let v: Vec<Token<'a>> = parts
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != s)
                .map(|(_, p)| *p)
                .chain([parts[s]])
                .collect::<Vec<_>>()
                .concat();
            if adds_up(&v) && !fits.iter().any(|f| texts(f) == texts(&v)) {
                fits.push(v);
            }
        }
    }
    match fits.len() {
        0 => (!verify).then_some(read),
        1 => fits.pop(),
        _ => None,
    }
}

/// Whether the value token at `i` is a page number: a small whole number
/// alone on its line, and, in text laid out in columns (the number stands
/// away from the line's start), not right below a value that starts at its
/// place (the tail of a number wrapped in its cell, `1198` as `119` / `8`).
fn is_page_number(tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    let alone = (i == 0 || tokens[i - 1].line != t.line)
        && tokens.get(i + 1).is_none_or(|n| n.line != t.line);
    let stacked = || {
        t.col > 1
            && tokens[..i]
                .iter()
                .rev()
                .take_while(|p| p.line + 1 >= t.line)
                .any(|p| {
                    p.line + 1 == t.line
                        && p.kind == Kind::Value
                        && (p.col == t.col || p.dcol == t.dcol)
                })
    };
    // (Pages are numbered from 1: `0` is a value.)
    alone
        && t.text.len() <= 3
        && t.text.bytes().all(|b| b.is_ascii_digit())
        && !t.text.starts_with('0')
        && !stacked()
}

/// Which of a row's values (the tokens at `run`, one more than the row
/// has columns) is a page number, as a position in `run`: the first or the
/// last, a small number alone on its line. Told by the layout when the
/// others share one line (a row laid out on a line, the page number on a
/// line of its own), else by which end is a small number at all, else by
/// which of the two readings adds up (`adds_up`: `Some(true)` when the
/// values left satisfy the table's sums; a row with no sum, one line high,
/// is followed by the footer); `None` when nothing tells.
/// (Where every value stands on a line of its own, as in PyMuPDF's text, a
/// page footer follows a row's values and a page break between a label and
/// its values puts one before them.)
fn page_number_at_end(
    tokens: &[Token<'_>],
    run: &[usize],
    adds_up: impl Fn(&[usize]) -> Option<bool>,
) -> Option<usize> {
    let n = run.len();
    if n < 2 {
        return None;
    }
    let one_line = |r: &[usize]| r.iter().all(|&k| tokens[k].line == tokens[r[0]].line);
    let small = (
        is_page_number(tokens, run[0]),
        is_page_number(tokens, run[n - 1]),
    );
    let laid = (
        small.0 && one_line(&run[1..]) && tokens[run[1]].line != tokens[run[0]].line,
        small.1 && one_line(&run[..n - 1]) && tokens[run[n - 2]].line != tokens[run[n - 1]].line,
    );
    match (laid, small) {
        ((true, false), _) | ((false, false), (true, false)) => Some(0),
        ((false, true), _) | ((false, false), (false, true)) => Some(n - 1),
        (_, (true, true)) => {
            let without = |k: usize| -> Vec<usize> {
                run.iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(_, &t)| t)
                    .collect()
            };
            match (adds_up(&without(0)), adds_up(&without(n - 1))) {
                (Some(true), Some(false)) => Some(0),
                (Some(false), Some(true)) => Some(n - 1),
                // No sum to tell by (a row of table 二, one line high: no
                // page break falls inside it): the footer after it.
                (None, None) => Some(n - 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What [`Aligner::align`] found.
enum Aligned {
    None,
    Row(usize),
    Ambiguous(usize, usize),
}

/// Aligns the label text before a run of values with the rows still to
/// come, for text whose labels wrapped in their cells (PDF extraction): the
/// text must end with the beginning of a row's label, in which characters
/// of the group labels and headers (`三、本年度办理结果` one character per
/// line, `（四）无法提供` cut anywhere) may stand between. Text before that
/// (the tail of the previous row's label, headers) is not used. Only rows
/// from the next one expected are tried (rows come in the form's order),
/// and a label that fits a later row better is ambiguous.
struct Aligner {
    rows: Vec<Vec<char>>,
    noise: Vec<char>,
    /// Cores of the group headers above a one-block table's columns.
    groups: Vec<Vec<char>>,
    /// Cores of the columns of a one-block table.
    columns: Vec<Vec<char>>,
}

impl Aligner {
    /// The aligner of each table of a form, built once.
    fn cached(form: &'static Form, table_index: usize) -> &'static Aligner {
        static V2021: OnceLock<Vec<Aligner>> = OnceLock::new();
        static V2019: OnceLock<Vec<Aligner>> = OnceLock::new();
        let cache = match form.version {
            FormVersion::V2021 => &V2021,
            FormVersion::V2019 => &V2019,
        };
        &cache.get_or_init(|| {
            (0..form.tables.len())
                .map(|t| Aligner::of(form, t))
                .collect()
        })[table_index]
    }

    fn of(form: &'static Form, table_index: usize) -> Aligner {
        let table = &form.tables[table_index];
        let mut noise: Vec<char> = Vec::new();
        let mut rows = Vec::new();
        for (b, r) in table.rows() {
            rows.push(nianbao_model::label::core(r.label).chars().collect());
            for g in r.groups {
                noise.extend(nianbao_model::label::core(g).chars());
            }
            for t in [b.caption, b.corner]
                .into_iter()
                .chain(b.columns.iter().map(|c| c.label))
            {
                noise.extend(nianbao_model::label::core(t).chars());
            }
        }
        for t in [
            nianbao_model::form::APPLICANTS_HEADER,
            nianbao_model::form::ORGANISATIONS_HEADER,
        ] {
            noise.extend(nianbao_model::label::core(t).chars());
        }
        noise.sort_unstable();
        noise.dedup();
        let chars = |t: &str| -> Vec<char> { nianbao_model::label::core(t).chars().collect() };
        let (groups, columns) = match table.blocks {
            [block] => (
                [
                    nianbao_model::form::APPLICANTS_HEADER,
                    nianbao_model::form::ORGANISATIONS_HEADER,
                    block.corner,
                ]
                .iter()
                .map(|g| chars(g))
                .filter(|g| !g.is_empty())
                .collect(),
                block.columns.iter().map(|c| chars(c.label)).collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        Aligner {
            rows,
            noise,
            groups,
            columns,
        }
    }

    /// Whether a character is one of the group labels' or headers'.
    fn is_noise(&self, c: char) -> bool {
        self.noise.binary_search(&c).is_ok()
    }

    /// Whether a token is a label of group-label or header characters only
    /// (`三、本`, `年度办`).
    fn is_noise_token(&self, t: &Token<'_>) -> bool {
        let mut core = Vec::new();
        core_into(t.text, &mut core);
        t.kind == Kind::Label && core.iter().all(|&c| self.is_noise(c))
    }

    /// Whether label text begins a row's label (its first three characters,
    /// or all of a shorter one) at one of its fragments (`本年 （二）部分公开`:
    /// a group label's piece may stand before).
    fn starts_any(&self, labels: &[Token<'_>]) -> bool {
        let mut core = Vec::new();
        (0..labels.len()).any(|k| {
            core.clear();
            for t in &labels[k..] {
                core_into(t.text, &mut core);
            }
            self.rows.iter().any(|r| {
                let need = r.len().min(3);
                need > 0 && core.len() >= need && core[..need] == r[..need]
            })
        })
    }

    /// Whether `text` is noise only, but for the wrapped tail of the label
    /// of row `prev`, which group labels cut may stand among (`理结 关政府
    /// 信息 果 （四）` after `1、本机关不掌握相` / `关政府信息`; `信息需要另 法提
    /// 行制作 供` after `2、没有现成` / `信息需要另` / `行制作`).
    fn only_noise_and_tail(&self, text: &[char], prev: Option<usize>) -> bool {
        if text.iter().all(|&c| self.is_noise(c)) {
            return true;
        }
        let Some(label) = prev.map(|p| &self.rows[p]) else {
            return false;
        };
        (0..label.len()).any(|s| {
            let tail = &label[s..];
            let mut j = 0;
            for &c in text {
                if j < tail.len() && c == tail[j] {
                    j += 1;
                } else if !self.is_noise(c) {
                    return false;
                }
            }
            j == tail.len()
        })
    }

    /// How many characters of the beginning of `row` the end of `text`
    /// holds, noise allowed between them (0 when it does not end so).
    fn tail_fit(&self, text: &[char], row: &[char]) -> usize {
        let Some(&first) = row.first() else {
            return 0;
        };
        let from = text.len().saturating_sub(row.len() + 24);
        let mut best = 0;
        for s in (from..text.len()).rev() {
            if text[s] != first {
                continue;
            }
            let mut j = 0;
            let mut ok = true;
            for &c in &text[s..] {
                if j < row.len() && c == row[j] {
                    j += 1;
                } else if self.noise.binary_search(&c).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok {
                best = best.max(j);
            }
        }
        best
    }

    /// Whether the label text from token `i` on (up to the next values)
    /// begins with the beginning of row `row`'s label (three characters at
    /// least, or all of a shorter one), noise allowed between.
    fn starts(&self, tokens: &[Token<'_>], i: usize, row: usize) -> bool {
        let mut text: Vec<char> = Vec::new();
        for t in tokens[i..].iter().take_while(|t| t.kind == Kind::Label) {
            core_into(t.text, &mut text);
        }
        let label = &self.rows[row];
        let need = label.len().min(3);
        let mut j = 0;
        for &c in &text {
            if j == need {
                break;
            }
            if c == label[j] {
                j += 1;
            } else if self.noise.binary_search(&c).is_err() {
                return false;
            }
        }
        j == need
    }

    fn align(&self, text: &[char], next: usize) -> Aligned {
        let mut found: Option<(usize, usize)> = None;
        for r in next..self.rows.len().min(next + 4) {
            let need = self.rows[r].len().min(3);
            let fit = self.tail_fit(text, &self.rows[r]);
            if fit < need {
                continue;
            }
            match found {
                None => found = Some((r, fit)),
                Some((a, f)) if fit > f => return Aligned::Ambiguous(a, r),
                Some(_) => {}
            }
        }
        found.map_or(Aligned::None, |(r, _)| Aligned::Row(r))
    }
}

/// Whether a label core ends with the label of a column of `table`: values
/// right after a column header, with no row label between.
fn ends_with_column_label(table: &TableDef, core: &[char]) -> bool {
    let core: String = core.iter().collect();
    table.blocks.iter().flat_map(|b| b.columns).any(|c| {
        let l = nianbao_model::label::core(c.label);
        !l.is_empty() && core.ends_with(&l)
    })
}

/// A merged value cell written once per grid column it covers (python-docx
/// prints `行政许可 8264 8264 8264` for the one value of 第二十条第（五）项,
/// which spans the three columns of 第二十条第（一）项, and `行政事业性收费
/// 35 0 0` for the 2019 form's two columns over three): read as one value
/// per column when the row's values are the widest block's count and every
/// way of cutting them into runs of identical repeats, one run per column,
/// gives the same values. Anything else is left for the count check to
/// refuse.
fn merged_repeats<'t, 'a>(
    table: &TableDef,
    values: &'t [Token<'a>],
    want: usize,
) -> std::borrow::Cow<'t, [Token<'a>]> {
    use std::borrow::Cow;
    let widest = table.widest_block();
    if want == 0 || values.len() != widest || widest <= want || widest > 8 {
        return Cow::Borrowed(values);
    }
    // Every composition of `widest` into `want` runs of identical texts.
    fn cuts(
        values: &[Token<'_>],
        want: usize,
        at: usize,
        runs: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        let n = values.len();
        if runs.len() == want {
            if at == n {
                out.push(runs.clone());
            }
            return;
        }
        let left = want - runs.len();
        for end in at + 1..=n + 1 - left {
            if values[at..end].iter().any(|t| t.text != values[at].text) {
                break;
            }
            runs.push(at);
            cuts(values, want, end, runs, out);
            runs.pop();
        }
    }
    let mut found = Vec::new();
    cuts(values, want, 0, &mut Vec::with_capacity(want), &mut found);
    let Some(first) = found.first() else {
        return Cow::Borrowed(values);
    };
    let texts = |r: &Vec<usize>| r.iter().map(|&k| values[k].text).collect::<Vec<_>>();
    if found.iter().any(|r| texts(r) != texts(first)) {
        return Cow::Borrowed(values);
    }
    Cow::Owned(first.iter().map(|&k| values[k].clone()).collect())
}

/// The order of the columns of a one-block table as its header lists
/// them: `order[k]` is the form's index of the k-th column of the text, or
/// empty for the official order. The header is the label text before the
/// first value; each inner column (all but the first and the last, which
/// span the header rows) is found by the first two characters of its
/// label's core (`商业`, `科研`), when these occur once in the header
/// (outside the group headers above the columns). A header that lists the
/// columns it names in the official order, or names fewer than two, keeps
/// the official order (a header that lost a label keeps its table); one
/// that lists them in another order gives that order when every column is
/// named, and is refused otherwise (`None`, after reporting): a column
/// cannot be placed by guessing.
fn column_order(
    form: &'static Form,
    table_index: usize,
    tokens: &[Token<'_>],
    grid: &Grid<'_, '_>,
    aligner: &Aligner,
    sink: &mut Sink,
) -> Option<Vec<usize>> {
    let table = &form.tables[table_index];
    let [block] = table.blocks else {
        return Some(Vec::new());
    };
    let n = block.columns.len();
    if n < 3 {
        return Some(Vec::new());
    }
    // The header's core, and for each of its characters the token and
    // the offset in that token's core it came from.
    let mut header: Vec<char> = Vec::with_capacity(128);
    let mut from: Vec<(usize, u32)> = Vec::with_capacity(128);
    // (A page number inside the header, where a page break cut it, is no
    // value: the header goes on after it.)
    for (k, t) in tokens
        .iter()
        .enumerate()
        .take_while(|&(k, t)| {
            t.kind == Kind::Label
                || (is_page_number(tokens, k)
                    && tokens.get(k + 1).is_some_and(|n| n.kind == Kind::Label))
        })
        .filter(|(_, t)| t.kind == Kind::Label)
    {
        let before = header.len();
        core_into(t.text, &mut header);
        from.extend((0..header.len() - before).map(|o| (k, o as u32)));
    }
    // Characters of the group headers above the columns are not looked at.
    let mut masked = vec![false; header.len()];
    for g in &aligner.groups {
        if g.len() > header.len() {
            continue;
        }
        for i in 0..=header.len() - g.len() {
            if header[i..i + g.len()] == g[..] {
                masked[i..i + g.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    // The first and last columns (自然人, 总计) span the header rows and
    // stand anywhere in the header's reading order; the inner ones (the
    // kinds of organisation) are the ones offices reorder. Each is placed
    // by where it stands: across the line when the table is laid out in
    // columns (a wrapped header is read line by line, so a label of three
    // lines starts a line above one of two), else in reading order.
    let mut found: Vec<(usize, usize)> = Vec::with_capacity(n); // (position, column)
                                                                // Whether a label is cut into pieces (a header wrapped in its cells):
                                                                // its pieces then come line by line, in no column order.
    let mut fragmented = false;
    for c in 1..n - 1 {
        let full = &aligner.columns[c];
        let prefix = &full[..full.len().min(2)];
        if prefix.len() < 2 || header.len() < 2 {
            continue;
        }
        let mut at =
            (0..header.len() - 1).filter(|&i| !masked[i] && header[i..i + 2] == prefix[..]);
        if let (Some(i), None) = (at.next(), at.next()) {
            if header.get(i..i + full.len()).is_none_or(|h| h != &full[..]) {
                fragmented = true;
            }
            found.push((i, c));
        }
    }
    // Across the line when labels stand side by side on several lines (a
    // wrapped header laid out in columns); else in reading order, which is
    // then the order across.
    let line_of = |i: usize| tokens[from[i].0].line;
    let side_by_side = found.iter().any(|a| {
        found
            .iter()
            .any(|b| a.1 != b.1 && line_of(a.0) == line_of(b.0))
    }) && found
        .iter()
        .any(|a| found.iter().any(|b| line_of(a.0) != line_of(b.0)));
    let measure = if fragmented || side_by_side {
        grid.measure()
    } else {
        None
    };
    if let Some(display) = measure {
        for f in &mut found {
            let (k, o) = from[f.0];
            let t = &tokens[k];
            f.0 = (if display { t.dcol + 2 * o } else { t.col + o }) as usize;
        }
        if found
            .iter()
            .any(|a| found.iter().any(|b| a.1 != b.1 && a.0.abs_diff(b.0) < 2))
        {
            // Two labels at one place: no order can be told.
            found.clear();
        }
    }
    found.sort_unstable();
    let in_order = found.windows(2).all(|w| w[0].1 < w[1].1);
    if found.len() < 2 || in_order {
        return Some(Vec::new());
    }
    if fragmented && measure.is_none() {
        sink.error(
            format!("text.column_order:{}", table.key),
            None,
            Message::new(
                format!("{}的表头列名被拆到了几行上（从 PDF 提取的文字），看不出各列的顺序，且与官方顺序不同，不能确定数值所属的列；请改用 pdftotext -layout 或原文件", table.heading),
                format!("table {}: the header's column labels are cut over several lines (text taken from a PDF), so their order cannot be told, and it is not the official one: values cannot be placed; use pdftotext -layout or the original file", table.key),
            ),
        );
        return None;
    }
    if found.len() < n - 2 {
        let named: Vec<&str> = found.iter().map(|&(_, c)| block.columns[c].label).collect();
        sink.error(
            format!("text.column_order:{}", table.key),
            None,
            Message::new(
                format!("{}的表头列顺序与官方格式不同（{}），且无法认出每一列，不能确定数值所属的列", table.heading, named.join("、")),
                format!("table {}: the header lists the columns in another order than the official one, and not every column can be recognised, so values cannot be placed", table.key),
            ),
        );
        return None;
    }
    let order: Vec<usize> = std::iter::once(0)
        .chain(found.iter().map(|&(_, c)| c))
        .chain(std::iter::once(n - 1))
        .collect();
    let names: Vec<&str> = order.iter().map(|&c| block.columns[c].label).collect();
    sink.warn(
        format!("text.column_order:{}", table.key),
        None,
        Message::new(
            format!("{}的列按表头顺序读取：{}", table.heading, names.join("、")),
            format!(
                "table {}: columns read in the header's order ({})",
                table.key,
                order
                    .iter()
                    .map(|&c| block.columns[c].key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    );
    Some(order)
}

/// After errors in a table whose numbers are written in full-width digits
/// (`１１９８`): says that tools break such numbers across lines in narrow
/// cells (a break is allowed between any two full-width characters, so PDF
/// text and w3m give `１１９` over `８`, or `１ １ ９`), which is likely
/// what went wrong, and what to read instead.
fn fullwidth_hint(table: &TableDef, tokens: &[Token<'_>], sink: &mut Sink) {
    let Some(t) = tokens
        .iter()
        .find(|t| t.kind == Kind::Value && t.text.chars().any(|c| ('０'..='９').contains(&c)))
    else {
        return;
    };
    sink.error(
        format!("text.fullwidth_split:{}", table.key),
        Some(loc(t)),
        Message::new(
            format!("{}的数值用全角数字书写（如“{}”）：转换工具会在窄单元格中把全角数字折到几行上，数值因此被拆开，以上错误多由此而来；请读取原 Word 文件，或改用 LibreOffice 的文本导出（soffice --convert-to txt）", table.heading, t.text),
            format!("table {}: its numbers are written in full-width digits (such as \"{}\"), which tools break across lines in narrow cells, splitting the numbers: the errors above most likely come from that; read the Word file itself, or use LibreOffice's text export (soffice --convert-to txt)", table.key, t.text),
        ),
    );
}

/// A row's part that stays short of the row's values, reported as it is.
fn too_few(sink: &mut Sink, (block, row): (&BlockDef, &RowDef), got: &[Token<'_>]) {
    let want = block.columns.len();
    sink.error(
        format!("text.row_values:{}", row.key),
        Some(loc(&got[0])),
        Message::new(
            format!("“{}”一行有 {} 个数值，应为 {want} 个（数值少了；可能有空格拆开或粘连的数字、缺失的单元格）", row.label, got.len()),
            format!("row \"{}\" ({}) has {} values, expected {want} (too few; digits split or run together, or a missing cell?)", row.label, row.key, got.len()),
        ),
    );
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
    // A page number between labels (a footer inside the table) is no value:
    // a lone small number on its line with labels (or the heading) before
    // it and labels after it.
    let mut at: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.kind == Kind::Value
                && !(is_page_number(tokens, *i)
                    && (*i == 0 || tokens[i - 1].kind == Kind::Label)
                    && tokens.get(i + 1).is_some_and(|n| n.kind == Kind::Label))
        })
        .map(|(i, _)| i)
        .collect();
    // So is one more value alone on its line before or after the row
    // (the footer of a page break between header and row, or of the page
    // the table ends on).
    if at.len() == cells.len() + 1 {
        // The table's sums (each group's total) over a reading.
        let fits = |r: &[usize]| -> Option<bool> {
            let value = |c: CellId| {
                let k = cells.iter().position(|&x| x == c)?;
                match read_cell(tokens[r[k]].text, nianbao_model::ValueKind::Count) {
                    CellText::Number(Value::Count(x), _) => Some(x as u128),
                    _ => None,
                }
            };
            let mut any = false;
            for e in nianbao_model::rules::equations(form.version) {
                if !e.left.iter().chain(&e.right).all(|c| cells.contains(c)) {
                    continue;
                }
                let side = |s: &[CellId]| s.iter().map(|&c| value(c)).sum::<Option<u128>>();
                // A blank in it: the sum cannot be checked.
                if let (Some(l), Some(r)) = (side(&e.left), side(&e.right)) {
                    any = true;
                    if l != r {
                        return Some(false);
                    }
                }
            }
            any.then_some(true)
        };
        if let Some(k) = page_number_at_end(tokens, &at, fits) {
            at.remove(k);
        }
    }
    let values: Vec<&Token<'_>> = at.iter().map(|&i| &tokens[i]).collect();
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
