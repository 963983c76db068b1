"""Type stubs of the extension module ``nianbao._nianbao`` (Rust, PyO3).

Use the public names re-exported by :mod:`nianbao`.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, Callable, List, Literal, Optional, Tuple, TypedDict, Union, overload

__version__: str

class TextLocation(TypedDict):
    """A place in a text: 1-based line and column (in characters)."""

    line: int
    column: int

class CellLocation(TypedDict):
    """A cell of a workbook: sheet and A1 reference."""

    sheet: str
    cell: str

class Diagnostic(TypedDict):
    """One finding: the JSON object of the command line's contract, plus
    the report cell it is about (``applications.new.natural``) when any."""

    severity: Literal["error", "warning"]
    rule: str
    message: str
    location: Optional[Union[TextLocation, CellLocation]]
    cell: Optional[str]

class RefusedError(ValueError):
    """The input is not read as a report."""

    diagnostics: List[Diagnostic]
    """Every problem found, with where it is."""
    source: Optional[str]
    """The path read, or None for bytes."""

class Report:
    """One report, read and checked. Immutable."""

    @property
    def title(self) -> Optional[str]:
        """The title line, or None."""
    @property
    def organ(self) -> Optional[str]:
        """The organ (机关) the report is of, or None."""
    @property
    def year(self) -> Optional[int]:
        """The year reported on, or None."""
    @property
    def form(self) -> Literal["2021", "2019"]:
        """The edition of the official form."""
    @property
    def source(self) -> Optional[str]:
        """The path read, or None for bytes and sums."""
    @property
    def lang(self) -> Literal["zh", "en"]:
        """The language of messages."""
    @property
    def diagnostics(self) -> List[Diagnostic]:
        """The reader's warnings, then the consistency findings."""
    @property
    def errors(self) -> int:
        """Number of errors among the findings."""
    @property
    def warnings(self) -> int:
        """Number of warnings among the findings."""
    def to_dict(self, decimal: bool = False) -> dict[str, Any]:
        """The report in the JSON shape of FORM.md; blanks are None; the fee
        a float, or an exact ``Decimal`` with ``decimal=True``."""
    def to_json(self) -> str:
        """The report as JSON (FORM.md)."""
    def to_csv(self) -> str:
        """The report as long CSV."""
    def to_text(self) -> str:
        """The report as canonical text."""
    @overload
    def to_xlsx(self, path: None = None) -> bytes: ...
    @overload
    def to_xlsx(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def to_xlsx(self, path: Optional[Union[str, os.PathLike[str]]] = None) -> Optional[bytes]:
        """The official spreadsheet form, the cells of the findings marked:
        written to ``path``, or returned as bytes."""
    def __getitem__(self, name: str) -> Union[int, Decimal, None]:
        """A cell by its wide column name (``"applications_new_total"``):
        an int, an exact Decimal for an amount, or None for a blank."""
    def keys(self) -> List[str]:
        """The wide column names of this report's cells, in form order."""

def read(
    source: Union[str, os.PathLike[str], bytes, bytearray],
    format: Optional[str] = None,
    lang: str = "zh",
) -> Report: ...
def sum(
    reports: List[Report], organ: str = "", allow_mixed_years: bool = False, lang: str = "zh"
) -> Report: ...
def wide_columns() -> List[str]: ...
def dataset(
    paths: List[str],
    shape: str = "wide",
    lang: str = "zh",
    progress: Optional[Callable[[int, int], Any]] = None,
    threads: Optional[int] = None,
    chunk: int = 256,
    keep_diagnostics: bool = False,
) -> Tuple[int, List[Tuple[str, str, Any, Any]], Optional[List[Diagnostic]]]: ...
