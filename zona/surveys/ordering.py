"""The orders of the staff lists of units: the results (sorted in Python, from figures already
computed) and the codes (sorted in the database, a page at a time).

By default units with data (any response received in the period) come first, then by name.
A sorted column puts the units without a value last, whichever the direction; ties go by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from zona.organizations.models import Unit
from zona.surveys.models import PeriodSurvey, SurveyPeriod, SurveyToken, UnitTally
from zona.surveys.results import LoadedResults, Prescreen, UnitResults
from zona.surveys.sorting import Column, Sorting

NAME = "nama"
CLEAN = "bersih"
SERVICE = "layanan"
PRESCREEN = "prasaringan"
RESPONSES = "tanggapan"
PRESCREEN_RANK = {Prescreen.PROPOSED: 0, Prescreen.COACHING: 1, Prescreen.NOT_ASSESSED: 2}


def survey_columns(surveys: Sequence[PeriodSurvey], *, numeric: bool) -> list[Column]:
    return [
        Column(spec.code, spec.abbreviation, spec.title, numeric=numeric)
        for spec in (survey.spec() for survey in surveys)
    ]


# --- results ------------------------------------------------------------------------------------


def result_columns(surveys: Sequence[PeriodSurvey]) -> list[Column]:
    return [
        Column(NAME, _("Unit")),
        *survey_columns(surveys, numeric=True),
        Column(CLEAN, _("Clean government"), numeric=True),
        Column(SERVICE, _("Service quality"), numeric=True),
        Column(PRESCREEN, _("Pre-screen")),
    ]


def needs_every_survey(sorting: Sorting) -> bool:
    """Whether the order reads surveys that do not feed the score (every unit's figures)."""
    return sorting.key not in ("", NAME, CLEAN, SERVICE, PRESCREEN)


def sort_results(
    units: Sequence[Unit],
    sorting: Sorting,
    loaded: LoadedResults,
    figures: dict[int, UnitResults],
) -> list[Unit]:
    """`units` in the order asked; `figures` holds every unit's results, with the sorted
    survey among them."""
    by_name = sorted(units, key=lambda unit: unit.name.casefold())
    if not sorting.key:
        return sorted(by_name, key=lambda unit: loaded.received(unit.pk) == 0)
    if sorting.key == NAME:
        return by_name[::-1] if sorting.descending else by_name
    value = _result_value(sorting.key, figures)
    valued = [unit for unit in by_name if value(unit) is not None]
    valued.sort(key=value, reverse=sorting.descending)  # stable: ties stay by name
    return valued + [unit for unit in by_name if value(unit) is None]


def _result_value(key: str, figures: dict[int, UnitResults]) -> Callable[[Unit], Any]:
    if key in (CLEAN, SERVICE):
        group = "clean_government" if key == CLEAN else "service_quality"
        return lambda unit: figures[unit.pk].groups.get(group)
    if key == PRESCREEN:
        return lambda unit: PRESCREEN_RANK.get(figures[unit.pk].prescreen)  # type: ignore[arg-type]

    def index(unit: Unit) -> Any:
        survey = figures[unit.pk].survey(key)
        return survey.result.index if survey is not None else None

    return index


# --- codes --------------------------------------------------------------------------------------


def code_columns(surveys: Sequence[PeriodSurvey]) -> list[Column]:
    return [
        Column(NAME, _("Unit")),
        *survey_columns(surveys, numeric=False),  # the codes themselves
        Column(RESPONSES, _("Responses"), numeric=True),
    ]


def with_responses(units: QuerySet[Unit], period: SurveyPeriod) -> QuerySet[Unit]:
    """Each unit with `responses`: those received in the period, every survey together."""
    received = (
        UnitTally.objects.filter(unit=OuterRef("pk"), survey__period=period)
        .order_by()
        .values("unit")
        .annotate(total=Sum("received"))
        .values("total")
    )
    return units.annotate(responses=Coalesce(Subquery(received), 0))


def sort_codes(
    units: QuerySet[Unit], sorting: Sorting, surveys: Sequence[PeriodSurvey]
) -> QuerySet[Unit]:
    """`units` (annotated by `with_responses`) in the order asked, in the database."""
    name = Lower("name")
    if not sorting.key:
        data_first = Case(
            When(responses__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return units.order_by(data_first, name, "pk")
    if sorting.key == NAME:
        return units.order_by(name.desc() if sorting.descending else name.asc(), "pk")
    if sorting.key == RESPONSES:
        value = F("responses")
    else:
        survey = next(s for s in surveys if s.spec().code == sorting.key)
        units = units.annotate(
            sort_code=Subquery(
                SurveyToken.objects.filter(
                    unit=OuterRef("pk"), survey=survey, revoked_at__isnull=True
                ).values("token")[:1]
            )
        )
        value = F("sort_code")
    ordered = value.desc(nulls_last=True) if sorting.descending else value.asc(nulls_last=True)
    return units.order_by(ordered, name, "pk")
