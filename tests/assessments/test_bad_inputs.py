"""Inputs that used to answer 500 or store nonsense get a clear 4xx or message instead."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.assessments.conftest import lke_of
from tests.conftest import Ministry
from zona.assessments.answers import InvalidAnswer, clean_answer
from zona.assessments.models import Evidence
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question

NUMERIC = Question(code="X.1", options=[])
TOO_MANY_DIGITS = "paling banyak 15 digit sebelum koma desimal dan 6 digit sesudahnya"


@pytest.mark.parametrize(
    "typed",
    ["9E+1000000", "9E+999999", "9E+15", "1234567890123456", "1E-1000000", "0.0000001", "9" * 40],
)
def test_a_numeric_answer_with_too_many_digits_is_refused(typed: str) -> None:
    with translation.override("id"), pytest.raises(InvalidAnswer, match=TOO_MANY_DIGITS):
        clean_answer(NUMERIC, typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12", "12"),
        ("1,5", "1.5"),
        ("1e3", "1000"),
        ("123456789012345", "123456789012345"),
        ("0.000001", "0.000001"),
        ("0E+1000000", "0"),
        ("2.500000", "2.5"),
    ],
)
def test_numeric_answers_within_the_bounds_are_stored_in_plain_digits(
    typed: str, stored: str
) -> None:
    assert clean_answer(NUMERIC, typed) == stored


@pytest.mark.parametrize("replaces", ["abc", "²", "1" * 25, "-1"])
def test_replacing_evidence_that_is_not_an_id_is_404(
    ministry: Ministry, year: AssessmentYear, replaces: str
) -> None:
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    pdf = SimpleUploadedFile("SK Tim.pdf", b"%PDF-1.4\nsk tim kerja\n%%EOF\n")
    response = ministry.client_for("operator_sby").post(
        reverse("assessments:evidence_add", args=[lke.pk, question.pk]),
        {"title": "SK Tim Kerja", "file": pdf, "replaces": replaces},
    )
    assert response.status_code == 404
    assert not Evidence.objects.filter(assessment=lke).exists()
