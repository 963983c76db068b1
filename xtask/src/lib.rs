//! The project's chores, as a library so that tests can run them:
//! [`fixtures`] regenerates and checks the expected outputs of the fixtures;
//! [`workbooks`] writes the edited and hostile workbook fixtures;
//! [`libreoffice`] regenerates what only LibreOffice makes;
//! [`docx`] writes a Word file from each seed; [`pdf`] prints it to PDF
//! with LibreOffice and Chromium;
//! [`extract`] writes what real text extraction tools make of Word reports;
//! [`foreign`] writes Word 97 files (read) and documents nianbao refuses by
//! kind (.rtf, .odt, a picture);
//! [`docs`] generates `docs/form.md` and refreshes the documents' examples;
//! [`writers`] checks the Word documents and web pages nianbao writes
//! through LibreOffice, Chromium and pdftotext; [`corpus`] and [`region`]
//! generate reports for scale tests and for the review page.

pub mod corpus;
pub mod docs;
pub mod docx;
pub mod extract;
pub mod fixtures;
pub mod foreign;
pub mod libreoffice;
pub mod openpyxl;
pub mod pdf;
pub mod region;
pub mod workbooks;
pub mod writers;

use std::path::PathBuf;
use std::process::ExitCode;

/// The workspace: the folder above `fixtures/`.
pub fn workspace_root() -> PathBuf {
    fixtures::default_dir()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
}

/// The end of a task that writes files: each file written, then `next`
/// (what to run or review now); or the error, and a failing exit status.
pub fn report_written(result: anyhow::Result<Vec<PathBuf>>, next: &str) -> ExitCode {
    match result {
        Ok(written) => {
            for p in &written {
                println!("wrote {}", p.display());
            }
            println!("{next}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
