"""The aggregates beside the raw responses: kept incrementally, rebuilt from scratch on demand.

One `UnitTally` row per unit and survey holds the counters (received, flagged, pending,
accepted, rejected, paper) and, per element, the count and sum of the counted answers.

Incremental: one `INSERT … ON CONFLICT DO UPDATE` (PostgreSQL and SQLite alike), run inside
the transaction that stores or reviews a response, so the row is created on first use and its
figures move atomically: `from_stored_sql` for an online response (it reads the stored row),
`add` with counters and sums for reviews and paper imports. Writers lock units in ascending
order, so they never deadlock.

Rebuild: `rebuild` recomputes the rows of the chosen surveys from the raw responses in two
grouped queries and compares them with the stored ones; `write=True` replaces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

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

Statement = tuple[str, list[Any]]
Sums = Sequence[tuple[int, int]]  # (count, sum) per element position


def upsert(survey_id: int, unit_id: int, *, sums: Sums = (), **counters: int) -> Statement:
    """The statement adding counters and element sums to a unit's row of a survey."""
    unknown = set(counters) - set(UnitTally.COUNTERS)
    if unknown or len(sums) > MAX_ELEMENTS:
        raise ValueError(f"unknown counters {sorted(unknown)} or too many elements")
    added = dict.fromkeys(_FIGURES, 0)
    added.update(counters)
    for position, (count, total) in enumerate(sums):
        added[COUNT_FIELDS[position]] = count
        added[SUM_FIELDS[position]] = total
    columns = ", ".join(f'"{name}"' for name in _FIGURES)
    updates = ", ".join(f'"{name}" = "{_TABLE}"."{name}" + EXCLUDED."{name}"' for name in _FIGURES)
    placeholders = ", ".join(["%s"] * (2 + len(_FIGURES)))
    sql = " ".join(  # the model's own names; every value is a bound parameter
        [
            f'INSERT INTO "{_TABLE}" ("survey_id", "unit_id", {columns})',
            f"VALUES ({placeholders})",
            f'ON CONFLICT ("survey_id", "unit_id") DO UPDATE SET {updates}',
        ]
    )
    return sql, [survey_id, unit_id, *(added[name] for name in _FIGURES)]


def add(survey_id: int, unit_id: int, *, sums: Sums = (), **counters: int) -> None:
    """Add counters and element sums to a unit's row (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(*upsert(survey_id, unit_id, sums=sums, **counters))


COUNTED = f"CASE WHEN status = '{ResponseStatus.ACCEPTED.value}' THEN 1 ELSE 0 END"  # k: 1 or 0


def from_stored_sql(
    source: str, element_count: int, *, window_since: str, with_k: bool = False
) -> str:
    """Adds the online response read from `source` (a table or a CTE with the response's
    columns, filtered to that one row) to its unit's tallies: received, flagged, pending,
    rejected and paper by its status, flags and source; element counts and sums only when it
    is counted; and one to the code's minute (UnitTally.minute_count), which starts again at
    this response when the window began before `window_since` (a placeholder: the response's
    time less intake.RATE_TOKEN_WINDOW). `with_k`: the source has the column k (COUNTED)
    already, so the tally does not repeat its expression in every column that uses it.

    The public intake uses it so that a response's values travel to the database once and
    the statement text never changes (PostgreSQL prepares it); an existing row has only its
    first `element_count` element columns updated.
    """
    if element_count > MAX_ELEMENTS:
        raise ValueError("too many elements")
    pending = ResponseStatus.PENDING.value
    rejected, paper = ResponseStatus.REJECTED.value, ResponseSource.PAPER.value
    added = {
        "received": "1",
        "flagged": "CASE WHEN flags <> 0 THEN 1 ELSE 0 END",
        "pending": f"CASE WHEN status = '{pending}' THEN 1 ELSE 0 END",
        "accepted": "k",
        "rejected": f"CASE WHEN status = '{rejected}' THEN 1 ELSE 0 END",
        "paper": f"CASE WHEN source = '{paper}' THEN 1 ELSE 0 END",
    }
    for answer, count, total in list(zip(ANSWER_FIELDS, COUNT_FIELDS, SUM_FIELDS, strict=True))[
        :element_count
    ]:
        added[count] = f"CASE WHEN {answer} IS NULL THEN 0 ELSE k END"
        added[total] = f"COALESCE({answer}, 0) * k"
    updates = [f'{name} = "{_TABLE}".{name} + EXCLUDED.{name}' for name in added]
    in_window = f'"{_TABLE}".minute_started_at >= {window_since}'  # NULL: no window yet
    updates += [
        f'minute_count = CASE WHEN {in_window} THEN "{_TABLE}".minute_count + 1 ELSE 1 END',
        f'minute_started_at = CASE WHEN {in_window} THEN "{_TABLE}".minute_started_at '
        "ELSE EXCLUDED.minute_started_at END",
    ]
    inserted = {name: added.get(name, "0") for name in _FIGURES}  # a new row needs them all
    inserted.update(minute_started_at="submitted_at", minute_count="1")
    return " ".join(  # constant names and placeholders only: no value is spliced in
        [
            f'INSERT INTO "{_TABLE}" (survey_id, unit_id, {", ".join(inserted)})',
            f"SELECT survey_id, unit_id, {', '.join(inserted.values())}",
            f"FROM {source}" if with_k else f"FROM (SELECT *, {COUNTED} AS k FROM {source})",  # noqa: S608
            "AS stored WHERE true",  # WHERE: SQLite's upsert needs it
            f"ON CONFLICT (survey_id, unit_id) DO UPDATE SET {', '.join(updates)}",
        ]
    )


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
            # Writers add to the tallies in their own transactions; hold them off until the
            # recomputed figures are in place (their responses then count exactly once).
            with connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{_TABLE}" IN SHARE ROW EXCLUSIVE MODE')
        computed = computed_figures(surveys)
        found = differences(stored_figures(surveys), computed)
        if write:
            UnitTally.objects.filter(survey_id__in=[survey.pk for survey in surveys]).delete()
            UnitTally.objects.bulk_create(
                [
                    UnitTally(
                        survey_id=survey,
                        unit_id=unit,
                        **dict(zip(_FIGURES, values, strict=True)),
                    )
                    for (survey, unit), values in sorted(computed.items())
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
