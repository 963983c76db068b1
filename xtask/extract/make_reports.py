"""Writes the Word reports of `cargo xtask extract` and their true numbers.

Usage: python3 make_reports.py TEMPLATE OUT_DIR

Each report is the official Word template (政务公开年报模版.docx, with its
merged cells: the vertical 三、本年度办理结果, the groups （三）…（六）, the two
header rows of table 四) filled with generated numbers, and varied as offices
vary it: the title in one line, over two lines or as a Word `Title`
paragraph (or missing); wide and narrow label columns (labels wrapped by the
cell width), labels wrapped by hand (a line break or a second paragraph in
the cell), blanks written `/` or `—`, items numbered `1、`, the columns
科研机构 and 商业企业 swapped, page numbers in the footer framed `-4-`,
`— 4 —` or bare. For every `NAME.docx` it writes `NAME.numbers.json`: the
organ, the year and every number as generated (a blank is null), in the
JSON shape of FORM.md. The numbers are consistent (totals add up).

Reports 00–11 are the first set and keep their bytes (a report is written
only when its content changed). The reports after them (NEW_VARIANTS) add
reports on the 2019 form (国办公开办函〔2019〕60号: table 二 of five blocks with
本年增/减 and 政府集中采购, （六）其他处理 one row, 三、本年度办理结果 split by a
page break) built from the same template, and 2021 reports with numbers
written `1,234` or in full-width digits, table 二 cells with notes
(`22（其中修订16件）`), very long organ names whose title wraps, a title
with the year first or written `二〇二三年`.
"""

import copy
import io
import json
import random
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Pt

# Row keys of table 三 in the template's order, and the columns.
APP_ROWS = [
    "new", "carried_over", "granted", "partly_granted",
    "denied.state_secret", "denied.law_forbidden", "denied.three_safety",
    "denied.third_party", "denied.internal_affairs", "denied.process_info",
    "denied.enforcement_file", "denied.admin_query",
    "unable.not_held", "unable.need_create", "unable.unclear",
    "not_processed.complaint", "not_processed.duplicate",
    "not_processed.publication", "not_processed.mass_repeated",
    "not_processed.confirm_again",
    "other.no_correction", "other.no_fee", "other.other",
    "total", "carry_forward",
]
RESULT_ROWS = APP_ROWS[2:23]
# The 2019 form: （六）其他处理 is one row.
APP_ROWS_2019 = APP_ROWS[:20] + ["other", "total", "carry_forward"]
RESULT_ROWS_2019 = APP_ROWS_2019[2:21]
APP_COLS = ["natural", "commercial", "research", "social", "legal", "other_org", "total"]
REVIEW_GROUPS = ["review", "suit_direct", "suit_after_review"]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]

ORGANS = [
    "洛阳市公安局西工分局",
    "某某市人民政府",
    "三门峡市陕州区公安局",
    "临夏回族自治州住房和城乡建设局",
    "某某县人民政府办公室",
    "北京市朝阳区市场监督管理局",
    "上海市浦东新区生态环境局",
    "某某省自然资源厅",
    "某某市卫生健康委员会",
    "广州市天河区人民政府",
    "某某镇人民政府",
    "成都市武侯区教育局",
]

# (title style, table 三 label widths in twips, wrap by hand, blank mark,
#  `1、` numbering, swap commercial/research, footer framing)
VARIANTS = [
    ("one-line", "wide", None, None, False, False, "dash"),
    ("two-lines", "narrow", None, "/", False, False, "emdash"),
    ("word-title", "wide", "br", None, False, False, "bare"),
    ("one-line-wraps", "narrow", "para", "—", False, False, "dash"),
    ("two-lines", "very-narrow", None, None, True, False, "emdash"),
    ("one-line", "narrow", "br", "/", False, True, "dash"),
    ("word-title", "very-narrow", None, None, False, False, "emdash"),
    ("one-line-spaced", "wide", None, "—", True, False, "bare"),
    ("one-line-wraps", "very-narrow", "br", None, False, False, "emdash"),
    ("two-lines", "wide", "para", None, False, True, "dash"),
    ("no-title", "narrow", None, None, False, False, "emdash"),
    ("word-title", "narrow", "br", "/", True, False, "dash"),
]

