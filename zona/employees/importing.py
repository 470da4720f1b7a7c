"""The roster of a unit for a year from XLSX/CSV, and its columns in an export: the one import
that both the LHKPN/LHKASN list (compliance) and the Pakta Integritas list (pencanangan) go
through. Every row is checked, and all is written or nothing.

The roster's columns are `nip, nama, jabatan` and, when the file has it, `pimpinan` (ya /
tidak, empty means tidak; without the column a listed employee keeps what they were). A
feature adds columns of its own after them (`Cells`): the LHKPN/LHKASN list its `kewajiban,
status, tanggal_lapor`, which compliance writes with the roster, in the same transaction.

The file is the unit's whole list for the year. Employees are added or updated by NIP; one
who is no longer in the file is taken off the list (`listed=False`), never deleted, and is
listed again when a later file names them again. Every change is an audit event
(`employee.created`, `employee.updated`, `employee.unlisted`, `employee.relisted`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import Change, change_of, diff, record_many, snapshot
from zona.core.cells import text_cell
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

LEADER = "pimpinan"
COLUMNS = ("nip", "nama", "jabatan")  # every roster file; LEADER after them where it is read
REQUIRED = ("nip", "nama")
FIELDS = ("name", "position", "is_leader", "listed")
NIP_RE = re.compile(r"^\d{18}$")
YES = frozenset({"ya", "y", "1", "true", "benar"})
NO = frozenset({"tidak", "t", "0", "false", "salah", ""})


@dataclass(frozen=True)
class Cells:
    """A feature's own columns after the roster's: their names, those the file must have,
    and how one row's cells are read (problems appended to the list given)."""

    names: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    read: Callable[[dict[str, str], int, list[RowError]], dict[str, Any]] = lambda *_: {}


@dataclass(frozen=True)
class RosterImport:
    created: int
    updated: int
    unchanged: int
    unlisted: int
    employees: dict[str, Employee] = field(default_factory=dict)  # the file's, by NIP, saved
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)  # the feature's, by NIP
    taken_off: list[Employee] = field(default_factory=list)  # off the list since this file
    changed: frozenset[str] = frozenset()  # NIPs of the file's employees changed or relisted


NO_CELLS = Cells()


def import_roster(
    *,
    actor: User,
    unit: Unit,
    assessment_year: AssessmentYear,
    table: Table,
    require: tuple[str, ...] = (),
    extra: Cells = NO_CELLS,
) -> RosterImport:
    """The unit's roster for the year is the file (see the module). `require` names roster
    columns the caller needs beyond nip and nama (the pact list: `pimpinan`)."""
    missing = missing_columns(table, (*REQUIRED, *require, *extra.required))
    if missing:
        raise ImportRejected([RowError(1, col, _("required column is missing")) for col in missing])
    with transaction.atomic():
        rows, cells, errors = _parse(table, extra)
        if errors:
            order = (*COLUMNS, LEADER, *extra.names)
            errors.sort(key=lambda e: (e.row, order.index(e.column) if e.column in order else 99))
            raise ImportRejected(errors)
        if not rows:
            raise ImportRejected([RowError(2, "nip", _("the file lists no employee"))])
        return _apply(actor, unit, assessment_year, rows, cells)


def roster_cells(employee: Employee, *, leader: bool = False) -> list[object]:
    """The roster's columns of one employee in an export (COLUMNS, then LEADER if asked), as
    the import reads them back."""
    cells: list[object] = [employee.nip, employee.name, employee.position]
    if leader:
        cells.append("ya" if employee.is_leader else "tidak")
    return cells


