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

from django.urls import reverse
from django.utils.formats import localize, number_format
from django.utils.translation import gettext as _

from zona.surveys.arithmetic import rounded
from zona.surveys.results import Prescreen, SurveyFigures, UnitResults

NOTHING = "—"


def shown(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number rounded half up to `places` decimals, in the locale's format (18,50)."""
    if value is None:
        return NOTHING
    return number_format(rounded(value, places), decimal_pos=places)


def prescreen_label(outcome: str) -> str:
    labels = {
        Prescreen.PROPOSED: _("Proposed for strengthening"),
        Prescreen.COACHING: _("Coaching"),
        Prescreen.NOT_ASSESSED: _("Not assessed"),
    }
    return labels.get(outcome, "")  # type: ignore[call-overload]


@dataclass(frozen=True)
class Cell:
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


def result_rows(year: int, results: Iterable[UnitResults]) -> list[ResultRow]:
    return [_row(year, result) for result in results]


def _row(year: int, result: UnitResults) -> ResultRow:
    unit = result.unit
    note = unit.type_label
    counters = result.counters
    if counters.flagged:
        note += " · " + _("%(f)s flagged, %(x)s rejected") % {
            "f": localize(counters.flagged),
            "x": localize(counters.rejected),
        }
    outcome = str(result.prescreen or "")
    return ResultRow(
        url=reverse("surveys:unit", args=(year, unit.pk)),
        name=unit.name,
        note=note,
        cells=tuple(_cell(figures) for figures in result.surveys),
        clean_government=shown(result.groups.get("clean_government")),
        service_quality=shown(result.groups.get("service_quality")),
        prescreen=outcome,
        prescreen_label=prescreen_label(outcome),
    )


def _cell(figures: SurveyFigures) -> Cell:
    result = figures.result
    sample = f"n = {localize(figures.counters.accepted)}"
    if figures.required is not None:
        sample += f" / {localize(figures.required)}"
    if result.index is None:
        return Cell(NOTHING, "", sample)
    if result.grade is not None:
        return Cell(shown(result.ikm), result.grade.grade, sample)
    return Cell(shown(result.index), "", sample)
