"""The dashboards through the client: what each role's home shows, the unit's dashboard, and
the cross-unit LKE list with its filters, sorting and export."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from tests.conftest import Ministry
from tests.dashboards.conftest import best_answers, paper_answers, year_with_period
from zona.assessments.services import open_assessment, submit

LIST = reverse("dashboards:lke_list")


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if name in html), key=html.index)


def test_without_a_year_the_dashboard_says_so(ministry: Ministry) -> None:
    page = ministry.client_for("pimpinan").get(reverse("dashboards:overview"))
    assert page.status_code == 200
    assert "Belum ada tahun penilaian" in page.content.decode()
    schedule = ministry.client_for("operator_sby").get(reverse("cycles:schedule"))
    assert schedule.status_code == 200 and "Belum ada tahun penilaian" in schedule.content.decode()


def test_the_pimpinans_home_is_the_ministry_dashboard(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    html = ministry.client_for("pimpinan").get(reverse("home")).content.decode()
    assert f"Dasbor {year.year}" in html
    assert "Nilai pengungkit setiap LKE" in html and "Sebagai tabel" in html
    assert "Tahap LKE per Unit Eselon I" in html
    assert "memenuhi nilai WBBM" in html
    assert "Cari menurut nama" in html  # the unit list stays below


def test_the_operators_home_shows_her_units_standing(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    html = ministry.client_for("operator_sby").get(reverse("home")).content.decode()
    assert "Enam area (pengungkit)" in html and "<polygon" in html
    assert "Komponen hasil" in html
    assert "Dinilai atas jawaban: Satker" in html


def test_the_unit_dashboard_gives_one_verdict_with_its_reasons(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    url = reverse("dashboards:unit", args=[ministry.units["kanim_sby"].pk])
    html = ministry.client_for("verifier_jatim").get(url).content.decode()
    assert "Menuju predikat WBK" in html
    assert "Nilai total" in html
    # the ministry's BPK opinion and AKIP are not recorded: a condition is not known yet
    assert "masih ada syarat yang belum terpenuhi" in html or "belum memenuhi" in html


def test_the_unit_dashboard_before_the_lke_starts(ministry: Ministry) -> None:
    year_with_period(ministry)
    url = reverse("dashboards:unit", args=[ministry.units["lapas_dps"].pk])
    html = ministry.client_for("pimpinan").get(url).content.decode()
    assert "belum dimulai" in html and "Komponen hasil" in html


def lke_list_fixture(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    lke = open_assessment(
        actor=ministry.users["operator_dps"], unit=ministry.units["kanim_dps"], assessment_year=year
    )
    assert lke.status == "draft"


NAMES = ["Kantor Imigrasi Kelas I TPI Surabaya", "Kantor Imigrasi Kelas I TPI Denpasar",
         "Lapas Kelas IIA Kerobokan"]  # fmt: skip


def test_the_list_puts_the_highest_total_first_and_unscored_last(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    html = ministry.client_for("pimpinan").get(LIST).content.decode()
    assert names_in_order(html, NAMES)[0] == NAMES[0]
    assert 'aria-sort="descending"' in html


def test_the_list_sorts_by_any_column_both_ways(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    client = ministry.client_for("pimpinan")
    up = client.get(LIST + "?urut=unit").content.decode()
    down = client.get(LIST + "?urut=-unit").content.decode()
    assert names_in_order(up, NAMES) == sorted(NAMES)
    assert names_in_order(down, NAMES) == sorted(NAMES, reverse=True)
    assert 'aria-sort="ascending"' in up
    for column in ("province", "status", "satker", "kanwil", "eselon_i", "tpi", "returned",
                   "changed", "total"):  # fmt: skip
        for order in (column, f"-{column}"):
            assert client.get(LIST + f"?urut={order}").status_code == 200


def test_a_bad_sort_or_filter_is_ignored(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    client = ministry.client_for("pimpinan")
    for query in ("?urut=%00x", "?urut=-", "?status=nope", "?eselon_i=abc", "?page=99"):
        assert client.get(LIST + query).status_code == 200


def test_the_list_filters_by_stage_status_province_and_verdict(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    client = ministry.client_for("pimpinan")
    filling = client.get(LIST + "?stage=filling").content.decode()
    assert names_in_order(filling, NAMES) == sorted(NAMES[:2], key=filling.index)
    assert NAMES[2] not in filling
    bali = client.get(LIST + "?province=Bali").content.decode()
    assert NAMES[0] not in bali and NAMES[1] in bali and NAMES[2] in bali
    wbbm = client.get(LIST + "?verdict=WBBM").content.decode()
    assert names_in_order(wbbm, NAMES) == [NAMES[0]]
    partial = client.get(LIST + "?stage=filling", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'id="lke-table"' in partial.content


def test_a_kanwil_lists_only_its_province(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    html = ministry.client_for("verifier_jatim").get(LIST).content.decode()
    assert NAMES[0] in html and NAMES[1] not in html


def test_the_export_holds_every_filtered_row(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    client = ministry.client_for("pimpinan")
    response = client.get(reverse("dashboards:lke_export") + "?stage=filling&urut=unit")
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("kode_unit", "unit", "provinsi")
    assert [row[1] for row in rows[1:]] == sorted(NAMES[:2])
    sby = next(row for row in rows if row[0] == "KANIM_SBY")
    header = list(rows[0])
    assert sby[header.index("memenuhi")] == "WBBM"
    assert sby[header.index("skor_satker")] == 60


def test_submitting_moves_the_unit_in_the_list(ministry: Ministry) -> None:
    year, _period = year_with_period(ministry)
    lke = best_answers(ministry, year, "kanim_sby")
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    html = ministry.client_for("pimpinan").get(LIST + "?stage=verifying").content.decode()
    assert NAMES[0] in html


def test_a_kanwil_sees_each_of_its_units_on_its_home(ministry: Ministry) -> None:
    lke_list_fixture(ministry)
    html = ministry.client_for("verifier_jatim").get(reverse("home")).content.decode()
    assert "Unit Anda" in html
    assert NAMES[0] in html and "Lapas Kelas I Surabaya" in html and NAMES[1] not in html
    assert "Sampel tercapai" in html and "Siap diusulkan" in html


def test_the_unit_dashboard_exports_its_figures(ministry: Ministry) -> None:
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    url = reverse("dashboards:unit_export", args=[ministry.units["kanim_sby"].pk])
    response = ministry.client_for("verifier_jatim").get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("bagian", "ukuran", "nilai", "bobot_atau_batas", "terpenuhi")
    parts = [row[0] for row in rows[1:]]
    assert parts.count("area") == 6 and parts[0] == "verdict" and "kriteria" in parts
    assert "hasil" in parts
