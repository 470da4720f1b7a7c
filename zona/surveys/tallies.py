"""The aggregates beside the raw responses: kept incrementally, rebuilt from scratch on demand.

One `UnitTally` row per unit and survey holds the counters (received, flagged, pending,
accepted, rejected, paper) and, per element, the count and sum of the counted answers.

Incremental: a writer locks the unit's row (`locked`, made on first use) and adds to it
(`move`, `add`), inside the transaction that stores or reviews the responses, so the figures
move with them or not at all. Writers of several units lock them in ascending order, so they
never deadlock.

Rebuild: `rebuild` recomputes the rows of the chosen surveys from the raw responses in two
grouped queries and compares them with the stored ones; `write=True` replaces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from zona.core.lookups import AnyOf
from zona.surveys.models import (
    ANSWER_FIELDS,
    COUNT_FIELDS,
    SUM_FIELDS,
    PeriodSurvey,
    Response,
    ResponseSource,
    ResponseStatus,
    UnitTally,
)
from zona.surveys.spec import MAX_ELEMENTS

_TABLE = UnitTally._meta.db_table
_FIGURES = (*UnitTally.COUNTERS, *COUNT_FIELDS, *SUM_FIELDS)  # every column that adds up

Sums = Sequence[tuple[int, int]]  # (count, sum) per element position


def locked(survey_id: int, unit_id: int) -> UnitTally:
    """The unit's row of a survey, locked until the caller's transaction ends (made first
    when the unit has none yet). Only its minute is read: `move` adds in the database."""
    rows = (
        UnitTally.objects.select_for_update()
        .filter(survey_id=survey_id, unit_id=unit_id)
        .only("minute_started_at", "minute_count")
    )
    row = rows.first()
    if row is None:
        make([(survey_id, unit_id)])
        row = rows.get()
    return row


def make(pairs: Iterable[tuple[int, int]]) -> None:
    """An empty row for each (survey id, unit id) that has none: made with the unit's code, so
    that a submission only locks and moves its row."""
    UnitTally.objects.bulk_create(
        [UnitTally(survey_id=survey_id, unit_id=unit_id) for survey_id, unit_id in pairs],
        ignore_conflicts=True,
        batch_size=1000,
    )


def add(survey_id: int, unit_id: int, *, sums: Sums = (), **counters: int) -> None:
    """Add counters and element sums to a unit's row (inside the caller's transaction)."""
    move(locked(survey_id, unit_id), counters=counters, sums=sums)


def move(
    row: UnitTally,
    *,
    counters: Mapping[str, int],
    sums: Sums = (),
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Add counters and element sums to a row locked by `locked`; `changes` sets other
    columns."""
    unknown = set(counters) - set(UnitTally.COUNTERS)
    if unknown or len(sums) > MAX_ELEMENTS:
        raise ValueError(f"unknown counters {sorted(unknown)} or too many elements")
    added = {name: value for name, value in counters.items() if value}
    for position, (count, total) in enumerate(sums):
        if count:
            added[COUNT_FIELDS[position]] = count
            added[SUM_FIELDS[position]] = total
    update = {name: F(name) + value for name, value in added.items()} | dict(changes or {})
    if update:
        UnitTally.objects.filter(pk=row.pk).update(**update)


def counted_sums(answer_lists: Iterable[Sequence[int | None]], count: int) -> list[tuple[int, int]]:
    """(answered, sum) per element of the given answers."""
    sums = [(0, 0)] * count
    for answers in answer_lists:
        sums = [
            (n + (value is not None), s + (value or 0))
            for (n, s), value in zip(sums, answers, strict=True)
        ]
    return sums


# --- rebuild --------------------------------------------------------------------------------

Key = tuple[int, int]  # (survey id, unit id)
Figures = dict[Key, tuple[int, ...]]  # the values of _FIGURES, in order


@dataclass(frozen=True)
class RebuildReport:
    surveys: int
    rows: int
    differences: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def matches(self) -> bool:
        return not self.differences


