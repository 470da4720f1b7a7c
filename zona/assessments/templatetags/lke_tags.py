from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping|get_item:key` — a dict lookup with a variable key (None when absent)."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def shown_value(posted: Any, answer: Any) -> str:
    """`posted|shown_value:answer` — what the answer field shows: the value just posted (when
    it was refused, so nobody types it again), else the stored answer."""
    if posted:
        return str(posted.get("value", ""))
    return str(getattr(answer, "value", "") or "")


@register.filter
def criterion_of(options: Any, label: Any) -> str:
    """`question.options|criterion_of:label` — what the chosen option means ("" when unknown)."""
    for option in options or ():
        if option.get("label") == label:
            return str(option.get("criterion", ""))
    return ""
