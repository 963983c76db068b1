//! From characters and ruling lines to a [`Document`]: tables rebuilt from
//! the lines that cross each other (a cell is a box no line cuts; cells
//! that no line separates are merged), characters put into cells by where
//! their middle falls, a cell's wrapped lines joined; a table cut by a page
//! break joined to its rest (a row cut in two joined, a label cell that
//! runs on over the break merged); page numbers and repeated headers
//! dropped; the other lines joined into paragraphs; the title taken from the
//! largest text of the first page.

use crate::content::{Glyph, PageContent, Seg};
use crate::limits::MAX_TABLE_LINES;
use nianbao_model::document::{table_name, Document};
use nianbao_model::grid::{CellValue, Rect, Sheet};
use std::collections::HashMap;

mod ruled;

/// How close two coordinates must be to be one line (points).
const SNAP: f64 = 2.0;

/// A line of text.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// Whether the producer ended the line with a space, or began it with
    /// one (a space at the wrap: `发布` / `915 条`).
    trailing_space: bool,
    leading_space: bool,
}

/// A cell region of a rebuilt table.
#[derive(Debug, Clone)]
struct Region {
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
    glyphs: Vec<Glyph>,
    text: String,
}

/// A table rebuilt on one page (or joined over several).
#[derive(Debug, Clone)]
struct Table {
    page: usize,
    last_page: usize,
    top: f64,
    bottom: f64,
    xs: Vec<f64>,
    ys: Vec<f64>,
    rows: usize,
    regions: Vec<Region>,
    /// Whether the last row has no bottom line (a page break cut it).
    open_bottom: bool,
}

impl Table {
    fn contains(&self, g: &Glyph) -> bool {
        let (x, y) = (g.cx(), g.cy());
        x >= self.xs[0] - 0.5
            && x <= self.xs[self.xs.len() - 1] + 0.5
            && y >= self.ys[0] - 0.5
            && y <= self.ys[self.ys.len() - 1] + 0.5
    }
}

/// The document of a PDF's pages.
pub fn document(pages: &[PageContent]) -> Document {
    let mut tables: Vec<Table> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut carry = None;
    for (i, p) in pages.iter().enumerate() {
        let mut page_tables = tables_of(i, p);
        let ruled = ruled::tables(i, p, &page_tables, &mut carry);
        page_tables.extend(ruled);
        page_tables.sort_by(|a, b| a.top.total_cmp(&b.top));
        let outside: Vec<Glyph> = p
            .glyphs
            .iter()
            .filter(|g| !page_tables.iter().any(|t| t.contains(g)))
            .cloned()
            .collect();
        for mut l in text_lines(&outside) {
            l.page = i;
            lines.push(l);
        }
        tables.extend(page_tables);
    }
    let lines = drop_headers_and_footers(lines, pages);
    let tables = join_across_pages(tables, &lines);
    let title = title_of(&lines);
    let paragraphs = paragraphs_of(&lines, &tables);
    Document {
        title,
        title_fallbacks: Vec::new(),
        paragraphs,
        tables: tables
            .iter()
            .enumerate()
            .map(|(i, t)| sheet_of(t, &sheet_name(i + 1, t)))
            .collect(),
    }
}

/// A table's name in locations: the document's `表格N` with the pages it
/// stands on, so that `表格2（第2-3页）!C16` tells where to look.
fn sheet_name(n: usize, t: &Table) -> String {
    if t.page == t.last_page {
        format!("{}（第{}页）", table_name(n), t.page + 1)
    } else {
        format!(
            "{}（第{}-{}页）",
            table_name(n),
            t.page + 1,
            t.last_page + 1
        )
    }
}

/// Values within [`SNAP`] of each other, as their means, sorted.
fn cluster(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f64 <= SNAP => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f64).collect()
}

