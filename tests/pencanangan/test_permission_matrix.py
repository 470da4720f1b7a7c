"""Every pencanangan page × every persona × a target in scope, out of scope, and missing.

Who may do what (zona/pencanangan/access.py):
- see a unit's pencanangan and pakta pages, the piagam, scanned pacts and the export: whoever
  sees the unit (read-only for the Kanwil, Eselon I, TPI and ministry roles);
- edit the declaration, witnesses, publications, piagam, employee list, scans: the operator
  and the head of that very unit;
- read and sign a pact: only the employee whose NIP it is; someone else's pact is 403 when
  its unit is visible, 404 when not;
- the Kementerian's declaration (the Minister's pencanangan): seen by the ministry-wide roles,
  edited by the ministry team and the administrator; the Kementerian has no pakta pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.conftest import PERSONAS, Ministry
from tests.pencanangan.conftest import add_employee, make_year, pdf, private_storage
from tests.test_permission_matrix import ANON, MISSING_PK
from zona.pencanangan.access import DECLARING_KINDS, PENCANANGAN_KINDS
from zona.pencanangan.services import add_publication, add_witness, upload_charter, upload_scan

VIEW = "view"
EDIT = "edit"
OWN = "own"
EDITORS = {"operator_sby": "kanim_sby", "kepala_sby": "kanim_sby", "operator_dps": "kanim_dps"}
MINISTER_RECORDERS = {"tim_kementerian", "admin"}  # edit the Minister's pencanangan
UNIT_ACCESS = (VIEW, EDIT)


@dataclass
class Data:
    year: int
    witness: dict[int, int] = field(default_factory=dict)  # unit pk → pk of its witness
    publication: dict[int, int] = field(default_factory=dict)
    charter: dict[int, int] = field(default_factory=dict)
    employee: dict[int, int] = field(default_factory=dict)  # unit pk → someone else's pact
    scan: dict[int, int] = field(default_factory=dict)
    own: dict[str, int] = field(default_factory=dict)  # persona → their own pact


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Data, int], str]  # from the data and the target's pk (unit or pact)
    access: str  # VIEW, EDIT, OWN, or "logged_in"
    method: str = "get"
    ok: int = 200  # the answer to an allowed persona (400: an empty form was refused)
    headers: tuple[tuple[str, str], ...] = ()
    route: str = ""

    @property
    def url_name(self) -> str:
        return self.route or self.name


def _u(name: str, *rest: Any) -> Callable[[Data, int], str]:
    return lambda d, pk: reverse(f"pencanangan:{name}", args=[pk, d.year, *rest])


def _o(name: str, kind: str) -> Callable[[Data, int], str]:
    return lambda d, pk: reverse(f"pencanangan:{name}", args=[getattr(d, kind).get(pk, MISSING_PK)])


def _pact(name: str) -> Callable[[Data, int], str]:
    return lambda d, pk: reverse(f"pencanangan:{name}", args=[pk])


HTMX = (("HX-Request", "true"),)
PAGES = [
    Page("index", lambda d, pk: reverse("pencanangan:index"), "logged_in"),
    Page(
        "index_partial",
        lambda d, pk: reverse("pencanangan:index") + "?q=kantor",
        "logged_in",
        headers=HTMX,
        route="index",
    ),
    Page("mine", lambda d, pk: reverse("pencanangan:mine"), "logged_in"),
    Page("unit", lambda d, pk: reverse("pencanangan:unit", args=[pk]), VIEW),
    Page("unit_year", _u("unit_year"), VIEW),
    Page("declaration", _u("declaration"), EDIT, method="post", ok=400),
    Page("witness_add", _u("witness_add"), EDIT, method="post", ok=400),
    Page("publication_add", _u("publication_add"), EDIT, method="post", ok=400),
    Page("charter_upload", _u("charter_upload"), EDIT, method="post", ok=400),
    Page("pakta", _u("pakta"), VIEW),
    Page(
        "pakta_partial",
        _u("pakta"),
        VIEW,
        headers=(*HTMX, ("HX-Target", "employee-table")),
        route="pakta",
    ),
    Page("pakta_import", _u("pakta_import"), EDIT, method="post", ok=400),
    Page("pakta_export", _u("pakta_export", "xlsx"), VIEW),
    Page("witness_remove", _o("witness_remove", "witness"), EDIT, method="post", ok=302),
    Page(
        "publication_remove", _o("publication_remove", "publication"), EDIT, method="post", ok=302
    ),
    Page("charter_download", _o("charter_download", "charter"), VIEW),
    Page("scan_download", _o("scan_download", "scan"), VIEW),
    Page("scan_upload", _o("scan_upload", "employee"), EDIT, method="post", ok=400),
    Page("pact", _pact("pact"), OWN),
    Page("pact_sign", _pact("pact_sign"), OWN, method="post", ok=400),
]


@pytest.fixture(scope="module")
def _storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("private")
    with override_settings(STORAGES=private_storage(root)):
        yield root


@pytest.fixture(autouse=True)
def _private_root(_storage: Path) -> Path:
    """One store for the whole module (the module's data keeps its files there)."""
    return _storage


def _home(persona: str) -> str:
    """The unit a persona's own pact and "in" target live in (the ministry has no page)."""
    own = PERSONAS[persona][1]
    return "kanim_sby" if own == "kementerian" else own


@pytest.fixture(scope="module")
def _module_data(_module_ministry: Ministry, _storage: Path, django_db_blocker: Any) -> Data:
    """Inside the module's transaction: a year with stage 5 open; for every unit that builds
    ZI a witness, a publication, a piagam, and someone's pact with a scan; each persona's own
    pact in its unit."""
    m = _module_ministry
    with django_db_blocker.unblock():
        year = make_year(m.users["tim_kementerian"])
        data = Data(year=year.year)
        for n, (key, unit) in enumerate(m.units.items()):
            if unit.kind not in DECLARING_KINDS:
                continue
            editor = m.users["operator_sby"]
            kw: dict[str, Any] = {"actor": editor, "unit": unit, "assessment_year": year}
            data.witness[unit.pk] = add_witness(
                **kw, kind="kpk", name="Saksi", institution="KPK"
            ).pk
            data.publication[unit.pk] = add_publication(
                **kw, medium="Koran", url="https://berita.example/a"
            ).pk
            data.charter[unit.pk] = upload_charter(**kw, upload=pdf(f"{key}.pdf")).pk
            if unit.kind not in PENCANANGAN_KINDS:
                continue  # the Kementerian: no pakta list
            someone = add_employee(unit, year, n)
            data.employee[unit.pk] = someone.pk
            data.scan[unit.pk] = upload_scan(
                actor=editor, employee=someone, upload=pdf(f"p-{key}.pdf")
            ).pk
        for persona, user in m.users.items():
            own = add_employee(m.units[_home(persona)], year, user.nip or "")
            data.own[persona] = own.pk
    return data


def _out_of_scope(ministry: Ministry, persona: str) -> int:
    scope = EXPECTED_SCOPE["operator_sby" if persona == ANON else persona]
    outside = sorted(
        key for key in set(ministry.units) - scope if ministry.units[key].kind in PENCANANGAN_KINDS
    )
    return ministry.units[outside[0]].pk


def target_pk(ministry: Ministry, data: Data, page: Page, persona: str, target: str) -> int:
    if target == "missing":
        return MISSING_PK
    home = ministry.units["kanim_sby" if persona == ANON else _home(persona)].pk
    if page.access == OWN:
        match target:
            case "in":
                return data.own["operator_sby" if persona == ANON else persona]
            case "other_in":
                return data.employee[home]
            case "other_out":
                return data.employee[_out_of_scope(ministry, persona)]
    if target == "in":
        return home
    return _out_of_scope(ministry, persona)


def targets(page: Page, persona: str) -> list[str]:
    wide = persona != ANON and EXPECTED_SCOPE[persona] == ALL
    if page.access == OWN:
        return ["in", "other_in", "missing"] + ([] if wide else ["other_out"])
    if page.access not in UNIT_ACCESS:
        return ["in"]
    return ["in", "missing"] if wide else ["in", "out", "missing"]


def expected_status(page: Page, persona: str, target: str) -> int:
    if persona == ANON:
        return 302  # to the log-in page
    if page.access == "logged_in":
        return page.ok
    if page.access == OWN:
        return {"in": page.ok, "other_in": 403}.get(target, 404)
    if target != "in":
        return 404
    if page.access == EDIT:
        return page.ok if persona in EDITORS else 403
    return page.ok


CASES = [
    pytest.param(page, persona, target, id=f"{page.name}-{persona}-{target}")
    for page in PAGES
    for persona in [ANON, *PERSONAS]
    for target in targets(page, persona)
]


@pytest.mark.parametrize(("page", "persona", "target"), CASES)
def test_permission_matrix(
    ministry: Ministry, _module_data: Data, page: Page, persona: str, target: str
) -> None:
    pk = target_pk(ministry, _module_data, page, persona, target)
    client = ministry.client_for(persona)
    response = getattr(client, page.method)(page.url(_module_data, pk), headers=dict(page.headers))
    assert response.status_code == expected_status(page, persona, target)
    if persona == ANON:
        assert "/akun/masuk/" in response["Location"]


def test_every_url_of_the_app_is_in_the_matrix() -> None:
    from zona.pencanangan.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {page.url_name for page in PAGES}


DECLARATION_PAGES = {
    "unit",
    "unit_year",
    "declaration",
    "witness_add",
    "publication_add",
    "charter_upload",
    "witness_remove",
    "publication_remove",
    "charter_download",
}
PAKTA_PAGES = {"pakta", "pakta_partial", "pakta_import", "pakta_export"}


def expected_at_the_ministry(page: Page, persona: str) -> int:
    """The Kementerian's pages: its declaration is the Minister's pencanangan."""
    if persona == ANON:
        return 302
    if page.name in PAKTA_PAGES or EXPECTED_SCOPE[persona] != ALL:
        return 404  # no pakta list at the ministry; the Kementerian unseen outside its roles
    if page.access == EDIT:
        return page.ok if persona in MINISTER_RECORDERS else 403
    return page.ok


MINISTRY_CASES = [
    pytest.param(page, persona, id=f"{page.name}-{persona}")
    for page in PAGES
    if page.name in DECLARATION_PAGES | PAKTA_PAGES
    for persona in [ANON, *PERSONAS]
]


@pytest.mark.parametrize(("page", "persona"), MINISTRY_CASES)
def test_the_ministers_pencanangan(
    ministry: Ministry, _module_data: Data, page: Page, persona: str
) -> None:
    pk = ministry.units["kementerian"].pk
    client = ministry.client_for(persona)
    response = getattr(client, page.method)(page.url(_module_data, pk), headers=dict(page.headers))
    assert response.status_code == expected_at_the_ministry(page, persona)


def test_out_of_scope_and_missing_look_the_same(ministry: Ministry, _module_data: Data) -> None:
    from tests.test_permission_matrix import without_csrf

    client = ministry.client_for("operator_sby")
    out_url = reverse("pencanangan:unit", args=[ministry.units["kanim_dps"].pk])
    missing_url = reverse("pencanangan:unit", args=[MISSING_PK])
    out, missing = client.get(out_url), client.get(missing_url)
    assert out.status_code == missing.status_code == 404
    assert without_csrf(out.content).replace(out_url.encode(), b"") == without_csrf(
        missing.content
    ).replace(missing_url.encode(), b"")


def test_an_employee_sees_their_own_scan_without_seeing_the_unit(
    ministry: Ministry, _module_data: Data
) -> None:
    """A plain employee (no membership) downloads the scan of their own pact, nobody else's."""
    from zona.accounts.services import create_user
    from zona.employees.models import Employee

    someone = Employee.objects.get(pk=_module_data.employee[ministry.units["kanim_dps"].pk])
    employee = create_user(actor=None, nip=someone.nip, email="p@example.go.id", full_name="P")
    client = ministry.client_for("admin")
    client.force_login(employee)
    own_scan = _module_data.scan[someone.unit_id]
    other_scan = _module_data.scan[ministry.units["kanim_sby"].pk]
    assert client.get(reverse("pencanangan:scan_download", args=[own_scan])).status_code == 200
    assert client.get(reverse("pencanangan:scan_download", args=[other_scan])).status_code == 404
    assert client.get(reverse("pencanangan:pact", args=[someone.pk])).status_code == 200
    unit_url = reverse("pencanangan:unit", args=[someone.unit_id])
    assert client.get(unit_url).status_code == 404
