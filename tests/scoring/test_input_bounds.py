"""The edges of the inputs: an area at zero and at its full weight, every problem of the answers
at once, and `result_plan` (one result input turned into points)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import WBK_EXACT_RESULTS, area_unit, kumham, panrb
from zona.scoring import ScoringInputError, UnitInput, result_plan, score_leverage, score_unit
from zona.scoring.plan import AnswerProblem

D = Decimal


def problems_of(unit: UnitInput) -> list[str]:
    with pytest.raises(ScoringInputError) as caught:
        score_unit(kumham(), unit)
    return [problem.text() for problem in caught.value.problems]


def test_an_area_may_be_given_zero_or_its_full_weight() -> None:
    unit = area_unit({"manajemen_perubahan": D(8), "penataan_tatalaksana": D(0)})
    leverage = score_unit(kumham(), unit).leverage
    full, empty = leverage.area("manajemen_perubahan"), leverage.area("penataan_tatalaksana")
    assert (full.value, full.percent, empty.value, empty.percent) == (8, 100, 0, 0)
    assert full.indicators == () and full.component == "pengungkit"
    assert leverage.total == D("40") - D("6.1") + 8 - D("4.2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("-0.0001"), "areas.manajemen_perubahan: harus antara 0 dan 8"),
        (D("8.0001"), "areas.manajemen_perubahan: harus antara 0 dan 8"),
        ("8", "areas.manajemen_perubahan: harus berupa angka"),
    ],
)
def test_an_area_outside_zero_and_its_weight_is_refused(value: object, expected: str) -> None:
    assert problems_of(area_unit({"manajemen_perubahan": value})) == [expected]  # type: ignore[dict-item]


def test_every_problem_of_the_answers_and_results_is_reported_at_once() -> None:
    answers = {"XX.9": "Ya", "MP.1.a": "Mungkin", "MP.1.b": "B", "MP.2.a": "Tidak", "MP.2.b": 1}
    results = {**WBK_EXACT_RESULTS, "service_survey": D(5), "colour": D(1)}
    assert problems_of(UnitInput(results=results, answers=answers)) == [  # type: ignore[arg-type]
        "answers.XX.9: kode pertanyaan tidak dikenal",
        'answers.MP.1.a: "Mungkin" bukan pilihan yang sah (pilihan: Ya, Tidak)',
        "answers.MP.2.b: 1 bukan pilihan yang sah (pilihan: A, B, C)",
        "colour: kunci tidak dikenal",
        "service_survey: harus antara 1 dan 4",
    ]


def test_every_problem_of_the_area_values_is_reported_at_once() -> None:
    areas = {"manajemen_perubahan": D(9), "penataan_tatalaksana": D(-1), "x": D(1)}
    assert problems_of(UnitInput(results=WBK_EXACT_RESULTS, area_values=areas)) == [
        "areas.x: kunci tidak dikenal",
        "areas.manajemen_perubahan: harus antara 0 dan 8",
        "areas.penataan_tatalaksana: harus antara 0 dan 7",
        "areas.penataan_sistem_manajemen_sdm: wajib diisi",
        "areas.penguatan_akuntabilitas_kinerja: wajib diisi",
        "areas.penguatan_pengawasan: wajib diisi",
        "areas.peningkatan_kualitas_pelayanan_publik: wajib diisi",
    ]


def test_good_answers_after_a_bad_one_still_count() -> None:
    answers = {"MP.1.a": "Ya", "MP.1.b": "Mungkin", "MP.2.a": "Ya"}
    with pytest.raises(ScoringInputError):
        score_leverage(kumham(), answers=answers)
    valid = score_leverage(kumham(), answers={"MP.1.a": "Ya", "MP.2.a": "Ya"})
    assert valid.area("manajemen_perubahan").value == D("0.5") + D(2) / 3


@pytest.mark.parametrize(
    ("instrument", "input_name", "answer", "points"),
    [
        ("kumham", "service_survey", D("3.2"), D(16)),  # 3.2 ÷ 4 × 20
        ("kumham", "anti_corruption_survey", D(1), D("3.75")),  # the lowest index: a quarter
        ("kumham", "tlhp_percent", D(0), D(0)),
        ("kumham", "tlhp_percent", D(100), D(5)),
        ("panrb", "performance_improvement", "C", D("2.5")),
        ("panrb", "performance_improvement", " a ", D(5)),
    ],
)
def test_result_plan_turns_one_input_into_points(
    instrument: str, input_name: str, answer: object, points: Decimal
) -> None:
    spec = kumham() if instrument == "kumham" else panrb()
    plan = result_plan(spec, input_name)
    assert plan is not None and plan.input == input_name
    assert plan.value_of(answer) == points  # type: ignore[arg-type]


def test_result_plan_knows_only_the_instruments_inputs() -> None:
    assert result_plan(kumham(), "performance_improvement") is None
    assert result_plan(kumham(), "service_quality") is None  # a component key, not an input


@pytest.mark.parametrize(
    ("input_name", "answer", "key", "params"),
    [
        ("service_survey", D("0.99"), "out_of_range", {"low": D(1), "high": D(4)}),
        ("service_survey", D("4.01"), "out_of_range", {"low": D(1), "high": D(4)}),
        ("tlhp_percent", D("100.01"), "out_of_range", {"low": D(0), "high": D(100)}),
        ("tlhp_percent", D("-0.01"), "out_of_range", {"low": D(0), "high": D(100)}),
        ("tlhp_percent", "100", "not_number", {}),
        ("tlhp_percent", True, "not_number", {}),
        ("tlhp_percent", D("NaN"), "not_number", {}),
    ],
)
def test_result_plan_refuses_an_input_outside_its_range(
    input_name: str, answer: object, key: str, params: dict[str, object]
) -> None:
    plan = result_plan(kumham(), input_name)
    assert plan is not None
    with pytest.raises(AnswerProblem) as caught:
        plan.value_of(answer)  # type: ignore[arg-type]
    assert (caught.value.key, caught.value.params) == (key, params)


def test_result_plan_refuses_an_unknown_grade() -> None:
    plan = result_plan(panrb(), "performance_improvement")
    assert plan is not None
    with pytest.raises(AnswerProblem) as caught:
        plan.value_of("F")
    assert (caught.value.key, caught.value.params) == (
        "not_option",
        {"value": '"F"', "options": "A, B, C, D, E"},
    )
