"""What the public pages read: units, their published survey results, their pencanangan and
their predicates, each in a fixed number of queries whatever the number of units.

Only what is public by the regulation is read: a period's results once published (Tabel III,
"Hasil survei dipublikasikan secara terbuka"), the date and place of a pencanangan (Bab II A.1,
"dipublikasikan secara luas"), the register of predicates. No person's name, NIP or e-mail:
the querysets name the columns they read (`only`), so nothing else reaches a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.models import Declaration
from zona.proposals.models import Grant, Predicate
from zona.surveys.arithmetic import SurveyResult
from zona.surveys.models import PeriodStatus, SurveyPeriod
from zona.surveys.results import load_results, period_surveys

PER_PAGE = 25
PUBLIC_KINDS = (UnitKind.ESELON_I, UnitKind.KANWIL, UnitKind.UPT)
UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "upt_type",
    "province",
    "city",
    "path",
    "parent__name",
    "parent__kind",
    "pembina__name",
)
PERIODS_SHOWN = 3  # a unit's page: the newest published periods


def public_units() -> QuerySet[Unit]:
    """The satker the public may look up: active Unit Eselon I, Kanwil and UPT."""
    return (
        Unit.objects.filter(kind__in=PUBLIC_KINDS, is_active=True)
        .select_related("parent", "pembina")
        .only(*UNIT_FIELDS)
        .order_by("path")
    )


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Unit name, code or city"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False)
    line = forms.TypedChoiceField(
        label=_("Kanwil or Unit Eselon I"), required=False, coerce=int, empty_value=None
    )
    predicate = forms.ChoiceField(
        label=_("Predicate"),
        required=False,
        choices=[("", _("All")), *Predicate.choices, ("none", _("No predicate yet"))],
    )

    def __init__(self, data: object, provinces: Sequence[str], lines: Sequence[Unit]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["province"].choices = [("", _("All")), *((p, p) for p in provinces)]  # type: ignore[attr-defined]
        self.fields["line"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((unit.pk, unit.name) for unit in lines),
        ]


def provinces() -> list[str]:
    return list(
        Unit.objects.filter(kind__in=PUBLIC_KINDS, is_active=True)
        .exclude(province="")
        .order_by("province")
        .values_list("province", flat=True)
        .distinct()
    )


def lines() -> list[Unit]:
    """The Kanwil and Unit Eselon I a search may be narrowed to (their own units below)."""
    return list(
        Unit.objects.filter(kind__in=[UnitKind.ESELON_I, UnitKind.KANWIL], is_active=True)
        .only("name", "kind", "path")
        .order_by("kind", "name")
    )


def filtered(form: FinderForm) -> QuerySet[Unit]:
    units = public_units()
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the valid fields, even when another is not
    term = (data.get("q") or "").strip()
    if term:
        units = units.filter(
            Q(name__icontains=term)
            | Q(short_name__icontains=term)
            | Q(city__icontains=term)
            | Q(code__iexact=term)
        )
    if data.get("province"):
        units = units.filter(province=data["province"])
    if data.get("line"):
        line = data["line"]
        units = units.filter(Q(pk=line) | Q(parent_id=line) | Q(pembina_id=line))
    predicate = data.get("predicate")
    if predicate:
        held = Grant.objects.filter(unit=OuterRef("pk"))
        wbbm = Exists(held.filter(predicate=Predicate.WBBM))
        if predicate == Predicate.WBBM:
            units = units.filter(wbbm)
        elif predicate == Predicate.WBK:
            units = units.filter(Exists(held.filter(predicate=Predicate.WBK)), ~wbbm)
        else:
            units = units.filter(~Exists(held))
    return units


@dataclass(frozen=True)
class Standing:
    """A unit's predicate in the register: the highest held, and the year it was granted."""

    predicate: str
    label: str
    year: int


@dataclass(frozen=True)
class PublishedSurvey:
    title: str
    short_title: str
    kind: str
    result: SurveyResult

    @property
    def respondents(self) -> int:
        return self.result.respondents


@dataclass(frozen=True)
class PublishedPeriod:
    year: int
    published_on: date | None
    surveys: dict[int, list[PublishedSurvey]] = field(default_factory=dict)  # unit id → …


def newest_published(limit: int = 1) -> list[SurveyPeriod]:
    return list(
        SurveyPeriod.objects.filter(status=PeriodStatus.PUBLISHED)
        .select_related("assessment_year__instrument")
        .order_by("-assessment_year__year")[:limit]
    )


def published_results(period: SurveyPeriod, units: Sequence[Unit]) -> PublishedPeriod:
    """The figures a published period makes public, for these units (three queries)."""
    assert period.status == PeriodStatus.PUBLISHED
    surveys = period_surveys(period)
    loaded = load_results(period, units, surveys=surveys, tlhp={})
    found: dict[int, list[PublishedSurvey]] = {}
    for unit_id, results in loaded.results(units).items():
        shown = [
            PublishedSurvey(s.spec.title, s.spec.short_title, s.spec.kind, s.result)
            for s in results.surveys
            if s.result.index is not None
        ]
        if shown:
            found[unit_id] = shown
    published_on = period.published_at.date() if period.published_at else None
    return PublishedPeriod(period.year, published_on, found)


def standings(unit_ids: Sequence[int]) -> dict[int, Standing]:
    """The highest predicate each unit holds (WBBM over WBK), one query."""
    labels = dict(Predicate.choices)
    found: dict[int, Standing] = {}
    rank = {Predicate.WBK: 1, Predicate.WBBM: 2}
    for unit_id, predicate, year in Grant.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "predicate", "year"
    ):
        held = found.get(unit_id)
        if held is None or rank[Predicate(predicate)] > rank[Predicate(held.predicate)]:
            found[unit_id] = Standing(predicate, str(labels[predicate]), year)
    return found


def grants_of(unit: Unit) -> list[Standing]:
    labels = dict(Predicate.choices)
    return [
        Standing(predicate, str(labels[predicate]), year)
        for predicate, year in Grant.objects.filter(unit=unit)
        .order_by("-year", "-predicate")
        .values_list("predicate", "year")
    ]


@dataclass(frozen=True)
class Pencanangan:
    year: int
    declared_on: date | None  # never None: only declared ones are read
    place: str


def declarations(unit_ids: Sequence[int]) -> dict[int, Pencanangan]:
    """Each unit's newest declared pencanangan (date and place only), one query."""
    found: dict[int, Pencanangan] = {}
    for unit_id, year, day, place in (
        Declaration.objects.filter(unit_id__in=unit_ids, declared_on__isnull=False)
        .order_by("-assessment_year__year")
        .values_list("unit_id", "assessment_year__year", "declared_on", "place")
    ):
        found.setdefault(unit_id, Pencanangan(year, day, place))
    return found


def declarations_of(unit: Unit) -> list[Pencanangan]:
    return [
        Pencanangan(year, day, place)
        for year, day, place in Declaration.objects.filter(unit=unit, declared_on__isnull=False)
        .order_by("-assessment_year__year")
        .values_list("assessment_year__year", "declared_on", "place")
    ]


def ministers(years: Sequence[int] | None = None) -> dict[int, Pencanangan]:
    """The Minister's pencanangan (the Kementerian's declaration) by year, one query."""
    declared = Declaration.objects.filter(
        unit__kind=UnitKind.KEMENTERIAN, declared_on__isnull=False
    )
    if years is not None:
        declared = declared.filter(assessment_year__year__in=list(years))
    return {
        year: Pencanangan(year, day, place)
        for year, day, place in declared.order_by("assessment_year__year").values_list(
            "assessment_year__year", "declared_on", "place"
        )
    }
