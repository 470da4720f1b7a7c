from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import Role
from zona.core.widgets import DayMonthYearInput

SEPARATORS = re.compile(r"[\s,;]+")


def member_field(role: str) -> str:
    return f"members_{role}"


class TeamDecreeForm(forms.Form):
    """The decree and, per role it may give, its members by NIP or e-mail."""

    number = forms.CharField(label=_("Decree number"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DayMonthYearInput())
    document = forms.FileField(label=_("The signed decree (PDF)"))

    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles
        for role in roles:
            self.fields[member_field(role)] = forms.CharField(
                label=_("Members as %(role)s") % {"role": Role(role).label},
                help_text=_("NIP or e-mail of each member's account, one per line."),
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.roles and not self.members():
            raise forms.ValidationError(_("A decree names at least one member."))
        return data

    def members(self) -> list[tuple[str, str]]:
        """(NIP or e-mail, role) for every login typed, in the order typed."""
        found = []
        for role in self.roles:
            text = self.cleaned_data.get(member_field(role)) or ""
            found += [(login, role) for login in SEPARATORS.split(text) if login]
        return found

    def member_fields(self) -> list[forms.BoundField]:
        return [self[member_field(role)] for role in self.roles]
