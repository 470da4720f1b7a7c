"""The public intake: resolve a code, read a filled form, flag it, store it once.

The page gives each respondent a signed ticket: the code, an idempotency key, when it was
issued, what the code points at (survey, unit, questionnaire version) and the device it was
given to. A post is then read and checked without a lookup, and stored under that device.
On PostgreSQL it costs one statement (zona.surveys.intake_sql): it reads the code's current
state (still active, period open, its limits, the unit's service hours) with the counts the
flags and limits need (the device's earlier response and its key, recent responses from the
address, network and code, the same answer pattern), flags the response, stores it unless a
rule refuses it, and moves its tallies. On SQLite the same steps
are three statements, the flags computed by integrity.flags_for. No session, no user: the
public pages share nothing with the staff site.
"""

from __future__ import annotations

import hmac
import json
import time as clock
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
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from zona.surveys import intake_sql
from zona.surveys.integrity import (
    DEFAULT_HOURS,
    Limits,
    Recent,
    ServiceHours,
    address_keys,
    answer_pattern,
    content_flags,
    flags_for,
    zone_of,
)
from zona.surveys.models import (
    ANSWER_FIELDS,
    PeriodStatus,
    Questionnaire,
    Response,
    ResponseSource,
    ResponseStatus,
)
from zona.surveys.spec import SCALE, QuestionnaireSpec

FORM_SALT = "zona.surveys.form"
DEVICE_COOKIE = "zona_survey_device"
DEVICE_SALT = "zona.surveys.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # beyond one survey period
FORM_MAX_AGE = 24 * 3600  # a form left open longer is issued again (answers kept)
PATTERN_WINDOW = intake_sql.PATTERN_WINDOW
RATE_TOKEN_WINDOW = intake_sql.RATE_TOKEN_WINDOW


@lru_cache(maxsize=64)
def questionnaire_spec(questionnaire_id: int, sha256: str) -> QuestionnaireSpec:
    """A stored questionnaire version never changes (its SHA-256 says so), so its parsed form
    is kept per process and the text is read once."""
    return Questionnaire.objects.get(pk=questionnaire_id, source_sha256=sha256).spec()


@dataclass(frozen=True)
class Basis:
    """What a public code points at. It never changes for a code, so the form's signed ticket
    carries it and a post reads its answers without a lookup."""

    token_id: int
    token: str
    survey_id: int
    unit_id: int
    questionnaire_id: int
    sha256: str  # of the questionnaire version
    unit_type: str  # UPT type, else unit kind: picks the service options
    province: str  # gives the unit's local time

    @property
    def spec(self) -> QuestionnaireSpec:
        return questionnaire_spec(self.questionnaire_id, self.sha256)

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.province)

    def dumps(self) -> list[Any]:
        return [
            self.token_id,
            self.survey_id,
            self.unit_id,
            self.questionnaire_id,
            self.sha256,
            self.unit_type,
            self.province,
        ]

    @classmethod
    def loads(cls, token: str, data: list[Any]) -> Basis:
        token_id, survey_id, unit_id, questionnaire_id, sha256, unit_type, province = data
        return cls(
            int(token_id),
            token,
            int(survey_id),
            int(unit_id),
            int(questionnaire_id),
            str(sha256),
            str(unit_type),
            str(province),
        )


