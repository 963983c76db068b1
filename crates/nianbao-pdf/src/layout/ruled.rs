//! Tables ruled only across: a rule above, a rule below (and perhaps one
//! under the header), no column lines — as pandoc's pages print, and as
//! "three-line" table styles draw. Columns are taken from where the rules
//! are broken: a browser draws each cell's border on its own, so a rule is
//! a row of segments that end at the cells' edges. Rows are the text lines
//! that hold values; a line of label text without values belongs to the
//! nearest such line, and when two are as near, the table is not read.
//! Every value must fall inside one column; a line whose text runs across
//! a column edge in the body, or a rule broken nowhere, leaves the table
//! unread (refused by the form's finder, never guessed).

use super::{cell_text, group_lines, is_number, merge_segs, Region, Table, SNAP};
use crate::content::{Glyph, PageContent, Seg};

/// Most ruling segments (each way) on a page searched for such tables.
const MAX_RULES: usize = 2_000;
/// Most text lines in one such table (the form's longest has about 60):
/// a label line is matched against the lines above it.
const MAX_LINES: usize = 400;

/// The rules of one table: horizontal, drawn across the same span.
struct Rules {
    left: f64,
    right: f64,
    /// Heights, top to bottom.
    at: Vec<f64>,
}

/// The tables of a page ruled only across, outside the tables `taken`
/// (rebuilt from crossing lines). `carry` holds the columns of a table
/// that the page before left open at its foot (no rule closed it): the
/// top of this page goes on with it, and so does a whole page without
/// rules; it is set for the next page likewise.
pub(super) fn tables(
    page: usize,
    p: &PageContent,
    taken: &[Table],
    carry: &mut Option<Vec<f64>>,
) -> Vec<Table> {
    let incoming = carry.take();
    let hs = merge_segs(&p.segs, true);
    let vs = merge_segs(&p.segs, false);
    // A page ruled so densely is no page of three-line tables; the work
    // below stays bounded.
    if hs.len() > MAX_RULES || vs.len() > MAX_RULES {
        return Vec::new();
    }
    let inside_taken = |s: &Seg| {
        taken.iter().any(|t| {
            s.at >= t.ys[0] - SNAP
                && s.at <= t.ys[t.ys.len() - 1] + SNAP
                && s.to > t.xs[0]
                && s.from < t.xs[t.xs.len() - 1]
        })
    };
    // Rules that no vertical line touches.
    let free: Vec<Seg> = hs
        .iter()
        .filter(|h| {
            h.to - h.from > 100.0
                && !inside_taken(h)
                && !vs.iter().any(|v| {
                    v.at >= h.from - SNAP
                        && v.at <= h.to + SNAP
                        && h.at >= v.from - SNAP
                        && h.at <= v.to + SNAP
                })
        })
        .copied()
        .collect();
    let mut groups: Vec<Rules> = Vec::new();
    for h in free {
        match groups
            .iter_mut()
            .find(|g| (g.left - h.from).abs() <= 3.0 && (g.right - h.to).abs() <= 3.0)
        {
            Some(g) => g.at.push(h.at),
            None => groups.push(Rules {
                left: h.from,
                right: h.to,
                at: vec![h.at],
            }),
        }
    }
    // The page's characters (spaces aside) by height, for each span.
    let mut by_y: Vec<&Glyph> = p.glyphs.iter().filter(|g| !g.is_space()).collect();
    by_y.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut out = Vec::new();
    let same_span = |xs: &[f64], g: &Rules| {
        (xs[0] - g.left).abs() <= 3.0 && (xs[xs.len() - 1] - g.right).abs() <= 3.0
    };
    if let Some(xs) = &incoming {
        if !groups.iter().any(|g| same_span(xs, g)) {
            // A page of the table with no rule at all.
            if let Some(t) = table(page, &by_y, xs, 0.0, p.height, true) {
                out.push(t);
                *carry = incoming.clone();
            }
            return out;
        }
    }
    for g in &mut groups {
        g.at.sort_by(f64::total_cmp);
        // The spans between rules, and from the page's edge to the first
        // and from the last rule to the page's edge (a table over a break),
        // each on the columns of the rules that bound it.
        let mut bounds: Vec<Option<f64>> = vec![None];
        bounds.extend(g.at.iter().map(|&y| Some(y)));
        bounds.push(None);
        for w in bounds.windows(2) {
            let Some(xs) = columns(g, &p.segs, w[0], w[1]) else {
                continue;
            };
            // The top of a page only goes on with a table left open.
            let open_top = w[0].is_none();
            if open_top && !incoming.as_ref().is_some_and(|c| same_span(c, g)) {
                continue;
            }
            let (y0, y1) = (w[0].unwrap_or(0.0), w[1].unwrap_or(p.height));
            if let Some(t) = table(page, &by_y, &xs, y0, y1, open_top) {
                if w[1].is_none() {
                    *carry = Some(xs.clone());
                }
                out.push(t);
            }
        }
    }
    out.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}