/// Collinear segments that overlap or touch, merged.
fn merge_segs(segs: &[Seg], horizontal: bool) -> Vec<Seg> {
    let mut v: Vec<Seg> = segs
        .iter()
        .filter(|s| s.horizontal == horizontal && s.to - s.from >= 2.0)
        .copied()
        .collect();
    v.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Seg> = Vec::new();
    let mut group: Vec<Seg> = Vec::new();
    let flush = |group: &mut Vec<Seg>, out: &mut Vec<Seg>| {
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Seg> = None;
        for s in group.drain(..) {
            match &mut cur {
                Some(c) if s.from <= c.to + SNAP => c.to = c.to.max(s.to),
                _ => {
                    if let Some(c) = cur.take() {
                        out.push(c);
                    }
                    cur = Some(s);
                }
            }
        }
        if let Some(c) = cur {
            out.push(c);
        }
    };
    for s in v {
        if let Some(f) = group.first() {
            if s.at - f.at > SNAP / 2.0 {
                flush(&mut group, &mut out);
            }
        }
        group.push(s);
    }
    flush(&mut group, &mut out);
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

/// The tables of a page, from its ruling lines.
fn tables_of(page: usize, p: &PageContent) -> Vec<Table> {
    let hs = merge_segs(&p.segs, true);
    let vs = merge_segs(&p.segs, false);
    if hs.len() < 2 || vs.len() < 2 || hs.len() + vs.len() > 20_000 {
        return Vec::new();
    }
    let mut raw_h: Vec<Seg> = p
        .segs
        .iter()
        .filter(|s| s.horizontal && s.to - s.from >= 2.0)
        .copied()
        .collect();
    raw_h.sort_by(|a, b| a.at.total_cmp(&b.at));
    // The characters by height, so that each table looks at its own.
    let mut by_y: Vec<&Glyph> = p.glyphs.iter().collect();
    by_y.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    // Components of crossing segments.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut vs_by_x: Vec<usize> = (0..vs.len()).collect();
    vs_by_x.sort_by(|&a, &b| vs[a].at.total_cmp(&vs[b].at));
    for (i, h) in hs.iter().enumerate() {
        let lo = vs_by_x.partition_point(|&j| vs[j].at < h.from - SNAP);
        for &j in &vs_by_x[lo..] {
            let v = &vs[j];
            if v.at > h.to + SNAP {
                break;
            }
            if h.at >= v.from - SNAP && h.at <= v.to + SNAP {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut comps: HashMap<usize, (Vec<Seg>, Vec<Seg>)> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = comps.entry(r).or_default();
        if i < hs.len() {
            e.0.push(hs[i]);
        } else {
            e.1.push(vs[i - hs.len()]);
        }
    }
    let mut out: Vec<Table> = comps
        .into_values()
        .filter_map(|(h, v)| grid_of(page, &h, &v, &raw_h, &by_y))
        .collect();
    out.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}

/// Whether a line at `at` borders the span `lo..hi`: it runs along at least
/// half of it, or 4 points of it (a cell's side line that a page break cut
/// short still counts; a line cap poking past a crossing does not).
fn covers(segs: &[Seg], at: f64, lo: f64, hi: f64) -> bool {
    let need = ((hi - lo) * 0.5).min(4.0);
    segs.iter()
        .any(|s| (s.at - at).abs() <= SNAP && s.to.min(hi) - s.from.max(lo) >= need)
}

/// A table from one component of crossing lines; `raw_h` are the page's
/// horizontal segments as drawn (before [`merge_segs`]), sorted by `at`;
/// `by_y` the page's characters sorted by their middle's height.
fn grid_of(page: usize, hs: &[Seg], vs: &[Seg], raw_h: &[Seg], by_y: &[&Glyph]) -> Option<Table> {
    if hs.is_empty() || vs.is_empty() {
        return None;
    }
    // The characters within the lines' reach.
    let top = hs.iter().map(|s| s.at).chain(vs.iter().map(|s| s.from));
    let bottom = hs.iter().map(|s| s.at).chain(vs.iter().map(|s| s.to));
    let (top, bottom) = (
        top.fold(f64::MAX, f64::min),
        bottom.fold(f64::MIN, f64::max),
    );
    let left = vs.iter().map(|s| s.at).chain(hs.iter().map(|s| s.from));
    let right = vs.iter().map(|s| s.at).chain(hs.iter().map(|s| s.to));
    let (left, right) = (
        left.fold(f64::MAX, f64::min),
        right.fold(f64::MIN, f64::max),
    );
    let lo = by_y.partition_point(|g| g.cy() < top - 1.0);
    let hi = by_y.partition_point(|g| g.cy() <= bottom + 1.0);
    let glyphs: Vec<&Glyph> = by_y[lo..hi.max(lo)]
        .iter()
        .filter(|g| g.cx() >= left - 1.0 && g.cx() <= right + 1.0)
        .copied()
        .collect();
    let glyphs = &glyphs[..];
    // Sorted, as `glyphs` are.
    let glyph_ys: Vec<f64> = glyphs.iter().map(|g| g.cy()).collect();
    let mut ys = close_lines_as_one(cluster(hs.iter().map(|s| s.at).collect()), &glyph_ys);
    // Column lines a few points apart stay apart: Chromium may draw a
    // header's edge three points off the body's column line, and which
    // side a cell starts on tells which header it stands under.
    let mut xs = cluster(vs.iter().map(|s| s.at).collect());
    // A row cut by a page break may have its side lines but no bottom (or
    // top) line: the end of the side lines closes it.
    let mut open_bottom = false;
    if let (Some(&first), Some(&last)) = (ys.first(), ys.last()) {
        let lo = vs.iter().map(|s| s.from).fold(f64::MAX, f64::min);
        let hi = vs.iter().map(|s| s.to).fold(f64::MIN, f64::max);
        if lo < first - 3.0 * SNAP {
            ys.insert(0, lo);
        }
        if hi > last + 3.0 * SNAP {
            ys.push(hi);
            open_bottom = true;
        }
    }
    let mut hs = hs.to_vec();
    for &y in [ys[0], ys[ys.len() - 1]].iter() {
        hs.push(Seg {
            horizontal: true,
            at: y,
            from: f64::MIN,
            to: f64::MAX,
        });
    }
    let hs = &hs[..];
    if ys.len() < 2 || xs.len() < 2 || ys.len() > MAX_TABLE_LINES || xs.len() > MAX_TABLE_LINES {
        return None;
    }
    // Column lines the producer left out, where the rules of the rows end.
    let implied = implied_columns(&xs, &ys, raw_h, glyphs);
    let mut vs_all;
    let vs = if implied.is_empty() {
        vs
    } else {
        vs_all = vs.to_vec();
        vs_all.extend(implied);
        xs = cluster(vs_all.iter().map(|s| s.at).collect());
        if xs.len() > MAX_TABLE_LINES {
            return None;
        }
        &vs_all[..]
    };
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows * cols > 200_000 {
        return None;
    }
    let idx = |r: usize, c: usize| r * cols + c;
    // The segments on each grid line, so that a cell looks at its own.
    let on = |lines: &[f64], segs: &[Seg]| -> Vec<Vec<Seg>> {
        lines
            .iter()
            .map(|&at| {
                segs.iter()
                    .filter(|s| (s.at - at).abs() <= SNAP)
                    .copied()
                    .collect()
            })
            .collect()
    };
    let (h_at, v_at) = (on(&ys, hs), on(&xs, vs));
    // Which cells a drawn line parts: `vcut[idx(r, c)]` between (r, c) and
    // (r, c + 1), `hcut[idx(r, c)]` between (r, c) and (r + 1, c).
    let mut vcut = vec![false; rows * cols];
    let mut hcut = vec![false; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols {
                vcut[idx(r, c)] = covers(&v_at[c + 1], xs[c + 1], ys[r], ys[r + 1]);
            }
            if r + 1 < rows {
                hcut[idx(r, c)] = covers(&h_at[r + 1], ys[r + 1], xs[c], xs[c + 1]);
            }
        }
    }
    let (left, right) = (xs[0] - 0.5, xs[cols] + 0.5);
    let (top, bottom) = (ys[0] - 0.5, ys[rows] + 0.5);
    let mut in_cell: Vec<Vec<&Glyph>> = vec![Vec::new(); rows * cols];
    for &g in glyphs {
        let (x, y) = (g.cx(), g.cy());
        if x >= left && x <= right && y >= top && y <= bottom {
            let r = ys.partition_point(|&l| l <= y).clamp(1, rows) - 1;
            let c = xs.partition_point(|&l| l <= x).clamp(1, cols) - 1;
            in_cell[idx(r, c)].push(g);
        }
    }
    let grid = Grid {
        rows,
        cols,
        xs: &xs,
        ys: &ys,
        in_cell: &in_cell,
    };
    let mut budget = MAX_MEND_VISITS;
    grid.align_stray_rules(&mut hcut);
    grid.square_regions(&mut vcut, &mut hcut, &mut budget);
    grid.part_value_runs(&mut vcut, &hcut, &mut budget);
    let mut parent = grid.components(&vcut, &hcut);
    let mut regions: HashMap<usize, Region> = HashMap::new();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, idx(r, c));
            let e = regions.entry(root).or_insert(Region {
                top: r,
                left: c,
                bottom: r,
                right: c,
                glyphs: Vec::new(),
                text: String::new(),
            });
            e.top = e.top.min(r);
            e.left = e.left.min(c);
            e.bottom = e.bottom.max(r);
            e.right = e.right.max(c);
        }
    }
    // A lone box with no inner line is a frame, not a table.
    if regions.len() < 2 {
        return None;
    }
    let mut t = Table {
        page,
        last_page: page,
        top: ys[0],
        bottom: ys[rows],
        xs,
        ys,
        rows,
        regions: Vec::new(),
        open_bottom,
    };
    for (i, gs) in in_cell.iter().enumerate() {
        let root = find(&mut parent, i);
        if let Some(reg) = regions.get_mut(&root) {
            reg.glyphs.extend(gs.iter().map(|g| (*g).clone()));
        }
    }
    let mut regs: Vec<Region> = regions.into_values().collect();
    for r in &mut regs {
        r.text = cell_text(&r.glyphs);
    }
    // An empty sliver lower than a line of text is the gap between two
    // borders that do not meet (a merged cell drawn a little taller than
    // its rows), not a cell.
    let mut sizes: Vec<f64> = regs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.size))
        .collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    let ys = &t.ys;
    regs.retain(|r| !(r.text.is_empty() && ys[r.bottom + 1] - ys[r.top] < size * 1.1));
    regs.sort_by_key(|r| (r.top, r.left));
    t.regions = regs;
    Some(t)
}

