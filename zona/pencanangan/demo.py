"""The demo's pencanangan: the demo operator's unit declared its integrity zone ten days ago
before outside witnesses, published it and uploaded the signed piagam (a sample PDF); its
employee list (the one its LHKPN/LHKASN reports come from) is the pakta list, the head and
the operator have signed in Zona and some others on paper (sample scans). Through the
services people use, audited; after zona.compliance.demo, whose employee list it reads.

    from zona.pencanangan.demo import load_demo_pencanangan
    load_demo_pencanangan(year, unit, operator=…, head=…)
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zona.compliance.models import Obligation, WealthReport
from zona.core.pdf import sample_pdf
from zona.core.tabular import Table
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit
from zona.pencanangan.importing import COLUMNS, import_employees
from zona.pencanangan.models import Declaration, Employee, WitnessKind
from zona.pencanangan.services import (
    add_publication,
    add_witness,
    save_declaration,
    sign_pact,
    upload_charter,
    upload_scan,
)

if TYPE_CHECKING:
    from zona.accounts.models import User

WITNESSES = (
    (WitnessKind.KPK, "Ratih Kusumawardani", "Komisi Pemberantasan Korupsi"),
    (WitnessKind.OMBUDSMAN, "Bayu Adinugroho", "Ombudsman RI Perwakilan Jawa Timur"),
    (WitnessKind.FORKOPIMDA, "Hari Santosa", "Pemerintah Kota Surabaya"),
    (WitnessKind.COMMUNITY, "K.H. Abdul Malik", "Tokoh masyarakat Surabaya"),
)
PUBLICATIONS = (
    ("Laman resmi unit", "https://kanim-surabaya.example/berita/pencanangan-zona-integritas"),
    ("Instagram unit", "https://instagram.example/p/pencanangan-zi"),
)
SCANNED_SHARE = 2  # every second employee on the list signed on paper


def load_demo_pencanangan(year: AssessmentYear, unit: Unit, *, operator: User, head: User) -> None:
    """Once per year: nothing happens when the unit (the operator's) already has a declaration."""
    if Declaration.objects.filter(unit=unit, assessment_year=year).exists():
        return
    staff = list(WealthReport.objects.filter(unit=unit, assessment_year=year).order_by("pk"))
    head_position = next((p.position for p in staff if p.nip == head.nip), "")
    with transaction.atomic():
        save_declaration(
            actor=operator,
            unit=unit,
            assessment_year=year,
            declared_on=timezone.localdate() - timedelta(days=10),
            place=f"Aula {unit.name}",
            declared_by=head.full_name,
            declared_by_position=head_position,
        )
        for kind, name, institution in WITNESSES:
            add_witness(
                actor=operator,
                unit=unit,
                assessment_year=year,
                kind=kind,
                name=name,
                institution=institution,
            )
        for medium, url in PUBLICATIONS:
            add_publication(actor=operator, unit=unit, assessment_year=year, medium=medium, url=url)
        charter = sample_pdf(
            "Piagam Pencanangan Pembangunan Zona Integritas",
            f"{unit.name} menyatakan siap membangun Zona Integritas menuju WBK/WBBM.",
        )
        upload_charter(
            actor=operator,
            unit=unit,
            assessment_year=year,
            upload=SimpleUploadedFile("piagam-pencanangan.pdf", charter, "application/pdf"),
        )
        rows = [
            {
                "nip": person.nip,
                "nama": person.name,
                "jabatan": person.position,
                "pimpinan": "ya" if person.obligation == Obligation.LHKPN else "tidak",
            }
            for person in staff
        ]
        import_employees(
            actor=operator, unit=unit, assessment_year=year, table=Table(list(COLUMNS), rows)
        )
        signers = {head.nip: head, operator.nip: operator}  # the demo's logins sign in Zona
        employees = Employee.objects.filter(unit=unit, assessment_year=year).order_by("pk")
        for number, employee in enumerate(employees):
            if employee.nip in signers:
                signer = signers[employee.nip]
                sign_pact(actor=signer, employee=employee, agreed=True, ip_address="10.15.1.20")
            elif number % SCANNED_SHARE == 0:
                scan = sample_pdf(
                    "Pakta Integritas", f"Ditandatangani oleh {employee.name} ({employee.nip})."
                )
                upload = SimpleUploadedFile(f"pakta-{employee.nip}.pdf", scan, "application/pdf")
                upload_scan(actor=operator, employee=employee, upload=upload)
