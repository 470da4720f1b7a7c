"""State changes of the survey app (staff side): questionnaires, periods, codes, service
profiles, reviews and publication. Each is one transaction with its audit event.

The public intake (one response per call, no audit event per response: responses are
append-only rows and their tallies move in the same transaction) lives in intake.py.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import Change, change_of, record, record_many
from zona.cycles.models import AssessmentYear, Stage
from zona.organizations.models import Unit
from zona.surveys import tallies
from zona.surveys.models import (
    PeriodStatus,
    PeriodSurvey,
    Questionnaire,
    Response,
    ResponseStatus,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
)
from zona.surveys.spec import DATA_DIR, load_questionnaire_file

if TYPE_CHECKING:
    from zona.accounts.models import User

TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 - no 0/o, 1/l/i on a poster
TOKEN_LENGTH = 10  # 31^10 ≈ 8 × 10^14 codes
SURVEY_STAGE = "survei"  # stage 1 of the schedule: the self-run electronic survey

PERIOD_SETTINGS = SurveyPeriod.SETTINGS


class QuestionnaireChanged(Exception):
    """A file whose code and version are loaded already, with a different text."""


# --- questionnaires ---------------------------------------------------------------------------


def load_questionnaire_version(*, actor: User | None, path: Path) -> Questionnaire:
    """The stored version of a questionnaire file, stored now if new; never changed silently."""
    spec = load_questionnaire_file(path)  # QuestionnaireError listing every problem
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with transaction.atomic():
        existing = Questionnaire.objects.filter(code=spec.code, version=spec.version).first()
        if existing is not None:
            if existing.source_sha256 != digest:
                raise QuestionnaireChanged(
                    _(
                        "Questionnaire %(code)s version %(version)d is already loaded with a "
                        "different text. A changed questionnaire needs a new version number."
                    )
                    % {"code": spec.code, "version": spec.version}
                )
            return existing
        questionnaire = Questionnaire.objects.create(
            code=spec.code,
            version=spec.version,
            kind=spec.kind,
            title=spec.title,
            source_sha256=digest,
            source_text=text,
            loaded_at=timezone.now(),
        )
        record(
            actor,
            change_of(
                "questionnaire.loaded",
                questionnaire,
                after={"code": spec.code, "version": spec.version, "sha256": digest},
            ),
        )
    return questionnaire


def shipped_questionnaires(*, actor: User | None) -> list[Questionnaire]:
    """The current version of every shipped questionnaire file, loaded if needed."""
    return [
        load_questionnaire_version(actor=actor, path=path)
        for path in sorted(DATA_DIR.glob("*.toml"))
    ]


# --- periods ----------------------------------------------------------------------------------


def default_window(assessment_year: AssessmentYear) -> tuple[date, date]:
    """The survey stage's window of the year (October–November of the year before)."""
    stage = Stage.objects.filter(assessment_year=assessment_year, key=SURVEY_STAGE).first()
    if stage is not None:
        return stage.starts_on, stage.ends_on
    year = assessment_year.year - 1
    return date(year, 10, 1), date(year, 11, 30)


@transaction.atomic
def open_period(
    *,
    actor: User | None,
    assessment_year: AssessmentYear,
    questionnaires: Sequence[Questionnaire],
    service_from: str,
    opens_on: date,
    closes_on: date,
) -> SurveyPeriod:
    """Open the survey of a year with the chosen questionnaires.

    `service_from` is the code of the questionnaire whose index feeds the service-quality
    score (the IKM by default; the IPKP for a PermenPANRB 90/2021 reading).
    """
    if closes_on < opens_on:
        raise ValidationError(_("The survey must end on or after its first day."))
    if SurveyPeriod.objects.filter(assessment_year=assessment_year).exists():
        raise ValidationError(_("The survey of this year is already open."))
    codes = [q.code for q in questionnaires]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Choose each questionnaire once."))
    period = SurveyPeriod.objects.create(
        assessment_year=assessment_year, opens_on=opens_on, closes_on=closes_on
    )
    for order, questionnaire in enumerate(questionnaires):
        spec = questionnaire.spec()
        feeds = spec.feeds
        if feeds == "service_survey" and spec.code != service_from:
            feeds = ""
        if spec.code == service_from:
            feeds = "service_survey"
        PeriodSurvey.objects.create(
            period=period,
            questionnaire=questionnaire,
            feeds=feeds,
            min_seconds=spec.integrity.min_seconds,
            order=order,
        )
    fed = list(period.surveys.exclude(feeds="").values_list("feeds", flat=True))
    if len(fed) != len(set(fed)):
        raise ValidationError(_("Two questionnaires cannot feed the same score."))
    record(
        actor,
        change_of(
            "survey_period.opened",
            period,
            after={
                "year": assessment_year.year,
                "questionnaires": [f"{q.code}@{q.version}" for q in questionnaires],
                "service_from": service_from,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
            },
        ),
    )
    return period


