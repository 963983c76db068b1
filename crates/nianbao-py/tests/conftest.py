"""Shared helpers of the pytest suite of the `nianbao` Python package.

The suite runs against the installed wheel (`.ci/run` builds it into a
fresh virtualenv). Nothing here skips: if `nianbao` cannot be imported,
every test fails on the import.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"
READ_EXTENSIONS = {".pdf", ".txt", ".text", ".md", ".json", ".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".html", ".htm", ".docx", ".doc", ".wps", ".mht", ".mhtml"}


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def seed_inputs() -> "list[Path]":
    found = sorted(p for p in SEEDS.glob("*.txt") if ".expected." not in p.name)
    assert len(found) == 5, f"the five seed reports, found {found}"
    return found


def fixture_inputs() -> "list[Path]":
    """Every fixture input with its expectations beside it."""
    out = []
    for p in sorted(FIXTURES.rglob("*")):
        if not p.is_file() or p.suffix.lower() not in READ_EXTENSIONS:
            continue
        if ".expected." in p.name or p.name.endswith(".numbers.json") or p.name.startswith("README"):
            continue
        if "fuzz" in p.parts:
            continue
        if any(expected(p, k).exists() for k in ("json", "err")):
            out.append(p)
    assert len(out) > 30, f"fixture inputs found: {len(out)}"
    return out


def expected(p: Path, kind: str) -> Path:
    return p.with_name(f"{p.name[: -len(p.suffix)]}.expected.{kind}")


LINE = re.compile(r"^(error|warning)\[([^\]]+)\] (\S+): (.*)$")


def finding_lines(path: Path) -> "list[tuple[str, str, str, str]]":
    """`severity[rule] location: message` lines of a `.diag` or `.err` file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line)
        assert m, f"{path}: unparsed line {line!r}"
        out.append(m.groups())
    return out


def render_location(loc) -> str:
    if loc is None:
        return "-"
    if "line" in loc:
        return f"{loc['line']}:{loc['column']}"
    return f"{loc['sheet']}!{loc['cell']}"


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A folder of the five seeds (one in a subfolder) and one refused file."""
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    for i, p in enumerate(seed_inputs()):
        target = d / "sub" / p.name if i == 4 else d / p.name
        target.write_bytes(p.read_bytes())
    (d / "zz-empty.txt").write_bytes(b"")
    (d / "notes.png").write_bytes(b"\x89PNG not a report")
    return d
