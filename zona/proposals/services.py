"""State changes from candidate to predicate, each in one transaction with its audit event.

Each act is gated by the stage the schedule gives it (Bab II A.3): the Kanwil proposes within
verification (row 7), the Unit Eselon I hands its candidates to the TPI by the end of the
second week of March (row 9), the TPI recommends during its assessment (row 10), the Minister's
decree is recorded in May (row 11), and the TPN's steps from June to December (rows 13–15).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from zona.accounts.models import User
from zona.assessments.models import Assessment
from zona.assessments.services import lock_for_change, send_up
from zona.assessments.workflow import Status, Tier
from zona.audit.services import change_of, record, record_many
from zona.cycles.models import AssessmentYear
from zona.cycles.services import StageClosed, acting_day, acting_moment, require_stage_open
from zona.files.models import StoredFile
from zona.organizations.models import Unit, UnitKind
from zona.proposals.models import (
    UNIT_REQUIREMENTS,
    Candidate,
    Decree,
    Grant,
    Level,
    Predicate,
    Proposal,
    Quota,
    TpnFinding,
    TpnOutcome,
    TpnStep,
)
from zona.proposals.verdict import Verdict, verdict_for

# The stage whose window opens each act (cycles.schedule keys).
PROPOSAL_STAGE = {
    Level.KANWIL: "verifikasi",
    Level.ESELON_I: "usulan_ke_tpi",
    Level.TPI: "penilaian_tpi",
}
DECREE_STAGE = "penetapan_calon"
TPN_STAGE = {
    TpnStep.FORMAL: "kelengkapan_tpn",
    TpnStep.REVIEW: "reviu_tpn",
    TpnStep.RESULT: "penetapan_predikat",
}
SUBMITTED = frozenset(Status.values) - {Status.DRAFT}


class ProposalRefused(Exception):
    """The act is not possible now; the message says why (shown to the user)."""

    def __init__(self, message: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


@dataclass(frozen=True)
class Step:
    """Where an LKE stands for a proposal at `level`: the tier whose answers are judged, and
    whether its state allows the proposal."""

    tier: str
    ready: bool
    moves_lke: bool  # the proposal sends the LKE on to the next tier


def step_for(assessment: Assessment, level: str) -> Step:
    kind, status = assessment.unit.kind, assessment.status
    if level == Level.KANWIL:
        ready = kind == UnitKind.UPT and status == Status.VERIFIED_BY_KANWIL
        return Step(Tier.KANWIL, ready, True)
    if level == Level.ESELON_I:
        if kind == UnitKind.ESELON_I:  # its own LKE went straight to the TPI when submitted
            return Step(Tier.SATKER, status in SUBMITTED, False)
        ready = kind in (UnitKind.UPT, UnitKind.KANWIL) and status == Status.VERIFIED_BY_ESELON_I
        return Step(Tier.ESELON_I, ready, True)
    ready = status == Status.VERIFIED and _proposed(assessment, Level.ESELON_I)
    return Step(Tier.TPI, ready, False)


def verdict_at(assessment: Assessment, level: str, target: str) -> Verdict:
    return verdict_for(assessment, step_for(assessment, level).tier, target)


@transaction.atomic
def propose(
    *,
    actor: User,
    assessment: Assessment,
    level: str,
    target: str,
    note: str = "",
    unit_requirements: Sequence[str] = (),
) -> Proposal:
    """Propose the unit one step up (`level`), if its score meets the thresholds for `target`
    (at the TPI: every criterion, the ministry's and LHKPN/LHKASN included, and the unit-level
    requirements the TPI judges met), keeping the verdict. The Kanwil's and the Unit Eselon
    I's proposal sends the LKE up its chain."""
    assessment = lock_for_change(assessment)
    year, unit = assessment.assessment_year, assessment.unit
    _require_open(year, PROPOSAL_STAGE[Level(level)], unit)
    if Proposal.objects.filter(assessment=assessment, level=level).exists():
        raise ProposalRefused(_("This unit is already proposed at this level."))
    step = step_for(assessment, level)
    if not step.ready:
        raise ProposalRefused(
            _("This LKE is “%(status)s”: it cannot be proposed at this level now.")
            % {"status": assessment.get_status_display()}
        )
    verdict = verdict_for(assessment, step.tier, target)
    enough = verdict.eligible if level == Level.TPI else verdict.meets_scores
    if not enough:
        raise ProposalRefused(
            _("%(unit)s does not meet the criteria of %(target)s yet: it stays for coaching.")
            % {"unit": unit.display_short, "target": Predicate(target).label},
            verdict.reasons,
        )
    judged: dict[str, bool] = {}
    if level == Level.TPI:
        judged = {key: key in unit_requirements for key in UNIT_REQUIREMENTS}
        unmet = [str(UNIT_REQUIREMENTS[key]) for key, met in judged.items() if not met]
        if unmet:
            raise ProposalRefused(
                _("The TPI recommends only a unit that meets the unit-level requirements."),
                unmet,
            )
        _require_within_quota(year)
    assert verdict.total is not None
    proposal = Proposal.objects.create(
        assessment=assessment,
        unit=unit,
        assessment_year=year,
        level=level,
        target=target,
        proposed_by_unit=_proposing_unit(unit, level),
        proposed_by=actor,
        proposed_at=acting_moment(),
        total=verdict.total,
        verdict=verdict.snapshot(),
        unit_requirements=judged,
        note=note.strip(),
    )
    record(
        actor,
        change_of(
            "proposal.made",
            proposal,
            after={
                "unit": unit.pk,
                "level": level,
                "target": target,
                "total": str(verdict.total),
                "tier": step.tier,
            },
        ),
    )
    if step.moves_lke:
        send_up(actor=actor, assessment=assessment, tier=Tier(step.tier), note=note)
    return proposal


