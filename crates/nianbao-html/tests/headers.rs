//! Headers as offices leave them (issue 11): a table whose header lost a
//! label (a blank cell, no cell, a label over a blank column or over grid
//! columns only the header has) is read when the positions of its columns
//! leave one answer, with a `grid.header_inferred` warning naming each
//! column placed by position, and refused otherwise — never read wrong.
//!
//! Truth from outside the code: each `fixtures/html/header-*.html` is a
//! seed's page with its header edited (the seed named in its first
//! comment), so it reads to that seed's hand-read `*.numbers.json` or is
//! refused as its `.expected.err` says. The seeds' numbers are mostly 0
//! outside 自然人 and 总计, so the same edits are also made to the page of
//! every generated report of `fixtures/extract/reports/` (numbers that
//! differ from column to column, in `*.numbers.json`): a number placed
//! under the wrong column shows there.

use nianbao_model::{Diagnostic, Read, Report};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The differences between a read and the truth: every number of the form,
/// and the organ and year where the truth gives them.
fn differences(read: &Read, truth: &Report) -> Vec<String> {
    let got = &read.report;
    let mut diffs: Vec<String> = truth
        .form_def()
        .cells()
        .iter()
        .filter(|c| got.get(c.id) != truth.get(c.id))
        .map(|c| {
            format!(
                "{}: expected {:?}, got {:?}",
                c.path(),
                truth.get(c.id),
                got.get(c.id)
            )
        })
        .collect();
    if !truth.organ.is_empty() && got.organ != truth.organ {
        diffs.push(format!(
            "organ: expected {}, got {}",
            truth.organ, got.organ
        ));
    }
    if truth.year.is_some() && got.year != truth.year {
        diffs.push(format!(
            "year: expected {:?}, got {:?}",
            truth.year, got.year
        ));
    }
    diffs
}

/// The page read, or the diagnostics it was refused with.
fn import(html: &[u8]) -> Result<Read, Vec<Diagnostic>> {
    match nianbao_html::import(html) {
        Ok(read) => Ok(read),
        Err(nianbao_html::Error::Invalid(d)) => Err(d),
        Err(e) => panic!("{e}"),
    }
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {:?}: {}", d.rule, d.location, d.message.en))
        .collect()
}

fn inferred(read: &Read) -> Vec<String> {
    let mut v: Vec<String> = read
        .diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("grid.header_inferred:"))
        .map(|d| d.rule["grid.header_inferred:".len()..].to_string())
        .collect();
    v.sort();
    v
}

/// A `*.numbers.json`: the numbers, organ and year read by hand (or by
/// the generator that wrote the report).
fn numbers(path: &Path) -> Report {
    nianbao_data::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_header_fixture_reads_to_its_seeds_numbers_or_is_refused() {
    let dir = fixtures().join("html");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with("header-") && n.ends_with(".html")
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "{pages:?}");
    let (mut read_ok, mut refused) = (0, 0);
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let seed = html
            .split("<!-- Seed ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or_else(|| panic!("{page:?} names no seed"));
        let truth = numbers(&fixtures().join(format!("seeds/{seed}.numbers.json")));
        let err = page.with_extension("expected.err");
        if err.exists() {
            assert!(import(html.as_bytes()).is_err(), "{page:?} must be refused");
            let want = std::fs::read_to_string(&err).unwrap();
            assert!(
                want.contains("grid.header_missing") || want.contains("grid.ambiguous_header"),
                "{page:?}: {want}"
            );
            refused += 1;
        } else {
            let read =
                import(html.as_bytes()).unwrap_or_else(|d| panic!("{page:?}: {:#?}", errors(&d)));
            let diffs = differences(&read, &truth);
            assert!(diffs.is_empty(), "{page:?}: {diffs:#?}");
            read_ok += 1;
        }
    }
    assert!(
        read_ok >= 5 && refused >= 3,
        "{read_ok} read, {refused} refused"
    );
}

