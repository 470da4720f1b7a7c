"""Display helpers of the survey pages: exact values rounded half up only when shown."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zona.surveys.arithmetic import rounded

register = template.Library()


@register.filter
def dec(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number rounded half up to `places` decimals, in the locale's format (18,50)."""
    if value is None or value == "":
        return "—"
    return number_format(rounded(value, int(places)), decimal_pos=int(places))


@register.filter
def bar(value: Fraction | Decimal | None) -> str:
    """Width in % of a value on the 1–4 scale (1 → 0 %, 4 → 100 %)."""
    if value is None:
        return "0"
    return str(rounded((Fraction(value) - 1) / 3 * 100, 1))


@register.simple_tag
def prescreen_label(outcome: str) -> str:
    return {
        "proposed": _("Proposed for strengthening"),
        "coaching": _("Coaching"),
        "not_assessed": _("Not assessed"),
    }.get(str(outcome), "")
