"""Every team page × every persona × a unit in scope, out of scope, and missing.

Who may do what (zona/teams/access.py): a unit's team page and its decrees' PDFs, whoever sees
the unit; recording a decree, the recorder of that kind of team (the head for the unit's working
team, the Eselon I's head or team for its Tim Penilai, TPI Itjen or the ministry's team for the
TPI, the ministry's team for its own, the administrator for all). An empty form is refused
with 400.
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
from zona.organizations.models import Unit, UnitKind
from zona.teams.models import TeamKind

YEAR = 2030
# the kind of team asked for at each persona's own unit, and who records it there
KIND_AT = {
    "setjen": TeamKind.TIM_KERJA_KEMENTERIAN,
    "itjen": TeamKind.TPI,
    "balitbang": TeamKind.TPI,
    "kementerian": TeamKind.TPI,
    "djim": TeamKind.TIM_PENILAI,
}
RECORDERS_AT_HOME = {"kepala_sby", "penilai_imigrasi", "tpi_itjen", "tim_kementerian", "admin"}


def kind_at(ministry: Ministry, pk: int) -> str:
    key = next((k for k, u in ministry.units.items() if u.pk == pk), "")
    if key in KIND_AT:
        return KIND_AT[key]
    return TeamKind.TIM_PENILAI if key.startswith("dj") else TeamKind.TIM_KERJA


@dataclass
class Data:
    decree: dict[int, int]  # unit pk → a decree of its team


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Ministry, Data, int], str]
    access: str  # "unit" | "recorder"
    method: str = "get"


def _record(m: Ministry, d: Data, pk: int) -> str:
    kind = kind_at(m, pk) if pk != MISSING_PK else TeamKind.TIM_KERJA
    return reverse("teams:record", args=[pk, YEAR, kind])


PAGES = [
    Page("team", lambda m, d, pk: reverse("teams:team", args=[pk, YEAR]), "unit"),
    Page(
        "decree_file",
        lambda m, d, pk: reverse("teams:decree_file", args=[d.decree.get(pk, MISSING_PK)]),
        "unit",
    ),
    Page("record", _record, "recorder"),
    Page("record_post", _record, "recorder", method="post"),
]


@pytest.fixture(scope="module")
def _module_data(_module_ministry: Ministry, django_db_blocker: Any) -> Data:
    """A year, and a decree of a team of every unit (created directly: this module tests who
    reaches the pages)."""
    from tests.assessments.conftest import make_year
    from zona.files.services import store_bytes
    from zona.teams.models import TeamDecree, kinds_for

    m = _module_ministry
    data = Data(decree={})
    with django_db_blocker.unblock():
        year = make_year()
        actor = m.users["admin"]
        document = store_bytes(actor=actor, data=b"%PDF-1.4\n%sk\n%%EOF\n")
        for unit in Unit.objects.all():
            kind = kinds_for(unit)[0]
            data.decree[unit.pk] = TeamDecree.objects.create(
                unit=unit,
                assessment_year=year,
                kind=kind,
                number=f"SK-{unit.code}",
                signed_on=date(YEAR, 1, 6),
                document=document,
                recorded_by=actor,
            ).pk
    return data


def expected_status(page: Page, persona: str, target: str) -> int:
    if persona == ANON:
        return 302
    if target in ("out", "missing"):
        return 404
    if page.access == "unit":
        return 200
    if persona not in RECORDERS_AT_HOME:
        return 403
    return 400 if page.method == "post" else 200


def target_pk(ministry: Ministry, persona: str, target: str) -> int:
    if target == "missing":
        return MISSING_PK
    if persona == ANON:
        return ministry.units["kanim_sby"].pk
    if target == "in":
        return ministry.units[PERSONAS[persona][1]].pk
    outside = sorted(set(ministry.units) - EXPECTED_SCOPE[persona])
    return ministry.units[outside[0]].pk


def cases() -> list[Any]:
    found = []
    for page in PAGES:
        for persona in [ANON, *PERSONAS]:
            wide = persona != ANON and EXPECTED_SCOPE[persona] == ALL
            targets = ["in", "missing"] if wide or persona == ANON else ["in", "out", "missing"]
            for target in targets:
                found.append(
                    pytest.param(page, persona, target, id=f"{page.name}-{persona}-{target}")
                )
    return found


@pytest.mark.parametrize(("page", "persona", "target"), cases())
def test_permission_matrix(
    ministry: Ministry, _module_data: Data, page: Page, persona: str, target: str
) -> None:
    pk = target_pk(ministry, persona, target)
    client = ministry.client_for(persona)
    url = page.url(ministry, _module_data, pk)
    response = client.post(url, {}) if page.method == "post" else client.get(url)
    assert response.status_code == expected_status(page, persona, target), url


def test_a_kind_of_team_the_unit_does_not_form_is_missing(ministry: Ministry) -> None:
    upt = ministry.units["kanim_sby"]
    assert upt.kind == UnitKind.UPT
    response = ministry.client_for("admin").get(
        reverse("teams:record", args=[upt.pk, YEAR, TeamKind.TPI])
    )
    assert response.status_code == 404
    unknown = reverse("teams:record", args=[upt.pk, YEAR, "tim_lain"])
    assert ministry.client_for("admin").get(unknown).status_code == 404
