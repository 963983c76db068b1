//! The title line of a report, and the organ and year it names. Shared by
//! every reader (text, HTML, DOCX), so a title means the same everywhere.

use crate::label::fold_char;

/// Organ and year read from a title such as
/// `三门峡市陕州区公安局 2023 年政府信息公开工作 年度报告`,
/// `临夏州公安局2023年度政府信息公开工作年度报告` or
/// `2025 年上海市人民政府办公厅政府信息公开工作年度报告`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleInfo {
    /// The reporting organ.
    pub organ: String,
    /// The year reported on, when the title names one (1990–2200).
    pub year: Option<u16>,
}

/// Prefixes that web-page dumps put before the title.
const TITLE_PREFIXES: &[&str] = &["标题:", "标题：", "题目:", "题目："];

/// Keys that put a title in a document's metadata: YAML front matter
/// (`title: "…"`, as `pandoc -s -t markdown|gfm` writes a Word Title
/// paragraph), org-mode's `#+TITLE:`, pandoc's title block `% …`.
const METADATA_KEYS: &[&str] = &["title:", "#+title:", "% "];

/// White space, and the invisible characters that editors leave around a
/// title (a byte-order mark pasted mid-file, zero-width spaces).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

/// The title with dump prefixes, metadata keys, quotes and markup removed.
pub fn clean_title(line: &str) -> &str {
    let mut t = line.trim_matches(is_blank);
    for k in METADATA_KEYS {
        if t.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k)) {
            t = t[k.len()..].trim();
            // A quoted YAML value.
            for q in ['"', '\''] {
                if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
                    t = &t[1..t.len() - 1];
                }
            }
            break;
        }
    }
    // Markdown around the title (`# …`, `**…**`) is markup, not title.
    let t = t
        .trim_start_matches('#')
        .trim_matches(|c: char| c == '*' || c == '_' || is_blank(c));
    for p in TITLE_PREFIXES {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.trim();
        }
    }
    t
}

/// Whether a line reads as a report title: it names a report on
/// information disclosure or a year's report, is short, and is no sentence.
pub fn looks_like_title(line: &str) -> bool {
    let t = clean_title(line);
    t.contains("报告")
        && (t.contains("信息公开") || t.contains("年度"))
        && t.chars().count() <= 80
        && !t.contains('。')
}

/// A title as a document gives it (a heading, a Title-styled paragraph, a
/// page's `<title>`): blanks collapsed, the site name a page's `<title>`
/// appends (`…年度报告_某某市人民政府`, `… | 某某网`) dropped, then
/// [`clean_title`].
pub fn document_title(t: &str) -> String {
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let part = t
        .split(['_', '|'])
        .find(|p| looks_like_title(p))
        .unwrap_or(&t);
    clean_title(part).to_string()
}

/// The value of a character of a year: an ASCII digit (after folding),
/// or a Chinese numeral (`二〇二三`, also written with `○` or `零`).
fn year_digit(c: char) -> Option<(u32, bool)> {
    if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
        return Some((d, false));
    }
    let d = match c {
        '〇' | '○' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some((d, true))
}

