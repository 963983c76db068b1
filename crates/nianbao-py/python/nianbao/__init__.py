"""Read, check and tabulate China's annual reports on government information
disclosure (政府信息公开工作年度报告).

>>> import nianbao
>>> r = nianbao.read("洛阳市公安局西工分局2023年报.txt")
>>> r.organ, r.year, r["applications_new_total"]
('洛阳市公安局西工分局', 2023, 2)
>>> df = nianbao.dataset("reports/")          # one row per report (pandas)

Every number is read exactly or not at all: a value nianbao cannot place
with certainty refuses the report (:class:`RefusedError`, with every
problem in ``.diagnostics``); a blank cell is ``None`` / missing, never 0.

Inputs: report text (.txt, .md; UTF-8, UTF-16, GB18030), the official
spreadsheet (.xlsx, .xls, .ods), Word (.docx; .doc and .wps), saved web pages (.html),
PDF (.pdf, with a text layer) and nianbao's own JSON and long CSV. Messages are in Chinese (``lang="zh"``,
the default) or English (``lang="en"``).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Union

from . import _nianbao
from ._nianbao import RefusedError, Report, __version__

if TYPE_CHECKING:
    from ._nianbao import Diagnostic

__all__ = [
    "Report",
    "RefusedError",
    "read",
    "check",
    "sum",
    "dataset",
    "wide_columns",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[PathLike, bytes, bytearray]


def read(source: Source, format: Optional[str] = None, *, lang: str = "zh") -> Report:
    """Read one report.

    ``source`` is a path (``str`` or ``pathlib.Path``) or the file's bytes.
    ``format`` (``"txt"``, ``"xlsx"``, ``"docx"``, ``"doc"``, ``"html"``, ``"pdf"``,
    ``"json"``, ``"csv"``) is told from the extension, then from the bytes, when omitted.

    Returns a :class:`Report` whose ``.diagnostics`` hold the reader's
    warnings and the consistency findings (勾稽关系). Raises
    :class:`RefusedError` when the input is not read as a report, and
    ``OSError`` when the file cannot be opened.
    """
    return _nianbao.read(source, format, lang)


def check(
    source: Union[Source, Report], format: Optional[str] = None, *, lang: str = "zh"
) -> "list[Diagnostic]":
    """The findings about a report: the reader's warnings and every broken
    consistency rule, as dicts (``rule``, ``severity``, ``message``,
    ``location``, ``cell``). An empty list means the report is consistent.

    ``source`` is anything :func:`read` takes, or a :class:`Report`. Raises
    :class:`RefusedError` when the input is not read at all.
    """
    if isinstance(source, Report):
        return source.diagnostics
    return read(source, format, lang=lang).diagnostics


def sum(  # noqa: A001 - `nianbao.sum` is the consolidated report (汇总)
    reports: Iterable[Report],
    *,
    organ: str = "",
    allow_mixed_years: bool = False,
    lang: str = "zh",
) -> Report:
    """The consolidated report (汇总): ``reports`` added cell by cell, exactly.

    A cell blank in some reports is summed over the others, with a warning
    (``sum.blank``) naming them; a cell blank in all stays blank. Raises
    :class:`RefusedError` when the reports follow different editions of the
    form, are of different years (unless ``allow_mixed_years``), or a sum
    would not fit.
    """
    return _nianbao.sum(list(reports), organ, allow_mixed_years, lang)


def wide_columns() -> "list[str]":
    """The columns of :func:`dataset`'s wide shape: ``source, organ, year,
    form, status, errors, warnings``, then one per cell of the form, then ``reason``,
    named ``<section>_<row>_<col>`` (``applications_new_natural``,
    ``applications_denied_state_secret_total``, ``active_fee_amount``,
    ``reviews_suit_direct_total``); the 2019 form's own cells come last."""
    return _nianbao.wide_columns()


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> "list[str]":
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def _progress(progress: Union[bool, None, Callable[[int, int], Any]]):
    """The callback ``(done, total)`` for ``progress``, and how to close it."""
    if callable(progress):
        return progress, lambda: None
    if progress is False:
        return None, lambda: None
    if progress is None:
        stderr = sys.stderr
        interactive = _in_notebook() or bool(
            stderr is not None and hasattr(stderr, "isatty") and stderr.isatty()
        )
        if not interactive:
            return None, lambda: None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None, lambda: None
    bar = tqdm(total=0, unit="report", desc="nianbao")

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    return update, bar.close


