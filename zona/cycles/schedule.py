"""The time schedule of Bab II A.3 as data: the 15 stages and their default windows.

An assessment year Y is the year whose December grants the predicates (stage 15). Its
surveys run in October–November and their scores come in December of the year before
(stages 1–2), as the schedule lists them before January's teams and pencanangan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StageTemplate:
    number: int
    key: str
    name: str  # as the regulation words it
    responsible: str
    # (year offset, month, day) of the first and last day of the window
    starts: tuple[int, int, int]
    ends: tuple[int, int, int]

    def window(self, year: int) -> tuple[date, date]:
        start = date(year + self.starts[0], self.starts[1], self.starts[2])
        end = date(year + self.ends[0], self.ends[1], self.ends[2])
        return start, end


PREV, SAME = -1, 0

STAGES: tuple[StageTemplate, ...] = (
    StageTemplate(
        1,
        "survei",
        "Survei berbasis elektronik secara mandiri (QR code)",
        "Balitbangkumham; seluruh satker",
        (PREV, 10, 1),
        (PREV, 11, 30),
    ),
    StageTemplate(
        2,
        "hasil_survei",
        "Hasil survei sebagai skor; calon satker ke Unit Eselon I",
        "Balitbangkumham",
        (PREV, 12, 1),
        (PREV, 12, 31),
    ),
    StageTemplate(
        3,
        "tim_kerja",
        "Pembentukan tim kerja dan Tim Penilai Unit Eselon I",
        "Kepala satker",
        (SAME, 1, 1),
        (SAME, 1, 31),
    ),
    StageTemplate(
        4,
        "tpi",
        "Pembentukan dan penetapan Tim Penilai Internal (TPI)",
        "Itjen dan Balitbangkumham",
        (SAME, 1, 1),
        (SAME, 1, 31),
    ),
    StageTemplate(
        5,
        "pencanangan",
        "Pencanangan pembangunan Zona Integritas",
        "Menteri; kepala satker",
        (SAME, 1, 1),
        (SAME, 1, 31),
    ),
    StageTemplate(
        6,
        "pengisian_lke",
        "Pelaksanaan enam area perubahan; unggah data dukung",
        "Kepala satker",
        (SAME, 1, 1),
        (SAME, 3, 31),
    ),
    StageTemplate(
        7,
        "verifikasi",
        "Verifikasi data dukung melalui aplikasi e-RB",
        "TPI (Itjen), Biro Perencanaan, Unit Eselon I",
        (SAME, 1, 1),
        (SAME, 3, 31),
    ),
    StageTemplate(
        8,
        "penguatan",
        "Penguatan dan pembinaan",
        "Tim kerja Unit Eselon I dan Kanwil; staf ahli",
        (SAME, 1, 1),
        (SAME, 12, 31),
    ),
    # "paling lambat minggu ke-2 Maret": at the latest by the end of March's second week (the
    # 14th); the Unit Eselon I may hand its candidates over as soon as it has verified them.
    StageTemplate(
        9,
        "usulan_ke_tpi",
        "Penyerahan hasil penilaian pendahuluan ke TPI",
        "Unit Eselon I",
        (SAME, 1, 1),
        (SAME, 3, 14),
    ),
    StageTemplate(
        10,
        "penilaian_tpi",
        "Penilaian calon satker WBK/WBBM oleh TPI",
        "TPI (Itjen dan Balitbangkumham)",
        (SAME, 3, 15),
        (SAME, 5, 31),
    ),
    StageTemplate(
        11,
        "penetapan_calon",
        "Penetapan calon satker WBK/WBBM (keputusan Menteri)",
        "TPI; Menteri",
        (SAME, 5, 1),
        (SAME, 5, 31),
    ),
    StageTemplate(
        12,
        "pmpzi",
        "Pengajuan formal dan pengisian LKE TPI melalui PMPZI",
        "TPI",
        (SAME, 5, 1),
        (SAME, 5, 31),
    ),
    StageTemplate(
        13,
        "kelengkapan_tpn",
        "Pemenuhan kriteria dan kelengkapan formal",
        "KemenPAN-RB (TPN)",
        (SAME, 6, 1),
        (SAME, 11, 30),
    ),
    StageTemplate(
        14, "reviu_tpn", "Reviu satker", "KemenPAN-RB (TPN)", (SAME, 6, 1), (SAME, 11, 30)
    ),
    StageTemplate(
        15,
        "penetapan_predikat",
        "Penetapan unit kerja berpredikat Menuju WBK/WBBM",
        "KemenPAN-RB (TPN)",
        (SAME, 12, 1),
        (SAME, 12, 31),
    ),
)

STAGE_BY_KEY = {stage.key: stage for stage in STAGES}
