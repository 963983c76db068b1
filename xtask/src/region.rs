//! `cargo xtask region [--check]`: the fixture region of `nianbao review` —
//! twelve organs over three years, generated consistent and chained by
//! [`crate::corpus`], with problems planted where the review must find
//! them ([`PLANTED`]) — written to `fixtures/review/region/`; then the
//! review page of that region rendered by headless Chromium to
//! `docs/images/review.png` (skipped, with a message, where Chromium is
//! absent). CI reads the committed files; `--check` fails when the
//! generated inputs differ from them.

use crate::corpus::{report, Rng};
use anyhow::{bail, Context, Result};
use nianbao_model::{Report, Value};
use nianbao_text::layouts::{render_as, Digits, Layout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the region goes, under the repository's root.
pub const DIR: &str = "fixtures/review/region";
/// Where the picture of its review goes.
pub const PNG: &str = "docs/images/review.png";
/// The years of the region.
pub const YEARS: [u16; 3] = [2022, 2023, 2024];

/// What is planted, as (file under [`DIR`], the rule the review must show
/// for it). The test of the review page reads this list.
pub const PLANTED: &[(&str, &str)] = &[
    ("2023/西工区交通运输局（副本）.txt", "duplicate.identical"),
    ("2024/临夏州卫生健康委员会.json", "duplicate.same_report"),
    ("2023/平潭县教育局.txt", "applications.carry_chain"),
    ("2024/黄浦区财政局.txt", "active.in_force_chain"),
    ("2022/海淀区人民政府办公室.txt", "review.prose_figure"),
    (
        "2023/武侯区市场监督管理局-修订稿.txt",
        "duplicate.organ_year",
    ),
    ("2024/江宁区自然资源局.txt", "applications.balance"),
    ("2024/损坏的文件.txt", "text"),
];

const PLACES: &[&str] = &[
    "洛阳市",
    "西工区",
    "临夏州",
    "平潭县",
    "黄浦区",
    "海淀区",
    "武侯区",
    "江宁区",
    "西工区",
    "临夏州",
    "洛阳市",
    "平潭县",
];
const ORGANS: &[&str] = &[
    "公安局",
    "交通运输局",
    "卫生健康委员会",
    "教育局",
    "财政局",
    "人民政府办公室",
    "市场监督管理局",
    "自然资源局",
    "街道办事处",
    "司法局",
    "民政局",
    "审计局",
];

fn set(r: &mut Report, t: &str, row: &str, c: &str, v: u64) {
    let id = r.form_def().cell(t, row, c).expect("a cell of the form");
    r.set(id, Some(Value::Count(v)));
}

fn get(r: &Report, t: &str, row: &str, c: &str) -> u64 {
    r.count(t, row, c).unwrap_or(0)
}

/// The region's files: path under [`DIR`] → bytes.
pub fn files() -> BTreeMap<String, Vec<u8>> {
    let mut rng = Rng::new(14);
    let mut out = BTreeMap::new();
    let text = |r: &Report| render_as(r, Layout::ALL[0], Digits::default()).into_bytes();
    for (k, (place, organ)) in PLACES.iter().zip(ORGANS).enumerate() {
        let name = format!("{place}{organ}");
        let mut carry = None;
        for year in YEARS {
            let (mut r, fwd) = report(&mut rng, &name, year, carry.as_ref());
            carry = Some(fwd);
            let new = get(&r, "applications", "new", "total");
            let done = get(&r, "applications", "total", "total");
            // Prose that states the tables' figures in the usual words.
            r.sections.overview.push_str(&format!(
                "\n全年共收到政府信息公开申请{new}件，办结{done}件。"
            ));
            let file = format!("{year}/{name}.txt");
            match (k, year) {
                // A copy of the same file under another name.
                (1, 2023) => {
                    out.insert(format!("{year}/{name}（副本）.txt"), text(&r));
                }
                // The same report saved as JSON too.
                (2, 2024) => {
                    out.insert(
                        format!("{year}/{name}.json"),
                        nianbao_data::json::to_json(&r).into_bytes(),
                    );
                }
                // 上年结转 one more than last year's 结转下年度, balanced by
                // one fewer new application.
                (3, 2023) => {
                    let col = [
                        "natural",
                        "commercial",
                        "research",
                        "social",
                        "legal",
                        "other_org",
                    ]
                    .into_iter()
                    .find(|c| get(&r, "applications", "new", c) > 0)
                    .expect("some column has new applications");
                    for c in [col, "total"] {
                        let (n, o) = (
                            get(&r, "applications", "new", c),
                            get(&r, "applications", "carried_over", c),
                        );
                        set(&mut r, "applications", "new", c, n - 1);
                        set(&mut r, "applications", "carried_over", c, o + 1);
                    }
                    // The prose follows the table: only the chain breaks.
                    r.sections.overview = r
                        .sections
                        .overview
                        .replace(&format!("申请{new}件"), &format!("申请{}件", new - 1));
                }
                // 现行有效件数 five more than the chain gives.
                (4, 2024) => {
                    let v = get(&r, "active", "regulation", "in_force");
                    set(&mut r, "active", "regulation", "in_force", v + 5);
                }
                // A figure of the prose that matches nothing.
                (5, 2022) => {
                    r.sections.overview.push_str(&format!(
                        "\n本年度共受理政府信息公开申请{}件，均已按时答复。",
                        new + 100
                    ));
                }
                // A second, different report of one organ and year.
                (6, 2023) => {
                    let mut other = r.clone();
                    let v = get(&other, "active", "license", "decisions");
                    set(&mut other, "active", "license", "decisions", v + 1);
                    out.insert(format!("{year}/{name}-修订稿.txt"), text(&other));
                }
                // A balance error.
                (7, 2024) => {
                    let v = get(&r, "applications", "new", "natural");
                    set(&mut r, "applications", "new", "natural", v + 3);
                }
                _ => {}
            }
            out.insert(file, text(&r));
        }
    }
    out.insert(
        "2024/损坏的文件.txt".to_owned(),
        "这不是一份年报。\n只有两行文字。\n".as_bytes().to_vec(),
    );
    out
}

/// `cargo xtask region [--check]`.
pub fn main(args: &[&str]) -> Result<()> {
    let check = match args {
        [] => false,
        ["--check"] => true,
        _ => bail!("usage: cargo xtask region [--check]"),
    };
    let root = crate::docs::root();
    let dir = root.join(DIR);
    let files = files();
    if check {
        for (name, bytes) in &files {
            let have = std::fs::read(dir.join(name)).unwrap_or_default();
            if &have != bytes {
                bail!("{DIR}/{name} differs from what `cargo xtask region` writes");
            }
        }
        println!("{} file(s) of {DIR} up to date", files.len());
        return Ok(());
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    for (name, bytes) in &files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().expect("a folder"))?;
        std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
    }
    println!("wrote {} file(s) to {DIR}", files.len());
    let page = std::env::temp_dir().join("nianbao-region-review.html");
    std::fs::write(&page, review_page(&dir)?)?;
    screenshot(&page, &root.join(PNG))
}

/// The review page of the region, as `nianbao review` writes it.
pub fn review_page(dir: &Path) -> Result<String> {
    let inputs = nianbao_batch::walk(&[dir.to_path_buf()], &|p| {
        nianbao::Format::of_input(p).is_some()
    });
    let mut sink = nianbao_batch::review::ReviewSink::default();
    nianbao_batch::run(
        &inputs,
        nianbao_batch::read_one,
        &mut sink,
        Default::default(),
        &mut |_, _| {},
    )?;
    Ok(nianbao_batch::review::html::render(
        &sink.finish_review(),
        nianbao_model::Lang::Zh,
    ))
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|n| {
            std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join(n))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .find(|p| p.exists())
}

/// Renders `page` to `png` with headless Chromium, or says why not.
pub fn screenshot(page: &Path, png: &Path) -> Result<()> {
    let Some(bin) = chromium() else {
        println!("chromium not found: {} not re-rendered", png.display());
        return Ok(());
    };
    let out = std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,2600",
            &format!("--screenshot={}", png.display()),
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .context("running chromium")?;
    if !out.status.success() || !png.exists() {
        bail!("chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    println!("rendered {}", png.display());
    Ok(())
}
