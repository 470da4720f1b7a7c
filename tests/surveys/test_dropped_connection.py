"""A persistent connection the database server dropped between two requests (a restart, a
failover, an idle timeout) costs no citizen's response: the public survey's statements skip
Django's per-request health check and reconnect and retry once instead."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import build_ministry
from tests.surveys.conftest import period_with_codes, send, token_for
from zona.surveys import intake
from zona.surveys.models import Response, UnitTally


def _drop_the_connection() -> None:
    if connection.vendor != "postgresql":
        # SQLite: every request opens its own connection (CONN_MAX_AGE 0), none is reused.
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
        connection.close()
        return
    import psycopg

    pid = connection.connection.info.backend_pid
    params = connection.settings_dict
    # autocommit: pg_stat_activity is read afresh by each transaction, not once per transaction
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        host=params["HOST"],
        port=params["PORT"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            row = other.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if row.fetchone() == (0,):
                return
            time.sleep(0.01)
    raise AssertionError("the backend did not end")


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_is_reopened_and_the_response_stored() -> None:
    ministry = build_ministry()
    code = token_for(period_with_codes(ministry), ministry.units["kanim_sby"]).token
    target = intake.resolve(code)
    assert target is not None
    send(target, (4, 3, 3, 4, 3, 4, 4, 3, 2))
    _drop_the_connection()
    again = intake.resolve(code)  # a read on the dropped connection
    assert again is not None
    _drop_the_connection()
    send(again, (3, 3, 3, 3, 3, 3, 3, 3, 3))  # a submission on the dropped connection

    assert Response.objects.count() == 2
    assert UnitTally.objects.get(survey=target.basis.survey_id).received == 2
