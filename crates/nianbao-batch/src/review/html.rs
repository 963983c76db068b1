//! The review as one self-contained HTML page: inline CSS, inline SVG
//! charts drawn here, and a few lines of inline script that sort the
//! ranking table — nothing is fetched from the network.

use super::{Figures, Review, MIN_RATED};
use nianbao_model::Lang;
use std::fmt::Write;

/// A section listing files with one note each (`class` colours the note):
/// its heading (`id`, text, what to say when empty) with the count.
fn source_list<'a>(
    b: &mut String,
    (id, heading, none): (&str, &str, &str),
    count: usize,
    class: &str,
    items: impl ExactSizeIterator<Item = (&'a String, String)>,
) {
    let _ = write!(b, "<h2 id={id}>{heading}（{count}）</h2>");
    if items.len() == 0 {
        let _ = write!(b, "<p class=muted>{none}</p>");
        return;
    }
    b.push_str("<table><tbody>");
    for (source, note) in items {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class={class}>{note}</td></tr>",
            esc(source)
        );
    }
    b.push_str("</tbody></table>");
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\
h1{font-size:1.6em;border-bottom:3px solid #b22;padding-bottom:.3em}h2{font-size:1.25em;margin-top:2em;border-left:5px solid #b22;padding-left:.5em}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top}th{background:#f3f0ea}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.err{color:#b00;font-weight:bold}.warn{color:#a60}.muted{color:#777}\
th.sort{cursor:pointer}th.sort:after{content:' ⇅';color:#999}.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:8em}\
.card b{display:block;font-size:1.6em}dl.def dt{font-weight:bold;float:left;clear:left;width:7em}dl.def dd{margin-left:8em}code{font-size:.9em}";

const SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){t.querySelectorAll('th').forEach(function(h,i){h.classList.add('sort');h.addEventListener('click',function(){var b=t.tBodies[0],r=Array.from(b.rows),d=h.dataset.d=h.dataset.d==='a'?'d':'a';r.sort(function(x,y){var p=x.cells[i].dataset.v,q=y.cells[i].dataset.v,u=parseFloat(p),v=parseFloat(q),c=(isNaN(u)||isNaN(v))?String(p).localeCompare(String(q),'zh'):u-v;return d==='a'?c:-c});r.forEach(function(e){b.appendChild(e)})})})});";

/// A page with `title` around `body`.
pub fn page(title: &str, lang: Lang, body: &str) -> String {
    let l = if lang == Lang::Zh { "zh-CN" } else { "en" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{l}\"><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"nianbao\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1>{body}<script>{SCRIPT}</script></body></html>\n",
        esc(title),
        esc(title)
    )
}

/// A horizontal bar chart as inline SVG.
pub fn bars(items: &[(String, f64)], unit: &str) -> String {
    if items.is_empty() {
        return String::new();
    }
    let max = items.iter().map(|i| i.1).fold(0.0f64, f64::max).max(1.0);
    let (label_w, bar_w, row_h) = (260.0, 520.0, 22.0);
    let h = row_h * items.len() as f64 + 10.0;
    let mut s = format!(
        "<svg width=\"{}\" height=\"{h}\" role=\"img\" font-size=\"12\">",
        label_w + bar_w + 90.0
    );
    for (i, (label, v)) in items.iter().enumerate() {
        let y = i as f64 * row_h + 5.0;
        let w = (v / max * bar_w).max(0.5);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#b22\" opacity=\".8\"/><text x=\"{}\" y=\"{}\">{}{}</text>",
            label_w - 6.0,
            y + 14.0,
            esc(label),
            row_h - 6.0,
            label_w + w + 4.0,
            y + 14.0,
            fmt_num(*v),
            esc(unit)
        );
    }
    s.push_str("</svg>");
    s
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn pct(v: Option<f64>) -> (String, String) {
    match v {
        Some(v) => (format!("{:.1}%", v * 100.0), format!("{v:.6}")),
        None => ("—".into(), "-1".into()),
    }
}

fn num(v: Option<u64>) -> (String, String) {
    match v {
        Some(v) => (v.to_string(), v.to_string()),
        None => ("—".into(), "-1".into()),
    }
}

