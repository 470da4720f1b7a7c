"""The kawasan criteria (Bab III A.3.d.3–4) from Zona's records, through the scoring engine.

- Every member unit meets the unit criteria of the predicate: one of the ministry's units by
  the register (it holds the predicate, or a higher one) or else by its verdict on its year's
  LKE (`zona.proposals.verdict.verdict_for`, on the TPI's answers where it gave them); another
  agency's unit by the predicate recorded for it from that agency's records.
- The integration score of the special team (the newest scoring of the year) meets 6.5 for
  Menuju WBK, 7.5 for Menuju WBBM (the instrument's `[predicates.*.kawasan]`).
- Menuju WBBM only for a kawasan that holds Menuju WBK on the register.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zona.accounts.models import User
from zona.assessments.models import Assessment
from zona.assessments.workflow import Status, Tier
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Kawasan, KawasanMember
from zona.proposals.kawasan.access import visible_kawasan
from zona.proposals.models import (
    Grant,
    KawasanGrant,
    KawasanIntegration,
    KawasanTeam,
    MemberPredicate,
    Predicate,
)
from zona.proposals.verdict import verdict_for
from zona.scoring import Criterion, evaluate_kawasan, is_eligible

ORDER = (Predicate.WBK, Predicate.WBBM)  # each predicate implies the ones before it


def reaches(held: str | None, target: str) -> bool:
    """Whether holding `held` means holding `target` (Menuju WBBM implies Menuju WBK)."""
    return held in ORDER and ORDER.index(Predicate(held)) >= ORDER.index(Predicate(target))


def highest(predicates: Iterable[str]) -> str | None:
    held = set(predicates)
    return next((str(p) for p in reversed(ORDER) if p in held), None)


@dataclass(frozen=True)
class MemberStanding:
    """How one member unit stands against the unit criteria of the kawasan's predicate."""

    member: KawasanMember
    key: str  # its name in the kawasan criteria
    held: str | None  # the predicate it holds (register or recorded)
    criteria: tuple[Criterion, ...]
    total: Decimal | None = None  # the LKE's total, when judged on its verdict

    @property
    def is_ministry(self) -> bool:
        return self.member.unit_id is not None

    @property
    def passed(self) -> bool | None:
        if all(c.passed is True for c in self.criteria):
            return True
        return False if any(c.passed is False for c in self.criteria) else None

    @property
    def reasons(self) -> list[str]:
        return [c.message for c in self.criteria if c.passed is not True]


@dataclass(frozen=True)
class KawasanVerdict:
    target: str
    team: KawasanTeam | None
    integration: KawasanIntegration | None
    previous: str | None  # the predicate the kawasan holds from earlier years
    members: tuple[MemberStanding, ...]
    criteria: tuple[Criterion, ...]
    problem: str = ""  # why it cannot be judged at all

    @property
    def eligible(self) -> bool:
        return not self.problem and bool(self.criteria) and is_eligible(self.criteria)

    @property
    def reasons(self) -> list[str]:
        found = [self.problem] if self.problem else []
        return found + [c.message for c in self.criteria if c.passed is not True]

    def snapshot(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "integration_score": None if self.integration is None else str(self.integration.score),
            "previous_predicate": self.previous,
            "members": [
                {
                    "member": s.member.pk,
                    "unit": s.member.unit_id,
                    "name": s.key,
                    "held": s.held,
                    "total": None if s.total is None else str(s.total),
                    "passed": s.passed,
                }
                for s in self.members
            ],
            "criteria": [
                {"code": c.code, "passed": c.passed, "message": c.message} for c in self.criteria
            ],
            "eligible": self.eligible,
        }


def held_by_kawasan(kawasan: Kawasan, *, before_year: int) -> str | None:
    """The highest predicate the register shows the kawasan holding before `before_year`."""
    return highest(
        KawasanGrant.objects.filter(kawasan=kawasan, year__lt=before_year).values_list(
            "predicate", flat=True
        )
    )


def aim_of(kawasan: Kawasan, year: AssessmentYear) -> str | None:
    """Menuju WBBM for a kawasan that holds Menuju WBK, else Menuju WBK; none once WBBM."""
    held = held_by_kawasan(kawasan, before_year=year.year)
    if held == Predicate.WBBM:
        return None
    return str(Predicate.WBBM if held == Predicate.WBK else Predicate.WBK)


def team_of(kawasan: Kawasan, year: AssessmentYear) -> KawasanTeam | None:
    return KawasanTeam.objects.filter(kawasan=kawasan, assessment_year=year).first()


def integration_of(kawasan: Kawasan, year: AssessmentYear) -> KawasanIntegration | None:
    return (
        KawasanIntegration.objects.filter(kawasan=kawasan, assessment_year=year)
        .select_related("team", "recorded_by")
        .first()
    )


