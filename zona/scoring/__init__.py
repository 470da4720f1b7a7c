"""Scoring of Zona Integritas units: pure functions, plain dataclasses, `Decimal` throughout.

Imports nothing from Django, so the rules of the regulation can be read and tested on their
own (docs/scoring.md explains the computation and its sources). The usual entry points:

    from zona.instruments.spec import load_instrument
    from zona.scoring import UnitInput, UnitStanding, assess_unit

    instrument = load_instrument("permenkumham-29-2019")
    unit = UnitInput(
        results={"anti_corruption_survey": Decimal("3.65"), "tlhp_percent": 100,
                 "service_survey": Decimal("3.41")},
        answers={"MP.1.a": "Ya", "MP.1.b": "B", ...},
    )
    assessment = assess_unit(instrument, unit, "WBK", UnitStanding(wealth_reports_complete=True))
    assessment.eligible, assessment.meets_scores, assessment.criteria, assessment.gap.items[:5]

or step by step: `score_unit` → `evaluate` → `is_eligible` / `meets_scores` /
`gap_to_predicate`; and
`evaluate_prescreen` (survey pre-screen, Bab III B) and `evaluate_kawasan` (Bab III A.3.d.3-4),
with `integration_score` (the kawasan's five integration indicators of Bab II B).
"""

from zona.scoring.assess import assess_unit
from zona.scoring.compute import score_leverage, score_result, score_unit
from zona.scoring.criteria import (
    CONDITION_CODES,
    PENETAPAN,
    PRA_REVIU,
    STAGES,
    evaluate,
    evaluate_kawasan,
    evaluate_prescreen,
    is_condition,
    is_eligible,
    meets_scores,
    standing_problems,
)
from zona.scoring.gap import gap_to_predicate
from zona.scoring.kawasan import (
    INTEGRATION_INDICATORS,
    INTEGRATION_MAX,
    IntegrationIndicator,
    integration_problems,
    integration_score,
)
from zona.scoring.model import (
    NOT_GIVEN,
    Answer,
    AreaScore,
    Assessment,
    Criterion,
    Gap,
    ImprovementItem,
    IndicatorScore,
    LeverageScore,
    NotGiven,
    Problem,
    ResultScore,
    ScoringInputError,
    Shortfall,
    UnitInput,
    UnitScore,
    UnitStanding,
)
from zona.scoring.plan import ResultPlan, result_plan

__all__ = [
    "CONDITION_CODES",
    "INTEGRATION_INDICATORS",
    "INTEGRATION_MAX",
    "NOT_GIVEN",
    "PENETAPAN",
    "PRA_REVIU",
    "STAGES",
    "Answer",
    "AreaScore",
    "Assessment",
    "Criterion",
    "Gap",
    "ImprovementItem",
    "IndicatorScore",
    "IntegrationIndicator",
    "LeverageScore",
    "NotGiven",
    "Problem",
    "ResultPlan",
    "ResultScore",
    "ScoringInputError",
    "Shortfall",
    "UnitInput",
    "UnitScore",
    "UnitStanding",
    "assess_unit",
    "evaluate",
    "evaluate_kawasan",
    "evaluate_prescreen",
    "gap_to_predicate",
    "integration_problems",
    "integration_score",
    "is_condition",
    "is_eligible",
    "meets_scores",
    "result_plan",
    "score_leverage",
    "score_result",
    "score_unit",
    "standing_problems",
]
