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
        let bytes = nianbao_export::xlsx::to_xlsx(&r, &[]).unwrap();
        let back = nianbao_xlsx_import::import(&bytes).unwrap().report;
        assert_eq!(back.sections, r.sections, "{p:?}");
    }
}
