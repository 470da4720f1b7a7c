"""Display helpers of the survey pages: exact values rounded half up only when shown."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from zona.surveys.arithmetic import rounded
from zona.surveys.listing import prescreen_label, shown

register = template.Library()


@register.filter
def dec(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number rounded half up to `places` decimals, in the locale's format (18,50)."""
    return shown(None if value == "" else value, int(places))


@register.filter
def bar(value: Fraction | Decimal | None) -> str:
    """Width in % of a value on the 1–4 scale (1 → 0 %, 4 → 100 %)."""
    if value is None:
        return "0"
    return str(rounded((Fraction(value) - 1) / 3 * 100, 1))


@register.simple_tag(name="prescreen_label")
def prescreen_tag(outcome: str) -> str:
    return prescreen_label(str(outcome))
