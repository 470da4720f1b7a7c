"""The plain SQL of the public intake, built once from the models' table and column names.

The ORM's compiler would be the hot path's largest cost, so the statements of a submission
are written out here; every value is a bound parameter (the S608 warnings are about building
the text from names). On PostgreSQL the intake runs them with server-side binding, so each is
prepared once per connection.

A submission costs two round trips on PostgreSQL: `check_sql` (the code is still active, the
period's state and limits, and the counts the flags need) and `store_sql` (the response and
its tallies). SQLite cannot refer to the period's limits inside LIMIT, so there the check is
`state_sql` followed by `counts_sql` with the limits as parameters.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from django.db import connection, models

from zona.organizations.models import Unit
from zona.surveys import tallies
from zona.surveys.models import (
    ANSWER_FIELDS,
    PeriodSurvey,
    Questionnaire,
    Response,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
)

STATE_FIELDS = (
    "status",
    "opens_on",
    "closes_on",
    "burst_window_minutes",
    "burst_ip_limit",
    "burst_net_limit",
    "pattern_limit",
    "off_hours_grace_minutes",
    "rate_ip_limit",
    "rate_token_limit",
)


def _column(model: type[models.Model], name: str) -> str:
    return str(cast(models.Field, model._meta.get_field(name)).column)  # type: ignore[type-arg]


def _state_columns() -> str:
    """The survey's seconds floor, the period's STATE_FIELDS, the unit's service hours."""
    period = ", ".join(f'p."{_column(SurveyPeriod, name)}"' for name in STATE_FIELDS)
    return f's."min_seconds", {period}, sp."service_days", sp."opens_at", sp."closes_at"'


def _joins(*, with_names: bool) -> str:
    joins = [
        f'FROM "{SurveyToken._meta.db_table}" t',
        f'JOIN "{PeriodSurvey._meta.db_table}" s ON s."id" = t."survey_id"',
        f'JOIN "{SurveyPeriod._meta.db_table}" p ON p."id" = s."period_id"',
        f'LEFT JOIN "{ServiceProfile._meta.db_table}" sp',
        'ON sp."period_id" = p."id" AND sp."unit_id" = t."unit_id"',
    ]
    if with_names:
        joins += [
            f'JOIN "{Questionnaire._meta.db_table}" q ON q."id" = s."questionnaire_id"',
            f'JOIN "{Unit._meta.db_table}" u ON u."id" = t."unit_id"',
        ]
    return " ".join(joins)


@lru_cache(maxsize=1)
def resolve_sql() -> str:
    """Everything behind an active public code: what it points at (token id, survey, unit,
    questionnaire version, unit name, kind, UPT type, province), then the state columns."""
    return (
        'SELECT t."id", t."survey_id", t."unit_id", s."questionnaire_id", q."source_sha256", '  # noqa: S608
        'u."name", u."kind", u."upt_type", u."province", '
        f"{_state_columns()} {_joins(with_names=True)} "
        'WHERE t."token" = %s AND t."revoked_at" IS NULL'
    )


@lru_cache(maxsize=1)
def state_sql() -> str:
    """The state columns of a code known by its id and text, if it is still active."""
    return (
        f"SELECT {_state_columns()} {_joins(with_names=False)} "  # noqa: S608
        'WHERE t."id" = %s AND t."token" = %s AND t."revoked_at" IS NULL'
    )


def _counts(*, correlated: bool) -> str:
    """Six counts, each an indexed lookup capped at what matters, in the order: the same
    idempotency key, the same device, the code's last minute, the same answer pattern in 24
    hours, the address's and the network's burst windows.

    Parameters: key; survey, unit, device; token, since; survey, unit, pattern, since; then
    ip hash and net hash with, uncorrelated, their since and cap each (the caps and the burst
    window come from the period `p` when correlated)."""
    table = Response._meta.db_table

    def capped(name: str, where: str, limit: str) -> str:
        return (
            f'(SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" WHERE {where} LIMIT {limit}) {name})'  # noqa: S608
        )

    if correlated:
        code_cap, pattern_cap = 'p."rate_token_limit"', 'p."pattern_limit"'
        ip_cap = 'GREATEST(p."burst_ip_limit", p."rate_ip_limit")'
        net_cap = 'p."burst_net_limit"'
        burst_since = '%s - make_interval(mins => p."burst_window_minutes")'
    else:
        code_cap = pattern_cap = ip_cap = net_cap = burst_since = "%s"
    return ", ".join(
        [
            capped("k", '"idempotency_key" = %s', "1"),
            capped("d", '"survey_id" = %s AND "unit_id" = %s AND "device_key" = %s', "1"),
            capped("c", '"token_id" = %s AND "submitted_at" >= %s', code_cap),
            capped(
                "r",
                '"survey_id" = %s AND "unit_id" = %s AND "pattern" = %s AND "submitted_at" >= %s',
                pattern_cap,
            ),
            capped("i", f'"ip_hash" = %s AND "submitted_at" >= {burst_since}', ip_cap),
            capped("n", f'"net_hash" = %s AND "submitted_at" >= {burst_since}', net_cap),
        ]
    )


@lru_cache(maxsize=1)
def check_sql() -> str:
    """PostgreSQL: `state_sql` and the counts in one statement (the counts first)."""
    return (
        f"SELECT {_counts(correlated=True)}, {_state_columns()} {_joins(with_names=False)} "  # noqa: S608
        'WHERE t."id" = %s AND t."token" = %s AND t."revoked_at" IS NULL'
    )


@lru_cache(maxsize=1)
def counts_sql() -> str:
    return f"SELECT {_counts(correlated=False)}"  # noqa: S608


ONLINE_COLUMNS = (
    "survey_id",
    "unit_id",
    "token_id",
    "source",
    "status",
    "flags",
    "profile",
    "check_answer",
    "submitted_at",
    "duration_seconds",
    "idempotency_key",
    "device_key",
    "ip_hash",
    "net_hash",
    "pattern",
    "review_reason",
)  # then the answers a01…; the paper and review columns stay NULL


@lru_cache(maxsize=8)
def store_sql(element_count: int) -> tuple[str, ...]:
    """The statements storing an online response and adding it to the tallies.

    On PostgreSQL one statement (the tally upsert reads the inserted row from a CTE), so
    outside a transaction it costs one round trip and commits by itself; on SQLite two, the
    second reading the row just inserted (its id is the parameter). The text depends only on
    the number of elements, so PostgreSQL prepares it once per connection.
    """
    table = Response._meta.db_table
    columns = (*ONLINE_COLUMNS, *ANSWER_FIELDS[:element_count])
    insert = (
        f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if connection.vendor == "postgresql":
        returned = ", ".join(["survey_id", "unit_id", "status", "flags", "source"])
        answers = ", ".join(ANSWER_FIELDS[:element_count])
        return (
            f"WITH new AS ({insert} RETURNING {returned}, {answers}) "
            + tallies.from_stored_sql("new", element_count),
        )
    return insert, tallies.from_stored_sql(f'"{table}" WHERE id = %s', element_count)