# The reports after the first twelve: the same fields by name, and
#   rng, organ, year  the numbers' seed, the organ and the year, when not
#             the report's own (NEW_ORGANS by position)
#   form      2019 for the 2019 form (years 2019 and 2020)
#   digits    "ascii", "thousands" (`1,234`) or "fullwidth" (`１２３４`)
#   notes     table 二 cells with a note after the number
#   split     2019: 三、本年度办理结果 restarted at （四）, as a page break
#             leaves it in Word files copied together
#   big       larger numbers (so that thousands are common)
NEW_VARIANTS = [
    dict(form=2019, title="one-line", width="wide", wrap=None, blank=None, footer="dash"),
    dict(form=2019, title="two-lines", width="narrow", wrap="br", blank="/", enum_dun=True, footer="emdash"),
    dict(form=2019, title="word-title", width="very-narrow", wrap="para", blank="—", split=True, footer="bare"),
    dict(form=2019, title="one-line-spaced", width="narrow", wrap=None, blank=None, swap=True, split=True, footer="dash"),
    dict(title="one-line", width="wide", digits="thousands", big=True, footer="emdash"),
    dict(title="two-lines", width="narrow", digits="fullwidth", blank="/", footer="dash"),
    dict(title="one-line-spaced", width="narrow", notes=True, wrap="br", footer="bare"),
    dict(title="one-line", width="very-narrow", digits="thousands", big=True, notes=True, enum_dun=True, footer="dash"),
    dict(title="year-first", width="wide", blank="—", footer="emdash"),
    dict(title="chinese-year", width="narrow", wrap="para", footer="dash"),
    dict(title="one-line-wraps", width="wide", digits="fullwidth", swap=True, footer="emdash"),
    dict(title="two-lines", width="very-narrow", notes=True, blank="/", footer="bare"),
    # Found by random variants through every tool (seed, organ and year as
    # they were): a page break inside table 三's header of a reordered
    # header; a 2019 report with 1,234 cut in narrow cells; a page number
    # after table 四's row; a label run into its value by PyMuPDF and a row's
    # values above its label in pypdf's layout mode.
    dict(rng=8006, organ="广州市天河区人民政府", year=2024, title="one-line", width="wide", wrap="br", blank="—",
         swap=True, big=False, footer="bare"),
    dict(rng=8003, organ="某某省自然资源厅", year=2020, form=2019, title="year-first", width="wide",
         digits="thousands", big=True, footer="emdash"),
    dict(rng=12001, organ="某某市人民政府", year=2021, title="year-first", width="very-narrow", blank="—",
         big=False, footer="bare"),
    dict(rng=12003, organ="临夏回族自治州住房和城乡建设局", year=2024, title="two-lines", width="very-narrow",
         blank="/", swap=True, notes=True, big=False, footer="emdash"),
    # A long organ on a line of its own that wraps (its tail was taken for
    # the organ); page breaks inside a row's wrapped label.
    dict(rng=24021, organ="中国（上海）自由贸易试验区临港新片区管理委员会生态环境和城市管理局", year=2023,
         title="two-lines", width="narrow", blank="—", big=True, footer="dash"),
    dict(rng=24003, organ="某某市人民政府", year=2024, title="year-first", width="very-narrow", big=True,
         footer="bare"),
    dict(rng=24011, organ="杭州市西湖区人民政府", year=2022, title="one-line-spaced", width="wide", wrap="br",
         blank="—", enum_dun=True, digits="thousands", notes=True, big=False, footer="bare"),
    # A label cut off at `…不计其他` (row （二）) read as row 3.其他.
    dict(rng=32021, organ="某某市人力资源和社会保障局", year=2023, title="year-first", width="very-narrow", wrap="br",
         enum_dun=True, swap=True, big=True, footer="emdash"),
    # A page break between table 四's header and its row: the page number
    # before the row's values (PyMuPDF's values were shifted by one).
    dict(rng=42020, organ="中国（上海）自由贸易试验区临港新片区管理委员会生态环境和城市管理局", year=2023, title="chinese-year", width="narrow", wrap="br",
         digits="thousands", big=True, footer="bare"),
    # Full-width digits broken across lines, from random reports: a group
    # label's piece before a row's label on the line of a broken number's
    # tail (`本年  （二）部分公开  … １`, read as a tail before); PyMuPDF
    # running a label into a full-width value after `、` (`不补正、２９`).
    dict(rng=700, organ="平潭综合实验区管理委员会", year=2022, title="two-lines", width="narrow", wrap="para",
         enum_dun=True, digits="fullwidth", big=False, footer="emdash"),
    dict(rng=702, organ="某某市生态环境局", year=2022, title="one-line", width="wide", blank="—", swap=True,
         digits="fullwidth", big=False, footer="dash"),
]

