"""A year to record compliance data in, files in a temporary private store, small helpers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.conftest import Ministry
from zona.compliance.models import Finding, FindingSource, Obligation, ReportStatus, WealthReport
from zona.core.tabular import Table, read_table
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year
from zona.employees.models import Employee
from zona.instruments.models import Instrument
from zona.organizations.models import Unit

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def private_storage(root: Path) -> dict[str, Any]:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _private_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    root = tmp_path / "private"
    settings.STORAGES = private_storage(root)
    yield root


def make_year(actor: Any, year: int = 2026, code: str = "permenkumham-29-2019") -> AssessmentYear:
    call_command("load_instruments", verbosity=0)
    return create_year(actor=actor, year=year, instrument=Instrument.objects.get(code=code))


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    return make_year(ministry.users["tim_kementerian"])


def pdf(name: str = "bukti.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")


def csv_table(text: str, name: str = "berkas.csv") -> Table:
    return read_table(text.encode("utf-8"), name, max_rows=1000)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_finding(
    unit: Unit, year: AssessmentYear, number: str, status: str = "belum_ditindaklanjuti"
) -> Finding:
    """A finding written directly, to arrange a state (the services are tested separately)."""
    return Finding.objects.create(
        unit=unit,
        assessment_year=year,
        source=FindingSource.ITJEN,
        report_number="LHA-01/IJ/2025",
        report_date=date(2025, 9, 1),
        number=number,
        finding=f"Temuan {number}",
        recommendation="Segera tindak lanjuti.",
        status=status,
    )


def add_employee(
    unit: Unit,
    year: AssessmentYear,
    n: int,
    obligation: str = Obligation.LHKASN,
    filed: bool = True,
) -> WealthReport:
    employee = Employee.objects.create(
        unit=unit, assessment_year=year, nip=f"19900101201501{n:04d}", name=f"Pegawai {n}"
    )
    return WealthReport.objects.create(
        employee=employee,
        obligation=obligation,
        status=ReportStatus.FILED if filed else ReportStatus.NOT_FILED,
        report_date=date(2026, 1, 15) if filed else None,
    )
