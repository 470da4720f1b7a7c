"""The public intake: resolve a code, read a filled form, flag it, store it once.

The hot path of the survey (bench/bench_survey_submit.py): one query resolves the code with
its survey, period, unit and service hours; one query counts what the flags and limits need
(the same idempotency key, the same device, recent responses from the address, network and
code, the same answer pattern); one transaction inserts the response and moves its tallies.
No session, no user: the public pages share nothing with the staff site.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zona.organizations.models import Unit
from zona.surveys import tallies
from zona.surveys.integrity import (
    DEFAULT_HOURS,
    Limits,
    Recent,
    ServiceHours,
    answer_pattern,
    flags_for,
    host_of,
    network_of,
    zone_of,
)
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
)
from zona.surveys.spec import SCALE, QuestionnaireSpec

FORM_SALT = "zona.surveys.form"
DEVICE_COOKIE = "zona_survey_device"
DEVICE_SALT = "zona.surveys.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # beyond one survey period
FORM_MAX_AGE = 24 * 3600  # a form left open longer is issued again (answers kept)
PATTERN_WINDOW = timedelta(hours=24)
RATE_TOKEN_WINDOW = timedelta(minutes=1)


@lru_cache(maxsize=64)
def questionnaire_spec(questionnaire_id: int, sha256: str) -> QuestionnaireSpec:
    """A stored questionnaire version never changes (its SHA-256 says so), so its parsed form
    is kept per process and the text is read once."""
    return Questionnaire.objects.get(pk=questionnaire_id, source_sha256=sha256).spec()


@dataclass(frozen=True)
class Target:
    """What a public code points at, with everything the intake needs."""

    token_id: int
    token: str
    survey_id: int
    unit_id: int
    unit_name: str
    unit_type: str  # UPT type, else unit kind: picks the service options
    zone: ZoneInfo
    spec: QuestionnaireSpec
    min_seconds: int
    status: str
    opens_on: date
    closes_on: date
    hours: ServiceHours
    limits: Limits
    burst_window: timedelta
    rate_ip_limit: int
    rate_token_limit: int

    def is_open(self, today: date) -> bool:
        return self.status == PeriodStatus.OPEN and self.opens_on <= today <= self.closes_on


# The plain SQL below is built only from the models' own table and column names; every
# value is a bound parameter (the S608 warnings are about that string building).


def _names(model: type[models.Model], *fields: str) -> list[str]:
    return [str(cast(models.Field, model._meta.get_field(name)).column) for name in fields]  # type: ignore[type-arg]


@lru_cache(maxsize=1)
def _resolve_sql() -> str:
    """The one query behind a public code (built once: the ORM's compiler is the hot path's
    largest cost, so the two reads of every submission are plain SQL from the models' names)."""
    period = SurveyPeriod._meta.db_table
    limits = ", ".join(
        f'p."{column}"'
        for column in _names(
            SurveyPeriod,
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
    )
    return (
        f'SELECT t."id", t."survey_id", t."unit_id", s."questionnaire_id", q."source_sha256", '  # noqa: S608
        f's."min_seconds", {limits}, u."name", u."kind", u."upt_type", u."province", '
        f'sp."service_days", sp."opens_at", sp."closes_at" '
        f'FROM "{SurveyToken._meta.db_table}" t '
        f'JOIN "{PeriodSurvey._meta.db_table}" s ON s."id" = t."survey_id" '
        f'JOIN "{Questionnaire._meta.db_table}" q ON q."id" = s."questionnaire_id" '
        f'JOIN "{period}" p ON p."id" = s."period_id" '
        f'JOIN "{Unit._meta.db_table}" u ON u."id" = t."unit_id" '
        f'LEFT JOIN "{ServiceProfile._meta.db_table}" sp '
        f'ON sp."period_id" = p."id" AND sp."unit_id" = t."unit_id" '
        f'WHERE t."token" = %s AND t."revoked_at" IS NULL'
    )


def resolve(token: str) -> Target | None:
    """The target of an active code, or None for an unknown or revoked one."""
    if not token or len(token) > 24 or not token.isalnum():
        return None
    row = _run(_resolve_sql(), [token], fetch=True)
    if row is None:
        return None
    (token_id, survey_id, unit_id, questionnaire_id, sha256, min_seconds, status, opens_on,
     closes_on, burst_window, burst_ip, burst_net, pattern_limit, grace, rate_ip, rate_token,
     unit_name, kind, upt_type, province, days, opens_at, closes_at) = row  # fmt: skip
    spec = questionnaire_spec(questionnaire_id, sha256)
    hours = DEFAULT_HOURS
    if days:
        hours = ServiceHours(days, _as_time(opens_at), _as_time(closes_at))
    return Target(
        token_id=token_id,
        token=token,
        survey_id=survey_id,
        unit_id=unit_id,
        unit_name=unit_name,
        unit_type=upt_type or kind,
        zone=zone_of(province),
        spec=spec,
        min_seconds=min_seconds,
        status=status,
        opens_on=_as_date(opens_on),
        closes_on=_as_date(closes_on),
        hours=hours,
        limits=Limits(
            min_seconds=min_seconds,
            straight_line_min=spec.integrity.straight_line_min,
            burst_ip_limit=burst_ip,
            burst_net_limit=burst_net,
            pattern_limit=pattern_limit,
            off_hours_grace_minutes=grace,
        ),
        burst_window=timedelta(minutes=burst_window),
        rate_ip_limit=rate_ip,
        rate_token_limit=rate_token,
    )


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))  # SQLite answers plain SQL with text


