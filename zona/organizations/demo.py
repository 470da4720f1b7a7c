"""The demo ministry's units and kawasan, loaded through the import and services people use.

    from zona.organizations.demo import load_demo_units
    units = load_demo_units(actor)   # every unit by its code

The data (the 11 Unit Eselon I, 33 Kanwil, about 900 UPT and two Kawasan) is
`zona.organizations.demo_data`; the whole demo is loaded by `zona.demo`.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from zona.core.tabular import Table
from zona.organizations.demo_data import KANWIL_PEMBINA_CODE, DemoMinistry, build_demo_ministry
from zona.organizations.importing import UNIT_COLUMNS, import_units
from zona.organizations.models import Unit, UnitKind
from zona.organizations.services import create_kawasan

MINISTRY_CODE = "KEMENKUMHAM"

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


def load_demo_units(actor: AbstractBaseUser | None) -> dict[str, Unit]:
    """Import the demo ministry's units and create its kawasan; every unit by its code."""
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
    return by_code


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
