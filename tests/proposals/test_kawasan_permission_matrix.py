"""Every kawasan page × every persona × a kawasan seen, not seen, and missing.

Who may do what (zona/proposals/kawasan/access.py): the list, everyone logged in (it shows the
kawasan they see); a kawasan's page and its special team's decree, the ministry-wide roles and
whoever sees one of the ministry's units in it; every act (the special team, the integration
scores, another agency's predicate, the penetapan, an earlier predicate), TPI Itjen, the
ministry's working team and the administrator (an empty form is refused with 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.conftest import PERSONAS, Ministry
from tests.test_permission_matrix import ANON, MISSING_PK

YEAR = 2030
RECORDERS = {"tpi_itjen", "tim_kementerian", "admin"}
# each kawasan of the test ministry, by the ministry unit in it
KAWASAN = {"sby": "kanim_sby", "dps": "kanim_dps"}


@dataclass
class Data:
    kawasan: dict[str, int]  # key → pk
    member: dict[str, int]  # key → another agency's member
    team: dict[str, int]  # key → its special team


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Data, str], str]  # from the data and the kawasan's key ("missing")
    access: str  # "logged_in" | "kawasan" | "recorder"
    method: str = "get"


def _pk(table: dict[str, int], key: str) -> int:
    return table.get(key, MISSING_PK)


def _post(name: str) -> Page:
    return Page(
        name,
        lambda d, k: reverse(f"kawasan:{name}", args=[_pk(d.kawasan, k), YEAR]),
        "recorder",
        "post",
    )


PAGES = [
    Page("index", lambda d, k: reverse("kawasan:index"), "logged_in"),
    Page("page", lambda d, k: reverse("kawasan:page", args=[_pk(d.kawasan, k), YEAR]), "kawasan"),
    Page("team_file", lambda d, k: reverse("kawasan:team_file", args=[_pk(d.team, k)]), "kawasan"),
    _post("team"),
    _post("integration"),
    _post("grant"),
    _post("earlier_grant"),
    Page(
        "member_predicate",
        lambda d, k: reverse("kawasan:member_predicate", args=[_pk(d.member, k), YEAR]),
        "recorder",
        "post",
    ),
]


@pytest.fixture(scope="module")
def _module_data(_module_ministry: Ministry, django_db_blocker: Any) -> Data:
    from tests.assessments.conftest import make_year
    from zona.files.services import store_bytes
    from zona.organizations.services import create_kawasan
    from zona.proposals.models import KawasanTeam

    m = _module_ministry
    data = Data(kawasan={}, member={}, team={})
    with django_db_blocker.unblock():
        year = make_year()
        actor = m.users["admin"]
        document = store_bytes(actor=actor, data=b"%PDF-1.4\n%sk\n%%EOF\n")
        for key, unit in KAWASAN.items():
            kawasan = create_kawasan(
                actor=actor,
                code=f"KWS-{key}",
                name=f"Kawasan {key}",
                kind="bandara",
                province="",
                members=[
                    {"instansi": "Kementerian Keuangan", "unit_name": f"KPPBC {key}", "unit": None},
                    {"instansi": "Kemenkumham", "unit_name": f"Kanim {key}", "unit": m.units[unit]},
                ],
            )
            data.kawasan[key] = kawasan.pk
            data.member[key] = kawasan.members.get(unit__isnull=True).pk
            data.team[key] = KawasanTeam.objects.create(
                kawasan=kawasan,
                assessment_year=year,
                decree_number=f"KEP-{key}",
                signed_on=date(YEAR, 1, 20),
                issued_by="Pimpinan",
                document=document,
                recorded_by=actor,
            ).pk
    return data


def sees(persona: str, key: str) -> bool:
    scope = EXPECTED_SCOPE[persona]
    return scope == ALL or KAWASAN[key] in scope


def expected_status(page: Page, persona: str, key: str) -> int:
    if persona == ANON:
        return 302
    if page.access == "logged_in":
        return 200
    if key == "missing" or not sees(persona, key):
        return 404
    if page.access == "kawasan":
        return 200
    return 400 if persona in RECORDERS else 403


CASES = [
    pytest.param(page, persona, key, id=f"{page.name}-{persona}-{key}")
    for page in PAGES
    for persona in [ANON, *PERSONAS]
    for key in ([*KAWASAN, "missing"] if page.access != "logged_in" else ["sby"])
]


@pytest.mark.parametrize(("page", "persona", "key"), CASES)
def test_permission_matrix(
    ministry: Ministry, _module_data: Data, page: Page, persona: str, key: str
) -> None:
    client = ministry.client_for(persona)
    url = page.url(_module_data, key)
    response = client.post(url, {}) if page.method == "post" else client.get(url)
    assert response.status_code == expected_status(page, persona, key), url


def test_every_persona_sees_some_case_both_ways() -> None:
    """The matrix holds personas that see a kawasan and personas that do not."""
    assert {sees(p, "sby") for p in PERSONAS} == {True, False}
    assert not sees("operator_dps", "sby") and sees("operator_dps", "dps")
    assert PERSONAS["tpi_itjen"][0] == "tpi_itjen"
