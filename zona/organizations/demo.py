"""Loading the demo ministry through the same services people use, audit trail included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from zona.accounts.models import Membership, Role, User
from zona.accounts.services import create_user, grant_membership
from zona.assessments.demo import load_demo_lke
from zona.compliance.demo import load_demo_compliance
from zona.core.tabular import Table
from zona.cycles.demo import open_demo_year
from zona.organizations.demo_data import (
    KANWIL_PEMBINA_CODE,
    DemoMinistry,
    build_demo_ministry,
)
from zona.organizations.importing import UNIT_COLUMNS, import_units
from zona.organizations.models import Unit, UnitKind, UptType
from zona.organizations.services import create_kawasan
from zona.pencanangan.demo import load_demo_pencanangan
from zona.surveys.demo import open_demo_survey

MINISTRY_CODE = "KEMENKUMHAM"
DEMO_PASSWORD = "zona-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_PROVINCE = "Jawa Timur"


# The names officials use in speech and in search: "Lapas Kelas I Malang".
SHORT_PREFIX = {
    "Lembaga Pemasyarakatan": "Lapas",
    "Lembaga Pembinaan Khusus Anak": "LPKA",
    "Rumah Tahanan Negara": "Rutan",
    "Balai Pemasyarakatan": "Bapas",
    "Rumah Penyimpanan Benda Sitaan Negara": "Rupbasan",
    "Rumah Detensi Imigrasi": "Rudenim",
    "Kantor Imigrasi": "Kanim",
    "Balai Harta Peninggalan": "BHP",
    "Balai Pendidikan dan Pelatihan Hukum dan HAM": "Balai Diklat",
}


def short_name_of(name: str) -> str:
    for long, short in SHORT_PREFIX.items():
        if name.startswith(long):
            return (short + name[len(long) :])[:80]
    return ""


@dataclass(frozen=True)
class DemoLogin:
    role: str
    full_name: str
    nip: str
    email: str
    unit: str


def demo_unit_rows(ministry: DemoMinistry) -> list[dict[str, str]]:
    kanwil_by_code = {k.code: k for k in ministry.kanwil}
    rows = [
        _row(
            MINISTRY_CODE,
            "Kementerian Hukum dan Hak Asasi Manusia",
            "Kemenkumham",
            UnitKind.KEMENTERIAN,
            parent="",
        ),
    ]
    rows += [
        _row(e.code, e.name, e.short_name, UnitKind.ESELON_I, parent=MINISTRY_CODE)
        for e in ministry.eselon
    ]
    rows += [
        _row(
            k.code,
            k.name,
            f"Kanwil {k.province}",
            UnitKind.KANWIL,
            parent=MINISTRY_CODE,
            province=k.province,
            pembina=KANWIL_PEMBINA_CODE,
        )
        for k in ministry.kanwil
    ]
    rows += [
        _row(
            u.code,
            u.name,
            short_name_of(u.name),
            UnitKind.UPT,
            parent=u.kanwil_code,
            upt_type=u.upt_type,
            province=kanwil_by_code[u.kanwil_code].province,
            city=u.city,
            pembina=u.pembina_code,
        )
        for u in ministry.upt
    ]
    return rows


@transaction.atomic
def load_demo(actor: User | None = None) -> list[DemoLogin]:
    call_command("load_instruments", verbosity=0)
    ministry = build_demo_ministry()
    table = Table(header=list(UNIT_COLUMNS), rows=demo_unit_rows(ministry))
    import_units(actor=actor, table=table)
    by_code = {u.code: u for u in Unit.objects.all()}
    for kawasan in ministry.kawasan:
        members = [
            {
                "instansi": m.instansi,
                "unit_name": m.unit_name,
                "unit": by_code[m.upt_code] if m.upt_code else None,
            }
            for m in kawasan.members
        ]
        create_kawasan(
            actor=actor,
            code=kawasan.code,
            name=kawasan.name,
            kind=kawasan.kind,
            province=kawasan.province,
            members=members,
        )
    logins = [_demo_user(actor, spec, by_code) for spec in _demo_people(ministry, by_code)]
    year = open_demo_year(actor)
    open_demo_survey(actor)
    operator = User.objects.get(email=demo_email(Role.OPERATOR_SATKER))
    head = User.objects.get(email=demo_email(Role.KEPALA_SATKER))
    unit = operator.memberships.select_related("unit").get().unit
    load_demo_lke(year, unit, operator=operator, head=head)
    load_demo_compliance(
        year,
        _province_units(by_code),
        featured=unit,
        itjen=User.objects.get(email=demo_email(Role.TPI_ITJEN)),
        operator=operator,
        head=head,
        ministry_team=User.objects.get(email=demo_email(Role.TIM_KERJA_KEMENTERIAN)),
    )
    load_demo_pencanangan(year, unit, operator=operator, head=head)
    return logins


def _province_units(by_code: dict[str, Unit]) -> list[Unit]:
    """The demo province's Kanwil and UPT: the units the demo's people work with."""
    kinds = (UnitKind.KANWIL, UnitKind.UPT)
    return sorted(
        (u for u in by_code.values() if u.province == DEMO_PROVINCE and u.kind in kinds),
        key=lambda u: u.code,
    )


def _demo_people(
    ministry: DemoMinistry, by_code: dict[str, Unit]
) -> list[tuple[str, str, str, str]]:
    kanwil = next(
        u for u in by_code.values() if u.kind == UnitKind.KANWIL and u.province == DEMO_PROVINCE
    )
    upt = next(
        u
        for u in sorted(by_code.values(), key=lambda u: u.code)
        if u.kind == UnitKind.UPT and u.province == DEMO_PROVINCE and u.upt_type == UptType.KANIM
    )
    eselon = {e.short_name: e.code for e in ministry.eselon}
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


def demo_email(role: str) -> str:
    return f"{role.replace('_', '.')}@demo.kemenkumham.go.id"


def _demo_user(
    actor: User | None, spec: tuple[str, str, str, str], by_code: dict[str, Unit]
) -> DemoLogin:
    role, unit_code, full_name, nip = spec
    email = demo_email(role)
    user = create_user(
        actor=actor, nip=nip, email=email, full_name=full_name, password=DEMO_PASSWORD
    )
    grant_membership(actor=actor, user=user, unit=by_code[unit_code], role=role)
    return DemoLogin(str(Role(role).label), full_name, nip, email, by_code[unit_code].name)


def _row(
    code: str,
    name: str,
    short: str,
    kind: str,
    *,
    parent: str,
    upt_type: str = "",
    province: str = "",
    city: str = "",
    pembina: str = "",
) -> dict[str, str]:
    return {
        "kode": code,
        "nama": name,
        "nama_singkat": short,
        "jenis": kind,
        "jenis_upt": upt_type,
        "provinsi": province,
        "kota": city,
        "kode_induk": parent,
        "kode_pembina": pembina,
        "aktif": "ya",
    }


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