def _proposed(assessment: Assessment, level: str) -> bool:
    return Proposal.objects.filter(assessment=assessment, level=level).exists()


def _proposing_unit(unit: Unit, level: str) -> Unit | None:
    if level == Level.KANWIL:
        return unit.parent
    if level == Level.ESELON_I:
        return unit if unit.kind == UnitKind.ESELON_I else unit.pembina
    return None


def quota_of(year: AssessmentYear) -> Quota | None:
    return Quota.objects.filter(assessment_year=year).first()


def _require_within_quota(year: AssessmentYear) -> None:
    quota = quota_of(year)
    if quota is None:
        raise ProposalRefused(
            _("Record the year's quota from KemenPAN-RB's letter before recommending units.")
        )
    recommended = Proposal.objects.filter(assessment_year=year, level=Level.TPI).count()
    if recommended >= quota.units:
        raise ProposalRefused(
            _("The quota of %(n)d units for %(year)d is reached.")
            % {"n": quota.units, "year": year.year}
        )


@transaction.atomic
def record_quota(
    *,
    actor: User,
    year: AssessmentYear,
    units: int,
    letter_number: str,
    letter_date: date,
    document: StoredFile | None,
) -> Quota:
    """Record KemenPAN-RB's letter setting the year's quota; the newest letter is in force."""
    recommended = Proposal.objects.filter(assessment_year=year, level=Level.TPI).count()
    if units < recommended:
        raise ProposalRefused(
            _("%(n)d units are already recommended: the quota cannot be fewer.")
            % {"n": recommended}
        )
    quota = Quota.objects.create(
        assessment_year=year,
        units=units,
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        document=document,
        recorded_by=actor,
    )
    record(
        actor,
        change_of(
            "proposal.quota_recorded",
            quota,
            after={"year": year.year, "units": units, "letter": quota.letter_number},
        ),
    )
    return quota


# --- the Minister's decree ------------------------------------------------------------------


def decree_in_force(year: AssessmentYear) -> Decree | None:
    """The year's newest decree that no other replaces."""
    return (
        Decree.objects.filter(assessment_year=year)
        .exclude(Exists(Decree.objects.filter(replaces=OuterRef("pk"))))
        .first()
    )


@transaction.atomic
def record_decree(
    *,
    actor: User,
    year: AssessmentYear,
    number: str,
    signed_on: date,
    document: StoredFile,
    recommendations: Sequence[Proposal],
    replaces: Decree | None = None,
) -> Decree:
    """Record the Minister's decree fixing the candidates, from the TPI's recommendations.
    A decree is never changed: a correction is a new decree that `replaces` the one in force."""
    _require_past(signed_on)
    _require_open(year, DECREE_STAGE, None, on=signed_on)  # the decree is signed in its window
    current = decree_in_force(year)
    if current is not None and (replaces is None or replaces.pk != current.pk):
        raise ProposalRefused(
            _("Decree %(number)s is in force: a new decree must replace it.")
            % {"number": current.number}
        )
    if current is None and replaces is not None:
        raise ProposalRefused(_("There is no decree in force to replace."))
    if not recommendations:
        raise ProposalRefused(_("Choose the units the decree names."))
    foreign = [
        p for p in recommendations if p.level != Level.TPI or p.assessment_year_id != year.pk
    ]
    if foreign:
        raise ProposalRefused(_("A decree names only units the TPI recommended this year."))
    quota = quota_of(year)
    if quota is None or len(recommendations) > quota.units:
        raise ProposalRefused(
            _("A decree names at most the year's quota of units (%(n)s).")
            % {"n": quota.units if quota else 0}
        )
    decree = Decree.objects.create(
        assessment_year=year,
        number=number.strip(),
        signed_on=signed_on,
        document=document,
        replaces=replaces,
        recorded_by=actor,
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(decree=decree, unit_id=p.unit_id, target=p.target, recommendation=p)
        for p in sorted(recommendations, key=lambda p: p.unit_id)
    )
    record(
        actor,
        change_of(
            "decree.recorded",
            decree,
            after={
                "year": year.year,
                "number": decree.number,
                "signed_on": signed_on.isoformat(),
                "units": [c.unit_id for c in candidates],
                "replaces": replaces.pk if replaces else None,
            },
        ),
    )
    return decree