def _settings(period: SurveyPeriod) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in PERIOD_SETTINGS:
        value = getattr(period, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


@transaction.atomic
def change_period(*, actor: User, period: SurveyPeriod, **values: Any) -> SurveyPeriod:
    unknown = set(values) - set(PERIOD_SETTINGS)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    if values.get("closes_on", period.closes_on) < values.get("opens_on", period.opens_on):
        raise ValidationError(_("The survey must end on or after its first day."))
    before = _settings(period)
    for name, value in values.items():
        setattr(period, name, value)
    period.save(update_fields=list(values))
    after = _settings(period)
    changed = [name for name in PERIOD_SETTINGS if before[name] != after[name]]
    if changed:
        record(
            actor,
            change_of(
                "survey_period.changed",
                period,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            ),
        )
    return period


@transaction.atomic
def change_min_seconds(*, actor: User, survey: PeriodSurvey, min_seconds: int) -> PeriodSurvey:
    before = survey.min_seconds
    survey.min_seconds = min_seconds
    survey.save(update_fields=["min_seconds"])
    if before != min_seconds:
        record(
            actor,
            change_of(
                "period_survey.min_seconds_changed",
                survey,
                before={"min_seconds": before},
                after={"min_seconds": min_seconds},
            ),
        )
    return survey


# Allowed status changes: collection open ↔ closed; publishing ends collection for good.
ALLOWED_STATUS = {
    PeriodStatus.OPEN: {PeriodStatus.CLOSED, PeriodStatus.PUBLISHED},
    PeriodStatus.CLOSED: {PeriodStatus.OPEN, PeriodStatus.PUBLISHED},
    PeriodStatus.PUBLISHED: set(),
}


@transaction.atomic
def set_period_status(*, actor: User, period: SurveyPeriod, status: str) -> SurveyPeriod:
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if status not in ALLOWED_STATUS[PeriodStatus(period.status)]:
        raise ValidationError(
            _("The survey cannot go from %(before)s to %(after)s.")
            % {
                "before": PeriodStatus(period.status).label,
                "after": PeriodStatus(status).label,
            }
        )
    fields = ["status"]
    if status == PeriodStatus.PUBLISHED:
        waiting = Response.objects.filter(
            survey__period=period, status=ResponseStatus.PENDING
        ).count()
        if waiting:
            raise ValidationError(
                _(
                    "%(count)d flagged responses still wait for review: accept or reject them "
                    "before publishing."
                )
                % {"count": waiting}
            )
        period.published_at = timezone.now()
        period.published_by = actor
        fields += ["published_at", "published_by"]
    before = period.status
    period.status = status
    period.save(update_fields=fields)
    record(
        actor,
        change_of(
            "survey_period.published"
            if status == PeriodStatus.PUBLISHED
            else "survey_period.status",
            period,
            before={"status": before},
            after={"status": status},
        ),
    )
    return period


# --- codes ------------------------------------------------------------------------------------


def new_token_text() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def _token_change(action: str, token: SurveyToken) -> Change:
    return change_of(
        action,
        token,
        after={"survey": token.survey_id, "unit": token.unit_id, "token": token.token},
    )


@transaction.atomic
def issue_tokens(
    *, actor: User | None, surveys: Iterable[PeriodSurvey], units: Iterable[Unit]
) -> list[SurveyToken]:
    """A code for every (survey, unit) that has no active one yet."""
    surveys, units = list(surveys), list(units)
    existing = set(
        SurveyToken.objects.filter(
            survey__in=surveys, unit__in=units, revoked_at__isnull=True
        ).values_list("survey_id", "unit_id")
    )
    created = SurveyToken.objects.bulk_create(
        [
            SurveyToken(survey=survey, unit=unit, token=new_token_text(), created_by=actor)
            for survey in surveys
            for unit in units
            if (survey.pk, unit.pk) not in existing
        ],
        batch_size=1000,
    )
    created = list(
        SurveyToken.objects.filter(token__in=[token.token for token in created]).order_by("pk")
    )
    tallies.make((token.survey_id, token.unit_id) for token in created)
    record_many(actor, [_token_change("survey_token.issued", token) for token in created])
    return created


@transaction.atomic
def revoke_token(*, actor: User, token: SurveyToken) -> SurveyToken:
    token = SurveyToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    record(actor, _token_change("survey_token.revoked", token))
    return token


@transaction.atomic
def rotate_token(*, actor: User, token: SurveyToken) -> SurveyToken:
    """Revoke a code and issue its successor for the same survey and unit."""
    old = revoke_token(actor=actor, token=token)
    new = SurveyToken.objects.create(
        survey_id=old.survey_id, unit_id=old.unit_id, token=new_token_text(), created_by=actor
    )
    record(
        actor,
        change_of(
            "survey_token.rotated",
            new,
            before={"token": old.token},
            after={"survey": new.survey_id, "unit": new.unit_id, "token": new.token},
        ),
    )
    return new


# --- service profile --------------------------------------------------------------------------


@transaction.atomic
def save_service_profile(
    *,
    actor: User | None,
    period: SurveyPeriod,
    unit: Unit,
    service_users: int | None,
    service_days: str,
    opens_at: time,
    closes_at: time,
) -> ServiceProfile:
    if closes_at <= opens_at:
        raise ValidationError(_("Service must close after it opens."))
    days = "".join(sorted(set(service_days)))
    if not days or any(day not in "1234567" for day in days):
        raise ValidationError(_("Choose at least one service day."))
    profile, created = ServiceProfile.objects.select_for_update().get_or_create(
        period=period, unit=unit
    )
    fields = ("service_users", "service_days", "opens_at", "closes_at")
    before = None if created else _profile_values(profile)
    profile.service_users = service_users
    profile.service_days = days
    profile.opens_at = opens_at
    profile.closes_at = closes_at
    profile.save(update_fields=[*fields, "updated_at"])
    after = _profile_values(profile)
    if before != after:
        record(actor, change_of("service_profile.saved", profile, before=before, after=after))
    return profile


def _profile_values(profile: ServiceProfile) -> dict[str, Any]:
    return {
        "service_users": profile.service_users,
        "service_days": profile.service_days,
        "opens_at": profile.opens_at.strftime("%H:%M"),
        "closes_at": profile.closes_at.strftime("%H:%M"),
    }


# --- review -----------------------------------------------------------------------------------

ACCEPT, REJECT = "accept", "reject"


@dataclass(frozen=True)
class ReviewOutcome:
    decided: int
    skipped: int  # already decided by someone else meanwhile


@transaction.atomic
def review_responses(
    *, actor: User, period: SurveyPeriod, ids: Sequence[int], decision: str, reason: str
) -> ReviewOutcome:
    """Accept or reject flagged responses; accepted ones start counting in the results."""
    if decision not in (ACCEPT, REJECT):
        raise ValueError(decision)
    reason = reason.strip()
    if decision == REJECT and not reason:
        raise ValidationError(_("Give the reason for rejecting."))
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)  # against publishing
    if period.status == PeriodStatus.PUBLISHED:
        raise ValidationError(_("The results of this survey are published; reviews are closed."))
    responses = list(
        Response.objects.select_for_update()
        .filter(pk__in=ids, survey__period=period, status=ResponseStatus.PENDING)
        .select_related("survey__questionnaire")
        .order_by("survey_id", "unit_id", "pk")
    )
    now = timezone.now()
    status = ResponseStatus.ACCEPTED if decision == ACCEPT else ResponseStatus.REJECTED
    answered: dict[tuple[int, int], list[list[int | None]]] = defaultdict(list)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    changes = []
    for response in responses:
        response.status = status
        response.reviewed_at = now
        response.reviewed_by = actor
        response.review_reason = reason
        key = (response.survey_id, response.unit_id)
        counts[key] += 1
        answered[key].append(response.answers(len(response.survey.spec().elements)))
        changes.append(
            change_of(
                f"survey_response.{decision}ed",
                response,
                before={"status": ResponseStatus.PENDING.value, "flags": response.flags},
                after={"status": status.value, "reason": reason},
            )
        )
    if responses:
        Response.objects.bulk_update(
            responses, ["status", "reviewed_at", "reviewed_by", "review_reason"]
        )
    moved = "accepted" if status == ResponseStatus.ACCEPTED else "rejected"
    for key in sorted(counts):  # units in ascending order: writers never deadlock
        sums: list[tuple[int, int]] = []
        if status == ResponseStatus.ACCEPTED:
            sums = tallies.counted_sums(answered[key], len(answered[key][0]))
        tallies.add(key[0], key[1], sums=sums, pending=-counts[key], **{moved: counts[key]})
    record_many(actor, changes)
    return ReviewOutcome(decided=len(responses), skipped=len(set(ids)) - len(responses))
