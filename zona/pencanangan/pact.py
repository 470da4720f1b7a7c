"""The text of the Pakta Integritas (Gambar 2), as each employee reads and signs it.

The regulation shows the pact as a picture (Gambar 2); its wording is the model pact of the
ZI guideline (PermenPAN-RB No. 52/2014 as amended by No. 10/2019, which Bab II A follows),
made specific to the ministry and to the employee's unit. The text is Indonesian whatever the
interface language: it is the document signed. The exact text each employee signed is kept
with the signature, with its SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zona.employees.models import Employee

MINISTRY = "Kementerian Hukum dan Hak Asasi Manusia"

TITLE = "PAKTA INTEGRITAS"

PROMISES = (
    "Berperan secara pro aktif dalam upaya pencegahan dan pemberantasan Korupsi, Kolusi, dan "
    "Nepotisme (KKN) serta tidak melibatkan diri dalam perbuatan tercela;",
    "Tidak meminta atau menerima pemberian secara langsung atau tidak langsung berupa suap, "
    "hadiah, bantuan, atau bentuk lainnya yang tidak sesuai dengan ketentuan yang berlaku;",
    "Bersikap transparan, jujur, objektif, dan akuntabel dalam melaksanakan tugas;",
    "Menghindari pertentangan kepentingan (conflict of interest) dalam pelaksanaan tugas;",
    "Memberi contoh dalam kepatuhan terhadap peraturan perundang-undangan dalam melaksanakan "
    "tugas, terutama kepada pegawai yang berada di bawah pengawasan saya dan sesama pegawai "
    "di lingkungan kerja saya secara konsisten;",
    "Akan menyampaikan informasi penyimpangan integritas di {unit} serta turut menjaga "
    "kerahasiaan saksi atas pelanggaran peraturan yang dilaporkannya;",
    "Bila saya melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya.",
)


@dataclass(frozen=True)
class PactText:
    name: str
    nip: str
    position: str
    unit: str
    year: int

    @property
    def title(self) -> str:
        return TITLE

    @property
    def opening(self) -> str:
        return (
            "Dalam rangka pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) "
            "dan Wilayah Birokrasi Bersih dan Melayani (WBBM) di lingkungan "
            f"{MINISTRY} tahun {self.year}, dengan ini saya menyatakan bahwa saya:"
        )

    @property
    def identity(self) -> list[tuple[str, str]]:
        return [
            ("Nama", self.name),
            ("NIP", self.nip),
            ("Jabatan", self.position or "-"),
            ("Unit kerja", self.unit),
        ]

    @property
    def promises(self) -> list[str]:
        return [promise.format(unit=self.unit) for promise in PROMISES]

    def as_text(self) -> str:
        """The whole pact as plain text: what is stored and hashed with a signature."""
        lines = [TITLE, "", "Saya yang bertanda tangan di bawah ini:"]
        lines += [f"{label}: {value}" for label, value in self.identity]
        lines += ["", self.opening]
        lines += [f"{n}. {promise}" for n, promise in enumerate(self.promises, start=1)]
        return "\n".join(lines)

    def sha256(self) -> str:
        return hashlib.sha256(self.as_text().encode("utf-8")).hexdigest()


def pact_for(employee: Employee) -> PactText:
    """The pact of one employee (name, NIP, position, unit and year from its row)."""
    return PactText(
        name=employee.name,
        nip=employee.nip,
        position=employee.position,
        unit=employee.unit.name,
        year=employee.assessment_year.year,
    )
