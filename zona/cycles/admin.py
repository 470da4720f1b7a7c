from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zona.audit.admin_mixins import AuditedModelAdmin
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import create_default_stages


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["number", "name", "responsible", "starts_on", "ends_on"]
    readonly_fields = ["number", "name", "responsible"]
    can_delete = False


@admin.register(AssessmentYear)
class AssessmentYearAdmin(AuditedModelAdmin):
    list_display = ["year", "instrument"]
    inlines = [StageInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change and request.user.is_authenticated:  # the admin lets only staff in
            create_default_stages(actor=request.user, assessment_year=obj)
