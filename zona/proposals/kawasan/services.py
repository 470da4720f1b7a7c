"""The kawasan's acts, each in one transaction with its audit event: the special team, the
integration scores, another agency's unit's predicate, and the penetapan on the register.

Windows (zona.cycles): the special team joins the TPIs, so it is formed in the TPI's stage 4
(row 4); the integration is scored during the TPI's assessment (stage 10); the penetapan is
recorded with KemenPAN-RB's results (stage 15). Another agency's predicate is a fact of its own
records, entered whenever it is known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zona.accounts.models import User
from zona.audit.services import change_of, record
from zona.cycles.models import AssessmentYear
from zona.cycles.services import StageClosed, require_stage_open
from zona.files.models import StoredFile
from zona.organizations.models import Kawasan, KawasanMember
from zona.proposals.kawasan.judge import kawasan_verdict, team_of
from zona.proposals.models import (
    KawasanGrant,
    KawasanIntegration,
    KawasanTeam,
    KawasanTeamMember,
    MemberPredicate,
    Predicate,
)
from zona.scoring import ScoringInputError, integration_score

TEAM_STAGE, INTEGRATION_STAGE, GRANT_STAGE = "tpi", "penilaian_tpi", "penetapan_predikat"


class KawasanRefused(Exception):
    """The act is not possible; the message says why, `reasons` the details."""

    def __init__(self, message: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


@transaction.atomic
def record_team(
    *,
    actor: User,
    kawasan: Kawasan,
    year: AssessmentYear,
    decree_number: str,
    signed_on: date,
    issued_by: str,
    document: StoredFile,
    members: Sequence[tuple[str, str, str]],
) -> KawasanTeam:
    """Record the decree forming the kawasan's special team: `members` as (agency, name,
    position on the team), from the TPIs of at least two of the kawasan's agencies."""
    _require_open(year, TEAM_STAGE)
    agencies = {m.instansi.casefold(): m.instansi for m in kawasan.members.all()}
    seats = [(a.strip(), n.strip(), p.strip()) for a, n, p in members if n.strip()]
    foreign = sorted({a for a, _n, _p in seats if a.casefold() not in agencies})
    if foreign:
        raise KawasanRefused(
            _("Not an agency of this kawasan: %(names)s.") % {"names": ", ".join(foreign)}
        )
    if len({a.casefold() for a, _n, _p in seats}) < 2:
        raise KawasanRefused(
            _(
                "The special team joins the TPIs of the kawasan's agencies: name members of at "
                "least two agencies."
            )
        )
    team = KawasanTeam.objects.create(
        kawasan=kawasan,
        assessment_year=year,
        decree_number=decree_number.strip(),
        signed_on=signed_on,
        issued_by=issued_by.strip(),
        document=document,
        recorded_by=actor,
    )
    KawasanTeamMember.objects.bulk_create(
        KawasanTeamMember(team=team, instansi=agencies[a.casefold()], name=n, position=p)
        for a, n, p in seats
    )
    record(
        actor,
        change_of(
            "kawasan.team_recorded",
            team,
            after={
                "kawasan": kawasan.pk,
                "year": year.year,
                "decree": team.decree_number,
                "signed_on": signed_on.isoformat(),
                "members": [[agencies[a.casefold()], n, p] for a, n, p in seats],
            },
        ),
    )
    return team


@transaction.atomic
def record_integration(
    *,
    actor: User,
    kawasan: Kawasan,
    year: AssessmentYear,
    scores: Mapping[str, Decimal],
    note: str = "",
) -> KawasanIntegration:
    """Record the special team's scores of the five integration indicators and the score
    they make (their mean, zona.scoring.integration_score). A new scoring supersedes the
    earlier one, which is kept."""
    _require_open(year, INTEGRATION_STAGE)
    team = team_of(kawasan, year)
    if team is None:
        raise KawasanRefused(
            _("Record the special team's decree first: the team scores the integration.")
        )
    try:
        score = integration_score(scores)
    except ScoringInputError as error:
        raise KawasanRefused(
            _("The scores cannot be used."), [p.text() for p in error.problems]
        ) from error
    integration = KawasanIntegration.objects.create(
        kawasan=kawasan,
        assessment_year=year,
        team=team,
        scores={key: str(value) for key, value in scores.items()},
        score=score,
        note=note.strip(),
        recorded_by=actor,
    )
    record(
        actor,
        change_of(
            "kawasan.integration_scored",
            integration,
            after={
                "kawasan": kawasan.pk,
                "year": year.year,
                "team": team.pk,
                "scores": integration.scores,
                "score": str(score),
            },
        ),
    )
    return integration