NEW_ORGANS = [
    "平潭综合实验区管理委员会",
    "某某市生态环境局",
    "某某自治县人民政府",
    "西安市雁塔区城市管理和综合执法局",
    "深圳市规划和自然资源局",
    "某某县市场监督管理局",
    "中国（上海）自由贸易试验区临港新片区管理委员会生态环境和城市管理局",
    "某某市人力资源和社会保障局",
    "杭州市西湖区人民政府",
    "某某市交通运输局",
    "新疆维吾尔自治区伊犁哈萨克自治州奎屯市住房和城乡建设局",
    "某某市退役军人事务局",
]

WIDTHS = {
    "wide": [754, 921, 3271] + [685] * 7,
    "narrow": [600, 800, 1900] + [921] * 7,
    "very-narrow": [500, 700, 1300] + [1035] * 7,
}

# Labels wrapped by hand: where the line break goes.
HAND_WRAPS = {
    "5.要求行政机关确认或重新出具已获取信息": 10,
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": 16,
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": 17,
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": 7,
    "一、本年新收政府信息公开申请数量": 8,
}

PROSE = (
    "本年度，我单位深入贯彻落实《中华人民共和国政府信息公开条例》，"
    "坚持以公开为常态、不公开为例外，围绕中心工作，"
    "不断加强主动公开、规范依申请公开、强化平台建设和监督保障，"
    "政府信息公开工作取得新成效。"
)


def set_text(cell, text, wrap=None):
    """Replaces a cell's text, keeping the first paragraph's formatting.
    `wrap`: None, "br" (a line break) or "para" (a second paragraph) at the
    place HAND_WRAPS gives for this label."""
    paras = cell.paragraphs
    for p in paras[1:]:
        p._p.getparent().remove(p._p)
    p = paras[0]
    rpr = None
    for r in p.runs:
        if rpr is None and r._r.rPr is not None:
            rpr = copy.deepcopy(r._r.rPr)
        r._r.getparent().remove(r._r)
    for el in list(p._p):
        if el.tag != qn("w:pPr"):
            p._p.remove(el)
    cut = HAND_WRAPS.get(text.replace("1、", "1.").replace("2、", "2.").replace("5、", "5."))
    parts = [text] if wrap is None or cut is None else [text[:cut], text[cut:]]

    def run(par, s):
        r = par.add_run(s)
        if rpr is not None:
            r._r.insert(0, copy.deepcopy(rpr))
        return r

    if wrap == "para" and len(parts) == 2:
        run(p, parts[0])
        new = copy.deepcopy(p._p)
        p._p.addnext(new)
        for el in list(new):
            if el.tag == qn("w:r"):
                new.remove(el)
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        t = OxmlElement("w:t")
        t.text = parts[1]
        r.append(t)
        new.append(r)
    else:
        r = run(p, parts[0])
        if len(parts) == 2:
            r.add_break()
            r.add_text(parts[1])


