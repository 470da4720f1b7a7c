"""Every kind of criterion in English (`lang="en"`), so that no message falls back to Indonesian."""

from __future__ import annotations

from decimal import Decimal

from tests.scoring.builders import kumham
from tests.scoring.test_criterion_messages import failing_unit_messages
from tests.scoring.test_kawasan_criteria import MEMBER_MET
from tests.scoring.test_regulation_cases import wbbm_unit
from zona.scoring import (
    PRA_REVIU,
    Criterion,
    UnitStanding,
    evaluate,
    evaluate_kawasan,
    evaluate_prescreen,
    score_result,
    score_unit,
)

D = Decimal


def test_the_minimums_not_met() -> None:
    assert failing_unit_messages("en") == {
        "total": "Total score (leverage + result) 73.03 is below the minimum 75.00 "
        "(short by 1.98).",
        "leverage": "Leverage (pengungkit) score 39.90 is below the minimum 40.00 (short by 0.10).",
        "area.penataan_tatalaksana": "Area Penataan Tatalaksana: 58.57 % of its weight 7 "
        "(value 4.10), below the minimum 60.00 % (needs a value of 4.20).",
        "clean_government": "Terwujudnya Pemerintahan yang Bersih dan Bebas KKN 17.63 is below "
        "the minimum 18.50 (short by 0.88).",
        "anti_corruption": "Survei Persepsi Anti Korupsi 13.13 (survey index 3.50, minimum 3.60) "
        "is below the minimum 13.50 (short by 0.38).",
        "tlhp": "Persentase penyelesaian TLHP 4.50 (90.00 %, minimum 100.00 %) is below the "
        "minimum 5.00 (short by 0.50).",
        "service_quality": "Terwujudnya Peningkatan Kualitas Pelayanan Publik kepada Masyarakat "
        "15.50 (survey index 3.10, minimum 3.20) is below the minimum 16.00 (short by 0.50).",
        "wealth_reports": "Not every employee has filed LHKPN/LHKASN (100 % required).",
        "ministry.bpk_opinion": "Ministry Opini BPK atas laporan keuangan TW is below the "
        "minimum WDP.",
        "ministry.akip": "Ministry Nilai AKIP C is below the minimum B.",
    }


def test_the_criteria_met() -> None:
    standing = UnitStanding(True, "WBK", {"bpk_opinion": "WTP", "akip": "B"})
    criteria = evaluate(kumham(), score_unit(kumham(), wbbm_unit()), "WBBM", standing, lang="en")
    messages = {c.code: c.message for c in criteria}
    assert {code: messages[code] for code in (
        "previous_predicate", "total", "leverage", "area.penataan_tatalaksana", "anti_corruption",
        "tlhp", "wealth_reports", "ministry.akip",
    )} == {
        "previous_predicate": "The unit already holds the predicate Menuju WBK.",
        "total": "Total score (leverage + result) 85.00 meets the minimum 85.00.",
        "leverage": "Leverage (pengungkit) score 48.00 meets the minimum 48.00.",
        "area.penataan_tatalaksana": "Area Penataan Tatalaksana: 75.00 % of its weight 7 "
        "(value 5.25), meets the minimum 75.00 %.",
        "anti_corruption": "Survei Persepsi Anti Korupsi 13.50 (survey index 3.60, minimum "
        "3.60) meets the minimum 13.50.",
        "tlhp": "Persentase penyelesaian TLHP 5.00 (100.00 %, minimum 100.00 %) meets the "
        "minimum 5.00.",
        "wealth_reports": "Every employee obliged to file LHKPN has filed it and every other "
        "employee has filed LHKASN.",
        "ministry.akip": "Ministry Nilai AKIP B meets the minimum B.",
    }  # fmt: skip


def test_the_conditions_not_known_or_not_met() -> None:
    score = score_unit(kumham(), wbbm_unit())
    pre_review = evaluate(kumham(), score, "WBBM", stage=PRA_REVIU, lang="en")
    stated = evaluate(kumham(), score, "WBBM", UnitStanding(None, None, None), lang="en")
    assert {c.code: c.message for c in pre_review if c.passed is None} == {
        "previous_predicate": "The predicate Menuju WBBM is only for units that already hold "
        "Menuju WBK; the predicate the unit holds is not known: no data given.",
        "wealth_reports": "LHKPN/LHKASN compliance not known yet: not required at the "
        "pre-review, 100 % required at the penetapan.",
        "ministry.bpk_opinion": "Ministry Opini BPK atas laporan keuangan not assessed: no data "
        "given (minimum WTP).",
        "ministry.akip": "Ministry Nilai AKIP not assessed: no data given (minimum B).",
    }
    assert {c.code: c.message for c in stated[:1] + stated[-3:-2]} == {
        "previous_predicate": "The predicate Menuju WBBM is only for units that already hold "
        "Menuju WBK.",
        "wealth_reports": "LHKPN/LHKASN compliance not assessed: no data given.",
    }


def test_the_kawasan_criteria() -> None:
    failing = {"B": [Criterion("area.x", False, D(50), D(60), "")]}
    criteria = evaluate_kawasan(kumham(), "WBBM", failing, None, None, lang="en")
    assert [c.message for c in criteria] == [
        "The area predicate Menuju WBBM is only for areas that already hold Menuju WBK.",
        "Unit B does not yet meet the unit criteria for Menuju WBBM: area.x.",
        "The area's business-process integration score not assessed: no data given (minimum 7.50).",
    ]
    met = evaluate_kawasan(kumham(), "WBK", MEMBER_MET, D("6.5"), lang="en")[-1]
    assert met.message == (
        "The area's business-process integration score 6.50 meets the minimum 6.50."
    )


def test_the_prescreen() -> None:
    results = {"anti_corruption_survey": D("3.6"), "tlhp_percent": D(100),
               "service_survey": D("3.1")}  # fmt: skip
    criteria = evaluate_prescreen(kumham(), score_result(kumham(), results), lang="en")
    assert [c.message for c in criteria] == [
        "Terwujudnya Pemerintahan yang Bersih dan Bebas KKN 18.50 meets the minimum 18.50.",
        "Terwujudnya Peningkatan Kualitas Pelayanan Publik kepada Masyarakat 15.50 (survey index "
        "3.10, minimum 3.20) is below the minimum 16.00 (short by 0.50).",
    ]
