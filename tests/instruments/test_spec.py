"""The instrument files: the shipped ones load as the regulation says; broken ones are refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from zona.instruments.spec import (
    InstrumentError,
    available_instruments,
    instrument_path,
    load_instrument,
    load_instrument_file,
)

KUMHAM = "permenkumham-29-2019"
PANRB = "permenpanrb-90-2021"


def test_both_instruments_are_shipped() -> None:
    assert available_instruments() == [KUMHAM, PANRB]
    assert instrument_path(KUMHAM).is_file()
    assert load_instrument(KUMHAM) is load_instrument(KUMHAM)  # cached, one shared object


def test_permenkumham_29_2019_has_the_six_areas_of_tabel_iv() -> None:
    spec = load_instrument(KUMHAM)
    assert [(area.key, area.weight) for area in spec.areas] == [
        ("manajemen_perubahan", 8),
        ("penataan_tatalaksana", 7),
        ("penataan_sistem_manajemen_sdm", 10),
        ("penguatan_akuntabilitas_kinerja", 10),
        ("penguatan_pengawasan", 15),
        ("peningkatan_kualitas_pelayanan_publik", 10),
    ]
    assert spec.leverage_weight == 60
    assert spec.result_weight == 40


def test_permenkumham_29_2019_has_the_23_indicators_and_81_questions_of_appendix_b() -> None:
    spec = load_instrument(KUMHAM)
    per_area = [
        (len(a.indicators), sum(len(i.questions) for i in a.indicators)) for a in spec.areas
    ]
    assert per_area == [(4, 12), (3, 9), (6, 18), (2, 11), (5, 19), (3, 12)]
    assert len(spec.questions) == 81
    assert spec.question("MP.1.a").answer_type == "ya_tidak"
    assert all(question.evidence for question in spec.questions)


def test_indicator_weights_add_up_and_only_two_are_verified() -> None:
    spec = load_instrument(KUMHAM)
    for area in spec.areas:
        assert sum(indicator.weight for indicator in area.indicators) == area.weight
    verified = [i.code for i in spec.indicators if i.weight_source == "verified"]
    assert verified == ["MP.1", "MP.2"]
    assert {i.weight_source for i in spec.indicators} == {"verified", "inferred"}


@pytest.mark.parametrize(
    ("answer_type", "values"),
    [
        ("ya_tidak", {"Ya": "1", "Tidak": "0"}),
        ("abc", {"A": "1", "B": "0.5", "C": "0"}),
        ("abcd", {"A": "1", "B": "0.67", "C": "0.33", "D": "0"}),
        ("abcde", {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"}),
    ],
)
def test_option_values_are_the_official_constants(answer_type: str, values: dict[str, str]) -> None:
    for code in (KUMHAM, PANRB):
        answer = next(t for t in load_instrument(code).answer_types if t.key == answer_type)
        assert {option.label: option.value for option in answer.options} == {
            label: Decimal(value) for label, value in values.items()
        }


def test_result_components_and_thresholds_of_permenkumham_29_2019() -> None:
    spec = load_instrument(KUMHAM)
    assert [(c.key, c.group, c.weight) for c in spec.result_components] == [
        ("anti_corruption", "clean_government", 15),
        ("tlhp", "clean_government", 5),
        ("service_quality", "service_quality", 20),
    ]
    wbk, wbbm = spec.predicate("WBK"), spec.predicate("WBBM")
    assert dict(wbk.minimums) == {
        "total": 75, "leverage": 40, "area_percent": 60, "clean_government": Decimal("18.5"),
        "anti_corruption": Decimal("13.5"), "tlhp": 5, "service_quality": 16,
    }  # fmt: skip
    assert dict(wbbm.minimums)["total"] == 85
    assert dict(wbbm.minimums)["service_quality"] == 18
    assert wbbm.requires_predicate == "WBK"
    assert dict(wbk.ministry_minimums) == {"bpk_opinion": "WDP", "akip": "B"}
    assert dict(wbbm.ministry_minimums) == {"bpk_opinion": "WTP", "akip": "B"}
    assert (wbk.kawasan_integration_minimum, wbbm.kawasan_integration_minimum) == (
        Decimal("6.5"),
        Decimal("7.5"),
    )
    assert spec.prescreen is not None
    assert dict(spec.prescreen.minimums) == {
        "clean_government": Decimal("18.5"),
        "service_quality": 16,
    }


def test_permenpanrb_90_2021_splits_leverage_into_pemenuhan_and_reform() -> None:
    spec = load_instrument(PANRB)
    assert [(c.key, c.weight) for c in spec.leverage_components] == [
        ("pemenuhan", 30),
        ("reform", 30),
    ]
    assert len(spec.areas) == 12
    assert len(spec.questions) == 110
    assert sum(1 for q in spec.questions if q.is_ratio) == 8
    assert [(g.key, g.weight) for g in spec.result_groups] == [
        ("clean_government", Decimal("22.5")),
        ("service_quality", Decimal("17.5")),
    ]
    assert spec.prescreen is None


# --- the validator ---------------------------------------------------------------------------

TINY = """
code = "tiny"
title = "Tiny instrument"
regulation = "Test"

