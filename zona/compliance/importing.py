"""Findings and employee lists from XLSX/CSV: every row checked, all written or none.

Findings (`FINDING_COLUMNS`) are added or updated by (unit, source, report number, finding
number); a finding absent from the file stays. The employee list (`WEALTH_COLUMNS`) is the unit's
roster for the year (`zona.employees.importing`) with each employee's wealth report after the
roster's columns: employees are added or updated by NIP, and those absent from the file are
taken off the roster, their reports removed. Both exports use the same layout, so an export can
be edited and imported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import Change, change_of, diff, record_many, snapshot
from zona.compliance.models import (
    Finding,
    FindingSource,
    FindingStatus,
    Obligation,
    ReportStatus,
    WealthReport,
)
from zona.compliance.services import FINDING_FIELDS, WEALTH_FIELDS
from zona.core.cells import text_cell
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.cycles.models import AssessmentYear
from zona.employees.importing import COLUMNS as ROSTER_COLUMNS
from zona.employees.importing import Cells, RosterImport, import_roster, roster_cells
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

FINDING_COLUMNS = (
    "kode_unit",
    "sumber",
    "nomor_laporan",
    "tanggal_laporan",
    "nomor_temuan",
    "temuan",
    "rekomendasi",
    "batas_waktu",
    "status",
)
REQUIRED_FINDING_COLUMNS = (
    "sumber",
    "nomor_laporan",
    "tanggal_laporan",
    "nomor_temuan",
    "temuan",
    "rekomendasi",
)

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    removed: int = 0


def parse_date(text: str) -> date | None:
    """A date written as 2026-01-31, 31/01/2026 or 31-01-2026 (or an Excel date cell)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _date_cell(
    raw: dict[str, str], column: str, number: int, errors: list[RowError], *, required: bool
) -> date | None:
    text = raw.get(column, "")
    if not text:
        if required:
            errors.append(RowError(number, column, _("required")))
        return None
    value = parse_date(text)
    if value is None:
        errors.append(
            RowError(number, column, _("not a date: write it as YYYY-MM-DD or DD/MM/YYYY"))
        )
    return value


def _choice_cell(
    raw: dict[str, str],
    column: str,
    number: int,
    errors: list[RowError],
    choices: Iterable[str],
    *,
    default: str | None = None,
    upper: bool = False,
) -> str:
    text = raw.get(column, "")
    text = text.upper() if upper else text.lower()
    if not text and default is not None:
        return default
    choices = list(choices)
    if text not in choices:
        errors.append(
            RowError(
                number, column, _("must be one of: %(choices)s") % {"choices": ", ".join(choices)}
            )
        )
    return text


def _sort(errors: list[RowError], columns: tuple[str, ...]) -> list[RowError]:
    return sorted(
        errors, key=lambda e: (e.row, columns.index(e.column) if e.column in columns else 99)
    )


def _require_columns(table: Table, required: Iterable[str]) -> None:
    missing = missing_columns(table, required)
    if missing:
        raise ImportRejected([RowError(1, col, _("required column is missing")) for col in missing])


# --- findings ------------------------------------------------------------------------------


def import_findings(
    *,
    actor: User,
    assessment_year: AssessmentYear,
    table: Table,
    unit: Unit | None = None,
    units: QuerySet[Unit] | None = None,
) -> ImportSummary:
    """Findings of one unit (`unit`; `kode_unit` optional and must name it) or of many
    (`units`, the units the actor may touch; `kode_unit` required)."""
    required = (
        REQUIRED_FINDING_COLUMNS if unit is not None else ("kode_unit", *REQUIRED_FINDING_COLUMNS)
    )
    _require_columns(table, required)
    with transaction.atomic():
        rows, errors = _parse_findings(table, unit, units)
        if errors:
            raise ImportRejected(_sort(errors, FINDING_COLUMNS))
        return _apply_findings(actor, assessment_year, rows)


