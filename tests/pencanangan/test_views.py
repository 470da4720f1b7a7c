"""The pages: what they show, the pakta list's filters and pages, constant queries, exports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Ministry
from tests.pencanangan.conftest import add_employee, nip, pdf, png
from zona.accounts.services import create_user
from zona.audit.models import Event
from zona.core.tabular import read_table
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.pencanangan.importing import import_employees
from zona.pencanangan.models import PactScan
from zona.pencanangan.services import sign_pact, upload_scan


def _pakta(ministry: Ministry, year: AssessmentYear, query: str = "", **headers: str) -> str:
    url = reverse("pencanangan:pakta", args=[ministry.units["kanim_sby"].pk, year.year])
    response = ministry.client_for("operator_sby").get(url + query, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _arrange(ministry: Ministry, year: AssessmentYear) -> dict[str, Employee]:
    unit = ministry.units["kanim_sby"]
    people = {
        "kepala": add_employee(unit, year, 1, leader=True, name="Dr. Ahmad Fauzi"),
        "kasi": add_employee(unit, year, 2, leader=True, name="Siti Rahmawati"),
        "ani": add_employee(unit, year, 3, name="Ani Wijaya"),
        "budi": add_employee(unit, year, 4, name="Budi Santoso"),
    }
    user = create_user(actor=None, nip=nip(1), email="a@example.go.id", full_name="Ahmad")
    sign_pact(actor=user, employee=people["kepala"], agreed=True)
    upload_scan(actor=ministry.users["operator_sby"], employee=people["ani"], upload=pdf())
    return people


def test_the_pakta_page_shows_the_rates(ministry: Ministry, year: AssessmentYear) -> None:
    _arrange(ministry, year)
    body = _pakta(ministry, year)
    assert "Pakta Integritas Kantor Imigrasi Kelas I TPI Surabaya" in body
    assert "50 %" in body  # 2 of 4 employees
    assert "2 dari 4 sudah menandatangani" in body
    assert "1 dari 2 sudah menandatangani" in body  # leaders
    assert "Belum seluruh pimpinan menandatangani." in body
    assert "Ditandatangani di Zona" in body and "Ditandatangani di kertas" in body


def test_the_list_filters_by_signature_leaders_and_name(
    ministry: Ministry, year: AssessmentYear
) -> None:
    _arrange(ministry, year)
    signed = _pakta(ministry, year, "?status=sudah")
    assert "Dr. Ahmad Fauzi" in signed and "Ani Wijaya" in signed
    assert "Budi Santoso" not in signed and "Siti Rahmawati" not in signed
    unsigned = _pakta(ministry, year, "?status=belum")
    assert "Budi Santoso" in unsigned and "Siti Rahmawati" in unsigned
    assert "Ani Wijaya" not in unsigned
    leaders = _pakta(ministry, year, "?status=belum&leaders=on")
    assert "Siti Rahmawati" in leaders and "Budi Santoso" not in leaders
    by_name = _pakta(ministry, year, "?q=budi")
    assert "Budi Santoso" in by_name and "Ani Wijaya" not in by_name
    by_nip = _pakta(ministry, year, f"?q={nip(2)[:16]}")
    assert "Siti Rahmawati" in by_nip


def test_the_htmx_filter_answers_with_the_table_only(
    ministry: Ministry, year: AssessmentYear
) -> None:
    _arrange(ministry, year)
    body = _pakta(
        ministry, year, "?status=belum", **{"HX-Request": "true", "HX-Target": "employee-table"}
    )
    assert body.lstrip().startswith('<div id="employee-table"')
    assert "<html" not in body
    assert "Budi Santoso" in body and "Ani Wijaya" not in body


def test_employees_off_the_list_are_kept_apart(ministry: Ministry, year: AssessmentYear) -> None:
    people = _arrange(ministry, year)
    Employee.objects.filter(pk=people["budi"].pk).update(listed=False)
    body = _pakta(ministry, year)
    assert "Budi Santoso" not in body
    assert "1 dikeluarkan dari daftar" in body
    off = _pakta(ministry, year, "?status=off")
    assert "Budi Santoso" in off and "Ani Wijaya" not in off


def test_the_list_is_paged_with_constant_queries(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    operator = ministry.users["operator_sby"]
    for n in range(5):
        employee = add_employee(unit, year, n, leader=n == 0)
        upload_scan(actor=operator, employee=employee, upload=pdf(extra=str(n).encode()))
    client = ministry.client_for("operator_sby")
    url = reverse("pencanangan:pakta", args=[unit.pk, year.year])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(5, 120):
        employee = add_employee(unit, year, n)
        if n % 3 == 0:
            upload_scan(actor=operator, employee=employee, upload=png(extra=str(n).encode()))
    with CaptureQueriesContext(connection) as large:
        first = client.get(url)
    assert len(large) == len(small)
    body = first.content.decode()
    assert "120 pegawai" in body
    assert "Halaman 1 dari 3" in body
    assert body.count('<tr id="e-') == 50
    third = client.get(url + "?page=3").content.decode()
    assert third.count('<tr id="e-') == 20


def test_scans_are_kept_in_versions_and_downloadable(
    ministry: Ministry, year: AssessmentYear
) -> None:
    budi = add_employee(ministry.units["kanim_sby"], year, 4, name="Budi Santoso")
    client = ministry.client_for("operator_sby")
    url = reverse("pencanangan:scan_upload", args=[budi.pk])
    before = Event.objects.count()
    assert client.post(url, {"file": pdf("pakta-budi.pdf")}).status_code == 302
    assert client.post(url, {"file": png("pakta-budi-ulang.png")}).status_code == 302
    scans = list(PactScan.objects.filter(employee=budi).order_by("number"))
    assert [s.number for s in scans] == [1, 2]
    assert [s.file_name for s in scans] == ["pakta-budi.pdf", "pakta-budi-ulang.png"]
    actions = [e.action for e in Event.objects.order_by("seq")[before:]]
    assert actions.count("pakta.scan_uploaded") == 2
    for scan in scans:
        response = client.get(reverse("pencanangan:scan_download", args=[scan.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
    body = _pakta(ministry, year)
    assert "versi 2" in body and "versi 1" in body
    refused = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 program")})
    assert refused.status_code == 400
    assert "program" in refused.content.decode()
    assert PactScan.objects.filter(employee=budi).count() == 2


def test_the_export_can_be_imported_again(ministry: Ministry, year: AssessmentYear) -> None:
    _arrange(ministry, year)
    client = ministry.client_for("verifier_jatim")
    args = [ministry.units["kanim_sby"].pk, year.year]
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("pencanangan:pakta_export", args=[*args, fmt]))
        assert response.status_code == 200
        table = read_table(response.content, f"pakta.{fmt}", max_rows=100)
        assert table.header[:4] == ["nip", "nama", "jabatan", "pimpinan"]
        rows = {row["nip"]: row for row in table.rows}
        assert rows[nip(1)]["pimpinan"] == "ya" and rows[nip(1)]["cara"] == "aplikasi"
        assert rows[nip(3)]["status"] == "sudah" and rows[nip(3)]["cara"] == "pindaian"
        assert rows[nip(4)]["status"] == "belum"
        summary = import_employees(
            actor=ministry.users["operator_sby"],
            unit=ministry.units["kanim_sby"],
            assessment_year=year,
            table=table,
        )
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4)


def test_the_overview_lists_the_units_in_scope(ministry: Ministry, year: AssessmentYear) -> None:
    _arrange(ministry, year)
    response = ministry.client_for("verifier_jatim").get(reverse("pencanangan:index"))
    body = response.content.decode()
    assert "Pencanangan dan pakta integritas 2026" in body
    assert "3 unit" in body  # the Kanwil and its two UPT
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in body and "Denpasar" not in body
    assert "2 dari 4" in body
    partial = ministry.client_for("tpi_itjen").get(
        reverse("pencanangan:index") + "?q=Denpasar", headers={"HX-Request": "true"}
    )
    assert "Kantor Imigrasi Kelas I TPI Denpasar" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_the_overview_queries_do_not_grow_with_units(
    ministry: Ministry, year: AssessmentYear
) -> None:
    client = ministry.client_for("admin")
    url = reverse("pencanangan:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url + "?q=Surabaya")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_without_an_assessment_year(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    body = client.get(reverse("pencanangan:index")).content.decode()
    assert "Belum ada tahun penilaian yang dibuka" in body
    response = client.get(reverse("pencanangan:unit", args=[ministry.units["kanim_sby"].pk]))
    assert response.status_code == 200
    assert "Belum ada tahun penilaian yang dibuka" in response.content.decode()


def test_an_unknown_year_is_404(ministry: Ministry, year: AssessmentYear) -> None:
    client = ministry.client_for("operator_sby")
    url = reverse("pencanangan:unit_year", args=[ministry.units["kanim_sby"].pk, 1999])
    assert client.get(url).status_code == 404


def test_the_head_is_suggested_as_declarer(ministry: Ministry, year: AssessmentYear) -> None:
    body = (
        ministry.client_for("operator_sby")
        .get(reverse("pencanangan:unit", args=[ministry.units["kanim_sby"].pk]))
        .content.decode()
    )
    assert 'value="Kepala Sby"' in body  # the unit's kepala_satker persona