/// The organ as a key for telling reports of one organ apart from those of
/// another: widths folded (`中国(上海)` and `中国（上海）` are one organ)
/// and white space dropped. The organ itself is kept as written.
pub fn organ_key(organ: &str) -> String {
    organ
        .chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Reads organ and year from a title. The organ is `""` when the title
/// names none (readers then write `null` and warn `title.missing`). The
/// year is four digits before `年`, ASCII, full-width or Chinese numerals
/// (`二〇二三年`); the organ is kept as written (full-width brackets stay).
/// Markdown emphasis inside the title (`**2023**年`) is markup.
pub fn parse_title(title: &str) -> TitleInfo {
    let orig: Vec<char> = clean_title(title).chars().filter(|&c| c != '*').collect();
    let chars: Vec<char> = orig.iter().map(|&c| fold_char(c)).collect();
    // The first run of four digits (of one kind) followed (after spaces) by 年.
    let mut i = 0;
    while i < chars.len() {
        let Some((_, chinese)) = year_digit(chars[i]) else {
            i += 1;
            continue;
        };
        let mut j = i;
        let mut year = 0u32;
        while j < chars.len() {
            match year_digit(chars[j]) {
                Some((d, c)) if c == chinese => {
                    year = year.saturating_mul(10).saturating_add(d);
                    j += 1;
                }
                _ => break,
            }
        }
        let mut k = j;
        while k < chars.len() && chars[k].is_whitespace() && !chinese {
            k += 1;
        }
        if j - i == 4 && k < chars.len() && chars[k] == '年' {
            let year = u16::try_from(year)
                .ok()
                .filter(|y| (1990..=2200).contains(y));
            let before: String = orig[..i].iter().collect::<String>().trim().to_string();
            let organ = if before.is_empty() {
                // `2025 年上海市人民政府办公厅政府信息公开工作年度报告`
                let mut after: String = orig[k + 1..].iter().collect();
                if let Some(rest) = after.strip_prefix('度') {
                    after = rest.to_string();
                }
                let cut = ["政府信息公开", "信息公开", "年度报告", "工作年度报告"]
                    .iter()
                    .filter_map(|m| after.find(m))
                    .min()
                    .unwrap_or(after.len());
                after[..cut].trim().to_string()
            } else {
                before
            };
            return TitleInfo {
                organ: plausible_organ(collapse_spaces(&organ)),
                year,
            };
        }
        i = j;
    }
    let t: String = orig.iter().collect();
    let cut = ["政府信息公开", "信息公开"]
        .iter()
        .filter_map(|m| t.find(m))
        .min()
        .unwrap_or(t.len());
    TitleInfo {
        organ: plausible_organ(collapse_spaces(t[..cut].trim())),
        year: None,
    }
}

/// The organ, or `""` when the text is no organ name but a piece of the
/// title itself (`息公开工作年度报告` of a title cut over two lines), a
/// single character, or holds markup no organ's name has (`title:"**…`).
fn plausible_organ(organ: String) -> String {
    let fragment = ["报告", "公开", "年度", "工作"]
        .iter()
        .any(|w| organ.contains(w))
        || organ.contains(['"', '*', ':', '<', '>', '#', '|', '=', '{', '}', '[', ']']);
    if fragment || organ.chars().count() < 2 {
        String::new()
    } else {
        organ
    }
}

/// Longest line (in characters) that may be part of a title.
const MAX_TITLE_LINE: usize = 60;

/// Finds the title among the first lines of a report (those before its
/// first section heading): `(first, last, title)`, the lines `first..=last`
/// joined. A title may stand on one line, wrap over two or three
/// (`洛阳市公安局西工分局 2023 年政府信` / `息公开工作年度报告`), or put the
/// organ on a line of its own (`某某市人民政府` / `2024 年政府信息公开工作年度报告`).
/// The window chosen is the one that names both organ and year, else the
/// one naming most; `None` when no line reads as (part of) a title.
pub fn find_title(lines: &[&str]) -> Option<(usize, usize, String)> {
    // A title stands before the first section heading (`一、总体情况`);
    // headings glued together are no title (`四、…五、…报告的事项`).
    let lines = &lines[..lines
        .iter()
        .position(|l| is_enumerated(l))
        .unwrap_or(lines.len())];
    // (score, index in `full` of the first line, last line, title)
    let mut best: Option<(u8, usize, usize, String)> = None;
    // Blank lines between the parts of a title are no break in it, nor is
    // the rule under a markdown table row that holds it (markitdown's PDF
    // text: `| 某某局 |  | 2021 | 年政府信息公开工作 |` / `| --- | --- |`).
    let rule = |l: &str| l.contains("--") && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
    let full: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty() && !rule(lines[i].trim()))
        .collect();
    for (n, &last) in full.iter().enumerate() {
        // `…年度报` / `告`: the window must end where 报告 is complete.
        let tail: String = full[n.saturating_sub(1)..=n]
            .iter()
            .map(|&i| lines[i].trim())
            .collect();
        if !tail.contains("报告") {
            continue;
        }
        for m in (n.saturating_sub(3)..=n).rev() {
            let part: Vec<&str> = full[m..=n].iter().map(|&i| lines[i]).collect();
            if part
                .iter()
                .any(|l| l.chars().filter(|&c| c != '*').count() > MAX_TITLE_LINE)
            {
                break;
            }
            // A line of prose (a sentence) before the title is no part of it.
            if m < n && part[0].trim_end().ends_with(['。', '；', ';', '：', ':']) {
                break;
            }
            let joined = join_title(&part);
            if !looks_like_title(&joined) {
                continue;
            }
            let info = parse_title(&joined);
            let score = u8::from(!info.organ.is_empty()) * 2 + u8::from(info.year.is_some());
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, m, last, joined));
            }
            if score == 3 {
                break;
            }
        }
        if best.as_ref().is_some_and(|b| b.0 == 3) {
            break;
        }
    }
    let (score, mut m, last, mut title) = best?;
    if score == 3 {
        // A long organ name wraps, and the line found first holds its tail
        // only (`中国（上海）自由贸易试验区临港新片区管理委员会` / `生态环境和
        // 城市管理局 2023 年政府信息公开工作` / `年度报告`): the line above
        // belongs to the title when it is as wide as the window's lines
        // before its last (the lines of one wrapped paragraph are full),
        // reads as a piece of an organ name, and the organ still stands at
        // the start of the title.
        let n = full.iter().position(|&i| i == last).unwrap_or(m);
        while m > 0 && n - m < 3 {
            let above = lines[full[m - 1]].trim();
            let w = display_width(above);
            let window: Vec<&str> = full[m..=n].iter().map(|&i| lines[i]).collect();
            let full_lines = &window[..window.len() - 1];
            // One paragraph wrapped: its lines before the last are full.
            let one = full_lines
                .iter()
                .all(|l| display_width(l.trim()).abs_diff(w) <= WRAP_SLACK)
                && display_width(window[window.len() - 1].trim()) <= w + WRAP_SLACK;
            // The organ's paragraph wrapped, the year's line below it
            // (`中国（上海）…管理委员会` / `生态环境和城市管理局` / `2023 年
            // 政府信息公开工作年度报告`): the line above is wider than every
            // line of the window.
            let organ_wrapped = window
                .iter()
                .all(|l| display_width(l.trim()) + WRAP_SLACK < w);
            let wrapped = one || organ_wrapped;
            if !wrapped || !organ_piece(above) {
                break;
            }
            let mut part = vec![above];
            part.extend(&window);
            let joined = join_title(&part);
            let info = parse_title(&joined);
            let starts = collapse_spaces(&joined)
                .replace('*', "")
                .starts_with(info.organ.as_str());
            if info.organ.is_empty() || info.year.is_none() || !starts || !looks_like_title(&joined)
            {
                break;
            }
            m -= 1;
            title = joined;
        }
    }
    Some((full[m], last, title))
}