def _parse(
    table: Table, extra: Cells
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    cells: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    reads_leader = LEADER in table.header
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        row_errors: list[RowError] = []
        nip = _nip(raw, number, row_errors, seen)
        data: dict[str, Any] = {
            "nip": nip,
            "name": text_cell(raw, "nama", number, row_errors, limit=150),
            "position": text_cell(raw, "jabatan", number, row_errors, limit=200, required=False),
        }
        if reads_leader:
            data["is_leader"] = _leader(raw, number, row_errors)
        own = extra.read(raw, number, row_errors)
        errors += row_errors
        if not row_errors:
            rows.append(data)
            cells[nip] = own
    return rows, cells, errors


def _nip(raw: dict[str, str], number: int, errors: list[RowError], seen: dict[str, int]) -> str:
    nip = raw.get("nip", "").replace(" ", "").replace(".", "")
    if not nip:
        errors.append(RowError(number, "nip", _("required")))
    elif not NIP_RE.match(nip):
        errors.append(RowError(number, "nip", _("a NIP has exactly 18 digits"), found=nip[:30]))
    elif nip in seen:
        errors.append(
            RowError(
                number,
                "nip",
                _("NIP %(nip)s already appears in row %(row)d") % {"nip": nip, "row": seen[nip]},
            )
        )
    else:
        seen[nip] = number
    return nip


def _leader(raw: dict[str, str], number: int, errors: list[RowError]) -> bool:
    leader = raw.get(LEADER, "").lower()
    if leader not in YES | NO:
        errors.append(
            RowError(number, LEADER, _("write “ya” for a leader or “tidak”"), found=leader[:30])
        )
    return leader in YES


def _apply(
    actor: User,
    unit: Unit,
    year: AssessmentYear,
    rows: list[dict[str, Any]],
    cells: dict[str, dict[str, Any]],
) -> RosterImport:
    existing = {
        e.nip: e
        for e in Employee.objects.select_for_update().filter(unit=unit, assessment_year=year)
    }
    changes: list[Change] = []
    now = timezone.now()
    new_employees: list[Employee] = []
    to_update: list[Employee] = []
    kept: dict[str, Employee] = {}
    for data in rows:
        employee = existing.pop(data["nip"], None)
        if employee is None:
            new_employees.append(
                Employee(unit=unit, assessment_year=year, updated_by=actor, listed=True, **data)
            )
            continue
        kept[employee.nip] = employee
        before = snapshot(employee, FIELDS)
        for name, value in data.items():
            setattr(employee, name, value)
        employee.listed = True
        old, new = diff(before, snapshot(employee, FIELDS))
        if new:
            employee.updated_by, employee.updated_at = actor, now
            to_update.append(employee)
            action = "employee.relisted" if "listed" in new else "employee.updated"
            changes.append(change_of(action, employee, before=old, after=new | {"import": True}))
    taken_off = [e for e in existing.values() if e.listed]
    for employee in taken_off:
        employee.listed, employee.updated_by, employee.updated_at = False, actor, now
        changes.append(
            change_of(
                "employee.unlisted",
                employee,
                before={"listed": True},
                after={"listed": False, "import": True},
            )
        )
    # One UPDATE per changed employee: Django's bulk_update builds CASE expressions whose cost
    # grows with the square of the batch (2,000 changed rows took 6 s; this takes well under 1).
    for employee in to_update:
        employee.save(update_fields=[*FIELDS, "updated_by", "updated_at"])
    Employee.objects.filter(pk__in=[e.pk for e in taken_off]).update(
        listed=False, updated_by=actor, updated_at=now
    )
    Employee.objects.bulk_create(new_employees, batch_size=500)
    created = list(
        Employee.objects.filter(
            unit=unit, assessment_year=year, nip__in=[e.nip for e in new_employees]
        )
    )
    changes += [
        change_of(
            "employee.created",
            employee,
            after=snapshot(employee, ("nip", *FIELDS, "unit", "assessment_year"))
            | {"import": True},
        )
        for employee in created
    ]
    record_many(actor, changes)
    return RosterImport(
        created=len(created),
        updated=len(to_update),
        unchanged=len(kept) - len(to_update),
        unlisted=len(taken_off),
        employees=kept | {e.nip: e for e in created},
        cells=cells,
        taken_off=taken_off,
        changed=frozenset(e.nip for e in to_update),
    )
