//! The five real seeds: every one of their 200 numbers, the organ and the
//! year, against the numbers read by hand (`fixtures/seeds/*.numbers.json`).

use std::path::Path;

fn seeds() -> Vec<std::path::PathBuf> {
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

#[test]
fn every_seed_reads_exactly_as_read_by_hand() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 5);
    for path in seeds {
        let bytes = std::fs::read(&path).unwrap();
        let parsed = nianbao_text::parse_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e:#?}", path.display()));
        let got = serde_json::to_value(&parsed.report).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let want: serde_json::Value = serde_json::from_slice(
            &std::fs::read(path.with_file_name(format!("{name}.numbers.json"))).unwrap(),
        )
        .unwrap();
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
