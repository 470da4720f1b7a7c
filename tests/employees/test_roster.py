"""One employee roster per unit and year: the LHKPN/LHKASN list and the Pakta Integritas list
are the same list, whichever page imports it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import Ministry
from tests.pencanangan.conftest import csv_table, make_year, nip
from zona.accounts.services import create_user
from zona.audit.models import Event
from zona.compliance.importing import import_wealth_reports
from zona.compliance.models import WealthReport
from zona.compliance.services import compliance_for
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.pencanangan.importing import import_employees
from zona.pencanangan.models import AppSignature
from zona.pencanangan.services import pencanangan_status, sign_pact

WEALTH = (
    "nip,nama,jabatan,kewajiban,status,tanggal_lapor\n"
    f"{nip(1)},Dr. Ahmad Fauzi,Kepala Kantor,LHKPN,sudah,2026-01-20\n"
    f"{nip(2)},Ani Wijaya,Analis Keimigrasian,LHKASN,sudah,2026-02-05\n"
    f"{nip(3)},Budi Santoso,Pengolah Data,LHKASN,belum,\n"
)
PAKTA = (
    "nip,nama,jabatan,pimpinan\n"
    f"{nip(1)},Dr. Ahmad Fauzi,Kepala Kantor,ya\n"
    f"{nip(2)},Ani Wijaya,Analis Keimigrasian,tidak\n"
    f"{nip(3)},Budi Santoso,Pengolah Data,tidak\n"
)


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    return make_year(ministry.users["tim_kementerian"])  # stage 5 open around today


def wealth(ministry: Ministry, year: AssessmentYear, text: str) -> Any:
    return import_wealth_reports(
        actor=ministry.users["operator_sby"],
        unit=ministry.units["kanim_sby"],
        assessment_year=year,
        table=csv_table(text),
    )


def pakta(ministry: Ministry, year: AssessmentYear, text: str) -> Any:
    return import_employees(
        actor=ministry.users["operator_sby"],
        unit=ministry.units["kanim_sby"],
        assessment_year=year,
        table=csv_table(text),
    )


def test_the_lhkpn_list_is_the_list_that_signs_the_pact(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    wealth(ministry, year, WEALTH)
    assert Employee.objects.filter(unit=unit, assessment_year=year, listed=True).count() == 3
    assert pencanangan_status(unit, year).employees == 3
    page = ministry.client_for("operator_sby").get(
        reverse("pencanangan:pakta", args=[unit.pk, year.year])
    )
    assert "Budi Santoso" in page.content.decode()

    # the pakta file of the same people marks the leader; nobody is listed twice and the
    # wealth reports stay as they were
    summary = pakta(ministry, year, PAKTA)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert Employee.objects.filter(unit=unit).count() == 3
    assert Employee.objects.get(nip=nip(1)).is_leader
    figures = compliance_for(unit, year)
    assert (figures.employees, figures.wealth_filed, figures.unassigned) == (3, 2, 0)
    assert pencanangan_status(unit, year).leaders == 1


def test_employees_listed_from_the_pakta_page_have_no_wealth_report_yet(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    pakta(ministry, year, PAKTA)
    figures = compliance_for(unit, year)
    assert (figures.employees, figures.unassigned, figures.wealth_filed) == (3, 3, 0)
    assert figures.wealth_reports_complete is False  # unknown obligations are not filed
    page = ministry.client_for("operator_sby").get(
        reverse("compliance:unit", args=[year.year, unit.pk])
    )
    assert "3 pegawai dalam daftar belum tercatat kewajiban laporannya" in page.content.decode()

    filed = WEALTH.replace("belum,", "sudah,2026-02-10")
    summary = wealth(ministry, year, filed)
    assert (summary.created, summary.updated, summary.removed) == (3, 0, 0)
    assert compliance_for(unit, year).wealth_reports_complete is True
    assert Employee.objects.filter(unit=unit).count() == 3
    assert Employee.objects.get(nip=nip(1)).is_leader  # a file without pimpinan keeps it


def test_taken_off_by_one_list_is_off_both_and_keeps_its_pact(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    pakta(ministry, year, PAKTA)
    ani = Employee.objects.get(nip=nip(2))
    signer = create_user(actor=None, nip=nip(2), email="ani@example.go.id", full_name="Ani")
    sign_pact(actor=signer, employee=ani, agreed=True)

    without_ani = "".join(line + "\n" for line in WEALTH.splitlines() if nip(2) not in line)
    summary = wealth(ministry, year, without_ani)
    assert summary.removed == 1
    ani.refresh_from_db()
    assert not ani.listed and AppSignature.objects.filter(employee=ani).exists()
    assert pencanangan_status(unit, year).employees == 2
    assert compliance_for(unit, year).employees == 2
    assert Event.objects.filter(action="employee.unlisted", object_id=str(ani.pk)).exists()

    # listed again by the pakta page, with her signature; compliance waits for her report
    pakta(ministry, year, PAKTA)
    ani.refresh_from_db()
    assert ani.listed and pencanangan_status(unit, year).signed == 1
    assert compliance_for(unit, year).unassigned == 1
    assert not WealthReport.objects.filter(employee=ani).exists()


def test_the_two_pages_import_into_one_list(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("operator_sby")
    response = client.post(
        reverse("compliance:import_wealth", args=[year.year, unit.pk]),
        {"file": SimpleUploadedFile("lhkpn.csv", WEALTH.encode())},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("pencanangan:pakta_import", args=[unit.pk, year.year]),
        {"file": SimpleUploadedFile("pakta.csv", PAKTA.encode())},
    )
    assert response.status_code == 302
    assert Employee.objects.filter(unit=unit, assessment_year=year).count() == 3
    assert WealthReport.objects.filter(employee__unit=unit).count() == 3
    exported = client.get(reverse("pencanangan:pakta_export", args=[unit.pk, year.year, "csv"]))
    assert f"{nip(1)},Dr. Ahmad Fauzi,Kepala Kantor,ya,belum" in exported.content.decode()


UNREADABLE = "Ini bukan berkas .xlsx yang dapat dibaca."


def malformed_xlsx() -> SimpleUploadedFile:
    from tests.core.hostile import xlsx

    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>nip</t></is></c></row>'
    return SimpleUploadedFile("rusak.xlsx", xlsx(row + b'<row r="2"><c r="A2"><v>1</v></row>'))


@pytest.mark.parametrize("page", ["compliance:import_wealth", "pencanangan:pakta_import"])
def test_a_malformed_xlsx_is_refused_with_a_message(
    ministry: Ministry, year: AssessmentYear, page: str
) -> None:
    unit = ministry.units["kanim_sby"]
    args = [year.year, unit.pk] if page.startswith("compliance") else [unit.pk, year.year]
    client = ministry.client_for("operator_sby")
    response = client.post(reverse(page, args=args), {"file": malformed_xlsx()}, follow=True)
    assert response.status_code in {200, 400}
    assert UNREADABLE in response.content.decode()
    assert not Employee.objects.filter(unit=unit, assessment_year=year).exists()
