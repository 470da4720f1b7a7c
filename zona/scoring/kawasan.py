"""A kawasan's business-process integration (Bab II B): five indicators, one score.

Bab II B lists five indicators of how the units of a kawasan integrate the business process of
its services, and Bab III A.3.d.3–4 asks for an integration score of at least 6.5 (Menuju WBK)
or 7.5 (Menuju WBBM); the thresholds are in the instrument file (`[predicates.*.kawasan]`). The
regulation gives neither a scale nor a way to combine the indicators. Zona reads the thresholds
on a scale of 0 to 10: the kawasan's joint team scores each indicator from 0 to 10 in steps of
0.1, and the integration score is their mean (each indicator weighs the same, as the regulation
lists them without weights). The mean of five tenths is exact in hundredths, so the score is
compared with the threshold as it is, never rounded (docs/scoring.md, Decisions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from zona.scoring.model import Problem, ScoringInputError

INTEGRATION_MAX = Decimal(10)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class IntegrationIndicator:
    key: str
    text: str  # the regulation's words (Bab II B, 1–5)


INTEGRATION_INDICATORS: tuple[IntegrationIndicator, ...] = (
    IntegrationIndicator(
        "peta_proses_bisnis",
        "Tersedianya peta proses bisnis layanan utama satuan kerja yang terkait dengan pelayanan "
        "utama kawasan yang menggambarkan integrasi lintas unit kerja pada suatu kawasan",
    ),
    IntegrationIndicator("sop", "Peta proses bisnis sudah dijabarkan ke dalam SOP"),
    IntegrationIndicator("sop_diterapkan", "SOP telah diterapkan"),
    IntegrationIndicator(
        "evaluasi",
        "Peta proses bisnis dan prosedur operasional telah dievaluasi dan disesuaikan dengan "
        "perkembangan tuntutan efisiensi dan efektivitas",
    ),
    IntegrationIndicator(
        "sistem_informasi",
        "Terdapat sistem informasi dalam pelaksanaan proses bisnis yang terintegrasi antar unit "
        "kerja pada suatu kawasan",
    ),
)


def integration_problems(scores: Mapping[str, object]) -> list[Problem]:
    """Every fault of a set of indicator scores: missing, unknown, not a number, out of 0–10,
    finer than a tenth."""
    keys = [indicator.key for indicator in INTEGRATION_INDICATORS]
    problems = [Problem(key, "unknown_key") for key in scores if key not in keys]
    for key in keys:
        value = scores.get(key)
        if value is None:
            problems.append(Problem(key, "required"))
        elif isinstance(value, bool) or not isinstance(value, int | Decimal):
            problems.append(Problem(key, "not_number"))
        elif not Decimal(value).is_finite() or not 0 <= value <= INTEGRATION_MAX:
            problems.append(Problem(key, "out_of_range", {"low": 0, "high": INTEGRATION_MAX}))
        elif Decimal(value) % _TENTH != 0:
            problems.append(Problem(key, "one_decimal"))
    return problems


def integration_score(scores: Mapping[str, object]) -> Decimal:
    """The kawasan's integration score: the mean of the five indicator scores (0–10 each),
    exact; ScoringInputError listing every problem of the scores."""
    problems = integration_problems(scores)
    if problems:
        raise ScoringInputError(problems)
    total = sum((Decimal(str(scores[i.key])) for i in INTEGRATION_INDICATORS), Decimal(0))
    return total / len(INTEGRATION_INDICATORS)
