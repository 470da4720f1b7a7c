"""Recording a team's decree: its members get the roles it gives, in one transaction with the
audit trail. A decree is never changed; a new one replaces the team's decree in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from zona.accounts.models import Membership, Role, User
from zona.accounts.services import grant_membership, revoke_membership
from zona.audit.services import change_of, record
from zona.cycles.models import AssessmentYear
from zona.cycles.services import StageClosed, require_stage_open
from zona.files.models import StoredFile
from zona.organizations.models import Unit
from zona.teams.models import TEAM_RULES, TeamDecree, TeamKind, TeamMember, kinds_for, roles_for


class TeamRefused(Exception):
    """The decree cannot be recorded; the message says why (shown to the user)."""


def in_force(unit: Unit, kind: str) -> TeamDecree | None:
    """The team's decree that no later decree replaced (of any year)."""
    return (
        TeamDecree.objects.filter(unit=unit, kind=kind, replaced_by__isnull=True)
        .select_related("assessment_year")
        .first()
    )


@transaction.atomic
def record_team_decree(
    *,
    actor: User,
    unit: Unit,
    year: AssessmentYear,
    kind: str,
    number: str,
    signed_on: date,
    document: StoredFile,
    members: Sequence[tuple[str, str]],
) -> TeamDecree:
    """Record the decree forming `unit`'s team of `kind` for `year`, naming `members` as
    (NIP or e-mail, role). Each member gets the role in `unit`. The decree replaces the team's
    decree in force; a member that decree gave a role and this one leaves out loses it."""
    if kind not in kinds_for(unit):
        raise TeamRefused(
            _("A %(unit_kind)s does not form a %(team)s.")
            % {"unit_kind": unit.type_label, "team": TeamKind(kind).label}
        )
    allowed = roles_for(kind, unit)
    if any(role not in allowed for _login, role in members):
        raise TeamRefused(
            _("This decree gives only these roles: %(roles)s.")
            % {"roles": ", ".join(str(Role(role).label) for role in allowed)}
        )
    try:
        require_stage_open(year=year, key=TEAM_RULES[kind].stage, unit=unit)
    except StageClosed as closed:
        raise TeamRefused(str(closed)) from closed
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one decree of a unit at a time
    seats = _accounts_of(members)
    current = in_force(unit, kind)
    if current is not None and current.assessment_year.year > year.year:
        raise TeamRefused(
            _(
                "Decree %(number)s of %(year)d is in force: a decree of an earlier year cannot "
                "replace it."
            )
            % {"number": current.number, "year": current.assessment_year.year}
        )
    decree = TeamDecree.objects.create(
        unit=unit,
        assessment_year=year,
        kind=kind,
        number=number.strip(),
        signed_on=signed_on,
        document=document,
        replaces=current,
        recorded_by=actor,
    )
    carried = set()
    if current is not None:
        carried = {(m.user_id, m.role) for m in current.members.all() if m.by_decree}
    held = set(
        Membership.objects.filter(unit=unit, user__in=[user for user, _role in seats]).values_list(
            "user_id", "role"
        )
    )
    rows = []
    for user, role in seats:
        grant_membership(actor=actor, user=user, unit=unit, role=role)  # audited when new
        by_decree = (user.pk, role) not in held or (user.pk, role) in carried
        rows.append(TeamMember(decree=decree, user=user, role=role, by_decree=by_decree))
    TeamMember.objects.bulk_create(rows)
    revoked = _revoke_left_out(actor, unit, carried - {(user.pk, role) for user, role in seats})
    record(
        actor,
        change_of(
            "team.decree_recorded",
            decree,
            after={
                "unit": unit.pk,
                "year": year.year,
                "kind": kind,
                "number": decree.number,
                "signed_on": signed_on.isoformat(),
                "members": [[user.pk, role] for user, role in seats],
                "replaces": current.pk if current else None,
                "revoked": revoked,
            },
        ),
    )
    return decree


def _accounts_of(members: Sequence[tuple[str, str]]) -> list[tuple[User, str]]:
    """Each (login, role) as (account, role), once; refused naming every login without an
    active account."""
    wanted: list[tuple[str, str]] = []
    for login, role in members:
        key = (login.strip().casefold(), role)
        if key[0] and key not in wanted:
            wanted.append(key)
    if not wanted:
        raise TeamRefused(_("A decree names at least one member."))
    logins = {login for login, _role in wanted}
    found = (
        User.objects.annotate(email_ci=Lower("email"))
        .filter(Q(nip__in=logins) | Q(email_ci__in=logins), is_active=True)
        .order_by("pk")
    )
    by_login: dict[str, User] = {}
    for user in found:
        for login in (user.nip or "", user.email.casefold()):
            if login in logins:
                by_login.setdefault(login, user)
    missing = [
        login for login in dict.fromkeys(login for login, _r in wanted) if login not in by_login
    ]
    if missing:
        raise TeamRefused(
            _(
                "No active account in Zona for: %(logins)s. Create the accounts first (master "
                "data), then record the decree again; nothing was recorded."
            )
            % {"logins": ", ".join(missing)}
        )
    seats: dict[tuple[int, str], tuple[User, str]] = {}
    for login, role in wanted:  # an account named twice (by NIP and by e-mail) sits once
        seats.setdefault((by_login[login].pk, role), (by_login[login], role))
    return list(seats.values())


def _revoke_left_out(actor: User, unit: Unit, left_out: set[tuple[int, str]]) -> list[list[object]]:
    if not left_out:
        return []
    memberships = Membership.objects.filter(
        unit=unit, user_id__in={user_id for user_id, _role in left_out}
    ).select_related("user")
    revoked = []
    for membership in memberships:
        if (membership.user_id, membership.role) in left_out:
            revoke_membership(actor=actor, membership=membership)  # audited
            revoked.append([membership.user_id, membership.role])
    return sorted(revoked, key=lambda pair: (pair[0], str(pair[1])))
