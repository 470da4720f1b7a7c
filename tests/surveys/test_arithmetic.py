"""IKM, NRR, grade, index and sample size against hand-computed cases (no database)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zona.instruments.spec import load_instrument
from zona.surveys.arithmetic import (
    Tally,
    component_points,
    is_straight_line,
    krejcie_morgan,
    rounded,
    survey_result,
    tally_rows,
)
from zona.surveys.spec import load_questionnaire

IKM = load_questionnaire("ikm")
SPAK = load_questionnaire("spak")

# Three respondents; the second left U4 (biaya) unanswered.
ROWS: list[list[int | None]] = [
    [4, 3, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 4, None, 3, 4, 4, 3, 2],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
]


def test_nrr_ikm_and_grade_of_a_hand_computed_case() -> None:
    respondents, tallies = tally_rows(IKM, ROWS)
    assert respondents == 3
    assert tallies["U4"] == Tally(2, 8)  # the unanswered U4 is left out of its own NRR
    result = survey_result(IKM, tallies, respondents)
    assert result.nrr == {
        "U1": Fraction(11, 3),
        "U2": Fraction(10, 3),
        "U3": Fraction(11, 3),
        "U4": Fraction(4),
        "U5": Fraction(10, 3),
        "U6": Fraction(11, 3),
        "U7": Fraction(4),
        "U8": Fraction(10, 3),
        "U9": Fraction(3),
    }
    # Σ NRR = 32, mean = 32/9, IKM = 800/9 = 88.888…
    assert result.index == Fraction(32, 9)
    assert result.ikm == Fraction(800, 9)
    assert rounded(result.ikm, 2) == Decimal("88.89")
    assert result.grade is not None and (result.grade.grade, result.grade.label) == (
        "A",
        "Sangat Baik",
    )


def test_exact_weights_not_a_rounded_0_111() -> None:
    # Every answer 4: exactly 100. With the rounded weight 0.111 it would be 99.9.
    result = survey_result(IKM, {code: Tally(10, 40) for code in IKM.element_codes}, 10)
    assert result.ikm == 100
    assert Decimal("4") * Decimal("0.111") * 9 * 25 != 100


def test_an_element_nobody_answered_is_left_out_of_the_mean() -> None:
    tallies = {code: Tally(4, 12) for code in IKM.element_codes}  # every NRR 3
    tallies["U4"] = Tally(0, 0)
    result = survey_result(IKM, tallies, 4)
    assert result.nrr["U4"] is None
    assert result.index == 3 and result.ikm == 75
    assert result.grade is not None and result.grade.grade == "C"


def test_no_answer_at_all_has_no_index() -> None:
    result = survey_result(IKM, {}, 0)
    assert result.index is None and result.ikm is None and result.grade is None


@pytest.mark.parametrize(
    ("count", "total", "grade"),
    [
        (2500, 8831, "A"),  # NRR 3.5324 → IKM 88.31 exactly: A starts here
        (5000, 17661, "A"),  # IKM 88.305 → shown 88.31 (half up) → A
        (125000, 441524, "B"),  # IKM 88.3048 → shown 88.30 → B
        (1000, 3064, "C"),  # NRR 3.064 → IKM 76.60, the top of C
        (10000, 30644, "B"),  # IKM 76.61 → B
        (100, 260, "C"),  # IKM 65.00 → C
        (10000, 25996, "D"),  # IKM 64.99 → D
        (1, 1, "D"),  # IKM 25 → D
    ],
)
def test_grade_intervals_of_permenpanrb_14_2017(count: int, total: int, grade: str) -> None:
    tallies = {code: Tally(count, total) for code in IKM.element_codes}
    result = survey_result(IKM, tallies, count)
    assert result.grade is not None and result.grade.grade == grade


def test_the_index_of_a_perception_survey_is_the_mean_of_its_elements() -> None:
    tallies = {
        "AK1": Tally(4, 16),
        "AK2": Tally(4, 14),
        "AK3": Tally(3, 12),
        "AK4": Tally(4, 15),
        "AK5": Tally(2, 7),
    }
    result = survey_result(SPAK, tallies, 4)
    # (4 + 3.5 + 4 + 3.75 + 3.5) / 5 = 18.75 / 5 = 3.75
    assert result.index == Fraction(15, 4)
    assert result.grade is None  # grades belong to the IKM


def test_impossible_tallies_are_refused() -> None:
    with pytest.raises(ValueError, match="impossible"):
        survey_result(IKM, {"U1": Tally(2, 9)}, 2)  # more than 4 per answer


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (0, 0),
        (1, 1),
        (10, 10),
        (50, 44),
        (100, 80),
        (150, 108),
        (200, 132),
        (300, 169),
        (500, 217),
        (1000, 278),
        (2000, 322),
        (5000, 357),
        (10000, 370),
        (100000, 383),
        (1000000, 384),
    ],
)
def test_krejcie_morgan_matches_the_published_table(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_refuses_a_negative_population() -> None:
    with pytest.raises(ValueError):
        krejcie_morgan(-1)


@pytest.mark.parametrize(
    ("feeds", "index", "points"),
    [
        ("anti_corruption_survey", Fraction(18, 5), Decimal("13.5")),  # 3.60 → 13.5 of 15
        ("service_survey", Fraction(16, 5), Decimal(16)),  # 3.20 → 16 of 20
        ("service_survey", Fraction(18, 5), Decimal(18)),  # 3.60 → 18 of 20
        ("service_survey", Fraction(4), Decimal(20)),
        ("service_survey", Fraction(1), Decimal(5)),  # a 1 is a quarter of the weight
    ],
)
def test_conversion_into_components_by_the_scoring_engine(
    feeds: str, index: Fraction, points: Decimal
) -> None:
    assert component_points(load_instrument("permenkumham-29-2019"), feeds, index) == points


def test_conversion_of_a_repeating_index_is_exact_to_many_places() -> None:
    points = component_points(
        load_instrument("permenkumham-29-2019"), "service_survey", Fraction(32, 9)
    )
    assert abs(points - Decimal(160) / Decimal(9)) < Decimal("1e-25")  # 17.777…
    assert rounded(points, 2) == Decimal("17.78")


def test_straight_lining() -> None:
    assert is_straight_line([4, 4, 4, 4, 4, 4, 4, None, 4], 7)
    assert not is_straight_line([4, 4, 4, 4, 4, 4, 3, 4, 4], 7)
    assert not is_straight_line([4, 4, 4, None, None, None, None, None, None], 7)  # too few


answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))


@given(st.lists(st.lists(answer, min_size=9, max_size=9), min_size=1, max_size=40))
def test_ikm_is_the_mean_nrr_times_25_and_stays_in_range(rows: list[list[int | None]]) -> None:
    respondents, tallies = tally_rows(IKM, rows)
    result = survey_result(IKM, tallies, respondents)
    answered = [
        Fraction(sum(v for v in column if v is not None), sum(v is not None for v in column))
        for column in zip(*rows, strict=True)
        if any(v is not None for v in column)
    ]
    if not answered:
        assert result.ikm is None
        return
    assert result.ikm == sum(answered, Fraction(0)) / len(answered) * 25
    assert 25 <= result.ikm <= 100
    # the weighted form of the regulation (NRR × 1/9, summed, × 25) is the same number
    if len(answered) == 9:
        assert result.ikm == sum((nrr * Fraction(1, 9) for nrr in answered), Fraction(0)) * 25
