//! `cargo xtask workbooks`: writes the workbook fixtures of
//! `fixtures/xlsx/edited/` and `fixtures/xlsx/hostile/`.
//!
//! **Edited workbooks** start from nianbao's own export of a seed
//! ([`SEED`]), read back as grids of cells and merges (what a clerk sees),
//! then edited the way people edit the form in Excel or WPS: a title row
//! inserted above, tables moved, sheets reordered and renamed, all tables
//! on one sheet, extra columns, merges removed, numbers typed as text
//! (`" 12 "`, `"1,234"`), totals as formulas with their cached results,
//! blanks marked `/` and `—`. Each must import to the seed's report
//! (`crates/nianbao-cli/tests/workbooks.rs`); the blank-marks workbook to
//! the seed's report with the cells of [`BLANKED`] blank.
//!
//! **Hostile workbooks** are the untrusted inputs `nianbao convert` must
//! refuse with exit 2, quickly and in little memory: not a zip, a
//! truncated zip, an encrypted (OLE) container, a sheet declaring
//! XFD1048576, a huge shared string, a zip bomb lying about its size, an
//! export whose tables are all empty. Every byte is generated
//! deterministically, so re-running the task reproduces the files.

use anyhow::{Context, Result};
use flate2::{Compress, Compression, FlushCompress};
use nianbao::Format as InputFormat;
use nianbao_model::grid::{self, CellValue, Rect};
use nianbao_model::rules::RESULT_ROWS;
use nianbao_model::{CellId, FormVersion, Report};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The seed every edited workbook is made from, relative to `fixtures/`.
pub const SEED: &str = "seeds/000_79b5c35e28a790e5.txt";

/// The cells the blank-marks workbook leaves blank (`/` in table 二, `—`
/// elsewhere), as `table.row.column` paths.
pub const BLANKED: [&str; 4] = [
    "active.fee.amount",
    "active.normative.repealed",
    "applications.denied.admin_query.legal",
    "reviews.suit_after_review.pending",
];

/// The seed's report, read as `nianbao convert` reads it.
pub fn seed_report(fixtures: &Path) -> Result<Report> {
    let path = fixtures.join(SEED);
    let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    nianbao::read(&bytes, InputFormat::Text)
        .map(|l| l.report)
        .map_err(|e| anyhow::anyhow!("{} is not readable: {:?}", path.display(), e.diagnostics))
}

/// The id of a `table.row.column` path of the 2021 form.
pub fn cell_id(path: &str) -> Option<CellId> {
    let form = FormVersion::V2021.form();
    form.cells().iter().find(|c| c.path() == path).map(|c| c.id)
}

// ---------------------------------------------------------------------------
// Grids: a sheet as cells and merges, edited and written back.

/// What one cell holds.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Number(f64),
    Text(String),
    /// A formula with its cached result.
    Formula(String, f64),
}

/// One sheet: its name, cells by (row, column) and merged regions.
#[derive(Debug, Clone)]
struct Grid {
    name: String,
    cells: BTreeMap<(u32, u32), V>,
    merges: Vec<Rect>,
}

impl Grid {
    fn from_sheet(s: &grid::Sheet) -> Grid {
        let cells = s
            .cells
            .iter()
            .filter_map(|c| {
                let v = match &c.value {
                    CellValue::Empty => return None,
                    CellValue::Number(n) => V::Number(*n),
                    CellValue::Text(t) if t.is_empty() => return None,
                    CellValue::Text(t) => V::Text(t.clone()),
                };
                Some(((c.row, c.col), v))
            })
            .collect();
        Grid {
            name: s.name.clone(),
            cells,
            merges: s.merges.clone(),
        }
    }

    /// Moves everything down `dr` rows and right `dc` columns.
    fn shift(&mut self, dr: u32, dc: u32) {
        self.cells = std::mem::take(&mut self.cells)
            .into_iter()
            .map(|((r, c), v)| ((r + dr, c + dc), v))
            .collect();
        for m in &mut self.merges {
            *m = Rect {
                top: m.top + dr,
                left: m.left + dc,
                bottom: m.bottom + dr,
                right: m.right + dc,
            };
        }
    }

