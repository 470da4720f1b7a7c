"""The demo's survey: a period open around today for the demo year, codes for every unit, and
answers for a sample of units (deterministic), so every survey page has something to show.

    from zona.surveys.demo import open_demo_survey
    open_demo_survey(actor)   # after the demo year exists (zona.cycles.demo.open_demo_year)
"""

from __future__ import annotations

import random
import uuid
from datetime import time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit, UnitKind
from zona.surveys import tallies
from zona.surveys.access import SURVEYED_KINDS
from zona.surveys.integrity import Flag, answer_pattern
from zona.surveys.models import (
    ANSWER_FIELDS,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyPeriod,
    SurveyToken,
)
from zona.surveys.services import (
    issue_tokens,
    open_period,
    save_service_profile,
    shipped_questionnaires,
)

if TYPE_CHECKING:
    from zona.accounts.models import User

ORDER = ("ikm", "spak", "ipkp")


def open_demo_survey(
    actor: User | None, *, units_with_answers: int = 40, seed: int = 29
) -> SurveyPeriod:
    year = AssessmentYear.objects.order_by("-year").first()
    if year is None:
        raise RuntimeError("the demo year must exist first")
    existing = SurveyPeriod.objects.filter(assessment_year=year).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    questionnaires = sorted(
        shipped_questionnaires(actor=actor),
        key=lambda q: ORDER.index(q.code) if q.code in ORDER else len(ORDER),
    )
    period = open_period(
        actor=actor,
        assessment_year=year,
        questionnaires=questionnaires,
        service_from="ikm",
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=40),
    )
    units = list(Unit.objects.filter(kind__in=SURVEYED_KINDS, is_active=True).order_by("path"))
    surveys = list(period.surveys.select_related("questionnaire").order_by("order"))
    issue_tokens(actor=actor, surveys=surveys, units=units)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    satker = [u for u in units if u.kind != UnitKind.ESELON_I]
    satker.sort(key=lambda u: (u.province != "Jawa Timur", u.path))  # the demo users' province
    sample = satker[:units_with_answers]
    with transaction.atomic():
        for unit in sample:
            save_service_profile(
                actor=actor,
                period=period,
                unit=unit,
                service_users=rng.choice([120, 800, 2500, 12000]),
                service_days="12345",
                opens_at=time(8, 0),
                closes_at=time(16, 0),
            )
        responses = []
        now = timezone.now()
        codes = {
            (code.survey_id, code.unit_id): code.pk
            for code in SurveyToken.objects.filter(survey__in=surveys, revoked_at__isnull=True)
        }
        for unit in sample:
            quality = rng.uniform(2.6, 3.9)  # some units do well, some do not
            for survey in surveys:
                size = len(survey.spec().elements)
                for _ in range(rng.randint(15, 60)):
                    values = [_answer(rng, quality) for _ in range(size)]
                    directed = rng.random() < 0.03
                    flags = Flag.DIRECTED if directed else 0
                    if rng.random() < 0.04:
                        flags |= Flag.TOO_FAST
                    response = Response(
                        survey=survey,
                        unit=unit,
                        token_id=codes[survey.pk, unit.pk],
                        source=ResponseSource.ONLINE,
                        status=ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED,
                        flags=int(flags),
                        profile={"gender": rng.choice("LP")},
                        check_answer="ya" if directed else "tidak",
                        submitted_at=now - timedelta(minutes=rng.randint(10, 20 * 24 * 60)),
                        duration_seconds=rng.randint(8, 30)
                        if flags & Flag.TOO_FAST
                        else rng.randint(60, 300),
                        idempotency_key=uuid.uuid4(),
                        device_key=uuid.uuid4().hex,
                        pattern=answer_pattern(values, {}, "tidak"),
                    )
                    for name, value in zip(ANSWER_FIELDS, values, strict=False):
                        setattr(response, name, value)
                    responses.append(response)
        Response.objects.bulk_create(responses, batch_size=2000)
    tallies.rebuild(surveys, write=True)
    return period


def _answer(rng: random.Random, quality: float) -> int | None:
    if rng.random() < 0.04:
        return None  # left unanswered
    value = round(rng.gauss(quality, 0.6))
    return min(4, max(1, value))
