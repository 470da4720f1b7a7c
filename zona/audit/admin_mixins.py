"""Django admin edits of master data leave the same audit trail as every other change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from zona.audit.services import Change, change_of, diff, record, record_many, snapshot


def _fields(obj: models.Model, names: tuple[str, ...] | None) -> tuple[str, ...]:
    if names is not None:
        return names
    return tuple(
        f.name
        for f in obj._meta.concrete_fields
        if f.name not in {"id", "password", "path", "depth"}
    )


def _label(obj: models.Model) -> str:
    return obj._meta.model_name or "object"


class AuditedAdminMixin:
    """Writes `<model>.created/updated/deleted` events, with the fields in `audit_fields`."""

    audit_fields: tuple[str, ...] | None = None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        names = _fields(obj, self.audit_fields)
        before = {}
        if change:
            before = snapshot(type(obj).objects.get(pk=obj.pk), names)
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self.after_save(obj)
        after = snapshot(obj, names)
        if not change:
            record(request.user, change_of(f"{_label(obj)}.created", obj, after=after))
            return
        old, new = diff(before, after)
        if new:
            record(request.user, change_of(f"{_label(obj)}.updated", obj, before=old, after=new))

    def after_save(self, obj: Any) -> None:
        """A hook for derived data that must follow the change (e.g. tree paths)."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj, _fields(obj, self.audit_fields))
        record(request.user, change_of(f"{_label(obj)}.deleted", obj, before=before))
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        changes = [
            change_of(
                f"{_label(obj)}.deleted", obj, before=snapshot(obj, _fields(obj, self.audit_fields))
            )
            for obj in queryset
        ]
        record_many(request.user, changes)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        deleted = [
            change_of(f"{_label(o)}.deleted", o, before=snapshot(o, _fields(o, None)))
            for o in (f.instance for f in formset.deleted_forms if f.instance.pk)
        ]
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        changes: list[Change] = list(deleted)
        for obj in formset.new_objects:
            changes.append(
                change_of(f"{_label(obj)}.created", obj, after=snapshot(obj, _fields(obj, None)))
            )
        for obj, changed in formset.changed_objects:
            after = snapshot(obj, tuple(changed))
            changes.append(change_of(f"{_label(obj)}.updated", obj, after=after))
        if changes:
            record_many(request.user, changes)


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass
