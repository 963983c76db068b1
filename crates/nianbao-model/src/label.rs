//! Label matching: how a label as it stands in a real report (full-width
//! forms, spaces inside words, other quote styles, typos, cut-off text) is
//! recognised as one label of the form.
//!
//! Labels are compared as *cores*: folded to half-width, with enumerators
//! (`一、`, `（三）`, `2.`), white space, punctuation, brackets and quotes
//! removed. `（三）不予公开` and `(三) 不予 公开` both have the core
//! `不予公开`.

use std::borrow::Cow;

/// Folds one character: full-width ASCII to ASCII, the ideographic space to
/// a space. Everything else is returned unchanged.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// [`fold_char`] over a string, borrowing when nothing changes.
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| fold_char(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(fold_char).collect())
    }
}

const CJK_NUMERALS: &str = "一二三四五六七八九十";

fn is_numeral(c: char) -> bool {
    CJK_NUMERALS.contains(c)
}

/// Whether a (folded) character is dropped from a core: white space,
/// punctuation, brackets, quotes.
#[inline]
fn is_noise(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '、' | '，'
                | '。'
                | '：'
                | '；'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '「'
                | '」'
                | '『'
                | '』'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '…'
                | '—'
                | '–'
                | '―'
                | '·'
                | '・'
                | '\u{feff}'
        )
}

/// Appends the core of `label` to `out` (see the module docs).
///
/// One pass, no allocation: an enumerator is recognised when its closing
/// mark arrives, and the characters it pushed are taken back.
pub fn core_into(label: &str, out: &mut Vec<char>) {
    // Where the run of numerals (一二…) or digits just pushed began, and
    // where a `(` stood with nothing but numerals or digits after it.
    let mut numerals: Option<usize> = None;
    let mut digits: Option<usize> = None;
    let mut paren: Option<usize> = None;
    let mut chars = label.chars().map(fold_char).peekable();
    while let Some(c) = chars.next() {
        if is_numeral(c) {
            numerals.get_or_insert(out.len());
            digits = None;
            out.push(c);
            continue;
        }
        if c.is_ascii_digit() {
            digits.get_or_insert(out.len());
            numerals = None;
            out.push(c);
            continue;
        }
        match c {
            // A markdown escape (`1\.属于`, as mammoth writes it) is no text.
            '\\' => continue,
            // `一、`, `十二、`, `2、`
            '、' => {
                if let Some(p) = numerals.or(digits) {
                    out.truncate(p);
                }
            }
            // `2.` but not `1.2`
            '.' => {
                if let Some(p) = digits {
                    if !chars.peek().is_some_and(|n| n.is_ascii_digit()) {
                        out.truncate(p);
                    }
                }
            }
            '(' => {
                numerals = None;
                digits = None;
                paren = Some(out.len());
                continue;
            }
            // `(三)`, `(12)`
            ')' => {
                if let Some(p) = paren {
                    if out.len() > p && (numerals == Some(p) || digits == Some(p)) {
                        out.truncate(p);
                    }
                }
            }
            _ => {
                if !is_noise(c) {
                    out.push(c);
                }
            }
        }
        numerals = None;
        digits = None;
        paren = None;
    }
}

/// The core of `label` as a string.
pub fn core(label: &str) -> String {
    let mut v = Vec::new();
    core_into(label, &mut v);
    v.into_iter().collect()
}

/// How a label matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality {
    /// Characters of the form's label that were matched.
    pub matched: usize,
    /// Edits (insertions, deletions, substitutions) needed.
    pub edits: usize,
    /// Whether the source label is cut off before its end.
    pub truncated: bool,
}

impl Quality {
    /// Whether the label matched letter for letter, in full.
    pub fn is_exact(&self) -> bool {
        self.edits == 0 && !self.truncated
    }

    fn score(&self) -> i64 {
        if self.is_exact() {
            10_000 + self.matched as i64
        } else {
            self.matched as i64 - 2 * self.edits as i64
        }
    }
}

