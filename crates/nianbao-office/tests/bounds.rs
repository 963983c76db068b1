//! Reading a workbook is bounded by counts, so that anything inside the
//! limits reads within 2 s and 200 MB (docs/limits.md; the figures are
//! measured with `/usr/bin/time -v`, not asserted here): all sheets
//! together hold at most `MAX_WORKBOOK_CELLS` cells, and the shared-string
//! table at most `MAX_SHARED_STRINGS` entries, both refused before more is
//! held.

use nianbao_office::xlsx::limits::{MAX_SHARED_STRINGS, MAX_WORKBOOK_CELLS};
use nianbao_office::xlsx::{read_sheets, ImportError};
use rust_xlsxwriter::Workbook;

#[test]
fn many_sheets_of_strings_stop_at_the_workbook_s_cell_budget() {
    // 64 sheets of 4,000 strings each: 256,000 cells, each sheet well
    // inside its own limits, the workbook over its budget.
    let mut wb = Workbook::new();
    for s in 0..64 {
        let ws = wb.add_worksheet();
        for r in 0..200u32 {
            for c in 0..20u16 {
                ws.write_string(r, c, format!("说明{}", (r as u16 + c) % 50))
                    .unwrap();
            }
        }
        ws.set_name(format!("S{s}")).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    match read_sheets(&bytes) {
        Err(ImportError::SheetTooLarge { sheet, reason }) => {
            assert!(reason.contains(&MAX_WORKBOOK_CELLS.to_string()), "{reason}");
            // Refused on the sheet where the budget ran out, not after all.
            let n: usize = sheet[1..].parse().unwrap();
            assert_eq!(n, MAX_WORKBOOK_CELLS / 4_000, "{sheet}");
        }
        other => panic!("{:?}", other.map(|w| w.sheets.len())),
    }
}

#[test]
fn a_shared_string_table_over_the_limit_is_refused_before_it_is_held() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let n = MAX_SHARED_STRINGS as u32 + 1;
    // Distinct strings in few cells would not pass the cell budget either;
    // rows of 100 keep each sheet inside its own limits.
    for i in 0..n {
        ws.write_string(i / 100, (i % 100) as u16, format!("s{i}"))
            .unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    match read_sheets(&bytes) {
        Err(ImportError::UnsafeZip(m)) => assert!(m.contains("共享字符串"), "{m}"),
        other => panic!("{:?}", other.map(|w| w.sheets.len())),
    }
}
