//! The review as a workbook: a sheet of findings per report, a sheet of
//! indicators per organ and year, and a sheet of duplicates and unreadable
//! files. The same content as the page, for offices that work in Excel.

use super::Review;
use crate::BatchError;
use nianbao_model::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// A new sheet named `name` whose first row holds `heads`.
fn sheet<'w>(
    wb: &'w mut Workbook,
    name: &str,
    heads: &[&str],
    head: &Format,
) -> Result<&'w mut Worksheet, BatchError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    Ok(ws)
}

/// The workbook's bytes.
pub fn render(r: &Review, lang: Lang) -> Result<Vec<u8>, BatchError> {
    let zh = lang == Lang::Zh;
    let t = |a: &'static str, e: &'static str| if zh { a } else { e };
    let head = nianbao_office::xlsx::base_format().set_bold();
    let mut wb = Workbook::new();
    {
        let ws = sheet(
            &mut wb,
            t("问题", "findings"),
            &[
                t("来源", "source"),
                t("机关", "organ"),
                t("年度", "year"),
                t("规则", "rule"),
                t("严重程度", "severity"),
                t("单元格", "cell"),
                t("位置", "location"),
                t("说明", "message"),
            ],
            &head,
        )?;
        let mut row = 1u32;
        for e in &r.entries {
            for f in &e.findings {
                ws.write_string(row, 0, &e.source)?;
                ws.write_string(row, 1, &e.organ)?;
                if let Some(y) = e.year {
                    ws.write_number(row, 2, y)?;
                }
                ws.write_string(row, 3, &f.rule)?;
                ws.write_string(
                    row,
                    4,
                    if f.error {
                        t("错误", "error")
                    } else {
                        t("警告", "warning")
                    },
                )?;
                ws.write_string(row, 5, f.cell.as_deref().unwrap_or(""))?;
                ws.write_string(row, 6, f.location.as_deref().unwrap_or(""))?;
                ws.write_string(row, 7, f.message.get(lang))?;
                row += 1;
            }
        }
        for (s, f) in &r.cross {
            ws.write_string(row, 0, s)?;
            ws.write_string(row, 3, &f.rule)?;
            ws.write_string(row, 4, t("警告", "warning"))?;
            ws.write_string(row, 7, f.message.get(lang))?;
            row += 1;
        }
        ws.set_column_width(0, 36)?;
        ws.set_column_width(3, 30)?;
        ws.set_column_width(7, 90)?;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, row.max(1) - 1, 7)?;
    }
    {
        let ws = sheet(
            &mut wb,
            t("指标", "indicators"),
            &[
                t("机关", "organ"),
                t("年度", "year"),
                t("本年新收申请", "applications"),
                t("公开率", "open rate"),
                t("不予公开率", "denial rate"),
                t("复议纠错率", "review correction rate"),
                t("诉讼纠错率", "lawsuit correction rate"),
                t("评级", "rated"),
            ],
            &head,
        )?;
        let pct = Format::new().set_num_format("0.0%");
        for (i, ((organ, year), f)) in r.figures.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, organ)?;
            ws.write_number(row, 1, *year)?;
            if let Some(n) = f.new {
                ws.write_number(row, 2, n as f64)?;
            }
            for (c, v) in [
                (3, f.open_rate()),
                (4, f.denied_rate()),
                (5, f.review_rate()),
                (6, f.suit_rate()),
            ] {
                if let Some(v) = v {
                    ws.write_number_with_format(row, c, v, &pct)?;
                }
            }
            let rated = f.new.is_some_and(|n| n >= super::MIN_RATED);
            ws.write_string(
                row,
                7,
                if rated {
                    t("是", "yes")
                } else {
                    t("否", "no")
                },
            )?;
        }
        ws.set_column_width(0, 30)?;
        ws.set_freeze_panes(1, 0)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(t("重复与无法读取", "duplicates, unreadable"))?;
        ws.write_string_with_format(0, 0, t("来源", "source"), &head)?;
        ws.write_string_with_format(0, 1, t("说明", "what"), &head)?;
        let mut row = 1;
        for (s, m) in &r.duplicates {
            ws.write_string(row, 0, s)?;
            ws.write_string(row, 1, m.get(lang))?;
            row += 1;
        }
        for (s, why) in &r.unreadable {
            ws.write_string(row, 0, s)?;
            ws.write_string(row, 1, why)?;
            row += 1;
        }
        ws.set_column_width(0, 40)?;
        ws.set_column_width(1, 100)?;
    }
    Ok(wb.save_to_buffer()?)
}