    /// Inserts an empty column before column `at`, as Excel does: a merge
    /// that spans `at` grows by one column.
    fn insert_col(&mut self, at: u32) {
        self.cells = std::mem::take(&mut self.cells)
            .into_iter()
            .map(|((r, c), v)| ((r, if c >= at { c + 1 } else { c }), v))
            .collect();
        for m in &mut self.merges {
            if m.left >= at {
                m.left += 1;
            }
            if m.right >= at {
                m.right += 1;
            }
        }
    }

    /// The first row after the last used one.
    fn end_row(&self) -> u32 {
        let cells = self.cells.keys().map(|(r, _)| r + 1);
        let merges = self.merges.iter().map(|m| m.bottom + 1);
        cells.chain(merges).max().unwrap_or(0)
    }

    /// The first column after the last used one.
    fn end_col(&self) -> u32 {
        let cells = self.cells.keys().map(|(_, c)| c + 1);
        let merges = self.merges.iter().map(|m| m.right + 1);
        cells.chain(merges).max().unwrap_or(0)
    }

    /// Rows holding a number.
    fn number_rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self
            .cells
            .iter()
            .filter(|(_, v)| matches!(v, V::Number(_)))
            .map(|((r, _), _)| *r)
            .collect();
        rows.dedup();
        rows
    }
}

/// The export of `report` as grids, as a reader of the workbook sees it.
fn export_grids(report: &Report) -> Result<Vec<Grid>> {
    let bytes = nianbao_office::xlsx::to_xlsx(report, &[])?;
    let wb = nianbao_office::xlsx::read_sheets(&bytes)
        .map_err(|e| anyhow::anyhow!("reading the export back: {e}"))?;
    Ok(wb.sheets.iter().map(Grid::from_sheet).collect())
}

