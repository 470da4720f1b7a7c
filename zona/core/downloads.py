"""Files handed to the browser as attachments, and tables exported as .xlsx or .csv.

path(f"unit/ekspor.<{TABLE}:fmt>", views.export_units)   # fmt is "xlsx" or "csv"
return table_download(fmt, "unit", UNIT_COLUMNS, rows)   # zona-unit-2026-05-01.xlsx
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse
from django.urls import register_converter
from django.utils import timezone
from django.utils.cache import patch_cache_control

from zona.core.tabular import csv_bytes, xlsx_bytes

TABLE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class TableFormat:
    """The `<tablefmt:fmt>` part of an export's URL: one of TABLE_TYPES."""

    regex = "|".join(TABLE_TYPES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


TABLE = "tablefmt"
register_converter(TableFormat, TABLE)  # once, when the first urls module imports this one


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """`body` as a download named `filename` (a name Zona made: ASCII, no quotes). Downloads
    hold names, NIPs and findings: no browser or proxy keeps a copy."""
    response = HttpResponse(body, content_type=content_type)
    patch_cache_control(response, private=True, no_store=True)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_download(
    fmt: str,
    stem: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    dated: bool = True,
) -> HttpResponse:
    """The table as `zona-<stem>-<today>.<fmt>` (without the date unless `dated`)."""
    body = xlsx_bytes(header, rows, title=stem) if fmt == "xlsx" else csv_bytes(header, rows)
    name = f"zona-{stem}-{timezone.localdate().isoformat()}" if dated else f"zona-{stem}"
    return attachment(body, TABLE_TYPES[fmt], f"{name}.{fmt}")
