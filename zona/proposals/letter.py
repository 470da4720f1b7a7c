"""The letter to the Minister of PAN-RB that opens the PMPZI package (Gambar 9 c; the example
"contoh surat pengajuan reviu kepada TPN" after it), as an editable DOCX and as a PDF.

The wording is the regulation's, filled with the ministry, the year, the decree's units and
the signatory. It is written once, here (`letter_for`); the DOCX template
(templates_docx/surat_pengajuan.docx, made by scripts/make_letter_template.py) and the PDF's
HTML template (proposals/surat_pengajuan.html) only lay it out. The letter is an official
document in Bahasa Indonesia whatever the language of the page that asked for it.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from zona.core.pdf import html_to_pdf
from zona.organizations.models import Unit, UnitKind
from zona.proposals.models import Candidate, Package, Predicate

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "surat_pengajuan.docx"
SUBJECT = (
    "Pengajuan Unit Kerja Berpredikat Menuju Wilayah Bebas dari Korupsi (WBK)/Wilayah "
    "Birokrasi Bersih dan Melayani (WBBM)"
)
ADDRESSEE = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia"
CARE_OF = "Cq. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan"
OPENING = (
    "Dengan hormat, bahwa dalam rangka pelaksanaan Peraturan Menteri Pendayagunaan Aparatur "
    "Negara dan Reformasi Birokrasi Nomor 52 Tahun 2014 tentang Pedoman Pembangunan Zona "
    "Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di "
    "Lingkungan Instansi Pemerintah, kami telah melakukan upaya pembangunan Zona Integritas di "
    "{instansi}. Berdasarkan laporan hasil evaluasi tahun {tahun} oleh Tim Penilai Internal "
    "(TPI) ZI {instansi}, kami mengusulkan unit kerja sebagaimana tercantum di bawah ini, yang "
    "ditetapkan dengan Keputusan Menteri Nomor {keputusan} tanggal {tanggal_keputusan}, sebagai "
    "calon unit kerja berpredikat Menuju Wilayah Bebas dari Korupsi (WBK) dan/atau Wilayah "
    "Birokrasi Bersih dan Melayani (WBBM):"
)
REQUEST = (
    "Sehubungan dengan hal tersebut, kami mohon agar Tim Penilai Nasional dapat melakukan reviu "
    "atas usulan dimaksud."
)
CLOSING = "Demikian kami sampaikan, atas perhatian dan kerjasamanya, kami ucapkan terima kasih."
BLANK_NUMBER = "…………………"  # the registry fills it in Word when none was given


@dataclass(frozen=True)
class LetterUnit:
    nama: str
    predikat: str


@dataclass(frozen=True)
class Letter:
    """Everything the letter says, in the names its templates use."""

    tempat: str
    tanggal: str
    nomor: str
    lampiran: str
    hal: str
    kepada: str
    cq: str
    pembuka: str
    unit_kerja: list[LetterUnit]
    permohonan: str
    penutup: str
    jabatan: str
    nama: str
    nip: str
    tembusan: list[str]


def letter_for(package: Package, candidates: list[Candidate]) -> Letter:
    decree = package.decree
    ministry = Unit.objects.filter(kind=UnitKind.KEMENTERIAN).order_by("pk").first()
    instansi = ministry.name if ministry is not None else "Kementerian"
    with translation.override("id"):
        tanggal = date_format(package.letter_date, "j F Y")
        tanggal_keputusan = date_format(decree.signed_on, "j F Y")
        units = [
            LetterUnit(nama=c.unit.name, predikat=str(Predicate(c.target).label))
            for c in candidates
        ]
    return Letter(
        tempat="Jakarta",
        tanggal=tanggal,
        nomor=package.letter_number or BLANK_NUMBER,
        lampiran="Satu berkas",
        hal=SUBJECT,
        kepada=ADDRESSEE,
        cq=CARE_OF,
        pembuka=OPENING.format(
            instansi=instansi,
            tahun=decree.assessment_year.year,
            keputusan=decree.number,
            tanggal_keputusan=tanggal_keputusan,
        ),
        unit_kerja=units,
        permohonan=REQUEST,
        penutup=CLOSING,
        jabatan=package.signatory_position,
        nama=package.signatory_name,
        nip=package.signatory_nip,
        tembusan=[line.strip() for line in package.copies_to.splitlines() if line.strip()],
    )


def letter_docx(letter: Letter) -> bytes:
    from docxtpl import DocxTemplate  # loads lxml and python-docx: only when a letter is made

    template = DocxTemplate(str(TEMPLATE))
    template.render(asdict(letter), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def letter_pdf(letter: Letter) -> bytes:
    return html_to_pdf(render_to_string("proposals/surat_pengajuan.html", {"letter": letter}))
