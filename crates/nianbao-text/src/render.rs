//! Report → canonical text in the official layout (tab tables), the layout
//! Word gives when a report is copied out: the title, the six headings, the
//! prose paragraph by paragraph, and each table row as tab-separated cells
//! with its label cells as the official merged cells stand. A blank number
//! is written `/`. [`crate::parse`] reads this text back to the identical
//! report.

use nianbao_model::form::{
    SectionContent, TableDef, APPLICANTS_HEADER, ORGANISATIONS_HEADER, REVIEW_HEADER, SUIT_HEADER,
};
use nianbao_model::Report;
use std::fmt::Write;

/// How a blank number cell is written.
pub const BLANK: &str = "/";

/// Writes `report` as text in the official layout; [`crate::parse`] reads it
/// back to the identical report.
pub fn render(report: &Report) -> String {
    let form = report.form_def();
    let mut out = String::with_capacity(8 * 1024);
    let title = if report.title.is_empty() && report.organ.is_empty() && report.year.is_none() {
        // Nothing to name: an invented title would read back as one.
        String::new()
    } else if report.title.is_empty() {
        let year = report.year.map(|y| format!("{y} 年")).unwrap_or_default();
        format!("{}{year}政府信息公开工作年度报告", report.organ)
    } else {
        report.title.clone()
    };
    out.push_str(&title);
    out.push_str("\n\n");
    let mut cell = 0usize;
    for sec in form.sections {
        out.push_str(sec.heading);
        out.push_str("\n\n");
        match sec.content {
            SectionContent::Prose(p) => {
                let text = report.sections.get(p);
                for para in text.split('\n').filter(|l| !l.trim().is_empty()) {
                    out.push_str(para);
                    out.push_str("\n\n");
                }
            }
            SectionContent::Table(ti) => {
                let table = &form.tables[ti];
                let n = table.cell_count();
                let first = cell;
                cell += n;
                match table.key {
                    "active" => active(report, table, first, &mut out),
                    "applications" => applications(report, table, first, &mut out),
                    _ => reviews(report, table, first, &mut out),
                }
                out.push('\n');
            }
        }
    }
    out
}

fn value(report: &Report, id: usize) -> String {
    match report.get(report.form_def().cells()[id].id) {
        Some(v) => v.to_string(),
        None => BLANK.to_string(),
    }
}

fn active(report: &Report, table: &TableDef, mut id: usize, out: &mut String) {
    for b in table.blocks {
        let pad = "\t".repeat(3usize.saturating_sub(b.columns.len()));
        let _ = writeln!(out, "{}\t\t\t", b.caption);
        let heads: Vec<&str> = b.columns.iter().map(|c| c.label).collect();
        let _ = writeln!(out, "{}\t{}{pad}", b.corner, heads.join("\t"));
        for r in b.rows {
            let vals: Vec<String> = (0..b.columns.len())
                .map(|k| value(report, id + k))
                .collect();
            id += b.columns.len();
            let _ = writeln!(out, "{}\t{}{pad}", r.label, vals.join("\t"));
        }
    }
}

fn applications(report: &Report, table: &TableDef, mut id: usize, out: &mut String) {
    let b = &table.blocks[0];
    let cols = b.columns;
    // Three header rows: the note over 3×3, 申请人情况 over the numbers.
    let _ = writeln!(out, "{}\t\t\t{}\t\t\t\t\t\t", b.corner, APPLICANTS_HEADER);
    let _ = writeln!(
        out,
        "\t\t\t{}\t{}\t\t\t\t\t{}",
        cols[0].label, ORGANISATIONS_HEADER, cols[6].label
    );
    let kinds: Vec<&str> = cols[1..6].iter().map(|c| c.label).collect();
    let _ = writeln!(out, "\t\t\t\t{}\t", kinds.join("\t"));
    let mut last_groups: [&str; 2] = ["", ""];
    for r in b.rows {
        let mut labels = [""; 3];
        // Merged group cells are written on the first row they span.
        for (g, slot) in r.groups.iter().zip(0..2) {
            if last_groups[slot] != *g {
                labels[slot] = g;
            }
        }
        last_groups = [
            r.groups.first().copied().unwrap_or(""),
            r.groups.get(1).copied().unwrap_or(""),
        ];
        labels[r.groups.len().min(2)] = r.label;
        let vals: Vec<String> = (0..cols.len()).map(|k| value(report, id + k)).collect();
        id += cols.len();
        let _ = writeln!(out, "{}\t{}", labels.join("\t"), vals.join("\t"));
    }
}

fn reviews(report: &Report, table: &TableDef, id: usize, out: &mut String) {
    let b = &table.blocks[0];
    let cols: Vec<&str> = b.columns.iter().map(|c| c.label).collect();
    let groups = b.rows;
    let _ = writeln!(
        out,
        "{}\t\t\t\t\t{}\t\t\t\t\t\t\t\t\t",
        REVIEW_HEADER, SUIT_HEADER
    );
    let _ = writeln!(
        out,
        "{}\t\t\t\t\t{}\t\t\t\t\t{}\t\t\t\t",
        cols.join("\t"),
        groups[1].label,
        groups[2].label
    );
    let _ = writeln!(out, "\t\t\t\t\t{}\t{}", cols.join("\t"), cols.join("\t"));
    let vals: Vec<String> = (0..table.cell_count())
        .map(|k| value(report, id + k))
        .collect();
    let _ = writeln!(out, "{}", vals.join("\t"));
}