/// Whether a glyph's box runs across the column line `x` (a space does
/// not: it is drawn as nothing).
fn straddles(g: &Glyph, x: f64) -> bool {
    !g.is_space() && g.x0 < x - 0.5 && g.x1 > x + 0.5
}

/// Column lines a table implies without drawing them. Chromium leaves out
/// the side borders of a cell whose bottom border is `outset` (a Word
/// report's thick rule, saved as HTML by LibreOffice): the cell `（三）不予
/// 公开` then has no right border, but the bottom rules of the rows beside
/// it (`1.属于国家秘密` …) all end at its edge. Where horizontal rules end
/// inside a column (away from every drawn column line) at one `x` on two
/// lines or more, a line at `x` is implied in each band that such an end
/// borders, and on through the bands beyond up to a rule that runs across
/// `x`; never in a band where a character runs across `x`.
fn implied_columns(xs: &[f64], ys: &[f64], raw_h: &[Seg], glyphs: &[&Glyph]) -> Vec<Seg> {
    debug_assert!(glyphs.windows(2).all(|w| w[0].cy() <= w[1].cy()));
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let (top, bottom) = (ys[0], ys[ys.len() - 1]);
    let lo = raw_h.partition_point(|s| s.at < top - SNAP);
    let hi = raw_h.partition_point(|s| s.at <= bottom + SNAP);
    // Free ends: (x, index of the line).
    let mut ends: Vec<(f64, usize)> = Vec::new();
    for s in &raw_h[lo..hi.max(lo)] {
        if s.to < left || s.from > right {
            continue;
        }
        let i = ys.partition_point(|&y| y < s.at - SNAP);
        if i >= ys.len() || (ys[i] - s.at).abs() > SNAP {
            continue;
        }
        for e in [s.from, s.to] {
            if e > left + SNAP && e < right - SNAP && xs.iter().all(|x| (x - e).abs() > SNAP) {
                ends.push((e, i));
            }
        }
    }
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut k = 0;
    let mut groups = 0;
    while k < ends.len() {
        let start = ends[k].0;
        let n = ends[k..].partition_point(|e| e.0 - start <= 1.0);
        let group = &ends[k..k + n];
        k += n;
        let mut lines: Vec<usize> = group.iter().map(|e| e.1).collect();
        lines.sort_unstable();
        lines.dedup();
        if lines.len() < 2 {
            continue;
        }
        // A table misses a few column lines, not dozens: rules ending
        // everywhere are no table's, and mending them would cost more.
        groups += 1;
        if groups > MAX_IMPLIED_COLUMNS {
            return Vec::new();
        }
        let x = group.iter().map(|e| e.0).sum::<f64>() / group.len() as f64;
        let bands = ys.len() - 1;
        let open = |r: usize| {
            let (y0, y1) = (ys[r], ys[r + 1]);
            let lo = glyphs.partition_point(|g| g.cy() <= y0);
            !glyphs[lo..]
                .iter()
                .take_while(|g| g.cy() < y1)
                .any(|g| straddles(g, x))
        };
        // Whether a rule on line `i` runs on across `x`.
        let crosses = |i: usize| {
            let lo = raw_h.partition_point(|s| s.at < ys[i] - SNAP);
            raw_h[lo..]
                .iter()
                .take_while(|s| s.at <= ys[i] + SNAP)
                .any(|s| s.from < x - 1.0 && s.to > x + 1.0)
        };
        let mut on = vec![false; bands];
        for &i in &lines {
            for r in [i.checked_sub(1), (i < bands).then_some(i)]
                .into_iter()
                .flatten()
            {
                on[r] = on[r] || open(r);
            }
        }
        // The line goes on through the bands beyond, up to a rule that
        // runs across it or a character on it.
        for r in 0..bands {
            if !on[r] {
                continue;
            }
            let mut k = r;
            while k > 0 && !on[k - 1] && !crosses(k) && open(k - 1) {
                on[k - 1] = true;
                k -= 1;
            }
            let mut k = r;
            while k + 1 < bands && !on[k + 1] && !crosses(k + 1) && open(k + 1) {
                on[k + 1] = true;
                k += 1;
            }
        }
        for (r, _) in on.iter().enumerate().filter(|(_, on)| **on) {
            out.push(Seg {
                horizontal: false,
                at: x,
                from: ys[r],
                to: ys[r + 1],
            });
        }
    }
    out
}

/// Grid lines closer than a line of text can be tall, with no text between
/// (`glyphs_at`: the characters' middles, sorted), as one: a double or
/// `outset` border (Chromium draws a cell's thick bottom border 2.5 points
/// below its neighbours' thin ones), not a row.
fn close_lines_as_one(lines: Vec<f64>, glyphs_at: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(lines.len());
    let mut run_start = f64::NAN;
    for y in lines {
        if let Some(last) = out.last_mut() {
            let start = if run_start.is_nan() { *last } else { run_start };
            let between = glyphs_at.partition_point(|&g| g <= start) < glyphs_at.len()
                && glyphs_at[glyphs_at.partition_point(|&g| g <= start)] < y;
            if y - start < 4.0 && !between {
                run_start = start;
                *last = (start + y) / 2.0;
                continue;
            }
        }
        run_start = f64::NAN;
        out.push(y);
    }
    out
}

