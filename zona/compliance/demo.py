"""The demo's compliance data, loaded through the imports and services people use (audited):
the audit findings register of the demo province's units as Itjen keeps it (BPK, Itjen, BPKP
and Ombudsman findings with their TLHP status), each unit's employee list with its LHKPN and
LHKASN reports, one follow-up waiting for the TPI, and the ministry's BPK opinion and AKIP
grade with their (sample) documents. The employee lists are the units' rosters, which the
pakta list of zona.pencanangan.demo is then signed from. Deterministic for a seed.

    from zona.compliance.demo import load_demo_compliance
    load_demo_compliance(year, units, featured=…, itjen=…, operator=…, head=…, ministry_team=…)
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zona.compliance.importing import (
    FINDING_COLUMNS,
    WEALTH_COLUMNS,
    import_findings,
    import_wealth_reports,
)
from zona.compliance.models import Finding, FindingStatus, Obligation, ReportStatus
from zona.compliance.services import record_follow_up, record_ministry_grade
from zona.core.pdf import sample_pdf
from zona.core.tabular import Table
from zona.cycles.models import AssessmentYear
from zona.employees.importing import LEADER
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

# (source, what was found, what is recommended), as such reports word them.
FINDINGS = (
    ("BPK", "Kelebihan pembayaran perjalanan dinas sebesar Rp{amount}.",
     "Memerintahkan PPK menarik kelebihan pembayaran dan menyetorkannya ke kas negara."),
    ("BPK", "Keterlambatan penyetoran PNBP layanan ke kas negara sebesar Rp{amount}.",
     "Menyetorkan PNBP paling lambat satu hari kerja setelah diterima."),
    ("BPK", "Aset tetap berupa tanah belum didukung sertifikat atas nama pemerintah.",
     "Mengurus sertifikat hak pakai atas tanah bersama kantor pertanahan."),
    ("BPK", "Kekurangan volume pekerjaan pemeliharaan gedung sebesar Rp{amount}.",
     "Menarik kelebihan pembayaran dari penyedia dan memperketat pemeriksaan hasil pekerjaan."),
    ("ITJEN", "SOP pelayanan belum ditetapkan kepala kantor dan belum dipublikasikan.",
     "Menetapkan SOP pelayanan dan memublikasikannya di ruang pelayanan dan laman unit."),
    ("ITJEN", "Laporan pengendalian gratifikasi belum disampaikan kepada UPG.",
     "Menyampaikan laporan gratifikasi triwulanan kepada Unit Pengendali Gratifikasi."),
    ("ITJEN", "Penatausahaan barang milik negara belum tertib: kartu inventaris tidak mutakhir.",
     "Memutakhirkan kartu inventaris ruangan dan melakukan opname fisik BMN."),
    ("ITJEN", "Kelebihan pembayaran tunjangan kinerja pegawai yang cuti besar.",
     "Memperhitungkan kelebihan pembayaran pada pembayaran tunjangan kinerja berikutnya."),
    ("BPKP", "Risiko layanan belum diidentifikasi dalam register risiko (SPIP).",
     "Menyusun register risiko dan rencana tindak pengendalian tahun berjalan."),
    ("OMBUDSMAN", "Penundaan berlarut penyelesaian permohonan layanan melebihi standar.",
     "Memantau waktu penyelesaian harian dan memberi tahu pemohon bila ada penundaan."),
    ("OMBUDSMAN", "Standar pelayanan dan biaya layanan tidak terpampang di ruang pelayanan.",
     "Memasang standar pelayanan, biaya dan waktu layanan di ruang pelayanan."),
)  # fmt: skip
REPORTS = {
    "BPK": "{n}/LHP/XV/{month:02d}/{year}",
    "ITJEN": "LHA-{n:02d}/IJ.2/{year}",
    "BPKP": "LHP-{n:03d}/PW13/4/{year}",
    "OMBUDSMAN": "LAHP-{n:04d}/ORI-JATIM/{year}",
}
# The TLHP statuses of a register, as often as they appear (most findings settled).
STATUSES = (
    *[FindingStatus.FOLLOWED_UP] * 11,
    *[FindingStatus.RETURNED] * 3,
    *[FindingStatus.OPEN] * 4,
    FindingStatus.NOT_APPLICABLE,
)
FINDING_COUNTS = (0, 1, 2, 2, 3, 3, 4, 5)  # per unit
FIRST_NAMES = ("Agus", "Rina", "Budi", "Siti", "Dewi", "Hendra", "Maya", "Yusuf", "Ahmad", "Nur",
               "Sri", "Eko", "Dian", "Rudi", "Fitri", "Andi", "Wahyu", "Lestari", "Bambang",
               "Putri", "Joko", "Ratna", "Taufik", "Indah", "Hadi", "Ayu", "Arif", "Wulan",
               "Rizky", "Yuni", "Fajar", "Sari")  # fmt: skip
LAST_NAMES = ("Santoso", "Wijaya", "Pratama", "Hidayat", "Rahmawati", "Setiawan", "Saputra",
              "Kusuma", "Nugroho", "Permana", "Susanto", "Handayani", "Purnomo", "Wibowo",
              "Utami", "Firmansyah", "Hakim", "Syahputra", "Maharani", "Gunawan",
              "Anggraini")  # fmt: skip
OFFICIALS = ("Kepala Seksi", "Kepala Subseksi", "Kepala Urusan", "Bendahara Pengeluaran",
             "Pejabat Pembuat Komitmen", "Pejabat Pengadaan")  # fmt: skip
STAFF = ("Pengelola Layanan", "Pengolah Data", "Pengadministrasi Umum", "Arsiparis",
         "Pranata Komputer", "Analis Sumber Daya Manusia", "Penyusun Laporan Keuangan",
         "Pengelola Barang Milik Negara")  # fmt: skip


def load_demo_compliance(
    year: AssessmentYear,
    units: Sequence[Unit],
    *,
    featured: Unit,
    itjen: User,
    operator: User,
    head: User,
    ministry_team: User,
    clean: Collection[int] = (),
    seed: int = 19,
) -> None:
    """Once per year: nothing happens when the year already has findings. The `featured` unit,
    the operator's own, gets one finding of each kind a unit works on (open, returned,
    settled), and its employee list starts with its head and its operator, the demo's logins.
    The `clean` units (ids: candidates of the demo's proposals) have every finding settled and
    every report filed."""
    if Finding.objects.filter(assessment_year=year).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    with transaction.atomic():
        import_findings(
            actor=itjen,
            assessment_year=year,
            table=Table(list(FINDING_COLUMNS), _finding_rows(rng, year, units, featured.pk, clean)),
            units=Unit.objects.filter(pk__in=[unit.pk for unit in units]),
        )
        for unit in units:
            rows = _employee_rows(rng, all_filed=unit.pk in clean)
            if unit.pk == featured.pk:
                rows[:1] = [_person(head, "Kepala Kantor", Obligation.LHKPN, rng, leader=True)]
                rows.append(_person(operator, "Operator Satker", Obligation.LHKASN, rng))
            table = Table([*WEALTH_COLUMNS, LEADER], rows)
            import_wealth_reports(actor=itjen, unit=unit, assessment_year=year, table=table)
        first_open = Finding.objects.filter(
            assessment_year=year, unit=featured, status=FindingStatus.OPEN
        ).first()
        if first_open is not None:  # so that TPI Itjen has one follow-up to decide
            record_follow_up(
                actor=operator,
                finding=first_open,
                note="Telah ditindaklanjuti sesuai rekomendasi: SOP ditetapkan dengan SK "
                "Kepala Kantor dan dipasang di ruang pelayanan.",
            )
        _ministry_grades(year, ministry_team)


FEATURED_STATUSES = (FindingStatus.OPEN, FindingStatus.RETURNED, FindingStatus.FOLLOWED_UP)


def _finding_rows(
    rng: random.Random,
    year: AssessmentYear,
    units: Sequence[Unit],
    featured: int,
    clean: Collection[int],
) -> list[dict[str, str]]:
    rows = []
    for unit in units:
        count = len(FEATURED_STATUSES) if unit.pk == featured else rng.choice(FINDING_COUNTS)
        for number in range(count):
            source, found, recommended = rng.choice(FINDINGS)
            status = FEATURED_STATUSES[number] if unit.pk == featured else rng.choice(STATUSES)
            if unit.pk in clean:
                status = FindingStatus.FOLLOWED_UP
            reported = min(
                date(year.year - 1, 1, 15) + timedelta(days=rng.randrange(0, 270)),
                timezone.localdate(),
            )
            report = REPORTS[source].format(
                n=rng.randrange(1, 120), month=reported.month, year=reported.year
            )
            amount = f"{rng.randrange(2, 180) * 250_000:,}".replace(",", ".")
            rows.append(
                {
                    "kode_unit": unit.code,
                    "sumber": source,
                    "nomor_laporan": report,
                    "tanggal_laporan": reported.isoformat(),
                    "nomor_temuan": str(number + 1),
                    "temuan": found.format(amount=amount),
                    "rekomendasi": recommended,
                    "batas_waktu": (reported + timedelta(days=60)).isoformat(),
                    "status": status.value,
                }
            )
    return rows


def load_demo_rosters(year: AssessmentYear, units: Sequence[Unit], *, itjen: User) -> None:
    """Each unit's roster for a past year, every report filed."""
    rng = random.Random(year.year)  # noqa: S311 - demo data, not security
    for unit in units:
        table = Table([*WEALTH_COLUMNS, LEADER], _employee_rows(rng, all_filed=True))
        import_wealth_reports(actor=itjen, unit=unit, assessment_year=year, table=table)


def load_demo_ministry_grades(year: AssessmentYear, *, ministry_team: User) -> None:
    _ministry_grades(year, ministry_team)


def _employee_rows(rng: random.Random, *, all_filed: bool = False) -> list[dict[str, str]]:
    """The unit's roster: the head and some officials lead and file an LHKPN, the others an
    LHKASN; most have filed (all of them when `all_filed`)."""
    count = rng.randrange(10, 26)
    missing = set(rng.sample(range(count), rng.choice((0, 0, 0, 1, 1, 2))))
    if all_filed:
        missing = set()
    rows = []
    for index in range(count):
        if index == 0:
            position, obligation = "Kepala Satuan Kerja", Obligation.LHKPN
        elif index <= 4:
            position, obligation = rng.choice(OFFICIALS), Obligation.LHKPN
        else:
            position, obligation = rng.choice(STAFF), Obligation.LHKASN
        filed = index not in missing
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 30 * 365))
        appointed = max(born.year + 22, 1990) + rng.randrange(0, 8)
        month, gender = rng.randrange(1, 13), rng.choice("12")
        rows.append(
            {
                "nip": f"{born:%Y%m%d}{appointed}{month:02d}{gender}{index + 1:03d}",
                "nama": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "jabatan": position,
                "pimpinan": "ya" if obligation == Obligation.LHKPN else "tidak",
                "kewajiban": obligation.value,
                "status": (ReportStatus.FILED if filed else ReportStatus.NOT_FILED).value,
                "tanggal_lapor": _filed_on(rng) if filed else "",
            }
        )
    return rows