def computed_figures(surveys: Sequence[PeriodSurvey]) -> Figures:
    """Every tally row of these surveys, from the raw responses."""
    ids = [survey.pk for survey in surveys]
    if not ids:
        return {}
    counters: dict[Key, dict[str, int]] = {}
    for found in (
        Response.objects.filter(survey_id__in=ids)
        .values("survey_id", "unit_id")
        .annotate(
            received=Count("pk"),
            flagged=Count("pk", filter=~Q(flags=0)),
            pending=Count("pk", filter=Q(status=ResponseStatus.PENDING)),
            accepted=Count("pk", filter=Q(status=ResponseStatus.ACCEPTED)),
            rejected=Count("pk", filter=Q(status=ResponseStatus.REJECTED)),
            paper=Count("pk", filter=Q(source=ResponseSource.PAPER)),
        )
        .order_by()
    ):
        row = cast(dict[str, Any], found)
        counters[(row["survey_id"], row["unit_id"])] = {
            name: row[name] for name in UnitTally.COUNTERS
        }
    aggregates: dict[str, Count | Sum] = {}
    for answer, count, total in zip(ANSWER_FIELDS, COUNT_FIELDS, SUM_FIELDS, strict=True):
        aggregates[count] = Count(answer)
        aggregates[total] = Sum(answer)
    for summed in (
        Response.objects.filter(survey_id__in=ids, status=ResponseStatus.ACCEPTED)
        .values("survey_id", "unit_id")
        .annotate(**aggregates)
        .order_by()
    ):
        row = cast(dict[str, Any], summed)
        values = counters[(row["survey_id"], row["unit_id"])]
        values.update({name: row[name] or 0 for name in (*COUNT_FIELDS, *SUM_FIELDS)})
    return {
        key: tuple(values.get(name, 0) for name in _FIGURES) for key, values in counters.items()
    }


def stored_figures(surveys: Sequence[PeriodSurvey]) -> Figures:
    ids = [survey.pk for survey in surveys]
    figures: Figures = {}
    for row in UnitTally.objects.filter(survey_id__in=ids).values_list(
        "survey_id", "unit_id", *_FIGURES
    ):
        if any(row[2:]):
            figures[(row[0], row[1])] = tuple(row[2:])
    return figures


def differences(stored: Figures, computed: Figures) -> list[str]:
    lines = []
    zero = (0,) * len(_FIGURES)
    for key in sorted(set(stored) | set(computed)):
        kept, raw = stored.get(key, zero), computed.get(key, zero)
        if kept != raw:
            changed = {
                name: (a, b) for name, a, b in zip(_FIGURES, kept, raw, strict=True) if a != b
            }
            shown = ", ".join(f"{name} {a} (raw rows: {b})" for name, (a, b) in changed.items())
            lines.append(f"survey {key[0]} unit {key[1]}: {shown}")
    return lines


def rebuild(surveys: Sequence[PeriodSurvey], *, write: bool) -> RebuildReport:
    """Recompute the tallies of `surveys` from the raw rows; replace them when `write`."""
    with transaction.atomic():
        if write and connection.vendor == "postgresql":
            # Writers lock their row before they add to it; hold them off until the recomputed
            # rows are in place (their responses then count exactly once). SQLite's writers
            # wait for this transaction anyway.
            with connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{_TABLE}" IN EXCLUSIVE MODE')
        computed = computed_figures(surveys)
        found = differences(stored_figures(surveys), computed)
        if write:
            rows = UnitTally.objects.filter(survey_id__in=[survey.pk for survey in surveys])
            kept = dict.fromkeys(rows.values_list("survey_id", "unit_id"), (0,) * len(_FIGURES))
            rows.delete()
            UnitTally.objects.bulk_create(
                [
                    UnitTally(
                        survey_id=survey,
                        unit_id=unit,
                        **dict(zip(_FIGURES, values, strict=True)),
                    )
                    for (survey, unit), values in sorted((kept | computed).items())
                ],
                batch_size=2000,
            )
    if write and connection.vendor == "postgresql":
        # Every row is new: without fresh statistics (autovacuum comes later) the planner
        # reads a Kanwil's hundreds of rows by scanning the whole survey.
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{_TABLE}"')
    return RebuildReport(surveys=len(surveys), rows=len(computed), differences=found, written=write)


def tallies_of(survey_ids: Sequence[int], unit_ids: Sequence[int]) -> Figures:
    """The stored figures of these surveys and units, keyed by (survey id, unit id), as plain
    tuples in the order of `counters_of` and `sums_of` (result pages read hundreds)."""
    return {
        (row[0], row[1]): tuple(row[2:])
        for row in UnitTally.objects.filter(
            AnyOf("survey_id", survey_ids), AnyOf("unit_id", unit_ids)
        ).values_list("survey_id", "unit_id", *_FIGURES)
    }


def counters_of(figures: Sequence[int]) -> tuple[int, ...]:
    """The UnitTally.COUNTERS of a row of `tallies_of`."""
    return tuple(figures[: len(UnitTally.COUNTERS)])


def sums_of(figures: Sequence[int], count: int) -> list[tuple[int, int]]:
    """(answered, sum) of the first `count` elements of a row of `tallies_of`."""
    counts = len(UnitTally.COUNTERS)
    sums = counts + MAX_ELEMENTS
    return list(zip(figures[counts : counts + count], figures[sums : sums + count], strict=True))
