"""The results and the codes lists sort by any column (`?urut=<column>`, `-<column>`
descending), put units with data first by default, ignore a bad `urut`, keep the filters and
cost the same queries whatever the order."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Ministry
from tests.surveys.conftest import YEAR
from tests.surveys.test_pages import submit_many
from zona.organizations.models import Unit, UnitKind, UptType
from zona.organizations.services import create_unit
from zona.surveys.access import SURVEYED_KINDS
from zona.surveys.models import SurveyPeriod, SurveyToken
from zona.surveys.results import Prescreen, results_for_units

WITH_DATA = ["kanim_sby", "lapas_sby", "kanim_dps"]
RESULT_KEYS = ["nama", "ikm", "spak", "ipkp", "bersih", "layanan", "prasaringan"]
CODE_KEYS = ["nama", "ikm", "spak", "ipkp", "tanggapan"]
BAD = ["bogus", "-", "--nama", "", "-posters"]


@pytest.fixture
def answered(ministry: Ministry, period: SurveyPeriod) -> SurveyPeriod:
    """Three units with responses, each with different figures; the others with none. (No
    straight lines: a form with one answer throughout is held for review, not counted.)"""
    submit_many(period, "kanim_sby", ministry, "spak", (4, 4, 4, 4, 3), 1)
    submit_many(period, "kanim_sby", ministry, "ikm", (4,) * 8 + (3,), 1)
    submit_many(period, "kanim_sby", ministry, "ipkp", (3,) * 7 + (2,), 1)
    submit_many(period, "lapas_sby", ministry, "spak", (3, 3, 3, 3, 2), 1)
    submit_many(period, "lapas_sby", ministry, "ikm", (3,) * 8 + (2,), 1)
    submit_many(period, "lapas_sby", ministry, "ipkp", (2,) * 7 + (1,), 1)
    submit_many(period, "kanim_dps", ministry, "ikm", (2,) * 8 + (1,), 1)
    return period


def listed(body: str, codes: bool = False) -> list[str]:
    """The unit names in the table, in their order."""
    link = r"/unit/\d+/kode/" if codes else r"/unit/\d+/"
    return re.findall(rf'<a href="[^"]*{link}">([^<]+)</a>', body)


def get(ministry: Ministry, name: str, **params: str) -> str:
    client = ministry.client_for("tpi_balitbang")
    response = client.get(reverse(f"surveys:{name}", args=[YEAR]), params)
    assert response.status_code == 200
    return response.content.decode()


def by_value(units: list[Unit], value: Callable[[Unit], Any], descending: bool) -> list[str]:
    """Units with a value in its order (ties by name), then those without one, by name."""
    by_name = sorted(units, key=lambda u: u.name.casefold())
    valued = [u for u in by_name if value(u) is not None]
    valued.sort(key=value, reverse=descending)
    return [u.name for u in valued + [u for u in by_name if value(u) is None]]


def surveyed() -> list[Unit]:
    return list(Unit.objects.filter(kind__in=SURVEYED_KINDS))


def test_results_put_units_with_data_first_then_by_name(
    ministry: Ministry, answered: SurveyPeriod
) -> None:
    names = listed(get(ministry, "results"))
    data = sorted(ministry.units[key].name for key in WITH_DATA)
    assert names[:3] == data
    assert names[3:] == sorted((u.name for u in surveyed() if u.name not in data), key=str.casefold)
    assert "aria-sort" not in get(ministry, "results")


@pytest.mark.parametrize("key", RESULT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_results_sort_by_every_column_both_ways(
    ministry: Ministry, answered: SurveyPeriod, key: str, descending: bool
) -> None:
    units = surveyed()
    results = results_for_units(answered, units)
    rank = {Prescreen.PROPOSED: 0, Prescreen.COACHING: 1, Prescreen.NOT_ASSESSED: 2}
    values: dict[str, Callable[[Unit], Any]] = {
        "nama": lambda u: u.name.casefold(),
        "bersih": lambda u: results[u.pk].groups.get("clean_government"),
        "layanan": lambda u: results[u.pk].groups.get("service_quality"),
        "prasaringan": lambda u: rank.get(results[u.pk].prescreen),  # type: ignore[arg-type]
    }
    value = values.get(key, lambda u: results[u.pk].survey(key).result.index)  # type: ignore[union-attr]
    body = get(ministry, "results", urut=f"-{key}" if descending else key)
    assert listed(body) == by_value(units, value, descending)
    direction = "descending" if descending else "ascending"
    assert body.count("aria-sort=") == 1 and f'aria-sort="{direction}"' in body
    assert f'<option value="{"-" if descending else ""}{key}" selected>' in body


def test_results_known_orders(ministry: Ministry, answered: SurveyPeriod) -> None:
    sby, lapas, dps = (ministry.units[k].name for k in WITH_DATA)
    assert listed(get(ministry, "results", urut="-ikm"))[:3] == [sby, lapas, dps]
    assert listed(get(ministry, "results", urut="ikm"))[:3] == [dps, lapas, sby]
    assert listed(get(ministry, "results", urut="spak"))[:2] == [lapas, sby]
    assert listed(get(ministry, "results", urut="-spak"))[:2] == [sby, lapas]
    assert listed(get(ministry, "results", urut="-ipkp"))[:2] == [sby, lapas]
    assert listed(get(ministry, "results", urut="bersih"))[:2] == [lapas, sby]
    assert listed(get(ministry, "results", urut="-layanan"))[:2] == [sby, lapas]
    assert listed(get(ministry, "results", urut="prasaringan"))[0] == sby  # proposed


@pytest.mark.parametrize("bad", BAD)
def test_a_bad_order_falls_back_to_the_default(
    ministry: Ministry, answered: SurveyPeriod, bad: str
) -> None:
    assert listed(get(ministry, "results", urut=bad)) == listed(get(ministry, "results"))
    codes = get(ministry, "codes", urut=bad)
    assert listed(codes, codes=True) == listed(get(ministry, "codes"), codes=True)
    assert "aria-sort" not in codes


def test_sorting_keeps_the_filters_and_the_filters_keep_the_order(
    ministry: Ministry, answered: SurveyPeriod
) -> None:
    body = get(ministry, "results", q="Surabaya", urut="-nama")
    assert listed(body) == sorted(
        (u.name for u in surveyed() if "Surabaya" in u.name), key=str.casefold, reverse=True
    )
    assert 'href="?q=Surabaya&amp;urut=nama#result-table"' in body  # flips, keeps the search
    client = ministry.client_for("tpi_balitbang")
    partial = client.get(
        reverse("surveys:results", args=[YEAR]),
        {"q": "Surabaya", "kind": "upt", "urut": "-nama", "page": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in partial and 'aria-sort="descending"' in partial
    assert listed(partial) == ["Lapas Kelas I Surabaya", "Kantor Imigrasi Kelas I TPI Surabaya"]
    assert "page=" not in re.findall(r'class="sort-link" href="([^"]+)"', partial)[0]
    codes = get(ministry, "codes", q="Surabaya", urut="-nama")
    assert listed(codes, codes=True)[0] == "Lapas Kelas I Surabaya"
    assert 'href="?q=Surabaya&amp;urut=nama#code-table"' in codes


def test_codes_put_units_with_responses_first_then_by_name(
    ministry: Ministry, answered: SurveyPeriod
) -> None:
    body = get(ministry, "codes")
    data = sorted(ministry.units[key].name for key in WITH_DATA)
    assert listed(body, codes=True)[:3] == data
    rest = sorted((u.name for u in surveyed() if u.name not in data), key=str.casefold)
    assert listed(body, codes=True)[3:] == rest
    assert 'data-label="Tanggapan">3</td>' in body  # Kanim Surabaya's three responses


@pytest.mark.parametrize("key", CODE_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_codes_sort_by_every_column_both_ways(
    ministry: Ministry, answered: SurveyPeriod, key: str, descending: bool
) -> None:
    units = surveyed()
    received = {"kanim_sby": 3, "lapas_sby": 3, "kanim_dps": 1}
    responses = {ministry.units[k].pk: n for k, n in received.items()}
    tokens = {
        (t.unit_id, t.survey.questionnaire.code): t.token
        for t in SurveyToken.objects.filter(
            survey__period=answered, revoked_at__isnull=True
        ).select_related("survey__questionnaire")
    }
    values: dict[str, Callable[[Unit], Any]] = {
        "nama": lambda u: u.name.casefold(),
        "tanggapan": lambda u: responses.get(u.pk, 0),
    }
    value = values.get(key, lambda u: tokens.get((u.pk, key)))
    body = get(ministry, "codes", urut=f"-{key}" if descending else key)
    assert listed(body, codes=True) == by_value(units, value, descending)
    direction = "descending" if descending else "ascending"
    assert body.count("aria-sort=") == 1 and f'aria-sort="{direction}"' in body


def test_the_lists_cost_the_same_queries_whatever_the_order_and_the_units(
    ministry: Ministry, answered: SurveyPeriod
) -> None:
    client = ministry.client_for("tpi_balitbang")

    def queries(name: str, order: str) -> int:
        url = reverse(f"surveys:{name}", args=[YEAR])
        client.get(url)  # session and parsed questionnaires warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"urut": order}).status_code == 200
        return len(captured)

    orders = {"results": ["", *RESULT_KEYS, "-ikm"], "codes": ["", *CODE_KEYS, "-tanggapan"]}
    before = {name: {queries(name, order) for order in keys} for name, keys in orders.items()}
    assert all(len(counts) == 1 for counts in before.values()), before
    kanwil = ministry.units["kanwil_jatim"]
    for n in range(8):
        create_unit(
            actor=None,
            code=f"EXTRA{n}",
            name=f"Rutan Tambahan {n}",
            kind=UnitKind.UPT,
            parent=kanwil,
            upt_type=UptType.RUTAN,
            province=kanwil.province,
            pembina=ministry.units["djpas"],
        )
    after = {name: {queries(name, order) for order in keys} for name, keys in orders.items()}
    assert after == before, (before, after)
