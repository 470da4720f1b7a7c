"""Migration 0004 gives the responses stored without their code (the demo's) their code, so
that the composite key and its check hold for every row. In a module of its own: it runs
outside a test transaction, which the module-wide ministry of other modules would hold."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import build_ministry
from tests.surveys.conftest import period_with_codes, token_for
from zona.surveys.models import Response, ResponseSource, ResponseStatus


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_sourceless_demo_responses_their_code() -> None:
    """Responses stored before the composite keys without their code (the demo's) get the
    newest code of their unit and survey, so that the new check holds for them."""
    ministry = build_ministry()
    period = period_with_codes(ministry)
    unit = ministry.units["kanim_sby"]
    code = token_for(period, unit)
    executor = MigrationExecutor(connection)
    before = [("surveys", "0003_form_key_under_the_device")]
    after = [("surveys", "0004_responses_keyed_by_their_code")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("surveys", "Response")
    old.objects.create(
        survey_id=code.survey_id,
        unit_id=unit.pk,
        source=ResponseSource.ONLINE,
        status=ResponseStatus.ACCEPTED,
        submitted_at=timezone.now(),
        pattern=1,
    )
    executor = MigrationExecutor(connection)  # a fresh graph: the applied set changed
    executor.migrate(after)
    assert Response.objects.get().token_id == code.pk
