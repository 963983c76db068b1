//! A report as the official Word document (.docx): [`to_docx`].
//!
//! The document is what an office publishes: the title, the six section
//! headings in order, the prose one paragraph per line, and the three
//! tables drawn from the model's layout ([`nianbao_model::layout`], the
//! official Word template's merged cells: `w:gridSpan` across, `w:vMerge`
//! down). Nothing here spells a label of the form.
//!
//! # Look
//!
//! A4 portrait with the margins of official documents (top 37 mm, bottom
//! 35 mm, left 28 mm, right 26 mm). The title in 宋体 22 pt bold, centred;
//! section headings in 黑体 16 pt; prose in 仿宋 16 pt with a two-character
//! first-line indent and 28 pt lines; tables in 宋体 (10.5 pt for 二, 9 pt
//! for 三 and 四), fixed column widths that sum to the text width, thin
//! borders, numbers centred, row labels left-aligned. The header rows of
//! 三 and 四 repeat on every page a table runs onto (`w:tblHeader`), and no
//! row breaks across pages. A blank number is an empty cell.
//!
//! # Parts
//!
//! `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`,
//! `word/styles.xml`, `word/settings.xml`, `word/_rels/document.xml.rels`,
//! `docProps/core.xml` and `docProps/app.xml`, deflated, every entry dated
//! 1980-01-01 00:00: identical input gives identical bytes.

use nianbao_model::form::SectionContent;
use nianbao_model::layout::{self, Content, Medium, Role, TableLayout};
use nianbao_model::Report;
use std::fmt::Write as _;
use std::io::Write as _;

/// Page width of A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
/// Page height of A4.
const PAGE_H: u32 = 16838;
/// Margins: top, right, bottom, left (37, 26, 35, 28 mm).
const MARGINS: [u32; 4] = [2098, 1474, 1984, 1587];
/// The width of the text: every table is exactly this wide.
pub const TEXT_WIDTH: u32 = PAGE_W - MARGINS[1] - MARGINS[3];
/// Width of a number column of table 三.
const NUMBER_COL_3: u32 = 640;

/// Why a report could not be written as a Word document.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A text holds a character that a Word document cannot hold.
    #[error("{what}含有 Word 文档无法保存的字符 U+{code:04X}（{what} holds a character a Word document cannot hold）")]
    BadChar {
        /// Which text (`标题`, `一、总体情况`).
        what: String,
        /// The character's code point.
        code: u32,
    },
    /// The zip container could not be written.
    #[error("无法写出 Word 文档（cannot write the document）：{0}")]
    Zip(String),
}

/// Whether XML 1.0 allows `c` in text.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Refuses a text with a character XML cannot hold.
fn check_text(what: &str, text: &str) -> Result<(), WriteError> {
    match text.chars().find(|c| !xml_char(*c)) {
        Some(c) => Err(WriteError::BadChar {
            what: what.to_string(),
            code: c as u32,
        }),
        None => Ok(()),
    }
}

/// Escapes text for XML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A run of text; a tab in the text becomes `w:tab`.
fn run(out: &mut String, rpr: &str, text: &str) {
    for (i, part) in text.split('\t').enumerate() {
        out.push_str("<w:r>");
        out.push_str(rpr);
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(part));
        }
        out.push_str("</w:r>");
    }
}

/// A paragraph of style `style` (with extra paragraph properties `ppr`).
fn paragraph(out: &mut String, style: &str, ppr: &str, rpr: &str, text: &str) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{ppr}</w:pPr>"
    );
    if !text.is_empty() {
        run(out, rpr, text);
    }
    out.push_str("</w:p>");
}

/// The column widths of a table, summing to [`TEXT_WIDTH`].
fn column_widths(t: &TableLayout) -> Vec<u32> {
    let cols = t.cols as usize;
    let mut w: Vec<u32> = if t.label_cols == 0 {
        // Table 四: equal columns.
        vec![TEXT_WIDTH / cols as u32; cols]
    } else if t.header_rows == 0 {
        // Table 二: a wide label column, equal number columns.
        let label = TEXT_WIDTH * 3 / 10;
        let n = (cols - 1) as u32;
        std::iter::once(label)
            .chain(std::iter::repeat_n((TEXT_WIDTH - label) / n, n as usize))
            .collect()
    } else {
        // Table 三: narrow group columns, the row labels take the rest.
        let labels = t.label_cols as usize;
        let numbers = cols - labels;
        let mut w: Vec<u32> = (0..labels).map(|k| 560 + 300 * k as u32).collect();
        w.extend(std::iter::repeat_n(NUMBER_COL_3, numbers));
        w
    };
    let sum: u32 = w.iter().sum();
    // The rest goes to the widest label column (or the last column).
    let at = if t.label_cols > 0 {
        t.label_cols as usize - 1
    } else {
        cols - 1
    };
    w[at] = w[at] + TEXT_WIDTH - sum.min(TEXT_WIDTH);
    w
}

