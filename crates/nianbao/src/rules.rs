//! Rule ids of the problems the front door itself finds, and of each
//! reader's refusal as a whole.

/// The input or output file could not be read or written.
pub const IO: &str = "io";
/// The input's format cannot be told, or cannot be written.
pub const FORMAT: &str = "input.format";
/// The bytes are not text in an encoding nianbao knows.
pub const DECODE: &str = "input.decode";
/// The JSON is not a report in the FORM.md shape.
pub const JSON: &str = "json.report";
/// The CSV is not a report in long CSV.
pub const CSV: &str = "csv.report";
/// The workbook could not be read.
pub const XLSX: &str = "xlsx.report";
/// A reader failed on a bug of nianbao's own.
pub const INTERNAL: &str = "internal";
/// The output would overwrite the input.
pub const SAME_FILE: &str = "output.same_file";
/// The web page could not be read.
pub const HTML: &str = "html.report";
/// The Word file could not be read.
pub const DOCX: &str = "docx.report";
/// The input is larger than nianbao reads.
pub const TOO_LARGE: &str = "input.too_large";
