"""Bulk users with their memberships from XLSX/CSV: one row per membership, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zona.accounts.models import ROLE_UNIT_KINDS, Membership, Role, User
from zona.accounts.services import USER_FIELDS, set_admin_flags
from zona.audit.services import Change, change_of, diff, record_many, snapshot
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.organizations.models import Unit

USER_COLUMNS = ("nip", "email", "nama_lengkap", "kode_unit", "peran")
REQUIRED_USER_COLUMNS = USER_COLUMNS


@dataclass(frozen=True)
class UserImportSummary:
    users_created: int
    users_updated: int
    memberships_created: int


@dataclass
class _Row:
    number: int
    nip: str
    email: str
    full_name: str
    unit: Unit
    role: str

    @property
    def key(self) -> str:
        return self.nip or self.email


def user_export_rows(memberships: Any) -> list[list[object]]:
    return [
        [m.user.nip or "", m.user.email, m.user.full_name, m.unit.code, m.role]
        for m in memberships.select_related("user", "unit").order_by("user__username", "unit__code")
    ]


def import_users(*, actor: User, table: Table) -> UserImportSummary:
    missing = missing_columns(table, REQUIRED_USER_COLUMNS)
    if missing:
        raise ImportRejected([RowError(1, c, _("required column is missing")) for c in missing])
    with transaction.atomic():
        units = {u.code: u for u in Unit.objects.all()}
        rows, errors = _parse(table, units)
        users = {u.nip or u.email: u for u in _existing_users(rows)}
        errors += _check_identity(rows, users)
        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: e.row))
        return _apply(actor, rows, users)


def _parse(table: Table, units: dict[str, Unit]) -> tuple[list[_Row], list[RowError]]:
    rows, errors = [], []
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        nip, email = raw.get("nip", ""), raw.get("email", "").lower()
        name, unit_code, role = (
            raw.get("nama_lengkap", ""),
            raw.get("kode_unit", ""),
            raw.get("peran", ""),
        )
        row_errors = []
        if nip and not (nip.isdigit() and len(nip) == 18):
            row_errors.append(RowError(number, "nip", _("a NIP has exactly 18 digits")))
        if not nip and not email:
            row_errors.append(RowError(number, "nip", _("fill in the NIP or the e-mail")))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(RowError(number, "email", _("not a valid e-mail address")))
        if not name:
            row_errors.append(RowError(number, "nama_lengkap", _("required")))
        unit = units.get(unit_code)
        if unit is None:
            row_errors.append(
                RowError(number, "kode_unit", _("no unit with code %(code)s") % {"code": unit_code})
            )
        if role not in Role.values:
            row_errors.append(
                RowError(
                    number,
                    "peran",
                    _("must be one of: %(choices)s") % {"choices": ", ".join(Role.values)},
                )
            )
        elif unit is not None and unit.kind not in ROLE_UNIT_KINDS[role]:
            row_errors.append(
                RowError(
                    number,
                    "peran",
                    _("the role %(role)s cannot be held in a %(kind)s")
                    % {"role": role, "kind": unit.get_kind_display()},
                )
            )
        errors += row_errors
        if not row_errors:
            assert unit is not None
            rows.append(_Row(number, nip, email, name[:150], unit, role))
    return rows, errors


def _existing_users(rows: list[_Row]) -> list[User]:
    nips = {r.nip for r in rows if r.nip}
    emails = {r.email for r in rows if r.email and not r.nip}
    return list(User.objects.filter(nip__in=nips)) + list(
        User.objects.filter(email__in=emails, nip__isnull=True)
    )


def _check_identity(rows: list[_Row], users: dict[str, User]) -> list[RowError]:
    """One person per NIP, one e-mail per person, within the file and against the database."""
    errors = []
    first_row: dict[str, _Row] = {}
    email_key: dict[str, str] = {}
    emails = {r.email for r in rows if r.email}
    owner_in_db = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    for row in rows:
        first = first_row.setdefault(row.key, row)
        if (first.email, first.full_name) != (row.email, row.full_name):
            message = _("same person as row %(row)d but a different e-mail or name")
            errors.append(RowError(row.number, "email", message % {"row": first.number}))
            continue
        if not row.email:
            continue
        user = users.get(row.key)
        clash_in_file = email_key.setdefault(row.email, row.key) != row.key
        clash_in_db = row.email in owner_in_db and (
            user is None or owner_in_db[row.email] != user.pk
        )
        if clash_in_file or clash_in_db:
            message = _("e-mail %(email)s belongs to another person")
            errors.append(RowError(row.number, "email", message % {"email": row.email}))
    return errors


def _apply(actor: User, rows: list[_Row], users: dict[str, User]) -> UserImportSummary:
    changes: list[Change] = []
    created = updated = 0
    for row in rows:
        user = users.get(row.key)
        if user is None:
            user = User(
                username=row.key, nip=row.nip or None, email=row.email, full_name=row.full_name
            )
            user.set_unusable_password()
            user.save()
            users[row.key] = user
            created += 1
            changes.append(change_of("user.created", user, after=snapshot(user, USER_FIELDS)))
            continue
        before = snapshot(user, USER_FIELDS)
        user.email, user.full_name = row.email, row.full_name
        old, new = diff(before, snapshot(user, USER_FIELDS))
        if new:
            user.save(update_fields=list(new))
            updated += 1
            changes.append(change_of("user.updated", user, before=old, after=new))
    existing = set(
        Membership.objects.filter(user__in=list(users.values())).values_list(
            "user_id", "unit_id", "role"
        )
    )
    new_memberships = []
    for row in rows:
        user = users[row.key]
        key = (user.pk, row.unit.pk, row.role)
        if key not in existing:
            existing.add(key)
            new_memberships.append(Membership(user=user, unit=row.unit, role=row.role))
    Membership.objects.bulk_create(new_memberships)
    for membership in new_memberships:
        changes.append(
            change_of(
                "membership.granted",
                membership,
                after={
                    "user": membership.user_id,
                    "unit": membership.unit_id,
                    "role": membership.role,
                },
            )
        )
    record_many(actor, changes)
    for membership in new_memberships:
        if membership.role == Role.ADMINISTRATOR:
            set_admin_flags(actor, membership.user, True)
    return UserImportSummary(created, updated, len(new_memberships))
