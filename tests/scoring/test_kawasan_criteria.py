"""The kawasan's own criteria (Bab III A.3.d.3–4) and the survey pre-screen (Bab III B), word for
word, and the calls that cannot be answered."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import area_unit, kumham, panrb
from zona.scoring import (
    Answer,
    Criterion,
    evaluate,
    evaluate_kawasan,
    evaluate_prescreen,
    score_result,
    score_unit,
)

D = Decimal
MEMBER_MET = {"Kanim": [Criterion("total", True, D(80), D(75), "")]}


def kawasan(
    target: str, score: Decimal | None, held: str | None = None
) -> list[tuple[object, ...]]:
    criteria = evaluate_kawasan(kumham(), target, MEMBER_MET, score, held)
    return [(c.code, c.passed, c.actual, c.required, c.message) for c in criteria]


def test_a_wbk_kawasan_at_its_integration_minimum() -> None:
    assert kawasan("WBK", D("6.5")) == [
        ("kawasan.unit.Kanim", True, True, True,
         "Unit Kanim memenuhi seluruh kriteria unit Menuju WBK."),
        ("kawasan.integration_score", True, D("6.5"), D("6.5"),
         "Skor integrasi proses bisnis kawasan 6,50 memenuhi minimal 6,50."),
    ]  # fmt: skip


def test_an_integration_score_below_or_not_given() -> None:
    assert kawasan("WBK", D("6.48"))[-1] == (
        "kawasan.integration_score", False, D("6.48"), D("6.5"),
        "Skor integrasi proses bisnis kawasan 6,48 di bawah minimal 6,50.",
    )  # fmt: skip
    assert kawasan("WBK", None)[-1] == (
        "kawasan.integration_score", None, None, D("6.5"),
        "Skor integrasi proses bisnis kawasan tidak dinilai: data tidak diberikan "
        "(minimal 6,50).",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("held", "passed", "message"),
    [
        ("WBK", True, "Kawasan telah memperoleh predikat Menuju WBK."),
        ("WBBM", True, "Kawasan telah memperoleh predikat Menuju WBK."),
        (None, False, "Predikat kawasan Menuju WBBM hanya untuk kawasan yang telah memperoleh "
         "predikat Menuju WBK."),
    ],
)  # fmt: skip
def test_a_wbbm_kawasan_must_hold_wbk(held: str | None, passed: bool, message: str) -> None:
    assert kawasan("WBBM", D("7.5"), held)[0] == (
        "kawasan.previous_predicate", passed, held, "WBK", message,
    )  # fmt: skip


def test_the_kawasan_criteria_in_english() -> None:
    criteria = evaluate_kawasan(kumham(), "WBBM", MEMBER_MET, D("7.4"), "WBK", lang="en")
    assert [c.message for c in criteria] == [
        "The area already holds the predicate Menuju WBK.",
        "Unit Kanim meets every unit criterion for Menuju WBBM.",
        "The area's business-process integration score 7.40 is below the minimum 7.50.",
    ]


def test_calls_that_cannot_be_answered_say_why() -> None:
    with pytest.raises(ValueError, match="^a kawasan needs at least one member unit$"):
        evaluate_kawasan(kumham(), "WBK", {}, D(7))
    with pytest.raises(ValueError, match="^instrument permenpanrb-90-2021 has no kawasan criteria"):
        evaluate_kawasan(panrb(), "WBK", MEMBER_MET, D(7))
    results: dict[str, Answer] = {"anti_corruption_survey": D(4), "performance_improvement": "A",
               "service_survey": D(4)}  # fmt: skip
    with pytest.raises(ValueError, match="^instrument permenpanrb-90-2021 has no survey pre-s"):
        evaluate_prescreen(panrb(), score_result(panrb(), results))
    with pytest.raises(ValueError, match=r"^unknown stage 'x'; use one of \('penetapan', 'pra_"):
        evaluate(kumham(), score_unit(kumham(), area_unit()), "WBK", stage="x")


def test_the_prescreen_words_and_values() -> None:
    results = {"anti_corruption_survey": D("3.6"), "tlhp_percent": D(100),
               "service_survey": D("3.1")}  # fmt: skip
    criteria = evaluate_prescreen(kumham(), score_result(kumham(), results))
    assert [(c.code, c.passed, c.actual, c.required, c.message) for c in criteria] == [
        ("prescreen.clean_government", True, D("18.5"), D("18.5"),
         "Terwujudnya Pemerintahan yang Bersih dan Bebas KKN 18,50 memenuhi batas minimal 18,50."),
        ("prescreen.service_quality", False, D("15.5"), D(16),
         "Terwujudnya Peningkatan Kualitas Pelayanan Publik kepada Masyarakat 15,50 (indeks "
         "survei 3,10, minimal 3,20) di bawah batas minimal 16,00 (kurang 0,50)."),
    ]  # fmt: skip