/// Writes grids as a workbook, deterministically.
fn write_grids(grids: &[Grid]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let fmt = Format::new().set_font_name("宋体");
    for g in grids {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name)?;
        ws.set_column_range_width(0, 20, 12.0)?;
        for m in &g.merges {
            if m.top == m.bottom && m.left == m.right {
                continue;
            }
            ws.merge_range(m.top, m.left as u16, m.bottom, m.right as u16, "", &fmt)?;
        }
        for (&(r, c), v) in &g.cells {
            let c = c as u16;
            match v {
                V::Number(n) => ws.write_number_with_format(r, c, *n, &fmt)?,
                V::Text(t) => ws.write_string_with_format(r, c, t, &fmt)?,
                V::Formula(f, cached) => ws.write_formula_with_format(
                    r,
                    c,
                    Formula::new(f).set_result(cached.to_string()),
                    &fmt,
                )?,
            };
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// The grids that hold a table (all but the first, 基本信息).
fn tables(grids: &mut [Grid]) -> &mut [Grid] {
    &mut grids[1..]
}

/// A count as a clerk types it as text: `"1,234"` from a thousand on,
/// `" 12 "` below; other numbers (the fee) as their digits.
fn as_text(n: f64) -> String {
    if n.fract() != 0.0 || n < 0.0 {
        return n.to_string();
    }
    let n = n as u64;
    if n < 1000 {
        return format!(" {n} ");
    }
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Every number of the tables typed as text.
fn numbers_as_text(grids: &mut [Grid]) {
    for g in tables(grids) {
        for v in g.cells.values_mut() {
            if let V::Number(n) = v {
                *v = V::Text(as_text(*n));
            }
        }
    }
}

/// Every merge of the tables undone (the text stays in the top-left cell).
fn unmerge(grids: &mut [Grid]) {
    for g in tables(grids) {
        g.merges.clear();
    }
}

/// The export's address of `id`: (sheet index, row, column).
fn position(grids: &[Grid], id: CellId) -> (usize, u32, u32) {
    let p = nianbao_office::xlsx::cell_position(id).expect("a cell of the form");
    let sheet = grids
        .iter()
        .position(|g| g.name == p.sheet)
        .expect("the export's sheet");
    (sheet, p.row, p.col as u32)
}

/// The totals of tables 三 and 四 as `SUM` formulas with their cached
/// results (in the export's layout, before any cell is moved).
fn totals_as_formulas(grids: &mut [Grid]) {
    let form = FormVersion::V2021.form();
    for def in form.cells() {
        let t = def.table.key;
        let cols = def.block.columns;
        let rows = def.block.rows;
        let cell = |row: &str, col: &str| form.cell(t, row, col).expect("a cell of the form");
        let (a, b) = match t {
            "applications" | "reviews" if def.column.key == "total" => (
                cell(def.row.key, cols[0].key),
                cell(def.row.key, cols[cols.len() - 2].key),
            ),
            "applications" if def.row.key == "total" => (
                cell(rows[RESULT_ROWS.start].key, def.column.key),
                cell(rows[RESULT_ROWS.end - 1].key, def.column.key),
            ),
            _ => continue,
        };
        let (s, r, c) = position(grids, def.id);
        let (_, ra, ca) = position(grids, a);
        let (_, rb, cb) = position(grids, b);
        let Some(V::Number(cached)) = grids[s].cells.get(&(r, c)).cloned() else {
            continue;
        };
        let f = format!(
            "=SUM({}:{})",
            grid::cell_ref(ra, ca),
            grid::cell_ref(rb, cb)
        );
        grids[s].cells.insert((r, c), V::Formula(f, cached));
    }
}

/// A column inserted inside every table (before its third number column,
/// merges across it widened) holding notes, and a column `备注` appended
/// after it holding stray numbers.
fn extra_columns(grids: &mut [Grid]) {
    for g in tables(grids) {
        let rows = g.number_rows();
        let Some(&first) = rows.first() else { continue };
        let first_num_col = g
            .cells
            .iter()
            .filter(|((r, _), v)| *r == first && matches!(v, V::Number(_)))
            .map(|((_, c), _)| *c)
            .min()
            .unwrap_or(1);
        let at = first_num_col + 2;
        g.insert_col(at);
        let end = g.end_col();
        let header = first.saturating_sub(1);
        g.cells.insert((header, end), V::Text("备注".into()));
        for (i, r) in rows.iter().enumerate() {
            // Not inside a merged number cell (a one-column block of 二):
            // Excel shows nothing there, so no clerk types anything.
            if !g.merges.iter().any(|m| m.contains(*r, at)) {
                g.cells.insert((*r, at), V::Text("已核".into()));
            }
            g.cells.insert((*r, end), V::Number(i as f64 + 0.5));
        }
    }
}

/// The cells of [`BLANKED`] emptied and marked.
fn blank_marks(grids: &mut [Grid]) {
    for path in BLANKED {
        let id = cell_id(path).expect("a cell of the form");
        let (s, r, c) = position(grids, id);
        let mark = if path.starts_with("active.") {
            "/"
        } else {
            "—"
        };
        grids[s].cells.insert((r, c), V::Text(mark.into()));
    }
}

/// A title row inserted above every sheet.
fn title_row_above(grids: &mut [Grid], organ: &str) {
    for g in grids.iter_mut() {
        g.shift(1, 0);
        let right = g.end_col().max(2) - 1;
        g.cells
            .insert((0, 0), V::Text(format!("{organ}（填报稿，请勿改动表格）")));
        g.merges.push(Rect {
            top: 0,
            left: 0,
            bottom: 0,
            right,
        });
    }
}

/// All grids on one sheet, one below the other.
fn one_sheet(grids: &[Grid], name: &str) -> Grid {
    let mut out = Grid {
        name: name.into(),
        cells: BTreeMap::new(),
        merges: Vec::new(),
    };
    let mut row = 0;
    // Tables first, the prose last, as a clerk pastes them.
    let order: Vec<&Grid> = grids[1..].iter().chain(&grids[..1]).collect();
    for g in order {
        let mut g = g.clone();
        g.shift(row, 0);
        row = g.end_row() + 2;
        out.cells.extend(g.cells);
        out.merges.extend(g.merges);
    }
    out
}

/// One edited workbook: its file stem and grids.
struct Edited {
    name: &'static str,
    grids: Vec<Grid>,
}

/// The edited workbooks, from the seed's export.
fn edited(report: &Report) -> Result<Vec<Edited>> {
    let base = export_grids(report)?;
    let mut out = Vec::new();
    let mut add = |name: &'static str, f: &dyn Fn(&mut Vec<Grid>)| {
        let mut grids = base.clone();
        f(&mut grids);
        out.push(Edited { name, grids });
    };
    add("title-row-above", &|g| title_row_above(g, &report.organ));
    add("tables-moved", &|g| {
        for (i, g) in g.iter_mut().enumerate() {
            g.shift(3 + i as u32, 2 + i as u32);
        }
    });
    add("sheets-reordered-renamed", &|g| {
        g.reverse();
        for (g, name) in g.iter_mut().zip(["复议诉讼", "Sheet3", "表一", "封面"]) {
            g.name = name.into();
        }
    });
    add("one-sheet", &|g| *g = vec![one_sheet(g, "年报")]);
    add("extra-columns", &|g| extra_columns(g));
    add("merges-removed", &|g| unmerge(g));
    add("numbers-as-text", &|g| numbers_as_text(g));
    add("formulas-cached", &|g| totals_as_formulas(g));
    add("blank-marks", &|g| blank_marks(g));
    add("every-edit", &|g| {
        totals_as_formulas(g);
        blank_marks(g);
        numbers_as_text(g);
        unmerge(g);
        extra_columns(g);
        title_row_above(g, &report.organ);
        *g = vec![one_sheet(g, "Sheet1")];
        g[0].shift(2, 1);
    });
    Ok(out)
}

// ---------------------------------------------------------------------------
// Hostile workbooks.

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="三、收到和处理政府信息公开申请情况" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const EMPTY_SST: &str =
    r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#;
const SST_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
const SST_TAIL: &str = "</t></si></sst>";

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

/// A one-sheet .xlsx from crafted parts.
fn crafted_xlsx(sheet: &str, shared: &str) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
    ] {
        w.start_file(name, opt)?;
        w.write_all(body.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}

/// Raw deflate data inflating to `SST_HEAD`, `mib` MiB of `A`, `SST_TAIL`:
/// byte-aligned segments compressed once and repeated, so a 100 MiB
/// string costs about 100 KB and a fraction of a second to build.
fn huge_string_deflated(mib: usize) -> (Vec<u8>, u64) {
    fn segment(data: &[u8], last: bool) -> Vec<u8> {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 500 + 64);
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        c.compress_vec(data, &mut out, flush)
            .expect("deflate into a big enough buffer");
        out
    }
    let mid = segment(&vec![b'A'; 1 << 20], false);
    let mut out = segment(SST_HEAD.as_bytes(), false);
    for _ in 0..mib {
        out.extend_from_slice(&mid);
    }
    out.extend(segment(SST_TAIL.as_bytes(), true));
    let size = SST_HEAD.len() + (mib << 20) + SST_TAIL.len();
    (out, size as u64)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of [`raw_zip`]: name, method (0 stored, 8 deflated), data,
/// declared uncompressed size, CRC.
type RawEntry = (&'static str, u16, Vec<u8>, u64, u32);

fn stored(name: &'static str, body: &str) -> RawEntry {
    let data = body.as_bytes().to_vec();
    let crc = crc32(&data);
    (name, 0, data, body.len() as u64, crc)
}

/// A zip written by hand, so that declared sizes can lie.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, declared, crc) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]); // time, date
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((*declared as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A workbook whose shared strings hold one string of `mib` MiB, the
/// entry declaring `declared` bytes (its real size when `None`).
fn shared_string_workbook(mib: usize, declared: Option<u64>) -> Vec<u8> {
    let (data, real) = huge_string_deflated(mib);
    let sheet = sheet_xml("A1", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    // The CRC of the whole inflated part, computed over its pieces.
    let crc = {
        let mut h = crc32_state();
        h = crc32_update(h, SST_HEAD.as_bytes());
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..mib {
            h = crc32_update(h, &chunk);
        }
        !crc32_update(h, SST_TAIL.as_bytes())
    };
    raw_zip(&[
        stored("[Content_Types].xml", CONTENT_TYPES),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        stored("xl/worksheets/sheet1.xml", &sheet),
        (
            "xl/sharedStrings.xml",
            8,
            data,
            declared.unwrap_or(real),
            crc,
        ),
    ])
}

fn crc32_state() -> u32 {
    !0
}

fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// An Office-encrypted workbook's start: an OLE compound file header and
/// directory entries naming `EncryptionInfo` and `EncryptedPackage`.
fn encrypted() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    for name in ["Root Entry", "EncryptionInfo", "EncryptedPackage"] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        b.extend(entry);
    }
    b
}

/// The hostile workbooks: file stem and bytes.
fn hostile(report: &Report) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let export = nianbao_office::xlsx::to_xlsx(report, &[])?;
    let xfd = sheet_xml(
        "A1:XFD1048576",
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    Ok(vec![
        (
            "not-a-zip",
            "这不是工作簿，只是一段改了扩展名的文字。\n"
                .as_bytes()
                .to_vec(),
        ),
        ("truncated-zip", export[..export.len() / 2].to_vec()),
        ("encrypted", encrypted()),
        ("dimension-xfd1048576", crafted_xlsx(&xfd, EMPTY_SST)?),
        ("huge-shared-string", shared_string_workbook(100, None)),
        (
            "zip-bomb-lying-size",
            shared_string_workbook(100, Some(1000)),
        ),
        (
            "all-tables-empty",
            nianbao_office::xlsx::to_xlsx(&Report::empty(FormVersion::V2021), &[])?,
        ),
    ])
}

/// Writes the edited and hostile workbooks under `fixtures/xlsx/`;
/// returns the files written.
pub fn run(fixtures: &Path) -> Result<Vec<PathBuf>> {
    let report = seed_report(fixtures)?;
    let mut written = Vec::new();
    let mut write = |dir: &str, name: &str, bytes: &[u8]| -> Result<()> {
        let dir = fixtures.join("xlsx").join(dir);
        fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.xlsx"));
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    for e in edited(&report)? {
        write("edited", e.name, &write_grids(&e.grids)?)?;
    }
    for (name, bytes) in hostile(&report)? {
        write("hostile", name, &bytes)?;
    }
    Ok(written)
}

/// `cargo xtask workbooks`: [`run`] on this workspace's fixtures.
pub fn main() -> std::process::ExitCode {
    crate::report_written(
        run(&crate::fixtures::default_dir()),
        "Now run `cargo xtask fixtures` to regenerate their expectations.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_typed_as_text() {
        assert_eq!(as_text(12.0), " 12 ");
        assert_eq!(as_text(1234.0), "1,234");
        assert_eq!(as_text(383652.0), "383,652");
        assert_eq!(as_text(1234567.0), "1,234,567");
        assert_eq!(as_text(155.1344), "155.1344");
    }

    #[test]
    fn crc_of_pieces_is_the_crc_of_the_whole() {
        let whole = crc32(b"hello world");
        let parts = !crc32_update(crc32_update(crc32_state(), b"hello "), b"world");
        assert_eq!(whole, parts);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn inserted_column_widens_the_merges_it_cuts() {
        let mut g = Grid {
            name: "x".into(),
            cells: BTreeMap::from([((0, 0), V::Number(1.0)), ((0, 3), V::Number(2.0))]),
            merges: vec![Rect {
                top: 0,
                left: 1,
                bottom: 0,
                right: 3,
            }],
        };
        g.insert_col(2);
        assert_eq!(g.merges[0].right, 4);
        assert_eq!(g.merges[0].left, 1);
        assert!(g.cells.contains_key(&(0, 4)) && g.cells.contains_key(&(0, 0)));
    }
}
