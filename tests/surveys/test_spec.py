"""Questionnaire files: the shipped ones load; broken ones are refused with every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from zona.surveys.spec import (
    IKM,
    INDEX,
    QuestionnaireError,
    available_questionnaires,
    load_questionnaire,
    load_questionnaire_file,
    parse_questionnaire,
)

SHIPPED = ["ikm", "ipkp", "spak"]


def test_shipped_questionnaires() -> None:
    assert available_questionnaires() == SHIPPED
    ikm = load_questionnaire("ikm")
    assert ikm.kind == IKM and ikm.feeds == "service_survey"
    assert ikm.element_codes == tuple(f"U{i}" for i in range(1, 10))
    assert ikm.elements[0].options == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert ikm.elements[3].options[-1] == "Gratis"  # each element has its own labels
    assert [g.grade for g in ikm.grades] == ["A", "B", "C", "D"]
    assert [str(g.min_ikm) for g in ikm.grades] == ["88.31", "76.61", "65.00", "25.00"]
    spak = load_questionnaire("spak")
    assert spak.kind == INDEX and spak.feeds == "anti_corruption_survey"
    assert load_questionnaire("ipkp").feeds == ""
    for code in SHIPPED:
        spec = load_questionnaire(code)
        assert [p.key for p in spec.profile] == ["gender", "age", "education", "service"]
        assert spec.check.flag_on == "ya"
    service = ikm.profile_question("service")
    assert [o.code for o in service.options_for("KANIM")][:2] == ["paspor", "izin_tinggal"]
    assert service.options_for("eselon_i") == service.options  # the generic list


def test_unknown_questionnaire() -> None:
    with pytest.raises(KeyError):
        load_questionnaire("nope")


BROKEN = """
format = 1
code = "broken"
version = 0
kind = "ikm"
title = "T"
regulation = "R"
intro = "I"
feeds = "score"
surprise = 1

[integrity]
min_seconds = 0
straight_line_min = 2

[[grades]]
grade = "A"
label = "Sangat Baik"
min_ikm = 60

[[grades]]
grade = "B"
label = "Baik"
min_ikm = 70

[[elements]]
code = "U1"
name = "Persyaratan"
text = "?"
options = ["a", "b", "c"]

[[elements]]
code = "U1"
name = "Dua"
text = "?"
options = ["a", "b", "c", "C"]

[[profile]]
key = "gender"
text = "Jenis kelamin"
options = [{ code = "L", label = "Laki-laki" }]

[check]
key = "directed"
text = "?"
options = [{ code = "tidak", label = "Tidak" }, { code = "ya", label = "Ya" }]
flag_on = "mungkin"
"""


def test_a_broken_file_lists_every_problem() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(BROKEN, source="broken.toml", expected_code="other")
    problems = caught.value.problems
    expected = [
        "(file): unknown key 'surprise'",
        "feeds: unknown scoring input 'score'",
        "(file).version: must be a whole number from 1 to 10000",
        "integrity.min_seconds: must be a whole number from 1 to 3600",
        "elements[0] (U1).options: must list exactly 4 labels, worst first",
        "elements[1] (U1).options: duplicate 'c'",
        "elements (codes): duplicate 'U1'",
        "grades: list the grades best first, each with a lower min_ikm",
        "grades: the lowest grade must start at 25 (every answer 1)",
        "profile[0] (gender).options: needs an array of at least two options",
        "check.flag_on: 'mungkin' is not one of the option codes",
        "code: 'broken' must equal the file name 'other'",
    ]
    for line in expected:
        assert any(problem.startswith(line) for problem in problems), (line, problems)


def test_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("code = ")
    with pytest.raises(QuestionnaireError, match="not valid TOML"):
        load_questionnaire_file(path)