# --- the TPN and the register ---------------------------------------------------------------

STEP_ORDER = (TpnStep.FORMAL, TpnStep.REVIEW, TpnStep.RESULT)


@transaction.atomic
def record_tpn_step(
    *,
    actor: User,
    candidate: Candidate,
    step: str,
    finding: str,
    on: date,
    notes: str = "",
    decree_number: str = "",
    document: StoredFile | None = None,
) -> TpnOutcome:
    """Record what the TPN reported for a candidate of the decree in force. A granted result
    enters the register."""
    candidate = Candidate.objects.select_related("decree__assessment_year", "unit").get(
        pk=candidate.pk
    )
    year = candidate.decree.assessment_year
    _require_past(on)
    _require_open(year, TPN_STAGE[TpnStep(step)], candidate.unit, on=on)  # when the TPN acted
    current = decree_in_force(year)
    if current is None or current.pk != candidate.decree_id:
        raise ProposalRefused(_("This candidate's decree has been replaced."))
    done = {o.step: o for o in candidate.tpn_steps.all()}
    if step in done:
        raise ProposalRefused(_("This step is already recorded for the unit."))
    earlier = STEP_ORDER[: STEP_ORDER.index(TpnStep(step))]
    failed = [s for s in earlier if s in done and done[s].finding == TpnFinding.FAILED]
    if step != TpnStep.RESULT and failed:
        raise ProposalRefused(_("An earlier step was not passed: record the result instead."))
    if step == TpnStep.RESULT:
        if not failed and any(s not in done for s in earlier):
            raise ProposalRefused(_("Record the TPN's check and review first."))
        if failed and finding == TpnFinding.GRANTED:
            raise ProposalRefused(_("A unit that did not pass a step cannot be granted."))
        if finding == TpnFinding.GRANTED and not decree_number.strip():
            raise ProposalRefused(_("A granted result needs the number of KemenPAN-RB's decree."))
    outcome = TpnOutcome.objects.create(
        candidate=candidate,
        step=step,
        finding=finding,
        on=on,
        notes=notes.strip(),
        decree_number=decree_number.strip(),
        document=document,
        recorded_by=actor,
    )
    changes = [
        change_of(
            "tpn.step_recorded",
            outcome,
            after={"unit": candidate.unit_id, "step": step, "finding": finding, "on": str(on)},
        )
    ]
    if step == TpnStep.RESULT and finding == TpnFinding.GRANTED:
        grant = _grant(actor, candidate.unit, candidate.target, year.year, outcome)
        changes.append(change_of("predicate.granted", grant, after=_grant_values(grant)))
    record_many(actor, changes)
    return outcome


def _grant(actor: User, unit: Unit, predicate: str, year: int, outcome: TpnOutcome | None) -> Grant:
    if Grant.objects.filter(unit=unit, predicate=predicate).exists():
        raise ProposalRefused(
            _("%(unit)s already holds %(predicate)s on the register.")
            % {"unit": unit.display_short, "predicate": Predicate(predicate).label}
        )
    assert outcome is not None
    return Grant.objects.create(
        unit=unit,
        predicate=predicate,
        year=year,
        decree_number=outcome.decree_number,
        granted_on=outcome.on,
        outcome=outcome,
        recorded_by=actor,
    )


@transaction.atomic
def record_earlier_grant(
    *,
    actor: User,
    unit: Unit,
    predicate: str,
    year: int,
    decree_number: str,
    granted_on: date,
) -> Grant:
    """Enter a predicate granted before Zona kept the cycle (from the ministry's records)."""
    if Grant.objects.filter(unit=unit, predicate=predicate).exists():
        raise ProposalRefused(
            _("%(unit)s already holds %(predicate)s on the register.")
            % {"unit": unit.display_short, "predicate": Predicate(predicate).label}
        )
    if (
        predicate == Predicate.WBBM
        and not Grant.objects.filter(unit=unit, predicate=Predicate.WBK, year__lt=year).exists()
    ):
        raise ProposalRefused(_("Menuju WBBM needs Menuju WBK granted in an earlier year."))
    grant = Grant.objects.create(
        unit=unit,
        predicate=predicate,
        year=year,
        decree_number=decree_number.strip(),
        granted_on=granted_on,
        recorded_by=actor,
    )
    record(actor, change_of("predicate.entered", grant, after=_grant_values(grant)))
    return grant


def _grant_values(grant: Grant) -> dict[str, object]:
    return {
        "unit": grant.unit_id,
        "predicate": grant.predicate,
        "year": grant.year,
        "decree": grant.decree_number,
        "granted_on": grant.granted_on.isoformat(),
    }


def _require_open(
    year: AssessmentYear, key: str, unit: Unit | None, *, on: date | None = None
) -> None:
    try:
        require_stage_open(year=year, key=key, unit=unit, on=on)
    except StageClosed as exc:
        raise ProposalRefused(str(exc)) from exc


def _require_past(day: date) -> None:
    if day > acting_day():
        raise ProposalRefused(_("The date is in the future."))
