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
"""

import copy
import json
import random
import sys
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


def numbers(rng, blank):
    """The report's numbers: consistent, with a few blanks when `blank`."""
    big = rng.random() < 0.5
    active = {
        "regulation": {"issued": rng.randint(0, 3), "repealed": rng.randint(0, 2), "in_force": rng.randint(0, 40)},
        "normative": {"issued": rng.randint(0, 30), "repealed": rng.randint(0, 9), "in_force": rng.randint(0, 300)},
        "license": {"decisions": rng.randint(0, 20000 if big else 90)},
        "penalty": {"decisions": rng.randint(0, 5000 if big else 60)},
        "enforcement": {"decisions": rng.randint(0, 400)},
        "fee": {"amount": rng.choice([0, 0, 155.1344, 2.5, 12.08, 0.36])},
    }
    app = {r: {} for r in APP_ROWS}
    for c in APP_COLS[:-1]:
        scale = {"natural": 60, "commercial": 8, "research": 3, "social": 2, "legal": 5, "other_org": 2}[c]
        if big:
            scale *= 8
        total = 0
        for r in RESULT_ROWS:
            v = rng.randint(0, scale) if rng.random() < 0.55 else 0
            app[r][c] = v
            total += v
        app["total"][c] = total
        carry_forward = rng.randint(0, scale // 3 + 1)
        carried = rng.randint(0, total + carry_forward)
        app["carried_over"][c] = carried
        app["carry_forward"][c] = carry_forward
        app["new"][c] = total + carry_forward - carried
    for r in APP_ROWS:
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


def cell_text(v, blank):
    if v is None:
        return blank
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v)


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


def fill(doc, nums, blank, enum_dun, swap):
    t2, t3, t4 = doc.tables
    # Table 二.
    rows2 = {2: ("regulation", ["issued", "repealed", "in_force"]),
             3: ("normative", ["issued", "repealed", "in_force"]),
             6: ("license", ["decisions"]), 9: ("penalty", ["decisions"]),
             10: ("enforcement", ["decisions"]), 13: ("fee", ["amount"])}
    for ri, (key, cols) in rows2.items():
        tcs = t2.rows[ri]._tr.tc_lst[-len(cols):]
        for tc, c in zip(tcs, cols):
            set_text(docx.table._Cell(tc, t2), cell_text(nums["active"][key][c], blank or "/"))
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
    for i, key in enumerate(APP_ROWS):
        tr = t3.rows[3 + i]._tr
        tcs = tr.tc_lst
        for tc, c in zip(tcs[-7:], cols):
            set_text(docx.table._Cell(tc, t3), cell_text(nums["applications"][key][c], blank or "/"))
    # Table 四.
    tcs = t4.rows[3]._tr.tc_lst
    k = 0
    for g in REVIEW_GROUPS:
        for c in REVIEW_COLS:
            set_text(docx.table._Cell(tcs[k], t4), cell_text(nums["reviews"][g][c], blank or "/"))
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


def main():
    template, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for i, (title, width, wrap, blank, enum_dun, swap, footer) in enumerate(VARIANTS):
        rng = random.Random(1000 + i)
        organ = ORGANS[i]
        year = 2021 + i % 4
        doc = docx.Document(template)
        if "Title" not in [s.name for s in doc.styles]:
            st = doc.styles.add_style("Title", WD_STYLE_TYPE.PARAGRAPH)
            st.font.size = Pt(18)
            st.font.bold = True
        strip_template_blanks(doc)
        title_paragraphs(doc, title, organ, year)
        prose(doc, rng)
        nums = numbers(rng, blank is not None)
        fill(doc, nums, blank, enum_dun, swap)
        relabel(doc.tables[1], wrap, enum_dun)
        set_widths(doc.tables[1], WIDTHS[width])
        add_footer(doc.sections[0], footer)
        name = f"report-{i:02}"
        doc.save(out / f"{name}.docx")
        truth = {
            "organ": None if title == "no-title" else organ,
            "year": None if title == "no-title" else year,
            **nums,
        }
        (out / f"{name}.numbers.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{name}: {title}, {width} labels, wrap={wrap}, blank={blank}, 1、={enum_dun}, swapped={swap}, footer={footer}")


if __name__ == "__main__":
    main()
