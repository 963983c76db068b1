//! The formulas of the form, evaluated where the workbook saved no result.
//!
//! Excel and LibreOffice save each formula's result beside it; openpyxl and
//! other generators save the formula alone. The form's own formulas (the
//! template's and those clerks type) are sums: `SUM(D7:D27)`, `SUM(D5,E5)`,
//! `D5+D6+E9`, over cells of the same sheet. Those are evaluated here, the
//! way the spreadsheet would (a blank cell counts 0); anything else — a
//! function other than SUM, another sheet, a text among the summed cells, a
//! cycle — is left unevaluated and the caller refuses the cell by name.
//!
//! The work is bounded by counts: a range visits at most the cells the sheet
//! holds, and the whole sheet's evaluation at most [`MAX_VISITS`] cells.

use nianbao_model::grid::{CellValue, GridCell};
use std::collections::HashMap;

/// Most cell visits while evaluating one sheet's formulas (the template
/// needs about 1,000; a hostile sheet of 100,000 formulas over whole
/// columns would need billions).
pub const MAX_VISITS: usize = 2_000_000;

/// A formula without a saved result.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
    /// Its text, without the leading `=`.
    pub formula: String,
}

/// What evaluating a sheet's pending formulas gave.
#[derive(Debug, Default)]
pub struct Evaluated {
    /// The value of each formula that could be evaluated.
    pub values: Vec<(u32, u32, f64)>,
    /// The formulas that could not, with why (in Chinese and English).
    pub refused: Vec<(u32, u32, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// One cell.
    Cell(u32, u32),
    /// A rectangle, inclusive: (top, left, bottom, right).
    Range(u32, u32, u32, u32),
    /// A constant.
    Number(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Visiting,
    Done(f64),
    Failed,
}

/// Evaluates `pending` over `cells` (the sheet's literal cells and cached
/// formula results) on the sheet `sheet`.
pub fn evaluate(sheet: &str, cells: &[GridCell], pending: &[Pending]) -> Evaluated {
    let values: HashMap<(u32, u32), &CellValue> =
        cells.iter().map(|c| ((c.row, c.col), &c.value)).collect();
    let index: HashMap<(u32, u32), usize> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.row, p.col), i))
        .collect();
    let parsed: Vec<Option<Vec<Term>>> = pending.iter().map(|p| parse(&p.formula, sheet)).collect();
    let mut ev = Evaluator {
        values,
        index,
        parsed: &parsed,
        state: vec![None; pending.len()],
        why: vec![None; pending.len()],
        visits: 0,
    };
    let mut out = Evaluated::default();
    for (i, p) in pending.iter().enumerate() {
        match ev.formula(i) {
            Some(v) => out.values.push((p.row, p.col, v)),
            None => {
                let (zh, en) = ev.why[i].clone().unwrap_or_else(unsupported);
                out.refused.push((p.row, p.col, zh, en));
            }
        }
    }
    out
}

fn unsupported() -> (String, String) {
    (
        "不是 nianbao 能计算的求和公式（只计算同一工作表内单元格的 SUM 与 +）".into(),
        "not a sum nianbao evaluates (only SUM and + over cells of the same sheet)".into(),
    )
}

struct Evaluator<'a> {
    values: HashMap<(u32, u32), &'a CellValue>,
    index: HashMap<(u32, u32), usize>,
    parsed: &'a [Option<Vec<Term>>],
    state: Vec<Option<State>>,
    why: Vec<Option<(String, String)>>,
    visits: usize,
}

