//! Test workbooks built in code: the official layout of each table, placed
//! anywhere on any sheet, with the edits clerks make.
#![allow(dead_code)]

use nianbao_model::form::{BlockDef, TableDef};
use nianbao_model::{FormVersion, Report, Value};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// How cells are written.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// Numbers as text: `" 12 "`, `"1,234"`.
    pub text_numbers: bool,
    /// Blanks as this mark (`/`, `—`) instead of an empty cell.
    pub blank_mark: Option<&'static str>,
    /// Totals of table 三 as formulas with their cached results.
    pub formulas: bool,
    /// Cached result written for the formula of `applications.total.total`
    /// instead of the right one (a stale cache).
    pub stale_total: Option<u64>,
    /// No merged cells: every label in its own cell, group labels only on
    /// the first row of their group.
    pub no_merges: bool,
    /// An extra column with junk numbers after every 2nd number column.
    pub extra_columns: bool,
}

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Active,
    Applications,
    Reviews,
    Front,
}

/// A table placed on a sheet at (row, col).
pub struct Place {
    pub table: T,
    pub row: u32,
    pub col: u16,
}

pub fn place(table: T, row: u32, col: u16) -> Place {
    Place { table, row, col }
}

/// A report whose totals add up, with a few blanks, a four-digit count and
/// a fee with six decimals.
pub fn sample() -> Report {
    let mut r = Report::empty(FormVersion::V2021);
    r.title = "洛阳市公安局西工分局 2023 年政府信息公开工作年度报告".into();
    r.organ = "洛阳市公安局西工分局".into();
    r.year = Some(2023);
    r.sections.overview = "第一段总体情况。\n（一）主动公开：本年度主动公开信息 1,234 条。".into();
    r.sections.problems = "存在的问题：公开不及时。".into();
    r.sections.other = "本年度未收取信息处理费。".into();
    let f = r.form_def();
    let set = |r: &mut Report, t: &str, row: &str, col: &str, v: Option<u64>| {
        r.set(f.cell(t, row, col).unwrap(), v.map(Value::Count))
    };
    for (i, row) in ["regulation", "normative"].iter().enumerate() {
        set(&mut r, "active", row, "issued", Some(i as u64 + 1));
        set(&mut r, "active", row, "repealed", Some(0));
        set(&mut r, "active", row, "in_force", Some(10 + i as u64));
    }
    set(&mut r, "active", "normative", "repealed", None);
    set(&mut r, "active", "license", "decisions", Some(1234));
    set(&mut r, "active", "penalty", "decisions", Some(56));
    set(&mut r, "active", "enforcement", "decisions", Some(7));
    r.set(
        f.cell("active", "fee", "amount").unwrap(),
        Some(Value::Amount("4166.241619".parse().unwrap())),
    );

    let cols = [
        "natural",
        "commercial",
        "research",
        "social",
        "legal",
        "other_org",
    ];
    let table = f.table("applications").unwrap().1;
    let rows: Vec<&str> = table.rows().map(|(_, r)| r.key).collect();
    let results = &rows[2..23];
    for (ci, col) in cols.iter().enumerate() {
        let mut total = 0;
        for (ri, row) in results.iter().enumerate() {
            let v = ((ri * 7 + ci * 3) % 5) as u64 * if ci == 0 { 3 } else { 1 };
            set(&mut r, "applications", row, col, Some(v));
            total += v;
        }
        set(&mut r, "applications", "total", col, Some(total));
        let carried = ci as u64 % 3;
        let forward = (ci as u64 + 1) % 2;
        set(&mut r, "applications", "carried_over", col, Some(carried));
        set(&mut r, "applications", "carry_forward", col, Some(forward));
        set(
            &mut r,
            "applications",
            "new",
            col,
            Some(total + forward - carried),
        );
    }
    for row in &rows {
        let sum: u64 = cols
            .iter()
            .map(|c| r.count("applications", row, c).unwrap())
            .sum();
        set(&mut r, "applications", row, "total", Some(sum));
    }
    // Blanks (the rules only warn about them).
    set(&mut r, "applications", "denied.admin_query", "legal", None);
    set(&mut r, "applications", "denied.admin_query", "total", None);
    for (g, base) in [("review", 1), ("suit_direct", 2), ("suit_after_review", 0)] {
        let parts = ["upheld", "corrected", "other", "pending"];
        let mut t = 0;
        for (i, p) in parts.iter().enumerate() {
            let v = (base + i as u64) % 3;
            set(&mut r, "reviews", g, p, Some(v));
            t += v;
        }
        set(&mut r, "reviews", g, "total", Some(t));
    }
    r
}

