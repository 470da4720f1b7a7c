"""The demo's survey: a period open around today for the demo year, codes for every unit, and
answers for a sample of units (deterministic), so every survey page has something to show.

    from zona.surveys.demo import open_demo_survey
    open_demo_survey(actor)   # after the demo year exists (zona.cycles.demo.open_demo_year)
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zona.cycles.models import AssessmentYear
from zona.cycles.services import change_stage_window
from zona.organizations.models import Unit, UnitKind
from zona.surveys import tallies
from zona.surveys.access import SURVEYED_KINDS
from zona.surveys.integrity import Flag, answer_pattern
from zona.surveys.models import (
    ANSWER_FIELDS,
    PeriodStatus,
    PeriodSurvey,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyPeriod,
    SurveyToken,
)
from zona.surveys.services import (
    ACCEPT,
    issue_tokens,
    open_period,
    review_responses,
    save_service_profile,
    set_period_status,
    shipped_questionnaires,
)

if TYPE_CHECKING:
    from zona.accounts.models import User

SURVEY_STAGE = "survei"  # row 1 of the schedule: the electronic survey
ORDER = ("ikm", "spak", "ipkp")


def open_demo_survey(
    actor: User | None,
    *,
    units_with_answers: int = 40,
    strong: Collection[int] = (),
    weak: Collection[int] = (),
    seed: int = 29,
) -> SurveyPeriod:
    """The survey of the newest year, open around today; the `strong` and `weak` units (ids:
    the candidates of the demo's proposals) are among those answered, well and poorly."""
    year = AssessmentYear.objects.order_by("-year").first()
    if year is None:
        raise RuntimeError("the demo year must exist first")
    existing = SurveyPeriod.objects.filter(assessment_year=year).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    period = _open(actor, year, today - timedelta(days=20), today + timedelta(days=40))
    units = list(Unit.objects.filter(kind__in=SURVEYED_KINDS, is_active=True).order_by("path"))
    issue_tokens(actor=actor, surveys=period.surveys.all(), units=units)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    satker = [u for u in units if u.kind != UnitKind.ESELON_I]
    chosen = {*strong, *weak}
    satker.sort(key=lambda u: (u.pk not in chosen, u.province != "Jawa Timur", u.path))
    now = timezone.now()
    answer_demo_survey(
        actor,
        period,
        satker[:units_with_answers],
        rng,
        quality=lambda unit: _quality(unit.pk, strong, weak, rng),
        between=(now - timedelta(days=20), now),
    )
    return period


def _quality(
    unit: int, strong: Collection[int], weak: Collection[int], rng: random.Random
) -> float:
    if unit in strong:
        return 3.85
    if unit in weak:
        return 2.7
    return rng.uniform(2.6, 3.9)  # some units do well, some do not


def close_demo_survey(
    actor: User, year: AssessmentYear, units: Sequence[Unit], *, seed: int = 31
) -> SurveyPeriod:
    """A past year's survey (October–November of the year before), answered well by `units`,
    its results published."""
    period = _open(actor, year, date(year.year - 1, 10, 1), date(year.year - 1, 11, 30))
    issue_tokens(actor=actor, surveys=period.surveys.all(), units=units)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    zone = timezone.get_current_timezone()
    answer_demo_survey(
        actor,
        period,
        units,
        rng,
        quality=lambda unit: 3.85,
        between=(
            datetime.combine(period.opens_on, time(9), zone),
            datetime.combine(period.closes_on, time(15), zone),
        ),
    )
    waiting = Response.objects.filter(survey__period=period, status=ResponseStatus.PENDING)
    review_responses(
        actor=actor,
        period=period,
        ids=list(waiting.values_list("pk", flat=True)),
        decision=ACCEPT,
        reason="",
    )
    set_period_status(actor=actor, period=period, status=PeriodStatus.PUBLISHED)
    return period


def _open(
    actor: User | None, year: AssessmentYear, opens_on: date, closes_on: date
) -> SurveyPeriod:
    questionnaires = sorted(
        shipped_questionnaires(actor=actor),
        key=lambda q: ORDER.index(q.code) if q.code in ORDER else len(ORDER),
    )
    period = open_period(
        actor=actor,
        assessment_year=year,
        questionnaires=questionnaires,
        service_from="ikm",
        opens_on=opens_on,
        closes_on=closes_on,
    )
    # The survey's row of the schedule (stage 1) holds the period, as the ministry would set
    # it: the demo's period is open around today, whenever that is.
    stage = year.stages.get(key=SURVEY_STAGE)
    if stage.starts_on > opens_on or stage.ends_on < closes_on:
        change_stage_window(
            actor=actor,
            stage=stage,
            starts_on=min(stage.starts_on, opens_on),
            ends_on=max(stage.ends_on, closes_on),
        )
    return period


def answer_demo_survey(
    actor: User | None,
    period: SurveyPeriod,
    units: Sequence[Unit],
    rng: random.Random,
    *,
    quality: Callable[[Unit], float],
    between: tuple[datetime, datetime],
) -> None:
    """Responses to every survey of the period from `units` (15–60 each, through their codes,
    some flagged and waiting for review), then the tallies rebuilt from them."""
    surveys = list(period.surveys.select_related("questionnaire").order_by("order"))
    start, end = between
    span = max(1, int((end - start).total_seconds() // 60))
    codes = {
        (code.survey_id, code.unit_id): code.pk
        for code in SurveyToken.objects.filter(survey__in=surveys, revoked_at__isnull=True)
    }
    responses = []
    with transaction.atomic():
        for unit in units:
            save_service_profile(
                actor=actor,
                period=period,
                unit=unit,
                service_users=rng.choice([120, 800, 2500, 12000]),
                service_days="12345",
                opens_at=time(8, 0),
                closes_at=time(16, 0),
            )
            level = quality(unit)  # some units do well, some do not
            for survey in surveys:
                size = len(survey.spec().elements)
                for _ in range(rng.randint(15, 60)):
                    values = [_answer(rng, level) for _ in range(size)]
                    responses.append(
                        _response(rng, survey, unit, codes[survey.pk, unit.pk], values, start, span)
                    )
        Response.objects.bulk_create(responses, batch_size=2000)
        tallies.rebuild(surveys, write=True)


def _response(
    rng: random.Random,
    survey: PeriodSurvey,
    unit: Unit,
    code_id: int,
    values: list[int | None],
    start: datetime,
    span: int,
) -> Response:
    directed = rng.random() < 0.03
    flags = Flag.DIRECTED if directed else 0
    if rng.random() < 0.04:
        flags |= Flag.TOO_FAST
    response = Response(
        survey=survey,
        unit=unit,
        token_id=code_id,
        source=ResponseSource.ONLINE,
        status=ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED,
        flags=int(flags),
        profile={"gender": rng.choice("LP")},
        check_answer="ya" if directed else "tidak",
        submitted_at=start + timedelta(minutes=rng.randrange(span)),
        duration_seconds=rng.randint(8, 30) if flags & Flag.TOO_FAST else rng.randint(60, 300),
        idempotency_key=uuid.uuid4(),
        device_key=uuid.uuid4().hex,
        pattern=answer_pattern(values, {}, "tidak"),
    )
    for name, value in zip(ANSWER_FIELDS, values, strict=False):
        setattr(response, name, value)
    return response


def _answer(rng: random.Random, quality: float) -> int | None:
    if rng.random() < 0.04:
        return None  # left unanswered
    value = round(rng.gauss(quality, 0.6))
    return min(4, max(1, value))
