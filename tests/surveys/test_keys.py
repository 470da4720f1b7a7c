"""The database holds a response to its code or import, to existing rows, and to answers on
the survey's scale, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.conftest import Ministry
from tests.surveys.conftest import token_for
from zona.surveys.models import (
    PaperImport,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyPeriod,
)


def _response(**values: Any) -> Response:
    defaults = {
        "source": ResponseSource.ONLINE,
        "status": ResponseStatus.ACCEPTED,
        "submitted_at": timezone.now(),
        "pattern": 1,
    }
    return Response(**{**defaults, **values})


def _stored_and_checked(response: Response) -> None:
    """Saves the response and checks the deferred keys at once, inside a savepoint."""
    with transaction.atomic():
        response.save()
        connection.check_constraints(table_names=[Response._meta.db_table])


def test_a_response_of_its_code_is_stored(ministry: Ministry, period: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    _stored_and_checked(_response(survey=code.survey, unit=unit, token=code, a01=1, a09=4))
    assert Response.objects.filter(token=code).count() == 1


def test_a_paper_response_is_its_imports(ministry: Ministry, period: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    survey = token_for(period, unit).survey
    paper = PaperImport.objects.create(
        survey=survey, unit=unit, filename="kertas.csv", rows=1, imported_by=ministry.users["admin"]
    )
    source = ResponseSource.PAPER
    _stored_and_checked(_response(survey=survey, unit=unit, paper_import=paper, source=source))
    assert Response.objects.filter(paper_import=paper).count() == 1


def test_a_response_comes_from_a_code_or_an_import(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=token_for(period, unit).survey, unit=unit))


@pytest.mark.parametrize("field", ["token_id", "unit_id", "survey_id"])
def test_a_response_may_not_name_a_missing_row(
    ministry: Ministry, period: SurveyPeriod, field: str
) -> None:
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    response = _response(survey=code.survey, unit=unit, token=code)
    setattr(response, field, 10**9)
    with pytest.raises(IntegrityError):
        _stored_and_checked(response)
    assert not Response.objects.exists()


@pytest.mark.parametrize("value", [0, 5, -1])
def test_an_answer_off_the_scale_is_refused(
    ministry: Ministry, period: SurveyPeriod, value: int
) -> None:
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=code.survey, unit=unit, token=code, a05=value))
    assert not Response.objects.exists()
