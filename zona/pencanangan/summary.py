"""Reading the state of a unit's pencanangan: what other apps call, and what the pages show.

`pencanangan_status(unit, year)` answers for one unit in two queries; `pencanangan_statuses`
for a page of units in the same two queries. `minister_declaration(year)` is the Minister's
pencanangan (the Kementerian's own declaration), which every satker's follows (row 5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.models import (
    AppSignature,
    CharterVersion,
    Declaration,
    PactScan,
    Publication,
    Witness,
)
from zona.pencanangan.witnesses import (
    COUNTED_KINDS,
    WitnessRequirement,
    missing_witnesses,
    required_witnesses,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal:
    """`part` of `whole` in percent, two decimals, half up; 0.00 when `whole` is 0.

    Rounding never claims everyone or no one: 100.00 only when `part == whole`, 0.00 only
    when `part == 0` (19,999 of 20,000 is 99.99, not 100.00).
    """
    if whole <= 0:
        return Decimal("0.00")
    value = (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)
    if value == HUNDRED and part < whole:
        return HUNDRED - CENT
    if value == 0 and part > 0:
        return CENT
    return value


@dataclass(frozen=True)
class Completeness:
    """The four things a recorded pencanangan needs (Bab II A), for a unit of `unit_kind`."""

    unit_kind: str
    has_date: bool = False
    witnesses_present: frozenset[str] = frozenset()  # the kinds of the witnesses recorded
    has_publication: bool = False
    has_charter: bool = False  # the signed piagam, uploaded

    @property
    def witness_checklist(self) -> list[tuple[WitnessRequirement, bool]]:
        """Each witness the unit's kind needs, and whether one is recorded."""
        return [(r, r.met_by(self.witnesses_present)) for r in required_witnesses(self.unit_kind)]

    @property
    def missing_witnesses(self) -> tuple[WitnessRequirement, ...]:
        return missing_witnesses(self.unit_kind, self.witnesses_present)

    @property
    def has_witnesses(self) -> bool:
        """Every witness the regulation asks of this kind of unit is recorded."""
        return not self.missing_witnesses

    @property
    def complete(self) -> bool:
        return self.has_date and self.has_witnesses and self.has_publication and self.has_charter

    @property
    def done(self) -> int:
        return sum((self.has_date, self.has_witnesses, self.has_publication, self.has_charter))


@dataclass(frozen=True)
class PencananganStatus:
    declared: bool  # a date of the declaration is recorded
    complete: bool  # date, the witnesses for the unit's kind, a publication, the signed piagam
    employees: int  # on the year's list
    signed: int  # of them, with a pact signed in Zona or a scanned signed pact
    leaders: int
    leaders_signed: int
    rate: Decimal  # signed / employees in percent, two decimals (0.00 without a list)
    # the witnesses the regulation asks of the unit's kind that are not recorded, by name
    missing_witnesses: tuple[WitnessRequirement, ...] = ()
    declared_on: date | None = None
    minister_declared_on: date | None = None  # the Minister's pencanangan of the year

    @property
    def before_minister(self) -> bool:
        """Dated before the Minister's pencanangan, which the satker's follow (row 5)."""
        return (
            self.declared_on is not None
            and self.minister_declared_on is not None
            and self.declared_on < self.minister_declared_on
        )

    @property
    def leaders_rate(self) -> Decimal:
        return percent(self.leaders_signed, self.leaders)

    @property
    def all_leaders_signed(self) -> bool:
        return self.leaders > 0 and self.leaders_signed == self.leaders

    @property
    def most_signed(self) -> bool:
        """More than half of the employees signed ("sebagian besar")."""
        return self.employees > 0 and self.signed * 2 > self.employees

    @property
    def pact_met(self) -> bool:
        """ "Para pimpinan dan seluruh atau sebagian besar pegawainya" signed (Bab II A)."""
        return self.all_leaders_signed and self.most_signed


def signed_condition() -> Q:
    """An employee whose pact is signed: in Zona, or by a scanned signed pact."""
    return Q(Exists(AppSignature.objects.filter(employee=OuterRef("pk")))) | Q(
        Exists(PactScan.objects.filter(employee=OuterRef("pk")))
    )


