//! The text that real extraction tools make of Word and PDF reports
//! (`fixtures/extract/`, written by `cargo xtask extract`): every tool
//! output reads to exactly the generator's numbers, organ and year
//! (`reports/NAME.numbers.json`), or is refused on purpose with the rule
//! that says what happened. No output may be read with a wrong or missing
//! number, organ or year without a diagnostic saying so.

use nianbao_model::Diagnostic;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/extract")
}

/// What a tool output must give: every number, the organ and the year, or
/// a refusal with one of these rules (none: no refusal is allowed; `*`:
/// any refusal, for tools whose output is not always readable).
fn allowed_refusals(tool: &str) -> &'static [&'static str] {
    match tool {
        // Tables printed column by column or cell by cell.
        "pdftotext" => &["*"],
        // A table whose cells hold paragraphs becomes `[TABLE]`.
        "pandoc-plain" => &["text.table_placeholder"],
        // No positions: a reordered header cut over lines; a row whose
        // values stand on two lines and add up in two orders; a number cut
        // in its cell whose rest stands among other rows' values.
        "pdfplumber" => &["text.column_order", "text.row_values", "text.cut_number"],
        // Runs the cells of narrow columns together (`2561` and `22` as
        // `256122`, `2,27` and `224` as `2,27224`).
        "pypdf-layout" => &["text.row_values", "text.bad_number"],
        // Text in an order of its own (boxes sorted by position).
        "pdfminer" => &["*"],
        // pdfplumber's table finder over the PDF: cells split and merged,
        // a row's values in a table of their own before its label.
        "markitdown-pdf" => &["*"],
        _ => &[],
    }
}

/// Tools whose text of numbers in full-width digits broken across lines
/// (`１１９` over `８`, `１ １ ９`) may be refused with
/// `text.fullwidth_split`: where their text leaves two readings that add
/// up (mutool and pdfplumber give each piece on a line of its own, so
/// `２ ２` / `２` / `０` is 222 and 0 or 2 and 220), or none. The tools the
/// issue names (pdftotext `-layout` and `-raw`, PyMuPDF, w3m) are read.
const BREAKS_FULLWIDTH: &[&str] = &["mutool", "pdfplumber", "pdfplumber-layout", "pypdf-layout"];