impl Evaluator<'_> {
    fn formula(&mut self, i: usize) -> Option<f64> {
        match self.state[i] {
            Some(State::Done(v)) => return Some(v),
            Some(State::Failed) => return None,
            Some(State::Visiting) => {
                self.why[i] = Some((
                    "公式循环引用自身".into(),
                    "the formula refers to itself (a cycle)".into(),
                ));
                self.state[i] = Some(State::Failed);
                return None;
            }
            None => {}
        }
        self.state[i] = Some(State::Visiting);
        let Some(terms) = self.parsed[i].as_ref() else {
            self.state[i] = Some(State::Failed);
            return None;
        };
        let mut sum = 0.0;
        let mut ok = true;
        for t in terms.clone() {
            let v = match t {
                Term::Number(n) => Some(n),
                Term::Cell(r, c) => self.cell(i, r, c),
                Term::Range(top, left, bottom, right) => self.range(i, top, left, bottom, right),
            };
            match v {
                Some(v) => sum += v,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && sum.abs() >= super::raw::EXACT_LIMIT {
            // A double adds exactly only below 2^53: a larger total could
            // be off by a few, and a wrong number is worse than none.
            self.why[i] = Some((
                "和超过 2^53，无法精确计算".into(),
                "the sum is past 2^53, beyond exact arithmetic in a spreadsheet".into(),
            ));
            ok = false;
        }
        if ok && self.state[i] == Some(State::Visiting) && sum.is_finite() {
            self.state[i] = Some(State::Done(sum));
            Some(sum)
        } else {
            self.state[i] = Some(State::Failed);
            None
        }
    }

    fn budget(&mut self, i: usize) -> bool {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            self.why[i] = Some((
                format!("公式引用的单元格超过 {MAX_VISITS} 个"),
                format!("the formulas refer to more than {MAX_VISITS} cells"),
            ));
            return false;
        }
        true
    }

    /// The value of one referenced cell: a blank counts 0; a number is
    /// itself; a pending formula is evaluated; text refuses.
    fn cell(&mut self, i: usize, r: u32, c: u32) -> Option<f64> {
        if !self.budget(i) {
            return None;
        }
        if let Some(&j) = self.index.get(&(r, c)) {
            let v = self.formula(j);
            if v.is_none() && self.why[i].is_none() {
                let at = nianbao_model::grid::cell_ref(r, c);
                self.why[i] = Some((
                    format!("引用的公式单元格 {at} 无法计算"),
                    format!("it refers to {at}, a formula that cannot be evaluated"),
                ));
            }
            return v;
        }
        match self.values.get(&(r, c)) {
            None | Some(CellValue::Empty) => Some(0.0),
            Some(CellValue::Number(n)) => Some(*n),
            Some(CellValue::Text(t)) if t.trim().is_empty() => Some(0.0),
            Some(CellValue::Text(t)) => {
                let at = nianbao_model::grid::cell_ref(r, c);
                self.why[i] = Some((
                    format!("引用的单元格 {at} 是文字“{t}”，不是数字"),
                    format!("it refers to {at}, which holds the text “{t}”, not a number"),
                ));
                None
            }
        }
    }

    /// The sum of a range: its blank cells count 0, so only the cells the
    /// sheet holds are visited (a range over whole columns costs no more
    /// than the sheet).
    fn range(&mut self, i: usize, top: u32, left: u32, bottom: u32, right: u32) -> Option<f64> {
        let inside = |&(r, c): &(u32, u32)| r >= top && r <= bottom && c >= left && c <= right;
        let area = (bottom - top) as u64 + 1;
        let area = area * ((right - left) as u64 + 1);
        let held = (self.values.len() + self.index.len()) as u64;
        // Finding the range's cells costs the smaller of its area and the
        // cells held: charged to the budget before it is spent.
        self.visits = self.visits.saturating_add(area.min(held) as usize);
        if !self.budget(i) {
            return None;
        }
        let mut positions: Vec<(u32, u32)> = if area <= held {
            (top..=bottom)
                .flat_map(|r| (left..=right).map(move |c| (r, c)))
                .filter(|p| self.values.contains_key(p) || self.index.contains_key(p))
                .collect()
        } else {
            self.values
                .keys()
                .chain(self.index.keys())
                .copied()
                .filter(inside)
                .collect()
        };
        positions.sort_unstable();
        positions.dedup();
        let mut sum = 0.0;
        for (r, c) in positions {
            // SUM skips text and blanks; a formula among them is evaluated.
            if self.index.contains_key(&(r, c)) {
                sum += self.cell(i, r, c)?;
                continue;
            }
            if !self.budget(i) {
                return None;
            }
            match self.values.get(&(r, c)) {
                Some(CellValue::Number(n)) => sum += n,
                Some(CellValue::Text(t)) if !t.trim().is_empty() => {
                    // Excel's SUM would skip it silently; a count typed as
                    // text would then be left out of the total.
                    let at = nianbao_model::grid::cell_ref(r, c);
                    self.why[i] = Some((
                        format!("求和范围内的单元格 {at} 是文字“{t}”，不是数字"),
                        format!("{at} in the summed range holds the text “{t}”, not a number"),
                    ));
                    return None;
                }
                _ => {}
            }
        }
        Some(sum)
    }
}