[answer_types.ya_tidak]
kind = "choice"
options = [{ label = "Ya", value = 1 }, { label = "Tidak", value = 0 }]

[[leverage_components]]
key = "pengungkit"
name = "Pengungkit"
weight = 60

[[areas]]
key = "only_area"
name = "Only area"
weight = 60

[[areas.indicators]]
code = "X.1"
name = "Indicator"
weight = 60
weight_source = "inferred"

[[areas.indicators.questions]]
code = "X.1.a"
text = "Question a"
answer_type = "ya_tidak"
evidence = "Evidence a"

[[areas.indicators.questions]]
code = "X.1.b"
text = "Question b"
answer_type = "ya_tidak"
evidence = "Evidence b"

[[result_groups]]
key = "service_quality"
name = "Service"
weight = 40

[[result_groups.components]]
key = "service_quality"
name = "Service survey"
weight = 40
input = "service_survey"
kind = "survey_index"
scale_min = 1
scale_max = 4

[predicates.WBK]
name = "Menuju WBK"

[predicates.WBK.minimums]
total = 75
"""


def write(tmp_path: Path, text: str, name: str = "tiny") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str, name: str = "tiny") -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument_file(write(tmp_path, text, name))
    return caught.value.problems


def test_the_tiny_instrument_is_valid(tmp_path: Path) -> None:
    spec = load_instrument_file(write(tmp_path, TINY))
    assert spec.code == "tiny"
    assert spec.question("X.1.b").options[0].label == "Ya"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "weight = 60\nweight_source",
            "weight = 50\nweight_source",
            "areas[0] (only_area) indicators: weights add up to 50, not 60",
            id="indicator weights not adding up to the area weight",
        ),
        pytest.param(
            'name = "Only area"\nweight = 60',
            'name = "Only area"\nweight = 55',
            "leverage component 'pengungkit' areas: weights add up to 55, not 60",
            id="area weights not adding up to the component",
        ),
        pytest.param(
            'name = "Service survey"\nweight = 40',
            'name = "Service survey"\nweight = 30',
            "result_groups[0] (service_quality) components: weights add up to 30, not 40",
            id="result components not adding up to their group",
        ),
        pytest.param(
            'code = "X.1.b"',
            'code = "X.1.a"',
            "questions (codes): duplicate code 'X.1.a'",
            id="duplicate question codes",
        ),
        pytest.param(
            'answer_type = "ya_tidak"\nevidence = "Evidence b"',
            'answer_type = "abcz"\nevidence = "Evidence b"',
            "answer_type: unknown answer type 'abcz'",
            id="unknown answer type",
        ),
        pytest.param(
            '{ label = "Tidak", value = 0 }',
            '{ label = "Tidak" }',
            "answer_types.ya_tidak.options[1]: missing key 'value'",
            id="option without a value",
        ),
        pytest.param(
            '{ label = "Ya", value = 1 }',
            '{ label = "Ya", value = 1.5 }',
            "answer_types.ya_tidak.options[0].value: must be between 0 and 1, not 1.5",
            id="option value above 1",
        ),
        pytest.param(
            '{ label = "Tidak", value = 0 }',
            '{ label = "Tidak", value = -0.5 }',
            "answer_types.ya_tidak.options[1].value: must be at least 0",
            id="option value below 0",
        ),
        pytest.param(
            'kind = "choice"',
            'kind = "multiple"',
            "answer_types.ya_tidak.kind: unknown kind 'multiple'",
            id="unknown kind of answer type",
        ),
        pytest.param(
            "total = 75",
            "totl = 75",
            "predicates.WBK.minimums.totl: unknown measure",
            id="unknown measure in a threshold",
        ),
        pytest.param(
            'name = "Menuju WBK"',
            'name = "Menuju WBK"\nrequires_predicate = "WBX"',
            "predicates.WBK.requires_predicate: unknown predicate 'WBX'",
            id="unknown required predicate",
        ),
        pytest.param(
            'weight_source = "inferred"',
            'weight_source = "guessed"',
            "weight_source: must be one of ('verified', 'inferred'), not 'guessed'",
            id="unknown weight source",
        ),
        pytest.param(
            'evidence = "Evidence a"',
            'evidenc = "Evidence a"',
            "missing key 'evidence'",
            id="a typo in a key",
        ),
        pytest.param(
            'code = "tiny"',
            'code = "other"',
            "code: 'other' must equal the file name 'tiny'",
            id="code different from the file name",
        ),
        pytest.param(
            "scale_max = 4",
            "scale_max = 1",
            "a survey index needs numbers scale_min < scale_max",
            id="survey scale upside down",
        ),
        pytest.param(
            "[[leverage_components]]",
            "[[leverage_components]\n",
            "not valid TOML",
            id="malformed TOML",
        ),
    ],
)
def test_the_validator_names_each_kind_of_fault(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in TINY
    problems = problems_of(tmp_path, TINY.replace(old, new, 1))
    assert any(expected in problem for problem in problems), problems


def test_the_validator_reports_every_problem_at_once(tmp_path: Path) -> None:
    broken = TINY.replace('code = "X.1.b"', 'code = "X.1.a"').replace("total = 75", "totl = 75")
    problems = problems_of(tmp_path, broken)
    assert len(problems) == 2
    assert "tiny.toml" in str(InstrumentError("tiny.toml", problems))


def test_ministry_grades_must_be_on_their_scale(tmp_path: Path) -> None:
    text = TINY + '\n[predicates.WBK.ministry]\nbpk_opinion = "BAIK"\n'
    text += '\n[ministry_scales.bpk_opinion]\nname = "Opini BPK"\norder = ["WTP", "WDP"]\n'
    problems = problems_of(tmp_path, text)
    assert problems == ["predicates.WBK.ministry.bpk_opinion: 'BAIK' is not one of ('WTP', 'WDP')"]


def test_unknown_instrument_code() -> None:
    with pytest.raises(KeyError, match="permenpanrb-99-2099"):
        load_instrument("permenpanrb-99-2099")


# --- criterion texts of the options ------------------------------------------------------------

A_ANSWER = 'answer_type = "ya_tidak"\nevidence = "Evidence a"'


def with_criteria(line: str) -> str:
    return TINY.replace(A_ANSWER, f"{A_ANSWER}\n{line}", 1)


def test_every_choice_question_of_90_2021_says_what_its_options_mean() -> None:
    spec = load_instrument(PANRB)
    question = spec.question("PPA1B")
    assert [(o.label, o.criterion) for o in question.options][0] == (
        "A",
        "Jika dengan prosedur/mekanisme yang jelas dan mewakili seluruh unsur dalam unit kerja",
    )
    assert all(o.criterion for q in spec.questions for o in q.options if o.label != "Tidak")
    assert not any(q.criteria_source for q in spec.questions)


def test_the_29_2019_criteria_are_marked_as_taken_from_90_2021() -> None:
    kumham, panrb = load_instrument(KUMHAM), load_instrument(PANRB)
    question = kumham.question("MP.1.b")
    assert question.criteria_source == "permenpanrb-90-2021 PPA1B"
    assert question.options == panrb.question("PPA1B").options
    bare = [q.code for q in kumham.questions if not any(o.criterion for o in q.options)]
    assert bare == ["PW.4.a", "PP.1.c", "PP.2.c"]  # listed in the file's notes
    assert all(q.criteria_source.startswith(PANRB) for q in kumham.questions if q.code not in bare)
    assert "PW.4.a" in kumham.notes


def test_criteria_give_each_option_its_text(tmp_path: Path) -> None:
    text = with_criteria('criteria = ["Jika tim telah dibentuk", ""]\ncriteria_source = "x"')
    spec = load_instrument_file(write(tmp_path, text))
    assert [o.criterion for o in spec.question("X.1.a").options] == ["Jika tim telah dibentuk", ""]
    assert spec.question("X.1.a").criteria_source == "x"
    assert spec.question("X.1.b").options[0].criterion == ""  # the answer type stays bare


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('criteria = ["Jika ya"]', "has 1 texts for the 2 options Ya/Tidak"),
        ('criteria = ["a", "b", "c"]', "has 3 texts for the 2 options Ya/Tidak"),
        ('criteria = ["", " "]', "gives no text"),
        ('criteria = "Jika ya"', "must be an array of strings, one per option"),
        ("criteria = [1, 2]", "must be an array of strings, one per option"),
        ('criteria_source = "permenpanrb-90-2021"', "names the source of missing criteria"),
    ],
)
def test_criteria_that_do_not_fit_the_options_are_refused(
    tmp_path: Path, line: str, problem: str
) -> None:
    problems = problems_of(tmp_path, with_criteria(line))
    assert len(problems) == 1
    assert "X.1.a" in problems[0] and problem in problems[0]


def test_a_ratio_question_has_no_criteria(tmp_path: Path) -> None:
    text = TINY.replace(
        "[[leverage_components]]",
        '[answer_types.ratio]\nkind = "ratio"\n\n[[leverage_components]]',
        1,
    )
    text = text.replace(A_ANSWER, 'answer_type = "ratio"\nevidence = "E"\ncriteria = ["a"]', 1)
    problems = problems_of(tmp_path, text)
    assert problems == [
        "areas[0] (only_area).indicators[0] (X.1).questions[0] (X.1.a).criteria: "
        "only a question answered with options has criteria"
    ]
