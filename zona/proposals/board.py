"""What each level's board shows: the units it may propose now (with their live verdict), those
that stay for coaching with the reasons, and what it has sent up."""

from __future__ import annotations

from dataclasses import dataclass

from zona.accounts.models import User
from zona.assessments.models import Assessment
from zona.assessments.workflow import Status
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit
from zona.proposals.access import line_of
from zona.proposals.models import Level, Predicate, Proposal
from zona.proposals.services import step_for, verdict_at
from zona.proposals.verdict import Verdict, held_predicate

LEVEL_TITLES = {
    Level.KANWIL: Level.KANWIL.label,
    Level.ESELON_I: Level.ESELON_I.label,
    Level.TPI: Level.TPI.label,
}


@dataclass(frozen=True)
class Ready:
    """A verified LKE the level may propose, judged for the predicate it would aim at."""

    assessment: Assessment
    target: str
    verdict: Verdict
    level: str

    @property
    def proposable(self) -> bool:
        return self.verdict.eligible if self.level == Level.TPI else self.verdict.meets_scores


# The LKE waiting for the verification of the level's own tier.
WAITING_STATUS = {
    Level.KANWIL: Status.AT_KANWIL,
    Level.ESELON_I: Status.AT_ESELON_I,
    Level.TPI: Status.AT_TPI,
}


@dataclass(frozen=True)
class Board:
    level: str
    waiting: list[Assessment]  # for this level's verification (proposed or submitted to it)
    ready: list[Ready]  # proposable first, highest score first
    sent: list[Proposal]

    @property
    def title(self) -> str:
        return str(LEVEL_TITLES[Level(self.level)])

    @property
    def proposable(self) -> list[Ready]:
        return [row for row in self.ready if row.proposable]

    @property
    def coached(self) -> list[Ready]:
        return [row for row in self.ready if not row.proposable]


def board_for(user: User, year: AssessmentYear, level: str) -> Board:
    """The level's board for `user`: the LKE of its line whose state allows a proposal."""
    line = Assessment.objects.filter(
        line_of(user, level), assessment_year=year, unit__in=Unit.objects.visible_to(user)
    ).select_related("unit", "unit__parent", "unit__pembina", "assessment_year__instrument")
    waiting = list(line.filter(status=WAITING_STATUS[Level(level)]).order_by("updated_at"))
    ready = []
    for assessment in line.exclude(proposals__level=level).order_by("unit__path"):
        target = aim_of(assessment)
        if target is None or not step_for(assessment, level).ready:
            continue
        ready.append(Ready(assessment, target, verdict_at(assessment, level, target), level))
    ready.sort(key=lambda row: (not row.proposable, -(row.verdict.total or 0)))
    sent = list(
        Proposal.objects.filter(
            assessment_year=year,
            level=level,
            assessment__in=Assessment.objects.filter(line_of(user, level)),
        )
        .select_related("unit", "assessment")
        .order_by("-total", "unit__path")
    )
    return Board(level, waiting, ready, sent)


def aim_of(assessment: Assessment) -> str | None:
    """The predicate a unit aims at: Menuju WBBM once it holds Menuju WBK, else Menuju WBK;
    None for a unit that already holds Menuju WBBM."""
    held = held_predicate(assessment.unit_id, before_year=assessment.assessment_year.year)
    if held == Predicate.WBBM:
        return None
    return Predicate.WBBM if held == Predicate.WBK else Predicate.WBK
