"""The demo's airport kawasan (Soekarno-Hatta) in its assessment year: the special team of its
agencies' TPIs, the five integration indicators scored, and the predicates other agencies'
units hold from their own records. The ministry's own unit there (the Kantor Imigrasi) has no
LKE yet, so the kawasan criteria show what is met, what is not and what is not known yet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zona.accounts.models import User
from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear
from zona.files.services import store_bytes
from zona.organizations.models import Kawasan
from zona.proposals.kawasan.services import (
    record_integration,
    record_member_predicate,
    record_team,
)

KAWASAN_CODE = "KWS-SOETTA"
KEMENKUMHAM = "Kementerian Hukum dan Hak Asasi Manusia"

# (agency, name, position on the special team): the demo's own names
TEAM = (
    (KEMENKUMHAM, "Siti Rahmawati", "Ketua (TPI Itjen)"),
    ("Kementerian Perhubungan", "Arif Budiman", "Anggota"),
    ("Kementerian Keuangan", "Lestari Handayani", "Anggota"),
    ("Kementerian Kelautan dan Perikanan", "Yoga Prasetya", "Anggota"),
    ("Kementerian Kesehatan", "Nur Aini", "Anggota"),
    ("Kementerian Pertanian", "Rudi Hartono", "Sekretaris"),
)
SCORES = {
    "peta_proses_bisnis": Decimal("8.0"),
    "sop": Decimal("7.5"),
    "sop_diterapkan": Decimal("7.0"),
    "evaluasi": Decimal("6.5"),
    "sistem_informasi": Decimal("6.0"),
}
# other agencies' units: (agency, start of the unit's name) → (predicate, year)
HELD = {
    ("Kementerian Perhubungan", "Kantor Otoritas"): ("WBK", 2022),
    ("Kementerian Keuangan", "Kantor Pelayanan Utama"): ("WBK", 2020),
    ("Kementerian Kelautan dan Perikanan", "Balai Besar Karantina Ikan"): ("WBK", 2023),
    ("Kementerian Pertanian", "Balai Besar Karantina Pertanian"): ("WBK", 2021),
}


def load_demo_kawasan(year: AssessmentYear, *, itjen: User) -> Kawasan:
    kawasan = Kawasan.objects.get(code=KAWASAN_CODE)
    number = f"KEP-01/TIMSUS-ZI/SOETTA/{year.year}"
    pdf = sample_pdf(
        f"Keputusan Bersama Nomor {number}",
        f"Pembentukan Tim Khusus Zona Integritas {kawasan.name}, gabungan TPI instansi kawasan.",
    )
    record_team(
        actor=itjen,
        kawasan=kawasan,
        year=year,
        decree_number=number,
        signed_on=date(year.year, 1, 27),
        issued_by="Para pimpinan instansi kawasan",
        document=store_bytes(actor=itjen, data=pdf),
        members=list(TEAM),
    )
    record_integration(
        actor=itjen,
        kawasan=kawasan,
        year=year,
        scores=SCORES,
        note="Peta proses bisnis kedatangan internasional sudah terpadu; sistem informasi "
        "antarinstansi baru sebagian terhubung.",
    )
    for member in kawasan.members.filter(unit__isnull=True):
        held = next(
            (h for (agency, name), h in HELD.items() if member.instansi == agency
             and member.unit_name.startswith(name)),
            None,
        )  # fmt: skip
        if held is not None:
            predicate, granted = held
            record_member_predicate(
                actor=itjen,
                member=member,
                predicate=predicate,
                year=granted,
                source=f"Keputusan Menteri PANRB tentang predikat Menuju WBK tahun {granted}",
            )
    return kawasan
