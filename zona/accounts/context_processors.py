from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zona.accounts.access import can_manage_master_data
from zona.notifications.services import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the top bar offers; computed only when a template asks, each at most once (the
    bell's count is one indexed query, and none for a page that shows no bell)."""

    @cache
    def unread_notifications() -> int:
        return unread_count(request.user)

    return {
        "can_manage": SimpleLazyObject(lambda: can_manage_master_data(request.user)),  # type: ignore[arg-type]
        "unread_notifications": unread_notifications,
    }
