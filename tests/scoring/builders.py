"""Small builders of scoring inputs for the tests (plain functions, no database)."""

from __future__ import annotations

from decimal import Decimal

from zona.instruments.spec import InstrumentSpec, QuestionSpec, load_instrument
from zona.scoring import UnitInput, UnitStanding

KUMHAM = "permenkumham-29-2019"
PANRB = "permenpanrb-90-2021"

# Exactly at every Menuju WBK threshold of Permenkumham 29/2019: leverage 40, total 75, areas
# 6.1 / 4.2 (60 % of 7) / 7 / 7 / 9.7 / 6 (60 % of 10), and 13.5 + 5 + 16.5 = 35.
WBK_EXACT_AREAS = {
    "manajemen_perubahan": Decimal("6.1"),
    "penataan_tatalaksana": Decimal("4.2"),
    "penataan_sistem_manajemen_sdm": Decimal("7"),
    "penguatan_akuntabilitas_kinerja": Decimal("7"),
    "penguatan_pengawasan": Decimal("9.7"),
    "peningkatan_kualitas_pelayanan_publik": Decimal("6"),
}
WBK_EXACT_RESULTS = {
    "anti_corruption_survey": Decimal("3.60"),
    "tlhp_percent": Decimal("100"),
    "service_survey": Decimal("3.30"),
}
GOOD_STANDING = UnitStanding(
    wealth_reports_complete=True, ministry={"bpk_opinion": "WTP", "akip": "BB"}
)


def kumham() -> InstrumentSpec:
    return load_instrument(KUMHAM)


def panrb() -> InstrumentSpec:
    return load_instrument(PANRB)


def area_unit(areas: dict[str, Decimal] | None = None, **results: Decimal) -> UnitInput:
    return UnitInput(
        results={**WBK_EXACT_RESULTS, **results},
        area_values={**WBK_EXACT_AREAS, **(areas or {})},
    )


def best_label(question: QuestionSpec) -> str | Decimal:
    if question.is_ratio:
        return Decimal(1)
    return max(question.options, key=lambda option: option.value).label


def worst_label(question: QuestionSpec) -> str | Decimal:
    if question.is_ratio:
        return Decimal(0)
    return min(question.options, key=lambda option: option.value).label


def all_best(instrument: InstrumentSpec) -> dict[str, str | Decimal]:
    return {question.code: best_label(question) for question in instrument.questions}