/// A table's grid lines and the characters of each cell, for working out
/// its cells.
struct Grid<'a> {
    rows: usize,
    cols: usize,
    xs: &'a [f64],
    ys: &'a [f64],
    /// The characters whose middle falls in each cell, `r * cols + c`.
    in_cell: &'a [Vec<&'a Glyph>],
}

/// Most column lines implied in one table.
const MAX_IMPLIED_COLUMNS: usize = 16;

/// Most cell visits spent mending the regions of one table.
const MAX_MEND_VISITS: usize = 1_000_000;

impl Grid<'_> {
    /// The cells joined where no line parts them (union-find parents).
    fn components(&self, vcut: &[bool], hcut: &[bool]) -> Vec<usize> {
        let (rows, cols) = (self.rows, self.cols);
        let mut parent: Vec<usize> = (0..rows * cols).collect();
        for r in 0..rows {
            for c in 0..cols {
                let i = r * cols + c;
                if c + 1 < cols && !vcut[i] {
                    union(&mut parent, i, i + 1);
                }
                if r + 1 < rows && !hcut[i] {
                    union(&mut parent, i, i + cols);
                }
            }
        }
        parent
    }

    /// Each region's cells, sorted, by region (in order of its first cell).
    fn regions(&self, vcut: &[bool], hcut: &[bool]) -> Vec<Vec<usize>> {
        let mut parent = self.components(vcut, hcut);
        let mut by_root: HashMap<usize, usize> = HashMap::new();
        let mut out: Vec<Vec<usize>> = Vec::new();
        for i in 0..self.rows * self.cols {
            let root = find(&mut parent, i);
            let k = *by_root.entry(root).or_insert_with(|| {
                out.push(Vec::new());
                out.len() - 1
            });
            out[k].push(i);
        }
        out
    }

    /// Whether a character of the cells `region` runs across the column
    /// line `k` (`vertical`) or the row line `k`.
    fn crossed(&self, region: &[usize], k: usize, vertical: bool) -> bool {
        region.iter().any(|&i| {
            self.in_cell[i].iter().any(|g| {
                if vertical {
                    straddles(g, self.xs[k])
                } else {
                    let y = self.ys[k];
                    !g.is_space()
                        && g.cy() - g.size * 0.4 < y - 0.5
                        && g.cy() + g.size * 0.4 > y + 0.5
                }
            })
        })
    }

    /// Regions that are not rectangles, or that hold a drawn line, mended.
    /// Cells that no line parts are joined, so a header cell printed
    /// without its side borders (Chromium draws none beside an `outset`
    /// bottom border) joins the cells beside it into a shape no table has:
    /// `（本列数据…）` with `申请人情况` to its right and `自然人` under that;
    /// or `（七）总计` with `四、结转…` under it, around the line between
    /// them that stops short of the missing side. Such a region is cut
    /// along one of the table's column lines when exactly one column line
    /// leaves every part a rectangle and no character runs across it;
    /// failing that, along the one row line that does so (every part a
    /// rectangle with no drawn line inside). Otherwise it
    /// stays as it is (and the form's finder refuses it).
    fn square_regions(&self, vcut: &mut [bool], hcut: &mut [bool], budget: &mut usize) {
        let cols = self.cols;
        for region in self.regions(vcut, hcut) {
            let (top, left, bottom, right) = bbox(&region, cols);
            let area = (bottom - top + 1) * (right - left + 1);
            let glyphs: usize = region.iter().map(|&i| self.in_cell[i].len()).sum();
            let cost = (region.len() + glyphs) * (bottom - top + right - left + 2);
            if region.len() == area && !self.inner_line(&region, vcut, hcut) || cost > *budget {
                continue;
            }
            *budget -= cost;
            let inside = |r: usize, c: usize| region.binary_search(&(r * cols + c)).is_ok();
            for vertical in [true, false] {
                let lines = if vertical {
                    left + 1..right + 1
                } else {
                    top + 1..bottom + 1
                };
                let mut fits = Vec::new();
                for k in lines {
                    if self.crossed(&region, k, vertical) {
                        continue;
                    }
                    let cut = |r: usize, c: usize, v: bool| {
                        v == vertical
                            && inside(r, c)
                            && if v {
                                c + 1 == k && inside(r, c + 1)
                            } else {
                                r + 1 == k && inside(r + 1, c)
                            }
                    };
                    if self.parts_are_rectangles(&region, vcut, hcut, &cut) {
                        fits.push(k);
                    }
                }
                if let [k] = fits[..] {
                    for &i in &region {
                        let (r, c) = (i / cols, i % cols);
                        if vertical && c + 1 == k && inside(r, c + 1) {
                            vcut[i] = true;
                        }
                        if !vertical && r + 1 == k && inside(r + 1, c) {
                            hcut[i] = true;
                        }
                    }
                    break;
                }
            }
        }
    }

    /// Whether the cells of `region` (sorted), parted by the drawn lines and
    /// by `cut(r, c, vertical)` (a line between (r, c) and (r, c + 1), or
    /// (r + 1, c)), form rectangles only.
    fn parts_are_rectangles(
        &self,
        region: &[usize],
        vcut: &[bool],
        hcut: &[bool],
        cut: &dyn Fn(usize, usize, bool) -> bool,
    ) -> bool {
        let cols = self.cols;
        let pos = |i: usize| region.binary_search(&i).ok();
        let mut parent: Vec<usize> = (0..region.len()).collect();
        for (a, &i) in region.iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            if c + 1 < cols && !vcut[i] && !cut(r, c, true) {
                if let Some(b) = pos(i + 1) {
                    union(&mut parent, a, b);
                }
            }
            if r + 1 < self.rows && !hcut[i] && !cut(r, c, false) {
                if let Some(b) = pos(i + cols) {
                    union(&mut parent, a, b);
                }
            }
        }
        let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
        for (a, &i) in region.iter().enumerate() {
            let root = find(&mut parent, a);
            parts.entry(root).or_default().push(i);
        }
        parts.len() > 1
            && parts.values_mut().all(|p| {
                p.sort_unstable();
                let (t, l, b, r) = bbox(p, cols);
                p.len() == (b - t + 1) * (r - l + 1) && !self.inner_line(p, vcut, hcut)
            })
    }

    /// Whether a drawn line parts two cells of `cells` (sorted) that are
    /// joined around it: a line inside a region is a line some border of
    /// which is missing, never the inside of a merged cell.
    fn inner_line(&self, cells: &[usize], vcut: &[bool], hcut: &[bool]) -> bool {
        let has = |i: usize| cells.binary_search(&i).is_ok();
        cells.iter().any(|&i| {
            let (r, c) = (i / self.cols, i % self.cols);
            (c + 1 < self.cols && vcut[i] && has(i + 1))
                || (r + 1 < self.rows && hcut[i] && has(i + self.cols))
        })
    }

    /// A rule drawn in some columns only, between lines that the other
    /// columns draw, moved onto the nearer of those lines when the strip it
    /// cuts off holds no character there: Chromium draws the bottom border
    /// of a cell that spans a page break (`（三）不予公开`) a few points
    /// above the bottom of its last row (`8.属于行政查询事项`), so that the
    /// next group `（四）无法提供` would begin inside that row.
    fn align_stray_rules(&self, hcut: &mut [bool]) {
        let (rows, cols) = (self.rows, self.cols);
        let idx = |r: usize, c: usize| r * cols + c;
        for k in 1..rows {
            let drawn: Vec<bool> = (0..cols).map(|c| hcut[idx(k - 1, c)]).collect();
            if drawn.iter().all(|d| *d) || drawn.iter().all(|d| !*d) {
                continue;
            }
            // The nearer line, drawn by a column that does not draw this
            // rule.
            let (up, down) = (self.ys[k] - self.ys[k - 1], self.ys[k + 1] - self.ys[k]);
            let (t, strip) = if down <= up {
                (k + 1, k)
            } else {
                (k - 1, k - 1)
            };
            if t == 0 || t >= rows || !(0..cols).any(|c| !drawn[c] && hcut[idx(t - 1, c)]) {
                continue;
            }
            let empty = (0..cols)
                .filter(|&c| drawn[c])
                .all(|c| self.in_cell[idx(strip, c)].iter().all(|g| g.is_space()));
            if !empty {
                continue;
            }
            for c in (0..cols).filter(|&c| drawn[c]) {
                hcut[idx(k - 1, c)] = false;
                hcut[idx(t - 1, c)] = true;
            }
        }
    }

    /// A region over several columns that holds a label or a number and
    /// then numbers, each within one column's span with blank space at the
    /// column lines, parted at those lines: the cells of one row whose side
    /// borders the producer left out (Chromium, beside a thick bottom
    /// border: `5.要求行政机关确认…` `160` `61` `0` `15` in one box). A merged
    /// cell holds one text, so it is never parted; nor is a region whose
    /// text runs across a column line or whose later parts are not numbers.
    fn part_value_runs(&self, vcut: &mut [bool], hcut: &[bool], budget: &mut usize) {
        let cols = self.cols;
        for region in self.regions(vcut, hcut) {
            let (top, left, bottom, right) = bbox(&region, cols);
            let glyphs: usize = region.iter().map(|&i| self.in_cell[i].len()).sum();
            let cost = region.len() + glyphs * (right - left + 2);
            if right == left || glyphs == 0 || cost > *budget {
                continue;
            }
            *budget -= cost;
            let glyphs_in = |c0: usize, c1: usize| {
                (top..=bottom)
                    .flat_map(move |r| (c0..c1).map(move |c| r * cols + c))
                    .flat_map(|i| self.in_cell[i].iter().copied())
            };
            // Only a region with digits right of its first column.
            if !glyphs_in(left + 1, right + 1)
                .any(|g| g.text.starts_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            let gaps: Vec<usize> = (left + 1..=right)
                .filter(|&k| {
                    let x = self.xs[k];
                    !glyphs_in(left, right + 1)
                        .any(|g| !g.is_space() && g.x0 < x + 0.5 && g.x1 > x - 0.5)
                })
                .collect();
            if gaps.is_empty() {
                continue;
            }
            let mut bounds = vec![left];
            bounds.extend(&gaps);
            bounds.push(right + 1);
            let texts: Vec<String> = bounds
                .windows(2)
                .map(|w| cell_text(&glyphs_in(w[0], w[1]).cloned().collect::<Vec<Glyph>>()))
                .collect();
            let filled: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
            if filled.len() < 2 || !filled[1..].iter().all(|t| is_number(t)) {
                continue;
            }
            for &k in &gaps {
                for r in top..=bottom {
                    vcut[r * cols + k - 1] = true;
                }
            }
        }
    }
}

