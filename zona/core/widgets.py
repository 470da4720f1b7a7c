"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DayMonthYearInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever the browser's locale (a browser's own date field
    shows the order of the computer's language, month first on many)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            "class": "date-input",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
