//! The project's chores, as a library so that tests can run them:
//! [`fixtures`] regenerates and checks the expected outputs of the fixtures;
//! [`workbooks`] writes the edited and hostile workbook fixtures;
//! [`libreoffice`] regenerates what only LibreOffice makes;
//! [`docx`] writes a Word file from each seed;
//! [`docs`] generates `docs/form.md` and refreshes the documents' examples.

pub mod corpus;
pub mod docs;
pub mod docx;
pub mod fixtures;
pub mod libreoffice;
pub mod openpyxl;
pub mod workbooks;
