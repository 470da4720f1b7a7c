"""Every compliance page × every persona × a unit in scope, out of scope, and missing.

Who may do what (zona/compliance/access.py):
- view a unit's page, its findings, files and exports: whoever sees the unit;
- manage findings (add, edit, import, decide): TPI Itjen, administrator;
- report a follow-up: operator and head of that very unit;
- change the employee list and report statuses: operator and head of that very unit,
  TPI Itjen, administrator;
- the ministry page and its documents: everyone logged in; entering grades: the ministry
  working team and the administrator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.compliance.conftest import add_employee, add_finding, make_year, pdf, private_storage
from tests.conftest import PERSONAS, Ministry
from tests.test_permission_matrix import ANON, MISSING_PK
from zona.compliance.services import record_follow_up, record_ministry_grade

VIEW = "view"
FINDINGS = "findings"
FOLLOW_UP = "follow_up"
WEALTH = "wealth"
ALLOWED: dict[str, set[str]] = {
    VIEW: set(PERSONAS),
    FINDINGS: {"tpi_itjen", "admin"},
    FOLLOW_UP: {"operator_sby", "kepala_sby", "operator_dps"},
    WEALTH: {"operator_sby", "kepala_sby", "operator_dps", "tpi_itjen", "admin"},
    "findings_anywhere": {"tpi_itjen", "admin"},
    "ministry_team": {"tim_kementerian", "admin"},
}
UNIT_ACCESS = (VIEW, FINDINGS, FOLLOW_UP, WEALTH)


@dataclass
class Data:
    year: int
    finding: dict[int, int]  # unit pk → pk of its finding
    evidence: dict[int, int]
    report: dict[int, int]
    grade: int


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Data, int], str]  # from the data and the target unit's pk
    access: str  # a key of ALLOWED, or "logged_in"
    method: str = "get"
    ok: int = 200  # the answer to an allowed persona (400: an empty form was refused)
    headers: tuple[tuple[str, str], ...] = ()
    route: str = ""  # the URL name, when it differs from `name`

    @property
    def url_name(self) -> str:
        return self.route or self.name


def _u(name: str, *rest: Any) -> Callable[[Data, int], str]:
    return lambda d, pk: reverse(f"compliance:{name}", args=[d.year, pk, *rest])


def _o(name: str, kind: str) -> Callable[[Data, int], str]:
    return lambda d, pk: reverse(f"compliance:{name}", args=[getattr(d, kind).get(pk, MISSING_PK)])


HTMX = (("HX-Request", "true"),)
PAGES = [
    Page("index", lambda d, pk: reverse("compliance:index"), "logged_in", ok=302),
    Page("overview", lambda d, pk: reverse("compliance:overview", args=[d.year]), "logged_in"),
    Page(
        "overview_partial",
        lambda d, pk: reverse("compliance:overview", args=[d.year]) + "?q=kantor",
        "logged_in",
        headers=HTMX,
        route="overview",
    ),
    Page(
        "export_year_findings",
        lambda d, pk: reverse("compliance:export_year_findings", args=[d.year, "xlsx"]),
        "logged_in",
    ),
    Page(
        "import_year_findings",
        lambda d, pk: reverse("compliance:import_year_findings", args=[d.year]),
        "findings_anywhere",
        method="post",
        ok=400,
    ),
    Page("unit_latest", lambda d, pk: reverse("compliance:unit_latest", args=[pk]), VIEW, ok=302),
    Page("unit", _u("unit"), VIEW),
    Page(
        "unit_findings_partial",
        _u("unit"),
        VIEW,
        headers=(*HTMX, ("HX-Target", "finding-table")),
        route="unit",
    ),
    Page("export_unit_findings", _u("export_unit_findings", "csv"), VIEW),
    Page("export_wealth", _u("export_wealth", "xlsx"), VIEW),
    Page("finding_new", _u("finding_new"), FINDINGS),
    Page(
        "finding_new_post",
        _u("finding_new"),
        FINDINGS,
        method="post",
        ok=400,
        route="finding_new",
    ),
    Page("import_unit_findings", _u("import_unit_findings"), FINDINGS, method="post", ok=400),
    Page("import_wealth", _u("import_wealth"), WEALTH, method="post", ok=400),
    Page("finding", _o("finding", "finding"), VIEW),
    Page("finding_edit", _o("finding_edit", "finding"), FINDINGS),
    Page(
        "finding_edit_post",
        _o("finding_edit", "finding"),
        FINDINGS,
        method="post",
        ok=400,
        route="finding_edit",
    ),
    Page("follow_up", _o("follow_up", "finding"), FOLLOW_UP, method="post", ok=400),
    Page("review", _o("review", "finding"), FINDINGS, method="post", ok=400),
    Page("evidence", _o("evidence", "evidence"), VIEW),
    Page("wealth_row", _o("wealth_row", "report"), VIEW, headers=HTMX),
    Page("wealth_edit", _o("wealth_edit", "report"), WEALTH),
    Page(
        "wealth_edit_partial",
        _o("wealth_edit", "report"),
        WEALTH,
        headers=HTMX,
        route="wealth_edit",
    ),
    Page(
        "wealth_edit_post",
        _o("wealth_edit", "report"),
        WEALTH,
        method="post",
        ok=400,
        route="wealth_edit",
    ),
    Page(
        "ministry_latest", lambda d, pk: reverse("compliance:ministry_latest"), "logged_in", ok=302
    ),
    Page("ministry", lambda d, pk: reverse("compliance:ministry", args=[d.year]), "logged_in"),
    Page(
        "ministry_record",
        lambda d, pk: reverse("compliance:ministry_record", args=[d.year, "akip"]),
        "ministry_team",
        method="post",
        ok=400,
    ),
    Page(
        "ministry_document",
        lambda d, pk: reverse("compliance:ministry_document", args=[d.grade]),
        "logged_in",
    ),
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


@pytest.fixture(scope="module")
def _module_data(_module_ministry: Ministry, _storage: Path, django_db_blocker: Any) -> Data:
    """Inside the module's transaction: a year, and for every unit that builds ZI a finding
    with a follow-up and its evidence file and an employee; the ministry's AKIP grade."""
    m = _module_ministry
    with django_db_blocker.unblock():
        year = make_year(m.users["tim_kementerian"])
        data = Data(year=year.year, finding={}, evidence={}, report={}, grade=0)
        for n, (key, unit) in enumerate(m.units.items()):
            if key == "kementerian":
                continue
            finding = add_finding(unit, year, "1.1")
            operator = m.users["operator_sby"]
            follow_up = record_follow_up(
                actor=operator, finding=finding, note="Selesai", uploads=[pdf(f"{key}.pdf")]
            )
            data.finding[unit.pk] = finding.pk
            data.evidence[unit.pk] = follow_up.evidence.get().pk
            data.report[unit.pk] = add_employee(unit, year, n).pk
        data.grade = record_ministry_grade(
            actor=m.users["tim_kementerian"],
            assessment_year=year,
            scale="akip",
            grade="BB",
            reference="LHE AKIP",
            upload=pdf("lhe.pdf"),
        ).pk
    return data


