"""The migrations that put the pakta list and the LHKPN/LHKASN list on one roster: forwards
they merge the two lists by unit, year and NIP, keeping every signature; backwards they give
each list its own rows again. In a module of its own: it runs outside a test transaction,
which the module-wide ministry of other modules would hold."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import build_ministry
from tests.pencanangan.conftest import make_year, nip
from zona.compliance.models import WealthReport
from zona.employees.models import Employee
from zona.pencanangan.models import AppSignature

BEFORE = [
    ("compliance", "0001_findings_wealth_reports_ministry_grades"),
    ("pencanangan", "0001_declarations_witnesses_pacts"),
]
AFTER = [
    ("compliance", "0004_wealth_reports_on_the_employee_roster"),
    ("pencanangan", "0004_pact_list_on_the_roster_only"),
]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)  # a fresh graph: the applied set changes
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_the_two_lists_become_one_roster_and_back() -> None:
    ministry = build_ministry()
    year = make_year(ministry.users["tim_kementerian"])
    unit, user = ministry.units["kanim_sby"], ministry.users["operator_sby"]
    state = _migrate(BEFORE).loader.project_state(BEFORE).apps
    pact_employee = state.get_model("pencanangan", "Employee")
    signature = state.get_model("pencanangan", "AppSignature")
    report = state.get_model("compliance", "WealthReport")
    on_both = pact_employee.objects.create(
        unit_id=unit.pk, assessment_year_id=year.pk, nip=nip(1), name="Ahmad", is_leader=True
    )
    pact_employee.objects.create(
        unit_id=unit.pk, assessment_year_id=year.pk, nip=nip(2), name="Ani", listed=False
    )
    pact_employee.objects.create(
        unit_id=unit.pk, assessment_year_id=year.pk, nip=nip(3), name="Budi"
    )
    signed = signature.objects.create(
        employee_id=on_both.pk, user_id=user.pk, signed_at=timezone.now(), text="", text_sha256=""
    )
    for n, name in ((1, "Dr. Ahmad"), (2, "Ani W."), (4, "Citra")):
        report.objects.create(
            unit_id=unit.pk,
            assessment_year_id=year.pk,
            nip=nip(n),
            name=name,
            position="Staf",
            obligation="LHKASN",
            status="sudah",
            report_date=date(2026, 1, 15),
        )

    _migrate(AFTER)
    roster = {e.nip: e for e in Employee.objects.filter(unit=unit, assessment_year=year)}
    assert sorted(roster) == [nip(1), nip(2), nip(3), nip(4)]
    assert roster[nip(1)].pk == on_both.pk and roster[nip(1)].name == "Ahmad"  # the pact's
    assert roster[nip(1)].is_leader
    assert roster[nip(2)].listed  # on the LHKPN/LHKASN list, so on the roster
    assert roster[nip(4)].name == "Citra" and roster[nip(4)].position == "Staf"
    assert AppSignature.objects.get(pk=signed.pk).employee == roster[nip(1)]
    linked = {r.employee.nip for r in WealthReport.objects.select_related("employee")}
    assert linked == {nip(1), nip(2), nip(4)}
    Employee.objects.create(unit=unit, assessment_year=year, nip=nip(5), name="New")  # ids go on

    state = _migrate(BEFORE).loader.project_state(BEFORE).apps
    back = state.get_model("compliance", "WealthReport")
    assert {(r.unit_id, r.nip, r.name) for r in back.objects.all()} == {
        (unit.pk, nip(1), "Ahmad"),
        (unit.pk, nip(2), "Ani"),
        (unit.pk, nip(4), "Citra"),
    }
    pact_list = state.get_model("pencanangan", "Employee").objects.all()
    assert {e.nip for e in pact_list} == {nip(n) for n in (1, 2, 3, 4, 5)}  # the whole roster
    assert state.get_model("pencanangan", "AppSignature").objects.get().employee_id == on_both.pk

    _migrate(_latest())
    assert Employee.objects.filter(unit=unit).count() == 5


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
