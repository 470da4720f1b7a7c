"""A response's survey and unit are those of its code (online) or of its import (paper): the
database holds it with one composite key each, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.conftest import Ministry
from tests.surveys.conftest import token_for
from zona.core.constraints import CompositeForeignKey
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


def test_a_response_of_its_own_codes_unit_and_survey_is_stored(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    _stored_and_checked(_response(survey=code.survey, unit=unit, token=code))
    assert Response.objects.filter(token=code).count() == 1


def test_a_response_may_not_name_another_unit_than_its_codes(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    code = token_for(period, ministry.units["kanim_sby"])
    other = ministry.units["lapas_sby"]
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=code.survey, unit=other, token=code))
    assert not Response.objects.exists()


def test_a_response_may_not_name_another_survey_than_its_codes(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    spak = token_for(period, unit, "spak").survey
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=spak, unit=unit, token=code))


def test_a_paper_response_is_its_imports(ministry: Ministry, period: SurveyPeriod) -> None:
    unit, other = ministry.units["kanim_sby"], ministry.units["lapas_sby"]
    survey = token_for(period, unit).survey
    paper = PaperImport.objects.create(
        survey=survey, unit=unit, filename="kertas.csv", rows=1, imported_by=ministry.users["admin"]
    )
    source = ResponseSource.PAPER
    _stored_and_checked(_response(survey=survey, unit=unit, paper_import=paper, source=source))
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=survey, unit=other, paper_import=paper, source=source))


def test_a_response_comes_from_a_code_or_an_import(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    with pytest.raises(IntegrityError):
        _stored_and_checked(_response(survey=token_for(period, unit).survey, unit=unit))


def test_the_composite_key_pairs_its_fields() -> None:
    with pytest.raises(ValueError, match="pairs"):
        CompositeForeignKey(fields=["token", "survey"], to_fields=["id"], name="broken")
    key = CompositeForeignKey(fields=["token", "unit"], to_fields=["id", "unit"], name="k")
    path, args, kwargs = key.deconstruct()
    assert path == "zona.core.constraints.CompositeForeignKey"
    assert CompositeForeignKey(*args, **kwargs) == key
