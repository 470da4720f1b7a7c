"""Results of units in a survey period, read from the tallies (never from raw responses).

For each unit and survey: the counters (received, flagged, waiting, counted, rejected, paper),
NRR per element, the index (1–4), the IKM and its grade, the points of the ZI component the
index feeds (converted by zona.scoring), and the minimum respondents (Krejcie–Morgan). Then
the survey pre-screen of Bab III B (zona.scoring `evaluate_prescreen`), with the TLHP part of
clean government from zona.compliance.

`results_for_units` answers for any number of units in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property, lru_cache
from types import MappingProxyType

from zona.compliance.services import tlhp_percents
from zona.core.lookups import AnyOf
from zona.instruments.spec import InstrumentSpec
from zona.organizations.models import Unit, UnitKind
from zona.scoring import Criterion, evaluate_prescreen, score_result
from zona.surveys.arithmetic import (
    SurveyResult,
    component_points,
    krejcie_morgan,
    result_of_sums,
    to_decimal,
)
from zona.surveys.models import (
    PeriodSurvey,
    ServiceProfile,
    SurveyPeriod,
    UnitTally,
)
from zona.surveys.spec import QuestionnaireSpec
from zona.surveys.tallies import Figures, counters_of, sums_of, tallies_of

TLHP_INPUT = "tlhp_percent"
_RECEIVED = UnitTally.COUNTERS.index("received")  # its place in a row of `tallies_of`


@dataclass(frozen=True)
class Counters:
    received: int = 0
    flagged: int = 0
    pending: int = 0
    accepted: int = 0
    rejected: int = 0
    paper: int = 0


@dataclass(frozen=True)
class SurveyFigures:
    survey: PeriodSurvey
    spec: QuestionnaireSpec
    counters: Counters
    result: SurveyResult
    points: Decimal | None  # of the ZI component this survey feeds; None without an index
    component_weight: Decimal | None
    required: int | None  # Krejcie–Morgan minimum; None without the number of service users

    @property
    def feeds(self) -> str:
        return self.survey.feeds

    @property
    def short_of_sample(self) -> int | None:
        if self.required is None:
            return None
        return max(0, self.required - self.counters.accepted)


class Prescreen(StrEnum):
    PROPOSED = "proposed"  # up its line for strengthening (Gambar 5–7 e)
    COACHING = "coaching"  # coached by the level above (Gambar 5–7 f)
    NOT_ASSESSED = "not_assessed"  # a survey index is missing


@dataclass(frozen=True)
class UnitResults:
    unit: Unit
    surveys: tuple[SurveyFigures, ...]
    service_users: int | None
    tlhp_percent: Decimal | None
    prescreen: Prescreen | None  # None when the instrument has no pre-screen
    criteria: tuple[Criterion, ...] = ()
    components: dict[str, Decimal] = field(default_factory=dict)
    groups: dict[str, Decimal] = field(default_factory=dict)

    def survey(self, code: str) -> SurveyFigures | None:
        return next((s for s in self.surveys if s.spec.code == code), None)

    @cached_property
    def counters(self) -> Counters:
        return Counters(
            *(sum(getattr(s.counters, name) for s in self.surveys) for name in UnitTally.COUNTERS)
        )


def period_surveys(period: SurveyPeriod) -> list[PeriodSurvey]:
    return list(
        period.surveys.select_related("questionnaire")
        .defer("questionnaire__source_text")  # parsed once: Questionnaire.spec
        .order_by("order")
    )


@dataclass(frozen=True)
class LoadedResults:
    """Everything the results of some units need, fetched once (a fixed number of queries).

    Figures are computed on demand (kept per process by `_figures_of` and `_screen_of`): a
    page that screens every unit and then shows the details of some computes each once."""

    instrument: InstrumentSpec
    surveys: tuple[PeriodSurvey, ...]
    rows: Figures
    users: Mapping[int, int | None]
    tlhp: Mapping[int, Decimal]

    def results(
        self, units: Sequence[Unit], *, detail: Collection[int] | None = None
    ) -> dict[int, UnitResults]:
        """Results of `units`; only the units in `detail` (all when None) get every survey,
        the others only the surveys that feed the score (enough for the pre-screen)."""
        feeding = tuple(survey for survey in self.surveys if survey.feeds)
        found = {}
        for unit in units:
            unit_id = unit.pk
            wanted = self.surveys if detail is None or unit_id in detail else feeding
            found[unit_id] = self._unit(unit, unit_id, wanted)
        return found

    def received(self, unit_id: int) -> int:
        """Responses stored for the unit in the period, every survey together."""
        rows = (self.rows.get((survey.pk, unit_id)) for survey in self.surveys)
        return sum(row[_RECEIVED] for row in rows if row)

    def _unit(self, unit: Unit, unit_id: int, surveys: Sequence[PeriodSurvey]) -> UnitResults:
        users = self.users.get(unit_id)
        figures = tuple(
            _survey_figures(self.instrument, survey, self.rows.get((survey.pk, unit_id)), users)
            for survey in surveys
        )
        tlhp = self.tlhp.get(unit_id)
        screen = _screen(self.instrument, figures, tlhp)
        return UnitResults(
            unit=unit,
            surveys=figures,
            service_users=users,
            tlhp_percent=tlhp,
            prescreen=screen.prescreen,
            criteria=screen.criteria,
            components=dict(screen.components),
            groups=dict(screen.groups),
        )


def load_results(
    period: SurveyPeriod,
    units: Sequence[Unit],
    *,
    surveys: Sequence[PeriodSurvey] | None = None,
    tlhp: Mapping[int, Decimal] | None = None,
) -> LoadedResults:
    """Fetch the tallies, service users and TLHP of `units` (`tlhp` overrides compliance)."""
    surveys = tuple(surveys) if surveys is not None else tuple(period_surveys(period))
    ids = [unit.pk for unit in units]
    instrument = period.assessment_year.instrument.spec()
    if tlhp is None:
        tlhp = {}
        if instrument.prescreen is not None and _has_input(instrument, TLHP_INPUT):
            tlhp = tlhp_percents(ids, period.assessment_year)
    return LoadedResults(
        instrument=instrument,
        surveys=surveys,
        rows=tallies_of([survey.pk for survey in surveys], ids),
        users=dict(
            ServiceProfile.objects.filter(AnyOf("unit_id", ids), period=period).values_list(
                "unit_id", "service_users"
            )
        ),
        tlhp=tlhp,
    )


def results_for_units(
    period: SurveyPeriod,
    units: Sequence[Unit],
    *,
    surveys: Sequence[PeriodSurvey] | None = None,
    tlhp: Mapping[int, Decimal] | None = None,
) -> dict[int, UnitResults]:
    """Results of `units` (unit id → results). `tlhp` overrides the TLHP % from compliance."""
    return load_results(period, units, surveys=surveys, tlhp=tlhp).results(units)


def results_for_unit(
    period: SurveyPeriod, unit: Unit, *, surveys: Sequence[PeriodSurvey] | None = None
) -> UnitResults:
    return results_for_units(period, [unit], surveys=surveys)[unit.pk]


def _has_input(instrument: InstrumentSpec, name: str) -> bool:
    return any(component.input == name for component in instrument.result_components)


def _weight_of(instrument: InstrumentSpec, feeds: str) -> Decimal | None:
    return next((c.weight for c in instrument.result_components if c.input == feeds), None)


def _survey_figures(
    instrument: InstrumentSpec,
    survey: PeriodSurvey,
    row: tuple[int, ...] | None,
    service_users: int | None,
) -> SurveyFigures:
    counters, result, points, weight, required = _figures_of(
        instrument, survey.spec(), survey.feeds, row, service_users
    )
    return SurveyFigures(
        survey=survey,
        spec=result.spec,
        counters=counters,
        result=result,
        points=points,
        component_weight=weight,
        required=required,
    )


# Both below are pure functions of their arguments (specs compare by identity, rows are the
# stored figures), kept per process: published results are read again and again, and a new
# response or review changes the row, hence the key.
@lru_cache(maxsize=8192)
def _figures_of(
    instrument: InstrumentSpec,
    spec: QuestionnaireSpec,
    feeds: str,
    row: tuple[int, ...] | None,
    service_users: int | None,
) -> tuple[Counters, SurveyResult, Decimal | None, Decimal | None, int | None]:
    sums = sums_of(row, len(spec.elements)) if row else [(0, 0)] * len(spec.elements)
    counters = Counters(*counters_of(row)) if row else Counters()
    result = result_of_sums(spec, sums, counters.accepted)
    points = weight = None
    if feeds and _has_input(instrument, feeds):
        weight = _weight_of(instrument, feeds)
        if result.index is not None:
            points = component_points(instrument, feeds, result.index)
    required = None if service_users is None else krejcie_morgan(service_users)
    return counters, result, points, weight, required


def forget_computed() -> None:
    """Drop the figures and pre-screens kept per process (a benchmark measures the first view
    after every tally changed)."""
    _figures_of.cache_clear()
    _screen_of.cache_clear()


@dataclass(frozen=True)
class Screen:
    """A unit's survey pre-screen and the result components behind it."""

    prescreen: Prescreen | None  # None when the instrument has no pre-screen
    criteria: tuple[Criterion, ...] = ()
    components: Mapping[str, Decimal] = field(default_factory=dict)
    groups: Mapping[str, Decimal] = field(default_factory=dict)