def _person(
    user: User, position: str, obligation: str, rng: random.Random, *, leader: bool = False
) -> dict[str, str]:
    return {
        "nip": user.nip or "",  # the demo's logins all have one
        "nama": user.full_name,
        "jabatan": position,
        "pimpinan": "ya" if leader else "tidak",
        "kewajiban": obligation,
        "status": ReportStatus.FILED.value,
        "tanggal_lapor": _filed_on(rng),
    }


def _filed_on(rng: random.Random) -> str:
    """A day of the first quarter, the reporting season, never after today."""
    today = timezone.localdate()
    season = date(today.year, 1, 2) if today.month > 3 else date(today.year - 1, 1, 2)
    return (season + timedelta(days=rng.randrange(0, 88))).isoformat()


def _ministry_grades(year: AssessmentYear, team: User) -> None:
    entries = (
        ("bpk_opinion", "WTP", f"LHP BPK atas LK Kementerian Tahun {year.year - 2}",
         "lhp-bpk-lk.pdf", "Opini: Wajar Tanpa Pengecualian (WTP)."),
        ("akip", "BB", f"Hasil Evaluasi AKIP Tahun {year.year - 2} oleh Kementerian PANRB",
         "evaluasi-akip.pdf", "Nilai AKIP: BB (sangat baik)."),
    )  # fmt: skip
    for scale, grade, reference, filename, body in entries:
        pdf = sample_pdf(reference, body)
        record_ministry_grade(
            actor=team,
            assessment_year=year,
            scale=scale,
            grade=grade,
            reference=reference,
            upload=SimpleUploadedFile(filename, pdf, content_type="application/pdf"),
        )
