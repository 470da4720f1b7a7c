"""The Pakta Integritas list is the unit's employee roster (`zona.employees`): imported here
from the pakta page, with `pimpinan` required (the leaders must all sign), while stage 5 is
open for the unit; exported with each pact's status after the roster's columns, so it can be
edited and imported again (the status columns are ignored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from zona.core.tabular import Table
from zona.cycles.models import AssessmentYear
from zona.employees.importing import COLUMNS as ROSTER_COLUMNS
from zona.employees.importing import LEADER, RosterImport, import_roster, roster_cells
from zona.employees.models import Employee
from zona.organizations.models import Unit
from zona.pencanangan.services import require_window

if TYPE_CHECKING:
    from zona.accounts.models import User

COLUMNS = (*ROSTER_COLUMNS, LEADER)
EXPORT_COLUMNS = (*COLUMNS, "status", "cara", "waktu")
ImportSummary = RosterImport  # created, updated, unchanged, unlisted


def import_employees(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, table: Table
) -> ImportSummary:
    """The unit's roster for the year from the pakta page (see zona.employees.importing)."""
    require_window(assessment_year, unit)
    return import_roster(
        actor=actor, unit=unit, assessment_year=assessment_year, table=table, require=(LEADER,)
    )


def export_rows(employees: QuerySet[Employee]) -> list[list[object]]:
    """The year's list as it can be imported again, with each pact's status after it."""
    rows: list[list[object]] = []
    for e in employees.select_related("app_signature").prefetch_related("scans"):
        signature = getattr(e, "app_signature", None)
        scans = list(e.scans.all())
        if signature is not None:
            status, how = "sudah", "aplikasi"
            when = timezone.localtime(signature.signed_at).strftime("%Y-%m-%d %H:%M")
        elif scans:
            status, how = "sudah", "pindaian"
            when = timezone.localtime(scans[0].uploaded_at).strftime("%Y-%m-%d %H:%M")
        else:
            status, how, when = "belum", "", ""
        rows.append([*roster_cells(e, leader=True), status, how, when])
    return rows