/// One table as `w:tbl`.
fn table(out: &mut String, report: &Report, t: &TableLayout) {
    let widths = column_widths(t);
    let size = if t.header_rows == 0 { 21 } else { 18 };
    let rpr = format!("<w:rPr><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>");
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
         <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/>\
         <w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         </w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let cover = t.cover();
    let cols = t.cols as usize;
    for r in 0..t.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if r < t.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let mut c = 0u32;
        while c < t.cols {
            let i = cover[r as usize * cols + c as usize].expect("every position is drawn");
            let p = &t.pieces[i];
            let rect = p.rect;
            let width: u32 = widths[rect.left as usize..=rect.right as usize]
                .iter()
                .sum();
            let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
            if rect.right > rect.left {
                let _ = write!(
                    out,
                    "<w:gridSpan w:val=\"{}\"/>",
                    rect.right - rect.left + 1
                );
            }
            if rect.bottom > rect.top {
                out.push_str(if r == rect.top {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    "<w:vMerge/>"
                });
            }
            out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
            if r > rect.top {
                paragraph(out, "TableText", "", &rpr, "");
            } else {
                match p.content {
                    Content::Text(text, role) => {
                        let jc = if role == Role::Label {
                            "left"
                        } else {
                            "center"
                        };
                        let ppr = format!("<w:jc w:val=\"{jc}\"/>");
                        paragraph(out, "TableText", &ppr, &rpr, text);
                    }
                    Content::Number(id) => {
                        let text = report.get(id).map(|v| v.to_string()).unwrap_or_default();
                        paragraph(out, "TableText", "<w:jc w:val=\"center\"/>", &rpr, &text);
                    }
                }
            }
            out.push_str("</w:tc>");
            c = rect.right + 1;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// `word/document.xml` of a report.
pub fn word_document_xml(report: &Report) -> Result<String, WriteError> {
    let form = report.form_def();
    check_text("标题", &report.title)?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    if !report.title.is_empty() {
        paragraph(&mut out, "Title", "", "", &report.title);
    }
    let tables = layout::tables(form, Medium::Document);
    for s in form.sections {
        paragraph(&mut out, "Heading2", "", "", s.heading);
        match s.content {
            SectionContent::Prose(p) => {
                let text = report.sections.get(p);
                check_text(s.heading, text)?;
                for line in text.split('\n').filter(|l| !l.is_empty()) {
                    paragraph(&mut out, "BodyText", "", "", line);
                }
            }
            SectionContent::Table(ti) => table(&mut out, report, &tables[ti]),
        }
    }
    let [top, right, bottom, left] = MARGINS;
    let _ = write!(
        out,
        "<w:sectPr><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" \
         w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>\
         <w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr></w:body></w:document>"
    );
    Ok(out)
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
</Relationships>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>\
<w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>\
</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:spacing w:before=\"240\" w:after=\"480\" w:line=\"600\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\"/><w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\" w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"黑体\" w:hAnsi=\"Times New Roman\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\"/><w:kern w:val=\"0\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>nianbao</Application></Properties>";

/// `docProps/core.xml`: the title and a fixed date.
fn core_xml(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>nianbao</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">2021-01-01T00:00:00Z</dcterms:created>\
         </cp:coreProperties>",
        esc(title)
    )
}

/// The report as the official Word document (see the module doc).
pub fn to_docx(report: &Report) -> Result<Vec<u8>, WriteError> {
    let document = word_document_xml(report)?;
    let core = core_xml(&report.title);
    let zip_err = |e: &dyn std::fmt::Display| WriteError::Zip(e.to_string());
    let mut zip = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated)
        .last_modified_time(::zip::DateTime::default());
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("docProps/core.xml", core.as_str()),
        ("docProps/app.xml", APP),
    ] {
        zip.start_file(name, opts).map_err(|e| zip_err(&e))?;
        zip.write_all(body.as_bytes()).map_err(|e| zip_err(&e))?;
    }
    Ok(zip.finish().map_err(|e| zip_err(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::FormVersion;

    #[test]
    fn every_table_is_the_text_width() {
        for v in [FormVersion::V2021, FormVersion::V2019] {
            for t in layout::tables(v.form(), Medium::Document) {
                let w = column_widths(&t);
                assert_eq!(w.len(), t.cols as usize);
                assert_eq!(w.iter().sum::<u32>(), TEXT_WIDTH, "{}", t.table.key);
                assert!(w.iter().all(|w| *w >= 500), "{w:?}");
            }
        }
    }

    #[test]
    fn identical_input_gives_identical_bytes_and_bad_characters_are_refused() {
        let mut r = Report::empty(FormVersion::V2021);
        r.title = "某局2023年政府信息公开工作年度报告".into();
        assert_eq!(to_docx(&r).unwrap(), to_docx(&r).unwrap());
        r.sections.other = "a\u{fffe}".into();
        assert!(matches!(
            to_docx(&r),
            Err(WriteError::BadChar { code: 0xfffe, .. })
        ));
    }
}
