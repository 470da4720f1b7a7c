"""From LKE answers to indicator, area and leverage values; input problems; the gap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import (
    GOOD_STANDING,
    WBK_EXACT_RESULTS,
    all_best,
    area_unit,
    kumham,
    panrb,
    worst_label,
)
from zona.scoring import (
    Answer,
    ScoringInputError,
    UnitInput,
    assess_unit,
    score_leverage,
    score_unit,
)

D = Decimal


def test_best_answers_give_the_full_weights() -> None:
    leverage = score_leverage(kumham(), answers=all_best(kumham()))
    assert leverage.total == 60
    assert [area.percent for area in leverage.areas] == [100] * 6


def test_indicator_is_weight_times_mean_and_unanswered_counts_zero() -> None:
    # MP.2 (weight 2, three items): Ya, C and unanswered → 2 × (1 + 0 + 0) ÷ 3
    leverage = score_leverage(kumham(), answers={"MP.2.a": "Ya", "MP.2.b": "C"})
    mp = leverage.area("manajemen_perubahan")
    assert mp.indicators[1].code == "MP.2"
    assert mp.indicators[1].value == D(2) / 3
    assert (mp.indicators[1].answered, mp.indicators[1].questions) == (2, 3)
    assert mp.value == D(2) / 3
    assert leverage.total == mp.value


def test_pn_serang_check_rencana_pembangunan_zi() -> None:
    # the PN Serang LKE page (2022): "Rencana Pembangunan ZI 1.00 → 0.67" with Ya, C and a third A
    leverage = score_leverage(panrb(), answers={"PPA2A": "Ya", "PPA2B": "C", "PPA2C": "A"})
    value = leverage.area("pemenuhan_manajemen_perubahan").indicators[1].value
    assert round(value, 4) == D("0.6667")


def test_thirds_add_up_exactly_to_a_threshold() -> None:
    # MP.3 (weight 2, 3 items) and MP.2 (weight 2, 3 items) each at 1/3 and 2/3: 2/3 + 4/3 = 2
    answers = {"MP.2.a": "Ya", "MP.3.a": "A", "MP.3.b": "A"}
    assert score_leverage(kumham(), answers=answers).area("manajemen_perubahan").value == 2


def test_abcd_uses_the_official_rounded_constants() -> None:
    leverage = score_leverage(kumham(), answers={"SDM.5.a": "B"})  # weight 1.5, one item
    assert leverage.area("penataan_sistem_manajemen_sdm").value == D("1.5") * D("0.67")


def test_labels_match_without_regard_to_case_and_spaces() -> None:
    exact = score_leverage(kumham(), answers={"MP.1.a": "Ya", "MP.1.b": "B"})
    loose = score_leverage(kumham(), answers={"MP.1.a": " ya ", "MP.1.b": "b"})
    assert exact == loose


def test_a_ratio_is_capped_at_one() -> None:
    capped = score_leverage(panrb(), answers={"PRA1A": D("2.5")})
    full = score_leverage(panrb(), answers={"PRA1A": D(1)})
    assert capped.total == full.total == D(1)  # PRA1 weight 2, two items: 2 × 1 ÷ 2


def test_permenpanrb_90_2021_sums_pemenuhan_and_reform() -> None:
    results: dict[str, Answer] = {
        "anti_corruption_survey": D("3.6"),
        "performance_improvement": "C",
        "service_survey": D("3.2"),
    }
    score = score_unit(panrb(), UnitInput(results=results, answers=all_best(panrb())))
    assert score.leverage.components == {"pemenuhan": 30, "reform": 30}
    assert score.result.components == {
        "anti_corruption": D("15.75"), "performance_improvement": D("2.5"),
        "service_quality": D("14"),
    }  # fmt: skip
    assert score.total == 60 + D("32.25")
    assessment = assess_unit(panrb(), UnitInput(results=results, answers=all_best(panrb())),
                             "WBK", GOOD_STANDING)  # fmt: skip
    assert assessment.eligible  # exactly at the 90/2021 minima 15.75 / 2.5 / 18.25 / 14


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        pytest.param(
            UnitInput(results=WBK_EXACT_RESULTS, answers={"XX.9": "Ya"}),
            ["answers.XX.9: kode pertanyaan tidak dikenal"],
            id="unknown question",
        ),
        pytest.param(
            UnitInput(results=WBK_EXACT_RESULTS, answers={"MP.1.a": "A"}),
            ['answers.MP.1.a: "A" bukan pilihan yang sah (pilihan: Ya, Tidak)'],
            id="answer not among the options",
        ),
        pytest.param(
            UnitInput(results={**WBK_EXACT_RESULTS, "service_survey": D("4.5")}, answers={}),
            ["service_survey: harus antara 1 dan 4"],
            id="survey index out of range",
        ),
        pytest.param(
            UnitInput(results={"tlhp_percent": 100, "service_survey": 3}, answers={}),
            ["anti_corruption_survey: wajib diisi"],
            id="missing result input",
        ),
        pytest.param(
            UnitInput(results=WBK_EXACT_RESULTS),
            ["isi tepat salah satu dari 'areas' atau 'answers'"],
            id="neither answers nor areas",
        ),
        pytest.param(
            area_unit({"penataan_tatalaksana": D("7.5")}),
            ["areas.penataan_tatalaksana: harus antara 0 dan 7"],
            id="area value above its weight",
        ),
        pytest.param(
            UnitInput(results={**WBK_EXACT_RESULTS, "tlhp_percent": 100.0}, answers={}),  # type: ignore[dict-item]
            ["tlhp_percent: harus berupa angka"],
            id="a float is refused: use Decimal",
        ),
    ],
)
def test_input_problems_are_listed(unit: UnitInput, expected: list[str]) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score_unit(kumham(), unit)
    assert [problem.text() for problem in caught.value.problems] == expected


def test_the_gap_ranks_items_by_the_points_they_would_add() -> None:
    answers = {code: label for code, label in all_best(kumham()).items()}
    answers["SDM.4.a"] = "D"  # SDM.4: weight 4, 4 items → raising it to A adds 1 point
    answers["MP.1.b"] = "B"  # MP.1: weight 1, 2 items → from 0.5 to 1 adds 0.25
    del answers["TL.2.a"]  # TL.2: weight 4, 4 items, unanswered → adds 1
    answers["PW.1.a"] = "C"  # PW.1: weight 3, 2 items → adds 1.5
    unit = UnitInput(results={**WBK_EXACT_RESULTS, "service_survey": D("2")}, answers=answers)
    assessment = assess_unit(kumham(), unit, "WBBM", GOOD_STANDING)
    failing = [shortfall.criterion.code for shortfall in assessment.gap.failing]
    assert "previous_predicate" in failing and "service_quality" in failing
    assert "total" in failing
    items = [(item.question, item.answer, item.points) for item in assessment.gap.items]
    assert items == [
        ("PW.1.a", "C", D("1.5")),
        ("TL.2.a", None, D(1)),  # unanswered, before SDM.4.a by instrument order
        ("SDM.4.a", "D", D(1)),
        ("MP.1.b", "B", D("0.25")),
    ]


def test_the_gap_lists_only_the_failing_areas_when_the_totals_pass() -> None:
    answers = all_best(kumham())
    for code in ("TL.1.a", "TL.1.b", "TL.1.c", "TL.2.a", "TL.2.b"):
        answers[code] = worst_label(kumham().question(code))
    unit = UnitInput(results=WBK_EXACT_RESULTS, answers=answers)
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    assert [s.criterion.code for s in assessment.gap.failing] == ["area.penataan_tatalaksana"]
    assert {item.area for item in assessment.gap.items} == {"penataan_tatalaksana"}
    shortfall = assessment.gap.failing[0].points
    assert shortfall == D("4.2") - assessment.score.leverage.area("penataan_tatalaksana").value


def test_the_gap_with_area_values_names_the_areas() -> None:
    unit = area_unit({"penataan_tatalaksana": D(4)})
    assessment = assess_unit(kumham(), unit, "WBK", GOOD_STANDING)
    assert [(i.area, i.points) for i in assessment.gap.items][:2] == [
        ("penguatan_pengawasan", D("5.3")),
        ("peningkatan_kualitas_pelayanan_publik", D(4)),
    ]
    assert all(item.question is None for item in assessment.gap.items)


def test_an_eligible_unit_has_no_gap() -> None:
    assessment = assess_unit(kumham(), area_unit(), "WBK", GOOD_STANDING)
    assert assessment.gap.failing == () and assessment.gap.items == ()
