//! The five real seeds: every one of their 200 numbers, the organ and the
//! year, against the numbers read by hand (`fixtures/seeds/*.numbers.json`).

use std::path::{Path, PathBuf};

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt") && !p.to_string_lossy().contains(".expected.")
        })
        .collect();
    v.sort();
    v
}

/// Text fixtures made from a seed (another layout or encoding, or an edit
/// that keeps its numbers) are named after it: `fixtures/text/KIND/000_….txt`.
fn derived_fixtures() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/text");
    let stems: Vec<String> = seeds()
        .iter()
        .map(|s| s.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.ends_with("refused") {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.contains(".expected.") || !name.ends_with(".txt") {
                continue;
            }
            if let Some(stem) = stems.iter().find(|s| name.starts_with(s.as_str())) {
                out.push((f, stem.clone()));
            }
        }
    }
    out.sort();
    out
}

/// The seed's numbers read by hand.
fn numbers(seed: &str) -> serde_json::Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../fixtures/seeds/{seed}.numbers.json"));
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn every_seed_and_its_variants_read_exactly_as_read_by_hand() {
    let mut inputs: Vec<(PathBuf, String)> = seeds()
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            (p, stem)
        })
        .collect();
    assert_eq!(inputs.len(), 5);
    let derived = derived_fixtures();
    assert!(
        derived.len() >= 14,
        "layout and encoding fixtures: {derived:?}"
    );
    inputs.extend(derived);
    for (path, seed) in inputs {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let parsed = nianbao_text::parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        let got = serde_json::to_value(&parsed.report).unwrap();
        let want = numbers(&seed);
        let mut checked = 0;
        for key in ["organ", "year"] {
            assert_eq!(got[key], want[key], "{name}: {key}");
        }
        for table in ["active", "applications", "reviews"] {
            for (row, cols) in want[table].as_object().unwrap() {
                for (col, v) in cols.as_object().unwrap() {
                    assert_eq!(&got[table][row][col], v, "{name}: {table}.{row}.{col}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 200, "{name}");
        let errors = nianbao_model::rules::check(&parsed.report, Some(&parsed.source_map));
        assert!(errors.iter().all(|d| !d.is_error()), "{name}: {errors:#?}");
    }
}

#[test]
fn every_seed_reads_the_same_in_every_layout() {
    use nianbao_text::layouts::{render_as, Digits, Layout};
    for path in seeds() {
        let want = nianbao_text::parse_bytes(&std::fs::read(&path).unwrap())
            .unwrap()
            .report;
        for layout in Layout::ALL {
            for digits in [
                Digits::default(),
                Digits {
                    full_width: true,
                    thousands: true,
                },
            ] {
                let text = render_as(&want, layout, digits);
                let got = nianbao_text::parse(&text).unwrap_or_else(|e| {
                    panic!("{} as {}: {e:#?}\n{text}", path.display(), layout.name())
                });
                assert_eq!(
                    got.report,
                    want,
                    "{} as {} {digits:?}",
                    path.display(),
                    layout.name()
                );
            }
        }
    }
}