def _as_time(value: object) -> time:
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))  # SQLite answers plain SQL with text


# --- the form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormTicket:
    """What the page gave the respondent: the code, an idempotency key, when it was issued."""

    token: str
    key: uuid.UUID
    issued: int  # unix seconds

    def dumps(self) -> str:
        return signing.dumps(
            {"t": self.token, "k": self.key.hex, "s": self.issued}, salt=FORM_SALT, compress=False
        )


def new_ticket(token: str, now: datetime) -> FormTicket:
    return FormTicket(token, uuid.uuid4(), int(now.timestamp()))


def read_ticket(value: str, token: str) -> FormTicket | None:
    try:
        data = signing.loads(value, salt=FORM_SALT, max_age=FORM_MAX_AGE)
        ticket = FormTicket(str(data["t"]), uuid.UUID(hex=str(data["k"])), int(data["s"]))
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None
    return ticket if ticket.token == token else None


@dataclass(frozen=True)
class Answers:
    values: tuple[int | None, ...]  # one per element, 1..4 or None
    profile: dict[str, str]
    check: str


def element_field(index: int) -> str:
    return f"u{index + 1}"


def parse_answers(
    spec: QuestionnaireSpec, unit_type: str, data: Mapping[str, str]
) -> tuple[Answers, dict[str, str]]:
    """The answers of a posted form and the problems, by field name (codes, not messages)."""
    problems: dict[str, str] = {}
    values: list[int | None] = []
    for index in range(len(spec.elements)):
        raw = data.get(element_field(index), "")
        if raw == "":
            values.append(None)
        elif raw.isdigit() and 1 <= int(raw) <= SCALE:
            values.append(int(raw))
        else:
            values.append(None)
            problems[element_field(index)] = "invalid"
    if all(value is None for value in values) and not problems:
        problems["answers"] = "none"
    profile: dict[str, str] = {}
    for question in spec.profile:
        raw = data.get(question.key, "")
        allowed = {option.code for option in question.options_for(unit_type)}
        if raw == "":
            if question.required:
                problems[question.key] = "required"
        elif raw in allowed:
            profile[question.key] = raw
        else:
            problems[question.key] = "invalid"
    check = data.get(spec.check.key, "")
    if check == "":
        problems[spec.check.key] = "required"
    elif check not in {option.code for option in spec.check.options}:
        problems[spec.check.key] = "invalid"
        check = ""
    return Answers(tuple(values), profile, check), problems


# --- storing ----------------------------------------------------------------------------------


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # the same form again (double tap, retry): already stored
    ALREADY_ANSWERED = "already_answered"  # this device answered this survey of the unit
    RATE_LIMITED = "rate_limited"
    CLOSED = "closed"


@dataclass(frozen=True)
class Submission:
    target: Target
    ticket: FormTicket
    answers: Answers
    device: str
    ip: str


def hashed(purpose: str, value: str) -> str:
    if not value:
        return ""
    return salted_hmac(f"zona.surveys.{purpose}", value, algorithm="sha256").hexdigest()[:32]


def device_seen(target: Target, device: str) -> bool:
    return Response.objects.filter(
        survey_id=target.survey_id, unit_id=target.unit_id, device_key=device
    ).exists()