@transaction.atomic
def record_member_predicate(
    *,
    actor: User,
    member: KawasanMember,
    predicate: str,
    year: int,
    source: str,
    document: StoredFile | None = None,
) -> MemberPredicate:
    """Record the predicate another agency's unit holds, with its source (that agency's or
    KemenPAN-RB's decree). The ministry's own units are judged on Zona's records."""
    if member.unit_id is not None:
        raise KawasanRefused(
            _("%(unit)s is one of the ministry's units: its predicate comes from the register.")
            % {"unit": member.unit_name}
        )
    if not source.strip():
        raise KawasanRefused(_("Name the source of the predicate (its decree)."))
    if MemberPredicate.objects.filter(member=member, predicate=predicate).exists():
        raise KawasanRefused(
            _("%(unit)s already has %(predicate)s recorded.")
            % {"unit": member.unit_name, "predicate": Predicate(predicate).label}
        )
    recorded = MemberPredicate.objects.create(
        member=member,
        predicate=predicate,
        year=year,
        source=source.strip(),
        document=document,
        recorded_by=actor,
    )
    record(
        actor,
        change_of(
            "kawasan.member_predicate_recorded",
            recorded,
            after={
                "kawasan": member.kawasan_id,
                "member": member.pk,
                "predicate": predicate,
                "year": year,
                "source": recorded.source,
            },
        ),
    )
    return recorded


@transaction.atomic
def grant_kawasan(
    *,
    actor: User,
    kawasan: Kawasan,
    year: AssessmentYear,
    predicate: str,
    decree_number: str,
    granted_on: date,
) -> KawasanGrant:
    """Enter the kawasan granted `predicate` in `year` on the register, if the kawasan
    criteria hold (Bab III A.3.d.3–4): refused with every reason otherwise. Keeps the verdict."""
    _require_open(year, GRANT_STAGE)
    Kawasan.objects.select_for_update().filter(pk=kawasan.pk).first()
    _require_not_held(kawasan, predicate)
    if not decree_number.strip():
        raise KawasanRefused(_("Give the number of KemenPAN-RB's decree."))
    verdict = kawasan_verdict(kawasan, year, predicate)
    if not verdict.eligible:
        raise KawasanRefused(
            _("%(kawasan)s does not meet the kawasan criteria of %(predicate)s.")
            % {"kawasan": kawasan.name, "predicate": Predicate(predicate).label},
            verdict.reasons,
        )
    grant = KawasanGrant.objects.create(
        kawasan=kawasan,
        predicate=predicate,
        year=year.year,
        decree_number=decree_number.strip(),
        granted_on=granted_on,
        integration=verdict.integration,
        verdict=verdict.snapshot(),
        recorded_by=actor,
    )
    record(actor, change_of("kawasan.granted", grant, after=_grant_values(grant)))
    return grant


@transaction.atomic
def record_earlier_kawasan_grant(
    *,
    actor: User,
    kawasan: Kawasan,
    predicate: str,
    year: int,
    decree_number: str,
    granted_on: date,
) -> KawasanGrant:
    """Enter a predicate the kawasan was granted before Zona kept its assessment."""
    Kawasan.objects.select_for_update().filter(pk=kawasan.pk).first()
    _require_not_held(kawasan, predicate)
    if (
        predicate == Predicate.WBBM
        and not KawasanGrant.objects.filter(
            kawasan=kawasan, predicate=Predicate.WBK, year__lt=year
        ).exists()
    ):
        raise KawasanRefused(_("Menuju WBBM needs Menuju WBK granted in an earlier year."))
    grant = KawasanGrant.objects.create(
        kawasan=kawasan,
        predicate=predicate,
        year=year,
        decree_number=decree_number.strip(),
        granted_on=granted_on,
        recorded_by=actor,
    )
    record(actor, change_of("kawasan.predicate_entered", grant, after=_grant_values(grant)))
    return grant


def _require_not_held(kawasan: Kawasan, predicate: str) -> None:
    if KawasanGrant.objects.filter(kawasan=kawasan, predicate=predicate).exists():
        raise KawasanRefused(
            _("%(kawasan)s already holds %(predicate)s on the register.")
            % {"kawasan": kawasan.name, "predicate": Predicate(predicate).label}
        )


def _grant_values(grant: KawasanGrant) -> dict[str, object]:
    return {
        "kawasan": grant.kawasan_id,
        "predicate": grant.predicate,
        "year": grant.year,
        "decree": grant.decree_number,
        "granted_on": grant.granted_on.isoformat(),
        "integration": grant.integration_id,
    }


def _require_open(year: AssessmentYear, key: str) -> None:
    try:
        require_stage_open(year=year, key=key, unit=None)
    except StageClosed as closed:
        raise KawasanRefused(str(closed)) from closed
