//! Numbers in full-width digits that a tool broke across lines.
//!
//! A line may break between any two full-width characters, so tools that
//! give a narrow cell's text line by line (PDF text, w3m) print `１１９８`
//! as `１１９` over `８`, or, where the cell's lines are justified, as
//! `１ １ ９` over `８`; a row's numbers then come in pieces, some on the
//! line above its label, some on the line below. ASCII digits never break
//! so (a number is one word), which is why this is done for full-width
//! digits only.
//!
//! The pieces of a row are put back together only where exactly one way of
//! cutting them into the row's cells adds up to the row's total (`总计` =
//! the sum of the other columns): each cell's pieces in reading order, every
//! line of a cell but the last as full as its others (text fills a line
//! before it breaks), no number with a leading zero and, in text laid out
//! in columns, a cell's lines standing over each other and the cells in
//! order across. A row with no total, or with two readings that add up, or
//! none, is left as it is, to be refused.
//!
//! Text laid out in columns is read by the measure its columns line up by
//! (characters for pdftotext, display cells for w3m; where the table does
//! not tell, by both, which must agree), then line by line in
//! order only (a page break inside the row moves the next page's columns).
//! Flowing text is read as tools that give a cell's lines on lines of
//! their own do (pdftotext `-raw`, PyMuPDF), then as tools that may run
//! them into one line (pypdf), then line by line in order only (pdfplumber,
//! a page break inside a row). A later way is tried only where no earlier
//! one found a reading that adds up, and each is bounded ([`BUDGET`]).
//! [`regroup`] first moves lines of pieces standing above or below their
//! row's label to the row's values.

use super::lex::{display_width, Kind, Token};
use bumpalo::Bump;
use nianbao_model::cell::{read_cell, CellText};
use nianbao_model::{Value, ValueKind};

/// Whether a token is a number in full-width digits (`１１９`).
pub(crate) fn is_fullwidth_number(t: &Token<'_>) -> bool {
    t.kind == Kind::Value && !t.text.is_empty() && t.text.chars().all(is_fullwidth_digit)
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// How a row's pieces stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// In reading order, each cell's pieces one after the other (pdftotext
    /// `-raw`, PyMuPDF, pypdf: positions say nothing).
    Flowing,
    /// Laid out in columns (pdftotext `-layout`, w3m): pieces of a cell
    /// stand over each other, measured in display cells (`Some(true)`) or
    /// characters (`Some(false)`); where the table does not tell which
    /// (`None`), by both, and the readings of both must agree.
    Columns { display: Option<bool> },
    /// Line by line, in the order each line gives, without places (a row's
    /// pieces on the lines of their heights, as pdfplumber gives them or a
    /// page break inside the row leaves them).
    Lines,
}

/// Work allowed to one row in one way of reading it: partial readings tried.
const BUDGET: usize = 20_000;

/// A reading: each cell's pieces, as indexes into the row's tokens.
type Cells = Vec<Vec<usize>>;

