"""The kawasan's integration score (Bab II B; Bab III A.3.d.3–4): five indicators of 0–10, their
mean, compared with 6.5 (WBK) and 7.5 (WBBM) as it is."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zona.instruments.spec import load_instrument
from zona.scoring import (
    INTEGRATION_INDICATORS,
    Criterion,
    ScoringInputError,
    evaluate_kawasan,
    integration_problems,
    integration_score,
    is_eligible,
)

KEYS = [indicator.key for indicator in INTEGRATION_INDICATORS]


def scores(*values: object) -> dict[str, object]:
    return dict(zip(KEYS, values, strict=True))


def test_the_five_indicators_of_bab_ii_b_in_order() -> None:
    assert KEYS == ["peta_proses_bisnis", "sop", "sop_diterapkan", "evaluasi", "sistem_informasi"]
    assert INTEGRATION_INDICATORS[2].text == "SOP telah diterapkan"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((10, 10, 10, 10, 10), D(10)),
        ((0, 0, 0, 0, 0), D(0)),
        ((D("6.5"),) * 5, D("6.5")),
        ((7, 7, 6, 6, D("6.4")), D("6.48")),  # just below 6.5: never rounded up
        ((8, 7, 6, 7, D("4.5")), D("6.5")),
        ((D("9.9"), 8, 7, 6, D("6.6")), D("7.5")),
        ((D("0.1"), 0, 0, 0, 0), D("0.02")),
    ],
)
def test_the_score_is_the_mean_of_the_five(values: tuple[object, ...], expected: D) -> None:
    assert integration_score(scores(*values)) == expected


def test_every_problem_is_reported_at_once() -> None:
    given = {
        "peta_proses_bisnis": D("10.1"),
        "sop": D("-0.1"),
        "sop_diterapkan": D("7.25"),
        "evaluasi": "8",
        "lain": 5,
    }
    problems = {(p.path, p.key) for p in integration_problems(given)}
    assert problems == {
        ("lain", "unknown_key"),
        ("peta_proses_bisnis", "out_of_range"),
        ("sop", "out_of_range"),
        ("sop_diterapkan", "one_decimal"),
        ("evaluasi", "not_number"),
        ("sistem_informasi", "required"),
    }
    with pytest.raises(ScoringInputError) as error:
        integration_score(given)
    assert len(error.value.problems) == 6
    assert "at most one decimal place" in str(error.value)
    texts = [p.text() for p in error.value.problems]
    assert "sop_diterapkan: paling banyak satu angka di belakang koma" in texts
    assert "sop: harus antara 0 dan 10" in texts


@pytest.mark.parametrize("bad", [True, 7.5, D("NaN"), D("Infinity"), None])
def test_not_a_score(bad: object) -> None:
    assert [p.path for p in integration_problems(scores(bad, 7, 7, 7, 7))] == ["peta_proses_bisnis"]


def test_the_bounds_are_scores() -> None:
    assert integration_problems(scores(0, 10, D("0.0"), D("10.0"), D("9.9"))) == []


def test_the_threshold_is_met_at_the_score_itself() -> None:
    instrument = load_instrument("permenkumham-29-2019")
    members: dict[str, list[Criterion]] = {"Kanim": [Criterion("total", True, D(80), D(75), "")]}

    def eligible(target: str, values: tuple[object, ...], previous: str | None = None) -> bool:
        score = integration_score(scores(*values))
        return is_eligible(evaluate_kawasan(instrument, target, members, score, previous))

    assert eligible("WBK", (8, 7, 6, 7, D("4.5")))  # 6.50
    assert not eligible("WBK", (7, 7, 6, 6, D("6.4")))  # 6.48
    assert eligible("WBBM", (D("9.9"), 8, 7, 6, D("6.6")), "WBK")  # 7.50
    assert not eligible("WBBM", (D("9.9"), 8, 7, 6, D("6.5")), "WBK")  # 7.48
    assert not eligible("WBBM", (10, 10, 10, 10, 10))  # no WBK before


def test_a_member_not_known_yet_is_not_assessed_and_a_failing_one_fails() -> None:
    instrument = load_instrument("permenkumham-29-2019")
    met = Criterion("total", True, D(80), D(75), "")
    unknown = Criterion("wealth_reports", None, None, True, "")
    failed = Criterion("area.x", False, D(50), D(60), "")
    members = {"A": [met], "B": [met, unknown], "C": [unknown, failed]}
    criteria = {c.code: c for c in evaluate_kawasan(instrument, "WBK", members, D(7))}
    assert [criteria[f"kawasan.unit.{u}"].passed for u in "ABC"] == [True, None, False]
    assert criteria["kawasan.unit.B"].message == (
        "Unit B belum dapat dinilai terhadap kriteria unit Menuju WBK: wealth_reports."
    )
    assert criteria["kawasan.unit.C"].message == (
        "Unit C belum memenuhi kriteria unit Menuju WBK: wealth_reports, area.x."
    )
    english = evaluate_kawasan(instrument, "WBK", {"B": [unknown]}, D(7), lang="en")[0]
    assert english.message == (
        "Unit B cannot be judged yet against the unit criteria for Menuju WBK: wealth_reports."
    )
    assert criteria["kawasan.unit.A"].message == "Unit A memenuhi seluruh kriteria unit Menuju WBK."
