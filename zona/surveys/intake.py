"""The public intake: resolve a code, read a filled form, flag it, store it once.

The page gives each respondent a signed ticket (django.core.signing): the code, an idempotency
key, when it was issued and the device the page was given to. A post is stored under that
device, in one transaction on any database: the unit's tally row is locked, the code's state
read afresh, the device's earlier response and the recent responses that the flags and limits
count are looked up, the flags computed (integrity.flags_for), the response inserted and the
tally moved. The unique constraint on (survey, unit, device) keeps a device, and so a form, to
one response even when two posts race. No session, no user: the public pages share nothing
with the staff site.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zona.surveys import tallies
from zona.surveys.integrity import (
    DEFAULT_HOURS,
    Limits,
    Recent,
    ServiceHours,
    address_keys,
    answer_pattern,
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
    SurveyPeriod,
    SurveyToken,
    UnitTally,
)
from zona.surveys.spec import SCALE, QuestionnaireSpec

FORM_SALT = "zona.surveys.form"
DEVICE_COOKIE = "zona_survey_device"
DEVICE_SALT = "zona.surveys.device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # beyond one survey period
FORM_MAX_AGE = 24 * 3600  # a form left open longer is issued again (answers kept)
PATTERN_WINDOW = timedelta(hours=24)
PERIOD_FIELDS = ("status", *SurveyPeriod.SETTINGS)
RATE_TOKEN_WINDOW = timedelta(minutes=1)


@lru_cache(maxsize=64)
def questionnaire_spec(questionnaire_id: int, sha256: str) -> QuestionnaireSpec:
    """A stored questionnaire version never changes (its SHA-256 says so), so its parsed form
    is kept per process and the text is read once."""
    return Questionnaire.objects.get(pk=questionnaire_id, source_sha256=sha256).spec()


@dataclass(frozen=True)
class Basis:
    """What a public code points at; it never changes for a code."""

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
    """The period's state and limits for a code, and the unit's service hours."""

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


# What a post needs of its code, read in one query (values: no model to build per post): the
# code's own columns, then the others by name.
CODE_COLUMNS = ("id", "token", "survey_id", "unit_id")
CODE_FIELDS = {
    "questionnaire_id": "survey__questionnaire_id",
    "sha256": "survey__questionnaire__source_sha256",
    "unit_name": "unit__name",
    "unit_kind": "unit__kind",
    "upt_type": "unit__upt_type",
    "province": "unit__province",
    "min_seconds": "survey__min_seconds",
    **{name: f"survey__period__{name}" for name in PERIOD_FIELDS},
    "days": "profile__service_days",
    "opens_at": "profile__opens_at",
    "closes_at": "profile__closes_at",
}


def _profile() -> FilteredRelation:
    """The unit's service profile in the code's period (a left join: a unit may have none)."""
    return FilteredRelation(
        "unit__survey_profiles",
        condition=Q(unit__survey_profiles__period_id=F("survey__period_id")),
    )


STATE_FIELDS = ("min_seconds", *PERIOD_FIELDS, "days", "opens_at", "closes_at")


def _active_code(**lookup: Any) -> dict[str, Any] | None:
    """An active code with its survey, period, questionnaire and unit, and the unit's service
    hours in that period (`days`, `opens_at`, `closes_at`: None without a service profile)."""
    found = (
        SurveyToken.objects.filter(revoked_at__isnull=True, **lookup)
        .alias(profile=_profile())
        .order_by()  # one row by a unique key: no sort (the model's ordering joins the unit)
        .values(*CODE_COLUMNS, **{name: F(path) for name, path in CODE_FIELDS.items()})
        .first()
    )
    return cast(dict[str, Any] | None, found)


def _state(code: dict[str, Any], spec: QuestionnaireSpec) -> State:
    hours = DEFAULT_HOURS
    if code["days"] is not None:
        hours = ServiceHours(code["days"], code["opens_at"], code["closes_at"])
    return State(
        min_seconds=code["min_seconds"],
        status=code["status"],
        opens_on=code["opens_on"],
        closes_on=code["closes_on"],
        hours=hours,
        limits=Limits(
            min_seconds=code["min_seconds"],
            straight_line_min=spec.integrity.straight_line_min,
            burst_ip_limit=code["burst_ip_limit"],
            burst_net_limit=code["burst_net_limit"],
            pattern_limit=code["pattern_limit"],
            off_hours_grace_minutes=code["off_hours_grace_minutes"],
        ),
        burst_window=timedelta(minutes=code["burst_window_minutes"]),
        rate_ip_limit=code["rate_ip_limit"],
        rate_token_limit=code["rate_token_limit"],
    )


def _current_state(basis: Basis) -> State | None:
    """The state of the basis's code if it is still active (what a post reads when it is
    stored, the code's other facts coming from the form's ticket)."""
    found = (
        SurveyToken.objects.filter(pk=basis.token_id, revoked_at__isnull=True)
        .alias(profile=_profile())
        .order_by("pk")  # one row by its key: not the model's ordering, which joins two tables
        .values(**{name: F(CODE_FIELDS[name]) for name in STATE_FIELDS})
        .first()
    )
    return None if found is None else _state(cast(dict[str, Any], found), basis.spec)


def resolve(token: str) -> Target | None:
    """The target of an active code, or None for an unknown or revoked one."""
    if not token or len(token) > 24 or not token.isalnum():
        return None
    code = _active_code(token=token)
    if code is None:
        return None
    basis = Basis(
        token_id=code["id"],
        token=code["token"],
        survey_id=code["survey_id"],
        unit_id=code["unit_id"],
        questionnaire_id=code["questionnaire_id"],
        sha256=code["sha256"],
        unit_type=code["upt_type"] or code["unit_kind"],
        province=code["province"],
    )
    return Target(basis, code["unit_name"], _state(code, basis.spec))


# --- the form ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormTicket:
    """What the page gave the respondent: the code, an idempotency key, when it was issued,
    the device the page was given to and what the code points at (a ticket from before
    tickets carried them has neither).

    A post is stored under the device its page was given to, so the same form sent twice,
    from whatever cookie, meets its own earlier response on the one-per-device constraint and
    is known as the same by its key. What the code points at never changes, so a post can be
    read and stored without looking the code up first (its state is read when it is stored)."""

    token: str
    key: uuid.UUID
    issued: int  # unix seconds
    device: str | None = None
    basis: Basis | None = None

    def dumps(self) -> str:
        data: dict[str, Any] = {"t": self.token, "k": self.key.hex, "s": self.issued}
        if self.device is not None:
            data["d"] = self.device
        if self.basis is not None:
            data["b"] = self.basis.dumps()
        return signing.dumps(data, salt=FORM_SALT)


def new_ticket(basis: Basis, now: datetime, device: str | None = None) -> FormTicket:
    return FormTicket(basis.token, uuid.uuid4(), int(now.timestamp()), device, basis)


def read_ticket(value: str, token: str) -> FormTicket | None:
    """The ticket of a posted form, or None if it was tampered with, is older than a day or
    belongs to another code."""
    try:
        data = signing.loads(value, salt=FORM_SALT, max_age=FORM_MAX_AGE)
        device = str(data["d"]) if "d" in data else None
        basis = Basis.loads(token, data["b"]) if "b" in data else None
        ticket = FormTicket(
            str(data["t"]), uuid.UUID(hex=str(data["k"])), int(data["s"]), device, basis
        )
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
        elif raw.isascii() and raw.isdigit() and len(raw) <= 2 and 1 <= int(raw) <= SCALE:
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
    """An address as kept: Django's salted HMAC of it, never the address itself."""
    if not value:
        return ""
    return salted_hmac(f"zona.surveys.{purpose}", value, algorithm="sha256").hexdigest()[:32]


