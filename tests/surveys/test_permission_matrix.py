"""Every staff survey page × every persona × a unit in scope, out of scope, and missing.

Who may do what (zona/surveys/access.py):
- the survey list and a period's page: everyone logged in;
- open, configure, close and publish a period, issue/revoke/replace codes, review flagged
  responses, import paper surveys: survey managers (TPI Balitbangkumham, administrator);
- the codes (QR, poster) of a unit: managers, and members of that unit or of a unit above it
  through a unit role (a Kanwil for its UPT); the codes overview: whoever may see some codes;
- a unit's survey page: whoever sees the unit; its service users and hours: managers and the
  unit's own operator and head;
- the results overview: managers, and everyone once the period is published (before it, the
  others see a page saying the results are not published yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.conftest import PERSONAS, Ministry
from tests.surveys.conftest import YEAR, make_period, make_tokens
from tests.test_permission_matrix import ANON, MISSING_PK, without_csrf
from zona.surveys.models import PeriodStatus, SurveyPeriod, SurveyToken

MANAGERS = {"tpi_balitbang", "admin"}
CODE_LINE = {"operator_sby", "kepala_sby", "verifier_jatim", "operator_dps"}
UNIT_ROLES = {*CODE_LINE, "penilai_imigrasi", "penilai_setjen"}
PROFILE = {"operator_sby", "kepala_sby", "operator_dps"}
SURVEYED = {key for key in ALL if key != "kementerian"}

# The unit each persona's "in scope" case targets: one that runs surveys, inside its scope.
IN_TARGET = {
    "operator_sby": "kanim_sby",
    "kepala_sby": "kanim_sby",
    "verifier_jatim": "lapas_sby",
    "penilai_imigrasi": "kanim_smg",
    "penilai_setjen": "kanwil_jateng",
    "tpi_itjen": "kanim_sby",
    "tpi_balitbang": "kanim_sby",
    "tim_kementerian": "kanim_sby",
    "pimpinan": "kanim_sby",
    "admin": "kanim_sby",
    "operator_dps": "kanim_dps",
}


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[int, int], str]  # from the target unit's pk and its IKM code's pk
    access: str
    method: str = "get"
    ok: int = 200  # the answer to an allowed persona (400: an empty form was refused)
    published: bool = False  # run with the period's results published


def unit_page(name: str, route: str, access: str, **extra: Any) -> Page:
    return Page(name, lambda pk, tok: reverse(route, args=[YEAR, pk]), access, **extra)


def token_page(name: str, route: str, access: str, *args: str, **extra: Any) -> Page:
    return Page(name, lambda pk, tok: reverse(route, args=[tok, *args]), access, **extra)


def plain(name: str, route: str, access: str, *args: Any, **extra: Any) -> Page:
    return Page(name, lambda pk, tok: reverse(route, args=list(args)), access, **extra)


PAGES = [
    plain("index", "surveys:index", "logged_in"),
    plain("open", "surveys:open", "manager", method="post", ok=400),
    plain("period", "surveys:period", "logged_in", YEAR),
    plain("settings", "surveys:settings", "manager", YEAR, method="post", ok=400),
    plain("status", "surveys:status", "manager", YEAR, method="post", ok=400),
    plain("codes", "surveys:codes", "some_codes", YEAR),
    plain("issue", "surveys:issue", "manager", YEAR, method="post", ok=302),
    plain("review", "surveys:review", "manager", YEAR),
    plain("results", "surveys:results", "logged_in", YEAR),  # others: "not published yet"
    plain("results_published", "surveys:results", "logged_in", YEAR, published=True),
    unit_page("unit", "surveys:unit", "unit"),
    unit_page("unit_published", "surveys:unit", "unit", published=True),
    unit_page("unit_codes", "surveys:unit_codes", "codes"),
    unit_page("unit_posters", "surveys:unit_posters", "codes"),
    unit_page("profile", "surveys:profile", "profile", method="post", ok=400),
    unit_page("import", "surveys:import", "manage", method="post", ok=400),
    token_page("qr_svg", "surveys:qr", "codes", "svg"),
    token_page("qr_png", "surveys:qr", "codes", "png"),
    token_page("poster", "surveys:poster", "codes"),
    token_page("rotate", "surveys:token_action", "manage", "rotate", method="post", ok=302),
    token_page("revoke", "surveys:token_action", "manage", "revoke", method="post", ok=302),
]
UNIT_ACCESS = {"unit", "codes", "profile", "manage"}


def allowed(access: str, persona: str) -> bool:
    match access:
        case "logged_in" | "unit":
            return True
        case "manager" | "manage":
            return persona in MANAGERS
        case "some_codes":
            return persona in MANAGERS or persona in UNIT_ROLES
        case "codes":
            return persona in MANAGERS or persona in CODE_LINE
        case "profile":
            return persona in MANAGERS or persona in PROFILE
    raise AssertionError(access)


def expected_status(page: Page, persona: str, target: str) -> int:
    if persona == ANON:
        return 302
    if page.access in UNIT_ACCESS and target != "in":
        return 404
    return page.ok if allowed(page.access, persona) else 403


def targets(page: Page, persona: str) -> list[str]:
    if page.access not in UNIT_ACCESS:
        return ["in"]
    if persona != ANON and EXPECTED_SCOPE[persona] == ALL:
        return ["in", "missing"]
    return ["in", "out", "missing"]


def target_key(persona: str, target: str) -> str | None:
    if target == "missing":
        return None
    if persona == ANON:
        return "kanim_sby"
    if target == "in":
        return IN_TARGET[persona]
    return sorted(SURVEYED - EXPECTED_SCOPE[persona])[0]


@pytest.fixture(scope="module")
def _module_period(_module_ministry: Ministry, django_db_blocker: Any) -> Iterator[int]:
    """One open period with codes, built once inside the module's rolled-back transaction."""
    with django_db_blocker.unblock():
        actor = _module_ministry.users["tpi_balitbang"]
        period = make_period(actor)
        make_tokens(actor, period)
    yield period.pk


