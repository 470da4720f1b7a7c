"""The demo's people: one user per role of the regulation, with a membership where that role
is held, created through the services people use (audited).

    from zona.accounts.demo import load_demo_people
    logins = load_demo_people(actor, units, province="Jawa Timur")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zona.accounts.models import Membership, Role, User
from zona.accounts.services import create_user, grant_membership
from zona.organizations.demo import MINISTRY_CODE
from zona.organizations.models import Unit, UnitKind, UptType

DEMO_PASSWORD = "zona-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only


@dataclass(frozen=True)
class DemoLogin:
    role: str
    full_name: str
    nip: str
    email: str
    unit: str


def demo_email(role: str) -> str:
    return f"{role.replace('_', '.')}@demo.kemenkumham.go.id"


def demo_user(role: str) -> User:
    """The demo's user who holds `role`."""
    return User.objects.get(email=demo_email(role))


def load_demo_people(
    actor: User | None, units: dict[str, Unit], *, province: str
) -> list[DemoLogin]:
    """The demo's users; the satker team and the Kanwil verifier work in `province`."""
    return [_demo_user(actor, spec, units) for spec in _demo_people(units, province)]


def _demo_people(units: dict[str, Unit], province: str) -> list[tuple[str, str, str, str]]:
    kanwil = next(u for u in units.values() if u.kind == UnitKind.KANWIL and u.province == province)
    upt = next(
        u
        for u in sorted(units.values(), key=lambda u: u.code)
        if u.kind == UnitKind.UPT and u.province == province and u.upt_type == UptType.KANIM
    )
    eselon = {u.short_name: u.code for u in units.values() if u.kind == UnitKind.ESELON_I}
    return [
        # role, unit code, full name, NIP
        (Role.OPERATOR_SATKER, upt.code, "Rina Wulandari", "199104252015032001"),
        (Role.KEPALA_SATKER, upt.code, "Agus Setiawan", "197806141999031002"),
        (Role.TIM_KERJA_KANWIL, kanwil.code, "Dewi Lestari", "198511082008012003"),
        (
            Role.TIM_PENILAI_ESELON_I,
            eselon["Ditjen Imigrasi"],
            "Bambang Pratama",
            "198002172003121001",
        ),
        (Role.TPI_ITJEN, eselon["Itjen"], "Siti Rahmawati", "198707302010122002"),
        (Role.TPI_BALITBANG, eselon["Balitbangkumham"], "Hendra Gunawan", "198303052006041001"),
        (Role.TIM_KERJA_KEMENTERIAN, eselon["Setjen"], "Maya Anggraini", "199002112014022001"),
        (Role.PIMPINAN, MINISTRY_CODE, "Yusuf Hidayat", "196909091994031001"),
        (Role.ADMINISTRATOR, MINISTRY_CODE, "Admin Zona", "199212122019031001"),
    ]


def _demo_user(
    actor: User | None, spec: tuple[str, str, str, str], units: dict[str, Unit]
) -> DemoLogin:
    role, unit_code, full_name, nip = spec
    email = demo_email(role)
    user = create_user(
        actor=actor, nip=nip, email=email, full_name=full_name, password=DEMO_PASSWORD
    )
    grant_membership(actor=actor, user=user, unit=units[unit_code], role=role)
    return DemoLogin(str(Role(role).label), full_name, nip, email, units[unit_code].name)


def demo_logins() -> list[DemoLogin]:
    """The demo's accounts as stored (loaded by this run or an earlier one), in role order."""
    emails = [demo_email(role) for role in Role.values]
    by_role = {
        m.role: m
        for m in Membership.objects.filter(user__email__in=emails).select_related("user", "unit")
        if m.user.email == demo_email(m.role)
    }
    return [
        DemoLogin(
            str(Role(role).label), m.user.full_name, m.user.nip or "", m.user.email, m.unit.name
        )
        for role in Role.values
        if (m := by_role.get(role))
    ]


def login_lines(logins: Sequence[DemoLogin]) -> list[str]:
    """What `zona demo` prints last, before it serves: every login with its NIP and e-mail."""
    lines = [_("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD}]
    for login in logins:
        lines.append(f"  {login.role:<45} NIP {login.nip}  {login.email}")
        lines.append(f"  {'':<45} {login.unit}")
    return lines