fn fmt() -> Format {
    Format::new().set_font_name("SimSun")
}

fn text(ws: &mut Worksheet, r: u32, c: u16, s: &str) {
    ws.write_string_with_format(r, c, s, &fmt()).unwrap();
}

fn merge(ws: &mut Worksheet, st: &Style, r1: u32, c1: u16, r2: u32, c2: u16, s: &str) {
    if st.no_merges || (r1 == r2 && c1 == c2) {
        text(ws, r1, c1, s);
    } else {
        ws.merge_range(r1, c1, r2, c2, s, &fmt()).unwrap();
    }
}

fn value(ws: &mut Worksheet, st: &Style, r: u32, c: u16, v: Option<Value>) {
    match v {
        None => {
            if let Some(m) = st.blank_mark {
                text(ws, r, c, m);
            }
        }
        Some(Value::Signed(n)) => {
            ws.write_number(r, c, n as f64).unwrap();
        }
        Some(Value::Count(n)) if st.text_numbers => {
            let s = if n >= 1000 {
                format!("{},{:03}", n / 1000, n % 1000)
            } else {
                format!(" {n} ")
            };
            text(ws, r, c, &s);
        }
        Some(Value::Count(n)) => {
            ws.write_number_with_format(r, c, n as f64, &fmt()).unwrap();
        }
        Some(Value::Amount(d)) if st.text_numbers => text(ws, r, c, &d.to_string()),
        Some(Value::Amount(d)) => {
            ws.write_number_with_format(r, c, d.to_string().parse::<f64>().unwrap(), &fmt())
                .unwrap();
        }
    }
}

fn col_name(c: u16) -> String {
    nianbao_model::grid::cell_ref(0, c as u32)
        .trim_end_matches('1')
        .to_string()
}

/// Column offsets of the number columns when extra columns are inserted.
fn num_cols(st: &Style, first: u16, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    let mut c = first;
    for i in 0..n {
        out.push(c);
        c += 1;
        if st.extra_columns && i % 2 == 1 {
            c += 1;
        }
    }
    out
}

fn extra(ws: &mut Worksheet, st: &Style, r: u32, cols: &[u16], header: bool) {
    if !st.extra_columns {
        return;
    }
    for (i, c) in cols.iter().enumerate() {
        if i % 2 == 1 {
            if header {
                text(ws, r, c + 1, "备注");
            } else {
                ws.write_number(r, c + 1, 999.5).unwrap();
            }
        }
    }
}

fn table(key: &str) -> (usize, &'static TableDef) {
    FormVersion::V2021.form().table(key).unwrap()
}

fn id(table: &str, row: &str, col: &str) -> nianbao_model::CellId {
    FormVersion::V2021.form().cell(table, row, col).unwrap()
}

/// Table 二: four blocks, each a caption row, a header row and its rows.
pub fn write_active(ws: &mut Worksheet, st: &Style, rep: &Report, r0: u32, c0: u16) -> u32 {
    let (_, t) = table("active");
    text(ws, r0, c0, t.heading);
    let mut r = r0 + 1;
    for b in t.blocks {
        write_block(ws, st, rep, t, b, &mut r, c0);
    }
    r
}

