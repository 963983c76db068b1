//! Lines and tokens.
//!
//! Every layout is reduced to one stream of tokens per section: label
//! fragments and value cells, each with its line and column. Cells are split
//! at tabs and pipes; inside a cell, at white space outside brackets, so that
//! `(区分处理的, 只计这一情形)` stays one fragment and `22 （其中修订 16 件）`
//! is one value with a note. Page furniture (`— 4 —`, `第 4 页`) and
//! markdown rules (`|---|`) are dropped before tokenising.

use nianbao_model::cell::is_value_like;
use nianbao_model::label::fold_char;

/// One source line (without its line end) and its 1-based number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub no: u32,
    pub text: &'a str,
}

/// Splits at `\n`, `\r\n` and `\r`.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let bytes = text.as_bytes();
    let (mut start, mut no) = (0usize, 1u32);
    let mut skip_lf_at = usize::MAX;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i == skip_lf_at {
            // The `\n` of a `\r\n`.
            start = i + 1;
            continue;
        }
        out.push(Line {
            no,
            text: &text[start..i],
        });
        no += 1;
        start = i + 1;
        if bytes[i] == b'\r' {
            skip_lf_at = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(Line {
            no,
            text: &text[start..],
        });
    }
    out
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '―' | '－' | '─')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Page numbers and the like, which PDF extraction leaves inside tables:
/// `— 4 —`, `- 4 -`, `第 4 页`, `第4页 共10页`, also framed as a table row
/// (`| — 9 — |`). (`4 / 10` is not taken:
/// it cannot be told from a row of values `4 / 10`.)
pub(crate) fn is_furniture(line: &str) -> bool {
    // Centred by a layout tool: the indent is no part of it. (Most lines
    // have none: a byte looked at, no character decoded.)
    let b = line.as_bytes();
    // (ASCII white space, or the first or last byte of U+3000 or U+FEFF.)
    let edge = |c: Option<&u8>| {
        c.is_some_and(|c| c.is_ascii_whitespace() || matches!(c, 0x0B | 0xE3 | 0x80 | 0xEF | 0xBF))
    };
    let line = if edge(b.first()) || edge(b.last()) {
        line.trim_matches(is_space)
    } else {
        line
    };
    // Framed as a table row: `| — 9 — |`, `| -10- | | |`.
    if line.len() > 120 {
        return false;
    }
    if memchr::memchr(b'|', line.as_bytes()).is_some() || line.contains('｜') {
        // Most table rows fail these before anything is copied.
        let parts = line
            .split(|c: char| c == '|' || c == '｜' || is_space(c))
            .filter(|p| !p.is_empty())
            .take(4)
            .count();
        let digit = line
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        let dash = line.chars().any(|c| is_dash(fold_char(c)) || c == '第');
        if parts > 3 || !digit || !dash {
            return false;
        }
        let bare: String = line.chars().filter(|c| !matches!(c, '|' | '｜')).collect();
        return !bare.contains(['|', '｜']) && is_bare_furniture(&bare);
    }
    is_bare_furniture(line)
}

fn is_bare_furniture(line: &str) -> bool {
    // Furniture is short and has few parts; a row of values is not furniture
    // even when it looks like `- 4 -` once its spaces are gone.
    if line.len() > 60 || line.chars().count() > 20 || line.split_whitespace().count() > 3 {
        return false;
    }
    // Furniture holds a digit and a dash or 第; most lines hold neither.
    let digit = line
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if !digit || !line.chars().any(|c| is_dash(fold_char(c)) || c == '第') {
        return false;
    }
    let t: String = line
        .chars()
        .map(fold_char)
        .filter(|c| !is_space(*c))
        .collect();
    if t.is_empty() {
        return false;
    }
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    // — 4 —
    let inner = t.trim_start_matches(is_dash);
    if inner.len() < t.len() {
        let core = inner.trim_end_matches(is_dash);
        if core.len() < inner.len() && digits_only(core) {
            return true;
        }
    }
    // 第 4 页 [共 10 页]
    if let Some(rest) = t.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            if digits_only(n) {
                let tail = tail.trim_start_matches([',', '/', '，']);
                if tail.is_empty() {
                    return true;
                }
                if let Some(m) = tail.strip_prefix('共').and_then(|x| x.strip_suffix('页')) {
                    return digits_only(m);
                }
            }
        }
    }
    false
}

