//! Rule ids of the problems the front door itself finds, and of each
//! reader's refusal as a whole: names for the entries of the registry,
//! [`nianbao_model::rule_ids`].

use nianbao_model::rule_ids;

/// The input or output file could not be read or written.
pub const IO: &str = rule_ids::IO;
/// The input's format cannot be told, or cannot be written.
pub const FORMAT: &str = rule_ids::INPUT_FORMAT;
/// A kind of document nianbao does not read (Word 97, RTF, ODT, OFD, …).
pub const UNSUPPORTED: &str = rule_ids::INPUT_UNSUPPORTED;
/// The bytes are not text in an encoding nianbao knows.
pub const DECODE: &str = rule_ids::INPUT_DECODE;
/// The JSON is not a report in the FORM.md shape.
pub const JSON: &str = rule_ids::JSON_REPORT;
/// The CSV is not a report in long CSV.
pub const CSV: &str = rule_ids::CSV_REPORT;
/// The workbook could not be read.
pub const XLSX: &str = rule_ids::XLSX_REPORT;
/// A reader failed on a bug of nianbao's own.
pub const INTERNAL: &str = rule_ids::INTERNAL;
/// The output would overwrite the input.
pub const SAME_FILE: &str = rule_ids::OUTPUT_SAME_FILE;
/// The web page could not be read.
pub const HTML: &str = rule_ids::HTML_REPORT;
/// The Word file could not be read.
pub const DOCX: &str = rule_ids::DOCX_REPORT;
/// The Word 97 or WPS file could not be read.
pub const DOC: &str = rule_ids::DOC_REPORT;
/// The PDF could not be read.
pub const PDF: &str = rule_ids::PDF_REPORT;
/// The input is larger than nianbao reads.
pub const TOO_LARGE: &str = rule_ids::INPUT_TOO_LARGE;
