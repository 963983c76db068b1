"""One report: every fixture read exactly as the command line reads it, the
seeds against their hand-read numbers, refusals raised with diagnostics."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import nianbao
from conftest import (
    SEEDS,
    expected,
    finding_lines,
    fixture_inputs,
    load_json,
    render_location,
    seed_inputs,
)


def subset_matches(got, want, path="") -> "list[str]":
    """Where `got` differs from `want` on the keys `want` has."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: {got!r} is not an object"]
        out = []
        for k, v in want.items():
            if k not in got:
                out.append(f"{path}.{k}: missing")
            else:
                out += subset_matches(got[k], v, f"{path}.{k}")
        return out
    # Exact: 155.1344 must stay Decimal("155.1344"), a blank None, never 0.
    same = got == want and type(got) is type(want)
    return [] if same else [f"{path}: {got!r} != {want!r}"]


@pytest.mark.parametrize("path", seed_inputs(), ids=lambda p: p.name)
def test_seeds_read_exactly_their_hand_read_numbers(path: Path):
    report = nianbao.read(path)
    got = report.to_dict(decimal=True)
    numbers = load_json(path.with_name(path.name.replace(".txt", ".numbers.json")))
    assert subset_matches(got, numbers) == []
    assert report.organ == numbers["organ"] and report.year == numbers["year"]
    assert report.form == "2021"


@pytest.mark.parametrize("path", fixture_inputs(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_fixture_reads_as_the_command_line_reads_it(path: Path):
    want_json = expected(path, "json")
    if expected(path, "err").exists():
        with pytest.raises(nianbao.RefusedError) as e:
            nianbao.read(path, lang="en")
        got = [(d["severity"], d["rule"], d["message"]) for d in e.value.diagnostics]
        want = [(s, r, m) for s, r, _, m in finding_lines(expected(path, "err"))]
        assert got == want
        assert e.value.source == str(path)
        return
    report = nianbao.read(path, lang="en")
    assert report.to_dict(decimal=True) == load_json(want_json)
    diag = expected(path, "diag")
    want = finding_lines(diag) if diag.exists() else []
    got = report.diagnostics
    assert [(d["severity"], d["rule"], d["message"]) for d in got] == [
        (s, r, m) for s, r, _, m in want
    ]
    # Where each finding is: line:column, sheet!cell or none.
    assert [render_location(d["location"]) for d in got] == [loc for _, _, loc, _ in want]


def test_bytes_read_as_the_file_does():
    path = seed_inputs()[0]
    a = nianbao.read(path)
    b = nianbao.read(path.read_bytes())
    c = nianbao.read(bytearray(path.read_bytes()), format="txt")
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert a.source == str(path) and b.source is None


def test_report_properties_and_cells():
    r = nianbao.read(seed_inputs()[0])
    assert r.organ == "洛阳市公安局西工分局"
    assert r.year == 2023
    assert r.title.startswith("洛阳市公安局西工分局")
    assert r["applications_new_total"] == 2
    assert r["active_fee_amount"] == Decimal("155.1344")
    assert isinstance(r["active_fee_amount"], Decimal)
    assert "applications_denied_state_secret_total" in r.keys()
    with pytest.raises(KeyError):
        r["no_such_cell"]
    assert r.errors == 0 and r.warnings == 0 and r.diagnostics == []
    assert json.loads(r.to_json()) == r.to_dict()
    assert r.to_dict()["active"]["fee"]["amount"] == 155.1344
    assert r.to_csv().startswith("table,row,column,value") or r.to_csv().startswith(
        "section,row,col,value"
    )
    assert r.to_text().startswith(r.title)
    assert "洛阳市公安局西工分局" in repr(r)


def test_refusal_carries_every_diagnostic_in_either_language(tmp_path: Path):
    bad = SEEDS.parent / "hostile" / "duplicated-row.txt"
    for lang, word in (("en", "appears twice"), ("zh", "")):
        with pytest.raises(nianbao.RefusedError) as e:
            nianbao.read(bad, lang=lang)
        d = e.value.diagnostics
        assert d and all({"rule", "severity", "message", "location", "cell"} <= set(x) for x in d)
        assert d[0]["rule"].startswith("text.duplicate_row")
        assert d[0]["location"] == {"line": 56, "column": 1}
        assert word in d[0]["message"] and word in str(e.value)
        assert isinstance(e.value, ValueError)
    with pytest.raises(nianbao.RefusedError):
        nianbao.read(b"")


def test_bad_arguments_raise_python_errors(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        nianbao.read(tmp_path / "missing.txt")
    with pytest.raises(TypeError):
        nianbao.read(123)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        nianbao.read(seed_inputs()[0], lang="fr")
    with pytest.raises(ValueError):
        nianbao.read(seed_inputs()[0], format="png")


def test_check_lists_the_broken_rules():
    broken = SEEDS.parent / "json" / "row-total-broken.json"
    found = nianbao.check(broken, lang="en")
    want = finding_lines(expected(broken, "diag"))
    assert [(d["rule"], d["message"]) for d in found] == [(r, m) for _, r, _, m in want]
    assert any(d["cell"] == "applications.new.total" for d in found)
    assert nianbao.check(seed_inputs()[0]) == []
    assert nianbao.check(nianbao.read(broken)) == nianbao.read(broken).diagnostics


def test_to_xlsx_reads_back_to_the_same_report(tmp_path: Path):
    r = nianbao.read(seed_inputs()[1])
    out = tmp_path / "r.xlsx"
    assert r.to_xlsx(out) is None
    assert nianbao.read(out).to_dict(decimal=True)["applications"] == r.to_dict(decimal=True)["applications"]
    assert r.to_xlsx()[:2] == b"PK"
    # Word files: written once nianbao writes them, refused until then.
    try:
        docx = r.to_docx()
    except ValueError as e:
        assert "docx" in str(e)
    else:
        assert nianbao.read(docx, format="docx").to_dict() == r.to_dict()


def test_sum_adds_exactly_and_refuses_mixed_years():
    a = nianbao.read(seed_inputs()[0])
    s = nianbao.sum([a, a], organ="某市")
    assert s.organ == "某市" and s.year == a.year
    assert s["applications_new_total"] == 2 * a["applications_new_total"]
    assert s["active_fee_amount"] == 2 * a["active_fee_amount"]
    years = {nianbao.read(p).year for p in seed_inputs()}
    if len(years) > 1:
        reports = [nianbao.read(p) for p in seed_inputs()]
        with pytest.raises(nianbao.RefusedError) as e:
            nianbao.sum(reports)
        assert e.value.diagnostics[0]["rule"] == "sum.mixed_years"
        assert nianbao.sum(reports, allow_mixed_years=True).year is None
    with pytest.raises(nianbao.RefusedError):
        nianbao.sum([])