@pytest.fixture(autouse=True)
def _cheap_posters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who may download is the question here; the posters themselves are tested in test_codes."""
    monkeypatch.setattr(
        "zona.surveys.qr.posters_pdf", lambda tokens, site: b"%PDF-1.7 " * len(tokens)
    )


CASES = [
    pytest.param(page, persona, target, id=f"{page.name}-{persona}-{target}")
    for page in PAGES
    for persona in [ANON, *PERSONAS]
    for target in targets(page, persona)
]


@pytest.mark.parametrize(("page", "persona", "target"), CASES)
def test_permission_matrix(
    ministry: Ministry, _module_period: int, page: Page, persona: str, target: str
) -> None:
    if page.published:
        SurveyPeriod.objects.filter(pk=_module_period).update(status=PeriodStatus.PUBLISHED)
    key = target_key(persona, target)
    pk = ministry.units[key].pk if key else MISSING_PK
    token = (
        SurveyToken.objects.filter(
            unit_id=pk, survey__questionnaire__code="ikm", revoked_at__isnull=True
        )
        .values_list("pk", flat=True)
        .first()
        if key
        else None
    ) or MISSING_PK
    client = ministry.client_for(persona)
    response = getattr(client, page.method)(page.url(pk, token))
    assert response.status_code == expected_status(page, persona, target), response.content[:500]


def test_results_are_hidden_until_published(ministry: Ministry, _module_period: int) -> None:
    url = reverse("surveys:unit", args=[YEAR, ministry.units["kanim_sby"].pk])
    before = ministry.client_for("verifier_jatim").get(url).content.decode()
    assert "Prasaringan survei" not in before and "setelah diumumkan" in before
    assert "Prasaringan survei" in ministry.client_for("tpi_balitbang").get(url).content.decode()
    SurveyPeriod.objects.filter(pk=_module_period).update(status=PeriodStatus.PUBLISHED)
    after = ministry.client_for("verifier_jatim").get(url).content.decode()
    assert "Prasaringan survei" in after
    assert "Pengguna dan jam layanan" not in after  # read-only for the Kanwil


def test_the_results_overview_says_not_yet_published(
    ministry: Ministry, _module_period: int
) -> None:
    url = reverse("surveys:results", args=[YEAR])
    before = ministry.client_for("verifier_jatim").get(url)
    assert before.status_code == 200
    page = before.content.decode()
    assert "results-not-published" in page and "Belum diumumkan" in page
    assert "Prasaringan:" not in page
    assert (
        "results-not-published"
        not in ministry.client_for("tpi_balitbang").get(url).content.decode()
    )


def test_out_of_scope_and_missing_look_the_same(ministry: Ministry, _module_period: int) -> None:
    client = ministry.client_for("operator_sby")
    out_url = reverse("surveys:unit_codes", args=[YEAR, ministry.units["kanim_dps"].pk])
    missing_url = reverse("surveys:unit_codes", args=[YEAR, MISSING_PK])
    out, missing = client.get(out_url), client.get(missing_url)
    assert out.status_code == missing.status_code == 404
    assert without_csrf(out.content).replace(out_url.encode(), b"") == without_csrf(
        missing.content
    ).replace(missing_url.encode(), b"")
