"""A year with stage 5 open, files in a temporary private store, small helpers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import Ministry
from zona.core.tabular import Table, read_table
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import create_year
from zona.employees.models import Employee
from zona.instruments.models import Instrument
from zona.organizations.models import Unit

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


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


def make_year(actor: Any, year: int = 2026, *, open_window: bool = True) -> AssessmentYear:
    call_command("load_instruments", verbosity=0)
    assessment_year = create_year(
        actor=actor, year=year, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    if open_window:
        set_window(assessment_year, open_=True)
    return assessment_year


def set_window(year: AssessmentYear, *, open_: bool) -> None:
    """Stage 5 open around today, or closed (ended yesterday), written directly."""
    today = timezone.localdate()
    if open_:
        start, end = today - timedelta(days=10), today + timedelta(days=10)
    else:
        start, end = today - timedelta(days=40), today - timedelta(days=1)
    Stage.objects.filter(assessment_year=year, key="pencanangan").update(
        starts_on=start, ends_on=end
    )


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    return make_year(ministry.users["tim_kementerian"])


def pdf(name: str = "piagam.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")


def png(name: str = "pakta.png", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG + extra, content_type="image/png")


def csv_table(text: str, name: str = "pegawai.csv") -> Table:
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


def nip(n: int) -> str:
    return f"19900101201501{n:04d}"


def add_employee(
    unit: Unit, year: AssessmentYear, n: int | str, *, leader: bool = False, name: str = ""
) -> Employee:
    """An employee written directly, to arrange a state (the import is tested separately)."""
    value = n if isinstance(n, str) else nip(n)
    return Employee.objects.create(
        unit=unit,
        assessment_year=year,
        nip=value,
        name=name or f"Pegawai {value[-4:]}",
        position="Pengolah Data",
        is_leader=leader,
    )
