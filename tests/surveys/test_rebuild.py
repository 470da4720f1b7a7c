"""Incremental aggregates equal those rebuilt from the raw rows (`zona survey-rebuild`)."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Ministry
from tests.surveys.conftest import token_for
from zona.core.tabular import Table
from zona.surveys import intake, tallies
from zona.surveys.arithmetic import Tally, survey_result
from zona.surveys.importing import import_paper
from zona.surveys.models import (
    COUNT_FIELDS,
    SUM_FIELDS,
    Response,
    ResponseStatus,
    SurveyPeriod,
    UnitTally,
)
from zona.surveys.results import results_for_unit
from zona.surveys.services import ACCEPT, REJECT, review_responses

UNITS = ["kanim_sby", "lapas_sby", "kanwil_jatim"]
CODES = ["ikm", "spak", "ipkp"]
SIZES = {"ikm": 9, "spak": 5, "ipkp": 8}

answer = st.one_of(st.none(), st.integers(1, 4), st.integers(1, 4))
online = st.tuples(
    st.just("online"),
    st.sampled_from(UNITS),
    st.sampled_from(CODES),
    st.lists(answer, min_size=9, max_size=9),
    st.sampled_from(["tidak", "tidak", "ya"]),
    st.integers(0, 3),  # address
    st.sampled_from([5, 200]),  # seconds taken
)
review = st.tuples(st.just("review"), st.integers(0, 50), st.sampled_from([ACCEPT, REJECT]))
paper = st.tuples(
    st.just("paper"),
    st.sampled_from(UNITS),
    st.sampled_from(CODES),
    st.lists(st.lists(answer, min_size=9, max_size=9), min_size=1, max_size=4),
)
events = st.lists(st.one_of(online, online, review, paper), min_size=1, max_size=25)


def apply(ministry: Ministry, period: SurveyPeriod, plan: list[tuple[Any, ...]]) -> None:
    actor = ministry.users["tpi_balitbang"]
    now = timezone.now()
    for step, event in enumerate(plan):
        kind = event[0]
        if kind == "online":
            _, unit, code, values, check, address, seconds = event
            values = values[: SIZES[code]]
            if all(v is None for v in values):
                values[0] = 3
            target = intake.resolve(token_for(period, ministry.units[unit], code).token)
            assert target is not None
            at = now + timedelta(seconds=step)
            ticket = intake.FormTicket(target.token, uuid.uuid4(), int(at.timestamp()) - seconds)
            submission = intake.Submission(
                target.basis,
                ticket,
                intake.Answers(tuple(values), {}, check),
                uuid.uuid4().hex,
                f"10.0.0.{address}",
            )
            intake.submit(submission, at)
        elif kind == "review":
            _, index, decision = event
            waiting = list(
                Response.objects.filter(status=ResponseStatus.PENDING)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if waiting:
                review_responses(
                    actor=actor,
                    period=period,
                    ids=[waiting[index % len(waiting)]],
                    decision=decision,
                    reason="alasan",
                )
        else:
            _, unit, code, rows = event
            survey = period.surveys.get(questionnaire__code=code)
            spec = survey.spec()
            header = [c.lower() for c in spec.element_codes] + ["diarahkan"]
            body = []
            for row in rows:
                values = row[: SIZES[code]]
                if all(v is None for v in values):
                    values[0] = 2
                cells = ["" if v is None else str(v) for v in values]
                body.append(dict(zip(header, [*cells, "tidak"], strict=True)))
            import_paper(
                actor=actor,
                survey=survey,
                unit=ministry.units[unit],
                table=Table(header=header, rows=body),
                filename="kertas.csv",
            )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=events)
def test_rebuild_reproduces_the_incremental_figures(
    ministry: Ministry, period: SurveyPeriod, plan: list[tuple[Any, ...]]
) -> None:
    with transaction.atomic():
        apply(ministry, period, plan)
        surveys = list(period.surveys.select_related("questionnaire"))
        columns = ("survey", "unit", *UnitTally.COUNTERS, *COUNT_FIELDS, *SUM_FIELDS)
        before = set(UnitTally.objects.values_list(*columns))
        report = tallies.rebuild(surveys, write=False)
        assert report.differences == []
        tallies.rebuild(surveys, write=True)
        assert set(UnitTally.objects.values_list(*columns)) == before  # empty rows kept
        # and the results read from the tallies are those of the accepted raw rows
        for survey in surveys:
            spec = survey.spec()
            for key in UNITS:
                unit = ministry.units[key]
                rows = [
                    r.answers(len(spec.elements))
                    for r in Response.objects.filter(
                        survey=survey, unit=unit, status=ResponseStatus.ACCEPTED
                    )
                ]
                tallies_by_hand = {
                    code: Tally(
                        sum(1 for row in rows if row[i] is not None),
                        sum(row[i] or 0 for row in rows),
                    )
                    for i, code in enumerate(spec.element_codes)
                }
                expected = survey_result(spec, tallies_by_hand, len(rows))
                figures = results_for_unit(period, unit).survey(spec.code)
                assert figures is not None
                assert figures.result == expected
        transaction.set_rollback(True)


def test_the_command_checks_and_repairs(ministry: Ministry, period: SurveyPeriod) -> None:
    apply(
        ministry,
        period,
        [
            ("online", "kanim_sby", "ikm", [4, 3, 3, 4, 3, 4, 4, 3, 2], "tidak", 1, 200),
            ("online", "kanim_sby", "ikm", [4, 4, 4, 4, 4, 4, 4, 4, 4], "tidak", 2, 200),
            ("online", "lapas_sby", "spak", [3, 4, 3, 4, 3, None, None, None, None], "ya", 3, 200),
        ],
    )
    out = io.StringIO()
    call_command("survey_rebuild", "--check", stdout=out, stderr=io.StringIO())
    assert "0 perbedaan" in out.getvalue() or "0 differences" in out.getvalue()
    rows = UnitTally.objects.filter(survey__questionnaire__code="ikm")
    rows.filter(unit=ministry.units["kanim_sby"]).update(s01=99)
    rows.filter(unit=ministry.units["lapas_sby"]).update(pending=7)
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "survey_rebuild", "--check", "--year", "2026", stdout=io.StringIO(), stderr=err
        )
    assert failed.value.returncode == 1
    assert len(err.getvalue().strip().splitlines()) == 2
    call_command("survey_rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("survey_rebuild", "--check", stdout=io.StringIO(), stderr=io.StringIO())
    repaired = UnitTally.objects.get(
        unit=ministry.units["kanim_sby"], survey__questionnaire__code="ikm"
    )
    assert repaired.s01 == 4  # the straight-lined response waits for review: only one counts
    with pytest.raises(CommandError):
        call_command("survey_rebuild", "--year", "1999", stdout=io.StringIO())