fn write_block(
    ws: &mut Worksheet,
    st: &Style,
    rep: &Report,
    t: &TableDef,
    b: &BlockDef,
    r: &mut u32,
    c0: u16,
) {
    merge(ws, st, *r, c0, *r, c0 + 3, b.caption);
    *r += 1;
    text(ws, *r, c0, b.corner);
    let cols = num_cols(st, c0 + 1, b.columns.len());
    if b.columns.len() == 1 {
        merge(ws, st, *r, c0 + 1, *r, c0 + 3, b.columns[0].label);
    } else {
        for (c, def) in cols.iter().zip(b.columns) {
            text(ws, *r, *c, def.label);
        }
        extra(ws, st, *r, &cols, true);
    }
    *r += 1;
    for row in b.rows {
        text(ws, *r, c0, row.label);
        if b.columns.len() == 1 {
            if !st.no_merges {
                ws.merge_range(*r, c0 + 1, *r, c0 + 3, "", &fmt()).unwrap();
            }
            value(
                ws,
                st,
                *r,
                c0 + 1,
                rep.get(id(t.key, row.key, b.columns[0].key)),
            );
        } else {
            for (c, def) in cols.iter().zip(b.columns) {
                value(ws, st, *r, *c, rep.get(id(t.key, row.key, def.key)));
            }
            extra(ws, st, *r, &cols, false);
        }
        *r += 1;
    }
}

/// Table 三 in the official layout: 3 label columns, 7 number columns, 3
/// header rows.
pub fn write_applications(ws: &mut Worksheet, st: &Style, rep: &Report, r0: u32, c0: u16) -> u32 {
    let (_, t) = table("applications");
    let b = &t.blocks[0];
    text(ws, r0, c0, t.heading);
    let h = r0 + 1;
    let cols = num_cols(st, c0 + 3, 7);
    merge(ws, st, h, c0, h + 2, c0 + 2, b.corner);
    merge(
        ws,
        st,
        h,
        cols[0],
        h,
        cols[6],
        nianbao_model::form::APPLICANTS_HEADER,
    );
    merge(ws, st, h + 1, cols[0], h + 2, cols[0], b.columns[0].label);
    merge(
        ws,
        st,
        h + 1,
        cols[1],
        h + 1,
        cols[5],
        nianbao_model::form::ORGANISATIONS_HEADER,
    );
    for (c, def) in cols[1..6].iter().zip(&b.columns[1..6]) {
        text(ws, h + 2, *c, def.label);
    }
    merge(ws, st, h + 1, cols[6], h + 2, cols[6], b.columns[6].label);
    extra(ws, st, h + 2, &cols, true);
    let d = h + 3;
    // Group labels: merged over the run of rows that share them.
    for depth in 0..2 {
        let mut i = 0;
        while i < b.rows.len() {
            let g = b.rows[i].groups.get(depth).copied();
            let mut j = i + 1;
            while j < b.rows.len() && b.rows[j].groups.get(depth).copied() == g {
                j += 1;
            }
            if let Some(g) = g {
                merge(
                    ws,
                    st,
                    d + i as u32,
                    c0 + depth as u16,
                    d + j as u32 - 1,
                    c0 + depth as u16,
                    g,
                );
            }
            i = j;
        }
    }
    for (i, row) in b.rows.iter().enumerate() {
        let r = d + i as u32;
        let first = c0 + row.groups.len() as u16;
        merge(ws, st, r, first, r, c0 + 2, row.label);
        for (k, def) in b.columns.iter().enumerate() {
            let v = rep.get(id(t.key, row.key, def.key));
            let is_total_col = def.key == "total";
            let is_total_row = row.key == "total";
            let formula_value = v.filter(|_| st.formulas && (is_total_col || is_total_row));
            if let Some(fv) = formula_value {
                let f = if is_total_col {
                    format!(
                        "=SUM({}{}:{}{})",
                        col_name(cols[0]),
                        r + 1,
                        col_name(cols[5]),
                        r + 1
                    )
                } else {
                    format!("=SUM({c}{}:{c}{})", d + 3, d + 23, c = col_name(cols[k]))
                };
                let mut result = fv.to_string();
                if is_total_col && is_total_row {
                    if let Some(s) = st.stale_total {
                        result = s.to_string();
                    }
                }
                ws.write_formula(r, cols[k], Formula::new(f).set_result(result))
                    .unwrap();
            } else {
                value(ws, st, r, cols[k], v);
            }
        }
        extra(ws, st, r, &cols, false);
    }
    d + b.rows.len() as u32
}

