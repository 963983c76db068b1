//! Word 97–2003 (`.doc`) and WPS Writer (`.wps`) files: the main
//! document's text, with its tables laid out as tab-separated rows, for the
//! text reader (the front door hands it on; this crate reads no report).
//!
//! The binary format ([MS-DOC]) keeps the text in the `WordDocument`
//! stream as pieces (the piece table, `Clx`, in the table stream), each
//! either UTF-16 or 8-bit. A table cell ends with the cell mark `\x07`; a
//! row ends with a paragraph of its own holding one more `\x07`, told apart
//! from an empty cell only by its paragraph properties (`sprmPFTtp`), which
//! are read from the paragraph FKPs. Cells are written separated by tabs,
//! each row on one line; paragraphs inside a cell are joined with a space;
//! field codes are dropped and their results kept.
//!
//! Refused: Word 6/95 files, encrypted or obfuscated files, and files whose
//! structures point outside their streams. Deleted text of tracked changes
//! is still in the stream and is read as text (revision marks are not
//! interpreted).
//!
//! [MS-DOC]: https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-doc/

use std::io::{Cursor, Read};

/// Why a Word 97 file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// Not an OLE compound file with a Word document stream.
    #[error("not a Word 97–2003 document: {0}")]
    NotWord(String),
    /// A Word 6.0/95 file (an older binary format).
    #[error("a Word 6.0/95 document (an older format)")]
    Word95,
    /// Encrypted or obfuscated with a password.
    #[error("the document is protected with a password")]
    Encrypted,
    /// A structure points outside its stream, or is larger than allowed.
    #[error("damaged document: {0}")]
    Damaged(&'static str),
}

/// Largest .doc file read (a report's is 50–500 KB; pictures make some
/// larger).
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// Whether `bytes` are a Word 97–2003 or WPS document: an OLE compound
/// file with a `WordDocument` stream at its root (a workbook with a Word
/// object embedded keeps it deeper).
pub fn is_doc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        && cfb::CompoundFile::open(Cursor::new(bytes)).is_ok_and(|f| f.is_stream("/WordDocument"))
}

/// The most characters of main text read (a report has some 20,000).
const MAX_CHARS: u32 = 4_000_000;

/// The most pieces in the piece table.
const MAX_PIECES: usize = 100_000;

/// The most paragraph-property pages read.
const MAX_FKPS: usize = 20_000;

/// The main document's text: paragraphs on lines, table rows as cells
/// separated by tabs.
pub fn text(bytes: &[u8]) -> Result<String, DocError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| DocError::NotWord(e.to_string()))?;
    let wd = stream(&mut file, "/WordDocument", bytes.len())?;
    let fib = Fib::read(&wd)?;
    let table = stream(
        &mut file,
        if fib.table1 { "/1Table" } else { "/0Table" },
        bytes.len(),
    )?;
    let pieces = pieces(&table, fib.clx)?;

    // Paragraph properties too large for their page are kept here.
    let data = stream(&mut file, "/Data", bytes.len()).unwrap_or_default();
    let paras = paragraphs(&wd, &table, &data, fib.papx)?;
    Ok(lay_out(&wd, &pieces, &paras, fib.ccp_text))
}

fn stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limit: usize,
) -> Result<Vec<u8>, DocError> {
    let mut s = file
        .open_stream(name)
        .map_err(|_| DocError::NotWord(format!("no {name} stream")))?;
    let mut out = Vec::new();
    s.by_ref()
        .take(limit as u64)
        .read_to_end(&mut out)
        .map_err(|_| DocError::Damaged("a stream cannot be read"))?;
    Ok(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// What the File Information Block says.
struct Fib {
    /// The table stream is `1Table` (else `0Table`).
    table1: bool,
    /// Characters of main text.
    ccp_text: u32,
    /// The piece table in the table stream: (offset, length).
    clx: (u32, u32),
    /// The paragraph FKP index in the table stream: (offset, length).
    papx: (u32, u32),
}

impl Fib {
    fn read(wd: &[u8]) -> Result<Fib, DocError> {
        const DAMAGED: DocError = DocError::Damaged("the file information block is cut short");
        if u16_at(wd, 0) != Some(0xA5EC) {
            return Err(DocError::NotWord("no Word file information block".into()));
        }
        let n_fib = u16_at(wd, 2).ok_or(DAMAGED)?;
        if n_fib < 0x00C1 {
            return Err(DocError::Word95);
        }
        let flags = u16_at(wd, 0x0A).ok_or(DAMAGED)?;
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(DocError::Encrypted);
        }
        let csw = usize::from(u16_at(wd, 32).ok_or(DAMAGED)?);
        let lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(wd, lw).ok_or(DAMAGED)?);
        let ccp_text = u32_at(wd, lw + 2 + 12).ok_or(DAMAGED)?;
        let blob = lw + 2 + cslw * 4 + 2;
        let pair = |i: usize| -> Result<(u32, u32), DocError> {
            Ok((
                u32_at(wd, blob + i * 8).ok_or(DAMAGED)?,
                u32_at(wd, blob + i * 8 + 4).ok_or(DAMAGED)?,
            ))
        };
        if ccp_text > MAX_CHARS {
            return Err(DocError::Damaged("more text than a report holds"));
        }
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text,
            clx: pair(33)?,
            papx: pair(13)?,
        })
    }
}

