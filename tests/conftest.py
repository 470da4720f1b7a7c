"""Named personas on a small ministry: three provinces, two pembina lines.

Kementerian
├── Setjen (pembina of every Kanwil), Itjen, Balitbangkumham
├── Ditjen Imigrasi (pembina of Kantor Imigrasi)
├── Ditjen Pemasyarakatan (pembina of Lapas/Rutan)
├── Kanwil Jawa Timur   → Kanim Surabaya, Lapas Surabaya
├── Kanwil Jawa Tengah  → Kanim Semarang, Rutan Semarang
└── Kanwil Bali         → Kanim Denpasar, Lapas Kerobokan
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from zona.accounts.models import Role, User
from zona.accounts.services import create_user, grant_membership
from zona.organizations.models import Unit, UnitKind, UptType
from zona.organizations.services import create_unit

PASSWORD = "rahasia-uji-123"


def pytest_configure() -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Ministry:
    units: dict[str, Unit]
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


# persona -> (role, unit key)
PERSONAS: dict[str, tuple[str, str]] = {
    "operator_sby": (Role.OPERATOR_SATKER, "kanim_sby"),
    "kepala_sby": (Role.KEPALA_SATKER, "kanim_sby"),
    "verifier_jatim": (Role.TIM_KERJA_KANWIL, "kanwil_jatim"),
    "penilai_imigrasi": (Role.TIM_PENILAI_ESELON_I, "djim"),
    "penilai_setjen": (Role.TIM_PENILAI_ESELON_I, "setjen"),
    "tpi_itjen": (Role.TPI_ITJEN, "itjen"),
    "tpi_balitbang": (Role.TPI_BALITBANG, "balitbang"),
    "tim_kementerian": (Role.TIM_KERJA_KEMENTERIAN, "setjen"),
    "pimpinan": (Role.PIMPINAN, "kementerian"),
    "admin": (Role.ADMINISTRATOR, "kementerian"),
    "operator_dps": (Role.OPERATOR_SATKER, "kanim_dps"),
}


def build_ministry() -> Ministry:
    u: dict[str, Unit] = {}

    def add(key: str, name: str, kind: str, parent: str | None, **extra: object) -> None:
        u[key] = create_unit(
            actor=None,
            code=key.upper(),
            name=name,
            kind=kind,
            parent=u[parent] if parent else None,
            **extra,
        )

    add("kementerian", "Kementerian Hukum dan HAM", UnitKind.KEMENTERIAN, None)
    for key, name in [
        ("setjen", "Sekretariat Jenderal"),
        ("itjen", "Inspektorat Jenderal"),
        ("balitbang", "Badan Penelitian dan Pengembangan Hukum dan HAM"),
        ("djim", "Direktorat Jenderal Imigrasi"),
        ("djpas", "Direktorat Jenderal Pemasyarakatan"),
    ]:
        add(key, name, UnitKind.ESELON_I, "kementerian")
    for key, province in [("jatim", "Jawa Timur"), ("jateng", "Jawa Tengah"), ("bali", "Bali")]:
        add(
            f"kanwil_{key}",
            f"Kanwil {province}",
            UnitKind.KANWIL,
            "kementerian",
            province=province,
            pembina=u["setjen"],
        )
    upts = [
        ("kanim_sby", "Kantor Imigrasi Kelas I TPI Surabaya", "jatim", UptType.KANIM, "djim"),
        ("lapas_sby", "Lapas Kelas I Surabaya", "jatim", UptType.LAPAS, "djpas"),
        ("kanim_smg", "Kantor Imigrasi Kelas I TPI Semarang", "jateng", UptType.KANIM, "djim"),
        ("rutan_smg", "Rutan Kelas I Semarang", "jateng", UptType.RUTAN, "djpas"),
        ("kanim_dps", "Kantor Imigrasi Kelas I TPI Denpasar", "bali", UptType.KANIM, "djim"),
        ("lapas_dps", "Lapas Kelas IIA Kerobokan", "bali", UptType.LAPAS, "djpas"),
    ]
    for key, name, kanwil, upt_type, pembina in upts:
        add(
            key,
            name,
            UnitKind.UPT,
            f"kanwil_{kanwil}",
            upt_type=upt_type,
            province=u[f"kanwil_{kanwil}"].province,
            pembina=u[pembina],
        )
    users = {}
    for n, (persona, (role, unit_key)) in enumerate(PERSONAS.items()):
        user = create_user(
            actor=None,
            nip=f"19800101200501{n:04d}",
            email=f"{persona}@example.go.id",
            full_name=persona.replace("_", " ").title(),
            password=PASSWORD,
        )
        grant_membership(actor=None, user=user, unit=u[unit_key], role=role)
        users[persona] = user
    return Ministry(units=u, users=users)


@pytest.fixture(scope="module")
def _module_ministry(django_db_setup: None, django_db_blocker: Any) -> Iterator[Ministry]:
    """Built once per test module inside a transaction that is rolled back at its end;
    each test runs in a savepoint within it (as Django's setUpTestData does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_ministry()
        transaction.set_rollback(True)


@pytest.fixture
def ministry(_module_ministry: Ministry, db: None) -> Ministry:
    return copy.deepcopy(_module_ministry)