/// Table 四: 15 number columns under two levels of group headers.
pub fn write_reviews(ws: &mut Worksheet, st: &Style, rep: &Report, r0: u32, c0: u16) -> u32 {
    let (_, t) = table("reviews");
    let b = &t.blocks[0];
    text(ws, r0, c0, t.heading);
    let h = r0 + 1;
    merge(ws, st, h, c0, h + 1, c0 + 4, b.rows[0].label);
    merge(
        ws,
        st,
        h,
        c0 + 5,
        h,
        c0 + 14,
        nianbao_model::form::SUIT_HEADER,
    );
    merge(ws, st, h + 1, c0 + 5, h + 1, c0 + 9, b.rows[1].label);
    merge(ws, st, h + 1, c0 + 10, h + 1, c0 + 14, b.rows[2].label);
    for (g, row) in b.rows.iter().enumerate() {
        for (k, def) in b.columns.iter().enumerate() {
            let c = c0 + (g * 5 + k) as u16;
            text(ws, h + 2, c, def.label);
            value(ws, st, h + 3, c, rep.get(id(t.key, row.key, def.key)));
        }
    }
    h + 4
}

/// The title, organ, year and prose.
pub fn write_front(ws: &mut Worksheet, rep: &Report, r0: u32, c0: u16) -> u32 {
    let mut r = r0;
    for (label, v) in [("标题", rep.title.clone()), ("机关", rep.organ.clone())] {
        text(ws, r, c0, label);
        text(ws, r, c0 + 1, &v);
        r += 1;
    }
    text(ws, r, c0, "年度");
    if let Some(y) = rep.year {
        ws.write_number(r, c0 + 1, y as f64).unwrap();
    }
    r += 2;
    for (h, body) in [
        ("一、总体情况", &rep.sections.overview),
        ("五、存在的主要问题及改进情况", &rep.sections.problems),
        ("六、其他需要报告的事项", &rep.sections.other),
    ] {
        text(ws, r, c0, h);
        r += 1;
        for p in body.split('\n') {
            text(ws, r, c0, &format!("　　{p}"));
            r += 1;
        }
    }
    r
}

/// A workbook: each sheet a name and the tables on it.
pub fn build(rep: &Report, st: &Style, sheets: &[(&str, Vec<Place>)]) -> Vec<u8> {
    build_with(rep, st, sheets, |_| {})
}

/// [`build`], then `edit` overwrites cells.
pub fn build_with(
    rep: &Report,
    st: &Style,
    sheets: &[(&str, Vec<Place>)],
    edit: impl FnOnce(&mut Workbook),
) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, places) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for p in places {
            match p.table {
                T::Active => write_active(ws, st, rep, p.row, p.col),
                T::Applications => write_applications(ws, st, rep, p.row, p.col),
                T::Reviews => write_reviews(ws, st, rep, p.row, p.col),
                T::Front => write_front(ws, rep, p.row, p.col),
            };
        }
    }
    edit(&mut wb);
    wb.save_to_buffer().unwrap()
}

/// The official layout: the front sheet, then one sheet per table, each
/// named by its heading.
pub fn official(rep: &Report, st: &Style) -> Vec<u8> {
    official_with(rep, st, |_| {})
}

/// [`official`], then `edit` overwrites cells.
pub fn official_with(rep: &Report, st: &Style, edit: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    build_with(
        rep,
        st,
        &[
            ("报告", vec![place(T::Front, 0, 0)]),
            ("二、主动公开政府信息情况", vec![place(T::Active, 0, 0)]),
            (
                "三、收到和处理政府信息公开申请情况",
                vec![place(T::Applications, 0, 0)],
            ),
            (
                "四、政府信息公开行政复议、行政诉讼情况",
                vec![place(T::Reviews, 0, 0)],
            ),
        ],
        edit,
    )
}
