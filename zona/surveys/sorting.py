"""Sorting a staff list by a column: `?urut=<column>` ascending, `?urut=-<column>` descending.

Anything else in `urut` (a column the page does not have, an empty value) means the page's
default order, without an error. The headers link to the other direction and say the current
one with `aria-sort`; the same choices fill the filter form's "Sort by" list, which keeps the
order when the filters change and serves phones, where the table's headers are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _

ORDER_PARAM = "urut"


@dataclass(frozen=True)
class Column:
    key: str  # what `urut` names
    label: str
    title: str = ""  # the full name when the label is an abbreviation
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # "?…": the query that sorts by this column (the other way when it is sorted)
    aria_sort: str  # "ascending", "descending" or "" when the list is not sorted by it


class Sorting:
    def __init__(self, request: HttpRequest, columns: Sequence[Column]) -> None:
        self.request = request
        self.columns = columns
        asked = request.GET.get(ORDER_PARAM, "")
        key = asked.removeprefix("-")
        known = any(column.key == key for column in columns)
        self.key = key if known else ""  # "" is the page's default order
        self.descending = known and asked.startswith("-")

    @property
    def param(self) -> str:
        """The valid `urut` value in force ("" for the default)."""
        return f"-{self.key}" if self.descending else self.key

    def headers(self) -> list[Header]:
        return [self._header(column) for column in self.columns]

    def choices(self) -> list[tuple[str, str]]:
        """The "Sort by" list: the default, then every column both ways."""
        choices = [("", _("Units with data first, then by name"))]
        for column in self.columns:
            name = column.title or column.label
            choices.append((column.key, _("%(column)s, ascending") % {"column": name}))
            choices.append((f"-{column.key}", _("%(column)s, descending") % {"column": name}))
        return choices

    def _header(self, column: Column) -> Header:
        params = self.request.GET.copy()
        params.pop("page", None)
        ascending_now = self.key == column.key and not self.descending
        params[ORDER_PARAM] = f"-{column.key}" if ascending_now else column.key
        aria_sort = ""
        if self.key == column.key:
            aria_sort = "descending" if self.descending else "ascending"
        return Header(column, f"?{params.urlencode()}", aria_sort)
