"""A unit's teams of a year as its page shows them: each decree, its members, and what a later
decree did to them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from zona.accounts.models import User
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit
from zona.teams.access import may_record
from zona.teams.models import TEAM_RULES, TeamDecree, TeamKind, TeamMember, kinds_for
from zona.teams.services import in_force


@dataclass
class DecreeView:
    decree: TeamDecree
    members: list[TeamMember]
    in_force: bool
    revoked: set[int] = field(default_factory=set)  # member rows whose role a later decree took


@dataclass
class TeamSection:
    kind: str
    label: str
    stage: str
    may_record: bool
    decrees: list[DecreeView]  # of the year, newest first
    in_force_elsewhere: TeamDecree | None  # the decree in force, when it is of another year


def sections(user: User, unit: Unit, year: AssessmentYear) -> list[TeamSection]:
    """One section per kind of team the unit forms that has a decree or that the user records."""
    members = Prefetch("members", TeamMember.objects.select_related("user"))
    decrees = list(
        TeamDecree.objects.filter(unit=unit, assessment_year=year)
        .select_related("replaced_by", "replaces")
        .prefetch_related(members, "replaced_by__members")
        .order_by("-recorded_at", "-pk")
    )
    found = []
    for kind in kinds_for(unit):
        mine = [d for d in decrees if d.kind == kind]
        current = in_force(unit, kind)
        recorder = may_record(user, unit, kind)
        if not mine and current is None and not recorder:
            continue
        found.append(
            TeamSection(
                kind=kind,
                label=str(TeamKind(kind).label),
                stage=TEAM_RULES[kind].stage,
                may_record=recorder,
                decrees=[_view(d) for d in mine],
                in_force_elsewhere=current
                if current is not None and current.assessment_year_id != year.pk
                else None,
            )
        )
    return found


def _view(decree: TeamDecree) -> DecreeView:
    members = list(decree.members.all())
    later = getattr(decree, "replaced_by", None)
    if later is None:
        return DecreeView(decree, members, in_force=True)
    kept = {(m.user_id, m.role) for m in later.members.all()}
    revoked = {m.pk for m in members if m.by_decree and (m.user_id, m.role) not in kept}
    return DecreeView(decree, members, in_force=False, revoked=revoked)