/// The outcome of matching a source label against the form's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// No label fits.
    None,
    /// Exactly one entry fits best.
    Found {
        /// The entry's id, as given to [`Matcher::new`].
        id: usize,
        /// How well.
        quality: Quality,
    },
    /// Two different entries fit equally well: refuse rather than guess.
    Ambiguous(usize, usize),
}

/// A set of labels, each with an id (several labels may share an id:
/// aliases), to match source text against.
#[derive(Debug, Clone)]
pub struct Matcher {
    entries: Vec<(usize, Vec<char>)>,
    /// A 64-bit set of the characters of each entry, to rule out most
    /// entries before any edit distance is computed.
    masks: Vec<u64>,
    longest: usize,
}

fn char_mask(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |m, &c| m | 1u64 << (c as u32 % 64))
}

/// Shortest core length for which a typo or a cut-off end is tolerated.
const FUZZY_MIN: usize = 6;

fn allowed_edits(matched: usize) -> usize {
    (matched / 7).max(1)
}

impl Matcher {
    /// A matcher over `(id, label)` pairs; labels are reduced to cores.
    pub fn new<'a>(labels: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        let entries: Vec<(usize, Vec<char>)> = labels
            .into_iter()
            .map(|(id, l)| {
                let mut v = Vec::new();
                core_into(l, &mut v);
                (id, v)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let longest = entries.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
        let masks = entries.iter().map(|(_, v)| char_mask(v)).collect();
        Matcher {
            entries,
            masks,
            longest,
        }
    }

    /// Matches the *end* of `text` (a core) against the labels: the label
    /// must be the last thing in the text, though it may be cut off
    /// (`…政府信息公`) or carry a typo. Anything before it is ignored.
    pub fn match_suffix(&self, text: &[char]) -> Match {
        // Exact: the longest label that the text ends with.
        let mut best: Option<(usize, usize)> = None; // (id, len)
        let mut tie: Option<usize> = None;
        for (id, l) in &self.entries {
            if text.ends_with(l) {
                match best {
                    Some((bid, blen)) if l.len() < blen || (l.len() == blen && bid == *id) => {}
                    Some((bid, blen)) if l.len() == blen => {
                        tie = Some(bid).filter(|b| b != id).or(tie)
                    }
                    _ => {
                        best = Some((*id, l.len()));
                        tie = None;
                    }
                }
            }
        }
        if let Some((id, len)) = best {
            if let Some(other) = tie {
                return Match::Ambiguous(id, other);
            }
            return Match::Found {
                id,
                quality: Quality {
                    matched: len,
                    edits: 0,
                    truncated: false,
                },
            };
        }
        let window = &text[text.len().saturating_sub(self.longest + 8)..];
        self.pick(
            self.entries
                .iter()
                .filter_map(|(id, l)| fuzzy_suffix(l, window).map(|q| (*id, q))),
        )
    }

    /// Matches the whole of `text` (a core) against the labels, allowing a
    /// typo but not a cut-off end.
    pub fn match_whole(&self, text: &[char]) -> Match {
        if text.is_empty() || text.len() > self.longest + allowed_edits(self.longest) {
            return Match::None;
        }
        let tmask = char_mask(text);
        self.pick(
            self.entries
                .iter()
                .zip(&self.masks)
                .filter_map(|((id, l), &mask)| {
                    if l.as_slice() == text {
                        return Some((
                            *id,
                            Quality {
                                matched: l.len(),
                                edits: 0,
                                truncated: false,
                            },
                        ));
                    }
                    // Each character class of the label missing from the text costs
                    // at least one edit.
                    let allowed = allowed_edits(l.len());
                    if l.len() < FUZZY_MIN
                        || text.len().abs_diff(l.len()) > allowed
                        || (mask & !tmask).count_ones() as usize > allowed
                    {
                        return None;
                    }
                    let d = edit_distance(l, text);
                    (d <= allowed).then_some((
                        *id,
                        Quality {
                            matched: l.len(),
                            edits: d,
                            truncated: false,
                        },
                    ))
                }),
        )
    }

    fn pick(&self, found: impl Iterator<Item = (usize, Quality)>) -> Match {
        let mut best: Option<(usize, Quality)> = None;
        let mut runner_up: Option<(usize, Quality)> = None;
        for (id, q) in found {
            match best {
                None => best = Some((id, q)),
                Some((bid, bq)) => {
                    if q.score() > bq.score() {
                        if bid != id {
                            runner_up = best;
                        }
                        best = Some((id, q));
                    } else if id != bid && runner_up.is_none_or(|(_, rq)| q.score() > rq.score()) {
                        runner_up = Some((id, q));
                    }
                }
            }
        }
        match (best, runner_up) {
            (None, _) => Match::None,
            (Some((id, q)), Some((rid, rq))) if rid != id && q.score() - rq.score() < 2 => {
                Match::Ambiguous(id, rid)
            }
            (Some((id, quality)), _) => Match::Found { id, quality },
        }
    }
}

/// Best match of a prefix of `label` against a suffix of `text`.
fn fuzzy_suffix(label: &[char], text: &[char]) -> Option<Quality> {
    if label.len() < FUZZY_MIN {
        return None;
    }
    let n = text.len();
    // d[i]: edit distance of label[..j] to the best substring of text ending at i.
    let mut prev: Vec<usize> = vec![0; n + 1];
    let mut cur: Vec<usize> = vec![0; n + 1];
    let mut best: Option<Quality> = None;
    let min_prefix = FUZZY_MIN.max((label.len() * 3).div_ceil(5));
    for (j, &lc) in label.iter().enumerate() {
        cur[0] = j + 1;
        for i in 1..=n {
            let sub = prev[i - 1] + usize::from(text[i - 1] != lc);
            cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
        let matched = j + 1;
        let edits = prev[n];
        if matched >= min_prefix && edits <= allowed_edits(matched) {
            let q = Quality {
                matched,
                edits,
                truncated: matched < label.len(),
            };
            if best.is_none_or(|b| q.score() >= b.score()) {
                best = Some(q);
            }
        }
    }
    best
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ac) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &bc) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ac != bc))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        core(s).chars().collect()
    }

    #[test]
    fn cores_fold_spaces_quotes_and_enumerators() {
        assert_eq!(core("（三）不予公开"), "不予公开");
        assert_eq!(core("(三) 不予 公开"), "不予公开");
        assert_eq!(core("自 然 人"), "自然人");
        assert_eq!(
            core("3. 危及\"三安全一稳定\""),
            core("3.危及“三安全一稳定”")
        );
        assert_eq!(
            core("一、本年新收政府信息公开申请数量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(core("第二十条第（一）项"), "第二十条第项");
        assert_eq!(core("ＡＢＣ１２"), "ABC12");
    }

    fn m() -> Matcher {
        Matcher::new([
            (
                0,
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                1,
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            (2, "3.其他"),
            (3, "2.其他法律行政法规禁止公开"),
            (4, "本年废止件数"),
        ])
    }

    #[test]
    fn suffix_match_takes_the_label_at_the_end() {
        assert_eq!(
            m().match_suffix(&chars("三、本年度办理结果（六）其他处理3.其他")),
            Match::Found {
                id: 2,
                quality: Quality {
                    matched: 2,
                    edits: 0,
                    truncated: false
                }
            }
        );
        assert!(matches!(
            m().match_suffix(&chars("2.其他法律行政法规禁止公开")),
            Match::Found { id: 3, .. }
        ));
    }

    #[test]
    fn cut_off_and_misspelt_labels_are_tolerated() {
        let r = m().match_suffix(&chars(
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公",
        ));
        assert!(
            matches!(
                r,
                Match::Found {
                    id: 0,
                    quality: Quality {
                        truncated: true,
                        ..
                    }
                }
            ),
            "{r:?}"
        );
        assert!(matches!(
            m().match_suffix(&chars("本年度止件数")),
            Match::Found { id: 4, .. }
        ));
        assert!(matches!(
            m().match_whole(&chars("本年度止件数")),
            Match::Found { id: 4, .. }
        ));
    }

    #[test]
    fn too_little_text_matches_nothing() {
        assert_eq!(m().match_suffix(&chars("开申请")), Match::None);
        // The common tail of two labels names neither.
        assert_eq!(
            m().match_suffix(&chars("行政机关不再处理其政府信息公开申请")),
            Match::None
        );
    }
}
