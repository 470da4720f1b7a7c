"""The plain SQL of the public intake, built once from the models' table and column names.

The ORM's compiler would be the hot path's largest cost, so the statements of a submission
are written out here; every value is a bound parameter (the S608 warnings are about building
the text from names). On PostgreSQL the intake runs them with server-side binding, so each is
prepared once per connection.

A submission costs one round trip on PostgreSQL: `submit_sql` checks that the code is still
active, reads the period's state and limits and the counts the flags need, flags, stores the
response and moves its tallies, and commits by itself. SQLite cannot refer to the period's
limits inside LIMIT, so there it is `state_sql`, `counts_sql` with the limits as parameters,
the flags in Python, then the two statements of `store_sql` in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import cast

from django.db import connection, models

from zona.organizations.models import Unit
from zona.surveys import tallies
from zona.surveys.integrity import DEFAULT_HOURS, Flag
from zona.surveys.models import (
    ANSWER_FIELDS,
    PeriodStatus,
    PeriodSurvey,
    Questionnaire,
    Response,
    ResponseSource,
    ResponseStatus,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
    UnitTally,
)

PATTERN_WINDOW = timedelta(hours=24)
RATE_TOKEN_WINDOW = timedelta(minutes=1)

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


def _interval(window: timedelta) -> str:
    return f"interval '{int(window.total_seconds())} seconds'"


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


def _counts(*, correlated: bool, named: bool = False) -> str:
    """The device's earlier response and four counts capped at what matters: the form key of
    the response this device already gave the unit's survey (answered_with, NULL if none: the
    form's ticket carries its device, so the same form again finds its own key there), the
    code's current minute (same_token, the counter on the unit's tally row), the same answer
    pattern in 24 hours (same_pattern), the address's and the network's burst windows
    (same_ip, same_net).

    Positional parameters, in this order: survey, unit, device; the minute's since, survey,
    unit; survey, unit, pattern, since, and, uncorrelated, its cap; then ip hash and net hash
    with, uncorrelated, their since and cap each (the caps and the burst window come from the
    period `p` when correlated, the windows' starts from %(now)s). `named` (correlated only)
    uses %(survey)s, %(unit)s, … instead. Correlated (PostgreSQL), a capped count is the
    cardinality of an ARRAY subquery: an aggregate's executor state costs more to build at
    every execution (17,000 instructions a submission, bench_survey_instructions.py)."""
    table = Response._meta.db_table

    def value(name: str) -> str:
        return f"%({name})s" if named else "%s"

    def capped(name: str, where: str, limit: str) -> str:
        rows = f'SELECT 1 FROM "{table}" WHERE {where} LIMIT {limit}'  # noqa: S608
        if correlated:
            return f"cardinality(ARRAY({rows})) AS {name}"
        return f"(SELECT COUNT(*) FROM ({rows}) c) AS {name}"  # noqa: S608

    if correlated:
        pattern_cap = 'p."pattern_limit"'
        ip_cap = 'GREATEST(p."burst_ip_limit", p."rate_ip_limit")'
        net_cap = 'p."burst_net_limit"'
        burst_since = f'{value("now")} - make_interval(mins => p."burst_window_minutes")'
        minute_since = f"{value('now')} - {_interval(RATE_TOKEN_WINDOW)}"
        pattern_since = f"{value('now')} - {_interval(PATTERN_WINDOW)}"
    else:
        pattern_cap = ip_cap = net_cap = burst_since = minute_since = pattern_since = "%s"
    same_unit = f'"survey_id" = {value("survey")} AND "unit_id" = {value("unit")}'
    recent = f'"submitted_at" >= {burst_since}'
    minute = (
        f'(SELECT CASE WHEN "minute_started_at" >= {minute_since} '  # noqa: S608
        f'THEN "minute_count" ELSE 0 END FROM "{UnitTally._meta.db_table}" WHERE {same_unit})'
    )
    return ", ".join(
        [
            f'(SELECT "idempotency_key" FROM "{table}" '  # noqa: S608
            f'WHERE {same_unit} AND "device_key" = {value("device")}) AS answered_with',
            f"COALESCE({minute}, 0) AS same_token",
            capped(
                "same_pattern",
                f'{same_unit} AND "pattern" = {value("pattern")} '
                f'AND "submitted_at" >= {pattern_since}',
                pattern_cap,
            ),
            capped("same_ip", f'"ip_hash" = {value("ip")} AND {recent}', ip_cap),
            capped("same_net", f'"net_hash" = {value("net")} AND {recent}', net_cap),
        ]
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
def store_sql(element_count: int) -> tuple[str, str]:
    """SQLite: the statements storing an online response (ONLINE_COLUMNS, then the answers)
    and adding it to the tallies, the second reading the row just inserted (its parameters:
    the row's id, then twice the start of the code's minute window)."""
    table = Response._meta.db_table
    columns = (*ONLINE_COLUMNS, *ANSWER_FIELDS[:element_count])
    insert = (
        f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    tally = tallies.from_stored_sql(f'"{table}" WHERE id = %s', element_count, window_since="%s")
    return insert, tally


def _typed(column: str, name: str = "") -> str:
    """The named parameter of a column (its own name unless `name`), cast to the column's
    type (an INSERT … SELECT does not infer it)."""
    field = cast(models.Field, Response._meta.get_field(column))  # type: ignore[type-arg]
    return f"%({name or column})s::{field.db_type(connection)}"


def _flags_expression() -> str:
    """The flag bits of integrity.flags_for, from the content flags computed in Python
    (%(content_flags)s: straight-lining, directed) and the state and counts of `d`; a unit
    without service hours of its own has integrity.DEFAULT_HOURS (constants, written in). A
    test holds the two equal (tests/surveys/test_integrity.py)."""
    no_hours = "COALESCE(d.service_days, '') = ''"
    default = DEFAULT_HOURS
    days = f"CASE WHEN {no_hours} THEN '{int(default.days)}' ELSE d.service_days END"
    opens = f"CASE WHEN {no_hours} THEN '{default.opens_at:%H:%M:%S}'::time ELSE d.opens_at END"
    closes = f"CASE WHEN {no_hours} THEN '{default.closes_at:%H:%M:%S}'::time ELSE d.closes_at END"
    grace = "d.off_hours_grace_minutes * 60"
    in_hours = (
        f"strpos({days}, %(weekday)s) > 0"
        f" AND %(local_micros)s >= (EXTRACT(EPOCH FROM {opens}) - {grace}) * 1000000"
        f" AND %(local_micros)s <= (EXTRACT(EPOCH FROM {closes}) + {grace}) * 1000000"
    )
    rules = [
        (Flag.TOO_FAST, "%(duration_seconds)s::integer < d.min_seconds"),
        (Flag.BURST_IP, "d.same_ip >= d.burst_ip_limit"),
        (Flag.BURST_NET, "d.same_net >= d.burst_net_limit"),
        (Flag.OFF_HOURS, f"NOT ({in_hours})"),
        (Flag.REPEATED_PATTERN, "d.same_pattern >= d.pattern_limit"),
    ]
    bits = " | ".join(f"CASE WHEN {rule} THEN {int(flag)} ELSE 0 END" for flag, rule in rules)
    return f"(%(content_flags)s::integer | {bits})"


@dataclass(frozen=True)
class Numbered:
    """A statement with PostgreSQL's own $1, $2, … placeholders and the names they stand for:
    run by psycopg's RawCursor, its text is sent as it is (psycopg would otherwise rewrite
    %(name)s on every call, as it caches only short statements)."""

    sql: str
    names: tuple[str, ...]

    def params(self, values: Mapping[str, object]) -> list[object]:
        return [values[name] for name in self.names]


def numbered(sql: str) -> Numbered:
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return Numbered(re.sub(r"%\((\w+)\)s", number, sql), tuple(names))


@lru_cache(maxsize=8)
def submit_sql(element_count: int) -> Numbered:
    """PostgreSQL: a whole submission in one statement, one round trip that commits by itself.

    `state` is the code's current state (no row when the code is no longer active): the
    period's limits, the unit's service hours and the counts. The response is inserted only
    when the period is open and no refusal applies (the same form, the same device, a rate
    limit), with its flags and status; its tallies move in the same statement. The one row
    returned says which case it was: (is_open, same_key, same_device, rate_limited), stored
    when it is open and none of the others.

    PostgreSQL builds the executor state of every expression again at each execution, so the
    statement is written for few of them (counted with callgrind: bench_survey_instructions.py):
    `decided` is a CTE holding only what its two readers take (a subquery would be folded into
    each, its flags expression twice into the INSERT alone), and the row returned by the
    INSERT carries whether it counts (k), which the tally would otherwise spell out per column.
    """
    state = (
        f"SELECT {_counts(correlated=True, named=True)}, {_state_columns()} "  # noqa: S608
        f"{_joins(with_names=False)} "
        'WHERE t."id" = %(token_id)s AND t."token" = %(token)s AND t."revoked_at" IS NULL'
    )
    decided = (
        f"SELECT {_flags_expression()} AS flags, "  # noqa: S608
        f"(d.status = '{PeriodStatus.OPEN.value}' "
        "AND %(today)s::date BETWEEN d.opens_on AND d.closes_on) AS is_open, "
        "COALESCE(d.answered_with = %(key)s::uuid, false) AS same_key, "
        "(d.answered_with IS NOT NULL) AS same_device, "
        "(d.same_ip >= d.rate_ip_limit OR d.same_token >= d.rate_token_limit) AS limited "
        "FROM state d"
    )
    answers = ANSWER_FIELDS[:element_count]
    # The stored columns: shared parameters where a value is also a count's (the survey, the
    # unit, the device, …), constants written in, the rest each its own parameter.
    computed = {
        "survey_id": _typed("survey_id", "survey"),
        "unit_id": _typed("unit_id", "unit"),
        "source": f"'{ResponseSource.ONLINE.value}'",
        "status": f"CASE WHEN e.flags = 0 THEN '{ResponseStatus.ACCEPTED.value}' "
        f"ELSE '{ResponseStatus.PENDING.value}' END",
        "flags": "e.flags",
        "submitted_at": _typed("submitted_at", "now"),
        "idempotency_key": _typed("idempotency_key", "key"),
        "device_key": _typed("device_key", "device"),
        "ip_hash": f"COALESCE({_typed('ip_hash', 'ip')}, '')",
        "net_hash": f"COALESCE({_typed('net_hash', 'net')}, '')",
        "review_reason": "''",
    }
    values = [computed.get(column) or _typed(column) for column in (*ONLINE_COLUMNS, *answers)]
    insert = (
        f'INSERT INTO "{Response._meta.db_table}" ({", ".join((*ONLINE_COLUMNS, *answers))}) '  # noqa: S608
        f"SELECT {', '.join(values)} FROM decided e "
        "WHERE e.is_open AND NOT e.same_device AND NOT e.limited "
        f"RETURNING survey_id, unit_id, status, flags, source, submitted_at, {', '.join(answers)}, "
        f"{tallies.COUNTED} AS k"
    )
    since = f"%(now)s - {_interval(RATE_TOKEN_WINDOW)}"
    tally = tallies.from_stored_sql("new", element_count, window_since=since, with_k=True)
    return numbered(
        f"WITH state AS MATERIALIZED ({state}), decided AS MATERIALIZED ({decided}), "  # noqa: S608
        f"new AS ({insert}), tally AS ({tally}) "
        "SELECT is_open, same_key, same_device, limited FROM decided"
    )