#[test]
fn the_issues_page_names_each_column_placed_by_position() {
    let html = std::fs::read(fixtures().join("html/header-office.html")).unwrap();
    let read = import(&html).unwrap();
    assert_eq!(
        inferred(&read),
        [
            "active.in_force",
            "applications.natural",
            "applications.total",
            "reviews.suit_after_review.upheld"
        ]
    );
    let natural = read
        .diagnostics
        .iter()
        .find(|d| d.rule == "grid.header_inferred:applications.natural")
        .unwrap();
    assert_eq!(
        natural
            .location
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("表格2!D2")
    );
    assert!(
        natural.message.zh.contains("自然人"),
        "{}",
        natural.message.zh
    );
    assert!(
        natural.message.en.contains("column D"),
        "{}",
        natural.message.en
    );
}

#[test]
fn refusals_name_the_table_the_missing_labels_and_the_cell() {
    let refused = |name: &str| {
        import(&std::fs::read(fixtures().join(format!("html/{name}.html"))).unwrap())
            .err()
            .unwrap_or_else(|| panic!("{name} is read"))
    };
    let two = refused("header-two-blank");
    let d = two
        .iter()
        .find(|d| d.rule == "grid.header_missing:applications.research")
        .unwrap_or_else(|| panic!("{two:#?}"));
    assert!(d.message.zh.contains("科研机构") && d.message.zh.contains("社会公益组织"));
    assert!(d.message.zh.contains("三、收到和处理政府信息公开申请情况"));
    assert!(d.message.en.contains("F, G"), "{}", d.message.en);
    assert_eq!(
        d.location.as_ref().map(ToString::to_string).as_deref(),
        Some("表格2!F3")
    );

    let extra = refused("header-extra-column");
    assert!(extra.iter().any(
        |d| d.rule == "grid.header_missing:applications.total" && d.message.en.contains("J, K")
    ));

    // 商业企业 mis-merged: the labels right of it stand one column off
    // their numbers. The merge is named: unmerging it fixes the header.
    let shifted = refused("header-shifted");
    assert!(shifted.iter().any(
        |d| d.rule == "grid.ambiguous_header:applications.commercial"
            && d.message.en.contains("E and F")
    ));
}

// ---------------------------------------------------------------------
// The same edits on the pages of reports whose numbers differ column by
// column.

