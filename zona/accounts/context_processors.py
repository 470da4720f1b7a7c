from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zona.accounts.access import can_manage_master_data


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the top bar offers; computed only when a template asks."""
    return {"can_manage": SimpleLazyObject(lambda: can_manage_master_data(request.user))}  # type: ignore[arg-type]
