"""`pencanangan_status`: the counts and the rate other apps read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Ministry
from tests.pencanangan.conftest import add_employee, make_year, pdf
from zona.accounts.services import create_user
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.pencanangan.services import sign_pact, upload_scan
from zona.pencanangan.summary import (
    PencananganStatus,
    pencanangan_status,
    pencanangan_statuses,
    percent,
)
from zona.pencanangan.witnesses import IN_A_PROVINCE


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, "0.00"),
        (0, 7, "0.00"),
        (7, 7, "100.00"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 8, "12.50"),
        (1, 20_000, "0.01"),  # 0.005 rounds half up, not to even
        (3, 40_000, "0.01"),  # 0.0075
        (199, 200, "99.50"),
        (19_999, 20_000, "99.99"),  # 99.995, but 100 % means everyone
        (1, 30_000, "0.01"),  # 0.0033, but 0 % means no one
    ],
)
def test_percent(part: int, whole: int, expected: str) -> None:
    assert percent(part, whole) == Decimal(expected)


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_percent_stays_between_0_and_100(part: int, whole: int) -> None:
    part = min(part, whole)
    rate = percent(part, whole)
    assert Decimal(0) <= rate <= Decimal(100)
    assert rate.as_tuple().exponent == -2
    assert abs(rate - Decimal(part) * 100 / Decimal(whole)) <= Decimal("0.01")
    assert (rate == 100) == (part == whole)
    assert (rate == 0) == (part == 0)


def _signer(employee: Employee) -> object:
    user = create_user(
        actor=None, nip=employee.nip, email=f"{employee.nip}@example.go.id", full_name="P"
    )
    sign_pact(actor=user, employee=employee, agreed=True)
    return user


def test_the_counts_of_a_unit(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    operator = ministry.users["operator_sby"]
    head = add_employee(unit, year, 1, leader=True)
    deputy = add_employee(unit, year, 2, leader=True)
    staff = [add_employee(unit, year, n) for n in range(3, 11)]  # 8 staff: 10 in all
    _signer(head)
    upload_scan(actor=operator, employee=deputy, upload=pdf("wakil.pdf"))
    _signer(staff[0])
    upload_scan(actor=operator, employee=staff[0], upload=pdf("a.pdf"))  # both: counted once
    upload_scan(actor=operator, employee=staff[1], upload=pdf("b.pdf"))
    upload_scan(actor=operator, employee=staff[1], upload=pdf("b2.pdf"))  # two versions: once
    # Not counted: someone off the list (even signed), another unit, another year.
    gone = add_employee(unit, year, 20)
    _signer(gone)
    Employee.objects.filter(pk=gone.pk).update(listed=False)
    add_employee(ministry.units["kanim_dps"], year, 21)
    other_year = make_year(operator, year=2027)
    add_employee(unit, other_year, 22)

    status = pencanangan_status(unit, year)
    assert status == PencananganStatus(
        declared=False,
        complete=False,
        employees=10,
        signed=4,
        leaders=2,
        leaders_signed=2,
        rate=Decimal("40.00"),
        missing_witnesses=IN_A_PROVINCE,  # nothing declared yet
    )
    assert status.leaders_rate == Decimal("100.00")
    assert status.all_leaders_signed and not status.most_signed and not status.pact_met
    for n in (3, 4):
        upload_scan(actor=operator, employee=staff[n], upload=pdf(f"s{n}.pdf"))
    status = pencanangan_status(unit, year)
    assert (status.signed, status.rate) == (6, Decimal("60.00"))
    assert status.most_signed and status.pact_met


def test_half_is_not_most(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    a, b = add_employee(unit, year, 1, leader=True), add_employee(unit, year, 2)
    _signer(a)
    status = pencanangan_status(unit, year)
    assert status.rate == Decimal("50.00")
    assert status.all_leaders_signed and not status.most_signed and not status.pact_met
    _signer(b)
    assert pencanangan_status(unit, year).pact_met


def test_no_leader_on_the_list_never_meets_the_pact(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    _signer(add_employee(unit, year, 1))
    status = pencanangan_status(unit, year)
    assert status.rate == Decimal("100.00") and status.leaders == 0
    assert not status.all_leaders_signed and not status.pact_met
    assert status.leaders_rate == Decimal("0.00")


def test_a_unit_without_anything(ministry: Ministry, year: AssessmentYear) -> None:
    status = pencanangan_status(ministry.units["lapas_sby"], year)
    assert status == PencananganStatus(
        False, False, 0, 0, 0, 0, Decimal("0.00"), missing_witnesses=IN_A_PROVINCE
    )


def test_many_units_in_two_queries(ministry: Ministry, year: AssessmentYear) -> None:
    units = [u for k, u in ministry.units.items() if k != "kementerian"]
    for n, unit in enumerate(units):
        add_employee(unit, year, n, leader=n % 2 == 0)
    with CaptureQueriesContext(connection) as few:
        pencanangan_statuses(units[:2], year)
    with CaptureQueriesContext(connection) as many:
        statuses = pencanangan_statuses(units, year)
    assert len(few) == len(many) == 2
    assert sum(s.employees for s in statuses.values()) == len(units)
    assert set(statuses) == {u.pk for u in units}