@dataclass(frozen=True)
class State:
    """The period's state and limits for a code: read afresh for every post."""

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

    @classmethod
    def from_row(cls, row: Sequence[Any], spec: QuestionnaireSpec) -> State:
        """From the state columns of intake_sql, in their order."""
        (min_seconds, status, opens_on, closes_on, burst_window, burst_ip, burst_net,
         pattern_limit, grace, rate_ip, rate_token, days, opens_at, closes_at) = row  # fmt: skip
        hours = DEFAULT_HOURS
        if days:
            hours = ServiceHours(days, _as_time(opens_at), _as_time(closes_at))
        return cls(
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


@dataclass(frozen=True)
class Target:
    """An active public code with everything its pages need."""

    basis: Basis
    unit_name: str
    state: State

    @property
    def token(self) -> str:
        return self.basis.token

    @property
    def token_id(self) -> int:
        return self.basis.token_id

    @property
    def survey_id(self) -> int:
        return self.basis.survey_id

    @property
    def unit_id(self) -> int:
        return self.basis.unit_id

    @property
    def unit_type(self) -> str:
        return self.basis.unit_type

    @property
    def spec(self) -> QuestionnaireSpec:
        return self.basis.spec

    @property
    def opens_on(self) -> date:
        return self.state.opens_on

    def is_open(self, today: date) -> bool:
        return self.state.is_open(today)


def resolve(token: str) -> Target | None:
    """The target of an active code, or None for an unknown or revoked one."""
    if not token or len(token) > 24 or not token.isalnum():
        return None
    row = _run(intake_sql.resolve_sql(), [token], fetch=True)
    if row is None:
        return None
    token_id, survey_id, unit_id, questionnaire_id, sha256, name, kind, upt_type, province = row[:9]
    basis = Basis(
        token_id, token, survey_id, unit_id, questionnaire_id, sha256, upt_type or kind, province
    )
    return Target(basis, name, State.from_row(row[9:], basis.spec))


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
    """What the page gave the respondent: the code, an idempotency key, when it was issued,
    what the code points at and the device the page was given to (a ticket from before these
    were carried has neither).

    The device is the form's: a post is stored under the device its page was given to, so the
    same form sent twice, from whatever cookie, meets its own earlier response on the
    one-per-device constraint and is known as the same by its key."""

    token: str
    key: uuid.UUID
    issued: int  # unix seconds
    basis: Basis | None = None
    device: str | None = None

    def dumps(self) -> str:
        data: dict[str, Any] = {"t": self.token, "k": self.key.hex, "s": self.issued}
        if self.basis is not None:
            data["b"] = self.basis.dumps()
        if self.device is not None:
            data["d"] = self.device
        return signing.dumps(data, salt=FORM_SALT, compress=False)


def new_ticket(basis: Basis, now: datetime, device: str | None = None) -> FormTicket:
    return FormTicket(basis.token, uuid.uuid4(), int(now.timestamp()), basis, device)


def read_ticket(value: str, token: str) -> FormTicket | None:
    try:
        data = _unsign_ticket(value)
        basis = Basis.loads(token, data["b"]) if "b" in data else None
        device = str(data["d"]) if "d" in data else None
        ticket = FormTicket(
            str(data["t"]), uuid.UUID(hex=str(data["k"])), int(data["s"]), basis, device
        )
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None
    return ticket if ticket.token == token else None


def _unsign_ticket(value: str) -> Any:
    """signing.loads(value, salt=FORM_SALT, max_age=FORM_MAX_AGE), the same check of the same
    format, with the HMAC's key derived once per process (as `hashed`): every post reads a
    ticket. With SECRET_KEY_FALLBACKS set, Django's own function tries each key."""
    if settings.SECRET_KEY_FALLBACKS:
        return signing.loads(value, salt=FORM_SALT, max_age=FORM_MAX_AGE)
    signed, _, signature = value.rpartition(":")
    digest = _keyed_ticket_hash(settings.SECRET_KEY).copy()
    digest.update(signed.encode())
    if not constant_time_compare(signature, signing.b64_encode(digest.digest()).decode()):
        raise signing.BadSignature("the ticket's signature does not match")
    payload, _, stamp = signed.rpartition(":")
    if clock.time() - signing.b62_decode(stamp) > FORM_MAX_AGE:
        raise signing.SignatureExpired("the ticket is older than a day")
    return json.loads(signing.b64_decode(payload.encode()).decode("latin-1"))


@lru_cache(maxsize=4)
def _keyed_ticket_hash(secret: str) -> hmac.HMAC:
    """What django.core.signing.Signer(salt=FORM_SALT).signature computes before the value."""
    return salted_hmac(f"{FORM_SALT}signer", "", secret, algorithm="sha256")


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
    UNKNOWN = "unknown"  # the code was revoked since the form was given


@dataclass(frozen=True)
class Submission:
    basis: Basis
    ticket: FormTicket
    answers: Answers
    device: str
    ip: str


def hashed(purpose: str, value: str) -> str:
    """An address as kept: Django's salted HMAC of it (the keyed hash is prepared once)."""
    if not value:
        return ""
    digest = _keyed_hash(purpose, settings.SECRET_KEY).copy()
    digest.update(value.encode())
    return digest.hexdigest()[:32]


@lru_cache(maxsize=8)
def _keyed_hash(purpose: str, secret: str) -> hmac.HMAC:
    """What django.utils.crypto.salted_hmac computes before it reads the value."""
    return salted_hmac(f"zona.surveys.{purpose}", "", secret, algorithm="sha256")


def device_seen(target: Target, device: str) -> bool:
    return Response.objects.filter(
        survey_id=target.survey_id, unit_id=target.unit_id, device_key=device
    ).exists()


@dataclass(frozen=True)
class Recently:
    """The device's earlier response and the counts of `intake_sql`, the counts capped at the
    limits that read them."""

    same_key: bool  # the device's earlier response came from this very form
    same_device: bool
    same_token: int
    same_pattern: int
    same_ip: int
    same_net: int


def _state_and_counts(
    submission: Submission, pattern: int, ip_hash: str, net_hash: str, now: datetime
) -> tuple[State, Recently] | None:
    """SQLite: the code's current state and the recent counts (two statements: SQLite cannot
    read the period's limits inside LIMIT); None if the code is no longer active."""
    basis = submission.basis
    found = _run(intake_sql.state_sql(), [basis.token_id, basis.token], fetch=True)
    if found is None:
        return None
    state = State.from_row(found, basis.spec)
    since = _db("submitted_at", now - state.burst_window)
    ip, net = ip_hash or None, net_hash or None  # NULL matches nothing: counts alone
    ip_cap = max(state.limits.burst_ip_limit, state.rate_ip_limit)
    counts = _run(
        intake_sql.counts_sql(),
        [
            *(basis.survey_id, basis.unit_id, submission.device),
            *(_db("submitted_at", now - RATE_TOKEN_WINDOW), basis.survey_id, basis.unit_id),
            *(basis.survey_id, basis.unit_id, pattern, _db("submitted_at", now - PATTERN_WINDOW)),
            state.limits.pattern_limit,
            *(ip, since, ip_cap),
            *(net, since, state.limits.burst_net_limit),
        ],
        fetch=True,
    )
    answered_with = counts[0]
    same_key = answered_with is not None and answered_with == _db(
        "idempotency_key", submission.ticket.key
    )
    return state, Recently(same_key, answered_with is not None, *counts[1:])


def _run(sql: str, params: Sequence[Any], *, fetch: bool = False) -> Any:
    """Execute one hot-path statement; on PostgreSQL with server-side binding, so that the
    server prepares it once per connection (psycopg prepares a statement run five times,
    settings.DATABASES' prepare_threshold) instead of parsing and planning it every time."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else None
    import psycopg

    return _execute(psycopg.Cursor, sql, params, fetch=fetch)


def _run_numbered(statement: intake_sql.Numbered, values: Mapping[str, Any]) -> Any:
    """PostgreSQL: execute a numbered statement (server-side binding, as `_run`); its row."""
    import psycopg

    return _execute(psycopg.RawCursor, statement.sql, statement.params(values), fetch=True)


def _execute(cursor_class: Any, sql: str, params: Any, *, fetch: bool) -> Any:
    """PostgreSQL: run one statement on the request's psycopg connection. These statements
    skip Django's per-request health check (a `SELECT 1` round trip before a reused
    connection's first query); if the server dropped the connection, they reconnect and run
    once more. Running a submission twice is safe: one that did commit is then refused by its
    form's idempotency key. Inside a caller's transaction a dropped connection is the caller's."""
    for attempt in (1, 2):
        connection.ensure_connection()
        try:
            with connection.wrap_database_errors, cursor_class(connection.connection) as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone() if fetch else None
        except OperationalError:
            raw = connection.connection
            dropped = raw is None or raw.closed or raw.broken
            if attempt == 2 or connection.in_atomic_block or not dropped:
                raise
            connection.close()
    raise AssertionError("unreachable")


@lru_cache(maxsize=4)
def _field(name: str) -> models.Field:  # type: ignore[type-arg]
    return cast(models.Field, Response._meta.get_field(name))  # type: ignore[type-arg]


def _db(field: str, value: object) -> Any:
    """A value as the database driver wants it for this column (UUID, aware datetime, …)."""
    return _field(field).get_db_prep_value(value, connection)


@dataclass(frozen=True)
class _Facts:
    """What the server knows of a submission before it asks the database."""

    duration: int  # seconds since the page was issued
    ip_hash: str
    net_hash: str
    pattern: int
    content_flags: int  # integrity.content_flags
    local_time: datetime  # in the unit's time zone


def submit(submission: Submission, now: datetime | None = None) -> Outcome:
    """Flag and store one response, at most once per form and per device."""
    now = now or timezone.now()
    basis, answers = submission.basis, submission.answers
    spec = basis.spec
    host, network = address_keys(submission.ip)
    facts = _Facts(
        duration=max(0, int(now.timestamp()) - submission.ticket.issued),
        ip_hash=hashed("ip", host),
        net_hash=hashed("net", network),
        pattern=answer_pattern(answers.values, answers.profile, answers.check),
        content_flags=content_flags(
            answers.values, answers.check == spec.check.flag_on, spec.integrity.straight_line_min
        ),
        local_time=now.astimezone(basis.zone),
    )
    try:
        if connection.vendor == "postgresql":
            return _submit_in_one_statement(submission, facts, now)
        return _submit_in_steps(submission, facts, now)
    except IntegrityError:
        # A concurrent request from the same device won the race: with this form or another.
        earlier = Response.objects.filter(
            survey_id=basis.survey_id, unit_id=basis.unit_id, device_key=submission.device
        ).values_list("idempotency_key", flat=True)
        if submission.ticket.key in earlier:
            return Outcome.DUPLICATE
        return Outcome.ALREADY_ANSWERED


def _submit_in_one_statement(submission: Submission, facts: _Facts, now: datetime) -> Outcome:
    """PostgreSQL: intake_sql.submit_sql decides, flags, stores and tallies at once."""
    from psycopg.types.json import Jsonb

    basis, answers = submission.basis, submission.answers
    local = facts.local_time
    params: dict[str, Any] = {
        "token_id": basis.token_id,
        "token": basis.token,
        "survey": basis.survey_id,
        "unit": basis.unit_id,
        "key": submission.ticket.key,
        "device": submission.device,
        "pattern": facts.pattern,
        "ip": facts.ip_hash or None,  # NULL matches nothing: counts alone (stored as "")
        "net": facts.net_hash or None,
        "now": now,
        "content_flags": facts.content_flags,
        "weekday": str(local.isoweekday()),
        "local_micros": (local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000
        + local.microsecond,
        "today": timezone.localdate(now),
        "profile": Jsonb(answers.profile),
        "check_answer": answers.check,
        "duration_seconds": facts.duration,
    }
    params.update(zip(ANSWER_FIELDS, answers.values, strict=False))
    statement = intake_sql.submit_sql(len(answers.values))
    if connection.in_atomic_block:  # inside a caller's transaction: keep it usable
        with transaction.atomic():
            row = _run_numbered(statement, params)
    else:
        row = _run_numbered(statement, params)
    if row is None:
        return Outcome.UNKNOWN
    is_open, same_key, same_device, limited = row
    if not is_open:
        return Outcome.CLOSED
    if same_key:
        return Outcome.DUPLICATE
    if same_device:
        return Outcome.ALREADY_ANSWERED
    if limited:
        return Outcome.RATE_LIMITED
    return Outcome.STORED


def _online_values(submission: Submission, facts: _Facts, now: datetime) -> dict[str, Any]:
    """The stored columns of an online response that the server knows beforehand."""
    basis = submission.basis
    return {
        "survey_id": basis.survey_id,
        "unit_id": basis.unit_id,
        "token_id": basis.token_id,
        "source": ResponseSource.ONLINE.value,
        "profile": submission.answers.profile,
        "check_answer": submission.answers.check,
        "submitted_at": now,
        "duration_seconds": facts.duration,
        "idempotency_key": submission.ticket.key,
        "device_key": submission.device,
        "ip_hash": facts.ip_hash,
        "net_hash": facts.net_hash,
        "pattern": facts.pattern,
        "review_reason": "",
    }


def _submit_in_steps(submission: Submission, facts: _Facts, now: datetime) -> Outcome:
    """SQLite: the state and counts, the flags in Python, then the store."""
    basis, answers = submission.basis, submission.answers
    found = _state_and_counts(submission, facts.pattern, facts.ip_hash, facts.net_hash, now)
    if found is None:
        return Outcome.UNKNOWN
    state, recently = found
    if not state.is_open(timezone.localdate(now)):
        return Outcome.CLOSED
    if recently.same_key:
        return Outcome.DUPLICATE
    if recently.same_device:
        return Outcome.ALREADY_ANSWERED
    if recently.same_ip >= state.rate_ip_limit or recently.same_token >= state.rate_token_limit:
        return Outcome.RATE_LIMITED
    flags = flags_for(
        answers=answers.values,
        directed=answers.check == basis.spec.check.flag_on,
        duration_seconds=facts.duration,
        local_time=facts.local_time,
        hours=state.hours,
        recent=Recent(
            same_ip=recently.same_ip,
            same_net=recently.same_net,
            same_pattern=recently.same_pattern,
        ),
        limits=state.limits,
    )
    values = {
        **_online_values(submission, facts, now),
        "profile": _db("profile", answers.profile),
        "submitted_at": _db("submitted_at", now),
        "idempotency_key": _db("idempotency_key", submission.ticket.key),
        "status": (ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED).value,
        "flags": int(flags),
    }
    insert, tally = intake_sql.store_sql(len(answers.values))
    params = [*(values[column] for column in intake_sql.ONLINE_COLUMNS), *answers.values]
    window_since = _db("submitted_at", now - RATE_TOKEN_WINDOW)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(insert, params)
        cursor.execute(tally, [cursor.lastrowid, window_since, window_since])
    return Outcome.STORED
