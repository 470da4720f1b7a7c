"""The employee list of the Pakta Integritas: every row checked, all written or none; a
re-import updates by NIP and never deletes a signature."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import Ministry
from tests.pencanangan.conftest import csv_table, nip, pdf, set_window, xlsx_bytes
from zona.accounts.services import create_user
from zona.audit.models import Event
from zona.core.errors import ImportRejected
from zona.core.tabular import read_table
from zona.cycles.models import AssessmentYear
from zona.cycles.services import StageClosed
from zona.employees.models import Employee
from zona.pencanangan.importing import ImportSummary, import_employees
from zona.pencanangan.models import AppSignature, PactScan
from zona.pencanangan.services import sign_pact, upload_scan

HEADER = "nip,nama,jabatan,pimpinan\n"
GOOD = (
    HEADER
    + f"{nip(1)},Dr. Ahmad Fauzi,Kepala Kantor,ya\n"
    + f"{nip(2)},Siti Rahmawati,Kepala Seksi,YA\n"
    + f"{nip(3)},Ani Wijaya,Analis,tidak\n"
    + f"{nip(4)},Budi Santoso,,\n"
)


def _import(
    ministry: Ministry, year: AssessmentYear, text: str, unit: str = "kanim_sby"
) -> ImportSummary:
    return import_employees(
        actor=ministry.users["operator_sby"],
        unit=ministry.units[unit],
        assessment_year=year,
        table=csv_table(text),
    )


def test_a_good_file_writes_every_employee_with_an_event(
    ministry: Ministry, year: AssessmentYear
) -> None:
    before = Event.objects.count()
    summary = _import(ministry, year, GOOD)
    assert (summary.created, summary.updated, summary.unchanged, summary.unlisted) == (4, 0, 0, 0)
    employees = {e.nip: e for e in Employee.objects.filter(assessment_year=year)}
    assert employees[nip(1)].is_leader and employees[nip(2)].is_leader
    assert not employees[nip(3)].is_leader and not employees[nip(4)].is_leader  # empty = tidak
    assert employees[nip(1)].position == "Kepala Kantor"
    events = Event.objects.order_by("seq")[before:]
    assert [e.action for e in events] == ["employee.created"] * 4
    assert {(e.after or {})["nip"] for e in events} == {nip(n) for n in (1, 2, 3, 4)}


def test_an_xlsx_file_is_read_too(ministry: Ministry, year: AssessmentYear) -> None:
    data = xlsx_bytes(
        [["NIP", "Nama", "Jabatan", "Pimpinan"], [nip(7), "Citra Lestari", "Kepala", "ya"]]
    )
    import_employees(
        actor=ministry.users["kepala_sby"],
        unit=ministry.units["kanim_sby"],
        assessment_year=year,
        table=read_table(data, "pegawai.xlsx", max_rows=100),
    )
    assert Employee.objects.get(nip=nip(7)).is_leader


def test_one_bad_row_writes_nothing_and_names_row_and_column_in_indonesian(
    ministry: Ministry, year: AssessmentYear
) -> None:
    text = GOOD + "19900101201501,Pendek,Staf,tidak\n" + f"{nip(9)},,Staf,mungkin\n"
    events = Event.objects.count()
    with translation.override("id"), pytest.raises(ImportRejected) as caught:
        _import(ministry, year, text)
    assert not Employee.objects.exists()
    assert Event.objects.count() == events
    with translation.override("id"):
        messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "Baris 6, kolom nip: NIP terdiri atas tepat 18 angka (tertulis “19900101201501”)",
        "Baris 7, kolom nama: wajib diisi",
        "Baris 7, kolom pimpinan: tulis “ya” untuk pimpinan atau “tidak” (tertulis “mungkin”)",
    ]


def test_a_nip_twice_in_the_file_is_an_error(ministry: Ministry, year: AssessmentYear) -> None:
    with translation.override("id"), pytest.raises(ImportRejected) as caught:
        _import(ministry, year, HEADER + f"{nip(1)},A,,ya\n{nip(1)},B,,tidak\n")
    (error,) = caught.value.errors
    assert (error.row, error.column) == (3, "nip")
    with translation.override("id"):
        assert str(error.message) == f"NIP {nip(1)} sudah ada di baris 2"
    assert not Employee.objects.exists()


def test_a_missing_column_is_named(ministry: Ministry, year: AssessmentYear) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import(ministry, year, f"nip,nama\n{nip(1)},A\n")
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "pimpinan")]


def test_an_empty_list_is_refused(ministry: Ministry, year: AssessmentYear) -> None:
    with pytest.raises(ImportRejected):
        _import(ministry, year, HEADER)


def test_a_reimport_updates_by_nip_and_never_deletes_a_signature(
    ministry: Ministry, year: AssessmentYear
) -> None:
    _import(ministry, year, GOOD)
    signer = Employee.objects.get(nip=nip(3))
    scanned = Employee.objects.get(nip=nip(4))
    user = ministry.users["operator_sby"]
    signer_user = create_user(actor=None, nip=nip(3), email="ani@example.go.id", full_name="Ani")
    sign_pact(actor=signer_user, employee=signer, agreed=True, ip_address="10.1.2.3")
    upload_scan(actor=user, employee=scanned, upload=pdf("budi.pdf"))

    # Ani and Budi leave the list, Siti is no longer a leader, a newcomer joins.
    second = (
        HEADER
        + f"{nip(1)},Dr. Ahmad Fauzi,Kepala Kantor,ya\n"
        + f"{nip(2)},Siti Rahmawati,Kepala Seksi,tidak\n"
        + f"{nip(5)},Dewi Anggraini,Staf,tidak\n"
    )
    before = Event.objects.count()
    summary = _import(ministry, year, second)
    assert (summary.created, summary.updated, summary.unchanged, summary.unlisted) == (1, 1, 1, 2)
    assert Employee.objects.filter(assessment_year=year).count() == 5  # nobody deleted
    assert set(Employee.objects.filter(listed=False).values_list("nip", flat=True)) == {
        nip(3),
        nip(4),
    }
    assert AppSignature.objects.filter(employee=signer).exists()
    assert PactScan.objects.filter(employee=scanned).exists()
    assert not Employee.objects.get(nip=nip(2)).is_leader
    actions = sorted(e.action for e in Event.objects.order_by("seq")[before:])
    assert actions == [
        "employee.created",
        "employee.unlisted",
        "employee.unlisted",
        "employee.updated",
    ]

    # Listed again by a later file, with the signature they gave.
    summary = _import(ministry, year, second + f"{nip(3)},Ani Wijaya,Analis,tidak\n")
    assert summary.updated == 1 and summary.unlisted == 0
    ani = Employee.objects.get(nip=nip(3))
    assert ani.listed and AppSignature.objects.get(employee=ani).ip_address == "10.1.2.3"
    assert Event.objects.order_by("-seq").values_list("action", flat=True)[0] == (
        "employee.relisted"
    )


def test_the_same_file_again_changes_nothing(ministry: Ministry, year: AssessmentYear) -> None:
    _import(ministry, year, GOOD)
    before = Event.objects.count()
    summary = _import(ministry, year, GOOD)
    assert (summary.created, summary.updated, summary.unchanged, summary.unlisted) == (0, 0, 4, 0)
    assert Event.objects.count() == before


def test_each_unit_and_year_has_its_own_list(ministry: Ministry, year: AssessmentYear) -> None:
    _import(ministry, year, GOOD)
    _import(ministry, year, HEADER + f"{nip(1)},Dr. Ahmad Fauzi,Kepala,ya\n", unit="kanim_dps")
    assert Employee.objects.filter(unit=ministry.units["kanim_sby"], listed=True).count() == 4
    assert Employee.objects.filter(unit=ministry.units["kanim_dps"], listed=True).count() == 1


def test_a_closed_window_refuses_the_import(ministry: Ministry, year: AssessmentYear) -> None:
    set_window(year, open_=False)
    with pytest.raises(StageClosed, match="5"):
        _import(ministry, year, GOOD)
    assert not Employee.objects.exists()


# --- through the page -----------------------------------------------------------------------


def _upload(
    ministry: Ministry, year: AssessmentYear, text: str, name: str = "pegawai.csv", **kwargs: Any
) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = ministry.client_for("operator_sby")
    url = reverse("pencanangan:pakta_import", args=[ministry.units["kanim_sby"].pk, year.year])
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode())}, **kwargs)


def test_the_page_lists_the_errors_and_keeps_nothing(
    ministry: Ministry, year: AssessmentYear
) -> None:
    response = _upload(ministry, year, GOOD + "123,Budi,,tidak\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas tidak diimpor: 1 masalah" in body
    assert "Tidak ada data yang disimpan" in body
    assert "<td>6</td><td><code>nip</code></td>" in body
    assert "NIP terdiri atas tepat 18 angka" in body
    assert not Employee.objects.exists()


def test_the_page_imports_a_good_file(ministry: Ministry, year: AssessmentYear) -> None:
    response = _upload(ministry, year, GOOD, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Daftar pegawai diimpor: 4 baru, 0 berubah, 0 tetap, 0 dikeluarkan dari daftar." in (
        response.content.decode()
    )
    assert Employee.objects.count() == 4


def test_the_page_refuses_an_import_while_the_window_is_closed(
    ministry: Ministry, year: AssessmentYear
) -> None:
    set_window(year, open_=False)
    response = _upload(ministry, year, GOOD)
    assert response.status_code == 400
    assert (
        "Tahap 5 (Pencanangan pembangunan Zona Integritas) sudah ditutup"
        in response.content.decode()
    )
    assert not Employee.objects.exists()


def test_an_unreadable_file_is_refused(ministry: Ministry, year: AssessmentYear) -> None:
    response = _upload(ministry, year, "not a sheet", name="pegawai.txt")
    assert response.status_code == 400
    assert not Employee.objects.exists()
