//! `cargo xtask corpus N DIR [--seed S]`: N generated reports in every text
//! layout the reader knows, for scale tests and benchmarks, and
//! `cargo xtask bench-batch [N] [DIR]`, which times `nianbao batch` over
//! such a corpus against `cat` reading the same files.
//!
//! The generator is deterministic: the same N and seed give the same
//! files, byte for byte. Each report is consistent (every rule of the form
//! holds), its numbers vary from zeros to hundreds of thousands, a few
//! cells are blank, and the reports of one organ follow each other year by
//! year with the carry-over chained. Report `i` is written with layout
//! `i mod 6` of [`Layout::ALL`], some with full-width digits or thousands
//! separators, to `DIR/NNN/IIIIII.txt` (a thousand files per folder).

use anyhow::{bail, Context, Result};
use nianbao_model::{Decimal, FormVersion, Report, Value, ValueKind};
use nianbao_text::layouts::{render_as, Digits, Layout};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The default seed.
pub const SEED: u64 = 2021;

/// SplitMix64: small, fast and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A count: mostly zero or small, now and then large.
    fn count(&mut self) -> u64 {
        match self.below(10) {
            0..=3 => 0,
            4..=7 => self.below(20),
            8 => self.below(1_000),
            _ => self.below(500_000),
        }
    }
}

const PLACES: &[&str] = &[
    "洛阳市",
    "西工区",
    "临夏州",
    "平潭县",
    "黄浦区",
    "海淀区",
    "武侯区",
    "江宁区",
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
];
const YEARS: u16 = 5;

/// The organ of the `k`-th organ of a corpus.
fn organ(k: u64) -> String {
    let p = PLACES[(k % PLACES.len() as u64) as usize];
    let o = ORGANS[((k / PLACES.len() as u64) % ORGANS.len() as u64) as usize];
    let n = k / (PLACES.len() * ORGANS.len()) as u64;
    if n == 0 {
        format!("{p}{o}")
    } else {
        format!("{p}第{n}{o}")
    }
}

/// The carry-forward row of the previous year of an organ, by column, then
/// its documents in force (规章, 行政规范性文件; `None` when blank).
type Carry = Vec<Option<u64>>;

/// One consistent report: `carried` is last year's carry-forward of its
/// organ (the chain), and the report's own carry-forward is returned.
pub fn report(rng: &mut Rng, organ: &str, year: u16, carried: Option<&Carry>) -> (Report, Carry) {
    let mut r = Report::empty(FormVersion::V2021);
    let form = r.form_def();
    r.organ = organ.to_owned();
    r.year = Some(year);
    r.title = format!("{organ}{year}年政府信息公开工作年度报告");
    r.sections.overview = format!(
        "{year}年，{organ}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》。\n主动公开政府信息{}条。",
        rng.below(5_000)
    );
    r.sections.problems = "公开内容的全面性还有待提高。".to_owned();
    r.sections.other = "本年度未收取信息处理费。".to_owned();
    let set = |r: &mut Report, t: &str, row: &str, c: &str, v: Option<u64>| {
        let id = form.cell(t, row, c).expect("a cell of the form");
        r.set(id, v.map(Value::Count));
    };
    // 二: counts, a blank now and then, and the fee.
    for c in form.cells().iter().filter(|c| c.table.key == "active") {
        let v = match c.column.kind {
            ValueKind::Count if rng.below(50) == 0 => None,
            ValueKind::Count => Some(Value::Count(rng.count())),
            _ => {
                let scale = rng.below(5) as u8;
                let m = rng.below(10u64.pow(4 + scale as u32)) as u128;
                Some(Value::Amount(Decimal::new(m, scale).expect("in range")))
            }
        };
        r.set(c.id, v);
    }
    // 现行有效件数 follows last year's: in force = last year's + issued −
    // repealed (the carry holds them after the seven carry-forwards).
    let mut in_force = Vec::new();
    for (k, row) in ["regulation", "normative"].iter().enumerate() {
        let id = |c| form.cell("active", row, c).expect("a cell of the form");
        let (issued, repealed) = (r.get(id("issued")), r.get(id("repealed")));
        if let (Some(prev), Some(Value::Count(i)), Some(Value::Count(x))) = (
            carried.and_then(|c| c.get(7 + k).copied().flatten()),
            issued,
            repealed,
        ) {
            let x = x.min(prev + i);
            r.set(id("repealed"), Some(Value::Count(x)));
            r.set(id("in_force"), Some(Value::Count(prev + i - x)));
        }
        in_force.push(match r.get(id("in_force")) {
            Some(Value::Count(n)) => Some(n),
            _ => None,
        });
    }
    // 三: per applicant column, results first, then the balance.
    let (_, apps) = form.table("applications").expect("table 三");
    let block = &apps.blocks[0];
    let rows = block.rows;
    let results = nianbao_model::rules::RESULT_ROWS;
    let mut totals = vec![0u64; rows.len()];
    let mut forward = Vec::new();
    for (ci, col) in block.columns[..6].iter().enumerate() {
        let mut sum = 0;
        for row in &rows[results.clone()] {
            let v = if rng.below(3) == 0 { rng.count() } else { 0 };
            sum += v;
            set(&mut r, "applications", row.key, col.key, Some(v));
        }
        let over = match carried.and_then(|c| c[ci]) {
            Some(c) => c,
            None => rng.below(sum + 1),
        };
        let fwd = rng.below(sum / 4 + 2);
        // new + over = sum + fwd, with new ≥ 0.
        let (over, fwd) = if over > sum + fwd {
            (over, over - sum)
        } else {
            (over, fwd)
        };
        let new = sum + fwd - over;
        set(&mut r, "applications", "new", col.key, Some(new));
        set(&mut r, "applications", "carried_over", col.key, Some(over));
        set(&mut r, "applications", "total", col.key, Some(sum));
        set(&mut r, "applications", "carry_forward", col.key, Some(fwd));
        forward.push(fwd);
    }
    for (ri, row) in rows.iter().enumerate() {
        for col in &block.columns[..6] {
            totals[ri] += r.count("applications", row.key, col.key).unwrap_or(0);
        }
        set(&mut r, "applications", row.key, "total", Some(totals[ri]));
    }
    forward.push(forward.iter().sum());
    // A blank in force ends its chain: the next year draws afresh.
    let forward = forward
        .into_iter()
        .map(Some)
        .chain(in_force)
        .collect::<Vec<_>>();
    // 四: four results and their total per group.
    let (_, reviews) = form.table("reviews").expect("table 四");
    for g in reviews.blocks[0].rows {
        let mut sum = 0;
        for c in ["upheld", "corrected", "other", "pending"] {
            let v = rng.below(8);
            sum += v;
            set(&mut r, "reviews", g.key, c, Some(v));
        }
        set(&mut r, "reviews", g.key, "total", Some(sum));
    }
    (r, forward)
}

