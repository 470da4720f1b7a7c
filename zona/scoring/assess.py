"""One call for the usual question: how does this unit stand against this predicate?"""

from __future__ import annotations

from zona.instruments.spec import InstrumentSpec
from zona.scoring.compute import score_unit
from zona.scoring.criteria import PENETAPAN, evaluate, is_eligible, meets_scores
from zona.scoring.gap import gap_to_predicate
from zona.scoring.messages import DEFAULT_LANGUAGE
from zona.scoring.model import Assessment, UnitInput, UnitStanding


def assess_unit(
    instrument: InstrumentSpec,
    unit: UnitInput,
    target: str,
    standing: UnitStanding | None = None,
    *,
    stage: str = PENETAPAN,
    lang: str = DEFAULT_LANGUAGE,
) -> Assessment:
    """Score `unit`, evaluate it against `target` and work out its gap (ScoringInputError if the
    input is not valid)."""
    score = score_unit(instrument, unit)
    criteria = evaluate(instrument, score, target, standing, stage=stage, lang=lang)
    return Assessment(
        target=target,
        stage=stage,
        score=score,
        criteria=tuple(criteria),
        eligible=is_eligible(criteria),
        meets_scores=meets_scores(criteria),
        gap=gap_to_predicate(instrument, unit, score, criteria),
    )