/// The rows and columns a set of cells spans: (top, left, bottom, right).
fn bbox(cells: &[usize], cols: usize) -> (usize, usize, usize, usize) {
    let (mut t, mut l, mut b, mut r) = (usize::MAX, usize::MAX, 0, 0);
    for &i in cells {
        let (y, x) = (i / cols, i % cols);
        t = t.min(y);
        b = b.max(y);
        l = l.min(x);
        r = r.max(x);
    }
    (t, l, b, r)
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Joins two pieces of text: a space only between two ASCII words.
fn join(a: &mut String, b: &str) {
    if let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) {
        if is_ascii_word(x) && is_ascii_word(y) {
            a.push(' ');
        }
    }
    a.push_str(b);
}

/// The glyphs grouped into lines (top to bottom), each left to right.
fn group_lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut gs: Vec<Glyph> = glyphs.to_vec();
    gs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in gs {
        match lines.last_mut() {
            Some(l)
                if {
                    let base = l.iter().map(|x| x.y).sum::<f64>() / l.len() as f64;
                    let size = l.iter().map(|x| x.size).fold(g.size, f64::max);
                    (g.y - base).abs() <= size * 0.4
                } =>
            {
                l.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // A character drawn twice at one place (fake bold) is one.
        l.dedup_by(|b, a| a.text == b.text && (a.x0 - b.x0).abs() < a.size * 0.2);
    }
    lines
}

/// The text of one line of glyphs: the spaces the producer placed, and one
/// where two ASCII words stand a quarter of the font size apart; never one
/// between CJK characters that justified text spreads apart, nor where
/// LibreOffice's automatic spacing sets digits off from ideographs.
fn line_text(l: &[Glyph]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in l {
        if g.is_space() {
            if !s.is_empty() && !s.ends_with(' ') {
                s.push(' ');
            }
            continue;
        }
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let (a, b) = (s.chars().last(), g.text.chars().next());
            if gap > g.size.max(p.size) * 0.25
                && a.is_some_and(is_ascii_word)
                && b.is_some_and(is_ascii_word)
            {
                s.push(' ');
            }
        }
        s.push_str(&g.text);
        prev = Some(g);
    }
    s.trim_end().to_string()
}

/// A cell's text: its lines joined (a wrapped label reads whole).
fn cell_text(glyphs: &[Glyph]) -> String {
    let mut s = String::new();
    for l in group_lines(glyphs) {
        join(&mut s, line_text(&l).trim());
    }
    s.trim().to_string()
}