/// The column edges of a table from the breaks in its rules at `top` and
/// `bottom`: the points where a rule's segments (as drawn, before merging)
/// end inside the span. `None` when no rule is broken (the columns are not
/// drawn) or the two rules are broken at points the other does not have.
fn columns(g: &Rules, segs: &[Seg], top: Option<f64>, bottom: Option<f64>) -> Option<Vec<f64>> {
    let breaks = |y: f64| -> Option<Vec<f64>> {
        let mut ends: Vec<f64> = segs
            .iter()
            .filter(|s| s.horizontal && (s.at - y).abs() <= SNAP / 2.0)
            .filter(|s| s.to > g.left && s.from < g.right)
            .flat_map(|s| [s.from, s.to])
            .filter(|&e| e > g.left + SNAP && e < g.right - SNAP)
            .collect();
        ends.sort_by(f64::total_cmp);
        let mut xs = vec![g.left];
        for e in ends {
            if e - xs[xs.len() - 1] > SNAP {
                xs.push(e);
            }
        }
        xs.push(g.right);
        (xs.len() >= 3).then_some(xs)
    };
    // A rule over merged cells (a header's top) is broken at fewer points:
    // those must be among the other rule's.
    match (top.map(breaks), bottom.map(breaks)) {
        (Some(Some(a)), Some(Some(b))) => {
            let (more, fewer) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            let within = fewer
                .iter()
                .all(|x| more.iter().any(|y| (x - y).abs() <= SNAP));
            within.then_some(more)
        }
        (Some(Some(a)), _) | (_, Some(Some(a))) => Some(a),
        _ => None,
    }
}

/// Whether a cell's text is a dash standing for a blank (`—`, `-`, `/`).
fn is_dash(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '—' | '-' | '－' | '–' | '―' | '/' | '／'))
}

/// Whether a label starts an item or group: `一、`, `（二）`, `1.`, `2、`.
fn starts_item(t: &str) -> bool {
    if super::is_heading(t) {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && t.chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '.' | '、' | '．'))
}

/// A run of characters on one line: no gap wider than half a character.
struct Run<'a> {
    glyphs: Vec<&'a Glyph>,
    /// The first and last column its characters' middles fall in.
    first: usize,
    last: usize,
    /// Its baseline (a line may gather runs a little apart).
    y: f64,
}

/// A text line of the table: its height and runs.
struct TextLine<'a> {
    y: f64,
    runs: Vec<Run<'a>>,
}

