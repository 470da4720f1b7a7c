from typing import Any

from django.contrib import admin

from zona.audit.admin_mixins import AuditedModelAdmin
from zona.organizations.models import Kawasan, KawasanMember, Unit
from zona.organizations.services import UNIT_FIELDS, compute_paths


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    audit_fields = UNIT_FIELDS
    list_display = ["code", "name", "kind", "upt_type", "province", "pembina", "is_active"]
    list_filter = ["kind", "upt_type", "is_active", "province"]
    search_fields = ["code", "name", "province", "city"]
    autocomplete_fields = ["parent", "pembina"]
    list_select_related = ["pembina"]
    list_per_page = 50

    def after_save(self, obj: Any) -> None:
        compute_paths()


class KawasanMemberInline(admin.TabularInline):
    model = KawasanMember
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(Kawasan)
class KawasanAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    inlines = [KawasanMemberInline]