/// One piece of text: characters `cp..cp_end` stand at `fc` in the
/// WordDocument stream, 8-bit when `compressed`, else UTF-16.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

fn slice(b: &[u8], (at, len): (u32, u32)) -> Option<&[u8]> {
    b.get(at as usize..(at as usize).checked_add(len as usize)?)
}

fn pieces(table: &[u8], clx: (u32, u32)) -> Result<Vec<Piece>, DocError> {
    const DAMAGED: DocError = DocError::Damaged("the piece table points outside the file");
    let clx = slice(table, clx).ok_or(DAMAGED)?;
    let mut at = 0usize;
    // Property modifiers (Prc) come first; the piece table (Pcdt) follows.
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).ok_or(DAMAGED)?);
                at += 3 + cb;
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or(DAMAGED)?;
                break slice(clx, ((at + 5) as u32, lcb)).ok_or(DAMAGED)?;
            }
            _ => return Err(DAMAGED),
        }
    };
    if plc.len() < 4 {
        return Err(DAMAGED);
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(DocError::Damaged("more pieces of text than a report holds"));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).ok_or(DAMAGED)?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or(DAMAGED)?;
        let pcd = 4 * (n + 1) + i * 8;
        let fc = u32_at(plc, pcd + 2).ok_or(DAMAGED)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        out.push(Piece {
            cp,
            cp_end: cp_end.max(cp),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// One paragraph's extent in the WordDocument stream and what its
/// properties say.
#[derive(Debug, Clone, Copy)]
struct Para {
    fc: u32,
    fc_end: u32,
    /// The paragraph is in a table (`sprmPFInTable`, `sprmPItap`).
    in_table: bool,
    /// The paragraph is a table row's end mark.
    row_end: bool,
}

/// The paragraphs of the FKPs listed by the table stream's PlcBtePapx, by
/// stream position.
fn paragraphs(
    wd: &[u8],
    table: &[u8],
    data: &[u8],
    papx: (u32, u32),
) -> Result<Vec<Para>, DocError> {
    const DAMAGED: DocError = DocError::Damaged("the paragraph properties point outside the file");
    let plc = slice(table, papx).ok_or(DAMAGED)?;
    if plc.len() < 4 {
        return Ok(Vec::new());
    }
    let n = (plc.len() - 4) / 8;
    if n > MAX_FKPS {
        return Err(DocError::Damaged(
            "more paragraph pages than a report holds",
        ));
    }
    let mut out = Vec::new();
    for i in 0..n {
        let pn = u32_at(plc, 4 * (n + 1) + i * 4).ok_or(DAMAGED)? & 0x003F_FFFF;
        let fkp = slice(wd, (pn.checked_mul(512).ok_or(DAMAGED)?, 512)).ok_or(DAMAGED)?;
        let crun = usize::from(fkp[511]);
        for k in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(fkp, k * 4), u32_at(fkp, (k + 1) * 4)) else {
                return Err(DAMAGED);
            };
            let bx = 4 * (crun + 1) + k * 13;
            let b_offset = usize::from(*fkp.get(bx).ok_or(DAMAGED)?) * 2;
            let marks = if b_offset == 0 {
                TableMarks::default()
            } else {
                papx_table_marks(fkp, b_offset, data)
            };

            out.push(Para {
                fc,
                fc_end,
                in_table: marks.in_table,
                row_end: marks.row_end,
            });
        }
    }
    out.sort_by_key(|p| p.fc);
    Ok(out)
}

/// What the PAPX at `at` in an FKP says of tables: whether the paragraph
/// is in one and whether it is a row's end mark ([`TableMarks`]). A PAPX
/// too large for its page is in the Data stream (`sprmPHugePapx`).
fn papx_table_marks(fkp: &[u8], at: usize, data: &[u8]) -> TableMarks {
    let Some(&cb) = fkp.get(at) else {
        return TableMarks::default();
    };
    let (start, len) = if cb == 0 {
        match fkp.get(at + 1) {
            Some(&c) => (at + 2, usize::from(c) * 2),
            None => return TableMarks::default(),
        }
    } else {
        (at + 1, usize::from(cb) * 2 - 1)
    };
    let Some(grpprl) = fkp.get(start..(start + len).min(511)) else {
        return TableMarks::default();
    };
    // The style index comes first.
    let mut marks = grpprl.get(2..).map(sprms).unwrap_or_default();
    if let Some(huge) = marks.huge.take() {
        let huge = huge as usize;
        if let Some(cb) = u16_at(data, huge) {
            if let Some(g) = data.get(huge + 2..huge + 2 + usize::from(cb)) {
                // No style index here: the sprms only (PrcData).
                let more = sprms(g);
                marks.in_table |= more.in_table;
                marks.row_end |= more.row_end;
            }
        }
    }
    marks
}

