"""The rows of the results table, formatted once in Python.

A Kanwil's results page shows 25 units × every survey; resolving each figure through the
template engine (lookups, filters, localisation per value) cost more than computing them.
Here every cell is turned into display text in one pass, in the active language; the template
only places the text in its markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from zona.surveys.arithmetic import rounded
from zona.surveys.results import Prescreen, SurveyFigures, UnitResults

NOTHING = "—"


def shown(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number rounded half up to `places` decimals, in the locale's format (18,50)."""
    return Numbers().decimal(value, places)


def prescreen_label(outcome: str) -> str:
    labels = {
        Prescreen.PROPOSED: _("Proposed for strengthening"),
        Prescreen.COACHING: _("Coaching"),
        Prescreen.NOT_ASSESSED: _("Not assessed"),
    }
    return labels.get(outcome, "")  # type: ignore[call-overload]


@dataclass(frozen=True)
class Cell:
    label: str  # the survey's abbreviation, the cell's caption on a phone
    value: str  # the IKM (with its grade) or the index, or "—"
    grade: str  # A–D for an IKM, else ""
    sample: str  # "n = counted / required"


@dataclass(frozen=True)
class ResultRow:
    url: str
    name: str
    note: str  # the unit's type, and its flagged and rejected responses if any
    cells: tuple[Cell, ...]
    clean_government: str
    service_quality: str
    prescreen: str
    prescreen_label: str


class Numbers:
    """Numbers in the active locale's format, as `{{ n }}` and Django's number_format give
    them, with its separators read once (number_format looks them up for every value)."""

    def __init__(self) -> None:
        self._grouped = settings.USE_THOUSAND_SEPARATOR
        self._point = str(get_format("DECIMAL_SEPARATOR"))

    def count(self, value: int) -> str:
        return number_format(value, force_grouping=True) if self._grouped else str(value)

    def decimal(self, value: Fraction | Decimal | int | None, places: int = 2) -> str:
        """Rounded half up to `places` decimals; "—" for None."""
        if value is None:
            return NOTHING
        if self._grouped:
            return number_format(rounded(value, places), decimal_pos=places, force_grouping=True)
        return str(rounded(value, places)).replace(".", self._point)


def result_rows(year: int, results: Iterable[UnitResults]) -> list[ResultRow]:
    numbers = Numbers()
    return [_row(year, result, numbers) for result in results]


def _row(year: int, result: UnitResults, numbers: Numbers) -> ResultRow:
    unit = result.unit
    note = unit.type_label
    counters = result.counters
    if counters.flagged:
        note += " · " + _("%(f)s flagged, %(x)s rejected") % {
            "f": numbers.count(counters.flagged),
            "x": numbers.count(counters.rejected),
        }
    outcome = str(result.prescreen or "")
    return ResultRow(
        url=reverse("surveys:unit", args=(year, unit.pk)),
        name=unit.name,
        note=note,
        cells=tuple(_cell(figures, numbers) for figures in result.surveys),
        clean_government=numbers.decimal(result.groups.get("clean_government")),
        service_quality=numbers.decimal(result.groups.get("service_quality")),
        prescreen=outcome,
        prescreen_label=prescreen_label(outcome),
    )


def _cell(figures: SurveyFigures, numbers: Numbers) -> Cell:
    result = figures.result
    label = figures.spec.abbreviation
    sample = f"n = {numbers.count(figures.counters.accepted)}"
    if figures.required is not None:
        sample += f" / {numbers.count(figures.required)}"
    if result.index is None:
        return Cell(label, NOTHING, "", sample)
    if result.grade is not None:
        return Cell(label, numbers.decimal(result.ikm), result.grade.grade, sample)
    return Cell(label, numbers.decimal(result.index), "", sample)