def set_widths(table, widths):
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(w))
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            w = sum(widths[col:col + span])
            tcw = tc.get_or_add_tcPr().find(qn("w:tcW"))
            if tcw is not None:
                tcw.set(qn("w:w"), str(w))
                tcw.set(qn("w:type"), "dxa")
            col += span


def numbers(rng, blank, form=2021, big=None):
    """The report's numbers: consistent, with a few blanks when `blank`;
    larger when `big` (by chance when None)."""
    chance = rng.random() < 0.5
    big = chance if big is None else big
    if form == 2019:
        def items(prev, dec):
            return {"previous": rng.randint(0, prev), "change": rng.randint(-6, 6), "decisions": rng.randint(0, dec)}
        made = rng.randint(0, 40)
        active = {
            "regulation": {"made": rng.randint(0, 2), "published": rng.randint(0, 2), "total_published": rng.randint(0, 30)},
            "normative": {"made": made, "published": made, "total_published": made + rng.randint(0, 300)},
            "license": items(600, 20000 if big else 90),
            "other_services": items(200, 400),
            "penalty": items(3000, 5000 if big else 60),
            "enforcement": items(200, 400),
            "fee": {"previous": rng.randint(0, 60), "change": rng.randint(-3, 3)},
            "procurement": {"items": rng.randint(0, 300), "amount": rng.choice([0, 75394432.52, 1285000.5, 36890.0, 412.75])},
        }
        rows, results = APP_ROWS_2019, RESULT_ROWS_2019
    else:
        active = {
            "regulation": {"issued": rng.randint(0, 3), "repealed": rng.randint(0, 2), "in_force": rng.randint(0, 40)},
            "normative": {"issued": rng.randint(0, 30), "repealed": rng.randint(0, 9), "in_force": rng.randint(0, 300)},
            "license": {"decisions": rng.randint(0, 20000 if big else 90)},
            "penalty": {"decisions": rng.randint(0, 5000 if big else 60)},
            "enforcement": {"decisions": rng.randint(0, 400)},
            "fee": {"amount": rng.choice([0, 0, 155.1344, 2.5, 12.08, 0.36])},
        }
        rows, results = APP_ROWS, RESULT_ROWS
    app = {r: {} for r in rows}
    for c in APP_COLS[:-1]:
        scale = {"natural": 60, "commercial": 8, "research": 3, "social": 2, "legal": 5, "other_org": 2}[c]
        if big:
            scale *= 8
        total = 0
        for r in results:
            v = rng.randint(0, scale) if rng.random() < 0.55 else 0
            app[r][c] = v
            total += v
        app["total"][c] = total
        carry_forward = rng.randint(0, scale // 3 + 1)
        carried = rng.randint(0, total + carry_forward)
        app["carried_over"][c] = carried
        app["carry_forward"][c] = carry_forward
        app["new"][c] = total + carry_forward - carried
    for r in rows:
        app[r]["total"] = sum(app[r][c] for c in APP_COLS[:-1])
    reviews = {}
    for g in REVIEW_GROUPS:
        vals = {k: (rng.randint(0, 9) if rng.random() < 0.6 else 0) for k in REVIEW_COLS[:-1]}
        vals["total"] = sum(vals.values())
        reviews[g] = vals
    if blank:
        # Offices write blanks where nothing happened: 规章 when the organ
        # makes none, a column of zeros in table 四.
        for k in active["regulation"]:
            active["regulation"][k] = None
        reviews["suit_after_review"] = {k: None for k in REVIEW_COLS}
    return {"active": active, "applications": app, "reviews": reviews}


FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def cell_text(v, blank, digits="ascii"):
    """A number as the cell shows it: `digits` "ascii", "thousands"
    (`12,345`; counts only) or "fullwidth" (`１２３４５`)."""
    if v is None:
        return blank
    if isinstance(v, float):
        s = repr(v) if v != int(v) else str(int(v))
    elif digits == "thousands":
        s = f"{v:,}"
    else:
        s = str(v)
    return s.translate(FULLWIDTH) if digits == "fullwidth" else s


def add_footer(section, framing):
    p = section.footer.paragraphs[0]
    p.alignment = 1
    pre, post = {"dash": ("-", "-"), "emdash": ("— ", " —"), "bare": ("", "")}[framing]
    if pre:
        p.add_run(pre)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    if post:
        p.add_run(post)


CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def title_paragraphs(doc, style, organ, year):
    """Replaces the template's heading line by the title in `style`."""
    first = doc.paragraphs[1]  # 政府信息公开工作年度报告格式模板
    anchor = first._p
    texts = {
        "one-line": [f"{organ}{year}年政府信息公开工作年度报告"],
        "one-line-wraps": [f"{organ}{year}年政府信息公开工作年度报告"],
        "one-line-spaced": [f"{organ} {year} 年政府信息公开工作年度报告"],
        "two-lines": [organ, f"{year}年政府信息公开工作年度报告"],
        "word-title": [f"{organ}{year}年政府信息公开工作年度报告"],
        "year-first": [f"{year}年{organ}政府信息公开工作年度报告"],
        "chinese-year": [f"{organ}{str(year).translate(CHINESE_DIGITS)}年政府信息公开工作年度报告"],
        "no-title": [],
    }[style]
    paras = []
    for t in texts:
        p = doc.add_paragraph()
        anchor.addprevious(p._p)
        run = p.add_run(t)
        run.bold = True
        # Large enough that a long title wraps on an A4 page.
        run.font.size = Pt(26 if style == "one-line-wraps" else 18)
        p.alignment = 1
        if style == "word-title":
            p.style = doc.styles["Title"]
        paras.append(p)
    anchor.getparent().remove(anchor)


def cell_of(tc, table):
    return docx.table._Cell(tc, table)


def table2_2019(t2):
    """Rebuilds table 二 of the 2021 template as the 2019 form's: five
    blocks, each a caption row over the four grid columns, a header row and
    its rows; a block of two columns spans its last column over two grid
    columns, as the 2019 Word form does."""
    tbl = t2._tbl
    trs = tbl.tr_lst
    caption, header, data = trs[0], trs[1], trs[2]
    blocks = [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
    ]
    new = []

    def row_like(tr, texts):
        r = copy.deepcopy(tr)
        tcs = r.tc_lst
        if len(texts) == 3:
            # Label, one column, one column over two grid columns.
            r.remove(tcs[3])
            tcs[2].grid_span = 2
            tcw = tcs[2].tcPr.find(qn("w:tcW"))
            if tcw is not None:
                tcw.set(qn("w:w"), str(2 * int(tcw.get(qn("w:w")))))
        for tc, t in zip(r.tc_lst, texts):
            set_text(cell_of(tc, t2), t)
        return r

    for cap, cols, rows in blocks:
        c = copy.deepcopy(caption)
        set_text(cell_of(c.tc_lst[0], t2), cap)
        new.append(c)
        new.append(row_like(header, ["信息内容", *cols]))
        for label in rows:
            new.append(row_like(data, [label, *[""] * len(cols)]))
    for tr in trs:
        tbl.remove(tr)
    for tr in new:
        tbl.append(tr)


def table3_2019(t3, split):
    """Table 三 of the 2019 form: （六）其他处理 one row over label columns
    2–3 (its items 2 and 3 removed); with `split`, 三、本年度办理结果 starts
    again at （四）, as where a page break cut the merged cell."""
    trs = t3._tbl.tr_lst
    # Rows 3 + index in APP_ROWS: other.no_correction 23, no_fee 24, other 25.
    t3._tbl.remove(trs[25])
    t3._tbl.remove(trs[24])
    tcs = trs[23].tc_lst
    trs[23].remove(tcs[2])
    tcs[1].grid_span = 2
    tcs[1].vMerge = None
    if split:
        first = trs[15].tc_lst[0]
        first.vMerge = "restart"
        set_text(cell_of(first, t3), "三、本年度办理结果")


def with_note(v, note, blank):
    """`22（其中修订16件）`: a number and the note an office put beside it."""
    return blank if v is None else f"{v}（{note}）"


def fill(doc, nums, blank, enum_dun, swap, form=2021, digits="ascii", notes=False, yuan=False):
    t2, t3, t4 = doc.tables
    text = lambda v: cell_text(v, blank or "/", digits)
    # Table 二.
    a = nums["active"]
    if form == 2019:
        rows2 = {2: ("regulation", ["made", "published", "total_published"]),
                 3: ("normative", ["made", "published", "total_published"]),
                 6: ("license", ["previous", "change", "decisions"]),
                 7: ("other_services", ["previous", "change", "decisions"]),
                 10: ("penalty", ["previous", "change", "decisions"]),
                 11: ("enforcement", ["previous", "change", "decisions"]),
                 14: ("fee", ["previous", "change"]),
                 17: ("procurement", ["items", "amount"])}
    else:
        rows2 = {2: ("regulation", ["issued", "repealed", "in_force"]),
                 3: ("normative", ["issued", "repealed", "in_force"]),
                 6: ("license", ["decisions"]), 9: ("penalty", ["decisions"]),
                 10: ("enforcement", ["decisions"]), 13: ("fee", ["amount"])}
    texts = {(k, c): text(a[k][c]) for k, cols in rows2.values() for c in cols}
    if form == 2019 and yuan and a["procurement"]["amount"] is not None:
        texts[("procurement", "amount")] += "元"
    if notes:
        n = a["normative"]["issued"]
        texts[("normative", "issued")] = with_note(n, f"其中修订{n // 3}件", blank or "/")
        p = a["penalty"]["decisions"]
        texts[("penalty", "decisions")] = with_note(p, f"其中简易程序{p // 2}件", blank or "/")
        texts[("license", "decisions")] = with_note(a["license"]["decisions"], "含变更、延续", blank or "/")
    for ri, (key, cols) in rows2.items():
        tcs = t2.rows[ri]._tr.tc_lst[-len(cols):]
        for tc, c in zip(tcs, cols):
            set_text(docx.table._Cell(tc, t2), texts[(key, c)])
    # Table 三.
    cols = list(APP_COLS)
    if swap:
        cols[1], cols[2] = cols[2], cols[1]
        hdr = t3.rows[2]._tr.tc_lst
        # The header cells of 商业企业 and 科研机构 (physical cells 2 and 3).
        a, b = hdr[2], hdr[3]
        ta, tb = docx.table._Cell(a, t3).text, docx.table._Cell(b, t3).text
        set_text(docx.table._Cell(a, t3), tb.replace("\n", ""))
        set_text(docx.table._Cell(b, t3), ta.replace("\n", ""))
    for i, key in enumerate(APP_ROWS_2019 if form == 2019 else APP_ROWS):
        tr = t3.rows[3 + i]._tr
        tcs = tr.tc_lst
        for tc, c in zip(tcs[-7:], cols):
            set_text(docx.table._Cell(tc, t3), text(nums["applications"][key][c]))
    # Table 四.
    tcs = t4.rows[3]._tr.tc_lst
    k = 0
    for g in REVIEW_GROUPS:
        for c in REVIEW_COLS:
            set_text(docx.table._Cell(tcs[k], t4), text(nums["reviews"][g][c]))
            k += 1


def relabel(table, wrap, enum_dun):
    """Rewrites the label cells of table 三 (numbering, hand wraps)."""
    for tr in table._tbl.tr_lst[3:]:
        for tc in tr.tc_lst[:-7]:
            cell = docx.table._Cell(tc, table)
            text = cell.text
            if not text.strip():
                continue
            new = text
            if enum_dun and len(new) > 2 and new[0].isdigit() and new[1] == ".":
                new = new[0] + "、" + new[2:]
            if new != text or (wrap and text in HAND_WRAPS):
                set_text(cell, new, wrap)


def prose(doc, rng):
    for p in doc.paragraphs:
        if p.text.startswith("（文字描述"):
            n = rng.randint(1, 6)
            p.text = ""
            p.add_run(PROSE * n)


def strip_template_blanks(doc):
    for t in doc.tables:
        for tr in t._tbl.tr_lst:
            for tc in tr.tc_lst:
                cell = docx.table._Cell(tc, t)
                if cell.text.strip("\u3000 ") == "" and "\u3000" in cell.text:
                    set_text(cell, "")


def save(doc, path):
    """Writes the document unless `path` already holds the same parts (a
    .docx differs in its zip timestamps alone from one run to the next, and
    the committed reports keep their bytes)."""
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    if path.exists():
        def parts(b):
            with zipfile.ZipFile(io.BytesIO(b)) as z:
                return {n: z.read(n) for n in z.namelist()}
        if parts(path.read_bytes()) == parts(data):
            return
    path.write_bytes(data)


def variants():
    """Every report's variant as a dict: the first twelve, then the new."""
    keys = ["title", "width", "wrap", "blank", "enum_dun", "swap", "footer"]
    for i, v in enumerate(VARIANTS):
        yield i, ORGANS[i], 2021 + i % 4, dict(zip(keys, v))
    for j, v in enumerate(NEW_VARIANTS):
        i = len(VARIANTS) + j
        year = (2019 + j % 2) if v.get("form") == 2019 else 2021 + j % 4
        yield i, v.get("organ") or NEW_ORGANS[j], v.get("year", year), v


def main():
    template, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for i, organ, year, v in variants():
        title, width, wrap, blank = v["title"], v["width"], v.get("wrap"), v.get("blank")
        enum_dun, swap, footer = v.get("enum_dun", False), v.get("swap", False), v["footer"]
        form = v.get("form", 2021)
        rng = random.Random(v.get("rng", 1000 + i))
        doc = docx.Document(template)
        if "Title" not in [s.name for s in doc.styles]:
            st = doc.styles.add_style("Title", WD_STYLE_TYPE.PARAGRAPH)
            st.font.size = Pt(18)
            st.font.bold = True
        strip_template_blanks(doc)
        if form == 2019:
            table2_2019(doc.tables[0])
            table3_2019(doc.tables[1], v.get("split", False))
        title_paragraphs(doc, title, organ, year)
        prose(doc, rng)
        nums = numbers(rng, blank is not None, form, v.get("big"))
        fill(doc, nums, blank, enum_dun, swap, form, v.get("digits", "ascii"), v.get("notes", False), i % 2 == 1)
        relabel(doc.tables[1], wrap, enum_dun)
        set_widths(doc.tables[1], WIDTHS[width])
        add_footer(doc.sections[0], footer)
        name = f"report-{i:02}"
        save(doc, out / f"{name}.docx")
        truth = {
            **({"form": "2019"} if form == 2019 else {}),
            "organ": None if title == "no-title" else organ,
            "year": None if title == "no-title" else year,
            **nums,
        }
        (out / f"{name}.numbers.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        extra = {k: v[k] for k in ["form", "digits", "notes", "split", "big"] if k in v}
        print(f"{name}: {title}, {width} labels, wrap={wrap}, blank={blank}, 1、={enum_dun}, swapped={swap}, footer={footer}"
              + (f", {extra}" if extra else ""))


if __name__ == "__main__":
    main()