/// The terms of `formula` summed, or `None` when it is anything else.
fn parse(formula: &str, sheet: &str) -> Option<Vec<Term>> {
    let mut p = Parser {
        s: formula.trim().trim_start_matches('=').as_bytes(),
        src: formula.trim().trim_start_matches('='),
        at: 0,
        sheet,
    };
    let mut terms = Vec::new();
    loop {
        p.ws();
        if p.keyword("SUM") {
            p.ws();
            p.expect(b'(')?;
            loop {
                p.ws();
                terms.push(p.reference_or_range()?);
                p.ws();
                if p.eat(b',') {
                    continue;
                }
                p.expect(b')')?;
                break;
            }
        } else if p.peek().is_some_and(|b| b.is_ascii_digit()) {
            terms.push(Term::Number(p.number()?));
        } else {
            match p.reference_or_range()? {
                t @ Term::Cell(..) => terms.push(t),
                _ => return None,
            }
        }
        p.ws();
        if p.eat(b'+') {
            continue;
        }
        return (p.at == p.s.len()).then_some(terms);
    }
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    at: usize,
    sheet: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|b| b == b' ') {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn keyword(&mut self, k: &str) -> bool {
        let end = self.at + k.len();
        if self.s.len() >= end
            && self.s[self.at..end].eq_ignore_ascii_case(k.as_bytes())
            && self.s.get(end).is_some_and(|&b| b == b'(' || b == b' ')
        {
            self.at = end;
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.') {
            self.at += 1;
        }
        self.src[start..self.at].parse().ok()
    }

    /// `A1`, `$A$1`, `Sheet!A1`, `'Sheet name'!A1:B2`; a sheet other than
    /// this one refuses.
    fn reference_or_range(&mut self) -> Option<Term> {
        self.sheet_prefix()?;
        let (r1, c1) = self.cell()?;
        if self.eat(b':') {
            self.sheet_prefix()?;
            let (r2, c2) = self.cell()?;
            return Some(Term::Range(r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)));
        }
        Some(Term::Cell(r1, c1))
    }

    fn sheet_prefix(&mut self) -> Option<()> {
        let rest = &self.src[self.at..];
        let (name, len) = if let Some(quoted) = rest.strip_prefix('\'') {
            let mut name = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, ch)) = chars.next() {
                if ch == '\'' {
                    if quoted[i + 1..].starts_with('\'') {
                        name.push('\'');
                        chars.next();
                    } else {
                        end = Some(i + 1);
                        break;
                    }
                } else {
                    name.push(ch);
                }
            }
            let end = end?;
            if !quoted[end..].starts_with('!') {
                return None;
            }
            (name, 1 + end + 1)
        } else if let Some(bang) = rest.find('!') {
            let name = &rest[..bang];
            if name.is_empty() || name.contains(|c: char| "+,():$ ".contains(c)) {
                return Some(());
            }
            (name.to_owned(), bang + 1)
        } else {
            return Some(());
        };
        if name != self.sheet {
            return None;
        }
        self.at += len;
        Some(())
    }

    fn cell(&mut self) -> Option<(u32, u32)> {
        self.eat(b'$');
        let mut col: u64 = 0;
        let start = self.at;
        while let Some(b) = self.peek().filter(u8::is_ascii_alphabetic) {
            col = col * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64;
            self.at += 1;
            if self.at - start > 3 {
                return None;
            }
        }
        if col == 0 {
            return None;
        }
        self.eat(b'$');
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
            if self.at - start > 7 {
                return None;
            }
        }
        let row: u32 = self.src[start..self.at].parse().ok()?;
        if row == 0 || col > 16_384 || row > 1_048_576 {
            return None;
        }
        Some((row - 1, (col - 1) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, v: f64) -> GridCell {
        GridCell {
            row,
            col,
            value: CellValue::Number(v),
            formula: false,
        }
    }

    fn pending(row: u32, col: u32, f: &str) -> Pending {
        Pending {
            row,
            col,
            formula: f.into(),
        }
    }

    #[test]
    fn sums_and_pluses_over_cells_and_other_formulas() {
        // A1=1, A2=2, B1=10; C1 = SUM(A1:A2), C2 = A1+B1, C3 = SUM(C1,C2)+1.
        let cells = [cell(0, 0, 1.0), cell(1, 0, 2.0), cell(0, 1, 10.0)];
        let p = [
            pending(2, 2, "SUM(C1,C2)+1"),
            pending(0, 2, "SUM(A1:A2)"),
            pending(1, 2, "$A$1 + 'S'!B1"),
            pending(3, 2, "sum(A:A)"),
        ];
        let e = evaluate("S", &cells, &p);
        assert!(e.refused.iter().all(|r| r.0 == 3), "{:?}", e.refused);
        let mut v = e.values.clone();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(v, [(0, 2, 3.0), (1, 2, 11.0), (2, 2, 15.0)]);
    }

    #[test]
    fn anything_else_is_refused() {
        let cells = [GridCell {
            row: 0,
            col: 0,
            value: CellValue::Text("十".into()),
            formula: false,
        }];
        for f in [
            "AVERAGE(B1:B2)",
            "B1*2",
            "B1-B2",
            "Other!B1",
            "SUM(A1:A3)",
            "A1+1",
            "D1",
            "SUM(B1",
            "B1+",
        ] {
            let e = evaluate("S", &cells, &[pending(0, 3, f)]);
            assert!(e.values.is_empty(), "{f}: {:?}", e.values);
            assert_eq!(e.refused.len(), 1, "{f}");
        }
    }

    #[test]
    fn whole_column_ranges_visit_only_the_cells_held() {
        let cells: Vec<GridCell> = (0..300).map(|r| cell(r, 0, 1.0)).collect();
        let p: Vec<Pending> = (0..300)
            .map(|r| pending(r, 1, "SUM(A1:A1048576)"))
            .collect();
        let e = evaluate("S", &cells, &p);
        assert_eq!(e.values.len(), 300);
        assert!(e.values.iter().all(|v| v.2 == 300.0));
        // Past the budget, formulas are refused, not computed at any cost.
        let cells: Vec<GridCell> = (0..5000).map(|r| cell(r, 0, 1.0)).collect();
        let p: Vec<Pending> = (0..5000).map(|r| pending(r, 1, "SUM(A:A)")).collect();
        let p: Vec<Pending> = p
            .into_iter()
            .map(|mut q| {
                q.formula = "SUM(A1:A1048576)".into();
                q
            })
            .collect();
        let e = evaluate("S", &cells, &p);
        assert!(!e.refused.is_empty());
        assert!(e.refused[e.refused.len() - 1].2.contains("超过"));
    }
}