/// A markdown table rule: `|---|:---:|`.
pub(crate) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains("---")
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t' | '｜'))
}

/// Whether a character takes two display cells (East Asian wide).
#[inline]
fn is_wide(c: char) -> bool {
    let u = c as u32;
    u >= 0x1100
        && (matches!(u, 0x4E00..=0x9FFF | 0x3000..=0x303E | 0xFF00..=0xFF60)
            || matches!(u,
                0x1100..=0x115F | 0x2E80..=0x2FFF | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFFE0..=0xFFE6))
}

/// The display cells a text takes (a wide CJK character takes two), the
/// measure of [`Token::dcol`].
pub(crate) fn display_width(s: &str) -> u32 {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A fragment of label text.
    Label,
    /// A value cell (a number, a blank mark, or a refused number).
    Value,
}

/// One token with where it stands.
#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    /// A bracketed note standing right after a number (`（其中修订16件）`).
    pub note: Option<&'a str>,
    pub kind: Kind,
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
    /// 0-based column in display cells (a wide CJK character takes two),
    /// as space-aligned text from a terminal tool (w3m) lines columns up.
    pub dcol: u32,
    /// Length in characters.
    pub len: u32,
}

const OPEN: &[char] = &['(', '（', '[', '【', '〔'];
const CLOSE: &[char] = &[')', '）', ']', '】', '〕'];

/// Words that mean "no value" only where a value is expected: next to other
/// values. Alone on a line they are label text (`无` of a vertical `无法提供`).
fn is_word_blank(s: &str) -> bool {
    matches!(s, "无" | "不适用")
}

fn is_bracketed(s: &str) -> bool {
    s.starts_with(OPEN) && s.ends_with(CLOSE)
}