def _screen(
    instrument: InstrumentSpec, figures: Sequence[SurveyFigures], tlhp_percent: Decimal | None
) -> Screen:
    """The pre-screen from the indices of the surveys that feed the score (`figures` must
    include all of them) and the TLHP %."""
    indices = tuple(
        (f.feeds, f.result.index)
        for f in figures
        if f.component_weight is not None and f.result.index is not None
    )
    return _screen_of(instrument, indices, tlhp_percent)


@lru_cache(maxsize=4096)
def _screen_of(
    instrument: InstrumentSpec,
    indices: tuple[tuple[str, Fraction], ...],
    tlhp_percent: Decimal | None,
) -> Screen:
    if instrument.prescreen is None:
        return Screen(None)
    inputs = {feeds: to_decimal(index) for feeds, index in indices}
    if tlhp_percent is not None:
        inputs[TLHP_INPUT] = tlhp_percent
    needed = {c.input for c in instrument.result_components}
    if not needed <= set(inputs):
        return Screen(Prescreen.NOT_ASSESSED)
    score = score_result(instrument, {name: inputs[name] for name in needed})
    criteria = tuple(evaluate_prescreen(instrument, score))
    met = all(criterion.passed for criterion in criteria)
    return Screen(
        Prescreen.PROPOSED if met else Prescreen.COACHING,
        criteria,
        MappingProxyType(dict(score.components)),  # shared by every page: read-only
        MappingProxyType(dict(score.groups)),
    )


def proposed_to(unit: Unit) -> str:
    """Where a unit that passes the pre-screen is proposed (Gambar 5–7, letter e)."""
    if unit.kind == UnitKind.ESELON_I:
        return "Tim Penilai Internal"
    return unit.pembina.name if unit.pembina else ""


def coached_by(unit: Unit) -> str:
    """Who coaches a unit that does not pass (Gambar 5–7, letter f)."""
    if unit.kind == UnitKind.UPT:
        return unit.parent.name if unit.parent else ""
    if unit.kind == UnitKind.KANWIL:
        return unit.pembina.name if unit.pembina else ""
    return "Tim Kerja Pembangunan ZI Kementerian"