def kawasan_verdict(kawasan: Kawasan, year: AssessmentYear, target: str) -> KawasanVerdict:
    """The kawasan judged for `target` in `year`, every member and criterion with it."""
    members = list(
        kawasan.members.select_related("unit").prefetch_related("predicates").order_by("pk")
    )
    standings = tuple(_standings(members, year, target))
    integration = integration_of(kawasan, year)
    previous = held_by_kawasan(kawasan, before_year=year.year)
    verdict = KawasanVerdict(
        target, team_of(kawasan, year), integration, previous, standings, criteria=()
    )
    if not members:
        return _with(verdict, problem=_("The kawasan has no member units."))
    try:
        criteria = evaluate_kawasan(
            year.instrument.spec(),
            target,
            {s.key: s.criteria for s in standings},
            None if integration is None else integration.score,
            previous,
        )
    except ValueError:
        return _with(verdict, problem=_("The year's instrument has no kawasan criteria."))
    return _with(verdict, criteria=tuple(criteria))


def _with(verdict: KawasanVerdict, **changes: Any) -> KawasanVerdict:
    return replace(verdict, **changes)


def _standings(
    members: list[KawasanMember], year: AssessmentYear, target: str
) -> Iterable[MemberStanding]:
    unit_ids = [m.unit_id for m in members if m.unit_id is not None]
    grants: dict[int, list[Grant]] = {}
    for grant in Grant.objects.filter(unit_id__in=unit_ids, year__lte=year.year).order_by("year"):
        grants.setdefault(grant.unit_id, []).append(grant)
    lke = {
        a.unit_id: a
        for a in Assessment.objects.filter(unit_id__in=unit_ids, assessment_year=year)
        .exclude(status=Status.DRAFT)
        .select_related("unit", "assessment_year__instrument")
    }
    names = [m.unit_name for m in members]
    for member in members:
        key = member.unit_name
        if names.count(key) > 1:
            key = f"{key} ({member.instansi})"
        if member.unit_id is None:
            yield _by_record(member, key, year, target)
        else:
            yield _by_zona(
                member, key, grants.get(member.unit_id, []), lke.get(member.unit_id), target
            )


def _by_zona(
    member: KawasanMember,
    key: str,
    grants: list[Grant],
    assessment: Assessment | None,
    target: str,
) -> MemberStanding:
    held = highest(g.predicate for g in grants)
    if reaches(held, target):
        grant = next(g for g in reversed(grants) if g.predicate == held)
        text = _("Holds %(predicate)s on the register (%(year)d, decree %(decree)s).") % {
            "predicate": Predicate(grant.predicate).label,
            "year": grant.year,
            "decree": grant.decree_number,
        }
        return MemberStanding(member, key, held, (Criterion("register", True, held, target, text),))
    if assessment is None:
        text = _("No LKE submitted this year: the unit cannot be judged yet.")
        return MemberStanding(member, key, held, (Criterion("lke", None, None, target, text),))
    verdict = verdict_for(assessment, Tier.TPI, target)
    if not verdict.scored:
        text = "; ".join(verdict.reasons)
        return MemberStanding(member, key, held, (Criterion("data", None, None, target, text),))
    return MemberStanding(member, key, held, verdict.criteria, verdict.total)


def _by_record(
    member: KawasanMember, key: str, year: AssessmentYear, target: str
) -> MemberStanding:
    recorded: list[MemberPredicate] = [p for p in member.predicates.all() if p.year <= year.year]
    held = highest(p.predicate for p in recorded)
    if held is None:
        text = _("No predicate recorded for this unit yet.")
        return MemberStanding(member, key, None, (Criterion("predikat", None, None, target, text),))
    best = next(p for p in recorded if p.predicate == held)
    values = {
        "predicate": Predicate(held).label,
        "year": best.year,
        "source": best.source,
        "target": Predicate(target).label,
    }
    if reaches(held, target):
        text = _("Holds %(predicate)s (%(year)d; %(source)s).") % values
        return MemberStanding(member, key, held, (Criterion("predikat", True, held, target, text),))
    text = _("Holds %(predicate)s (%(year)d; %(source)s), not %(target)s.") % values
    return MemberStanding(member, key, held, (Criterion("predikat", False, held, target, text),))


def kawasan_register(user: User) -> QuerySet[KawasanGrant]:
    """The kawasan on the register of predicates that the user sees."""
    return (
        KawasanGrant.objects.filter(kawasan__in=visible_kawasan(user))
        .select_related("kawasan")
        .order_by("-year", "predicate", "kawasan__name")
    )