pub(crate) fn tokenize<'a>(line: Line<'a>, out: &mut Vec<Token<'a>>) {
    let first = out.len();
    let text = line.text;
    let mut start: Option<(usize, u32, u32)> = None; // (byte, col, display col)
    let mut depth = 0usize;
    let mut col = 0u32;
    let mut dcol = 0u32;
    let mut cell_start = out.len();
    let push = |out: &mut Vec<Token<'a>>, from: usize, to: usize, c0: u32, c1: u32, d0: u32| {
        let t = &text[from..to];
        out.push(Token {
            text: t,
            note: None,
            kind: Kind::Label,
            line: line.no,
            col: c0 + 1,
            dcol: d0,
            len: c1 - c0,
        });
    };
    // Brackets that close on this line group their words into one token;
    // one left open (a label wrapped in its cell) groups nothing.
    // (Worked out when the line's first bracket is met.)
    let mut unmatched: Option<Vec<usize>> = None;
    let open_left = |text: &str| {
        let mut stack: Vec<usize> = Vec::new();
        for (b, c) in text.char_indices() {
            if OPEN.contains(&c) {
                stack.push(b);
            } else if CLOSE.contains(&c) {
                stack.pop();
            }
        }
        stack
    };
    let mut prev_space = false;
    for (b, c) in text.char_indices() {
        let sep_cell = matches!(c, '\t' | '|' | '｜');
        // Two spaces are a column gap even inside a bracket that the line
        // leaves open (`（区分处理的，只计这一情  0  29`, a label wrapped in
        // its cell, beside the row's values).
        let gap = is_space(c) && prev_space;
        prev_space = is_space(c);
        if gap && depth > 0 {
            depth = 0;
        }
        let sep_word = is_space(c) && depth == 0;
        if sep_cell || sep_word {
            if let Some((s, c0, d0)) = start.take() {
                push(out, s, b, c0, col, d0);
            }
            if sep_cell {
                classify(&mut out[cell_start..]);
                cell_start = out.len();
                depth = 0;
            }
        } else {
            if start.is_none() {
                start = Some((b, col, dcol));
            }
            if OPEN.contains(&c) {
                if !unmatched
                    .get_or_insert_with(|| open_left(text))
                    .contains(&b)
                {
                    depth += 1;
                }
            } else if CLOSE.contains(&c) {
                depth = depth.saturating_sub(1);
            }
        }
        col += 1;
        dcol += if is_wide(c) { 2 } else { 1 };
    }
    if let Some((s, c0, d0)) = start {
        push(out, s, text.len(), c0, col, d0);
    }
    classify(&mut out[cell_start..]);
    join_spread_notes(text, first, out);
    // Notes were merged into their values by `classify`; drop the husks.
    let mut i = first;
    while i < out.len() {
        if out[i].len == 0 {
            out.remove(i);
        } else {
            i += 1;
        }
    }
    // A label run into the value beside it (`申请人无0`: PyMuPDF joins
    // the line of a wrapped label and a value level with it): two tokens.
    let mut k = first;
    while k < out.len() {
        if out[k].kind == Kind::Label {
            if let Some(at) = glued_value(out[k].text) {
                let t = out[k].clone();
                let (label, value) = t.text.split_at(at);
                let chars = label.chars().count() as u32;
                let cells = display_width(label);
                out[k].text = label;
                out[k].len = chars;
                out.insert(
                    k + 1,
                    Token {
                        text: value,
                        note: None,
                        kind: Kind::Value,
                        line: t.line,
                        col: t.col + chars,
                        dcol: t.dcol + cells,
                        len: t.len - chars,
                    },
                );
                k += 1;
            }
        }
        k += 1;
    }
    // An item number spaced out from its label (`2 . 重 复 申 请`,
    // `5. 要 求`, `1 、其他`) is label text, not a value.
    let mut k = first;
    while k + 1 < out.len() {
        let t = out[k].text;
        let next = out[k + 1].text;
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        let enumerator = out[k].kind == Kind::Value
            && ((digits(t)
                && next.starts_with(['.', '、', '．'])
                && out[k + 1].kind == Kind::Label)
                || (t.strip_suffix(['.', '、', '．', ',']).is_some_and(digits)
                    && out[k + 1].kind == Kind::Label
                    && !is_word_blank(next)
                    && !is_bracketed(next)));
        if enumerator {
            out[k].kind = Kind::Label;
        }
        k += 1;
    }
    // Word blanks count as values only next to other values on the line
    // (`0 无 无`), not inside spaced-out label text (`1. 申 请 人 无 正 当`).
    for t in &mut out[first..] {
        if is_word_blank(t.text) {
            t.kind = Kind::Label;
        }
    }
    loop {
        let mut changed = false;
        for k in first..out.len() {
            if out[k].kind == Kind::Label && is_word_blank(out[k].text) {
                // After one spaced-out character (`人 无`) it is label text.
                let spaced = k > first
                    && out[k - 1].kind == Kind::Label
                    && out[k - 1].text.chars().count() == 1;
                let beside = !spaced
                    && ((k > first && out[k - 1].kind == Kind::Value)
                        || out.get(k + 1).is_some_and(|n| n.kind == Kind::Value));
                if beside {
                    out[k].kind = Kind::Value;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// A number cut by a line break inside its cell, as PDF text gives it:
/// `2,27` of `2,277` (its last group of thousands short), or `2,` — the
/// rest stands on a line below. `Some(n)`: the cut group lacks `n` digits.
/// (ASCII commas only: `1，` is an item number.)
pub(crate) fn cut_number(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_digit() || b.len() > 24 {
        return None;
    }
    let (head, last) = s.rsplit_once(',')?;
    let digits = |g: &str| g.bytes().all(|c| c.is_ascii_digit());
    if last.len() >= 3 || !digits(last) {
        return None;
    }
    let mut groups = head.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !digits(first) {
        return None;
    }
    groups
        .all(|g| g.len() == 3 && digits(g))
        .then_some(3 - last.len())
}

/// Whether `s` is the rest of a number cut `n` digits short of a group:
/// `n` digits, then whole groups of thousands (`7`, `27,000`).
pub(crate) fn completes_cut(s: &str, n: usize) -> bool {
    let mut groups = s.split(',');
    let digits = |g: &str| g.bytes().all(|c| c.is_ascii_digit());
    groups.next().is_some_and(|g| g.len() == n && digits(g))
        && groups.all(|g| g.len() == 3 && digits(g))
}

/// Where the value run into a label's end begins (`申请人无0` → 12): a
/// number right after two Chinese characters or more, the last of them no
/// word that a number follows in a label or caption (`第4`, `附表1`).
fn glued_value(s: &str) -> Option<usize> {
    // ASCII digits, or full-width ones (PyMuPDF glues `确１２` too).
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if !s.chars().next_back().is_some_and(digit) {
        return None;
    }
    let at = s.len()
        - s.chars()
            .rev()
            .take_while(|&c| digit(c) || c == ',')
            .map(char::len_utf8)
            .sum::<usize>();
    let (label, value) = s.split_at(at);
    let last = label.chars().next_back()?;
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    // After an enumeration comma only full-width digits (`不补正、２９`):
    // ASCII ones there may begin an item (`、1`).
    let fullwidth = value.starts_with(|c: char| !c.is_ascii());
    (!value.is_empty()
        && value.starts_with(digit)
        && (ideograph(last) || (fullwidth && matches!(last, '、' | '，')))
        && !"第表共附年月日号页至约近".contains(last)
        && label.chars().filter(|&c| ideograph(c)).count() >= 2
        && is_value_like(value))
    .then_some(at)
}

/// A number whose note a layout tool spread with a column gap
/// (`13（其中简易程序  6件）`, the gap splitting it into `13（其中简易程序`
/// and `6件）`): one value token again, from the number to the bracket that
/// closes the note on this line, when nothing between holds a bracket.
fn join_spread_notes<'a>(text: &'a str, first: usize, out: &mut [Token<'a>]) {
    let offset = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
    for k in first..out.len() {
        let t = out[k].text;
        // A number first: most tokens end here.
        if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let Some(open) = t.find(OPEN) else { continue };
        if open == 0 || t[open..].contains(CLOSE) || out[k].len == 0 {
            continue;
        }
        if !matches!(
            nianbao_model::cell::read_cell(&t[..open], nianbao_model::ValueKind::Amount),
            nianbao_model::cell::CellText::Number(..)
        ) {
            continue;
        }
        let Some(end) = (k + 1..out.len()).find(|&j| out[j].text.contains(CLOSE)) else {
            continue;
        };
        let closes = out[end].text;
        if closes.contains(OPEN)
            || !closes.ends_with(CLOSE)
            || out[k + 1..end]
                .iter()
                .any(|m| m.text.contains(OPEN) || m.len == 0)
        {
            continue;
        }
        let (a, b) = (offset(t), offset(closes) + closes.len());
        if text[a..b].contains(['\t', '|', '｜']) {
            continue;
        }
        let last = out[end].col + out[end].len;
        out[k].text = &text[a..b];
        out[k].kind = Kind::Value;
        out[k].len = last - out[k].col;
        for m in &mut out[k + 1..=end] {
            m.len = 0;
        }
    }
}

/// Classifies the tokens of one cell and attaches notes to numbers.
fn classify(cell: &mut [Token<'_>]) {
    for t in cell.iter_mut() {
        // Digits and commas are a number, well formed or not (`2,27224`,
        // two cells run together): never label text.
        let commas = |s: &str| {
            s.as_bytes().first().is_some_and(u8::is_ascii_digit)
                && s.contains(',')
                && s.bytes().all(|b| b.is_ascii_digit() || b == b',')
        };
        if is_value_like(t.text) || commas(t.text) {
            t.kind = Kind::Value;
        }
    }
    for i in 1..cell.len() {
        if cell[i - 1].kind == Kind::Value
            && cell[i - 1].note.is_none()
            && cell[i].kind == Kind::Label
            && is_bracketed(cell[i].text)
        {
            cell[i - 1].note = Some(cell[i].text);
            cell[i].len = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(String, Kind)> {
        let mut out = Vec::new();
        tokenize(Line { no: 1, text: s }, &mut out);
        out.into_iter()
            .map(|t| {
                (
                    format!(
                        "{}{}",
                        t.text,
                        t.note.map(|n| format!("+{n}")).unwrap_or_default()
                    ),
                    t.kind,
                )
            })
            .collect()
    }

    #[test]
    fn lines_split_on_every_line_end() {
        let l: Vec<(u32, &str)> = lines("a\r\nb\rc\n\nd")
            .into_iter()
            .map(|l| (l.no, l.text))
            .collect();
        assert_eq!(l, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn furniture_and_rules() {
        for f in ["— 4 —", "- 4 -", "第 4 页", "第4页 共10页", "－１２－"] {
            assert!(is_furniture(f), "{f}");
        }
        // Centred with any white space, a page's form feed or vertical tab
        // before it (found by fuzzing: kept in prose, dropped when read
        // again).
        for f in [
            "\x0b                                     —4—",
            "\x0c    — 4 —",
            "\u{3000}\u{3000}— 4 —\u{3000}",
            "\u{feff}   — 4 —",
        ] {
            assert!(is_furniture(f), "{f:?}");
        }
        for f in [
            "行政许可 4",
            "4",
            "-",
            "第二十条第（一）项",
            "— —",
            "0 0 / 0 0",
            "- 5 - 0",
            "3 / 10",
            "0 / 0",
        ] {
            assert!(!is_furniture(f), "{f}");
        }
        assert!(is_furniture("| — 9 — |"));
        assert!(is_furniture("| -10- | | | |"));
        assert!(!is_furniture("| 0 | - |"));
        assert!(is_rule("|---|---|:---:|"));
        assert!(!is_rule("| 0 | - |"));
    }

    #[test]
    fn tokens_of_each_layout() {
        use Kind::*;
        assert_eq!(
            toks("\t(二) 部分公开 (区分处理的, 只计这一情形)\t0\t—\t1,234\t"),
            [
                ("(二)".into(), Label),
                ("部分公开".into(), Label),
                ("(区分处理的, 只计这一情形)".into(), Label),
                ("0".into(), Value),
                ("—".into(), Value),
                ("1,234".into(), Value)
            ]
        );
        assert_eq!(
            toks("| 规章 | 22 | 235 |"),
            [
                ("规章".into(), Label),
                ("22".into(), Value),
                ("235".into(), Value)
            ]
        );
        assert_eq!(
            toks("行政许可 22 （其中修订 16 件）"),
            [
                ("行政许可".into(), Label),
                ("22+（其中修订 16 件）".into(), Value)
            ]
        );
        assert_eq!(
            toks("    行政处罚       13（其中简易程序  6件）"),
            [
                ("行政处罚".into(), Label),
                ("13（其中简易程序  6件）".into(), Value)
            ]
        );
        assert_eq!(
            toks("| 13（其中 | 6件） |"),
            [("13（其中 ".into(), Label), ("6件）".into(), Label)]
        );
        assert_eq!(
            toks("1. 申请人无0"),
            [
                ("1.".into(), Label),
                ("申请人无".into(), Label),
                ("0".into(), Value)
            ]
        );
        assert_eq!(toks("附表1"), [("附表1".into(), Label)]);
        assert_eq!(toks("无"), [("无".into(), Label)]);
        assert_eq!(
            toks("0 无 无"),
            [
                ("0".into(), Value),
                ("无".into(), Value),
                ("无".into(), Value)
            ]
        );
        assert_eq!(
            toks("1. 属于国家秘密"),
            [("1.".into(), Label), ("属于国家秘密".into(), Label)]
        );
    }
}