def target_pk(ministry: Ministry, persona: str, target: str) -> int:
    if target == "missing":
        return MISSING_PK
    if persona == ANON:
        return ministry.units["kanim_sby"].pk
    own = PERSONAS[persona][1]
    if target == "in":
        # the persona's own unit; the ministry itself has no compliance data
        return ministry.units["kanim_sby" if own == "kementerian" else own].pk
    outside = sorted(set(ministry.units) - EXPECTED_SCOPE[persona])
    return ministry.units[outside[0]].pk


def targets(page: Page, persona: str) -> list[str]:
    if page.access not in UNIT_ACCESS:
        return ["in"]
    if persona != ANON and EXPECTED_SCOPE[persona] == ALL:
        return ["in", "missing"]
    return ["in", "out", "missing"]


def expected_status(page: Page, persona: str, target: str) -> int:
    if persona == ANON:
        return 302  # to the log-in page
    if page.access == "logged_in":
        return page.ok
    if page.access in UNIT_ACCESS and target != "in":
        return 404
    return page.ok if persona in ALLOWED[page.access] else 403


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
    pk = target_pk(ministry, persona, target)
    client = ministry.client_for(persona)
    response = getattr(client, page.method)(page.url(_module_data, pk), headers=dict(page.headers))
    assert response.status_code == expected_status(page, persona, target)
    if persona == ANON:
        assert "/akun/masuk/" in response["Location"]


def test_every_url_of_the_app_is_in_the_matrix() -> None:
    from zona.compliance.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {page.url_name for page in PAGES}
