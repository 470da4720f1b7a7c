"""Findings and employee lists from files: every row checked, all written or none."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from tests.compliance.conftest import add_employee, add_finding, csv_table, xlsx_bytes
from tests.conftest import Ministry
from zona.audit.models import Event
from zona.compliance.importing import (
    FINDING_COLUMNS,
    WEALTH_COLUMNS,
    ImportSummary,
    finding_export_rows,
    import_findings,
    import_wealth_reports,
    wealth_export_rows,
)
from zona.compliance.models import Finding, FindingStatus, WealthReport
from zona.compliance.services import compliance_for
from zona.core.errors import ImportRejected
from zona.core.tabular import csv_bytes, read_table
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit

FINDINGS_CSV = (
    "sumber;nomor_laporan;tanggal_laporan;nomor_temuan;temuan;rekomendasi;batas_waktu;status\n"
    "BPK;12/LHP/XV/05/2025;2025-05-20;3.1;Kelebihan bayar;Setor ke kas negara;2025-07-20;\n"
    "itjen;LHA-07/IJ/2025;15/09/2025;1;SOP pelayanan belum ditetapkan;Tetapkan SOP;;sesuai\n"
    "Ombudsman;LAHP-0042/2025;2025-10-01;1;Penundaan berlarut;Perbaiki standar waktu;;"
    "menunggu_penilaian\n"
)

WEALTH_CSV = """nip,nama,jabatan,kewajiban,status,tanggal_lapor
198001012005011001,Kepala Kantor,Kepala Kantor Imigrasi,LHKPN,sudah,2026-01-20
199002022015022002,Ani Wijaya,Analis Keimigrasian,lhkasn,sudah,05/02/2026
199503032020121003,Budi Santoso,Pengolah Data,LHKASN,belum,
"""


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


def payload(value: Any) -> Any:
    assert value is not None
    return value


def run_findings(ministry: Ministry, year: AssessmentYear, text: str) -> ImportSummary:
    return import_findings(
        actor=ministry.users["tpi_itjen"],
        assessment_year=year,
        table=csv_table(text),
        unit=ministry.units["kanim_sby"],
    )


def test_findings_are_added_then_updated(ministry: Ministry, year: AssessmentYear) -> None:
    summary = run_findings(ministry, year, FINDINGS_CSV)
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    unit = ministry.units["kanim_sby"]
    rows = Finding.objects.filter(unit=unit, assessment_year=year).order_by("report_date")
    assert [(f.source, f.status) for f in rows] == [
        ("BPK", FindingStatus.OPEN),
        ("ITJEN", FindingStatus.FOLLOWED_UP),
        ("OMBUDSMAN", FindingStatus.SUBMITTED),
    ]
    assert rows[0].due_date == date(2025, 7, 20) and rows[1].report_date == date(2025, 9, 15)
    assert events("finding.created") == 3
    assert compliance_for(unit, year).tlhp_followed_up == 1

    again = run_findings(ministry, year, FINDINGS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = FINDINGS_CSV.replace(
        "Setor ke kas negara;2025-07-20;", "Setor ke kas negara;2025-08-31;sesuai"
    )
    third = run_findings(ministry, year, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    event = Event.objects.get(action="finding.updated")
    assert event.before == {"due_date": "2025-07-20", "status": "belum_ditindaklanjuti"}
    assert event.after == {"due_date": "2025-08-31", "status": "sesuai", "import": True}
    assert compliance_for(unit, year).tlhp_followed_up == 2


def test_one_bad_row_writes_nothing_and_every_problem_is_named(
    ministry: Ministry, year: AssessmentYear
) -> None:
    text = FINDINGS_CSV + (
        "KPK;;2025-13-01;2;Temuan;Rekomendasi;;selesai\n"
        "BPK;12/LHP/XV/05/2025;2025-05-20;3.1;Sama;Sama;;\n"
    )
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        run_findings(ministry, year, text)
    problems = [(e.row, e.column, e.message) for e in rejected.value.errors]
    assert problems == [
        (5, "sumber", "harus salah satu dari: BPK, ITJEN, BPKP, OMBUDSMAN"),
        (5, "nomor_laporan", "wajib diisi"),
        (5, "tanggal_laporan", "bukan tanggal: tulis sebagai TTTT-BB-HH atau HH/BB/TTTT"),
        (
            5,
            "status",
            "harus salah satu dari: belum_ditindaklanjuti, menunggu_penilaian, belum_sesuai, "
            "sesuai, tidak_dapat_ditindaklanjuti",
        ),
        (6, "nomor_temuan", "temuan yang sama sudah ada di baris 2"),
    ]
    assert str(rejected.value.errors[0]).startswith("Baris 5, kolom sumber:")
    assert not Finding.objects.exists()
    assert events("finding.created") == 0


def test_a_missing_column_is_reported_on_the_header_row(
    ministry: Ministry, year: AssessmentYear
) -> None:
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        run_findings(ministry, year, "sumber;nomor_laporan\nBPK;1\n")
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (1, "tanggal_laporan"),
        (1, "nomor_temuan"),
        (1, "temuan"),
        (1, "rekomendasi"),
    ]
    assert rejected.value.errors[0].message == "kolom wajib tidak ada"


def test_a_unit_file_refuses_rows_of_another_unit(ministry: Ministry, year: AssessmentYear) -> None:
    text = "kode_unit," + FINDINGS_CSV.splitlines()[0].replace(";", ",") + "\n"
    text += "KANIM_DPS,BPK,1/LHP,2025-05-20,1,Temuan,Rekomendasi,,\n"
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        run_findings(ministry, year, text)
    (error,) = rejected.value.errors
    assert (error.row, error.column) == (2, "kode_unit")
    assert "berkas ini untuk unit KANIM_SBY" in error.message


def test_a_year_file_names_each_rows_unit_within_the_scope(
    ministry: Ministry, year: AssessmentYear
) -> None:
    header = "kode_unit,sumber,nomor_laporan,tanggal_laporan,nomor_temuan,temuan,rekomendasi\n"
    good = (
        header
        + "KANIM_SBY,BPK,1/LHP,2025-05-20,1,Temuan A,Rekomendasi A\n"
        + "LAPAS_DPS,BPKP,2/LHP,2025-06-20,1,Temuan B,Rekomendasi B\n"
    )
    tpi = ministry.users["tpi_itjen"]
    summary = import_findings(
        actor=tpi,
        assessment_year=year,
        table=csv_table(good),
        units=Unit.objects.visible_to(tpi),
    )
    assert summary.created == 2
    assert set(Finding.objects.values_list("unit__code", flat=True)) == {"KANIM_SBY", "LAPAS_DPS"}

    # a unit outside the given scope is unknown, like a unit that does not exist
    narrow = Unit.objects.filter(code="KANIM_SBY")
    bad = header + "LAPAS_DPS,BPK,9/LHP,2025-05-20,1,T,R\n,BPK,9/LHP,2025-05-20,2,T,R\n"
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        import_findings(actor=tpi, assessment_year=year, table=csv_table(bad), units=narrow)
    assert [(e.row, e.column, e.message) for e in rejected.value.errors] == [
        (2, "kode_unit", "tidak ada unit dengan kode LAPAS_DPS"),
        (3, "kode_unit", "wajib diisi"),
    ]
    assert Finding.objects.count() == 2


def test_findings_export_imports_back_unchanged(ministry: Ministry, year: AssessmentYear) -> None:
    run_findings(ministry, year, FINDINGS_CSV)
    exported = csv_bytes(FINDING_COLUMNS, finding_export_rows(Finding.objects.all()))
    table = read_table(exported, "ekspor.csv", max_rows=100)
    summary = import_findings(
        actor=ministry.users["tpi_itjen"],
        assessment_year=year,
        table=table,
        unit=ministry.units["kanim_sby"],
    )
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)


def run_wealth(
    ministry: Ministry, year: AssessmentYear, text: str | bytes, name: str = "p.csv"
) -> ImportSummary:
    data = text.encode() if isinstance(text, str) else text
    return import_wealth_reports(
        actor=ministry.users["operator_sby"],
        unit=ministry.units["kanim_sby"],
        assessment_year=year,
        table=read_table(data, name, max_rows=1000),
    )


def test_the_employee_list_is_imported(ministry: Ministry, year: AssessmentYear) -> None:
    summary = run_wealth(ministry, year, WEALTH_CSV)
    assert (summary.created, summary.removed) == (3, 0)
    unit = ministry.units["kanim_sby"]
    result = compliance_for(unit, year)
    assert (result.lhkpn_filed, result.lhkpn_obliged) == (1, 1)
    assert (result.lhkasn_filed, result.lhkasn_obliged) == (1, 2)
    assert result.wealth_reports_complete is False
    ani = WealthReport.objects.get(employee__nip="199002022015022002")
    assert (ani.obligation, ani.report_date, ani.employee.position) == (
        "LHKASN",
        date(2026, 2, 5),
        "Analis Keimigrasian",
    )
    assert events("wealth_report.created") == 3


def test_the_file_replaces_the_list(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    add_employee(unit, year, 7, filed=False)  # moved away: not in the new file
    add_employee(ministry.units["kanim_dps"], year, 7)  # another unit's list stays
    run_wealth(ministry, year, WEALTH_CSV)
    updated = WEALTH_CSV.replace("belum,", "sudah,2026-02-10")
    summary = run_wealth(ministry, year, updated)
    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 1, 0, 2)
    assert compliance_for(unit, year).wealth_reports_complete is True
    assert WealthReport.objects.filter(employee__unit=unit).count() == 3
    assert WealthReport.objects.filter(employee__unit=ministry.units["kanim_dps"]).count() == 1
    removed = Event.objects.get(action="wealth_report.removed")
    assert payload(removed.before)["nip"] == "19900101201501" + "0007"
    changed = Event.objects.get(action="wealth_report.updated")
    assert changed.after == {"status": "sudah", "report_date": "2026-02-10", "import": True}


def test_bad_employee_rows_write_nothing(ministry: Ministry, year: AssessmentYear) -> None:
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    text = WEALTH_CSV + (
        "19900202201502200,Nip Pendek,,LHKPN,sudah,2026-01-01\n"
        "199002022015022002,Ani Ganda,,LHKASN,belum,\n"
        f"199604042021011004,,,PNS,lapor,{future}\n"
        "199705052022011005,Cici,,LHKPN,sudah,\n"
        "199806062023011006,Dedi,,LHKASN,belum,2026-01-01\n"
        f"199907072024011007,Eka,,LHKASN,sudah,{future}\n"
    )
    with translation.override("id"), pytest.raises(ImportRejected) as rejected:
        run_wealth(ministry, year, text)
    assert [(e.row, e.column, e.message) for e in rejected.value.errors] == [
        (5, "nip", "NIP terdiri atas tepat 18 angka"),
        (6, "nip", "NIP 199002022015022002 sudah ada di baris 3"),
        (7, "nama", "wajib diisi"),
        (7, "kewajiban", "harus salah satu dari: LHKPN, LHKASN"),
        (7, "status", "harus salah satu dari: sudah, belum"),
        (7, "tanggal_lapor", "tanggal berada di masa depan"),
        (8, "tanggal_lapor", "wajib diisi bila status 'sudah'"),
        (9, "tanggal_lapor", "kosongkan bila status 'belum'"),
        (10, "tanggal_lapor", "tanggal berada di masa depan"),
    ]
    assert not WealthReport.objects.exists()
    assert events("wealth_report.created") == 0


def test_an_xlsx_list_with_date_cells_and_its_export(
    ministry: Ministry, year: AssessmentYear
) -> None:
    data = xlsx_bytes(
        [
            list(WEALTH_COLUMNS),
            ["198001012005011001", "Kepala", "Kepala Kantor", "LHKPN", "sudah", date(2026, 1, 20)],
            ["199503032020121003", "Budi", "", "LHKASN", "belum", None],
        ]
    )
    summary = run_wealth(ministry, year, data, "daftar.xlsx")
    assert summary.created == 2
    assert WealthReport.objects.get(employee__nip="198001012005011001").report_date == date(
        2026, 1, 20
    )
    rows = wealth_export_rows(WealthReport.objects.all())
    assert rows == [
        ["198001012005011001", "Kepala", "Kepala Kantor", "LHKPN", "sudah", "2026-01-20"],
        ["199503032020121003", "Budi", "", "LHKASN", "belum", ""],
    ]
    exported = csv_bytes(WEALTH_COLUMNS, rows)
    again = run_wealth(ministry, year, exported)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 2)


def test_a_finding_imported_keeps_its_follow_ups(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    existing = add_finding(unit, year, "1")
    existing.source, existing.report_number = "ITJEN", "LHA-07/IJ/2025"
    existing.save()
    run_findings(ministry, year, FINDINGS_CSV)
    assert Finding.objects.filter(pk=existing.pk, status=FindingStatus.FOLLOWED_UP).exists()
    assert Finding.objects.count() == 3
