"""The LKE pages' permission matrix: every page, every persona, an LKE in and out of scope."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from tests.assessments.conftest import answer_all, lke_of, make_year
from tests.conftest import PERSONAS, Ministry
from zona.assessments.models import Assessment
from zona.assessments.services import submit
from zona.instruments.models import Question

ANON = "anonymous"
SEES_SBY = {
    "operator_sby",
    "kepala_sby",
    "verifier_jatim",
    "penilai_imigrasi",
    "tpi_itjen",
    "tpi_balitbang",
    "tim_kementerian",
    "pimpinan",
    "admin",
}
SATKER = {"operator_sby", "kepala_sby"}
MISSING = 999_999


@dataclass(frozen=True)
class LkePage:
    name: str
    url: Callable[[Assessment, Question], str]
    method: str
    allowed: set[str]  # who may act (among those who see the LKE)
    ok: int  # status for an allowed persona


PAGES = [
    LkePage("lke", lambda a, q: reverse("assessments:lke", args=[a.pk]), "get", SEES_SBY, 200),
    LkePage(
        "answer", lambda a, q: reverse("assessments:answer", args=[a.pk, q.pk]), "post", SATKER, 302
    ),
    LkePage(
        "submit",
        lambda a, q: reverse("assessments:submit", args=[a.pk]),
        "post",
        {"kepala_sby"},
        302,
    ),
    LkePage(
        "resubmit",
        lambda a, q: reverse("assessments:resubmit", args=[a.pk]),
        "post",
        {"kepala_sby"},
        302,
    ),
    LkePage(
        "review",
        lambda a, q: reverse("assessments:review", args=[a.pk, q.pk]),
        "post",
        {"verifier_jatim"},
        302,
    ),
    LkePage(
        "finish",
        lambda a, q: reverse("assessments:finish", args=[a.pk]),
        "post",
        {"verifier_jatim"},
        302,
    ),
    LkePage(
        "accept_pending",
        lambda a, q: reverse("assessments:accept_pending", args=[a.pk]),
        "post",
        {"verifier_jatim"},
        302,
    ),
    LkePage(
        "pmpzi",
        lambda a, q: reverse("assessments:pmpzi", args=[a.pk, "kanwil"]),
        "get",
        SEES_SBY,
        200,
    ),
    LkePage(
        "berita_acara",
        lambda a, q: reverse("assessments:berita_acara", args=[a.pk, "kanwil"]),
        "get",
        SEES_SBY,
        200,
    ),
    LkePage(
        "offline_export",
        lambda a, q: reverse("assessments:offline_export", args=[a.pk]),
        "get",
        SATKER,
        200,
    ),
    LkePage(
        "offline_import",
        lambda a, q: reverse("assessments:offline_import", args=[a.pk]),
        "post",
        SATKER,
        400,
    ),
    LkePage(
        "evidence_add",
        lambda a, q: reverse("assessments:evidence_add", args=[a.pk, q.pk]),
        "post",
        SATKER,
        302,
    ),
]


@pytest.fixture(scope="module")
def _module_lke(_module_ministry: Ministry, django_db_blocker: Any) -> Iterator[Assessment]:
    """Kanim Surabaya's answered LKE, sent up to its Kanwil: built once for the module inside a
    transaction rolled back at its end, as the ministry is; each test runs in a savepoint
    within it, so what a test posts is gone for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        year = make_year()
        lke = lke_of(_module_ministry, year)
        answer_all(_module_ministry, lke)
        submit(actor=_module_ministry.users["kepala_sby"], assessment=lke, attest=True)
        lke.refresh_from_db()
        yield lke
        transaction.set_rollback(True)


@pytest.fixture
def at_kanwil(_module_lke: Assessment, ministry: Ministry) -> Assessment:
    return copy.deepcopy(_module_lke)


def expected(page: LkePage, persona: str, target: str) -> int:
    if persona == ANON:
        return 302
    if target == "missing" or persona not in SEES_SBY:
        return 404
    return page.ok if persona in page.allowed else 403


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
@pytest.mark.parametrize("persona", [ANON, *PERSONAS])
@pytest.mark.parametrize("target", ["existing", "missing"])
def test_permission_matrix(
    ministry: Ministry, at_kanwil: Assessment, page: LkePage, persona: str, target: str
) -> None:
    question = Question.objects.get(instrument=at_kanwil.assessment_year.instrument, code="MP.1.a")
    url = page.url(at_kanwil, question)
    if target == "missing":
        url = url.replace(f"/{at_kanwil.pk}/", f"/{MISSING}/", 1)
    response = getattr(ministry.client_for(persona), page.method)(url)
    assert response.status_code == expected(page, persona, target)
