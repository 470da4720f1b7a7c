"""The gap: how far each failing measure is from its minimum, and what to raise when only the
leverage falls short."""

from __future__ import annotations

from decimal import Decimal

from tests.scoring.builders import GOOD_STANDING, all_best, area_unit, kumham
from zona.scoring import (
    Criterion,
    ImprovementItem,
    Shortfall,
    UnitInput,
    UnitStanding,
    assess_unit,
    gap_to_predicate,
    score_unit,
)

D = Decimal
BEST_RESULTS = {"anti_corruption_survey": D(4), "tlhp_percent": D(100), "service_survey": D(4)}
# Every area at 60 % of its weight or more, the leverage 39.9: only the leverage minimum fails.
LEVERAGE_SHORT = {
    "manajemen_perubahan": D(8),  # its full weight: nothing to raise there
    "penataan_tatalaksana": D("4.2"),
    "penataan_sistem_manajemen_sdm": D(6),
    "penguatan_akuntabilitas_kinerja": D(6),
    "penguatan_pengawasan": D(9),
    "peningkatan_kualitas_pelayanan_publik": D("6.7"),
}


def test_the_shortfalls_of_the_total_and_the_leverage() -> None:
    unit = area_unit({"penataan_tatalaksana": D("4.1")}, service_survey=D("3.1"))
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    shortfalls = {s.criterion.code: s.points for s in assessment.gap.failing}
    assert shortfalls == {
        "total": D("75") - (D("39.9") + D("13.5") + D(5) + D("15.5")),  # 1.1
        "leverage": D("0.1"),
        "area.penataan_tatalaksana": D("0.1"),  # 4.2 needed
        "service_quality": D("0.5"),
    }


def test_when_only_the_leverage_fails_every_area_below_its_weight_is_listed() -> None:
    unit = area_unit(LEVERAGE_SHORT, **BEST_RESULTS)
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    assert assessment.score.leverage.total == D("39.9")
    assert [(s.criterion.code, s.points) for s in assessment.gap.failing] == [
        ("leverage", D("0.1"))
    ]
    assert [(item.area, item.value, item.points) for item in assessment.gap.items] == [
        ("penguatan_pengawasan", D(9), D(6)),
        ("penataan_sistem_manajemen_sdm", D(6), D(4)),  # ties keep the instrument's order
        ("penguatan_akuntabilitas_kinerja", D(6), D(4)),
        ("peningkatan_kualitas_pelayanan_publik", D("6.7"), D("3.3")),
        ("penataan_tatalaksana", D("4.2"), D("2.8")),
    ]
    assert all(
        (item.indicator, item.question, item.answer) == (None, None, None)
        for item in assessment.gap.items
    )


def test_a_failing_result_component_adds_no_item_to_raise() -> None:
    unit = area_unit(service_survey=D("3.1"), anti_corruption_survey=D(4))
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    assert [(s.criterion.code, s.points) for s in assessment.gap.failing] == [
        ("service_quality", D("0.5"))
    ]
    assert assessment.gap.items == ()


def test_a_measure_not_known_yet_has_no_shortfall() -> None:
    unit = area_unit()
    score = score_unit(kumham(), unit)
    unknown = Criterion("total", None, None, D(75), "")
    gap = gap_to_predicate(kumham(), unit, score, [unknown])
    assert gap.failing == (Shortfall(unknown, None),)
    assert gap.items == ()  # nothing is known to fail, so nothing to raise yet


def test_an_item_to_raise_names_its_area_indicator_question_and_answer() -> None:
    answers = {**all_best(kumham()), "PW.1.a": "C"}  # PW.1: weight 3, two items
    unit = UnitInput(results={**BEST_RESULTS, "service_survey": D(1)}, answers=answers)
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    assert [s.criterion.code for s in assessment.gap.failing] == ["service_quality"]
    wbbm = assess_unit(kumham(), unit, "WBBM", UnitStanding(True, "WBK", GOOD_STANDING.ministry))
    assert [s.criterion.code for s in wbbm.gap.failing] == ["total", "service_quality"]
    assert wbbm.gap.items == (
        ImprovementItem("penguatan_pengawasan", "PW.1", "PW.1.a", "C", D(0), D("1.5")),
    )