fn text_lines(glyphs: &[Glyph]) -> Vec<Line> {
    group_lines(glyphs)
        .into_iter()
        .filter_map(|mut l| {
            let text = line_text(&l).trim().to_string();
            if text.is_empty() {
                return None;
            }
            let trailing_space = l
                .iter()
                .max_by(|a, b| a.x0.total_cmp(&b.x0))
                .is_some_and(Glyph::is_space);
            let leading_space = l
                .iter()
                .min_by(|a, b| a.x0.total_cmp(&b.x0))
                .is_some_and(Glyph::is_space);
            l.retain(|g| !g.is_space());
            let n = l.len() as f64;
            Some(Line {
                page: 0,
                x0: l.iter().map(|g| g.x0).fold(f64::MAX, f64::min),
                x1: l.iter().map(|g| g.x1).fold(f64::MIN, f64::max),
                y: l.iter().map(|g| g.y).sum::<f64>() / n,
                size: l.iter().map(|g| g.size).sum::<f64>() / n,
                text,
                trailing_space,
                leading_space,
            })
        })
        .collect()
}

/// Whether a line is a page number: `- 4 -`, `— 4 —`, `第 4 页`, `4/6`.
fn is_page_number(t: &str) -> bool {
    let s: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '―' | '‒'))
        .collect();
    if s.is_empty() {
        return !t.trim().is_empty();
    }
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    if digits(&s) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = s.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            return digits(n)
                && (tail.is_empty()
                    || tail
                        .strip_prefix('共')
                        .and_then(|x| x.strip_suffix('页'))
                        .is_some_and(digits));
        }
    }
    false
}

/// The body lines: page numbers (framed ones anywhere, bare ones in the top
/// or bottom band of a page), and a line repeated at the top or bottom of
/// most pages, dropped.
fn drop_headers_and_footers(lines: Vec<Line>, pages: &[PageContent]) -> Vec<Line> {
    let band = |l: &Line| {
        let h = pages[l.page].height.max(1.0);
        l.y < h * 0.12 || l.y > h * 0.88
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines.iter().filter(|l| band(l)) {
        *counts.entry(l.text.as_str()).or_default() += 1;
    }
    let repeated: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| pages.len() >= 3 && *n * 2 > pages.len())
        .map(|(t, _)| t.to_string())
        .collect();
    lines
        .into_iter()
        .filter(|l| {
            // A framed number (`- 8 -`, `第 8 页`) is a page number wherever
            // it stands (a browser prints a Word footer where the page's
            // flow ends); a bare number only in the top or bottom band.
            let framed = is_page_number(&l.text)
                && l.text
                    .chars()
                    .any(|c| !c.is_ascii_digit() && !c.is_whitespace());
            !(framed || band(l) && (is_page_number(&l.text) || repeated.contains(&l.text)))
        })
        .collect()
}

/// Joins a table that ends a page to the one that starts the next when
/// their columns are the same.
fn join_across_pages(tables: Vec<Table>, lines: &[Line]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for t in tables {
        let joinable = out.last().is_some_and(|a: &Table| {
            let on = |xs: &[f64], x: f64| xs.iter().any(|y| (x - y).abs() <= 3.0);
            a.last_page + 1 == t.page
                && (on(&a.xs, t.xs[0]) || on(&t.xs, a.xs[0]))
                && (a.xs[a.xs.len() - 1] - t.xs[t.xs.len() - 1]).abs() <= 3.0
                && !lines
                    .iter()
                    .any(|l| l.page == a.last_page && l.y > a.bottom)
                && !lines.iter().any(|l| l.page == t.page && l.y < t.top)
        });
        if !joinable {
            out.push(t);
            continue;
        }
        let a = out.last_mut().expect("checked above");
        append(a, t);
    }
    out
}

fn is_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        && t.chars().any(|c| c.is_ascii_digit())
}

/// The table's regions on the columns `xs` (its own lines among them).
fn remap(t: &mut Table, xs: &[f64]) {
    let at = |x: f64| {
        xs.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(i, _)| i)
    };
    let old = t.xs.clone();
    for r in &mut t.regions {
        r.left = at(old[r.left]);
        r.right = at(old[r.right + 1]).max(r.left + 1) - 1;
    }
    t.xs = xs.to_vec();
}

/// Appends the rows of `b` (the next page's part) to `a`.
fn append(a: &mut Table, mut b: Table) {
    // A last row without any text is the empty start of a row the break
    // pushed to the next page.
    while a.rows > 1 {
        let last = a.rows - 1;
        let empty = a
            .regions
            .iter()
            .filter(|r| r.top == last)
            .all(|r| r.text.is_empty());
        if !empty {
            break;
        }
        a.regions.retain(|r| r.top != last);
        for r in &mut a.regions {
            if r.bottom == last {
                r.bottom -= 1;
            }
        }
        a.rows -= 1;
        a.ys.pop();
        a.open_bottom = false;
    }
    if a.xs.len() != b.xs.len() || a.xs.iter().zip(&b.xs).any(|(x, y)| (x - y).abs() > SNAP) {
        let xs = cluster(a.xs.iter().chain(&b.xs).copied().collect());
        remap(a, &xs);
        remap(&mut b, &xs);
    }
    let last = a.rows - 1;
    let first_number_col = a
        .regions
        .iter()
        .filter(|r| is_number(&r.text))
        .map(|r| r.left)
        .min()
        .unwrap_or(usize::MAX);
    // The first row of `b` continues the last row of `a` (the row was cut
    // by the break) when it holds no number and text only where `a`'s last
    // row has text.
    let b_first: Vec<&Region> = b.regions.iter().filter(|r| r.top == 0).collect();
    let exact = |c: usize, right: usize| {
        a.regions
            .iter()
            .position(|r| r.top <= last && r.bottom >= last && r.left == c && r.right == right)
    };
    let a_at = |c: usize, right: usize| {
        exact(c, right).or_else(|| {
            a.regions
                .iter()
                .position(|r| r.top <= last && r.bottom >= last && r.left <= c && r.right >= right)
        })
    };
    // The row was cut when a break left it open (with text on this side
    // of the break), or when the first row of `b` holds no number and has
    // the cells of `a`'s last row, with text only where that row has text.
    // A first row of `b` open at its top is no continuation when `a`'s
    // last row was closed by a line (Chromium draws the side lines of a
    // cell that spans the break down to the page's edge, and the next
    // row's top line only at the foot of the page before).
    let cut_row = a.open_bottom
        || (!b_first.is_empty()
            && b_first.iter().all(|r| !is_number(&r.text))
            && b_first.iter().all(|r| exact(r.left, r.right).is_some())
            && b_first
                .iter()
                .filter(|r| !r.text.is_empty())
                .all(|r| exact(r.left, r.right).is_some_and(|i| !a.regions[i].text.is_empty())));
    let offset = a.rows;
    let mut merged_into: HashMap<usize, usize> = HashMap::new();
    for (k, r) in b.regions.iter().enumerate() {
        if r.top != 0 {
            continue;
        }
        let Some(i) = a_at(r.left, r.right) else {
            continue;
        };
        let label = !a.regions[i].text.is_empty()
            && !is_number(&a.regions[i].text)
            && r.left < first_number_col;
        if cut_row || (r.text.is_empty() && label) {
            merged_into.insert(k, i);
        }
    }
    // A column `b` does not reach at all (its left edge lies further
    // right): `a`'s cells there run on over the break.
    let b_left = b.regions.iter().map(|r| r.left).min().unwrap_or(0);
    let b_bottom = offset + b.rows - 1;
    for r in a.regions.iter_mut() {
        if r.bottom == last && r.right < b_left {
            r.bottom = b_bottom;
        }
    }
    for (k, mut r) in b.regions.into_iter().enumerate() {
        r.top += offset;
        r.bottom += offset;
        match merged_into.get(&k) {
            Some(&i) => {
                let target = &mut a.regions[i];
                target.bottom = target.bottom.max(r.bottom);
                let text = r.text.clone();
                join(&mut target.text, &text);
            }
            None => a.regions.push(r),
        }
    }
    a.rows += b.rows;
    a.open_bottom = b.open_bottom;
    a.last_page = b.page;
    a.bottom = b.bottom;
    a.regions.sort_by_key(|r| (r.top, r.left));
}

