"""Reading the state of a unit's pencanangan: what other apps call, and what the pages show.

`pencanangan_status(unit, year)` answers for one unit in two queries; `pencanangan_statuses`
for a page of units in the same two queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit
from zona.pencanangan.models import (
    EXTERNAL_WITNESS_KINDS,
    AppSignature,
    CharterVersion,
    Declaration,
    PactScan,
    Publication,
    Witness,
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
    """The four things a recorded pencanangan needs (Bab II A)."""

    has_date: bool = False
    has_external_witness: bool = False  # KPK, Ombudsman RI or Forkopimda/OPD
    has_publication: bool = False
    has_charter: bool = False  # the signed piagam, uploaded

    @property
    def complete(self) -> bool:
        return (
            self.has_date
            and self.has_external_witness
            and self.has_publication
            and self.has_charter
        )

    @property
    def done(self) -> int:
        return sum(
            (self.has_date, self.has_external_witness, self.has_publication, self.has_charter)
        )


@dataclass(frozen=True)
class PencananganStatus:
    declared: bool  # a date of the declaration is recorded
    complete: bool  # date, an external witness, a publication and the signed piagam
    employees: int  # on the year's list
    signed: int  # of them, with a pact signed in Zona or a scanned signed pact
    leaders: int
    leaders_signed: int
    rate: Decimal  # signed / employees in percent, two decimals (0.00 without a list)

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


def declarations_with_completeness(
    declarations: QuerySet[Declaration],
) -> QuerySet[Declaration]:
    return declarations.annotate(
        has_external_witness=Exists(
            Witness.objects.filter(declaration=OuterRef("pk"), kind__in=EXTERNAL_WITNESS_KINDS)
        ),
        has_publication=Exists(Publication.objects.filter(declaration=OuterRef("pk"))),
        has_charter=Exists(CharterVersion.objects.filter(declaration=OuterRef("pk"))),
    )


def completeness_of(declaration: Declaration | None) -> Completeness:
    """From a declaration annotated by `declarations_with_completeness` (or none yet)."""
    if declaration is None:
        return Completeness()
    return Completeness(
        has_date=declaration.declared_on is not None,
        has_external_witness=bool(getattr(declaration, "has_external_witness", False)),
        has_publication=bool(getattr(declaration, "has_publication", False)),
        has_charter=bool(getattr(declaration, "has_charter", False)),
    )


def pencanangan_statuses(
    units: Iterable[Unit], year: AssessmentYear
) -> dict[int, PencananganStatus]:
    """The status of each unit for the year, in two queries however many units."""
    unit_ids = [unit.pk for unit in units]
    unit_filter = Q(unit_id__in=unit_ids)
    declarations = {
        d.unit_id: d
        for d in declarations_with_completeness(
            Declaration.objects.filter(unit_filter, assessment_year=year)
        )
    }
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
    for pk in unit_ids:
        declaration = declarations.get(pk)
        row = counts.get(pk, {})
        employees = row.get("employees", 0)
        done = row.get("signed", 0)
        result[pk] = PencananganStatus(
            declared=declaration is not None and declaration.declared_on is not None,
            complete=completeness_of(declaration).complete,
            employees=employees,
            signed=done,
            leaders=row.get("leaders", 0),
            leaders_signed=row.get("leaders_signed", 0),
            rate=percent(done, employees),
        )
    return result


def pencanangan_status(unit: Unit, year: AssessmentYear) -> PencananganStatus:
    """Whether `unit` declared its ZI in `year`, whether the record is complete, and how many
    of its employees (and of its leaders) signed the Pakta Integritas."""
    return pencanangan_statuses([unit], year)[unit.pk]