def _to_pandas(rows: int, columns: list, shape: str):
    try:
        import numpy as np
        import pandas as pd
    except ImportError as e:
        raise ImportError(
            "nianbao.dataset(output='pandas') needs pandas: `pip install pandas`, "
            "or use output='arrow' (pyarrow) or output='dict'"
        ) from e
    data = {}
    for name, kind, values, extra in columns:
        if kind == "int":
            v = np.frombuffer(values, dtype=np.int64)
            ok = np.frombuffer(extra, dtype=np.bool_)
            data[name] = pd.arrays.IntegerArray(v, ~ok)
        elif kind == "float":
            v = np.frombuffer(values, dtype=np.float64)
            ok = np.frombuffer(extra, dtype=np.bool_)
            data[name] = pd.arrays.FloatingArray(v, ~ok)
        elif kind == "dict":
            codes = np.frombuffer(values, dtype=np.int32)
            if shape == "long":
                data[name] = pd.Categorical.from_codes(codes, categories=extra)
            else:
                cats = np.array(list(extra) + [None], dtype=object)
                data[name] = pd.array(cats[codes], dtype="string")
        else:
            data[name] = pd.array(values, dtype="string")
    return pd.DataFrame(data, index=pd.RangeIndex(rows))


def _to_arrow(columns: list):
    try:
        import pyarrow as pa
    except ImportError as e:
        raise ImportError(
            "nianbao.dataset(output='arrow') needs pyarrow: `pip install pyarrow`"
        ) from e
    import numpy as np

    arrays, names = [], []
    for name, kind, values, extra in columns:
        names.append(name)
        if kind in ("int", "float"):
            dtype = np.int64 if kind == "int" else np.float64
            v = np.frombuffer(values, dtype=dtype)
            ok = np.frombuffer(extra, dtype=np.bool_)
            arrays.append(pa.array(v, mask=~ok))
        elif kind == "dict":
            codes = np.frombuffer(values, dtype=np.int32)
            indices = pa.array(codes, mask=codes < 0)
            arrays.append(
                pa.DictionaryArray.from_arrays(indices, pa.array(extra, type=pa.string()))
            )
        else:
            arrays.append(pa.array(values, type=pa.string()))
    return pa.Table.from_arrays(arrays, names=names)


def _to_dict(columns: list) -> "dict[str, list]":
    out = {}
    for name, kind, values, extra in columns:
        if kind in ("int", "float"):
            v = memoryview(values).cast("q" if kind == "int" else "d").tolist()
            ok = bytes(extra)
            out[name] = [x if k else None for x, k in zip(v, ok)]
        elif kind == "dict":
            codes = memoryview(values).cast("i").tolist()
            out[name] = [extra[c] if c >= 0 else None for c in codes]
        else:
            out[name] = list(values)
    return out


def dataset(
    paths: Union[PathLike, Iterable[PathLike]],
    shape: str = "wide",
    *,
    output: str = "pandas",
    lang: str = "zh",
    progress: Union[bool, None, Callable[[int, int], Any]] = None,
    threads: Optional[int] = None,
    diagnostics: bool = False,
) -> Any:
    """Read every report under ``paths`` (files, folders searched
    recursively for the extensions nianbao reads) into one table, in
    parallel and with the GIL released, in path order.

    ``shape="wide"``: one row per input — ``source, organ, year, form,
    status, errors, warnings``, then one column per cell, then ``reason`` (see
    :func:`wide_columns`). ``status`` is ``"ok"``, ``"errors"`` (read,
    consistency rules broken) or ``"refused"`` (not read; why in
    ``reason``, the cells missing). ``shape="long"``: one row per cell of
    every report read — ``source, organ, year, form, section, row, col,
    value``.

    Counts are nullable ``Int64``, the fee nullable ``Float64``; a blank is
    missing (``pd.NA``), never 0. ``output`` is ``"pandas"`` (a DataFrame),
    ``"arrow"`` (a pyarrow Table) or ``"dict"`` (column name → list; needs
    neither). ``progress``: ``None`` shows a bar (tqdm, when installed) in
    a terminal or notebook, ``True``/``False`` force it, or give a callable
    ``(done, total)``. ``threads`` caps the reading threads (default: one
    per core). With ``diagnostics=True`` returns ``(table, findings)``,
    the findings one row each with their ``source``.
    """
    if output not in ("pandas", "arrow", "dict"):
        raise ValueError(f"output must be 'pandas', 'arrow' or 'dict', not {output!r}")
    callback, close = _progress(progress)
    try:
        rows, columns, found = _nianbao.dataset(
            _paths(paths), shape, lang, callback, threads, 256, diagnostics
        )
    finally:
        close()
    if output == "pandas":
        table = _to_pandas(rows, columns, shape)
    elif output == "arrow":
        table = _to_arrow(columns)
    else:
        table = _to_dict(columns)
    if not diagnostics:
        return table
    for d in found:
        loc = d.get("location")
        if isinstance(loc, dict):
            d["location"] = (
                f"{loc['line']}:{loc['column']}" if "line" in loc else f"{loc['sheet']}!{loc['cell']}"
            )
    names = ["source", "severity", "rule", "location", "message", "cell"]
    if output == "pandas":
        import pandas as pd

        found_table = pd.DataFrame(found, columns=names).astype("string")
    elif output == "arrow":
        import pyarrow as pa

        found_table = pa.Table.from_pylist(
            [{k: d.get(k) for k in names} for d in found],
            schema=pa.schema([(k, pa.string()) for k in names]),
        )
    else:
        found_table = {k: [d.get(k) for d in found] for k in names}
    return table, found_table
