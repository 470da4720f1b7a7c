"""The teams of the yearly cycle as recorded acts (Bab II A.3, schedule rows 3–4).

A team exists by a decree (SK): the head of a satker forms its working team, the Unit Eselon I
its assessment team (Tim Penilai Pendahuluan), Itjen and Balitbangkumham the TPI, the ministry
its own working team. A decree names its members, and recording it grants each member the role
the decree gives them in the decree's unit (`accounts.Membership`). A decree is never changed:
a new decree replaces the team's decree in force (`replaces`), and both stay on record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import ROLE_UNIT_KINDS, Role
from zona.cycles.models import AssessmentYear
from zona.files.models import StoredFile
from zona.organizations.models import Unit, UnitKind


class TeamKind(models.TextChoices):
    TIM_KERJA = "tim_kerja", _("Working team of the unit")
    TIM_PENILAI = "tim_penilai_eselon_i", _("Assessment team of the Unit Eselon I")
    TPI = "tpi", _("Internal assessment team (TPI)")
    TIM_KERJA_KEMENTERIAN = "tim_kerja_kementerian", _("Ministry working team")


@dataclass(frozen=True)
class TeamRule:
    """Where a kind of team sits, the roles its decree may give, and the stage that opens it."""

    unit_kinds: frozenset[str]
    roles: tuple[str, ...]  # in the order the form asks for them
    stage: str  # zona.cycles.schedule key


TEAM_RULES: dict[str, TeamRule] = {
    # Row 3: the head of each satker (and of each Unit Eselon I, which builds ZI too) forms its
    # working team; a Kanwil's team also verifies the UPT of its province.
    TeamKind.TIM_KERJA: TeamRule(
        frozenset({UnitKind.UPT, UnitKind.KANWIL, UnitKind.ESELON_I}),
        (Role.OPERATOR_SATKER, Role.TIM_KERJA_KANWIL),
        "tim_kerja",
    ),
    # Row 3 and Bab III B.1: the Unit Eselon I forms its Tim Penilai (Tim Penilai Pendahuluan).
    TeamKind.TIM_PENILAI: TeamRule(
        frozenset({UnitKind.ESELON_I}), (Role.TIM_PENILAI_ESELON_I,), "tim_kerja"
    ),
    # Row 4: the TPI, of Itjen (the leverage components, TLHP) and Balitbangkumham (surveys).
    TeamKind.TPI: TeamRule(
        frozenset({UnitKind.ESELON_I, UnitKind.KEMENTERIAN}),
        (Role.TPI_ITJEN, Role.TPI_BALITBANG),
        "tpi",
    ),
    # Bab I C.12: the ministry's working team, formed by the ministry's leadership.
    TeamKind.TIM_KERJA_KEMENTERIAN: TeamRule(
        frozenset({UnitKind.KEMENTERIAN, UnitKind.ESELON_I}),
        (Role.TIM_KERJA_KEMENTERIAN,),
        "tim_kerja",
    ),
}


def kinds_for(unit: Unit) -> list[str]:
    """The kinds of team a unit may form, in the order of the schedule."""
    return [kind for kind, rule in TEAM_RULES.items() if unit.kind in rule.unit_kinds]


def roles_for(kind: str, unit: Unit) -> tuple[str, ...]:
    """The roles a decree of `kind` may give in `unit` (each role only where it may be held)."""
    return tuple(
        role for role in TEAM_RULES[kind].roles if unit.kind in ROLE_UNIT_KINDS[Role(role)]
    )


class TeamDecree(models.Model):
    """The decree forming a unit's team of one kind for a year, with its members."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="team_decrees")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="team_decrees"
    )
    kind = models.CharField(_("team"), max_length=32, choices=TeamKind.choices)
    number = models.CharField(_("decree number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    document = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "kind", "-recorded_at", "-pk"]
        verbose_name = _("team decree")
        verbose_name_plural = _("team decrees")
        indexes = [models.Index(fields=["unit", "kind"], name="team_decree_unit_kind")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()}, {self.unit})"


class TeamMember(models.Model):
    """A person a decree names, with the role it gives them in the decree's unit."""

    decree = models.ForeignKey(TeamDecree, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_seats"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # The membership is held because of the team's decrees: this one created it, or it was
    # carried over from the decree this one replaced. A later decree that leaves the member out
    # revokes it. False: the member held the role before any decree gave it (kept).
    by_decree = models.BooleanField(_("role given by the decree"))

    class Meta:
        ordering = ["decree", "role", "user__full_name", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["decree", "user", "role"], name="team_member_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
