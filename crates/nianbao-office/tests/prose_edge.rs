//! Prose edge cases survive the workbook: one-character paragraphs and
//! formula-like starts.

#[test]
fn short_and_formula_like_paragraphs_survive() {
    for p in ["@", "=", "+", "-", "@@", "=1+1", "a", "一"] {
        let mut r = nianbao_model::Report::empty(nianbao_model::FormVersion::V2021);
        r.title = "某局2023年政府信息公开工作年度报告".into();
        r.organ = "某局".into();
        r.year = Some(2023);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(nianbao_model::Value::Count(1)));
        r.sections.overview = p.into();
        r.sections.other = format!("{p}\n第二段");
        let bytes = nianbao_office::xlsx::to_xlsx(&r, &[]).unwrap();
        let back = nianbao_office::xlsx::import(&bytes).unwrap().report;
        assert_eq!(back.sections, r.sections, "{p:?}");
    }
}

#[test]
fn an_empty_year_stays_empty_rather_than_taking_the_cell_below() {
    let mut r = nianbao_model::Report::empty(nianbao_model::FormVersion::V2021);
    r.title = "某局政府信息公开工作年度报告".into();
    r.organ = "某局".into();
    r.sections.overview = "概况".into();
    let id = r.form_def().cell("applications", "new", "natural").unwrap();
    r.set(id, Some(nianbao_model::Value::Count(1)));
    let bytes = nianbao_office::xlsx::to_xlsx(&r, &[]).unwrap();
    let imported = nianbao_office::xlsx::import(&bytes).unwrap();
    assert_eq!(imported.report, r);
    assert!(
        imported
            .diagnostics
            .iter()
            .all(|d| !d.rule.starts_with("grid.front_matter:year")),
        "{:?}",
        imported.diagnostics
    );
}