/// The review page.
pub fn render(r: &Review, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let t = |a: &'static str, b: &'static str| if zh { a } else { b };
    let mut b = String::new();
    // Overview cards.
    let errors: usize = r.by_rule.values().map(|v| v.0).sum();
    let warnings: usize = r.by_rule.values().map(|v| v.1).sum();
    b.push_str("<div class=cards>");
    for (label, v) in [
        (t("输入文件", "inputs"), r.inputs),
        (t("读取的年报", "reports read"), r.read),
        (t("无法读取", "unreadable"), r.unreadable_count),
        (t("重复计入", "counted twice"), r.duplicate_count),
        (t("错误", "errors"), errors),
        (t("警告", "warnings"), warnings),
    ] {
        let _ = write!(b, "<div class=card>{}<b>{v}</b></div>", esc(label));
    }
    b.push_str("</div>");

    // By rule.
    let _ = write!(b, "<h2>{}</h2>", t("问题按规则统计", "Findings by rule"));
    b.push_str("<table class=sortable><thead><tr>");
    for h in [
        t("规则", "rule"),
        t("错误", "errors"),
        t("警告", "warnings"),
    ] {
        let _ = write!(b, "<th>{h}</th>");
    }
    b.push_str("</tr></thead><tbody>");
    for (rule, (e, w)) in &r.by_rule {
        let _ = write!(
            b,
            "<tr><td data-v=\"{0}\"><code>{0}</code></td><td class=n data-v={e}>{e}</td><td class=n data-v={w}>{w}</td></tr>",
            esc(rule)
        );
    }
    b.push_str("</tbody></table>");

    // Indicators and ranking.
    indicators(&mut b, r, lang);

    // Charts.
    charts(&mut b, r, lang);

    // Duplicates, and files that could not be read.
    let none = t("无", "none");
    let duplicates = r.duplicates.iter().map(|(s, m)| (s, esc(m.get(lang))));
    let heading = t("重复计入的年报", "Reports counted twice");
    source_list(
        &mut b,
        ("duplicates", heading, none),
        r.duplicate_count,
        "warn",
        duplicates,
    );
    let unreadable = r
        .unreadable
        .iter()
        .map(|(s, why)| (s, esc(why).replace('\n', "<br>")));
    let heading = t("无法读取的文件", "Files that could not be read");
    source_list(
        &mut b,
        ("unreadable", heading, none),
        r.unreadable_count,
        "err",
        unreadable,
    );

    // Per report.
    let _ = write!(
        b,
        "<h2 id=reports>{}</h2>",
        t("各年报的问题", "Findings per report")
    );
    for e in &r.entries {
        let _ = write!(
            b,
            "<h3>{} <span class=muted>{} {}</span></h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&e.source),
            esc(&e.organ),
            e.year.map(|y| y.to_string()).unwrap_or_default(),
            t("规则", "rule"),
            t("单元格", "cell"),
            t("位置", "location"),
            t("说明", "message")
        );
        for f in &e.findings {
            let _ = write!(
                b,
                "<tr><td class={}><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if f.error { "err" } else { "warn" },
                esc(&f.rule),
                esc(f.cell.as_deref().unwrap_or("")),
                esc(f.location.as_deref().unwrap_or("")),
                esc(f.message.get(lang))
            );
        }
        b.push_str("</tbody></table>");
        if e.more > 0 {
            let _ = write!(
                b,
                "<p class=muted>{}</p>",
                if zh {
                    format!("另有 {} 条", e.more)
                } else {
                    format!("{} more", e.more)
                }
            );
        }
    }
    if r.more_entries > 0 {
        let _ = write!(
            b,
            "<p class=muted>{}</p>",
            if zh {
                format!(
                    "另有 {} 份年报有问题，未逐一列出；全部问题见 nianbao batch 的数据集",
                    r.more_entries
                )
            } else {
                format!(
                    "{} more report(s) with findings are not listed; nianbao batch's dataset holds every finding",
                    r.more_entries
                )
            }
        );
    }
    if !r.cross.is_empty() {
        let _ = write!(
            b,
            "<h3>{}</h3><table><tbody>",
            t("跨报告的其他问题", "Other findings across reports")
        );
        for (s, f) in &r.cross {
            let _ = write!(
                b,
                "<tr><td>{}</td><td class=warn><code>{}</code></td><td>{}</td></tr>",
                esc(s),
                esc(&f.rule),
                esc(f.message.get(lang))
            );
        }
        b.push_str("</tbody></table>");
    }

    // Region total.
    let _ = write!(
        b,
        "<h2 id=total>{}</h2>",
        t("全地区汇总", "The region's total")
    );
    b.push_str("<table><thead><tr>");
    for h in [
        t("年度", "year"),
        t("年报数", "reports"),
        t("本年新收申请", "applications received"),
        t("办理结果总计", "applications answered"),
        t("予以公开", "granted"),
        t("行政复议", "administrative reviews"),
        t("行政诉讼", "lawsuits"),
    ] {
        let _ = write!(b, "<th>{h}</th>");
    }
    b.push_str("</tr></thead><tbody>");
    for (year, tot) in &r.totals {
        let f = &tot.figures;
        let _ = write!(b, "<tr><td>{year}</td><td class=n>{}</td>", tot.count);
        for v in [f.new, f.results, f.granted, f.review, f.suit] {
            let _ = write!(b, "<td class=n>{}</td>", num(v).0);
        }
        b.push_str("</tr>");
        for m in &tot.refused {
            let _ = write!(
                b,
                "<tr><td></td><td colspan=6 class=err>{}</td></tr>",
                esc(m.get(lang))
            );
        }
    }
    b.push_str("</tbody></table>");
    for (year, tot) in &r.totals {
        let _ = write!(
            b,
            "<details><summary>{}</summary><ol>",
            if zh {
                format!("{year} 年汇总的 {} 份年报", tot.count)
            } else {
                format!("the {} report(s) summed for {year}", tot.count)
            }
        );
        for s in &tot.inputs {
            let _ = write!(b, "<li>{}</li>", esc(s));
        }
        b.push_str("</ol>");
        if tot.count > tot.inputs.len() {
            let _ = write!(b, "<p class=muted>… {}</p>", tot.count - tot.inputs.len());
        }
        b.push_str("</details>");
    }
    page(
        t(
            "政府信息公开工作年度报告审查报告",
            "Review of annual reports on government information disclosure",
        ),
        lang,
        &b,
    )
}

