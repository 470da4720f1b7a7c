"""Every page × every persona × a unit in scope, out of scope, and missing.

New pages join by adding a row to PAGES; the matrix of cases is generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.conftest import PERSONAS, Ministry

ANON = "anonymous"
MANAGERS = {"admin"}
MISSING_PK = 999_999


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[int], str]  # from the target unit's pk
    access: str  # "public" | "logged_in" | "unit" | "manager" | "manager_form" | "staff_admin"
    # | "sent_on" (a step that sends everyone on: to log in, or past it when not needed)
    # | "open" (everyone, logged in or not, gets the page) | "open_unit" (the same for any
    # satker, whoever's scope it is in; a missing one is not found)
    method: str = "get"
    htmx: bool = False


PAGES = [
    Page("login", lambda pk: reverse("accounts:login"), "public"),
    Page("home", lambda pk: reverse("home"), "logged_in"),
    Page("home_search_partial", lambda pk: reverse("home") + "?q=kantor", "logged_in", htmx=True),
    Page("unit_detail", lambda pk: reverse("unit_detail", args=[pk]), "unit"),
    Page("master_data", lambda pk: reverse("master_data"), "manager"),
    Page("import_units", lambda pk: reverse("import_units"), "manager_form", method="post"),
    Page("import_users", lambda pk: reverse("import_users"), "manager_form", method="post"),
    Page("export_units_xlsx", lambda pk: reverse("export_units", args=["xlsx"]), "logged_in"),
    Page("export_units_csv", lambda pk: reverse("export_units", args=["csv"]), "logged_in"),
    Page("export_users_xlsx", lambda pk: reverse("export_users", args=["xlsx"]), "manager"),
    Page("admin_index", lambda pk: reverse("admin:index"), "staff_admin"),
    Page("account_security", lambda pk: reverse("accounts:security"), "logged_in"),
    Page("notifications", lambda pk: reverse("notifications:inbox"), "logged_in"),
    Page("dashboard", lambda pk: reverse("dashboards:overview"), "logged_in"),
    Page("healthz", lambda pk: reverse("healthz"), "open"),
    Page("schedule", lambda pk: reverse("cycles:schedule"), "logged_in"),
    Page("lke_inbox", lambda pk: reverse("assessments:inbox"), "logged_in"),
    Page("password_reset", lambda pk: reverse("accounts:password_reset"), "open"),
    Page("password_reset_done", lambda pk: reverse("accounts:password_reset_done"), "open"),
    Page("set_language", lambda pk: reverse("set_language"), "sent_on", method="post"),
    Page("logout", lambda pk: reverse("accounts:logout"), "sent_on", method="post"),
    Page("dashboard_unit", lambda pk: reverse("dashboards:unit", args=[pk]), "unit"),
    Page("dashboard_unit_xlsx", lambda pk: reverse("dashboards:unit_export", args=[pk]), "unit"),
    Page("lke_list", lambda pk: reverse("dashboards:lke_list") + "?urut=-unit", "logged_in"),
    Page("lke_list_partial", lambda pk: reverse("dashboards:lke_list"), "logged_in", htmx=True),
    Page("lke_export", lambda pk: reverse("dashboards:lke_export"), "logged_in"),
    Page("login_code", lambda pk: reverse("accounts:verify"), "sent_on"),
    Page("survey_landing", lambda pk: reverse("survey_public:landing"), "open"),
    Page("publik_index", lambda pk: reverse("publik:index"), "open"),
    Page("publik_search", lambda pk: reverse("publik:index") + "?q=kantor&predicate=WBK", "open"),
    Page("publik_unit", lambda pk: reverse("publik:unit", args=[pk]), "open_unit"),
]


def expected_status(page: Page, persona: str, target: str) -> int:
    anonymous = persona == ANON
    match page.access:
        case "public":
            return 200 if anonymous else 302  # a logged-in user is sent on to home
        case "logged_in":
            return 302 if anonymous else 200
        case "unit":
            return 302 if anonymous else (200 if target == "in" else 404)
        case "manager":
            return 302 if anonymous else (200 if persona in MANAGERS else 403)
        case "manager_form":  # an empty form: the manager is told what is missing
            return 302 if anonymous else (400 if persona in MANAGERS else 403)
        case "staff_admin":  # the admin site sends everyone else to its own log-in
            return 200 if persona in MANAGERS else 302
        case "sent_on":
            return 302
        case "open":
            return 200
        case "open_unit":
            return 404 if target == "missing" else 200
    raise AssertionError(page.access)


def target_pk(ministry: Ministry, persona: str, target: str) -> int:
    if target == "missing":
        return MISSING_PK
    if persona == ANON:
        return ministry.units["kanim_sby"].pk
    in_scope = EXPECTED_SCOPE[persona]
    if target == "in":
        return ministry.units[PERSONAS[persona][1]].pk
    outside = sorted(set(ministry.units) - in_scope)
    return ministry.units[outside[0]].pk


def targets(page: Page, persona: str) -> list[str]:
    if page.access == "open_unit":
        return ["in", "out", "missing"]
    if page.access != "unit":
        return ["in"]
    if persona != ANON and EXPECTED_SCOPE[persona] == ALL:
        return ["in", "missing"]  # nothing is out of a ministry-wide scope
    return ["in", "out", "missing"]


CASES = [
    pytest.param(page, persona, target, id=f"{page.name}-{persona}-{target}")
    for page in PAGES
    for persona in [ANON, *PERSONAS]
    for target in targets(page, persona)
]


@pytest.mark.parametrize(("page", "persona", "target"), CASES)
def test_permission_matrix(ministry: Ministry, page: Page, persona: str, target: str) -> None:
    if page.access == "open_unit" and target != "missing":  # any satker, whoever's scope
        pk = ministry.units["kanim_sby" if target == "in" else "kanim_dps"].pk
    else:
        pk = target_pk(ministry, persona, target)
    client = ministry.client_for(persona)
    headers = {"HX-Request": "true"} if page.htmx else {}
    response = getattr(client, page.method)(page.url(pk), headers=headers)
    assert response.status_code == expected_status(page, persona, target)


def test_out_of_scope_and_missing_look_the_same(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    out_url = reverse("unit_detail", args=[ministry.units["kanim_dps"].pk])
    missing_url = reverse("unit_detail", args=[MISSING_PK])
    out, missing = client.get(out_url), client.get(missing_url)
    assert out.status_code == missing.status_code == 404
    assert without_csrf(out.content).replace(out_url.encode(), b"") == without_csrf(
        missing.content
    ).replace(missing_url.encode(), b"")


def without_csrf(body: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', b"", body)
