from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zona.instruments.models import Instrument, Question


class ReadOnlyAdmin(admin.ModelAdmin):
    """Instruments change only by loading a file (`zona load-instruments`), never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "loaded_at", "source_sha256"]
    exclude = ["source_text"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["code", "text", "answer_type", "instrument"]
    list_filter = ["instrument", "answer_type"]
    search_fields = ["code", "text"]
    list_select_related = ["instrument"]