fn indicators(b: &mut String, r: &Review, lang: Lang) {
    let zh = lang == Lang::Zh;
    let t = |a: &'static str, e: &'static str| if zh { a } else { e };
    let _ = write!(
        b,
        "<h2 id=indicators>{}</h2>",
        t("各机关指标与排名", "Indicators and ranking per organ")
    );
    let _ = write!(
        b,
        "<dl class=def><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl><p class=muted>{}</p>",
        t("公开率", "open rate"),
        t("（予以公开 + 部分公开）÷ 办理结果总计", "(granted + partly granted) ÷ total of results"),
        t("不予公开率", "denial rate"),
        t("不予公开 ÷ 办理结果总计", "denied ÷ total of results"),
        t("复议纠错率", "review correction rate"),
        t("行政复议结果纠正 ÷ 行政复议总计", "reviews corrected ÷ total reviews"),
        t("诉讼纠错率", "lawsuit correction rate"),
        t("行政诉讼结果纠正 ÷ 行政诉讼总计（未经复议直接起诉与复议后起诉之和）", "lawsuits corrected ÷ total lawsuits (direct and after review)"),
        t("申请同比", "applications y/y"),
        t("本年新收申请 ÷ 上年新收申请 − 1", "applications received ÷ last year's − 1"),
        if zh {
            format!("本年新收申请少于 {MIN_RATED} 件的机关只列出，不参与排名。点击表头排序。")
        } else {
            format!("Organs with fewer than {MIN_RATED} applications are shown, not rated. Click a heading to sort.")
        }
    );
    b.push_str("<table class=sortable id=ranking><thead><tr>");
    for h in [
        t("排名", "rank"),
        t("机关", "organ"),
        t("年度", "year"),
        t("本年新收申请", "applications"),
        t("申请同比", "y/y"),
        t("公开率", "open rate"),
        t("不予公开率", "denial rate"),
        t("复议纠错率", "review corr."),
        t("诉讼纠错率", "lawsuit corr."),
    ] {
        let _ = write!(b, "<th>{h}</th>");
    }
    b.push_str("</tr></thead><tbody>");
    // Rank within each year by open rate, rated organs only.
    let mut rows: Vec<(&(String, u16), &Figures)> = r.figures.iter().collect();
    rows.sort_by(|a, c| {
        c.0 .1.cmp(&a.0 .1).then(
            c.1.open_rate()
                .partial_cmp(&a.1.open_rate())
                .unwrap_or(std::cmp::Ordering::Equal),
        )
    });
    let mut rank = 0;
    let mut year = None;
    for ((organ, y), f) in rows {
        if year != Some(*y) {
            year = Some(*y);
            rank = 0;
        }
        let rated = f.new.is_some_and(|n| n >= MIN_RATED);
        let rank_cell = if rated {
            rank += 1;
            (rank.to_string(), rank.to_string())
        } else {
            (t("不评级", "not rated").to_owned(), "99999".to_owned())
        };
        let yoy = r
            .figures
            .get(&(organ.clone(), y.wrapping_sub(1)))
            .and_then(|p| super::ratio(f.new, p.new))
            .map(|x| x - 1.0);
        let cells = [
            rank_cell,
            (esc(organ), esc(organ)),
            (y.to_string(), y.to_string()),
            num(f.new),
            pct(yoy),
            pct(f.open_rate()),
            pct(f.denied_rate()),
            pct(f.review_rate()),
            pct(f.suit_rate()),
        ];
        b.push_str("<tr>");
        for (i, (show, v)) in cells.iter().enumerate() {
            let class = if i == 1 { "" } else { " class=n" };
            let _ = write!(b, "<td{class} data-v=\"{v}\">{show}</td>");
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table>");
}

fn charts(b: &mut String, r: &Review, lang: Lang) {
    let zh = lang == Lang::Zh;
    let t = |a: &'static str, e: &'static str| if zh { a } else { e };
    let Some(&last) = r.totals.keys().next_back() else {
        return;
    };
    let _ = write!(b, "<h2 id=charts>{}</h2>", t("图表", "Charts"));
    // Applications by organ, last year, the 30 largest.
    let mut by_organ: Vec<(String, f64)> = r
        .figures
        .iter()
        .filter(|((_, y), _)| *y == last)
        .filter_map(|((o, _), f)| Some((o.clone(), f.new? as f64)))
        .collect();
    by_organ.sort_by(|a, c| c.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    by_organ.truncate(30);
    let _ = write!(
        b,
        "<h3>{}</h3>{}",
        if zh {
            format!("{last} 年各机关本年新收申请（前 30）")
        } else {
            format!("Applications received per organ, {last} (top 30)")
        },
        bars(&by_organ, t(" 件", ""))
    );
    // Results by kind, region, last year.
    let f = &r.totals[&last].figures;
    let kinds: Vec<(String, f64)> = [
        (t("予以公开", "granted"), f.granted),
        (t("部分公开", "partly granted"), f.partly),
        (t("不予公开", "denied"), f.denied),
        (t("无法提供", "cannot provide"), f.unable),
        (t("不予处理", "not processed"), f.not_processed),
        (t("其他处理", "other"), f.other),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_owned(), v? as f64)))
    .collect();
    let _ = write!(
        b,
        "<h3>{}</h3>{}",
        if zh {
            format!("{last} 年全地区办理结果")
        } else {
            format!("Results by kind, whole region, {last}")
        },
        bars(&kinds, t(" 件", ""))
    );
    // Year on year.
    let years: Vec<(String, f64)> = r
        .totals
        .iter()
        .filter_map(|(y, t)| Some((y.to_string(), t.figures.new? as f64)))
        .collect();
    let _ = write!(
        b,
        "<h3>{}</h3>{}",
        t(
            "全地区本年新收申请逐年变化",
            "Applications received year on year, whole region"
        ),
        bars(&years, t(" 件", ""))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_organs_are_shown_not_rated_and_rates_follow_their_definitions() {
        let mut r = Review::default();
        let big = Figures {
            reports: 1,
            new: Some(40),
            results: Some(40),
            granted: Some(10),
            partly: Some(10),
            denied: Some(4),
            review: Some(4),
            review_corrected: Some(1),
            ..Figures::default()
        };
        let small = Figures {
            new: Some(29),
            results: Some(29),
            granted: Some(29),
            partly: Some(0),
            ..big.clone()
        };
        r.figures.insert(("甲局".into(), 2024), big);
        r.figures.insert(("乙局".into(), 2024), small);
        let page = render(&r, Lang::Zh);
        let row = |organ: &str| {
            let i = page.find(&format!(">{organ}</td>")).unwrap();
            let start = page[..i].rfind("<tr>").unwrap();
            page[start..i + page[i..].find("</tr>").unwrap()].to_owned()
        };
        assert!(row("乙局").contains("不评级"), "{}", row("乙局"));
        assert!(row("甲局").contains(">1</td>"), "{}", row("甲局"));
        // 公开率 (10 + 10) / 40, 不予公开率 4 / 40, 复议纠错率 1 / 4.
        for v in ["50.0%", "10.0%", "25.0%"] {
            assert!(row("甲局").contains(v), "{v}: {}", row("甲局"));
        }
    }
}
