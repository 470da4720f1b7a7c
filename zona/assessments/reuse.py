"""Reused evidence: where else the same file (the same SHA-256) is evidence.

A copied document is the commonest way to inflate an LKE, and the content-addressed store
already knows: every file the LKE page shows is looked up by its hash among the current,
not withdrawn evidence of every LKE (other units, other years, other questions of the same
LKE), in one grouped query for the whole page. Places inside the viewer's scope are named;
the others are only counted, and their names never leave the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, OuterRef, Value, When

from zona.accounts.models import User
from zona.assessments.models import Assessment, Evidence
from zona.organizations.models import Unit


@dataclass(frozen=True)
class Place:
    """An LKE question that holds the file as evidence, inside the viewer's scope."""

    year: int
    unit_name: str
    question_code: str


@dataclass
class Reuse:
    """Where else one evidence file appears: named places and a count of the others."""

    places: list[Place] = field(default_factory=list)
    outside: int = 0


def evidence_reuse(
    user: User, assessment: Assessment, shown: Iterable[Evidence]
) -> dict[int, Reuse]:
    """Evidence pk → its reuse, for the evidence `shown` on the assessment's page; evidence
    used nowhere else is left out. One query, whatever the number of files."""
    shown = [e for e in shown if e.current_id is not None]
    hashes = {e.current.stored_file.sha256 for e in shown}  # type: ignore[union-attr]
    if not hashes:
        return {}
    in_scope = Exists(Unit.objects.visible_to(user).filter(pk=OuterRef("assessment__unit_id")))
    rows = (
        Evidence.objects.filter(withdrawn=False, current__stored_file__sha256__in=hashes)
        .annotate(
            sha=F("current__stored_file__sha256"),
            seen=in_scope,
            place_unit=Case(When(in_scope, then=F("assessment__unit__name")), default=Value("")),
            place_year=Case(
                When(in_scope, then=F("assessment__assessment_year__year")), default=Value(0)
            ),
            place_code=Case(When(in_scope, then=F("question__code")), default=Value("")),
        )
        .values_list(
            "sha", "assessment_id", "question_id", "seen", "place_unit", "place_year", "place_code"
        )
        .order_by()
        .distinct()
    )
    # sha → (assessment id, question id) → the place, or None outside the scope
    places: dict[str, dict[tuple[int, int], Place | None]] = defaultdict(dict)
    for sha, assessment_id, question_id, seen, unit_name, year, code in rows:
        places[sha][(assessment_id, question_id)] = Place(year, unit_name, code) if seen else None
    found: dict[int, Reuse] = {}
    for evidence in shown:
        sha = evidence.current.stored_file.sha256  # type: ignore[union-attr]
        others = {
            key: place
            for key, place in places[sha].items()
            if key != (assessment.pk, evidence.question_id)
        }
        if not others:
            continue
        named = [p for p in others.values() if p is not None]
        found[evidence.pk] = Reuse(
            places=sorted(named, key=lambda p: (-p.year, p.unit_name, p.question_code)),
            outside=sum(1 for p in others.values() if p is None),
        )
    return found
