"""Spreadsheet exports (XLSX and CSV) that cannot carry a live formula.

Every export goes through this module: text typed by a resident or a staff member (a complaint's
subject, a name, a location) is written so that Excel, LibreOffice and Google Sheets show it as
text, never evaluate it. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return or a line feed (or their full-width forms, U+FF1D, U+FF0B, U+FF0D, U+FF20) is a formula or DDE payload to a
spreadsheet program ("CSV injection", OWASP).

- XLSX: such a cell is stored as a string (never openpyxl's formula type) with the "quote prefix"
  style, so the text stays exactly as typed and stays text when someone edits the cell.
- CSV: a CSV has no types, so such a cell gets a leading apostrophe (OWASP's advice): ``'=1+1``.

Control characters that XLSX cannot hold (openpyxl raises on them) are dropped, so a subject with a
stray control byte does not break the export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and bool(value) and value[0] in FORMULA_PREFIXES


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would evaluate gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = _text(value)
        return "'" + text if is_formula_like(text) else text
    return value


def csv_text(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    """The rows as CSV text (UTF-8 BOM first by default, so Excel reads the accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named ``title``."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = title
    return book, sheet


def append(sheet: Worksheet, row: Sequence[Any]) -> None:
    """Append one row; text is always a string cell (never a formula), kept as typed."""
    sheet.append([_text(v) if isinstance(v, str) else v for v in row])
    if not row:
        return
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