/// The layout and digits of report `i`.
pub fn style(i: u64) -> (Layout, Digits) {
    let layout = Layout::ALL[(i % Layout::ALL.len() as u64) as usize];
    let digits = Digits {
        full_width: i % 7 == 3,
        thousands: i % 11 == 5,
    };
    (layout, digits)
}

/// Calls `each(i, report, text)` for the `n` reports of a corpus, in
/// order: organ `i / 5`, year `2021 + i mod 5`.
pub fn generate(
    n: u64,
    seed: u64,
    each: impl FnMut(u64, &Report, String) -> Result<()>,
) -> Result<()> {
    generate_organs(n, seed, None, each)
}

/// As [`generate`], with only `organs` organs when given: organ
/// `(i / 5) mod organs`, so every organ and year occurs again and again
/// with other numbers (what a real folder gives when one organ's report is
/// saved twice, or many organs are named only 公安局).
pub fn generate_organs(
    n: u64,
    seed: u64,
    organs: Option<u64>,
    mut each: impl FnMut(u64, &Report, String) -> Result<()>,
) -> Result<()> {
    let mut rng = Rng::new(seed);
    let mut carry: Option<Carry> = None;
    for i in 0..n {
        let k = i / YEARS as u64;
        let k = organs.map_or(k, |m| k % m.max(1));
        let year = 2021 + (i % YEARS as u64) as u16;
        if i % YEARS as u64 == 0 {
            carry = None;
        }
        let (r, fwd) = report(&mut rng, &organ(k), year, carry.as_ref());
        carry = Some(fwd);
        let (layout, digits) = style(i);
        let text = render_as(&r, layout, digits);
        each(i, &r, text)?;
    }
    Ok(())
}

/// The path of report `i` under `dir`.
pub fn path(dir: &Path, i: u64) -> PathBuf {
    dir.join(format!("{:03}", i / 1000))
        .join(format!("{i:06}.txt"))
}

/// Writes a corpus of `n` reports to `dir`.
pub fn write(n: u64, dir: &Path, seed: u64) -> Result<()> {
    write_organs(n, dir, seed, None)
}

/// Writes a corpus of `n` reports of at most `organs` organs to `dir`.
pub fn write_organs(n: u64, dir: &Path, seed: u64, organs: Option<u64>) -> Result<()> {
    generate_organs(n, seed, organs, |i, _, text| {
        let p = path(dir, i);
        if i % 1000 == 0 {
            std::fs::create_dir_all(p.parent().expect("a folder"))?;
        }
        std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))
    })
}

/// `--seed S` and `--organs K` among `args`, and the rest.
fn options<'a>(args: &[&'a str]) -> Result<(Vec<&'a str>, u64, Option<u64>)> {
    let (mut rest, mut seed, mut organs) = (Vec::new(), SEED, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--seed" => {
                seed = it
                    .next()
                    .context("--seed S")?
                    .parse()
                    .context("the seed is a number")?
            }
            "--organs" => {
                organs = Some(
                    it.next()
                        .context("--organs K")?
                        .parse()
                        .context("K is a number")?,
                )
            }
            a => rest.push(a),
        }
    }
    Ok((rest, seed, organs))
}