/// The page nianbao writes, without its inline styles (as a CMS keeps it).
fn page_of(truth: &Path) -> String {
    let mut report = numbers(truth);
    if let Some(year) = report.year {
        report.title = format!("{}{year}年政府信息公开工作年度报告", report.organ);
    }
    let html = nianbao_html::to_html(&report).unwrap();
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find(" style=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 8..];
        rest = &after[after.find('"').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

fn sub(html: &str, from: &str, to: &str) -> String {
    assert!(html.contains(from), "no {from} in the page");
    html.replacen(from, to, 1)
}

/// Edits every row of numbers of table 三 (each on its own line).
fn each_row(html: &str, edit: impl Fn(&str) -> String) -> String {
    let start = html.find("一、本年新收").unwrap();
    let start = html[..start].rfind("<tr>").unwrap();
    let end = start + html[start..].find("</table>").unwrap();
    let rows: Vec<String> = html[start..end]
        .split_inclusive('\n')
        .map(|l| {
            if l.contains("<td") {
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_eq!(rows.iter().filter(|l| l.contains("<td")).count(), 25);
    format!("{}{}{}", &html[..start], rows.concat(), &html[end..])
}

/// Inserts `cell` after the `n`th number cell of a row (from 1).
fn after_cell(row: &str, n: usize, cell: &str) -> String {
    let at = row.match_indices("</td>").nth(n - 1).unwrap().0 + 5;
    format!("{}{cell}{}", &row[..at], &row[at..])
}

/// Gives the `n`th number cell of a row (from 1) a colspan of 2.
fn span_cell(row: &str, n: usize) -> String {
    let at = row.match_indices("<td>").nth(n - 1).unwrap().0;
    format!("{}<td colspan=\"2\">{}", &row[..at], &row[at + 4..])
}

const NATURAL: &str = "<th scope=\"col\" rowspan=\"2\">自然人</th>";
const TOTAL: &str = "<th scope=\"col\" rowspan=\"2\">总计</th>";
const COMMERCIAL: &str = "<th scope=\"col\">商业企业</th>";

fn widen(html: &str) -> String {
    let html = sub(html, "colspan=\"7\">申请人情况", "colspan=\"8\">申请人情况");
    sub(
        &html,
        "colspan=\"5\">法人或其他组织",
        "colspan=\"6\">法人或其他组织",
    )
}

/// What a variant must come to.
enum Want {
    /// Read to the truth, these columns placed by position.
    Read(&'static [&'static str]),
    /// Refused, with an error of this rule.
    Refused(&'static str),
}

type Edit = fn(&str) -> String;

fn variants() -> Vec<(&'static str, Edit, Want)> {
    vec![
        (
            "blank 自然人",
            |h| sub(h, NATURAL, "<th scope=\"col\" rowspan=\"2\"></th>"),
            Want::Read(&["applications.natural"]),
        ),
        (
            "no 总计 cell",
            |h| sub(h, TOTAL, ""),
            Want::Read(&["applications.total"]),
        ),
        (
            "blank 自然人 and 总计",
            |h| {
                let h = sub(h, NATURAL, "<th scope=\"col\" rowspan=\"2\"></th>");
                sub(&h, TOTAL, "<th scope=\"col\" rowspan=\"2\"></th>")
            },
            Want::Read(&["applications.natural", "applications.total"]),
        ),
        (
            "商业企业 over a blank column",
            |h| {
                let h = widen(&sub(
                    h,
                    COMMERCIAL,
                    "<th scope=\"col\" colspan=\"2\">商业企业</th>",
                ));
                each_row(&h, |r| after_cell(r, 2, "<td></td>"))
            },
            Want::Read(&[]),
        ),
        (
            "商业企业 over a grid column only the header has",
            |h| {
                let h = widen(&sub(
                    h,
                    COMMERCIAL,
                    "<th scope=\"col\" colspan=\"2\">商业企业</th>",
                ));
                each_row(&h, |r| span_cell(r, 3))
            },
            Want::Read(&[]),
        ),
        (
            "the issue's page: blank 自然人, no 总计, 商业企业 over a blank column",
            |h| {
                let h = sub(h, NATURAL, "<th scope=\"col\" rowspan=\"2\"></th>");
                let h = sub(&h, TOTAL, "");
                let h = widen(&sub(
                    &h,
                    COMMERCIAL,
                    "<th scope=\"col\" colspan=\"2\">商业企业</th>",
                ));
                each_row(&h, |r| after_cell(r, 2, "<td></td>"))
            },
            Want::Read(&["applications.natural", "applications.total"]),
        ),
        (
            "table 四: blank 总计 of 行政复议",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\" rowspan=\"2\">总计</th><th scope=\"col\" colspan=\"5\">未经复议直接起诉",
                    "<th scope=\"col\" rowspan=\"2\"></th><th scope=\"col\" colspan=\"5\">未经复议直接起诉",
                )
            },
            Want::Read(&["reviews.review.total"]),
        ),
        (
            "table 四: blank 结果维持 of 复议后起诉",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\">总计</th><th scope=\"col\">结果维持</th>",
                    "<th scope=\"col\">总计</th><th scope=\"col\"></th>",
                )
            },
            Want::Read(&["reviews.suit_after_review.upheld"]),
        ),
        (
            "table 二: blank 本年废止件数",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\">本年废止件数</th>",
                    "<th scope=\"col\"></th>",
                )
            },
            Want::Read(&["active.repealed"]),
        ),
        (
            "table 二: blank 本年制发件数",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\">本年制发件数</th>",
                    "<th scope=\"col\"></th>",
                )
            },
            Want::Read(&["active.issued"]),
        ),
        // Refusals: a guess here could be wrong.
        (
            "科研机构 and 社会公益组织 blank side by side",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\">科研机构</th><th scope=\"col\">社会公益组织</th>",
                    "<th scope=\"col\"></th><th scope=\"col\"></th>",
                )
            },
            Want::Refused("grid.header_missing:applications.research"),
        ),
        (
            "no 总计 and an extra column of numbers",
            |h| {
                let h = sub(h, TOTAL, "");
                each_row(&h, |r| r.replace("</td></tr>", "</td><td>7</td></tr>"))
            },
            Want::Refused("grid.header_missing:applications.total"),
        ),
        (
            "blank 自然人 and an extra column of numbers",
            |h| {
                let h = sub(h, NATURAL, "<th scope=\"col\" rowspan=\"2\"></th>");
                each_row(&h, |r| r.replace("</td></tr>", "</td><td>7</td></tr>"))
            },
            Want::Refused("grid.header_missing:applications.natural"),
        ),
        (
            "no 总计 and a column headed 备注",
            |h| {
                let h = sub(h, TOTAL, "<th scope=\"col\" rowspan=\"2\">备注</th>");
                h.to_string()
            },
            Want::Refused("grid.header_missing:applications.total"),
        ),
        (
            "商业企业 mis-merged over two columns of numbers",
            |h| {
                let h = sub(h, NATURAL, "<th scope=\"col\" rowspan=\"2\"></th>");
                let h = sub(&h, TOTAL, "");
                sub(
                    &h,
                    COMMERCIAL,
                    "<th scope=\"col\" colspan=\"2\">商业企业</th>",
                )
            },
            Want::Refused("grid.ambiguous_header:applications.commercial"),
        ),
        (
            "table 四: 结果维持 and 结果纠正 of 行政复议 blank",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\" rowspan=\"2\">结果维持</th><th scope=\"col\" rowspan=\"2\">结果纠正</th>",
                    "<th scope=\"col\" rowspan=\"2\"></th><th scope=\"col\" rowspan=\"2\"></th>",
                )
            },
            Want::Refused("grid.header_missing:reviews.review.upheld"),
        ),
        (
            "table 二: two of three labels blank",
            |h| {
                sub(
                    h,
                    "<th scope=\"col\">本年制发件数</th><th scope=\"col\">本年废止件数</th>",
                    "<th scope=\"col\"></th><th scope=\"col\"></th>",
                )
            },
            Want::Refused("grid.table_missing:active"),
        ),
    ]
}

