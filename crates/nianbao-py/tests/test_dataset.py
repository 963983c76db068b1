"""Many reports: a folder into a DataFrame of the right shape and dtypes,
the same numbers as reading each report alone, and the GIL released while
the reports are read."""

from __future__ import annotations

import faulthandler
import os
import threading
from pathlib import Path

import pandas as pd
import pytest

import nianbao
from conftest import seed_inputs

# FORM.md's leading columns; the cells follow, then `reason`.
LEADING = ["source", "organ", "year", "form", "status", "errors", "warnings"]


def test_wide_frame_has_one_row_per_input_and_typed_columns(seed_dir: Path):
    df = nianbao.dataset(seed_dir, progress=False)
    columns = nianbao.wide_columns()
    assert list(df.columns) == columns and columns[: len(LEADING)] == LEADING
    assert columns[len(LEADING)] == "active_regulation_issued" and columns[-1] == "reason"
    # Five seeds and one refused file; the .png is not an input.
    assert df.shape == (6, len(columns))
    assert list(df["source"]) == sorted(df["source"])
    for name in ("year", "errors", "warnings", "applications_new_natural"):
        assert str(df[name].dtype) == "Int64", name
    assert str(df["active_fee_amount"].dtype) == "Float64"
    for name in ("source", "organ", "form", "status", "reason"):
        assert pd.api.types.is_string_dtype(df[name].dtype), name
    cells = columns[len(LEADING):-1]
    assert all(str(df[c].dtype) in ("Int64", "Float64") for c in cells)

    refused = df[df["status"] == "refused"]
    assert len(refused) == 1 and refused["source"].iloc[0].endswith("zz-empty.txt")
    assert "text.empty" in refused["reason"].iloc[0]
    assert refused[cells].isna().all(axis=None), "a refused report has no numbers"

    ok = df[df["status"] == "ok"]
    assert len(ok) == 5 and ok["reason"].isna().all()
    for _, row in ok.iterrows():
        report = nianbao.read(row["source"])
        assert row["organ"] == report.organ and row["year"] == report.year
        for key in report.keys():
            want = report[key]
            got = row[key]
            if want is None:
                assert pd.isna(got), key
            else:
                assert got == float(want) if key == "active_fee_amount" else got == want, key
        # The 2019 form's own cells are missing for a 2021 report.
        extra = [c for c in cells if c not in set(report.keys())]
        assert all(pd.isna(row[c]) for c in extra)


def test_long_frame_has_one_row_per_cell(seed_dir: Path):
    df = nianbao.dataset([seed_dir], shape="long", progress=False)
    n = len(nianbao.read(seed_inputs()[0]).keys())
    assert list(df.columns) == ["source", "organ", "year", "form", "section", "row", "col", "value"]
    assert df.shape == (5 * n, 8)
    assert isinstance(df["section"].dtype, pd.CategoricalDtype)
    assert str(df["value"].dtype) == "Float64" and str(df["year"].dtype) == "Int64"
    assert set(df["section"].cat.categories) == {"active", "applications", "reviews"}
    first = seed_inputs()[0]
    r = nianbao.read(first)
    mine = df[df["source"].astype(str).str.endswith(first.name)]
    got = mine.set_index(["section", "row", "col"])["value"]
    assert got.loc[("applications", "new", "total")] == r["applications_new_total"]
    assert got.loc[("applications", "denied.state_secret", "natural")] == r["applications_denied_state_secret_natural"]


def test_dataset_without_pandas_or_with_arrow(seed_dir: Path):
    d = nianbao.dataset(seed_dir, output="dict", progress=False)
    assert list(d) == nianbao.wide_columns() and len(d["source"]) == 6
    assert d["status"].count("refused") == 1 and d["reason"].count(None) == 5
    assert None in d["applications_new_natural"]
    pa = pytest.importorskip("pyarrow", reason="pyarrow not installed: output='arrow' untested")
    t = nianbao.dataset(seed_dir, output="arrow", progress=False)
    assert t.num_rows == 6 and t.column_names == nianbao.wide_columns()
    assert t.schema.field("applications_new_natural").type == pa.int64()
    assert t.column("applications_new_natural").null_count == 1


def test_findings_and_progress(seed_dir: Path):
    calls = []
    df, found = nianbao.dataset(
        seed_dir, progress=lambda done, total: calls.append((done, total)), diagnostics=True, lang="en"
    )
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert list(found.columns) == ["source", "severity", "rule", "location", "message", "cell"]
    assert (found["rule"] == "text.empty").sum() == 1
    assert int(df["errors"].sum()) + int(df["warnings"].sum()) == len(found)
    with pytest.raises(ValueError):
        nianbao.dataset(seed_dir, shape="tall")


def test_the_gil_is_released_while_reports_are_read(seed_dir: Path, tmp_path: Path, capsys):
    """One input is a named pipe that another Python thread fills. The
    reading thread blocks on it inside Rust; the writer can only write if
    `dataset` let go of the GIL, so this completes only if it did. A hang
    is turned into a failure: after 120 s the process exits, printing every
    thread's traceback to the real stderr (this test, stuck below)."""
    fifo = seed_dir / "aa-pipe.txt"
    os.mkfifo(fifo)
    payload = seed_inputs()[0].read_bytes()
    ran = []

    def fill(pipe: Path) -> threading.Thread:
        def writer():
            fd = os.open(pipe, os.O_WRONLY)  # waits for the reader to open it
            ran.append(pipe.name)  # needs the GIL, while the reader is in Rust
            with os.fdopen(fd, "wb") as f:
                f.write(payload)

        t = threading.Thread(target=writer, daemon=True)
        t.start()
        return t

    with capsys.disabled():
        stderr = os.fdopen(os.dup(2), "w")
    faulthandler.dump_traceback_later(120, exit=True, file=stderr)
    try:
        t = fill(fifo)
        # A pipe is read when named; folders give only regular files.
        df = nianbao.dataset([fifo, seed_dir], progress=False)
        t.join()
        # The same for one report.
        one_pipe = tmp_path / "one.txt"
        os.mkfifo(one_pipe)
        t = fill(one_pipe)
        one = nianbao.read(one_pipe)
        t.join()
    finally:
        faulthandler.cancel_dump_traceback_later()
        stderr.close()
    assert ran == ["aa-pipe.txt", "one.txt"]
    piped = df[df["source"] == str(fifo)]
    assert piped["status"].tolist() == ["ok"]
    assert one.organ == nianbao.read(seed_inputs()[0]).organ
