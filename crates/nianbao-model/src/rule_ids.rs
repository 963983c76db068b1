//! Every rule id nianbao can emit, declared once with what it means: the
//! consistency rules, each reader's findings, the front door's refusals and
//! the batch tools'. Code names a rule by its constant; `docs/form.md` lists
//! [`ALL`], and a tidy test checks that every id a source spells is here and
//! that both user guides explain it.

/// One rule id with a one-line English summary (the guides explain each in
/// full, in both languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleId {
    /// The id, `namespace.name`.
    pub id: &'static str,
    /// What a finding with this id means.
    pub summary: &'static str,
}

macro_rules! rule_ids {
    ($( $(#[doc = $doc:literal])* $name:ident = $id:literal; )*) => {
        $( $(#[doc = $doc])* pub const $name: &str = $id; )*
        /// Every rule id, in declaration order.
        pub const ALL: &[RuleId] = &[
            $( RuleId { id: $id, summary: concat!($($doc),*) }, )*
        ];
    };
}

rule_ids! {
    // The consistency rules (勾稽关系).
    /// `new + carried_over = total + carry_forward`, per column.
    BALANCE = "applications.balance";
    /// `total` column = sum of the six applicant columns, per row.
    ROW_TOTAL = "applications.row_total";
    /// Row `total` = sum of the 21 result rows, per column.
    RESULTS_TOTAL = "applications.results_total";
    /// `total = upheld + corrected + other + pending`, per group of table 四.
    REVIEWS_TOTAL = "reviews.total";
    /// Year N's `carried_over` = year N−1's `carry_forward`, per column.
    CARRY_CHAIN = "applications.carry_chain";
    /// A rule could not be checked because a cell it needs is blank.
    BLANK = "blank";

    // The front door: reading and writing files.
    /// The input or output file could not be read or written.
    IO = "io";
    /// The input's format cannot be told, or cannot be written.
    INPUT_FORMAT = "input.format";
    /// A kind of document nianbao does not read: RTF, OpenDocument text,
    /// OFD, a picture.
    INPUT_UNSUPPORTED = "input.unsupported";
    /// The bytes are not text in an encoding nianbao knows.
    INPUT_DECODE = "input.decode";
    /// The input is larger than nianbao reads.
    INPUT_TOO_LARGE = "input.too_large";
    /// A reader failed on a bug of nianbao's own.
    INTERNAL = "internal";
    /// The output would overwrite the input.
    OUTPUT_SAME_FILE = "output.same_file";
    /// The JSON is not a report in the FORM.md shape.
    JSON_REPORT = "json.report";
    /// The CSV is not a report in long CSV.
    CSV_REPORT = "csv.report";
    /// The workbook could not be read.
    XLSX_REPORT = "xlsx.report";
    /// A formula saved without its result that is not a sum nianbao evaluates (names the cell).
    XLSX_FORMULA = "xlsx.formula";
    /// Formulas saved without results (openpyxl) were evaluated by nianbao.
    XLSX_FORMULA_EVALUATED = "xlsx.formula_evaluated";
    /// A number of the form read from a date, a time or TRUE/FALSE (names the cell).
    XLSX_NOT_A_NUMBER = "xlsx.not_a_number";
    /// The web page could not be read.
    HTML_REPORT = "html.report";
    /// The Word file could not be read.
    DOCX_REPORT = "docx.report";
    /// The Word 97–2003 or WPS file could not be read: a Word 6/95 file,
    /// protected with a password, or damaged.
    DOC_REPORT = "doc.report";
    /// The PDF could not be read: a scan without text, needing a password, damaged
    /// beyond recovery, over a safety limit, or without the form's tables.
    PDF_REPORT = "pdf.report";

    // The text reader.
    /// The input holds no text.
    TEXT_EMPTY = "text.empty";
    /// The text is not an annual report of the 2019 or 2021 form.
    TEXT_NOT_A_REPORT = "text.not_a_report";
    /// The report uses a form older than 2019, which has none of these tables.
    TEXT_FORM_OLDER = "text.form_older";
    /// No title, or a title naming no organ or no year: those are null.
    TITLE_MISSING = "title.missing";
    /// A section of the six is missing.
    TEXT_MISSING_SECTION = "text.missing_section";
    /// A section appears twice (two reports run together).
    TEXT_REPEATED_SECTION = "text.repeated_section";
    /// A table of the form is missing from its section.
    TEXT_MISSING_TABLE = "text.missing_table";
    /// A row of a table is missing.
    TEXT_MISSING_ROW = "text.missing_row";
    /// A row appears twice.
    TEXT_DUPLICATE_ROW = "text.duplicate_row";
    /// A line in a table matches no row of the form.
    TEXT_UNKNOWN_ROW = "text.unknown_row";
    /// A label matches more than one row of the form.
    TEXT_AMBIGUOUS_LABEL = "text.ambiguous_label";
    /// A label matched a row only approximately (a typo, a cut-off end).
    TEXT_FUZZY_LABEL = "text.fuzzy_label";
    /// A row has another number of values than the form's columns.
    TEXT_ROW_VALUES = "text.row_values";
    /// A row has no values.
    TEXT_MISSING_VALUES = "text.missing_values";
    /// A value cannot be read as a number of its kind.
    TEXT_BAD_NUMBER = "text.bad_number";
    /// A note beside a number in a cell was set aside.
    TEXT_NOTE_IN_CELL = "text.note_in_cell";
    /// The table's header lists the columns in another order than the form.
    TEXT_COLUMN_ORDER = "text.column_order";
    /// A table was written column by column or cell by cell (pdftotext without -layout).
    TEXT_COLUMNS_DUMPED = "text.columns_dumped";
    /// A number cut by a line break inside its cell (`2,27` over `7`), its rest not certain.
    TEXT_CUT_NUMBER = "text.cut_number";
    /// A table that failed writes its numbers in full-width digits, which tools split across lines.
    TEXT_FULLWIDTH_SPLIT = "text.fullwidth_split";
    /// Numbers in full-width digits that a tool broke across lines were joined again where one reading adds up to the row's total.
    TEXT_FULLWIDTH_JOINED = "text.fullwidth_joined";
    /// A table is only a `[TABLE]` placeholder (pandoc's plain text).
    TEXT_TABLE_PLACEHOLDER = "text.table_placeholder";
    /// An HTML table inside markdown that does not close or is too large to lay out.
    TEXT_HTML_TABLES = "text.html_tables";

    // The grid finder (workbooks, web pages, Word files).
    /// The workbook or document holds no cells.
    GRID_EMPTY = "grid.empty";
    /// A table of the form was not found.
    GRID_TABLE_MISSING = "grid.table_missing";
    /// A table of the form was found twice.
    GRID_DUPLICATE_TABLE = "grid.duplicate_table";
    /// A row of a table was not found.
    GRID_ROW_MISSING = "grid.row_missing";
    /// A row label matches more than one row.
    GRID_AMBIGUOUS_ROW = "grid.ambiguous_row";
    /// A column header matches more than one column.
    GRID_AMBIGUOUS_HEADER = "grid.ambiguous_header";
    /// A column's header label is missing and its column cannot be told for certain by position.
    GRID_HEADER_MISSING = "grid.header_missing";
    /// A column whose header label is missing was placed by its position (warning; names the column).
    GRID_HEADER_INFERRED = "grid.header_inferred";
    /// A value cell cannot be read as a number of its kind.
    GRID_VALUE = "grid.value";
    /// A value stands in a merged cell that spans several of the form's cells.
    GRID_MERGED_VALUE = "grid.merged_value";
    /// A note beside a number was set aside.
    GRID_NOTE = "grid.note";
    /// A formula's saved result disagrees with its parts.
    GRID_STALE_FORMULA = "grid.stale_formula";
    /// The title, organ or year fields could not be read.
    GRID_FRONT_MATTER = "grid.front_matter";
    /// A prose section (一, 五 or 六) is missing.
    GRID_PROSE_MISSING = "grid.prose_missing";

    // Documents (web pages, Word files).
    /// No report title (organ and year) was found in the document.
    DOCUMENT_NO_TITLE = "document.no_title";
    /// The page was not in the encoding it declares.
    HTML_ENCODING = "html.encoding";

    // The Python package's data frames.
    /// A count too large for a 64-bit column is left missing in the frame.
    PYTHON_OUT_OF_RANGE = "python.out_of_range";

    // Summing reports (汇总).
    /// Nothing to sum.
    SUM_EMPTY = "sum.empty";
    /// A cell is blank in some reports; the sum counts what is there.
    SUM_BLANK = "sum.blank";
    /// Reports of both editions of the form cannot be summed.
    SUM_MIXED_FORMS = "sum.mixed_forms";
    /// Reports of different years.
    SUM_MIXED_YEARS = "sum.mixed_years";
    /// A sum does not fit the number type.
    SUM_OVERFLOW = "sum.overflow";
    /// The 2019 form's signed counts cannot be summed.
    SUM_UNSUPPORTED = "sum.unsupported";

    // Many reports at once (batch, sum, review).
    /// The same file was reached twice (two paths, a link).
    DUPLICATE_SAME_FILE = "duplicate.same_file";
    /// A file is a byte-identical copy of an earlier one.
    DUPLICATE_IDENTICAL = "duplicate.identical";
    /// The same report (organ, year, every number) in another file or format.
    DUPLICATE_SAME_REPORT = "duplicate.same_report";
    /// Two different reports for one organ and year.
    DUPLICATE_ORGAN_YEAR = "duplicate.organ_year";
    /// 现行有效件数 ≠ last year's + 本年制发 − 本年废止 (规章, 行政规范性文件).
    IN_FORCE_CHAIN = "active.in_force_chain";
    /// A figure stated in the prose of 一 matches none of its meanings in the tables.
    REVIEW_PROSE_FIGURE = "review.prose_figure";
    /// The title lacks the organ, the year or the usual wording.
    REVIEW_TITLE = "review.title";
}

/// The registry entry of `id`, if it is one.
pub fn find(id: &str) -> Option<&'static RuleId> {
    ALL.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_summarised() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "a rule id is declared twice");
        assert!(ALL.iter().all(|r| !r.summary.trim().is_empty()));
        assert_eq!(find(BALANCE).map(|r| r.id), Some("applications.balance"));
    }
}