def _parse_findings(
    table: Table, unit: Unit | None, units: QuerySet[Unit] | None
) -> tuple[list[tuple[int, Unit, dict[str, Any]]], list[RowError]]:
    known: dict[str, Unit] = {}
    if unit is None and units is not None:
        codes = {raw.get("kode_unit", "") for raw in table.rows} - {""}
        known = {u.code: u for u in units.filter(code__in=codes)}
    errors: list[RowError] = []
    rows: list[tuple[int, Unit, dict[str, Any]]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        row_errors: list[RowError] = []
        code = raw.get("kode_unit", "")
        target: Unit | None = unit
        if unit is not None:
            if code and code != unit.code:
                row_errors.append(
                    RowError(
                        number,
                        "kode_unit",
                        _(
                            "this file is for unit %(code)s: leave the column empty "
                            "or write %(code)s"
                        )
                        % {"code": unit.code},
                    )
                )
        elif not code:
            row_errors.append(RowError(number, "kode_unit", _("required")))
        else:
            target = known.get(code)
            if target is None:
                row_errors.append(
                    RowError(number, "kode_unit", _("no unit with code %(code)s") % {"code": code})
                )
        data: dict[str, Any] = {
            "source": _choice_cell(
                raw, "sumber", number, row_errors, FindingSource.values, upper=True
            ),
            "report_number": text_cell(raw, "nomor_laporan", number, row_errors, limit=120),
            "report_date": _date_cell(raw, "tanggal_laporan", number, row_errors, required=True),
            "number": text_cell(raw, "nomor_temuan", number, row_errors, limit=32),
            "finding": text_cell(raw, "temuan", number, row_errors, limit=10_000),
            "recommendation": text_cell(raw, "rekomendasi", number, row_errors, limit=10_000),
            "due_date": _date_cell(raw, "batas_waktu", number, row_errors, required=False),
            "status": _choice_cell(
                raw, "status", number, row_errors, FindingStatus.values, default=""
            ),
        }
        if target is not None and not row_errors:
            key = (target.code, data["source"], data["report_number"], data["number"])
            if key in seen:
                row_errors.append(
                    RowError(
                        number,
                        "nomor_temuan",
                        _("the same finding already appears in row %(row)d") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        errors += row_errors
        if not row_errors and target is not None:
            rows.append((number, target, data))
    return rows, errors


def _apply_findings(
    actor: User, year: AssessmentYear, rows: list[tuple[int, Unit, dict[str, Any]]]
) -> ImportSummary:
    unit_ids = {target.pk for _, target, _ in rows}
    existing = {
        (f.unit_id, f.source, f.report_number, f.number): f
        for f in Finding.objects.select_for_update().filter(
            assessment_year=year, unit_id__in=unit_ids
        )
    }
    fields = (*FINDING_FIELDS, "status")
    changes: list[Change] = []
    updated = unchanged = 0
    now = timezone.now()
    new_findings: list[Finding] = []
    to_update: list[Finding] = []
    for _number, target, data in rows:
        key = (target.pk, data["source"], data["report_number"], data["number"])
        finding = existing.get(key)
        if finding is None:
            new_findings.append(
                Finding(
                    unit=target,
                    assessment_year=year,
                    created_by=actor,
                    status=data["status"] or FindingStatus.OPEN,
                    **{name: data[name] for name in FINDING_FIELDS},
                )
            )
            continue
        finding.updated_at = now
        before = snapshot(finding, fields)
        for name in FINDING_FIELDS:
            setattr(finding, name, data[name])
        if data["status"]:
            finding.status = data["status"]
        old, new = diff(before, snapshot(finding, fields))
        if new:
            updated += 1
            to_update.append(finding)
            changes.append(
                change_of("finding.updated", finding, before=old, after=new | {"import": True})
            )
        else:
            unchanged += 1
    Finding.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=500)
    Finding.objects.bulk_create(new_findings, batch_size=500)
    keys = {(f.unit_id, f.source, f.report_number, f.number) for f in new_findings}
    created_rows = [
        f
        for f in Finding.objects.filter(assessment_year=year, unit_id__in=unit_ids)
        if (f.unit_id, f.source, f.report_number, f.number) in keys
    ]
    changes += [
        change_of(
            "finding.created",
            finding,
            after=snapshot(finding, (*fields, "unit", "assessment_year")) | {"import": True},
        )
        for finding in created_rows
    ]
    record_many(actor, changes)
    return ImportSummary(created=len(new_findings), updated=updated, unchanged=unchanged)


def finding_export_rows(findings: QuerySet[Finding]) -> list[list[object]]:
    return [
        [
            f.unit.code,
            f.source,
            f.report_number,
            f.report_date.isoformat(),
            f.number,
            f.finding,
            f.recommendation,
            f.due_date.isoformat() if f.due_date else "",
            f.status,
        ]
        for f in findings.select_related("unit").order_by(
            "unit__path", "report_date", "report_number", "number", "pk"
        )
    ]


# --- employees' wealth reports --------------------------------------------------------------


def import_wealth_reports(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, table: Table
) -> ImportSummary:
    """The unit's roster for the year with each employee's wealth report: the file is the list
    (added, changed, taken off), one transaction for both."""
    with transaction.atomic():
        roster = import_roster(
            actor=actor, unit=unit, assessment_year=assessment_year, table=table, extra=WEALTH
        )
        return _apply_wealth(actor, roster)


def _read_wealth(raw: dict[str, str], number: int, errors: list[RowError]) -> dict[str, Any]:
    obligation = _choice_cell(raw, "kewajiban", number, errors, Obligation.values, upper=True)
    status = _choice_cell(raw, "status", number, errors, ReportStatus.values)
    report_date = _date_cell(raw, "tanggal_lapor", number, errors, required=False)
    if status == ReportStatus.FILED and not raw.get("tanggal_lapor"):
        errors.append(RowError(number, "tanggal_lapor", _("required when the status is 'sudah'")))
    elif status == ReportStatus.NOT_FILED and raw.get("tanggal_lapor"):
        errors.append(
            RowError(number, "tanggal_lapor", _("leave it empty when the status is 'belum'"))
        )
    elif report_date is not None and report_date > timezone.localdate():
        errors.append(RowError(number, "tanggal_lapor", _("the date is in the future")))
    return {"obligation": obligation, "status": status, "report_date": report_date}


WEALTH = Cells(
    names=("kewajiban", "status", "tanggal_lapor"),
    required=("kewajiban", "status"),
    read=_read_wealth,
)
WEALTH_COLUMNS = (*ROSTER_COLUMNS, *WEALTH.names)


def _apply_wealth(actor: User, roster: RosterImport) -> ImportSummary:
    """Each listed employee's report as the file gives it; the reports of those the file took
    off the list are removed."""
    employees = [*roster.employees.values(), *roster.taken_off]
    existing = {
        r.employee_id: r
        for r in WealthReport.objects.select_for_update()
        .select_related("employee")
        .filter(employee__in=employees)
    }
    changes: list[Change] = []
    new_reports: list[WealthReport] = []
    updated = unchanged = 0
    for nip, employee in roster.employees.items():
        data = roster.cells[nip]
        report = existing.get(employee.pk)
        if report is None:
            new_reports.append(WealthReport(employee=employee, updated_by=actor, **data))
            continue
        before = snapshot(report, WEALTH_FIELDS)
        for name, value in data.items():
            setattr(report, name, value)
        old, new = diff(before, snapshot(report, WEALTH_FIELDS))
        if new:
            report.updated_by = actor
            report.save(update_fields=[*WEALTH_FIELDS, "updated_by", "updated_at"])
            changes.append(
                change_of("wealth_report.updated", report, before=old, after=new | {"import": True})
            )
        if new or nip in roster.changed:
            updated += 1
        else:
            unchanged += 1
    removed = [existing[e.pk] for e in roster.taken_off if e.pk in existing]
    changes += [
        change_of("wealth_report.removed", report, before=_described(report)) for report in removed
    ]
    WealthReport.objects.filter(pk__in=[r.pk for r in removed]).delete()
    WealthReport.objects.bulk_create(new_reports, batch_size=500)
    created = WealthReport.objects.select_related("employee").filter(
        employee__in=[r.employee for r in new_reports]
    )
    changes += [
        change_of("wealth_report.created", report, after=_described(report) | {"import": True})
        for report in created
    ]
    record_many(actor, changes)
    return ImportSummary(
        created=len(new_reports), updated=updated, unchanged=unchanged, removed=roster.unlisted
    )


def _described(report: WealthReport) -> dict[str, Any]:
    """A report with whose it is, as its audit events show it."""
    employee = report.employee
    return snapshot(report, ("employee", *WEALTH_FIELDS)) | {
        "nip": employee.nip,
        "name": employee.name,
        "unit": employee.unit_id,
        "assessment_year": employee.assessment_year_id,
    }


def wealth_export_rows(reports: QuerySet[WealthReport]) -> list[list[object]]:
    return [
        [
            *roster_cells(r.employee),
            r.obligation,
            r.status,
            r.report_date.isoformat() if r.report_date else "",
        ]
        for r in reports.select_related("employee").order_by(
            "-obligation", "employee__name", "employee__nip"
        )
    ]