/// The row's values put back together (`want` of them, the total at
/// `total_at`), when exactly one reading under the `layouts` tried adds
/// up; `None` otherwise. A joined number is one token at its first
/// piece's place, its text allocated in `bump`.
pub(crate) fn reassemble<'b>(
    values: &[Token<'b>],
    want: usize,
    total_at: usize,
    layouts: &[Layout],
    bump: &'b Bump,
) -> Option<Vec<Token<'b>>> {
    if want < 2 || values.len() <= want || values.len() > 48 {
        return None;
    }
    let mut found: Vec<(Vec<u128>, Cells)> = Vec::new();
    // Flowing text is first read as tools that give a cell's lines on lines
    // of their own do (pdftotext -raw, PyMuPDF); only where no reading of
    // that kind adds up, as tools that may run them into one line (pypdf).
    // Every way after the first is tried only where none before found a
    // reading that adds up.
    let tries = layouts.iter().flat_map(|&l| match l {
        Layout::Flowing => vec![(l, true), (l, false)],
        Layout::Columns { .. } | Layout::Lines => vec![(l, true)],
    });
    for (n, (layout, strict)) in tries.enumerate() {
        if n > 0 && !found.is_empty() {
            continue;
        }
        let mut readings = Vec::new();
        let mut budget = BUDGET;
        let complete = match layout {
            Layout::Flowing => flowing(values, want, strict, &mut budget, &mut readings),
            Layout::Columns {
                display: Some(display),
            } => columns(values, want, Some(display), &mut budget, &mut readings),
            Layout::Columns { display: None } => {
                columns(values, want, Some(false), &mut budget, &mut readings) && {
                    budget = BUDGET;
                    columns(values, want, Some(true), &mut budget, &mut readings)
                }
            }
            Layout::Lines => columns(values, want, None, &mut budget, &mut readings),
        };
        if !complete {
            return None;
        }
        for cells in readings {
            let Some(numbers) = numbers(values, &cells) else {
                continue;
            };
            let total = numbers[total_at];
            let sum: u128 = numbers
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != total_at)
                .map(|(_, &n)| n)
                .sum();
            if sum == total && !found.iter().any(|(n, _)| *n == numbers) {
                found.push((numbers, cells));
            }
        }
    }
    let [(_, cells)] = &found[..] else {
        return None;
    };
    Some(
        cells
            .iter()
            .map(|cell| {
                let first = &values[cell[0]];
                if cell.len() == 1 {
                    return first.clone();
                }
                let mut text = String::with_capacity(cell.len() * 6);
                for &k in cell {
                    text.push_str(values[k].text);
                }
                Token {
                    text: bump.alloc_str(&text),
                    note: None,
                    len: cell.iter().map(|&k| values[k].len).sum(),
                    ..first.clone()
                }
            })
            .collect(),
    )
}