def device_seen(target: Target, device: str) -> bool:
    return Response.objects.filter(
        survey_id=target.survey_id, unit_id=target.unit_id, device_key=device
    ).exists()


@dataclass(frozen=True)
class Recently:
    """The device's earlier response, and the recent responses the flags and limits count
    (each count capped at the largest limit that reads it)."""

    same_key: bool  # the device's earlier response came from this very form
    same_device: bool
    same_token: int  # through the unit's codes of this survey in the current minute
    same_pattern: int
    same_ip: int
    same_net: int


def _recently(
    submission: Submission,
    state: State,
    tally: UnitTally,
    *,
    pattern: int,
    ip_hash: str,
    net_hash: str,
    now: datetime,
) -> Recently:
    """In one query: the device's earlier response (and whether this form made it), and the
    recent responses with the same answers at the unit and from the same address and network
    (few rows: the limits refuse or flag long before they grow), counted here."""
    basis = submission.basis
    since, pattern_since = now - state.burst_window, now - PATTERN_WINDOW
    wanted = Q(survey_id=basis.survey_id, unit_id=basis.unit_id) & (
        Q(device_key=submission.device) | Q(pattern=pattern, submitted_at__gte=pattern_since)
    )
    if ip_hash:  # an unreadable address is kept as "": it matches nothing, not every other
        wanted |= Q(ip_hash=ip_hash, submitted_at__gte=since)
    if net_hash:
        wanted |= Q(net_hash=net_hash, submitted_at__gte=since)
    rows = Response.objects.filter(wanted).order_by().values_list(
        "survey_id", "unit_id", "device_key", "idempotency_key", "pattern", "ip_hash",
        "net_hash", "submitted_at",
    )  # fmt: skip
    keys: list[uuid.UUID | None] = []
    same_pattern = same_ip = same_net = 0
    for survey_id, unit_id, device, key, found, ip, net, at in rows:
        here = (survey_id, unit_id) == (basis.survey_id, basis.unit_id)
        if here and device == submission.device:
            keys.append(key)
        same_pattern += here and found == pattern and at >= pattern_since
        same_ip += bool(ip_hash) and ip == ip_hash and at >= since
        same_net += bool(net_hash) and net == net_hash and at >= since
    minute_open = tally.minute_started_at is not None and tally.minute_started_at >= (
        now - RATE_TOKEN_WINDOW
    )
    return Recently(
        same_key=submission.ticket.key in keys,
        same_device=bool(keys),
        same_token=tally.minute_count if minute_open else 0,
        same_pattern=same_pattern,
        same_ip=same_ip,
        same_net=same_net,
    )


