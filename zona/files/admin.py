from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zona.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    """Read-only: stored content never changes, and is added only through the services."""

    list_display = ["sha256", "kind", "size", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["sha256"]
    date_hierarchy = "created_at"
    list_select_related = ["created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