@lru_cache(maxsize=1)
def _recent_sql() -> str:
    """Counts the flags and limits need, each an indexed lookup capped at what matters."""
    table = Response._meta.db_table

    def capped(name: str, where: str, limit: str) -> str:
        return (
            f'(SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" WHERE {where} LIMIT {limit}) {name})'  # noqa: S608
        )

    return "SELECT " + ", ".join(
        [
            capped("k", '"idempotency_key" = %s', "1"),
            capped("d", '"survey_id" = %s AND "unit_id" = %s AND "device_key" = %s', "1"),
            capped("t", '"token_id" = %s AND "submitted_at" >= %s', "%s"),
            capped(
                "p",
                '"survey_id" = %s AND "unit_id" = %s AND "pattern" = %s AND "submitted_at" >= %s',
                "%s",
            ),
            capped("i", '"ip_hash" = %s AND "submitted_at" >= %s', "%s"),
            capped("n", '"net_hash" = %s AND "submitted_at" >= %s', "%s"),
        ]
    )


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
def _store_sql(element_count: int) -> tuple[str, ...]:
    """The statements storing an online response and adding it to the tallies.

    On PostgreSQL one statement (the tally upsert reads the inserted row from a CTE), so
    outside a transaction it costs one round trip and commits by itself; on SQLite two, the
    second reading the row just inserted. The text depends only on the number of elements,
    so PostgreSQL prepares it once per connection.
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


def _store(values: Mapping[str, Any], answers: Sequence[int | None]) -> None:
    """Insert the response (`values` of the ONLINE_COLUMNS, then the answers) and move its
    tallies, all or nothing."""
    statements = _store_sql(len(answers))
    params = [*(values[column] for column in ONLINE_COLUMNS), *answers]
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:  # inside a caller's transaction: keep it usable
            with transaction.atomic():
                _run(statements[0], params)
        else:
            _run(statements[0], params)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statements[0], params)
        cursor.execute(statements[1], [cursor.lastrowid])


def _run(sql: str, params: list[Any], *, fetch: bool = False) -> Any:
    """Execute one hot-path statement; on PostgreSQL with server-side binding, so that the
    server prepares it once per connection (psycopg prepares a statement run five times)
    instead of parsing and planning it on every request."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else None
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if fetch else None


def _db(field: str, value: object) -> Any:
    """A value as the database driver wants it for this column (UUID, aware datetime, …)."""
    return cast(models.Field, Response._meta.get_field(field)).get_db_prep_value(  # type: ignore[type-arg]
        value, connection
    )


def submit(submission: Submission, now: datetime | None = None) -> Outcome:
    """Flag and store one response, at most once per form and per device."""
    now = now or timezone.now()
    target, ticket, answers = submission.target, submission.ticket, submission.answers
    if not target.is_open(timezone.localdate(now)):
        return Outcome.CLOSED
    ip_hash = hashed("ip", host_of(submission.ip))
    net_hash = hashed("net", network_of(submission.ip))
    pattern = answer_pattern(answers.values, answers.profile, answers.check)
    burst_since = _db("submitted_at", now - target.burst_window)
    ip_cap = max(target.limits.burst_ip_limit, target.rate_ip_limit)
    counts = _run(
        _recent_sql(),
        [
            _db("idempotency_key", ticket.key),
            target.survey_id,
            target.unit_id,
            submission.device,
            target.token_id,
            _db("submitted_at", now - RATE_TOKEN_WINDOW),
            target.rate_token_limit,
            target.survey_id,
            target.unit_id,
            pattern,
            _db("submitted_at", now - PATTERN_WINDOW),
            target.limits.pattern_limit,
            ip_hash or None,  # NULL matches nothing: an unknown address counts alone
            burst_since,
            ip_cap,
            net_hash or None,
            burst_since,
            target.limits.burst_net_limit,
        ],
        fetch=True,
    )
    same_key, same_device, same_token, same_pattern, same_ip, same_net = counts
    if same_key:
        return Outcome.DUPLICATE
    if same_device:
        return Outcome.ALREADY_ANSWERED
    if same_ip >= target.rate_ip_limit or same_token >= target.rate_token_limit:
        return Outcome.RATE_LIMITED
    duration = max(0, int(now.timestamp()) - ticket.issued)
    flags = flags_for(
        answers=answers.values,
        directed=answers.check == target.spec.check.flag_on,
        duration_seconds=duration,
        local_time=now.astimezone(target.zone),
        hours=target.hours,
        recent=Recent(same_ip=same_ip, same_net=same_net, same_pattern=same_pattern),
        limits=target.limits,
    )
    values = {
        "survey_id": target.survey_id,
        "unit_id": target.unit_id,
        "token_id": target.token_id,
        "source": ResponseSource.ONLINE.value,
        "status": (ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED).value,
        "flags": int(flags),
        "profile": _db("profile", answers.profile),
        "check_answer": answers.check,
        "submitted_at": _db("submitted_at", now),
        "duration_seconds": duration,
        "idempotency_key": _db("idempotency_key", ticket.key),
        "device_key": submission.device,
        "ip_hash": ip_hash,
        "net_hash": net_hash,
        "pattern": pattern,
        "review_reason": "",
    }
    try:
        _store(values, answers.values)
    except IntegrityError:
        # A concurrent request with the same key or device won the race.
        if Response.objects.filter(idempotency_key=ticket.key).exists():
            return Outcome.DUPLICATE
        return Outcome.ALREADY_ANSWERED
    return Outcome.STORED


def client_ip(meta: Mapping[str, str]) -> str:
    """The respondent's address: REMOTE_ADDR, or the nearest untrusted X-Forwarded-For hop
    when REMOTE_ADDR is one of SURVEY_TRUSTED_PROXIES (the reverse proxy in front of Zona)."""
    remote = meta.get("REMOTE_ADDR", "")
    trusted = set(getattr(settings, "SURVEY_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