/// What a paragraph's properties say of tables.
#[derive(Debug, Default, Clone, Copy)]
struct TableMarks {
    /// In a table (`sprmPFInTable`, or `sprmPItap` above 0).
    in_table: bool,
    /// A row's end mark (`sprmPFTtp`, `sprmPFInnerTtp`).
    row_end: bool,
    /// The properties go on in the Data stream at this offset.
    huge: Option<u32>,
}

/// Reads a list of property modifiers (sprms) for the table marks.
fn sprms(grpprl: &[u8]) -> TableMarks {
    let mut m = TableMarks::default();
    let mut i = 0;
    while i + 2 <= grpprl.len() {
        let sprm = u16::from_le_bytes([grpprl[i], grpprl[i + 1]]);
        i += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // sprmTDefTable: a two-byte size, counted from its second byte.
            _ if sprm == 0xD608 => match u16_at(grpprl, i) {
                Some(n) => usize::from(n) + 1,
                None => break,
            },
            _ => match grpprl.get(i) {
                // sprmPChgTabs with 255 as its size byte has a size of its
                // own; nothing after it is read.
                Some(&255) if sprm == 0xC615 => break,
                Some(&n) => 1 + usize::from(n),
                None => break,
            },
        };
        let set = grpprl.get(i).is_some_and(|&v| v != 0);
        match sprm {
            0x2416 => m.in_table |= set,
            0x6649 => m.in_table |= u32_at(grpprl, i).is_some_and(|v| v > 0),
            0x2417 | 0x244C => m.row_end |= set,
            0x6646 => m.huge = u32_at(grpprl, i),
            _ => {}
        }
        i += size;
    }
    m.in_table |= m.row_end;
    m
}

/// The text laid out: paragraphs on lines, each table row on one line
/// with its cells between tabs.
fn lay_out(wd: &[u8], pieces: &[Piece], paras: &[Para], ccp_text: u32) -> String {
    let mut out = String::with_capacity(ccp_text as usize * 3);
    // Fields: inside a field's code (between \x13 and \x14) nothing is
    // written; one "in code" flag per nesting level.
    let mut fields: Vec<bool> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let para_of = |fc: u32| -> Option<&Para> {
        let k = paras.partition_point(|p| p.fc <= fc);
        paras[..k].last().filter(|p| fc < p.fc_end)
    };
    'pieces: for piece in pieces {
        if piece.cp >= ccp_text {
            break;
        }
        let end = piece.cp_end.min(ccp_text);
        for cp in piece.cp..end {
            let k = cp - piece.cp;
            let (c, fc) = if piece.compressed {
                let fc = piece.fc + k;
                match wd.get(fc as usize) {
                    Some(&b) => (cp1252(b), fc),
                    None => break 'pieces,
                }
            } else {
                let fc = piece.fc + 2 * k;
                match u16_at(wd, fc as usize) {
                    Some(u) => (char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'), fc),
                    None => break 'pieces,
                }
            };
            match c {
                '\u{13}' => {
                    fields.push(true);
                    continue;
                }
                '\u{14}' => {
                    if let Some(f) = fields.last_mut() {
                        *f = false;
                    }
                    continue;
                }
                '\u{15}' => {
                    fields.pop();
                    continue;
                }
                _ if fields.last() == Some(&true) => continue,
                _ => {}
            }
            let para = para_of(fc);
            let in_table = para.is_some_and(|p| p.in_table);
            let to: &mut String = if in_table { &mut cell } else { &mut out };
            match c {
                '\u{7}' if para.is_some_and(|p| p.row_end) => {
                    // The row's end: its cells on one line.
                    out.push_str(&row.join("\t"));
                    out.push('\n');
                    row.clear();
                    cell.clear();
                }
                '\u{7}' => row.push(std::mem::take(&mut cell).trim().to_string()),
                '\r' | '\u{b}' | '\u{c}' => to.push(if in_table { ' ' } else { '\n' }),
                '\t' => to.push(if in_table { ' ' } else { '\t' }),
                // Object anchors, footnote and comment marks, optional
                // hyphens, other controls.
                '\u{1e}' => to.push('-'),
                '\u{a0}' => to.push(' '),
                c if c.is_control() => {}
                c => to.push(c),
            }
        }
    }
    if !row.is_empty() || !cell.trim().is_empty() {
        row.push(cell.trim().to_string());
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// An 8-bit character of a compressed piece (Windows-1252).
fn cp1252(b: u8) -> char {
    if b < 0x80 {
        return char::from(b);
    }
    let mut buf = [0u16; 2];
    let (_, _, written, _) = encoding_rs::WINDOWS_1252
        .new_decoder_without_bom_handling()
        .decode_to_utf16(&[b], &mut buf, true);
    char::from_u32(u32::from(buf[..written].first().copied().unwrap_or(0xFFFD)))
        .unwrap_or('\u{FFFD}')
}