/// Compares every leaf of `expected` with the same key of `actual`.
fn compare(path: &str, expected: &Value, actual: Option<&Value>, diffs: &mut Vec<String>) {
    match expected {
        Value::Object(map) => {
            for (k, v) in map {
                compare(
                    &format!("{path}.{k}"),
                    v,
                    actual.and_then(|a| a.get(k)),
                    diffs,
                );
            }
        }
        leaf => {
            let same = match (leaf, actual) {
                (Value::Number(a), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
                (a, Some(b)) => a == b,
                (Value::Null, None) => true,
                _ => false,
            };
            if !same {
                diffs.push(format!(
                    "{path}: expected {leaf}, got {}",
                    actual.map_or("nothing".into(), |a| a.to_string())
                ));
            }
        }
    }
}

/// Whether a diagnostic of `rule` (or `rule:…`) is among `d`.
fn has_rule(d: &[Diagnostic], rule: &str) -> bool {
    d.iter().any(|d| {
        d.rule == rule
            || d.rule
                .strip_prefix(rule)
                .is_some_and(|r| r.starts_with(':'))
    })
}

#[derive(Debug)]
enum Outcome {
    Exact,
    /// Exact numbers; organ and year `null` with a `title.missing` warning,
    /// where the tool left the title out of its output (pandoc without
    /// `-s` moves a Word Title paragraph into metadata it does not write).
    TitleLost,
    Refused(Vec<Diagnostic>),
    Wrong(Vec<String>),
}

fn read(input: &Path, truth: &Value) -> Outcome {
    let bytes = std::fs::read(input).unwrap();
    match nianbao_text::parse_bytes(&bytes) {
        Err(nianbao_text::ParseError::Invalid(d)) => Outcome::Refused(d),
        Err(e) => Outcome::Wrong(vec![e.to_string()]),
        Ok(p) => {
            let actual = serde_json::to_value(&p.report).unwrap();
            let mut diffs = Vec::new();
            compare("", truth, Some(&actual), &mut diffs);
            let organ = truth["organ"].as_str().unwrap_or_default();
            let title_lost = !organ.is_empty()
                && !String::from_utf8_lossy(&bytes).contains(organ)
                && actual["organ"].is_null()
                && actual["year"].is_null()
                && has_rule(&p.diagnostics, "title.missing")
                && diffs
                    .iter()
                    .all(|d| d.starts_with(".organ:") || d.starts_with(".year:"));
            if diffs.is_empty() {
                Outcome::Exact
            } else if title_lost {
                Outcome::TitleLost
            } else {
                Outcome::Wrong(diffs)
            }
        }
    }
}

#[test]
fn every_tool_output_reads_exactly_or_is_refused_on_purpose() {
    let root = dir();
    let mut truths: BTreeMap<String, Value> = BTreeMap::new();
    for e in std::fs::read_dir(root.join("reports")).expect("fixtures/extract/reports") {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().to_string();
        if let Some(name) = n.strip_suffix(".numbers.json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            truths.insert(name.to_string(), v);
        }
    }
    assert!(truths.len() >= 24, "at least 24 generated reports");
    assert!(
        truths.values().filter(|t| t["form"] == "2019").count() >= 3,
        "reports on the 2019 form"
    );
    let mut tools: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("reports") && !p.ends_with("cases"))
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    tools.sort();
    assert!(tools.len() >= 20, "outputs of at least twenty tools");
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for tool in &tools {
        let (mut exact, mut untitled, mut refused) = (0, 0, 0);
        for (name, truth) in &truths {
            let input = root.join(tool).join(format!("{name}.txt"));
            if !input.exists() {
                continue;
            }
            let outcome = read(&input, truth);
            let mut rules = allowed_refusals(tool).to_vec();
            if BREAKS_FULLWIDTH.contains(&tool.as_str()) {
                rules.push("text.fullwidth_split");
            }
            let ok = match &outcome {
                Outcome::Exact => {
                    exact += 1;
                    true
                }
                Outcome::TitleLost => {
                    untitled += 1;
                    true
                }
                Outcome::Refused(d)
                    if rules.contains(&"*") || rules.iter().any(|r| has_rule(d, r)) =>
                {
                    refused += 1;
                    true
                }
                _ => false,
            };
            if !ok {
                let why = match &outcome {
                    Outcome::Exact | Outcome::TitleLost => {
                        "read, but should be refused".to_string()
                    }
                    Outcome::Refused(d) => d
                        .iter()
                        .filter(|d| d.is_error())
                        .take(3)
                        .map(|d| format!("{} {:?}: {}", d.rule, d.location, d.message.en))
                        .collect::<Vec<_>>()
                        .join("; "),
                    Outcome::Wrong(d) => format!(
                        "WRONG ({} differences): {}",
                        d.len(),
                        d.iter().take(4).cloned().collect::<Vec<_>>().join("; ")
                    ),
                };
                failures.push(format!("{tool}/{name}: {why}"));
            }
        }
        summary.push(format!(
            "{tool}: {exact} exact, {untitled} exact without the title the tool left out (null, title.missing), {refused} refused on purpose"
        ));
    }
    println!("{}", summary.join("\n"));
    assert!(
        failures.is_empty(),
        "{} tool output(s) not as they should be:\n{}\n\n{}",
        failures.len(),
        failures.join("\n"),
        summary.join("\n")
    );
}

/// The marks of extraction tools one by one (`fixtures/text/tool-marks/`,
/// report-05's text with one mark each: spaced item numbers, `1、`, page
/// footers framed as pipe and markdown table rows, a header listing
/// 科研机构 before 商业企业, a header that lost labels): each reads to
/// report-05's numbers.
#[test]
fn each_tool_mark_reads_to_the_true_numbers() {
    let root = dir();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("reports/report-05.numbers.json")).unwrap(),
    )
    .unwrap();
    let marks = root.join("../text/tool-marks");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&marks)
        .expect("fixtures/text/tool-marks")
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains(".expected."))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 6);
    for input in inputs {
        match read(&input, &truth) {
            Outcome::Exact => {}
            other => panic!("{}: {other:?}", input.display()),
        }
    }
}

/// HTML tables inside markdown (pandoc `-t gfm`): a problem is named by the
/// line of its row in the markdown file, and a table that does not close is
/// refused with `text.html_tables`.
#[test]
fn html_tables_inside_markdown_name_their_lines() {
    let src = std::fs::read_to_string(dir().join("pandoc-gfm/report-00.txt")).unwrap();
    let lines: Vec<&str> = src.lines().collect();
    let at = lines.iter().position(|l| *l == "<td>2561</td>").unwrap();
    let tr = (0..at)
        .rev()
        .find(|&i| lines[i].starts_with("<tr"))
        .unwrap();
    let bad = src.replacen("<td>2561</td>", "<td>25x61</td>", 1);
    let Err(nianbao_text::ParseError::Invalid(d)) = nianbao_text::parse(&bad) else {
        panic!("a bad number must be refused");
    };
    let err = d.iter().find(|d| d.is_error()).unwrap();
    assert!(
        matches!(err.location, Some(nianbao_model::Location::Text { line, .. }) if line as usize == tr + 1),
        "{err:?} should name line {}",
        tr + 1
    );
    let open = src.replacen("</table>", "", 1);
    let Err(nianbao_text::ParseError::Invalid(d)) = nianbao_text::parse(&open) else {
        panic!("an unclosed table must be refused");
    };
    assert!(has_rule(&d, "text.html_tables"), "{d:?}");
}
