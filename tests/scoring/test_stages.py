"""Both stages report every condition beyond the score (Bab III A.3.a, A.3.b.4, A.3.d), as met,
not met or not yet known; only a unit meeting all of them is eligible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import GOOD_STANDING, area_unit, kumham
from tests.scoring.test_regulation_cases import by_code, wbbm_unit
from zona.scoring import (
    NOT_GIVEN,
    PENETAPAN,
    PRA_REVIU,
    ScoringInputError,
    UnitStanding,
    assess_unit,
    evaluate,
    score_unit,
)

WBBM_MINISTRY = {"bpk_opinion": "WTP", "akip": "B"}
NOT_DUE = (
    "Kepatuhan LHKPN/LHKASN belum diketahui: belum dipersyaratkan pada pra reviu, "
    "wajib 100 % pada penetapan."
)
WITHOUT_WBK = "Predikat Menuju WBBM hanya untuk unit yang telah memperoleh predikat Menuju WBK."
WBK_NOT_KNOWN = (
    "Predikat Menuju WBBM hanya untuk unit yang telah memperoleh predikat Menuju WBK; "
    "predikat yang dimiliki unit belum diketahui: data tidak diberikan."
)


def test_a_wbbm_pre_review_of_a_unit_without_wbk_is_not_eligible() -> None:
    standing = UnitStanding(True, None, WBBM_MINISTRY)
    assessment = assess_unit(kumham(), wbbm_unit(), "WBBM", standing, stage=PRA_REVIU)
    previous = by_code(assessment.criteria)["previous_predicate"]
    assert (previous.passed, previous.actual, previous.required) == (False, None, "WBK")
    assert previous.message == WITHOUT_WBK
    assert assessment.meets_scores is True
    assert assessment.eligible is False
    assert [shortfall.criterion.code for shortfall in assessment.gap.failing] == [
        "previous_predicate"
    ]


def test_a_wbbm_pre_review_of_a_unit_holding_wbk_is_eligible() -> None:
    standing = UnitStanding(True, "WBK", WBBM_MINISTRY)
    assessment = assess_unit(kumham(), wbbm_unit(), "WBBM", standing, stage=PRA_REVIU)
    assert (assessment.meets_scores, assessment.eligible) == (True, True)


def test_a_pre_review_reports_the_conditions_not_yet_known() -> None:
    score = score_unit(kumham(), wbbm_unit())
    criteria = evaluate(kumham(), score, "WBBM", stage=PRA_REVIU)
    unknown = {c.code: c.message for c in criteria if c.passed is None}
    assert unknown == {
        "previous_predicate": WBK_NOT_KNOWN,
        "wealth_reports": NOT_DUE,
        "ministry.bpk_opinion": "Opini BPK atas laporan keuangan kementerian tidak dinilai: "
        "data tidak diberikan (minimal WTP).",
        "ministry.akip": "Nilai AKIP kementerian tidak dinilai: data tidak diberikan (minimal B).",
    }
    assessment = assess_unit(kumham(), wbbm_unit(), "WBBM", stage=PRA_REVIU)
    assert (assessment.meets_scores, assessment.eligible) == (True, False)


def test_the_wealth_reports_not_given_at_penetapan_are_not_assessed() -> None:
    score = score_unit(kumham(), area_unit())
    standing = UnitStanding(None, None, GOOD_STANDING.ministry)
    wealth = by_code(evaluate(kumham(), score, "WBK", standing, stage=PENETAPAN))["wealth_reports"]
    assert (wealth.passed, wealth.actual, wealth.required) == (None, None, True)
    assert wealth.message == "Kepatuhan LHKPN/LHKASN tidak dinilai: data tidak diberikan."


def test_wealth_reports_given_at_the_pre_review_count_as_given() -> None:
    score = score_unit(kumham(), area_unit())
    missing = UnitStanding(False, None, GOOD_STANDING.ministry)
    wealth = by_code(evaluate(kumham(), score, "WBK", missing, stage=PRA_REVIU))["wealth_reports"]
    assert (wealth.passed, wealth.actual) == (False, False)
    assert wealth.message == "Belum seluruh pegawai menyampaikan LHKPN/LHKASN (wajib 100 %)."


def test_both_stages_report_the_same_criteria_for_the_same_facts() -> None:
    score = score_unit(kumham(), wbbm_unit())
    for standing in (UnitStanding(True, "WBK", WBBM_MINISTRY), UnitStanding(False, None, None)):
        pre_review = evaluate(kumham(), score, "WBBM", standing, stage=PRA_REVIU)
        penetapan = evaluate(kumham(), score, "WBBM", standing, stage=PENETAPAN)
        assert pre_review == penetapan
        assert [c.code for c in penetapan][:4] == [
            "previous_predicate",
            "total",
            "leverage",
            "area.manajemen_perubahan",
        ]
        assert [c.code for c in penetapan][-3:] == [
            "wealth_reports",
            "ministry.bpk_opinion",
            "ministry.akip",
        ]


def test_the_predicate_held_not_given_is_not_known_and_a_stated_none_is_not_met() -> None:
    score = score_unit(kumham(), wbbm_unit())
    not_given = UnitStanding(True, NOT_GIVEN, WBBM_MINISTRY)
    none_held = UnitStanding(True, None, WBBM_MINISTRY)
    assert UnitStanding().previous_predicate is NOT_GIVEN
    unknown = by_code(evaluate(kumham(), score, "WBBM", not_given))["previous_predicate"]
    failed = by_code(evaluate(kumham(), score, "WBBM", none_held))["previous_predicate"]
    assert (unknown.passed, unknown.message) == (None, WBK_NOT_KNOWN)
    assert (failed.passed, failed.message) == (False, WITHOUT_WBK)


def test_a_unit_below_a_score_minimum_does_not_meet_the_scores() -> None:
    unit = area_unit(service_survey=Decimal("3.20"))
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING, stage=PRA_REVIU)
    assert (assessment.meets_scores, assessment.eligible) == (False, False)


def test_not_given_reads_as_its_name() -> None:
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert repr(UnitStanding()) == (
        "UnitStanding(wealth_reports_complete=None, previous_predicate=NOT_GIVEN, ministry=None)"
    )


def test_facts_that_name_nothing_known_are_refused() -> None:
    score = score_unit(kumham(), area_unit())
    standing = UnitStanding(True, "ZI", {"bpk_opinion": "X", "y": "A"})
    with pytest.raises(ScoringInputError) as caught:
        evaluate(kumham(), score, "WBK", standing)
    assert [problem.text() for problem in caught.value.problems] == [
        "previous_predicate: harus salah satu dari: WBK, WBBM",
        "ministry.bpk_opinion: harus salah satu dari: WTP, WDP, TW, TMP",
        "ministry.y: kunci tidak dikenal",
    ]