/// The table between the heights `y0` and `y1` on columns `xs`, when the
/// span holds one: lines with values in the value columns, every value
/// inside one column, every label line nearer to one value line than to
/// any other.
fn table(
    page: usize,
    by_y: &[&Glyph],
    xs: &[f64],
    y0: f64,
    y1: f64,
    open_top: bool,
) -> Option<Table> {
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let cols = xs.len() - 1;
    let col_of = |x: f64| xs.partition_point(|&e| e <= x).clamp(1, cols) - 1;
    let lo = by_y.partition_point(|g| g.cy() <= y0);
    let hi = by_y.partition_point(|g| g.cy() < y1);
    let band = &by_y[lo..hi.max(lo)];
    // A line that runs out of the span is text around the table.
    if band
        .iter()
        .any(|g| g.cx() < left - SNAP || g.cx() > right + SNAP)
    {
        return None;
    }
    let glyphs: Vec<Glyph> = band
        .iter()
        .filter(|g| g.cx() > left && g.cx() < right)
        .map(|g| (*g).clone())
        .collect();
    if glyphs.is_empty() || glyphs.len() > MAX_LINES * 50 {
        return None;
    }
    let grouped = group_lines(&glyphs);
    if grouped.len() > MAX_LINES {
        return None;
    }
    let lines: Vec<TextLine> = grouped
        .iter()
        .map(|l| {
            let mut runs: Vec<Run> = Vec::new();
            for g in l {
                let c = col_of(g.cx());
                match runs.last_mut() {
                    Some(r) if g.x0 - r.glyphs[r.glyphs.len() - 1].x1 <= g.size * 0.5 => {
                        r.glyphs.push(g);
                        r.last = c;
                    }
                    _ => runs.push(Run {
                        glyphs: vec![g],
                        first: c,
                        last: c,
                        y: 0.0,
                    }),
                }
            }
            for r in &mut runs {
                r.y = r.glyphs.iter().map(|g| g.y).sum::<f64>() / r.glyphs.len() as f64;
            }
            let y = l.iter().map(|g| g.y).sum::<f64>() / l.len() as f64;
            TextLine { y, runs }
        })
        .collect();
    let text = |r: &Run| -> String { r.glyphs.iter().map(|g| g.text.as_str()).collect() };
    // A line across most of the span is a title or prose, not a table's.
    let wide = lines
        .iter()
        .flat_map(|l| &l.runs)
        .any(|r| r.glyphs[r.glyphs.len() - 1].x1 - r.glyphs[0].x0 > (right - left) * 0.75);
    if wide {
        return None;
    }
    // Value columns: from the first column that holds a number alone.
    let first_value = lines
        .iter()
        .flat_map(|l| &l.runs)
        .filter(|r| r.first == r.last && is_number(&text(r)))
        .map(|r| r.first)
        .min()?;
    // A line with a number (or a blank's dash) in a value column; the
    // lines above the first are the header, unless the span goes on from
    // the page before (its top is the page's edge).
    let is_value_line = |l: &TextLine| {
        l.runs
            .iter()
            .any(|r| r.last >= first_value && (is_number(&text(r)) || is_dash(&text(r))))
    };
    let mut first_row = if open_top {
        0
    } else {
        lines.iter().position(is_value_line)?
    };
    // The first row's label may begin on lines above its values: up to
    // the line that starts its item (`一、本年新收政府` above `信息公开申
    // 请数量 231 …`), through lines of label text only.
    if let Some(k) = (0..first_row)
        .rev()
        .take_while(|&k| lines[k].runs.iter().all(|r| r.last < first_value))
        .find(|&k| lines[k].runs.first().is_some_and(|r| starts_item(&text(r))))
    {
        first_row = k;
    }
    // A line is a row of its own when it holds values, or text in the
    // value columns (a header inside the table: `信息内容 本年处理决定数量`).
    let is_row = |l: &TextLine| l.runs.iter().any(|r| r.last >= first_value);
    let row_lines: Vec<usize> = (first_row..lines.len())
        .filter(|&i| is_row(&lines[i]))
        .collect();
    // Every value inside one column; no number in a label column.
    for l in &lines[first_row..] {
        for r in &l.runs {
            let t = text(r);
            let number = is_number(&t);
            if number && (r.first != r.last || r.first < first_value) {
                return None;
            }
        }
    }
    // Label text on lines of its own belongs to a row: a run that starts
    // an item (`（二）`, `1.`, `三、`) to the row it begins, the next row
    // below; a run that goes on from the text a cell's line above it in
    // its column, to that text's row; any other to the nearest row, when
    // one is nearest (a tie refuses the table).
    // The pitch of a cell's lines: the least step from a line to the next
    // with text in the same column. Text goes on from the line above only
    // that near (rows stand further apart, by their cells' padding).
    let above_in_column = |i: usize, r: &Run| {
        (first_row..i).rev().find_map(|j| {
            lines[j]
                .runs
                .iter()
                .position(|q| q.first <= r.last && q.last >= r.first)
                .map(|q| (j, q))
        })
    };
    // A row's height: that of its values (or of its text in the value
    // columns).
    let row_y = |v: usize| {
        let ys: Vec<f64> = lines[v]
            .runs
            .iter()
            .filter(|r| r.last >= first_value)
            .map(|r| r.y)
            .collect();
        ys.iter().sum::<f64>() / ys.len().max(1) as f64
    };
    let pitch = (first_row..lines.len())
        .flat_map(|i| lines[i].runs.iter().map(move |r| (i, r)))
        .filter_map(|(i, r)| above_in_column(i, r).map(|(j, q)| r.y - lines[j].runs[q].y))
        .filter(|&d| d > 1.0)
        .fold(f64::MAX, f64::min);
    let reach = pitch * 1.2;
    let mut owner: Vec<Vec<usize>> = lines
        .iter()
        .map(|l| vec![usize::MAX; l.runs.len()])
        .collect();
    for (i, l) in lines.iter().enumerate().skip(first_row) {
        for (k, r) in l.runs.iter().enumerate() {
            if row_lines.contains(&i) {
                owner[i][k] = i;
                continue;
            }
            let below = row_lines.iter().copied().find(|&j| j > i);
            let above = above_in_column(i, r)
                .filter(|&(j, q)| r.y - lines[j].runs[q].y <= reach)
                .map(|(j, q)| owner[j][q]);
            owner[i][k] = if starts_item(&text(r)) {
                below?
            } else if let Some(o) = above.filter(|&o| o != usize::MAX) {
                o
            } else {
                let mut near: Vec<(f64, usize)> = row_lines
                    .iter()
                    .map(|&v| ((row_y(v) - r.y).abs(), v))
                    .collect();
                near.sort_by(|a, b| a.0.total_cmp(&b.0));
                match near[..] {
                    [(_, v)] => v,
                    [(d0, v), (d1, _), ..] if d1 - d0 > d0.max(1.0) * 0.25 => v,
                    _ => return None,
                }
            };
        }
    }
    // Each row's own label (its rightmost label column with text) stands
    // centred on its values, as a cell's text does: a label that gathered
    // a line of the row below (or lost one) is off centre, and the table
    // is not read.
    for &v in &row_lines {
        let mut at: Vec<(usize, f64)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            for (q, r) in l.runs.iter().enumerate() {
                if owner[i][q] == v && r.first < first_value {
                    at.push((r.last, r.y));
                }
            }
        }
        let Some(col) = at.iter().map(|a| a.0).max() else {
            continue;
        };
        let ys: Vec<f64> = at.iter().filter(|a| a.0 == col).map(|a| a.1).collect();
        let (lo, hi) = ys
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &y| (lo.min(y), hi.max(y)));
        if ((lo + hi) / 2.0 - row_y(v)).abs() > pitch * 0.5 + 1.0 {
            return None;
        }
    }
    let mut regions: Vec<Region> = Vec::new();
    let region = |top: usize, left: usize, bottom: usize, right: usize, text: String| Region {
        top,
        left,
        bottom,
        right,
        glyphs: Vec::new(),
        text,
    };
    // The header: a run over several columns is a cell over them, the
    // runs of one line on one row (a run under one of the same columns on
    // the next line joined to it); the runs within one column are joined
    // top to bottom into that column's cell, on the last header row. Where
    // the header's text stands at its columns' left edges, a cell over
    // several columns reaches on to the next text of its line (pandoc's
    // `行政复议` over five columns, `行政诉讼` beside it).
    let head = &lines[..first_row];
    let left_aligned = {
        let singles: Vec<&Run> = head
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.first == r.last)
            .collect();
        !singles.is_empty()
            && singles
                .iter()
                .all(|r| r.glyphs[0].x0 - xs[r.first] <= r.glyphs[0].size)
    };
    let has_leaf: Vec<bool> = (0..cols)
        .map(|c| {
            head.iter()
                .flat_map(|l| &l.runs)
                .any(|r| r.first == c && r.last == c)
        })
        .collect();
    let mut header_rows: Vec<Vec<(usize, usize, String)>> = Vec::new();
    let mut leaves: Vec<String> = vec![String::new(); cols];
    let mut last_line_row: Option<usize> = None;
    for l in head {
        let mut this_row: Option<usize> = None;
        for (k, r) in l.runs.iter().enumerate() {
            let t = cell_text(&r.glyphs.iter().map(|g| (*g).clone()).collect::<Vec<_>>());
            if r.first == r.last {
                leaves[r.first].push_str(&t);
                continue;
            }
            // It reaches on over the columns like its first one: with a
            // column's own header text below, or without.
            let last = if left_aligned {
                let next = l.runs.get(k + 1).map_or(cols, |n| n.first);
                (r.last..next.max(r.last + 1))
                    .take_while(|&c| has_leaf[c] == has_leaf[r.first])
                    .last()
                    .unwrap_or(r.last)
                    .max(r.last)
            } else {
                r.last
            };
            let go_on = last_line_row.and_then(|h| {
                header_rows[h]
                    .iter_mut()
                    .find(|c| c.0 == r.first && c.1 == last)
                    .map(|c| {
                        c.2.push_str(&t);
                        h
                    })
            });
            if go_on.is_some() {
                this_row = this_row.or(go_on);
                continue;
            }
            let h = *this_row.get_or_insert_with(|| {
                header_rows.push(Vec::new());
                header_rows.len() - 1
            });
            header_rows[h].push((r.first, last, t));
        }
        last_line_row = this_row;
    }
    let mut row = 0;
    for cells in header_rows {
        for (a, b, t) in &cells {
            regions.push(region(row, *a, row, *b, t.clone()));
        }
        for c in (0..cols).filter(|c| !cells.iter().any(|x| x.0 <= *c && x.1 >= *c)) {
            regions.push(region(row, c, row, c, String::new()));
        }
        row += 1;
    }
    if first_row > 0 {
        for (c, t) in leaves.into_iter().enumerate() {
            regions.push(region(row, c, row, c, t));
        }
        row += 1;
    }
    // The body rows, one per row line.
    let mut ys = vec![y0];
    for (k, &v) in row_lines.iter().enumerate() {
        let mut cells: Vec<(usize, usize, Vec<&Glyph>)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            for (q, r) in l.runs.iter().enumerate() {
                if owner[i][q] != v {
                    continue;
                }
                match cells.iter_mut().find(|c| c.0 <= r.last && c.1 >= r.first) {
                    Some(c) => {
                        c.0 = c.0.min(r.first);
                        c.1 = c.1.max(r.last);
                        c.2.extend(&r.glyphs);
                    }
                    None => cells.push((r.first, r.last, r.glyphs.clone())),
                }
            }
        }
        for c in 0..cols {
            if !cells.iter().any(|x| x.0 <= c && x.1 >= c) {
                cells.push((c, c, Vec::new()));
            }
        }
        for (a, b, gs) in cells {
            let gs: Vec<Glyph> = gs.into_iter().cloned().collect();
            regions.push(region(row + k, a, row + k, b, cell_text(&gs)));
        }
        if k + 1 < row_lines.len() {
            ys.push((lines[v].y + lines[row_lines[k + 1]].y) / 2.0);
        }
    }
    let rows = row + row_lines.len();
    // The header rows share the span above the first value line.
    let head_bottom = lines[first_row].y - lines[first_row].runs[0].glyphs[0].size;
    for k in 0..row {
        ys.insert(
            k + 1,
            y0 + (head_bottom.max(y0) - y0) * (k + 1) as f64 / (row + 1) as f64,
        );
    }
    ys.push(y1);
    if ys.len() != rows + 1 {
        return None;
    }
    regions.sort_by_key(|r| (r.top, r.left));
    Some(Table {
        page,
        last_page: page,
        top: y0,
        bottom: y1,
        xs: xs.to_vec(),
        ys,
        rows,
        regions,
        open_bottom: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `t` from `x`, 10 points each, on the baseline `y`.
    fn text(t: &str, x: f64, y: f64) -> Vec<Glyph> {
        t.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + i as f64 * 10.0,
                x1: x + (i + 1) as f64 * 10.0,
                y,
                size: 10.0,
            })
            .collect()
    }

    /// A rule at `y` drawn cell by cell over columns 0–100, 100–150,
    /// 150–200, as a browser draws a table's top or bottom border.
    fn rule(y: f64) -> Vec<Seg> {
        [(0.0, 100.0), (100.0, 150.0), (150.0, 200.0)]
            .iter()
            .map(|&(from, to)| Seg {
                horizontal: true,
                at: y,
                from,
                to,
            })
            .collect()
    }

    /// The one table of a page with rules at 100 and `bottom` and the
    /// glyphs given; its cells as (row, first column, text).
    fn read(bottom: f64, glyphs: Vec<Glyph>) -> Option<Vec<(usize, usize, String)>> {
        let mut segs = rule(100.0);
        segs.extend(rule(bottom));
        let page = super::super::test_page(segs, glyphs);
        let mut carry = None;
        let t = tables(0, &page, &[], &mut carry);
        (t.len() == 1).then(|| {
            t[0].regions
                .iter()
                .filter(|r| !r.text.is_empty())
                .map(|r| (r.top, r.left, r.text.clone()))
                .collect()
        })
    }

    /// Header `项目 甲 乙`, then `行政强制 1 2`, then `行政事业性收费`
    /// wrapped over two lines `gap` below, its values between them.
    fn wrapped(gap: f64) -> Vec<Glyph> {
        let mut g = text("项目", 5.0, 115.0);
        g.extend(text("甲", 105.0, 115.0));
        g.extend(text("乙", 155.0, 115.0));
        g.extend(text("行政强制", 5.0, 140.0));
        g.extend(text("1", 105.0, 140.0));
        g.extend(text("2", 155.0, 140.0));
        let y = 140.0 + gap;
        g.extend(text("行政事业性", 5.0, y));
        g.extend(text("收费", 5.0, y + 18.0));
        g.extend(text("3", 105.0, y + 9.0));
        g.extend(text("4", 155.0, y + 9.0));
        g
    }

    #[test]
    fn a_table_ruled_above_and_below_reads_on_the_rules_breaks() {
        // Rows 22.5 points apart, a cell's lines 18: the wrapped label is
        // its own row's.
        let cells = read(220.0, wrapped(22.5)).expect("a table");
        assert!(cells.contains(&(0, 1, "甲".into())), "{cells:?}");
        assert!(cells.contains(&(1, 0, "行政强制".into())), "{cells:?}");
        assert!(
            cells.contains(&(2, 0, "行政事业性收费".into())),
            "{cells:?}"
        );
        assert!(cells.contains(&(2, 1, "3".into())), "{cells:?}");
        assert!(cells.contains(&(2, 2, "4".into())), "{cells:?}");
    }

    #[test]
    fn a_wrapped_label_that_could_go_to_the_row_above_refuses_the_table() {
        // Rows as far apart as a cell's lines: `行政事业性` could go on
        // from `行政强制`; the label would then stand off its values' centre.
        assert_eq!(read(220.0, wrapped(18.0)), None);
    }

    #[test]
    fn prose_between_rules_is_no_table() {
        let mut g = text("本年度共收到申请并全部按时办结完毕", 5.0, 120.0);
        g.extend(text("12", 155.0, 140.0));
        assert_eq!(read(160.0, g), None);
    }

    #[test]
    fn a_value_across_a_column_edge_refuses_the_table() {
        let mut g = text("项目", 5.0, 115.0);
        g.extend(text("甲", 105.0, 115.0));
        g.extend(text("乙", 155.0, 115.0));
        g.extend(text("合计", 5.0, 140.0));
        // `1234` from 130 to 170 runs over the edge at 150.
        g.extend(text("1234", 130.0, 140.0).into_iter().map(|mut x| {
            x.x1 = x.x0 + 10.0;
            x
        }));
        assert_eq!(read(160.0, g), None);
    }
}
