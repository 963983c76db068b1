"""Runs every text extraction tool found on this machine over the Word
reports of `cargo xtask extract`, writing `OUT/<tool>/<name>.txt`.

Usage: python3 run_tools.py DOCX_DIR OUT_DIR

Tools that are not installed are skipped with a message. Each output is the
tool's own text, as a user would get it with the tool's usual invocation:

- libreoffice-txt   soffice --convert-to txt (LibreOffice's text export)
- pdftotext-layout  pdftotext -layout, of LibreOffice's PDF
- pdftotext-raw     pdftotext -raw
- pdftotext         pdftotext (no option: table columns come one by one)
- pdfplumber        page.extract_text(), pages joined by a line break
- pdfminer          pdfminer.high_level.extract_text
- pymupdf           page.get_text(), pages joined
- pandoc-plain      pandoc -t plain
- pandoc-gfm        pandoc -t gfm
- python-docx       paragraphs and table rows in body order, a row's cells
                    (a merged cell once per grid column, as python-docx gives
                    them) joined by a space
- w3m               w3m -dump of LibreOffice's HTML export
- lynx              lynx -dump of LibreOffice's HTML export
- pypdf             pypdf's page.extract_text(), pages joined by a line break
- pypdf-layout      page.extract_text(extraction_mode="layout")
- pdfplumber-layout page.extract_text(layout=True)
- mutool            mutool draw -F txt (MuPDF)
- markitdown-docx   markitdown of the Word file (mammoth to HTML, then
                    markdownify: what many LLM pipelines feed on)
- markitdown-pdf    markitdown of LibreOffice's PDF
- mammoth-md        mammoth's markdown of the Word file
- mammoth-raw       mammoth.extract_raw_text
- docx2txt          docx2txt.process
- html2text         html2text (Python) of LibreOffice's HTML export
- pandoc-markdown   pandoc -t markdown (multiline, grid or HTML tables)
- pandoc-commonmark pandoc -t commonmark (tables as HTML)
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def have(cmd):
    return shutil.which(cmd) is not None


def module(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def write(out, tool, name, text):
    d = out / tool
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.txt").write_text(text, encoding="utf-8")


def soffice(docx, fmt, tmp):
    run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
         "--convert-to", fmt, "--outdir", str(tmp), str(docx)], timeout=180)


def python_docx_dump(path):
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    d = docx.Document(path)
    lines = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(el, d).text)
        elif tag == "tbl":
            for row in Table(el, d).rows:
                lines.append(" ".join(c.text for c in row.cells))
    return "\n".join(lines) + "\n"


def markitdown(path):
    from markitdown import MarkItDown
    return MarkItDown().convert(str(path)).text_content


def main():
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    docs = sorted(src.glob("*.docx"))
    missing = [t for t in ["soffice", "pdftotext", "pandoc", "w3m", "lynx"] if not have(t)]
    missing += [t for t in ["mutool"] if not have(t)]
    missing += [m for m in ["pdfplumber", "pdfminer", "fitz", "docx", "pypdf", "markitdown",
                            "mammoth", "docx2txt", "html2text"] if not module(m)]
    for m in missing:
        print(f"skipped: {m} is not installed", file=sys.stderr)
    for doc in docs:
        name = doc.stem
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            pdf = tmp / f"{name}.pdf"
            if have("soffice"):
                soffice(doc, "pdf", tmp)
                soffice(doc, "txt:Text (encoded):UTF8", tmp)
                write(out, "libreoffice-txt", name, (tmp / f"{name}.txt").read_text(encoding="utf-8-sig"))
                soffice(doc, "html", tmp)
                html = tmp / f"{name}.html"
                if have("w3m"):
                    r = run(["w3m", "-dump", "-cols", "200", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", str(html)])
                    write(out, "w3m", name, r.stdout.decode("utf-8"))
                if have("lynx"):
                    r = run(["lynx", "-dump", "-width=200", "-display_charset=utf-8", "-assume_charset=utf-8", str(html)])
                    write(out, "lynx", name, r.stdout.decode("utf-8"))
                if module("html2text"):
                    import html2text
                    h = html2text.HTML2Text()
                    h.body_width = 0
                    write(out, "html2text", name, h.handle(html.read_text(encoding="utf-8", errors="replace")))
            if pdf.exists():
                if have("pdftotext"):
                    for tool, opts in [("pdftotext-layout", ["-layout"]), ("pdftotext-raw", ["-raw"]), ("pdftotext", [])]:
                        r = run(["pdftotext", *opts, "-enc", "UTF-8", str(pdf), "-"])
                        write(out, tool, name, r.stdout.decode("utf-8"))
                if module("pdfplumber"):
                    import pdfplumber
                    with pdfplumber.open(pdf) as p:
                        write(out, "pdfplumber", name, "\n".join(pg.extract_text() or "" for pg in p.pages) + "\n")
                if module("pdfminer"):
                    from pdfminer.high_level import extract_text
                    write(out, "pdfminer", name, extract_text(str(pdf)))
                if module("fitz"):
                    import fitz
                    with fitz.open(pdf) as p:
                        write(out, "pymupdf", name, "".join(pg.get_text() for pg in p))
                if module("pdfplumber"):
                    import pdfplumber
                    with pdfplumber.open(pdf) as p:
                        write(out, "pdfplumber-layout", name,
                              "\n".join(pg.extract_text(layout=True) or "" for pg in p.pages) + "\n")
                if module("pypdf"):
                    import pypdf
                    r = pypdf.PdfReader(str(pdf))
                    write(out, "pypdf", name, "\n".join(pg.extract_text() for pg in r.pages) + "\n")
                    write(out, "pypdf-layout", name,
                          "\n".join(pg.extract_text(extraction_mode="layout") for pg in r.pages) + "\n")
                if have("mutool"):
                    r = run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)])
                    write(out, "mutool", name, r.stdout.decode("utf-8"))
                if module("markitdown"):
                    write(out, "markitdown-pdf", name, markitdown(pdf))
            if have("pandoc"):
                for tool, fmt in [("pandoc-plain", "plain"), ("pandoc-gfm", "gfm"),
                                  ("pandoc-markdown", "markdown"), ("pandoc-commonmark", "commonmark")]:
                    r = run(["pandoc", "-f", "docx", "-t", fmt, str(doc)])
                    write(out, tool, name, r.stdout.decode("utf-8"))
            if module("docx"):
                write(out, "python-docx", name, python_docx_dump(doc))
            if module("markitdown"):
                write(out, "markitdown-docx", name, markitdown(doc))
            if module("mammoth"):
                import mammoth
                with open(doc, "rb") as f:
                    write(out, "mammoth-md", name, mammoth.convert_to_markdown(f).value)
                with open(doc, "rb") as f:
                    write(out, "mammoth-raw", name, mammoth.extract_raw_text(f).value)
            if module("docx2txt"):
                import docx2txt
                write(out, "docx2txt", name, docx2txt.process(str(doc)))
        print(f"{name}: done", file=sys.stderr)


if __name__ == "__main__":
    main()
