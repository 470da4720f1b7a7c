"""Reading and writing the spreadsheets people exchange: XLSX and CSV, one header row."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)  # values stripped, never None
    first_row_number: int = 2  # the spreadsheet row of rows[0], as people see it


def read_table(data: bytes, filename: str, *, max_rows: int) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith(".csv"):
        raw = _csv_rows(data)
    else:
        raise TabularError(_("Unsupported file type: upload an .xlsx or .csv file."))
    if not raw:
        raise TabularError(_("The file is empty: it has no header row."))
    header = [_norm_header(cell) for cell in raw[0]]
    body = [row for row in raw[1:] if any(_cell(c) for c in row)]
    if len(body) > max_rows:
        raise TabularError(_("Too many rows: at most %(max)d per file.") % {"max": max_rows})
    rows = [
        {key: _cell(row[i]) if i < len(row) else "" for i, key in enumerate(header) if key}
        for row in body
    ]
    return Table(header=header, rows=rows)


def missing_columns(table: Table, required: Iterable[str]) -> list[str]:
    return [col for col in required if col not in table.header]


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8 correctly


def _xlsx_rows(data: bytes) -> list[list[object]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TabularError(_("This is not a readable .xlsx file.")) from exc
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TabularError(_("A .csv file must be saved as UTF-8.")) from exc
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _norm_header(cell: object) -> str:
    return _cell(cell).lower().replace(" ", "_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
