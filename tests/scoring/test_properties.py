"""Properties that must hold for every unit, checked on generated answers (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.builders import GOOD_STANDING, KUMHAM, PANRB
from zona.instruments.spec import InstrumentSpec, QuestionSpec, load_instrument
from zona.scoring import Answer, Assessment, UnitInput, UnitStanding, assess_unit
from zona.scoring.cli import score_json
from zona.scoring.jsonio import assessment_json

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
UNANSWERED = -1
# Mostly the best option (index 0), so that units land near the thresholds and eligibility moves.
CHOICE_INDEX = st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3, UNANSWERED])
SURVEY = st.decimals(min_value=Decimal("3.0"), max_value=Decimal(4), places=2)
RATIO = st.decimals(min_value=Decimal(0), max_value=Decimal("1.5"), places=2)


def ranked(question: QuestionSpec) -> list[str]:
    """Option labels, best first."""
    return [o.label for o in sorted(question.options, key=lambda option: -option.value)]


def answer_for(question: QuestionSpec, index: int, ratio: Decimal) -> str | Decimal | None:
    if index == UNANSWERED:
        return None
    if question.is_ratio:
        return ratio
    labels = ranked(question)
    return labels[min(index, len(labels) - 1)]


@st.composite
def units(
    draw: st.DrawFn, instrument: InstrumentSpec
) -> tuple[dict[str, Answer], dict[str, Answer]]:
    questions = instrument.questions
    indices = draw(st.lists(CHOICE_INDEX, min_size=len(questions), max_size=len(questions)))
    ratios = draw(st.lists(RATIO, min_size=len(questions), max_size=len(questions)))
    answers: dict[str, Answer] = {}
    for question, index, ratio in zip(questions, indices, ratios, strict=True):
        answer = answer_for(question, index, ratio)
        if answer is not None:
            answers[question.code] = answer
    results: dict[str, Answer] = {}
    for component in instrument.result_components:
        if component.kind == "survey_index":
            results[component.input] = draw(SURVEY)
        elif component.kind == "percent":
            results[component.input] = draw(st.sampled_from([Decimal(95), Decimal(100)]))
        else:
            results[component.input] = draw(st.sampled_from([o.label for o in component.options]))
    return answers, results


def assess(
    instrument: InstrumentSpec, answers: dict[str, Answer], results: dict[str, Answer], target: str
) -> Assessment:
    standing = UnitStanding(True, "WBK", GOOD_STANDING.ministry)
    return assess_unit(instrument, UnitInput(results=results, answers=answers), target, standing)


def numbers(assessment: Assessment) -> list[Decimal]:
    score = assessment.score
    values = [score.total, score.leverage.total, *score.leverage.components.values()]
    for area in score.leverage.areas:
        values.extend([area.value, area.percent, *(i.value for i in area.indicators)])
    values.extend([*score.result.components.values(), *score.result.groups.values()])
    return values


def raise_one(
    instrument: InstrumentSpec, answers: dict[str, Answer], pick: int, step: int
) -> dict[str, Answer] | None:
    """`answers` with one question raised to a better answer (or answered), None if all best."""
    improvable: list[tuple[str, list[Answer]]] = []
    for question in instrument.questions:
        current = answers.get(question.code)
        if question.is_ratio:
            ratio = Decimal(current) if isinstance(current, Decimal | int) else Decimal(0)
            if current is None or ratio < 1:
                improvable.append((question.code, [min(Decimal(1), ratio + Decimal("0.25"))]))
            continue
        labels = ranked(question)
        better: list[Answer] = list(
            labels if current is None else labels[: labels.index(str(current))]
        )
        if better:
            improvable.append((question.code, better))
    if not improvable:
        return None
    code, better = improvable[pick % len(improvable)]
    return {**answers, code: better[step % len(better)]}


@pytest.mark.parametrize("code", [KUMHAM, PANRB])
@pytest.mark.parametrize("target", ["WBK", "WBBM"])
@PROPERTY_SETTINGS
@given(data=st.data(), pick=st.integers(0, 200), step=st.integers(0, 4))
def test_raising_an_answer_never_lowers_a_score_nor_eligibility(
    code: str, target: str, data: st.DataObject, pick: int, step: int
) -> None:
    instrument = load_instrument(code)
    answers, results = data.draw(units(instrument))
    raised = raise_one(instrument, answers, pick, step)
    if raised is None:
        return
    before = assess(instrument, answers, results, target)
    after = assess(instrument, raised, results, target)
    assert all(a >= b for a, b in zip(numbers(after), numbers(before), strict=True))
    passed_before = {c.code for c in before.criteria if c.passed}
    passed_after = {c.code for c in after.criteria if c.passed}
    assert passed_before <= passed_after
    assert after.eligible or not before.eligible


@PROPERTY_SETTINGS
@given(data=st.data(), better_survey=SURVEY)
def test_a_better_survey_never_lowers_a_score(data: st.DataObject, better_survey: Decimal) -> None:
    instrument = load_instrument(KUMHAM)
    answers, results = data.draw(units(instrument))
    raised = {**results, "service_survey": max(better_survey, results["service_survey"])}
    before = assess(instrument, answers, results, "WBK")
    after = assess(instrument, answers, raised, "WBK")
    assert all(a >= b for a, b in zip(numbers(after), numbers(before), strict=True))
    assert after.eligible or not before.eligible


@pytest.mark.parametrize("code", [KUMHAM, PANRB])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_results_do_not_depend_on_the_order_of_keys(code: str, data: st.DataObject) -> None:
    instrument = load_instrument(code)
    answers, results = data.draw(units(instrument))
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    reversed_results = dict(reversed(list(results.items())))
    assert assess(instrument, answers, results, "WBK") == assess(
        instrument, shuffled, reversed_results, "WBK"
    )


@pytest.mark.parametrize("code", [KUMHAM, PANRB])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_cli_functions_round_trip_json(code: str, data: st.DataObject) -> None:
    instrument = load_instrument(code)
    answers, results = data.draw(units(instrument))
    request = {
        "instrument": code,
        "target": "WBBM",
        "answers": answers,
        **results,
        "wealth_reports_complete": True,
        "previous_predicate": "WBK",
        "ministry": dict(GOOD_STANDING.ministry or {}),
    }
    # a Decimal with two places goes out as a JSON number and comes back as the same Decimal
    text = json.dumps(request, default=float)
    output, problems = score_json(text)
    assert problems == []
    expected = assessment_json(instrument, assess(instrument, answers, results, "WBBM"))
    assert output == expected
    assert json.loads(json.dumps(output)) == output
    as_list, problems = score_json(f"[{text}, {text}]")
    assert problems == [] and as_list == [expected, expected]
    for value in (output["total"], output["leverage"]["total"], output["result"]["total"]):
        assert round(value, 4) == value