#[test]
fn every_edited_header_reads_right_or_is_refused() {
    let mut truths: Vec<PathBuf> = ["extract/reports", "seeds"]
        .iter()
        .flat_map(|d| std::fs::read_dir(fixtures().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".numbers.json"))
        // The edits are of the 2021 form's headers.
        .filter(|p| {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            v["form"].as_str() != Some("2019")
        })
        .collect();
    truths.sort();
    assert!(truths.len() >= 15, "{truths:?}");
    let mut failures = Vec::new();
    let (mut read_ok, mut refused) = (0, 0);
    for truth in &truths {
        let page = page_of(truth);
        let numbers = numbers(truth);
        let name = truth.file_name().unwrap().to_string_lossy();
        // The page as written reads, with nothing placed by position.
        let plain = import(page.as_bytes()).unwrap();
        assert!(inferred(&plain).is_empty(), "{name}");
        for (what, edit, want) in variants() {
            match (import(edit(&page).as_bytes()), want) {
                (Ok(read), Want::Read(cols)) => {
                    let diffs = differences(&read, &numbers);
                    if !diffs.is_empty() {
                        failures.push(format!("{name}, {what}: WRONG NUMBERS {diffs:#?}"));
                    }
                    if inferred(&read) != cols {
                        failures.push(format!(
                            "{name}, {what}: placed by position {:?}, want {cols:?}",
                            inferred(&read)
                        ));
                    }
                    read_ok += 1;
                }
                (Err(d), Want::Read(_)) => {
                    failures.push(format!("{name}, {what}: refused: {:#?}", errors(&d)));
                }
                (Ok(read), Want::Refused(_)) => {
                    let diffs = differences(&read, &numbers);
                    failures.push(format!(
                        "{name}, {what}: read, not refused ({} wrong)",
                        diffs.len()
                    ));
                }
                (Err(d), Want::Refused(rule)) => {
                    if !d.iter().any(|d| d.rule == rule) {
                        failures.push(format!("{name}, {what}: no {rule} in {:#?}", errors(&d)));
                    }
                    refused += 1;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        read_ok >= 150 && refused >= 100,
        "{read_ok} read, {refused} refused"
    );
}
