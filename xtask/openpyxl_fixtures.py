"""Writes fixtures/xlsx/openpyxl/: nianbao's template, filled in, saved by openpyxl.

Called by `cargo xtask openpyxl` with: the filled template, the output folder,
the sheet and cell of carry_forward/natural (to break the balance) and the
sheet and cell of a count (to hold a date).

openpyxl keeps formulas but saves no result for them (it cannot compute),
as every workbook it writes: nianbao must evaluate the template's sums.
"""
import datetime
import sys

import openpyxl

src, out, bal_sheet, bal_cell, date_sheet, date_cell, avg_sheet, avg_cell = sys.argv[1:9]


def load():
    return openpyxl.load_workbook(src)


# 1. Saved as it is: every formula loses its cached result.
wb = load()
wb.save(f"{out}/openpyxl-saved.xlsx")

# 2. One more case carried forward: the balance 一+二 = 三+四 breaks.
wb = load()
c = wb[bal_sheet][bal_cell]
c.value = (c.value or 0) + 1
wb.save(f"{out}/openpyxl-balance-broken.xlsx")

# 3. A date typed into a count cell.
wb = load()
wb[date_sheet][date_cell].value = datetime.date(2022, 8, 17)
wb.save(f"{out}/openpyxl-date-in-count.xlsx")

# 4. A total computed by a formula nianbao does not evaluate.
wb = load()
wb[avg_sheet][avg_cell].value = "=AVERAGE(D5:I5)*6"
wb.save(f"{out}/openpyxl-other-formula.xlsx")