def _witness_flag(kind: str) -> str:
    return f"has_witness_{kind}"


def ministry_declarations() -> QuerySet[Declaration]:
    """The Minister's pencanangan of each year: the Kementerian's own declarations."""
    return Declaration.objects.filter(unit__kind=UnitKind.KEMENTERIAN).order_by("unit__path")


def minister_declaration(year: AssessmentYear) -> Declaration | None:
    return ministry_declarations().filter(assessment_year=year).first()


def declarations_with_completeness(
    declarations: QuerySet[Declaration],
) -> QuerySet[Declaration]:
    """Annotated with what `completeness_of` reads."""
    return declarations.annotate(
        **{
            _witness_flag(kind): Exists(
                Witness.objects.filter(declaration=OuterRef("pk"), kind=kind)
            )
            for kind in COUNTED_KINDS
        },
        has_publication=Exists(Publication.objects.filter(declaration=OuterRef("pk"))),
        has_charter=Exists(CharterVersion.objects.filter(declaration=OuterRef("pk"))),
    )


def completeness_of(declaration: Declaration | None, unit_kind: str) -> Completeness:
    """From a declaration annotated by `declarations_with_completeness` (or none yet) of a
    unit of `unit_kind`."""
    if declaration is None:
        return Completeness(unit_kind)
    return Completeness(
        unit_kind,
        has_date=declaration.declared_on is not None,
        witnesses_present=frozenset(
            kind for kind in COUNTED_KINDS if getattr(declaration, _witness_flag(kind), False)
        ),
        has_publication=bool(getattr(declaration, "has_publication", False)),
        has_charter=bool(getattr(declaration, "has_charter", False)),
    )


def pencanangan_statuses(
    units: Iterable[Unit], year: AssessmentYear
) -> dict[int, PencananganStatus]:
    """The status of each unit for the year, in two queries however many units (the
    Minister's pencanangan comes with the units' declarations)."""
    units = list(units)
    unit_ids = [unit.pk for unit in units]
    unit_filter = Q(unit_id__in=unit_ids)
    found = declarations_with_completeness(
        Declaration.objects.filter(
            unit_filter | Q(unit__kind=UnitKind.KEMENTERIAN), assessment_year=year
        ).annotate(unit_kind=F("unit__kind"))
    ).order_by("unit__path")
    declarations: dict[int, Declaration] = {}
    minister_declared_on = None
    for d in found:
        declarations[d.unit_id] = d
        if getattr(d, "unit_kind", "") == UnitKind.KEMENTERIAN and minister_declared_on is None:
            minister_declared_on = d.declared_on
    signed = signed_condition()
    counts: dict[int, Any] = {
        row["unit_id"]: row
        for row in Employee.objects.filter(unit_filter, assessment_year=year, listed=True)
        .values("unit_id")
        .annotate(
            employees=Count("pk"),
            signed=Count("pk", filter=signed),
            leaders=Count("pk", filter=Q(is_leader=True)),
            leaders_signed=Count("pk", filter=Q(is_leader=True) & signed),
        )
        .order_by()
    }
    result = {}
    for unit in units:
        declaration = declarations.get(unit.pk)
        completeness = completeness_of(declaration, unit.kind)
        row = counts.get(unit.pk, {})
        employees = row.get("employees", 0)
        done = row.get("signed", 0)
        result[unit.pk] = PencananganStatus(
            declared=completeness.has_date,
            complete=completeness.complete,
            employees=employees,
            signed=done,
            leaders=row.get("leaders", 0),
            leaders_signed=row.get("leaders_signed", 0),
            rate=percent(done, employees),
            missing_witnesses=completeness.missing_witnesses,
            declared_on=declaration.declared_on if declaration else None,
            minister_declared_on=minister_declared_on,
        )
    return result


def pencanangan_status(unit: Unit, year: AssessmentYear) -> PencananganStatus:
    """Whether `unit` declared its ZI in `year`, whether the record is complete, and how many
    of its employees (and of its leaders) signed the Pakta Integritas."""
    return pencanangan_statuses([unit], year)[unit.pk]