/// Each cell's number, when every cell is a whole number.
fn numbers(values: &[Token<'_>], cells: &Cells) -> Option<Vec<u128>> {
    cells
        .iter()
        .map(|cell| {
            if cell.len() == 1 {
                match read_cell(values[cell[0]].text, ValueKind::Count) {
                    CellText::Number(Value::Count(n), None) => Some(n as u128),
                    _ => None,
                }
            } else {
                let mut n: u128 = 0;
                for &k in cell {
                    for c in values[k].text.chars() {
                        n = n.checked_mul(10)? + (c as u32 - '０' as u32) as u128;
                    }
                }
                Some(n)
            }
        })
        .collect()
}

/// Whether a token is one character (a justified line's digit).
fn one_char(t: &Token<'_>) -> bool {
    t.text.chars().nth(1).is_none()
}

/// Whether the pieces of one cell (in reading order; each a run of tokens
/// on one line of the cell) can be one number: one token as it is, or
/// full-width digits only, each line but the last as full as the first and
/// the last no fuller, no leading zero. A line of several tokens is a
/// justified line (`１ １ ９`): single digits only.
fn joinable(values: &[Token<'_>], lines: &[&[usize]]) -> bool {
    if let [[_]] = lines {
        return true;
    }
    let mut width = None;
    for (n, line) in lines.iter().enumerate() {
        if line.iter().any(|&k| !is_fullwidth_number(&values[k]))
            || (line.len() > 1 && !line.iter().all(|&k| one_char(&values[k])))
        {
            return false;
        }
        let digits: usize = line.iter().map(|&k| values[k].text.chars().count()).sum();
        match width {
            None => width = Some(digits),
            Some(w) if n + 1 < lines.len() && digits != w => return false,
            Some(w) if digits > w => return false,
            Some(_) => {}
        }
    }
    let first = lines[0][0];
    !(values[first].text.starts_with('０') && lines.iter().map(|l| l.len()).sum::<usize>() > 1)
}

/// Readings of text in reading order: the tokens cut into `want` runs.
/// A run's lines are its tokens' lines, a justified line's single digits
/// together; where the whole row stands on one line (pypdf), tokens of
/// several digits are lines of their own. `false` when the budget ran
/// out.
fn flowing(
    values: &[Token<'_>],
    want: usize,
    strict: bool,
    budget: &mut usize,
    out: &mut Vec<Cells>,
) -> bool {
    fn lines_of(values: &[Token<'_>], run: &[usize]) -> Vec<Vec<usize>> {
        let mut lines: Vec<Vec<usize>> = Vec::new();
        for &k in run {
            let joins = lines.last().is_some_and(|l| {
                let p = &values[*l.last().unwrap()];
                p.line == values[k].line && one_char(&values[k]) && one_char(p)
            });
            if joins {
                lines.last_mut().unwrap().push(k);
            } else {
                lines.push(vec![k]);
            }
        }
        lines
    }
    #[allow(clippy::too_many_arguments)]
    fn go(
        values: &[Token<'_>],
        want: usize,
        strict: bool,
        at: usize,
        cells: &mut Cells,
        budget: &mut usize,
        out: &mut Vec<Cells>,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let n = values.len();
        // Where the tool gives a cell's lines on lines of their own (and
        // the row is not all on one line).
        let own_lines = strict && values[0].line != values[n - 1].line;
        if cells.len() == want {
            if at == n && (!own_lines || level(values, cells)) {
                out.push(cells.clone());
            }
            return true;
        }
        let left = want - cells.len() - 1;
        for end in at + 1..=n - left {
            let run: Vec<usize> = (at..end).collect();
            let lines = lines_of(values, &run);
            if own_lines {
                // A cell's lines stand at different heights (`２５ ０` on
                // one line is two cells).
                if lines
                    .windows(2)
                    .any(|w| values[w[0][0]].line == values[w[1][0]].line)
                {
                    if end > at + 1 {
                        break;
                    }
                    continue;
                }
                // A justified line (`８ ８`) is a broken number's first
                // line, never a whole number: a cell's last line is not
                // spread.
                if end > at + 1 && lines.len() == 1 {
                    continue;
                }
            }
            let refs: Vec<&[usize]> = lines.iter().map(Vec::as_slice).collect();
            if !joinable(values, &refs) {
                // Longer runs of a cell that cannot join cannot either,
                // but for a first token of several digits: stop there.
                if end > at + 1 {
                    break;
                }
                continue;
            }
            cells.push(run);
            let ok = go(values, want, strict, end, cells, budget, out);
            cells.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    go(values, want, strict, 0, &mut Vec::new(), budget, out)
}

/// Whether the single-line cells of a reading in flowing text stand at one
/// height: a row's single-line values stand level with each other (all at
/// the top, or all centred), so those that share a line of the text with
/// a broken number's pieces all share it with the same piece. (`２ ２` /
/// `２` / `０ ２３ ０` is 222, 0, 23, 0 and not 2, 220, 23, 0: the 2 would
/// stand level with 220's first line and the 23 with its last.)
fn level(values: &[Token<'_>], cells: &Cells) -> bool {
    let singles: Vec<u32> = cells
        .iter()
        .filter(|c| c.len() == 1)
        .map(|c| values[c[0]].line)
        .collect();
    cells.iter().filter(|c| c.len() > 1).all(|c| {
        let mut lines: Vec<u32> = c.iter().map(|&k| values[k].line).collect();
        lines.dedup();
        lines.iter().filter(|l| singles.contains(l)).count() <= 1
    })
}

/// Readings of text laid out in columns: on each line the tokens in order
/// across, each cell takes a run of adjacent tokens on any of the lines;
/// a cell's lines stand over each other, and each cell stands right of
/// the one before, clear of it (measured by display cells or characters,
/// `Some(display)`). Without places (`None`), line by line in the order
/// given, a justified line never a whole number. `false` when the budget
/// ran out.
fn columns(
    values: &[Token<'_>],
    want: usize,
    display: Option<bool>,
    budget: &mut usize,
    out: &mut Vec<Cells>,
) -> bool {
    let pos = |k: usize| {
        let t = &values[k];
        match display {
            Some(true) => t.dcol,
            Some(false) => t.col.saturating_sub(1),
            None => k as u32,
        }
    };
    let width = |k: usize| {
        let t = &values[k];
        match display {
            Some(true) => display_width(t.text),
            Some(false) => t.len,
            None => 1,
        }
    };
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by_key(|&k| (values[k].line, pos(k)));
    for k in order {
        match lines.last_mut() {
            Some(l) if values[l[0]].line == values[k].line => l.push(k),
            _ => lines.push(vec![k]),
        }
    }
    if lines.len() > 6 {
        return true;
    }
    let s = Search {
        values,
        // Lines are centred in their cells: a little off is over.
        tol: if display == Some(true) { 3 } else { 2 },
        spans: (0..values.len())
            .map(|k| (pos(k), pos(k) + width(k)))
            .collect(),
        placed: display.is_some(),
        lines,
        want,
    };
    let mut at = vec![0; s.lines.len()];
    s.next_cell(&mut at, &mut Vec::new(), None, budget, out)
}

/// The search of [`columns`].
struct Search<'s, 't> {
    values: &'s [Token<'t>],
    /// Each token's place across: (start, end).
    spans: Vec<(u32, u32)>,
    /// Token indexes line by line, in order across.
    lines: Vec<Vec<usize>>,
    want: usize,
    tol: u32,
    /// Whether `spans` are places across the page (else the order given).
    placed: bool,
}

/// The cell before: its greatest start and greatest end.
type Before = Option<(u32, u32)>;

impl Search<'_, '_> {
    /// The cell's lines so far: the runs taken on each line, in order.
    fn pieces<'r>(&'r self, runs: &[std::ops::Range<usize>]) -> Vec<&'r [usize]> {
        runs.iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .map(|(l, r)| &self.lines[l][r.clone()])
            .collect()
    }

    fn span(&self, run: &[usize]) -> (u32, u32) {
        (self.spans[run[0]].0, self.spans[*run.last().unwrap()].1)
    }

    /// Whether a run on one line is adjacent tokens (a justified line).
    fn adjacent(&self, run: &[usize]) -> bool {
        run.windows(2)
            .all(|w| self.spans[w[1]].0 <= self.spans[w[0]].1 + 2)
    }

    /// Whether a run can be in the cell after `before`: right of it and
    /// clear of it.
    fn after(&self, span: (u32, u32), before: Before) -> bool {
        !self.placed || before.is_none_or(|(start, end)| span.0 > start && span.0 + 1 >= end)
    }

    /// Builds the cell from line `line` on, then the cells after it.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &self,
        line: usize,
        at: &mut Vec<usize>,
        taken: &mut Vec<(u32, u32)>,
        runs: &mut Vec<std::ops::Range<usize>>,
        cells: &mut Cells,
        before: Before,
        budget: &mut usize,
        out: &mut Vec<Cells>,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if line == self.lines.len() {
            if taken.is_empty() {
                return true;
            }
            let pieces = self.pieces(runs);
            // A justified line (`３ ５ ３`) is a broken number's first line,
            // never a whole number: a cell's last line is not spread.
            if !joinable(self.values, &pieces) || matches!(pieces[..], [p] if p.len() > 1) {
                return true;
            }
            let max_start = taken.iter().map(|s| s.0).max().unwrap();
            let max_end = taken.iter().map(|s| s.1).max().unwrap();
            // A token left behind on a line must stand right of this cell,
            // or no later cell can take it.
            let stranded = self.placed
                && self
                    .lines
                    .iter()
                    .zip(at.iter())
                    .any(|(l, &a)| l.get(a).is_some_and(|&k| self.spans[k].0 <= max_start));
            if stranded {
                return true;
            }
            cells.push(pieces.concat());
            let ok = self.next_cell(at, cells, Some((max_start, max_end)), budget, out);
            cells.pop();
            return ok;
        }
        let free = self.lines[line].len() - at[line];
        for k in 0..=free.min(6) {
            let from = at[line];
            let run = &self.lines[line][from..from + k];
            if k > 1 && !self.adjacent(run) {
                break;
            }
            if k > 0 {
                let span = self.span(run);
                if !self.after(span, before) {
                    continue;
                }
                // Over the cell's other lines.
                if self.placed
                    && taken
                        .iter()
                        .any(|t| span.0.max(t.0) > span.1.min(t.1) + self.tol)
                {
                    continue;
                }
                // The cell so far must be the beginning of a number: what
                // cannot join now cannot with more lines either.
                if !taken.is_empty() || k > 1 {
                    let mut so_far = self.pieces(runs);
                    so_far.push(run);
                    if !joinable(self.values, &so_far) {
                        continue;
                    }
                }
                taken.push(span);
            }
            at[line] += k;
            runs.push(from..from + k);
            let ok = self.cell(line + 1, at, taken, runs, cells, before, budget, out);
            runs.pop();
            at[line] -= k;
            if k > 0 {
                taken.pop();
            }
            if !ok {
                return false;
            }
        }
        true
    }

    fn next_cell(
        &self,
        at: &mut Vec<usize>,
        cells: &mut Cells,
        before: Before,
        budget: &mut usize,
        out: &mut Vec<Cells>,
    ) -> bool {
        let left: usize = self
            .lines
            .iter()
            .zip(at.iter())
            .map(|(l, a)| l.len() - a)
            .sum();
        if cells.len() == self.want {
            if left == 0 {
                out.push(cells.clone());
            }
            return true;
        }
        if left < self.want - cells.len() {
            return true;
        }
        let mut taken = Vec::with_capacity(self.lines.len());
        let mut runs = Vec::with_capacity(self.lines.len());
        self.cell(0, at, &mut taken, &mut runs, cells, before, budget, out)
    }
}

/// A piece of a number on one line: a token, or a justified run of single
/// digits (`１ ０`), as its places by characters and by display cells and
/// its count of digits.
#[derive(Debug, Clone, Copy)]
struct Piece {
    col: (u32, u32),
    dcol: (u32, u32),
    digits: usize,
}

/// The pieces of the full-width numbers among a line's tokens.
fn pieces(line: &[Token<'_>]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut prev: Option<&Token<'_>> = None;
    for t in line.iter().filter(|t| is_fullwidth_number(t)) {
        let n = t.text.chars().count();
        let joins = prev.is_some_and(|p| n == 1 && one_char(p) && t.col <= p.col + p.len + 2);
        match out.last_mut() {
            Some(last) if joins => {
                last.col.1 = t.col + t.len;
                last.dcol.1 = t.dcol + display_width(t.text);
                last.digits += 1;
            }
            _ => out.push(Piece {
                col: (t.col, t.col + t.len),
                dcol: (t.dcol, t.dcol + display_width(t.text)),
                digits: n,
            }),
        }
        prev = Some(t);
    }
    out
}

/// Whether two pieces stand over each other, by characters or by display
/// cells as `measures` says (lines are centred in their cells: a little
/// off is over).
fn over(a: &Piece, b: &Piece, measures: &[Layout]) -> bool {
    let by = |a: (u32, u32), b: (u32, u32), tol: u32| a.0.max(b.0) <= a.1.min(b.1) + tol;
    let by_col = || by(a.col, b.col, 2);
    let by_dcol = || by(a.dcol, b.dcol, 3);
    measures.iter().any(|m| match m {
        Layout::Columns {
            display: Some(false),
        } => by_col(),
        Layout::Columns {
            display: Some(true),
        } => by_dcol(),
        Layout::Columns { display: None } => by_col() || by_dcol(),
        Layout::Flowing | Layout::Lines => false,
    })
}

/// Puts the pieces of a row's broken numbers where the row's values are
/// read. In text laid out in columns (`measures`): a line of pieces above
/// the line of the row's label (the cell's first lines, its single-line
/// values centred level with the label) goes after that label; pieces on
/// a line below that begins with the tail of a wrapped label (`量  ８`) go
/// before it, after the values they continue. Each piece moved stands
/// over a piece of full-width digits two lines away, or a line or two
/// above; a line that could go either way goes where its row adds up
/// (`fits`). In flowing text (`measures` from [`Layout::Flowing`]), only pieces after a
/// wrapped label's end, where the row adds up with them and not without.
/// Only the order of tokens changes; `None` when nothing moves. (Whether
/// the pieces then make the row add up is for [`reassemble`] to find.)
pub(crate) fn regroup<'a>(
    tokens: &[Token<'a>],
    is_noise: impl Fn(&Token<'_>) -> bool,
    starts_row: impl Fn(&[Token<'_>]) -> bool,
    fits: impl Fn(&[Token<'a>]) -> bool,
    measures: &[Layout],
) -> Option<Vec<Token<'a>>> {
    // The lines: (line number, token range).
    let mut lines: Vec<(u32, usize, usize)> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        match lines.last_mut() {
            Some(l) if l.0 == t.line => l.2 = k + 1,
            _ => lines.push((t.line, k, k + 1)),
        }
    }
    let line = |no: u32| lines.iter().find(|l| l.0 == no).map(|l| &tokens[l.1..l.2]);
    let first_value = |l: &[Token<'a>]| l.iter().position(|t| t.kind == Kind::Value);
    let pieces_of = |l: &[Token<'a>]| -> Option<usize> {
        // Labels, then full-width numbers.
        let v = first_value(l)?;
        l[v..].iter().all(is_fullwidth_number).then_some(v)
    };
    // Per line: its pieces go after the next line's labels (heads), or
    // before its own labels (tails).
    let mut heads = vec![false; lines.len()];
    let mut tails = vec![false; lines.len()];
    for (n, &(no, a, b)) in lines.iter().enumerate() {
        let l = &tokens[a..b];
        let Some(v) = pieces_of(l) else { continue };
        let (labels, values) = l.split_at(v);
        // The values before this line, back to the last label, and whether
        // they (past any group labels' pieces) end in a value.
        let run_start = tokens[..a]
            .iter()
            .rposition(|t| t.kind == Kind::Label)
            .map_or(0, |k| k + 1);
        let after_values = tokens[..a]
            .iter()
            .rev()
            .find(|t| !(t.kind == Kind::Label && is_noise(t)))
            .is_some_and(|t| t.kind == Kind::Value);
        if measures.first() == Some(&Layout::Flowing) {
            // No places to go by: a row's tails after the wrapped end of its
            // label (`量 ４ ４`, a page break inside the row) when the row
            // adds up with them, and not without.
            let run = &tokens[run_start..a];
            let with: Vec<Token<'a>> = run.iter().chain(values).cloned().collect();
            if after_values
                && !labels.is_empty()
                && values.len() <= 3
                && !starts_row(labels)
                && !fits(run)
                && fits(&with)
            {
                tails[n] = true;
            }
            continue;
        }
        // Heads: above a row's label line, over the pieces of the line
        // below that.
        let head = labels.iter().all(&is_noise)
            && !starts_row(labels)
            && match (line(no + 1), line(no + 2)) {
                (Some(label_line), Some(below)) => {
                    let lv = first_value(label_line).unwrap_or(label_line.len());
                    let row_label = lv > 0
                        && (starts_row(&label_line[..lv])
                            || !label_line[..lv].iter().all(&is_noise));
                    let below = pieces(below);
                    row_label
                        && pieces(values).iter().all(|h| {
                            below
                                .iter()
                                .any(|t| over(h, t, measures) && h.digits >= t.digits)
                        })
                }
                _ => false,
            };
        // Tails: under the pieces of the line or two above, which the run
        // of values before them ends (moved only when they follow the
        // wrapped end of a label, `量  ８`).
        let tail =
            after_values && (labels.is_empty() || (values.len() <= 3 && !starts_row(labels))) && {
                let above: Vec<Piece> = [no.wrapping_sub(1), no.wrapping_sub(2)]
                    .into_iter()
                    .filter_map(line)
                    .flat_map(pieces)
                    .collect();
                pieces(values).iter().all(|t| {
                    above
                        .iter()
                        .any(|h| over(h, t, measures) && h.digits >= t.digits)
                })
            };
        match (head, tail) {
            (true, false) => heads[n] = true,
            (false, true) => tails[n] = true,
            (true, true) => {
                // Which row they complete, by which adds up.
                let above: Vec<Token<'a>> =
                    tokens[run_start..a].iter().chain(values).cloned().collect();
                let label_line = line(no + 1).unwrap_or(&[]);
                let lv = first_value(label_line).unwrap_or(label_line.len());
                let below_line = line(no + 2).unwrap_or(&[]);
                let below: Vec<Token<'a>> = values
                    .iter()
                    .chain(&label_line[lv..])
                    .chain(below_line.iter().filter(|t| t.kind == Kind::Value))
                    .cloned()
                    .collect();
                match (fits(&above), fits(&below)) {
                    (true, false) => tails[n] = true,
                    (false, true) => heads[n] = true,
                    _ => {}
                }
            }
            (false, false) => {}
        }
    }
    if !heads.iter().chain(&tails).any(|&f| f) {
        return None;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut held: Vec<Token<'a>> = Vec::new();
    for (n, &(_, a, b)) in lines.iter().enumerate() {
        let l = &tokens[a..b];
        let v = first_value(l).unwrap_or(l.len());
        if heads[n] {
            out.extend_from_slice(&l[..v]);
            held.extend_from_slice(&l[v..]);
        } else if tails[n] {
            // After the values they continue, before any labels between.
            out.append(&mut held);
            let at = out
                .iter()
                .rposition(|t| t.kind == Kind::Value)
                .map_or(0, |k| k + 1);
            out.splice(at..at, l[v..].iter().cloned());
            out.extend_from_slice(&l[..v]);
        } else if !held.is_empty() {
            // The label line: its labels, the pieces held, its values.
            out.extend_from_slice(&l[..v]);
            out.append(&mut held);
            out.extend_from_slice(&l[v..]);
        } else {
            out.extend_from_slice(l);
        }
    }
    out.extend(held);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, line: u32, col: u32) -> Token<'_> {
        Token {
            text,
            note: None,
            kind: Kind::Value,
            line,
            col,
            dcol: col - 1,
            len: text.chars().count() as u32,
        }
    }

    /// Flowing text's ways of reading, as the table reader passes them.
    const FLOWING: &[Layout] = &[Layout::Flowing, Layout::Lines];

    /// Row 一 of fixtures/extract report-22, text order.
    const ROW_NEW: [&str; 7] = [
        "１０４４",
        "１１３",
        "６９",
        "２１",
        "１４０",
        "１３",
        "１４００",
    ];

    fn texts(v: &[Token<'_>]) -> Vec<String> {
        v.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn flowing_pieces_join_where_one_reading_adds_up() {
        let bump = Bump::new();
        // PyMuPDF: each cell's lines one per line, `１１９８` as `１１９`, `８`.
        let v: Vec<Token<'_>> = [
            "９８３",
            "６３",
            "５５",
            "１９",
            "６８",
            "１０",
            "１１９",
            "８",
        ]
        .iter()
        .enumerate()
        .map(|(k, t)| tok(t, k as u32 + 1, 1))
        .collect();
        let got = reassemble(&v, 7, 6, FLOWING, &bump).unwrap();
        assert_eq!(texts(&got).last().unwrap(), "１１９８");
        // Justified heads (`１ ０`), pdftotext -raw.
        let rows = [
            vec!["１", "０"],
            vec!["４４"],
            vec!["１", "１"],
            vec!["３"],
            vec!["６９", "２１"],
            vec!["１", "４"],
            vec!["０"],
            vec!["１３"],
            vec!["１", "４"],
            vec!["００"],
        ];
        let mut v = Vec::new();
        for (l, r) in rows.iter().enumerate() {
            let mut col = 1;
            for t in r {
                v.push(tok(t, l as u32 + 1, col));
                col += t.chars().count() as u32 + 1;
            }
        }
        let got = reassemble(&v, 7, 6, FLOWING, &bump).unwrap();
        assert_eq!(texts(&got), ROW_NEW);
    }

    #[test]
    fn two_readings_that_add_up_are_refused() {
        let bump = Bump::new();
        // `１` `１` `０` `１` `１`, one per line, in three cells: 1 + 10 = 11
        // and 11 + 0 = 11.
        let v: Vec<Token<'_>> = ["１", "１", "０", "１", "１"]
            .iter()
            .enumerate()
            .map(|(k, t)| tok(t, k as u32 + 1, 1))
            .collect();
        assert!(reassemble(&v, 3, 2, FLOWING, &bump).is_none());
        // No reading adds up: left alone.
        let v = vec![
            tok("１", 1, 1),
            tok("１", 2, 1),
            tok("１", 3, 1),
            tok("２", 4, 1),
        ];
        assert!(reassemble(&v, 2, 1, FLOWING, &bump).is_none());
        // A leading zero joins nothing: `０` `５` over `５` is not 05 = 5.
        let v = vec![tok("０", 1, 1), tok("５", 2, 1), tok("５", 3, 1)];
        assert!(reassemble(&v, 2, 1, FLOWING, &bump).is_none());
    }

    #[test]
    fn columns_join_a_tail_below_its_head() {
        let bump = Bump::new();
        // w3m: `１０ … １４` over `４４ … ００`.
        let mut v = Vec::new();
        for (k, t) in ["１０", "１１３", "６９", "２１", "１４０", "１３", "１４"]
            .iter()
            .enumerate()
        {
            v.push(tok(t, 1, 1 + 8 * k as u32));
        }
        v.push(tok("４４", 2, 1));
        v.push(tok("００", 2, 49));
        let got = reassemble(
            &v,
            7,
            6,
            &[Layout::Columns {
                display: Some(false),
            }],
            &bump,
        )
        .unwrap();
        assert_eq!(texts(&got), ROW_NEW);
    }

    /// Tokens from lines of text, each line's tokens one space apart.
    fn lines<'a>(rows: &[(u32, &[&'a str])]) -> Vec<Token<'a>> {
        let mut v = Vec::new();
        for &(line, r) in rows {
            let mut col = 1;
            for t in r {
                v.push(tok(t, line, col));
                col += t.chars().count() as u32 + 1;
            }
        }
        v
    }

    #[test]
    fn own_lines_settle_what_the_sums_leave_open() {
        let bump = Bump::new();
        // pdftotext -raw: 106 and 139 broken, the single-line values on a
        // line of their own. 1, 0, 6, 88, 38, 6, 139 adds up too, but `８ ８`
        // is a justified first line, never a whole number.
        let v = lines(&[
            (1, &["１", "０"]),
            (2, &["６"]),
            (3, &["８", "８", "３", "８", "６"]),
            (4, &["１", "３"]),
            (5, &["９"]),
        ]);
        let got = reassemble(&v, 7, 6, FLOWING, &bump).unwrap();
        assert_eq!(
            texts(&got),
            ["１０６", "８", "８", "３", "８", "６", "１３９"]
        );
        // 222, 0 or 2, 220: the 2 would stand level with 220's first line
        // and the 23 with its last.
        let v = lines(&[
            (1, &["２", "２"]),
            (2, &["２"]),
            (3, &["０", "２３", "０", "３５", "０"]),
            (4, &["２", "８"]),
            (5, &["０"]),
        ]);
        let got = reassemble(&v, 7, 6, FLOWING, &bump).unwrap();
        assert_eq!(
            texts(&got),
            ["２２２", "０", "２３", "０", "３５", "０", "２８０"]
        );
    }

    #[test]
    fn line_by_line_in_order_only_where_one_reading_adds_up() {
        let bump = Bump::new();
        // A page break inside the row: the heads with the single-line values,
        // the tails after the page's footer.
        let v = lines(&[
            (
                1,
                &[
                    "２",
                    "１",
                    "６",
                    "１５８",
                    "８７",
                    "２４",
                    "４２",
                    "７９",
                    "２",
                    "５",
                    "５",
                ],
            ),
            (3, &["４", "４"]),
        ]);
        let got = reassemble(&v, 7, 6, FLOWING, &bump).unwrap();
        assert_eq!(
            texts(&got),
            [
                "２１６４",
                "１５８",
                "８７",
                "２４",
                "４２",
                "７９",
                "２５５４"
            ]
        );
        // pdfplumber: heads on the label's line, the other values below, no
        // places: 1600 adds up as the first column or as the fourth.
        let v = lines(&[
            (1, &["１", "６", "０", "２", "２", "５"]),
            (2, &["２８５", "７１", "８１", "１１２", "１０７"]),
            (3, &["０", "６"]),
        ]);
        assert!(reassemble(&v, 7, 6, FLOWING, &bump).is_none());
    }

    #[test]
    fn measures_that_disagree_are_refused() {
        let bump = Bump::new();
        // `１１ １１ １２８` over `７`: under the second `１１` by characters,
        // under the first by display cells (a label's wide characters before
        // them on their line): 11, 117 or 117, 11.
        let at = |t, line, col, dcol| Token {
            dcol,
            ..tok(t, line, col)
        };
        let v = vec![
            at("１１", 1, 10, 20),
            at("１１", 1, 20, 30),
            at("１２８", 1, 30, 40),
            at("７", 2, 20, 20),
        ];
        let by = |display| reassemble(&v, 3, 2, &[Layout::Columns { display }], &bump);
        assert_eq!(
            texts(&by(Some(false)).unwrap()),
            ["１１", "１１７", "１２８"]
        );
        assert_eq!(
            texts(&by(Some(true)).unwrap()),
            ["１１７", "１１", "１２８"]
        );
        assert!(by(None).is_none());
    }
}
