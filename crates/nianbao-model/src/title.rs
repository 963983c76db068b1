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

/// The title with dump prefixes removed.
pub fn clean_title(line: &str) -> &str {
    // Markdown around the title (`# …`, `**…**`) is markup, not title.
    let t = line
        .trim()
        .trim_start_matches('#')
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    for p in TITLE_PREFIXES {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.trim();
        }
    }
    t
}

/// Whether a line reads as a report title.
pub fn looks_like_title(line: &str) -> bool {
    let t = clean_title(line);
    t.contains("报告")
        && (t.contains("政府信息公开") || t.contains("信息公开") || t.contains("年度"))
        && t.chars().count() <= 80
}

/// Reads organ and year from a title.
pub fn parse_title(title: &str) -> TitleInfo {
    let chars: Vec<char> = clean_title(title).chars().map(fold_char).collect();
    // The first run of four digits followed (after spaces) by 年.
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].is_whitespace() {
                k += 1;
            }
            if j - i == 4 && k < chars.len() && chars[k] == '年' {
                let year: Option<u16> = chars[i..j]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .ok()
                    .filter(|y| (1990..=2200).contains(y));
                let before: String = chars[..i].iter().collect::<String>().trim().to_string();
                let organ = if before.is_empty() {
                    // `2025 年上海市人民政府办公厅政府信息公开工作年度报告`
                    let mut after: String = chars[k + 1..].iter().collect();
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
                    organ: collapse_spaces(&organ),
                    year,
                };
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let t: String = chars.iter().collect();
    let cut = ["政府信息公开", "信息公开"]
        .iter()
        .filter_map(|m| t.find(m))
        .min()
        .unwrap_or(t.len());
    TitleInfo {
        organ: collapse_spaces(t[..cut].trim()),
        year: None,
    }
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
        assert_eq!(
            info("某某局２０２３年政府信息公开工作年度报告"),
            ("某某局".into(), Some(2023))
        );
    }
}
