"""An assessment year whose windows are open today, and LKE helpers for the chain tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import Ministry
from zona.assessments.models import Assessment
from zona.assessments.services import open_assessment, save_answer
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year
from zona.instruments.models import Instrument, Question
from zona.instruments.spec import DATA_DIR


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    return make_year()


def make_year() -> AssessmentYear:
    """Year 2030 of the shipped instrument, every stage's window open today."""
    call_command("load_instruments", str(DATA_DIR / "permenkumham-29-2019.toml"), verbosity=0)
    instrument = Instrument.objects.get(code="permenkumham-29-2019")
    year = create_year(actor=None, year=2030, instrument=instrument)
    today = timezone.localdate()
    year.stages.update(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    return year


def lke_of(ministry: Ministry, year: AssessmentYear, unit: str = "kanim_sby") -> Assessment:
    return open_assessment(
        actor=ministry.users["operator_sby"], unit=ministry.units[unit], assessment_year=year
    )


def answer_all(ministry: Ministry, assessment: Assessment, persona: str = "operator_sby") -> None:
    for question in Question.objects.filter(instrument=assessment.assessment_year.instrument):
        value = question.options[0]["label"] if question.options else "1"
        save_answer(
            actor=ministry.users[persona],
            assessment=assessment,
            question=question,
            value=value,
            note="",
            expected_version=0,
        )
