"""The public transparency pages (/publik/): what is shown, what never is, the caching, and
a constant number of queries whatever the number of units."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Ministry
from tests.surveys.conftest import period_with_codes, send, token_for
from zona.organizations.models import Unit, UnitKind, UptType
from zona.pencanangan.models import Declaration, Witness
from zona.proposals.models import Grant
from zona.surveys import intake
from zona.surveys.models import PeriodStatus, SurveyPeriod

PERSON = "Wahyu Kusumawardhani"  # the head who declared: a person, never shown
WITNESS = "Prof. Lukman Hakimuddin"


def answer(period: SurveyPeriod, unit: Unit, values: tuple[int, ...], times: int = 3) -> None:
    target = intake.resolve(token_for(period, unit).token)
    assert target is not None
    for _ in range(times):
        send(target, values)


@pytest.fixture
def public(ministry: Ministry) -> SurveyPeriod:
    """A period with answers for two units, a grant, and pencanangan (Minister and a UPT)."""
    period = period_with_codes(ministry)
    answer(period, ministry.units["kanim_sby"], (4, 4, 3, 4, 3, 4, 4, 3, 3))
    answer(period, ministry.units["kanim_dps"], (2, 2, 2, 2, 2, 2, 2, 2, 2))
    team = ministry.users["tim_kementerian"]
    Grant.objects.create(
        unit=ministry.units["kanim_sby"],
        predicate="WBK",
        year=2024,
        decree_number="B/1/2024",
        granted_on=date(2024, 12, 10),
        recorded_by=team,
    )
    year = period.assessment_year
    Declaration.objects.create(
        unit=ministry.units["kementerian"], assessment_year=year, declared_on=date(2026, 1, 5),
        place="Jakarta", declared_by="Menteri Contoh",
    )  # fmt: skip
    declared = Declaration.objects.create(
        unit=ministry.units["kanim_sby"], assessment_year=year, declared_on=date(2026, 1, 15),
        place="Surabaya", declared_by=PERSON, declared_by_position="Kepala Kantor",
    )  # fmt: skip
    Witness.objects.create(
        declaration=declared, kind="akademisi", name=WITNESS, institution="Unair",
        created_by=team,
    )  # fmt: skip
    return period


def publish(period: SurveyPeriod) -> None:
    SurveyPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_unpublished_results_never_show(ministry: Ministry, public: SurveyPeriod) -> None:
    sby = ministry.units["kanim_sby"]
    client = Client()
    for url in (reverse("publik:index"), reverse("publik:unit", args=[sby.pk])):
        page = text_of(client.get(url))
        assert "Belum ada hasil survei yang diumumkan" in page
        assert "88,89" not in page and "IKM" not in page.split("Belum ada hasil")[1][:20]
    publish(public)
    index = text_of(client.get(reverse("publik:index")))
    assert "88,89 (A, Sangat Baik)" in index, re.findall("IKM</dt><dd>[^<]*", index)  # 32/9 × 25
    unit = text_of(client.get(reverse("publik:unit", args=[sby.pk])))
    assert "88,89" in unit and "Sangat Baik" in unit and "Survei tahun 2026" in unit


def test_a_unit_shows_its_predicate_and_pencanangan(
    ministry: Ministry, public: SurveyPeriod
) -> None:
    sby = ministry.units["kanim_sby"]
    page = text_of(Client().get(reverse("publik:unit", args=[sby.pk])))
    assert "Menuju WBK" in page and "ditetapkan tahun 2024" in page
    assert "2026: dicanangkan pada 15 Januari 2026 di Surabaya." in page
    assert "pencanangan Menteri tanggal 5 Januari 2026" in page
    assert "SP4N-LAPOR!" in page and "https://www.lapor.go.id" in page


def test_find_a_unit_by_name_province_line_and_predicate(
    ministry: Ministry, public: SurveyPeriod
) -> None:
    client = Client()
    url = reverse("publik:index")
    sby, dps = ministry.units["kanim_sby"].name, ministry.units["kanim_dps"].name

    def names(**query: Any) -> set[str]:
        page = client.get(url, query).content.decode()
        return set(re.findall(r'<h3><a href="/publik/unit/\d+/">([^<]+)</a>', page))

    assert sby in names(q="surabaya") and dps not in names(q="surabaya")
    assert names(predicate="WBK") == {sby}
    assert sby not in names(predicate="none") and dps in names(predicate="none")
    assert sby in names(province=ministry.units["kanim_sby"].province)
    assert dps not in names(province=ministry.units["kanim_sby"].province)
    assert sby in names(line=ministry.units["kanwil_jatim"].pk)
    assert names(line=ministry.units["kanwil_jatim"].pk) <= {
        u.name for u in Unit.objects.filter(path__startswith=ministry.units["kanwil_jatim"].path)
    }
    assert "Kementerian Hukum dan HAM" not in names()  # the ministry itself is no satker
    assert client.get(url, {"province": "Atlantis"}).status_code == 200  # a bad choice: ignored


def test_no_personal_data(ministry: Ministry, public: SurveyPeriod) -> None:
    publish(public)
    client = Client()
    pages = [client.get(reverse("publik:index"))]
    pages += [
        client.get(reverse("publik:unit", args=[unit.pk]))
        for unit in Unit.objects.exclude(kind=UnitKind.KEMENTERIAN)
    ]
    forbidden = [PERSON, WITNESS, "Kepala Kantor", "Menteri Contoh"]
    for user in ministry.users.values():
        forbidden += [user.nip, user.email, user.full_name]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        found = [word for word in forbidden if word and word in body]
        assert not found, found
        assert not re.search(r"\b\d{18}\b", body)  # no NIP-like number
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", body)  # no e-mail address


def test_cache_headers_and_no_cookies(ministry: Ministry, public: SurveyPeriod) -> None:
    for client in (Client(), ministry.client_for("operator_sby")):
        for url in (
            reverse("publik:index") + "?q=kantor",
            reverse("publik:unit", args=[ministry.units["kanim_sby"].pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert response["Cache-Control"] == "public, max-age=300"
            assert response["Content-Language"] == "id"
            assert "Cookie" not in response.get("Vary", "")
            assert not response.cookies  # no session, no CSRF cookie
            assert "csrfmiddlewaretoken" not in response.content.decode()
    assert Client().head(reverse("publik:index")).status_code == 200  # caches may ask HEAD


def test_a_missing_unit_and_the_ministry_are_not_found(ministry: Ministry) -> None:
    client = Client()
    for pk in (999_999, ministry.units["kementerian"].pk):
        response = client.get(reverse("publik:unit", args=[pk]))
        assert response.status_code == 404 and not response.cookies
        assert "Unit tidak ditemukan" in response.content.decode()


def _add_upts(ministry: Ministry, count: int) -> None:
    kanwil = ministry.units["kanwil_jatim"]
    for n in range(count):
        Unit.objects.create(
            code=f"X{n:04d}", name=f"Lapas Tambahan {n}", kind=UnitKind.UPT,
            upt_type=UptType.LAPAS, province=kanwil.province, parent=kanwil,
            pembina=ministry.units["kanim_sby"].pembina,
        )  # fmt: skip


def test_a_constant_number_of_queries(ministry: Ministry, public: SurveyPeriod) -> None:
    publish(public)
    client = Client()
    url = reverse("publik:index")
    unit_url = reverse("publik:unit", args=[ministry.units["kanim_sby"].pk])

    def count(address: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    few, one = count(url), count(unit_url)
    _add_upts(ministry, 40)
    assert count(url) == few == 11
    assert count(url + "?halaman=2") == few
    assert count(unit_url) == one == 8  # 3 more for each further published period


def test_a_pencanangan_before_the_ministers_does_not_claim_to_follow_it(
    ministry: Ministry, public: SurveyPeriod
) -> None:
    Declaration.objects.filter(unit=ministry.units["kanim_sby"]).update(
        declared_on=date(2026, 1, 2)
    )
    page = text_of(Client().get(reverse("publik:unit", args=[ministry.units["kanim_sby"].pk])))
    assert "Menyusul pencanangan Menteri" not in page
    assert "Pencanangan Menteri tahun itu: 5 Januari 2026." in page


def test_linked_from_the_survey_landing_page_and_the_staff_pages(ministry: Ministry) -> None:
    link = f'href="{reverse("publik:index")}"'
    assert link in Client().get(reverse("survey_public:landing")).content.decode()
    assert link in ministry.client_for("operator_sby").get(reverse("home")).content.decode()
