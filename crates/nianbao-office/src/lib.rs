//! Office files, read and written: the official spreadsheet form
//! ([`xlsx`]: a filled-in workbook — .xlsx, .xls, .ods — imported, a report
//! exported as the form, the empty fill-in template) and Word files
//! ([`docx`]: a report read from a .docx; [`doc`]: the text of a Word 97
//! or WPS file, for the text reader).
//!
//! Every container is untrusted and passes one guard ([`zip`]) before its
//! XML is read: told by its magic bytes, its zip entries counted and
//! inflated into a sink under limits. The tables become
//! [`nianbao_model::grid::Sheet`]s and the model's label-driven finder
//! reads them: nothing in this crate knows an address of the form.

pub mod doc;
pub mod docx;
pub mod xlsx;
pub mod zip;
