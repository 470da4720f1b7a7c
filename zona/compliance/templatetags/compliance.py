"""Small display helpers of the compliance pages (no permission logic here)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from zona.compliance.models import FindingStatus

register = template.Library()

BADGES = {
    FindingStatus.OPEN: "badge-open",
    FindingStatus.SUBMITTED: "badge-wait",
    FindingStatus.RETURNED: "badge-back",
    FindingStatus.FOLLOWED_UP: "badge-done",
    FindingStatus.NOT_APPLICABLE: "badge-na",
}


@register.filter
def badge(status: str) -> str:
    """The CSS class of a finding status."""
    return BADGES.get(status, "badge-na")  # type: ignore[call-overload]  # str keys of TextChoices


@register.filter
def pct(value: Decimal | None) -> str:
    """A percentage for display: at most two decimals, localised; a dash when not known."""
    if value is None:
        return "—"
    return f"{floatformat(value, -2)} %"


@register.filter
def points(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return str(floatformat(value, 2))
