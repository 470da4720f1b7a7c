"""The small pieces every result is made of: a measure by name, numbers in words, an answer as
written, an input problem as a sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import WBK_EXACT_AREAS, WBK_EXACT_RESULTS, area_unit, kumham, panrb
from zona.scoring import (
    IndicatorScore,
    Problem,
    ScoringInputError,
    UnitInput,
    score_leverage,
    score_unit,
)
from zona.scoring.jsonio import read_request
from zona.scoring.messages import format_number, format_plain, message
from zona.scoring.plan import AnswerProblem, as_decimal, lookup, plan_for, shown

D = Decimal


def test_a_measure_is_found_by_its_name() -> None:
    score = score_unit(kumham(), area_unit())
    assert [score.measure(name) for name in (
        "total", "leverage", "pengungkit", "anti_corruption", "tlhp", "clean_government",
        "service_quality",
    )] == [D(75), D(40), D(40), D("13.5"), D(5), D("18.5"), D("16.5")]  # fmt: skip
    with pytest.raises(KeyError, match="^'area_percent'$"):
        score.measure("area_percent")


def test_a_problem_reads_as_a_sentence() -> None:
    assert Problem("", "areas_or_answers").text() == (
        "isi tepat salah satu dari 'areas' atau 'answers'"
    )
    problem = Problem("service_survey", "out_of_range", {"low": D(1), "high": D("4.0")})
    assert problem.text() == "service_survey: harus antara 1 dan 4"
    assert problem.text("en") == "service_survey: must be between 1 and 4"
    error = ScoringInputError([problem, Problem("x", "unknown_key")])
    assert str(error) == "service_survey: must be between 1 and 4; x: unknown key"
    assert error.problems == (problem, Problem("x", "unknown_key"))


@pytest.mark.parametrize(
    ("value", "indonesian", "english", "plain"),
    [
        (D("18.505"), "18,51", "18.51", "18,505"),
        (D("18.5049"), "18,50", "18.50", "18,5049"),
        (D("0.5"), "0,50", "0.50", "0,5"),
        (D(100), "100,00", "100.00", "100"),
        (D("-0.005"), "-0,01", "-0.01", "-0,005"),
    ],
)
def test_numbers_in_words(value: Decimal, indonesian: str, english: str, plain: str) -> None:
    assert (format_number(value), format_number(value, "en")) == (indonesian, english)
    assert (format_plain(value), format_plain(value, "en")) == (plain, plain.replace(",", "."))


def test_a_message_in_an_unknown_language_is_indonesian() -> None:
    assert message("measure.total", "fr") == "Nilai total (pengungkit + hasil)"
    assert message("problem.out_of_range", "en", plain=True, low=D("1.0"), high=4) == (
        "must be between 1 and 4"
    )
    assert message("problem.out_of_range", "id", low=D(1), high=4) == "harus antara 1,00 dan 4"


@pytest.mark.parametrize(
    ("answer", "text"),
    [("Mungkin", '"Mungkin"'), (True, "true"), (False, "false"), (None, "null"), (D("0.8"), "0.8"),
     (3, "3")],
)  # fmt: skip
def test_an_answer_is_shown_as_written_in_json(answer: object, text: str) -> None:
    assert shown(answer) == text


@pytest.mark.parametrize("answer", [True, 1.0, "1", D("NaN"), D("-Infinity"), None])
def test_only_an_int_or_a_finite_decimal_is_a_number(answer: object) -> None:
    with pytest.raises(AnswerProblem) as caught:
        as_decimal(answer)
    assert (caught.value.key, caught.value.params) == ("not_number", {})


def test_numbers_are_taken_as_they_are() -> None:
    assert (as_decimal(3), as_decimal(D("0.25"))) == (D(3), D("0.25"))


def test_an_option_label_matches_as_written_or_loosely() -> None:
    choices = {"Ya": D(1), "ya": D(1), "Tidak": D(0), "tidak": D(0)}
    assert [lookup(choices, label) for label in ("Tidak", " TIDAK ", "ya", "Mungkin", 1)] == [
        D(0), D(0), D(1), None, None,
    ]  # fmt: skip


def test_a_ratio_answer_is_capped_at_one_and_never_negative() -> None:
    question = plan_for(panrb()).questions["PRA1A"]
    assert [question.value_of(v) for v in (D(0), D("0.4"), D(1), D("1.5"))] == [
        D(0), D("0.4"), D(1), D(1),
    ]  # fmt: skip
    with pytest.raises(AnswerProblem) as caught:
        question.value_of(D("-0.01"))
    assert (caught.value.key, caught.value.params, str(caught.value)) == (
        "negative",
        {},
        "negative",
    )


def test_a_choice_answer_not_among_the_options() -> None:
    question = plan_for(kumham()).questions["MP.1.b"]
    assert question.value_of("b") == D("0.5")
    with pytest.raises(AnswerProblem) as caught:
        question.value_of("Z")
    assert (caught.value.key, caught.value.params) == (
        "not_option", {"value": '"Z"', "options": "A, B, C"},
    )  # fmt: skip


def test_an_indicator_keeps_its_code_name_weight_and_counts() -> None:
    leverage = score_leverage(kumham(), answers={"MP.1.a": "Ya", "MP.1.b": "B"})
    assert leverage.area("manajemen_perubahan").indicators[0] == IndicatorScore(
        code="MP.1", name="Penyusunan Tim Kerja", weight=D(1), value=D("0.75"), answered=2,
        questions=2,
    )  # fmt: skip
    assert score_unit(kumham(), area_unit()).instrument == "permenkumham-29-2019"


@pytest.mark.parametrize(
    "unit",
    [
        UnitInput(results=WBK_EXACT_RESULTS),
        UnitInput(results=WBK_EXACT_RESULTS, answers={}, area_values=WBK_EXACT_AREAS),
    ],
)
def test_exactly_one_of_answers_or_area_values(unit: UnitInput) -> None:
    with pytest.raises(ScoringInputError) as caught:
        score_unit(kumham(), unit)
    assert caught.value.problems == (Problem("", "areas_or_answers"),)


def test_a_request_that_is_not_an_object_or_gives_both() -> None:
    assert read_request([]) == (None, [Problem("", "not_object")])
    both = {"target": "WBK", "areas": {}, "answers": {}, "wealth_reports_complete": True,
            "anti_corruption_survey": 4, "tlhp_percent": 100, "service_survey": 4}  # fmt: skip
    request, problems = read_request(both)
    assert request is None and problems == [Problem("", "areas_or_answers")]


def test_the_lookup_table_of_a_question() -> None:
    step = plan_for(kumham()).questions["MP.1.b"]  # the second question; MP.1 weighs 1, 2 items
    assert (step.code, step.order, step.indicator, step.labels, step.best) == (
        "MP.1.b", 1, 0, "A, B, C", D(1),
    )  # fmt: skip
    assert step.points_per_value == D("0.5")