/// `cargo xtask corpus N DIR [--seed S] [--organs K]`.
pub fn main(args: &[&str]) -> Result<()> {
    let (rest, seed, organs) = options(args)?;
    let (n, dir) = match rest.as_slice() {
        [n, dir] => (*n, *dir),
        _ => bail!("usage: cargo xtask corpus N DIR [--seed S] [--organs K]"),
    };
    let n: u64 = n.parse().context("N is a number")?;
    let t = Instant::now();
    write_organs(n, Path::new(dir), seed, organs)?;
    println!(
        "wrote {n} report(s) to {dir} in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `program args…` under `/usr/bin/time -v` when there is one; the
/// wall time and the peak resident memory in KiB (when measured).
fn timed(program: &str, args: &[&str]) -> Result<(f64, Option<u64>)> {
    let time_v = Path::new("/usr/bin/time").exists();
    let mut cmd = if time_v {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args);
    let t = Instant::now();
    let out = cmd.output().with_context(|| format!("running {program}"))?;
    let secs = t.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok());
    if !out.status.success() && out.status.code() != Some(1) {
        bail!("{program} failed ({}): {err}", out.status);
    }
    Ok((secs, rss))
}

/// `cargo xtask bench-batch [N] [DIR] [--organs K]`: makes the corpus when
/// `DIR` has none, then times `cat` over its files and the release
/// `nianbao` writing the wide CSV, the Parquet, the XLSX and the review
/// page, with the peak memory of each (build it first: `cargo build
/// --release -p nianbao-cli`).
pub fn bench(args: &[&str]) -> Result<()> {
    let (rest, seed, organs) = options(args)?;
    let n: u64 = rest.first().map_or(Ok(100_000), |s| s.parse())?;
    let dir = PathBuf::from(rest.get(1).copied().unwrap_or("target/corpus-100k"));
    if !path(&dir, n - 1).exists() {
        println!("writing the corpus of {n} reports to {}", dir.display());
        write_organs(n, &dir, seed, organs)?;
    }
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/nianbao");
    if !bin.exists() {
        bail!("build the binary first: cargo build --release -p nianbao-cli");
    }
    let d = dir.display().to_string();
    let cat_cmd = format!("find '{d}' -name '*.txt' -print0 | xargs -0 cat > /dev/null");
    // Warm the page cache, so that every run reads from memory.
    timed("sh", &["-c", &cat_cmd])?;
    let (cat, _) = timed("sh", &["-c", &cat_cmd])?;
    println!("cat of the {n} files: {cat:.2} s");
    let bin = bin.display().to_string();
    for (what, ext) in [
        ("batch", "csv"),
        ("batch", "parquet"),
        ("batch", "xlsx"),
        ("review", "html"),
    ] {
        let out = std::env::temp_dir().join(format!("nianbao-bench.{ext}"));
        let o = out.display().to_string();
        let (secs, rss) = timed(&bin, &[what, &d, "-o", &o, "--quiet", "--lang", "en"])?;
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        std::fs::remove_file(&out).ok();
        println!(
            "{what} → .{ext} ({:.1} MB): {secs:.2} s ({:.1}× cat), {:.0} reports/s, peak RSS {}",
            size as f64 / 1e6,
            secs / cat,
            n as f64 / secs,
            rss.map_or("not measured".to_owned(), |kb| format!(
                "{:.0} MB",
                kb as f64 / 1024.0
            ))
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_report_reads_back_and_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        generate(120, 7, |i, r, text| {
            let (l, d) = style(i);
            seen.insert((l.name(), d.full_width, d.thousands));
            let back = nianbao_text::parse(&text)
                .unwrap_or_else(|e| panic!("report {i} ({:?}) refused: {e:?}", style(i)));
            assert_eq!(&back.report, r, "report {i} ({:?})", style(i));
            let errors: Vec<_> = nianbao_model::rules::check(r, None)
                .into_iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "report {i}: {errors:?}");
            Ok(())
        })
        .unwrap();
        assert!(seen.len() > Layout::ALL.len(), "{seen:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let texts = |seed| {
            let mut v = Vec::new();
            generate(12, seed, |_, _, t| {
                v.push(t);
                Ok(())
            })
            .unwrap();
            v
        };
        assert_eq!(texts(1), texts(1));
        assert_ne!(texts(1), texts(2));
    }

    #[test]
    fn carry_over_is_chained_within_an_organ() {
        let mut reports = Vec::new();
        generate(10, 3, |_, r, _| {
            reports.push(r.clone());
            Ok(())
        })
        .unwrap();
        for pair in reports[..5].windows(2) {
            assert!(nianbao_model::rules::carry_chain(&pair[0], &pair[1]).is_empty());
        }
    }
}
