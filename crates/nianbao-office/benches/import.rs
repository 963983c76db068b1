//! Import of one full workbook (the exporter's official layout of a filled
//! report): zip check, streaming read, table finding.
// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use nianbao_model::{FormVersion, Report, Value};

fn filled_report() -> Report {
    let mut r = Report::empty(FormVersion::V2021);
    r.title = "洛阳市公安局西工分局 2023 年政府信息公开工作年度报告".into();
    r.organ = "洛阳市公安局西工分局".into();
    r.year = Some(2023);
    r.sections.overview = "总体情况。\n第二段。".into();
    r.sections.problems = "问题。".into();
    r.sections.other = "其他。".into();
    let form = r.form_def();
    for c in form.cells() {
        let v = match c.column.kind {
            nianbao_model::ValueKind::Count => Value::Count((c.id.0 % 7) as u64),
            nianbao_model::ValueKind::Amount | nianbao_model::ValueKind::Yuan => {
                Value::Amount("155.1344".parse().unwrap())
            }
            nianbao_model::ValueKind::Signed => Value::Signed(-1),
        };
        r.set(c.id, Some(v));
    }
    r
}

fn bench(c: &mut Criterion) {
    let bytes = nianbao_office::xlsx::to_xlsx(&filled_report(), &[]).unwrap();
    c.bench_function("import one workbook", |b| {
        b.iter(|| nianbao_office::xlsx::import(std::hint::black_box(&bytes)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