/// How far (in display cells) the widths of the full lines of one wrapped
/// title may differ: spaces a PDF tool puts around digits, a wider glyph.
const WRAP_SLACK: usize = 4;

/// Width in display cells (a CJK character takes two), a run of spaces
/// counting as one (layout tools stretch a justified line with spaces).
fn display_width(s: &str) -> usize {
    let words = s.split_whitespace();
    let (mut w, mut n) = (0usize, 0usize);
    for word in words {
        n += 1;
        w += word
            .chars()
            .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
            .sum::<usize>();
    }
    w + n.saturating_sub(1)
}

/// Whether a line can be the head of an organ name that wrapped: CJK text
/// and brackets only (no digits, no punctuation of dates, addresses or
/// navigation), and no words of the title's own.
fn organ_piece(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= MAX_TITLE_LINE
        && t.chars().all(|c| {
            let c = fold_char(c);
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || matches!(c, '(' | ')' | '〔' | '〕')
        })
        && !["报告", "公开", "年度", "工作"]
            .iter()
            .any(|w| t.contains(w))
}

/// The lines of a title joined, markup (emphasis, the cells of a markdown
/// table row) and dump prefixes removed.
fn join_title(part: &[&str]) -> String {
    let joined: String = part
        .iter()
        .map(|l| {
            if l.trim_start().starts_with('|') {
                let cells: Vec<&str> = l
                    .split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                clean_title(&cells.join(" ")).to_string()
            } else {
                clean_title(l).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("");
    // Runs of spaces (a layout tool's justified title) are one space, as a
    // document's title is.
    clean_title(&joined)
        .replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line starts like a section heading or a numbered item:
/// `一、`, `（三）`, `3.`.
fn is_enumerated(line: &str) -> bool {
    let t = clean_title(line);
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let head: String = t.chars().take_while(|&c| numeral(c)).collect();
    (!head.is_empty() && t[head.len()..].starts_with(['、', '．', '.']))
        || (t.starts_with(['（', '(']) && t.chars().nth(1).is_some_and(numeral))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(t: &str) -> (String, Option<u16>) {
        let i = parse_title(t);
        (i.organ, i.year)
    }

    #[test]
    fn organ_and_year() {
        assert_eq!(
            info("三门峡市陕州区公安局 2023 年政府信息公开工作 年度报告"),
            ("三门峡市陕州区公安局".into(), Some(2023))
        );
        assert_eq!(
            info("公安局 2022 年政府信息公开工作年度报告"),
            ("公安局".into(), Some(2022))
        );
        assert_eq!(
            info("临夏州公安局2023年度政府信息公开工作年度报告"),
            ("临夏州公安局".into(), Some(2023))
        );
        assert_eq!(
            info("2025 年上海市人民政府办公厅政府信息公开工作年度报告"),
            ("上海市人民政府办公厅".into(), Some(2025))
        );
        assert_eq!(
            info("标题: 平潭综合实验区2022年度政府信息公开工作年度报告"),
            ("平潭综合实验区".into(), Some(2022))
        );
        // A byte-order mark pasted before the title (found by fuzzing: it
        // stayed in the organ, and writing the report dropped it).
        assert_eq!(
            info("    \u{feff}   平潭综合实验区2022 年政府信息公开工作年度报告"),
            ("平潭综合实验区".into(), Some(2022))
        );
        assert_eq!(
            info("某某局２０２３年政府信息公开工作年度报告"),
            ("某某局".into(), Some(2023))
        );
        // In a document's metadata (pandoc -s, org-mode).
        for t in [
            "title: \"**三门峡市陕州区公安局2023年政府信息公开工作年度报告**\"",
            "Title: '三门峡市陕州区公安局2023年政府信息公开工作年度报告'",
            "#+TITLE: 三门峡市陕州区公安局2023年政府信息公开工作年度报告",
            "% 三门峡市陕州区公安局2023年政府信息公开工作年度报告",
        ] {
            assert_eq!(info(t), ("三门峡市陕州区公安局".into(), Some(2023)), "{t}");
        }
        // Markup left in what would be the organ: no organ, never a fragment.
        assert_eq!(
            info("meta: \"某某局2023年政府信息公开工作年度报告"),
            (String::new(), Some(2023))
        );
        // A piece of the title is no organ.
        assert_eq!(info("息公开工作年度报告"), (String::new(), None));
        // Section headings glued together are no title.
        assert_eq!(
            find_title(&[
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项"
            ]),
            None
        );
        assert!(find_title(&["某局2023年政府信息公开工作年度报告", "一、总体情况"]).is_some());
        assert_eq!(
            info("2024 年政府信息公开工作年度报告"),
            (String::new(), Some(2024))
        );
        // The organ as written; the year in Chinese numerals; markup.
        assert_eq!(
            info("中国（上海）自由贸易试验区管理委员会2023年政府信息公开工作年度报告"),
            ("中国（上海）自由贸易试验区管理委员会".into(), Some(2023))
        );
        assert_eq!(
            info("某某市交通运输局二〇二二年政府信息公开工作年度报告"),
            ("某某市交通运输局".into(), Some(2022))
        );
        assert_eq!(
            info("某某县二○二○年度政府信息公开工作年度报告"),
            ("某某县".into(), Some(2020))
        );
        assert_eq!(
            info("郑州市二七区人民政府2023年政府信息公开工作年度报告"),
            ("郑州市二七区人民政府".into(), Some(2023))
        );
        assert_eq!(
            info("**某某局****2021****年政府信息公开工作年度报告**"),
            ("某某局".into(), Some(2021))
        );
    }

    #[test]
    fn titles_over_several_lines() {
        let t = |lines: &[&str]| find_title(lines).map(|(a, b, t)| (a, b, parse_title(&t)));
        let (a, b, i) = t(&["洛阳市公安局西工分局 2023 年政府信", "息公开工作年度报告"]).unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (0, 1, "洛阳市公安局西工分局", Some(2023))
        );
        let (a, b, i) = t(&["", "某某市人民政府", "2024 年政府信息公开工作年度报告"]).unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (1, 2, "某某市人民政府", Some(2024))
        );
        let (a, b, i) = t(&[
            "临夏回族自治州住房和城乡建设局",
            "2024 年政府信息公开工作年度报",
            "告",
        ])
        .unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (0, 2, "临夏回族自治州住房和城乡建设局", Some(2024))
        );
        let (a, b, i) = t(&["某某县人民政府 2022 年政府信息公开工作年度报告"]).unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (0, 0, "某某县人民政府", Some(2022))
        );
        let (_, _, i) = t(&["2024 年政府信息公开工作年度报告"]).unwrap();
        assert_eq!((i.organ.as_str(), i.year), ("", Some(2024)));
        assert!(t(&["一段正文。"]).is_none());
        // A long organ name wrapped: its head is a full line above.
        let (a, b, i) = t(&[
            "中国（上海）自由贸易试验区临港新片区管理委员会",
            "",
            "生态环境和城市管理局 2023 年政府信息公开工作",
            "年度报告",
        ])
        .unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (
                0,
                3,
                "中国（上海）自由贸易试验区临港新片区管理委员会生态环境和城市管理局",
                Some(2023)
            )
        );
        let (a, _, i) = t(&[
            "新疆维吾尔自治区伊犁哈萨克自治",
            "州奎屯市住房和城乡建设局2023",
            "年政府信息公开工作年度报告",
        ])
        .unwrap();
        assert_eq!(
            (a, i.organ.as_str()),
            (0, "新疆维吾尔自治区伊犁哈萨克自治州奎屯市住房和城乡建设局")
        );
        let (a, _, i) = t(&[
            "中国（上海）自由贸易试验区临港新片区管理委员会",
            "生态环境和城市管理局",
            "2023 年政府信息公开工作年度报告",
        ])
        .unwrap();
        assert_eq!(
            (a, i.organ.as_str()),
            (
                0,
                "中国（上海）自由贸易试验区临港新片区管理委员会生态环境和城市管理局"
            )
        );
        // A site's name above a title is no part of it (narrower than the
        // title, or no organ piece).
        for above in [
            "某某市人民政府门户网站",
            "当前位置：首页 > 政务公开",
            "2024-01-20",
        ] {
            let (a, _, i) = t(&[above, "某某区教育局2023年政府信息公开工作年度报告"]).unwrap();
            assert_eq!((a, i.organ.as_str()), (1, "某某区教育局"), "{above}");
        }
        let (a, _, i) = t(&[
            "某某市人民政府门户网站欢迎您",
            "某某市人民政府",
            "2024 年政府信息公开工作年度报告",
        ])
        .unwrap();
        assert_eq!((a, i.organ.as_str()), (1, "某某市人民政府"));
        let (a, b, i) = t(&[
            "| 洛阳市公安局西工分局 |     | 2021 | 年政府信息公开工作 |     |",
            "| ---------- | --- | ---- | --------- | --- |",
            "年度报告",
        ])
        .unwrap();
        assert_eq!(
            (a, b, i.organ.as_str(), i.year),
            (0, 2, "洛阳市公安局西工分局", Some(2021))
        );
    }
}
