//! Times the export of one full report: XLSX (with the rule marks of its
//! diagnostics), JSON and long CSV, and the empty template.

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao::model::{FormVersion, Report, Value, ValueKind};
use nianbao::Format;
use std::hint::black_box;

/// A report with every cell filled (a few rules broken, so the marks are
/// timed too) and some pages of prose.
fn full_report() -> Report {
    let mut r = Report::empty(FormVersion::V2021);
    r.title = "洛阳市公安局西工分局 2023 年政府信息公开工作年度报告".into();
    r.organ = "洛阳市公安局西工分局".into();
    r.year = Some(2023);
    let para =
        "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。";
    r.sections.overview = [para; 12].join("\n");
    r.sections.problems = [para; 4].join("\n");
    r.sections.other = [para; 3].join("\n");
    for c in r.form_def().cells() {
        let v = match c.column.kind {
            ValueKind::Count => Value::Count(u64::from(c.id.0) * 7 % 23),
            ValueKind::Amount | ValueKind::Yuan => Value::Amount("155.1344".parse().unwrap()),
            ValueKind::Signed => Value::Signed(-3),
        };
        r.set(c.id, Some(v));
    }
    r
}

fn bench(c: &mut Criterion) {
    let r = full_report();
    let diags = nianbao::model::rules::check(&r, None);
    for format in Format::ALL.into_iter().filter(|f| f.is_writable()) {
        c.bench_function(&format!("{format:?} export of one report"), |b| {
            b.iter(|| nianbao::write(black_box(&r), black_box(&diags), format).unwrap())
        });
    }
    c.bench_function("xlsx template", |b| {
        b.iter(|| nianbao::template(Some("某局"), Some(2024)).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = bench
}
criterion_main!(benches);
