//! The figures stated in the prose of section 一 (总体情况) against the
//! tables (`review.prose_figure`).
//!
//! Tolerant of wording: a sentence is split at 。；！？ and line ends; a
//! number counts when it is written in digits and followed by 件 (or 起,
//! 宗); the sentence's keywords say what the number may mean — 申请/收到/
//! 受理: the applications received (本年新收, or with 上年结转); 办结/答复/
//! 办理: the results total; 结转: carried over or carried forward; 复议:
//! any number of the 行政复议 row; 诉讼/起诉/应诉: any number of the two
//! lawsuit rows or their sum. A number that matches none of the meanings
//! of the keywords in its sentence is a warning quoting the sentence; a
//! sentence with no keyword, or a meaning whose cells are blank, is not
//! judged.

use nianbao_model::{Diagnostic, Message, Report, Value};

/// The rule id.
pub const PROSE_FIGURE: &str = nianbao_model::rule_ids::REVIEW_PROSE_FIGURE;

fn count(r: &Report, t: &str, row: &str, c: &str) -> Option<u64> {
    r.form_def().cell(t, row, c).and_then(|id| match r.get(id) {
        Some(Value::Count(n)) => Some(n),
        _ => None,
    })
}

/// The values a keyword's number may be.
fn meanings(r: &Report, sentence: &str) -> Option<Vec<u64>> {
    let a = |row| count(r, "applications", row, "total");
    let mut out = Vec::new();
    let mut any = false;
    let mut add = |vals: &[Option<u64>]| {
        any = true;
        out.extend(vals.iter().flatten());
    };
    if ["申请", "收到", "受理", "新收"]
        .iter()
        .any(|k| sentence.contains(k))
    {
        let both = a("new").zip(a("carried_over")).map(|(x, y)| x + y);
        add(&[a("new"), both]);
    }
    if ["办结", "答复", "办理", "处理"]
        .iter()
        .any(|k| sentence.contains(k))
    {
        add(&[a("total")]);
    }
    if sentence.contains("结转") {
        add(&[a("carried_over"), a("carry_forward")]);
    }
    let review_cols = ["upheld", "corrected", "other", "pending", "total"];
    if sentence.contains("复议") {
        let v: Vec<Option<u64>> = review_cols
            .iter()
            .map(|c| count(r, "reviews", "review", c))
            .collect();
        add(&v);
    }
    if ["诉讼", "起诉", "应诉"]
        .iter()
        .any(|k| sentence.contains(k))
    {
        let mut v = Vec::new();
        for c in review_cols {
            let d = count(r, "reviews", "suit_direct", c);
            let e = count(r, "reviews", "suit_after_review", c);
            v.extend([d, e, d.zip(e).map(|(x, y)| x + y)]);
        }
        add(&v);
    }
    any.then_some(out)
}

/// Numbers written in digits (half- or full-width, with thousands
/// separators) followed by 件, 起 or 宗, in a sentence.
fn figures(sentence: &str) -> Vec<u64> {
    let chars: Vec<char> = sentence
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '，' => '，',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
        {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = String::new();
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || (chars[j] == ',' && j + 1 < chars.len() && chars[j + 1].is_ascii_digit()))
        {
            if chars[j] != ',' {
                digits.push(chars[j]);
            }
            j += 1;
        }
        let mut k = j;
        while k < chars.len() && chars[k] == ' ' {
            k += 1;
        }
        if k < chars.len() && matches!(chars[k], '件' | '起' | '宗') {
            if let Ok(n) = digits.parse() {
                out.push(n);
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The warnings of the prose check of one report.
pub fn check(r: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sentence in r
        .sections
        .overview
        .split(['。', '；', '！', '？', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let figs = figures(sentence);
        if figs.is_empty() {
            continue;
        }
        let Some(means) = meanings(r, sentence) else {
            continue;
        };
        if means.is_empty() {
            continue;
        }
        for n in figs {
            if !means.contains(&n) {
                out.push(Diagnostic::warning(
                    PROSE_FIGURE,
                    None,
                    Message::new(
                        format!("总体情况中的 {n} 件与表格中的任何相关数字都不符：「{sentence}」"),
                        format!("{n} in the overview matches no related number of the tables: “{sentence}”"),
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::FormVersion;

    fn report(overview: &str) -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        let f = r.form_def();
        for (row, v) in [
            ("new", 120),
            ("carried_over", 3),
            ("total", 118),
            ("carry_forward", 5),
        ] {
            r.set(
                f.cell("applications", row, "total").unwrap(),
                Some(Value::Count(v)),
            );
        }
        r.set(
            f.cell("reviews", "review", "total").unwrap(),
            Some(Value::Count(4)),
        );
        r.sections.overview = overview.into();
        r
    }

    #[test]
    fn wording_is_tolerated_and_a_wrong_figure_is_quoted() {
        let ok = "全年共收到政府信息公开申请１２０件，办结118件，结转下年度5件。行政复议4起。主动公开信息3000条。";
        assert!(check(&report(ok)).is_empty(), "{:?}", check(&report(ok)));
        let total = "本年度受理申请 123 件。";
        assert!(check(&report(total)).is_empty());
        let bad = check(&report(
            "本年度共收到政府信息公开申请 999 件，均已按时答复。",
        ));
        assert_eq!(bad.len(), 1);
        assert!(bad[0].message.zh.contains("999"), "{:?}", bad[0].message);
        assert!(bad[0].message.zh.contains("均已按时答复"));
    }
}
