//! Truth from outside the code, for the tests that read real files: the
//! seeds' hand-read numbers and the extract generator's numbers, compared
//! leaf by leaf with what nianbao read.

use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The leaves of `expected` that `actual` does not have; how many compared.
pub fn compare(
    path: &str,
    expected: &Value,
    actual: Option<&Value>,
    diffs: &mut Vec<String>,
) -> usize {
    match expected {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                compare(
                    &format!("{path}.{k}"),
                    v,
                    actual.and_then(|a| a.get(k)),
                    diffs,
                )
            })
            .sum(),
        leaf => {
            if actual != Some(leaf) {
                diffs.push(format!(
                    "{path}: expected {leaf}, got {}",
                    actual.map_or("nothing".into(), |a| a.to_string())
                ));
            }
            1
        }
    }
}

/// Seed `seed`'s hand-read numbers, organ and year.
pub fn seed_numbers(seed: &str) -> Value {
    let dir = fixtures().join("seeds");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.starts_with(&format!("{seed}_")) && n.ends_with(".numbers.json")
        })
        .unwrap_or_else(|| panic!("no numbers.json for seed {seed}"));
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

/// The extract generator's numbers, organ and year of report `name`.
pub fn extract_numbers(name: &str) -> Value {
    let file = fixtures().join(format!("extract/reports/{name}.numbers.json"));
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}
