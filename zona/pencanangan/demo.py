"""The demo's pencanangan: the demo operator's unit declared its integrity zone ten days ago
before outside witnesses, published it and uploaded the signed piagam (a sample PDF); of its
employee roster (the one list its LHKPN/LHKASN reports are kept against too), the head and
the operator have signed in Zona and some others on paper (sample scans). Through the
services people use, audited; after zona.compliance.demo, which imports the roster.

    from zona.pencanangan.demo import load_demo_pencanangan
    load_demo_pencanangan(year, unit, operator=…, head=…)
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit
from zona.pencanangan.models import Declaration, WitnessKind
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
    staff = list(Employee.objects.filter(unit=unit, assessment_year=year, listed=True))
    head_position = next((e.position for e in staff if e.nip == head.nip), "")
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
        signers = {head.nip: head, operator.nip: operator}  # the demo's logins sign in Zona
        for number, employee in enumerate(sorted(staff, key=lambda e: e.pk)):
            if employee.nip in signers:
                signer = signers[employee.nip]
                sign_pact(actor=signer, employee=employee, agreed=True, ip_address="10.15.1.20")
            elif number % SCANNED_SHARE == 0:
                scan = sample_pdf(
                    "Pakta Integritas", f"Ditandatangani oleh {employee.name} ({employee.nip})."
                )
                upload = SimpleUploadedFile(f"pakta-{employee.nip}.pdf", scan, "application/pdf")
                upload_scan(actor=operator, employee=employee, upload=upload)