def submit(submission: Submission, now: datetime | None = None) -> Outcome:
    """Flag and store one response, at most once per form and per device."""
    now = now or timezone.now()
    basis = submission.basis
    try:
        with transaction.atomic():
            return _store(submission, now)
    except IntegrityError:
        # A concurrent request from the same device won the race: with this form or another.
        earlier = Response.objects.filter(
            survey_id=basis.survey_id, unit_id=basis.unit_id, device_key=submission.device
        ).values_list("idempotency_key", flat=True)
        if submission.ticket.key in earlier:
            return Outcome.DUPLICATE
        return Outcome.ALREADY_ANSWERED


def _store(submission: Submission, now: datetime) -> Outcome:
    basis, answers = submission.basis, submission.answers
    tally = tallies.locked(basis.survey_id, basis.unit_id)  # one post of a unit at a time
    spec = basis.spec
    state = _current_state(basis)
    if state is None:
        return Outcome.UNKNOWN
    if not state.is_open(timezone.localdate(now)):
        return Outcome.CLOSED
    host, network = address_keys(submission.ip)
    ip_hash, net_hash = hashed("ip", host), hashed("net", network)
    pattern = answer_pattern(answers.values, answers.profile, answers.check)
    recently = _recently(
        submission, state, tally, pattern=pattern, ip_hash=ip_hash, net_hash=net_hash, now=now
    )
    if recently.same_key:
        return Outcome.DUPLICATE
    if recently.same_device:
        return Outcome.ALREADY_ANSWERED
    if recently.same_ip >= state.rate_ip_limit or recently.same_token >= state.rate_token_limit:
        return Outcome.RATE_LIMITED
    duration = max(0, int(now.timestamp()) - submission.ticket.issued)
    flags = flags_for(
        answers=answers.values,
        directed=answers.check == spec.check.flag_on,
        duration_seconds=duration,
        local_time=now.astimezone(basis.zone),
        hours=state.hours,
        recent=Recent(
            same_ip=recently.same_ip,
            same_net=recently.same_net,
            same_pattern=recently.same_pattern,
        ),
        limits=state.limits,
    )
    status = ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED
    Response.objects.create(
        survey_id=basis.survey_id,
        unit_id=basis.unit_id,
        token_id=basis.token_id,
        source=ResponseSource.ONLINE,
        status=status,
        flags=flags,
        profile=answers.profile,
        check_answer=answers.check,
        submitted_at=now,
        duration_seconds=duration,
        idempotency_key=submission.ticket.key,
        device_key=submission.device,
        ip_hash=ip_hash,
        net_hash=net_hash,
        pattern=pattern,
        **dict(zip(ANSWER_FIELDS, answers.values, strict=False)),
    )
    counted = status == ResponseStatus.ACCEPTED
    minute = (
        {"minute_count": tally.minute_count + 1}
        if recently.same_token
        else {"minute_started_at": now, "minute_count": 1}
    )
    tallies.move(
        tally,
        counters={
            "received": 1,
            "flagged": int(flags != 0),
            "pending": int(not counted),
            "accepted": int(counted),
        },
        sums=tallies.counted_sums([answers.values], len(answers.values)) if counted else (),
        changes=minute,
    )
    return Outcome.STORED