fn sheet_of(t: &Table, name: &str) -> Sheet {
    let mut s = Sheet::new(name);
    for r in &t.regions {
        let v = if r.text.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(r.text.clone())
        };
        s.push(r.top as u32, r.left as u32, v);
        if r.bottom > r.top || r.right > r.left {
            s.merges.push(Rect {
                top: r.top as u32,
                left: r.left as u32,
                bottom: r.bottom as u32,
                right: r.right as u32,
            });
        }
    }
    s
}

/// The title: the largest text of the first page, its lines joined.
fn title_of(lines: &[Line]) -> Option<String> {
    let first: Vec<&Line> = lines.iter().filter(|l| l.page == lines[0].page).collect();
    let max = first.iter().map(|l| l.size).fold(0.0, f64::max);
    let mut sizes: Vec<f64> = first.iter().map(|l| l.size).collect();
    sizes.sort_by(f64::total_cmp);
    let median = *sizes.get(sizes.len() / 2)?;
    if max < median * 1.1 {
        return None;
    }
    let mut out = String::new();
    let mut started = false;
    for l in &first {
        if (l.size - max).abs() <= max * 0.08 {
            join(&mut out, &l.text);
            started = true;
        } else if started {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a line starts a section or item: `一、`, `（一）`, `1.`.
fn is_heading(t: &str) -> bool {
    let mut cs = t.chars();
    let Some(c0) = cs.next() else { return false };
    const NUMS: &str = "一二三四五六七八九十";
    if NUMS.contains(c0) {
        return t.chars().take(4).any(|c| c == '、');
    }
    if c0 == '（' || c0 == '(' {
        return cs
            .next()
            .is_some_and(|c| NUMS.contains(c) || c.is_ascii_digit());
    }
    false
}

fn paragraphs_of(lines: &[Line], tables: &[Table]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The right edge of the text on each page.
    let mut right: HashMap<usize, f64> = HashMap::new();
    let mut left: HashMap<usize, f64> = HashMap::new();
    for l in lines {
        let r = right.entry(l.page).or_insert(l.x1);
        *r = r.max(l.x1);
        let e = left.entry(l.page).or_insert(l.x0);
        *e = e.min(l.x0);
    }
    let mut prev: Option<&Line> = None;
    for l in lines {
        let new = match prev {
            None => true,
            Some(p) => {
                let size = l.size.max(p.size);
                let full = p.x1 >= right[&p.page] - size * 1.5;
                let indented = l.x0 > left[&l.page] + size * 1.2;
                let table_between = tables.iter().any(|t| {
                    (t.page == p.page && t.top > p.y && (l.page != p.page || t.top < l.y))
                        || (t.page == l.page && l.page != p.page && t.top < l.y)
                });
                let gap = l.page == p.page && l.y - p.y > size * 2.2;
                !full
                    || indented
                    || table_between
                    || gap
                    || (l.size - p.size).abs() > 1.0
                    || is_heading(&l.text)
            }
        };
        let prev_space = prev.is_some_and(|p| p.trailing_space) || l.leading_space;
        if new {
            out.push(l.text.clone());
        } else if let Some(last) = out.last_mut() {
            if prev_space && !last.ends_with(' ') {
                last.push(' ');
            }
            join(last, &l.text);
        }
        prev = Some(l);
    }
    out
}

/// A portrait page of `segs` and `glyphs`, for the tests of this module.
#[cfg(test)]
fn test_page(segs: Vec<Seg>, glyphs: Vec<Glyph>) -> PageContent {
    PageContent {
        width: 600.0,
        height: 800.0,
        glyphs,
        segs,
        ..PageContent::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for t in [
            "- 4 -",
            "— 4 —",
            "4",
            "第 4 页",
            "第4页共6页",
            "4/6",
            "－ 12 －",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2023年", "一、总体情况", "4 件"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    /// Glyphs of `text` from `x`, each `w` wide, on the baseline `y`.
    fn text(t: &str, x: f64, y: f64, w: f64) -> Vec<Glyph> {
        t.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + i as f64 * w,
                x1: x + (i + 1) as f64 * w,
                y,
                size: 10.0,
            })
            .collect()
    }

    fn h(at: f64, from: f64, to: f64) -> Seg {
        Seg {
            horizontal: true,
            at,
            from,
            to,
        }
    }

    fn v(at: f64, from: f64, to: f64) -> Seg {
        Seg {
            horizontal: false,
            at,
            from,
            to,
        }
    }

    /// The cells of the one table on a page: (top, left, bottom, right,
    /// text).
    fn cells(segs: Vec<Seg>, glyphs: Vec<Glyph>) -> Vec<(usize, usize, usize, usize, String)> {
        let tables = tables_of(0, &test_page(segs, glyphs));
        assert_eq!(tables.len(), 1);
        tables[0]
            .regions
            .iter()
            .map(|r| (r.top, r.left, r.bottom, r.right, r.text.clone()))
            .collect()
    }

    /// Three columns (0–100, 100–150, 150–200), a header row 100–120 over a
    /// body row 120–140; per-cell rules as Chromium draws them.
    fn body(segs: &mut Vec<Seg>) {
        for x in [0.0, 100.0, 150.0, 200.0] {
            segs.push(v(x, 120.0, 140.0));
        }
        segs.push(h(140.0, 0.0, 99.7));
        segs.push(h(140.0, 100.3, 149.7));
        segs.push(h(140.0, 150.3, 200.0));
    }

    #[test]
    fn a_header_cell_without_side_borders_is_cut_along_the_column_below() {
        // `标签` (column 0, header rows 0–1) beside `人数` (columns 1–2, row
        // 0) over `甲` and `乙` (row 1): no line left or right of `标签`,
        // as Chromium prints a cell with a thick bottom border.
        let mut segs = vec![
            h(100.0, 0.0, 99.7),
            h(100.0, 100.3, 200.0),
            h(120.0, 100.3, 200.0),
            v(150.0, 120.0, 140.0),
            v(200.0, 100.0, 140.0),
            h(140.0, 0.0, 99.7),
            h(140.0, 100.3, 149.7),
            h(140.0, 150.3, 200.0),
        ];
        // The body row 140–160, every cell drawn.
        for x in [0.0, 100.0, 150.0, 200.0] {
            segs.push(v(x, 140.0, 160.0));
        }
        for (from, to) in [(0.0, 99.7), (100.3, 149.7), (150.3, 200.0)] {
            segs.push(h(160.0, from, to));
        }
        let mut glyphs = text("标签", 10.0, 124.0, 10.0);
        glyphs.extend(text("人数", 110.0, 114.0, 10.0));
        glyphs.extend(text("甲", 105.0, 134.0, 10.0));
        glyphs.extend(text("乙", 155.0, 134.0, 10.0));
        glyphs.extend(text("一", 10.0, 154.0, 10.0));
        glyphs.extend(text("1", 105.0, 154.0, 5.0));
        glyphs.extend(text("2", 155.0, 154.0, 5.0));
        let got = cells(segs, glyphs);
        assert!(got.contains(&(0, 0, 1, 0, "标签".into())), "{got:?}");
        assert!(got.contains(&(0, 1, 0, 2, "人数".into())), "{got:?}");
        assert!(got.contains(&(1, 1, 1, 1, "甲".into())), "{got:?}");
        assert!(got.contains(&(2, 1, 2, 1, "1".into())), "{got:?}");
    }

    #[test]
    fn values_run_together_are_parted_but_a_merged_label_is_not() {
        // Row 1: no column lines at all, a label then two numbers.
        // Row 2: one label over all columns, a character edge on each line.
        let mut segs = vec![h(100.0, 0.0, 200.0), v(0.0, 100.0, 160.0)];
        body(&mut segs);
        segs.push(h(160.0, 0.0, 200.0));
        segs.push(v(200.0, 100.0, 160.0));
        // Row 0 (100–120): a row whose side borders were left out.
        segs.push(h(120.0, 0.0, 200.0));
        let mut glyphs = text("合计", 10.0, 114.0, 10.0);
        glyphs.extend(text("160", 105.0, 114.0, 5.0));
        glyphs.extend(text("61", 155.0, 114.0, 5.0));
        glyphs.extend(text("一", 10.0, 134.0, 10.0));
        glyphs.extend(text("1", 105.0, 134.0, 5.0));
        glyphs.extend(text("2", 155.0, 134.0, 5.0));
        // Row 2 (140–160): `本年收费金额单位万元` from 50 to 250: glyph
        // edges fall on 100 and 150, so no character crosses the lines.
        glyphs.extend(text("本年收费金额单位万元", 50.0, 154.0, 10.0));
        let got = cells(segs, glyphs);
        assert!(got.contains(&(0, 0, 0, 0, "合计".into())), "{got:?}");
        assert!(got.contains(&(0, 1, 0, 1, "160".into())), "{got:?}");
        assert!(got.contains(&(0, 2, 0, 2, "61".into())), "{got:?}");
        assert!(
            got.iter()
                .any(|c| c.4 == "本年收费金额单位万元" && c.1 == 0 && c.3 == 2),
            "{got:?}"
        );
    }

    #[test]
    fn rules_ending_inside_a_column_imply_its_line() {
        // A group cell (column 0, rows 1–2) whose right border is missing:
        // the item rows' rules start at 50 on two lines.
        let segs = vec![
            h(100.0, 0.0, 200.0),
            h(120.0, 0.0, 200.0),
            h(140.0, 50.3, 200.0),
            h(160.0, 0.0, 49.7),
            h(160.0, 50.3, 200.0),
            v(0.0, 100.0, 160.0),
            v(100.0, 100.0, 160.0),
            v(200.0, 100.0, 160.0),
        ];
        let mut glyphs = text("一、总数", 10.0, 114.0, 10.0);
        glyphs.extend(text("9", 105.0, 114.0, 5.0));
        glyphs.extend(text("分组", 10.0, 144.0, 10.0));
        glyphs.extend(text("甲", 60.0, 134.0, 10.0));
        glyphs.extend(text("4", 105.0, 134.0, 5.0));
        glyphs.extend(text("乙", 60.0, 154.0, 10.0));
        glyphs.extend(text("5", 105.0, 154.0, 5.0));
        let got = cells(segs, glyphs);
        assert!(got.contains(&(1, 0, 2, 0, "分组".into())), "{got:?}");
        assert!(got.contains(&(1, 1, 1, 1, "甲".into())), "{got:?}");
        assert!(got.contains(&(2, 1, 2, 1, "乙".into())), "{got:?}");
        assert!(got.contains(&(0, 0, 0, 1, "一、总数".into())), "{got:?}");
    }

    #[test]
    fn a_double_border_is_one_line() {
        assert_eq!(
            close_lines_as_one(vec![10.0, 30.0, 32.5, 50.0], &[20.0, 40.0]),
            vec![10.0, 31.25, 50.0]
        );
        // Text between them: two lines.
        assert_eq!(
            close_lines_as_one(vec![10.0, 13.0], &[11.5]),
            vec![10.0, 13.0]
        );
    }

    #[test]
    fn headings_are_recognised() {
        assert!(is_heading("一、总体情况"));
        assert!(is_heading("（一）主动公开"));
        assert!(!is_heading("全年共收到"));
    }
}
