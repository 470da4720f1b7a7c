"""The demo's pencanangan. The Minister's comes first (row 5): the ministry team records it
as the Kementerian's declaration, witnessed by the KPK and the Ombudsman RI, published, its
piagam uploaded. Then the demo operator's unit (a UPT) declared its integrity zone before
every witness a satker in a province invites (the Ombudsman RI and the Forkopimda/OPD,
academics, a community leader, a religious leader), published it and uploaded the signed
piagam (a sample PDF); of its employee roster (the one list its LHKPN/LHKASN reports are kept
against too), the head and the operator have signed in Zona and some others on paper (sample
scans). Through the services people use, audited; after zona.compliance.demo, which imports
the roster.

    from zona.pencanangan.demo import load_demo_pencanangan
    load_demo_pencanangan(year, unit, operator=…, head=…, ministry=…, ministry_team=…)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import recording_history
from zona.employees.models import Employee
from zona.organizations.models import Unit
from zona.pencanangan.models import Declaration, WitnessKind
from zona.pencanangan.services import (
    STAGE_KEY,
    add_publication,
    add_witness,
    save_declaration,
    sign_pact,
    upload_charter,
    upload_scan,
)

if TYPE_CHECKING:
    from zona.accounts.models import User

MINISTER = ("Dr. Bambang Prasetyo, S.H., M.H.", "Menteri Hukum dan Hak Asasi Manusia")
MINISTER_WITNESSES = (
    (WitnessKind.KPK, "Ratih Kusumawardani", "Komisi Pemberantasan Korupsi"),
    (WitnessKind.OMBUDSMAN, "Dedi Kurniawan", "Ombudsman Republik Indonesia"),
)
MINISTER_PUBLICATIONS = (
    ("Laman resmi kementerian", "https://kemenkumham.example/berita/pencanangan-zi-menteri"),
)
WITNESSES = (
    (WitnessKind.OMBUDSMAN, "Bayu Adinugroho", "Ombudsman RI Perwakilan Jawa Timur"),
    (WitnessKind.FORKOPIMDA, "Hari Santosa", "Pemerintah Kota Surabaya"),
    (WitnessKind.ACADEMIC, "Prof. Dr. Lestari Wibowo", "Universitas Airlangga"),
    (WitnessKind.COMMUNITY, "Slamet Riyadi", "Tokoh masyarakat Kelurahan Gubeng"),
    (WitnessKind.RELIGIOUS, "K.H. Abdul Malik", "Majelis Ulama Indonesia Kota Surabaya"),
)
PUBLICATIONS = (
    ("Laman resmi unit", "https://kanim-surabaya.example/berita/pencanangan-zona-integritas"),
    ("Instagram unit", "https://instagram.example/p/pencanangan-zi"),
)
UNIT_AFTER_MINISTER = timedelta(days=10)  # the satker follows the Minister (row 5)
SCANNED_SHARE = 2  # every second employee on the list signed on paper


def demo_dates(year: int, starts_on: date, ends_on: date, today: date) -> tuple[date, date]:
    """The dates of the Minister's pencanangan and of the demo unit's, in that order, inside
    the stage-5 window (`starts_on`–`ends_on`) and never after `today` (a date in the future
    is refused): in January of the year, the Minister on the first Monday from the 4th and the
    unit ten days later, once that is past. A demo loaded earlier (October to mid-January,
    when the demo year's January has not come or not ended) moves both to the last days of
    the window before today, in the same order."""
    minister = date(year, 1, 4)
    minister += timedelta(days=-minister.weekday() % 7)
    unit = minister + UNIT_AFTER_MINISTER
    latest = min(today, ends_on)
    if unit > latest:
        unit = latest - timedelta(days=2)
        minister = min(minister, unit - timedelta(days=4))
    minister = max(minister, starts_on)
    if not starts_on <= minister < unit <= latest:
        raise ValueError(
            f"The pencanangan window {starts_on}–{ends_on} leaves no room for the demo's "
            f"declarations before {today}: open stage 5 a week back (zona.cycles.demo)."
        )
    return minister, unit


def load_demo_pencanangan(
    year: AssessmentYear,
    unit: Unit,
    *,
    operator: User,
    head: User,
    ministry: Unit,
    ministry_team: User,
) -> None:
    """Once per year: nothing happens when the unit (the operator's) already has a declaration."""
    if Declaration.objects.filter(unit=unit, assessment_year=year).exists():
        return
    window = Stage.objects.get(assessment_year=year, key=STAGE_KEY)
    minister_on, unit_on = demo_dates(
        year.year, window.starts_on, window.ends_on, timezone.localdate()
    )
    with transaction.atomic():
        if not Declaration.objects.filter(unit=ministry, assessment_year=year).exists():
            _declare(
                year,
                ministry,
                actor=ministry_team,
                on=minister_on,
                place="Graha Pengayoman, Jakarta",
                by=MINISTER,
                witnesses=MINISTER_WITNESSES,
                publications=MINISTER_PUBLICATIONS,
            )
        staff = list(Employee.objects.filter(unit=unit, assessment_year=year, listed=True))
        head_position = next((e.position for e in staff if e.nip == head.nip), "")
        _declare(
            year,
            unit,
            actor=operator,
            on=unit_on,
            place=f"Aula {unit.name}",
            by=(head.full_name, head_position),
            witnesses=WITNESSES,
            publications=PUBLICATIONS,
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


def load_past_pencanangan(
    year: AssessmentYear,
    *,
    ministry: Unit,
    ministry_team: User,
    satker: Sequence[tuple[Unit, User, User]],
) -> None:
    """An earlier year's pencanangan, each on its day (`recording_history`): the Minister's on
    the first Monday of January from the 4th, then each satker's (unit, operator, head) a
    day apart from ten days later; the public page (/publik/) shows their dates."""
    minister_on = demo_dates(year.year, date(year.year, 1, 1), date(year.year, 1, 31),
                             date(year.year, 12, 31))[0]  # fmt: skip
    if minister_on > timezone.localdate():
        return
    with recording_history(minister_on):
        _declare(
            year,
            ministry,
            actor=ministry_team,
            on=minister_on,
            place="Graha Pengayoman, Jakarta",
            by=MINISTER,
            witnesses=MINISTER_WITNESSES,
            publications=MINISTER_PUBLICATIONS,
        )
    for n, (unit, operator, head) in enumerate(satker):
        day = minister_on + UNIT_AFTER_MINISTER + timedelta(days=n)
        if day > timezone.localdate():
            return
        with recording_history(day):
            _declare(
                year,
                unit,
                actor=operator,
                on=day,
                place=f"Aula {unit.name}",
                by=(head.full_name, "Kepala Kantor"),
                witnesses=WITNESSES,
                publications=(),
            )


def _declare(
    year: AssessmentYear,
    unit: Unit,
    *,
    actor: User,
    on: date,
    place: str,
    by: tuple[str, str],
    witnesses: tuple[tuple[WitnessKind, str, str], ...],
    publications: tuple[tuple[str, str], ...],
) -> None:
    """A whole pencanangan: the declaration, its witnesses and publications, the piagam."""
    kw: dict[str, Any] = {"actor": actor, "unit": unit, "assessment_year": year}
    save_declaration(
        **kw, declared_on=on, place=place, declared_by=by[0], declared_by_position=by[1]
    )
    for kind, name, institution in witnesses:
        add_witness(**kw, kind=kind, name=name, institution=institution)
    for medium, url in publications:
        add_publication(**kw, medium=medium, url=url)
    charter = sample_pdf(
        "Piagam Pencanangan Pembangunan Zona Integritas",
        f"{unit.name} menyatakan siap membangun Zona Integritas menuju WBK/WBBM.",
    )
    upload_charter(
        **kw, upload=SimpleUploadedFile("piagam-pencanangan.pdf", charter, "application/pdf")
    )
