"""Cases taken from Permenkumham 29/2019 Bab III A.3 and B, thresholds exactly at and just below."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.builders import GOOD_STANDING, area_unit, kumham
from zona.scoring import (
    Answer,
    Criterion,
    UnitInput,
    UnitStanding,
    assess_unit,
    evaluate,
    evaluate_kawasan,
    evaluate_prescreen,
    is_eligible,
    score_result,
    score_unit,
)

D = Decimal
HAIR = D("0.0001")


def by_code(criteria: list[Criterion] | tuple[Criterion, ...]) -> dict[str, Criterion]:
    return {criterion.code: criterion for criterion in criteria}


@pytest.mark.parametrize(
    ("inputs", "component", "expected"),
    [
        ({"anti_corruption_survey": D("3.60")}, "anti_corruption", D("13.5")),  # of 15
        ({"service_survey": D("3.20")}, "service_quality", D("16")),  # of 20
        ({"service_survey": D("3.60")}, "service_quality", D("18")),  # of 20
        ({"service_survey": D("4")}, "service_quality", D("20")),
        ({"tlhp_percent": D("100")}, "tlhp", D("5")),
        ({"tlhp_percent": D("80")}, "tlhp", D("4")),
    ],
)
def test_result_conversions_of_bab_iii_a3(
    inputs: dict[str, Decimal], component: str, expected: Decimal
) -> None:
    results = {
        "anti_corruption_survey": D(1),
        "tlhp_percent": D(0),
        "service_survey": D(1),
        **inputs,
    }
    assert score_result(kumham(), results).components[component] == expected


def test_clean_government_is_anti_corruption_plus_tlhp() -> None:
    results: dict[str, Answer] = {
        "anti_corruption_survey": D("3.6"),
        "tlhp_percent": 100,
        "service_survey": D("3.2"),
    }
    result = score_result(kumham(), results)
    assert result.groups == {"clean_government": D("18.5"), "service_quality": D("16")}
    assert result.total == D("34.5")


def test_a_unit_exactly_at_every_wbk_threshold_is_eligible() -> None:
    assessment = assess_unit(kumham(), area_unit(), "WBK", GOOD_STANDING)
    assert assessment.score.leverage.total == 40
    assert assessment.score.total == 75
    assert assessment.eligible, [c.message for c in assessment.criteria if not c.passed]


@pytest.mark.parametrize(
    ("areas", "results", "failing"),
    [
        pytest.param(
            {"penguatan_pengawasan": D("9.7") - HAIR},
            {},
            {"total", "leverage"},
            id="leverage and total a hair below 40 and 75",
        ),
        pytest.param(
            {},
            {"service_survey": D("3.30") - HAIR},
            {"total"},
            id="total a hair below 75",
        ),
        pytest.param(
            {"penataan_tatalaksana": D("4.2") - HAIR, "penguatan_pengawasan": D("9.7") + HAIR},
            {},
            {"area.penataan_tatalaksana"},
            id="an area a hair below 60 % of 7",
        ),
        pytest.param(
            {},
            {"anti_corruption_survey": D("3.60") - HAIR, "service_survey": D("3.31")},
            {"anti_corruption", "clean_government"},
            id="anti-corruption survey a hair below 3.60",
        ),
        pytest.param(
            {},
            {"tlhp_percent": D("99.99"), "service_survey": D("3.31")},
            {"tlhp", "clean_government"},
            id="TLHP below 100 %",
        ),
        pytest.param(
            {"penguatan_pengawasan": D(12)},
            {"service_survey": D("3.20") - HAIR},
            {"service_quality"},
            id="service survey a hair below 3.20",
        ),
    ],
)
def test_a_hair_below_a_wbk_threshold_fails(
    areas: dict[str, Decimal], results: dict[str, Decimal], failing: set[str]
) -> None:
    assessment = assess_unit(kumham(), area_unit(areas, **results), "WBK", GOOD_STANDING)
    assert {c.code for c in assessment.criteria if not c.passed} == failing
    assert not assessment.eligible


WBBM_EXACT = {
    "manajemen_perubahan": D(6),  # 75 % of 8
    "penataan_tatalaksana": D("5.25"),  # 75 % of 7
    "penataan_sistem_manajemen_sdm": D("7.5"),
    "penguatan_akuntabilitas_kinerja": D("7.5"),
    "penguatan_pengawasan": D("14.25"),
    "peningkatan_kualitas_pelayanan_publik": D("7.5"),
}  # leverage exactly 48; with 13.5 + 5 + 18.5 the total is exactly 85


def wbbm_unit(**changes: Decimal) -> UnitInput:
    return area_unit({**WBBM_EXACT, **changes}, service_survey=D("3.70"))


def test_a_unit_exactly_at_every_wbbm_threshold_is_eligible() -> None:
    standing = UnitStanding(True, "WBK", {"bpk_opinion": "WTP", "akip": "B"})
    assessment = assess_unit(kumham(), wbbm_unit(), "WBBM", standing)
    assert (assessment.score.leverage.total, assessment.score.total) == (48, 85)
    assert assessment.eligible, [c.message for c in assessment.criteria if not c.passed]


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({"penguatan_pengawasan": D("14.25") - HAIR}, {"total", "leverage"}),
        ({"penataan_tatalaksana": D("5.25") - HAIR, "manajemen_perubahan": D(6) + HAIR},
         {"area.penataan_tatalaksana"}),
    ],
)  # fmt: skip
def test_a_hair_below_a_wbbm_threshold_fails(
    changes: dict[str, Decimal], failing: set[str]
) -> None:
    standing = UnitStanding(True, "WBK", {"bpk_opinion": "WTP", "akip": "B"})
    assessment = assess_unit(kumham(), wbbm_unit(**changes), "WBBM", standing)
    assert {c.code for c in assessment.criteria if not c.passed} == failing


@pytest.mark.parametrize(("held", "passed"), [(None, False), ("WBK", True), ("WBBM", True)])
def test_wbbm_only_with_a_prior_wbk(held: str | None, passed: bool) -> None:
    score = score_unit(kumham(), wbbm_unit())
    standing = UnitStanding(True, held, {"bpk_opinion": "WTP", "akip": "B"})
    criteria = by_code(evaluate(kumham(), score, "WBBM", standing))
    assert criteria["previous_predicate"].passed is passed
    assert is_eligible(criteria.values()) is passed


@pytest.mark.parametrize(
    ("target", "bpk", "akip", "passed"),
    [
        ("WBK", "WTP", "AA", {"ministry.bpk_opinion": True, "ministry.akip": True}),
        ("WBK", "WDP", "B", {"ministry.bpk_opinion": True, "ministry.akip": True}),
        ("WBK", "TW", "CC", {"ministry.bpk_opinion": False, "ministry.akip": False}),
        ("WBK", "TMP", "D", {"ministry.bpk_opinion": False, "ministry.akip": False}),
        ("WBBM", "WDP", "A", {"ministry.bpk_opinion": False, "ministry.akip": True}),
        ("WBBM", "WTP", "B", {"ministry.bpk_opinion": True, "ministry.akip": True}),
    ],
)
def test_ministry_prerequisites_of_bab_iii_a3a(
    target: str, bpk: str, akip: str, passed: dict[str, bool]
) -> None:
    score = score_unit(kumham(), wbbm_unit())
    standing = UnitStanding(True, "WBK", {"bpk_opinion": bpk, "akip": akip})
    criteria = by_code(evaluate(kumham(), score, target, standing))
    assert {code: criteria[code].passed for code in passed} == passed


def test_every_employee_must_have_filed_lhkpn_or_lhkasn() -> None:
    score = score_unit(kumham(), area_unit())
    ministry = {"bpk_opinion": "WTP", "akip": "A"}
    filed = by_code(evaluate(kumham(), score, "WBK", UnitStanding(True, None, ministry)))
    missing = by_code(evaluate(kumham(), score, "WBK", UnitStanding(False, None, ministry)))
    assert filed["wealth_reports"].passed is True
    assert missing["wealth_reports"].passed is False
    assert not is_eligible(missing.values())


def test_facts_not_given_are_not_assessed_and_not_eligible() -> None:
    criteria = evaluate(kumham(), score_unit(kumham(), area_unit()), "WBK")
    unknown = [c.code for c in criteria if c.passed is None]
    assert unknown == ["wealth_reports", "ministry.bpk_opinion", "ministry.akip"]
    assert "tidak dinilai" in by_code(criteria)["ministry.akip"].message
    assert not is_eligible(criteria)


@pytest.mark.parametrize(
    ("anti_corruption", "tlhp", "service", "passed"),
    [
        (D("3.60"), D(100), D("3.20"), True),  # 18.5 and 16 exactly
        (D("3.60") - HAIR, D(100), D("3.20"), False),
        (D("3.60"), D(100), D("3.20") - HAIR, False),
        (D("4"), D(70), D("3.20"), True),  # 15 + 3.5 = 18.5
    ],
)
def test_survey_prescreen_of_bab_iii_b(
    anti_corruption: Decimal, tlhp: Decimal, service: Decimal, passed: bool
) -> None:
    results = {"anti_corruption_survey": anti_corruption, "tlhp_percent": tlhp,
               "service_survey": service}  # fmt: skip
    criteria = evaluate_prescreen(kumham(), score_result(kumham(), results))
    assert [c.code for c in criteria] == ["prescreen.clean_government", "prescreen.service_quality"]
    assert is_eligible(criteria) is passed


def kawasan_members(*eligible: bool) -> dict[str, list[Criterion]]:
    score = score_unit(kumham(), area_unit())
    good = evaluate(kumham(), score, "WBK", GOOD_STANDING)
    bad = evaluate(kumham(), score, "WBK", UnitStanding(False, None, GOOD_STANDING.ministry))
    return {f"unit-{index}": good if ok else bad for index, ok in enumerate(eligible)}


@pytest.mark.parametrize(
    ("target", "members", "integration", "previous", "passed"),
    [
        ("WBK", (True, True), D("6.5"), None, True),
        ("WBK", (True, True), D("6.5") - HAIR, None, False),
        ("WBK", (True, False), D("9"), None, False),
        ("WBK", (True,), None, None, False),  # integration score not given
        ("WBBM", (True,), D("7.5"), "WBK", True),
        ("WBBM", (True,), D("7.5"), None, False),  # WBBM only after the area's WBK
        ("WBBM", (True,), D("7.5") - HAIR, "WBK", False),
    ],
)
def test_kawasan_criteria_of_bab_iii_a3d(
    target: str,
    members: tuple[bool, ...],
    integration: Decimal | None,
    previous: str | None,
    passed: bool,
) -> None:
    criteria = evaluate_kawasan(kumham(), target, kawasan_members(*members), integration, previous)
    assert is_eligible(criteria) is passed


def test_kawasan_names_the_failing_member() -> None:
    criteria = by_code(evaluate_kawasan(kumham(), "WBK", kawasan_members(True, False), D(7)))
    assert criteria["kawasan.unit.unit-0"].passed is True
    assert criteria["kawasan.unit.unit-1"].passed is False
    assert "wealth_reports" in criteria["kawasan.unit.unit-1"].message


def test_messages_come_in_indonesian_and_english() -> None:
    score = score_unit(kumham(), area_unit())
    indonesian = by_code(evaluate(kumham(), score, "WBK", GOOD_STANDING))["anti_corruption"]
    english = by_code(evaluate(kumham(), score, "WBK", GOOD_STANDING, lang="en"))["anti_corruption"]
    assert indonesian.message == (
        "Survei Persepsi Anti Korupsi 13,50 (indeks survei 3,60, minimal 3,60) "
        "memenuhi batas minimal 13,50."
    )
    assert english.message == (
        "Survei Persepsi Anti Korupsi 13.50 (survey index 3.60, minimum 3.60) "
        "meets the minimum 13.50."
    )
    assert (indonesian.code, indonesian.passed, indonesian.actual, indonesian.required) == (
        "anti_corruption", True, D("13.5"), D("13.5"),
    )  # fmt: skip
