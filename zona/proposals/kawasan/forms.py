from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.core.widgets import DayMonthYearInput
from zona.proposals.models import Predicate
from zona.scoring import INTEGRATION_INDICATORS, INTEGRATION_MAX

DATE = DayMonthYearInput()


class KawasanTeamForm(forms.Form):
    """The special team's decree, and its members per agency of the kawasan."""

    decree_number = forms.CharField(label=_("Decree number"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    issued_by = forms.CharField(
        label=_("Issued by"),
        max_length=200,
        help_text=_("Who signed the joint decree, e.g. the leaders of the agencies."),
    )
    document = forms.FileField(label=_("The signed decree (PDF)"))

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for index, agency in enumerate(agencies):
            self.fields[f"agency_{index}"] = forms.CharField(
                label=_("Members for the TPI of %(agency)s") % {"agency": agency},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def members(self) -> list[tuple[str, str, str]]:
        found = []
        for index, agency in enumerate(self.agencies):
            for line in (self.cleaned_data.get(f"agency_{index}") or "").splitlines():
                name, _sep, position = line.partition(";")
                if name.strip():
                    found.append((agency, name.strip(), position.strip()))
        return found

    def agency_fields(self) -> list[forms.BoundField]:
        return [self[f"agency_{index}"] for index in range(len(self.agencies))]

    def decree_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("decree_number", "signed_on", "issued_by", "document")]


class IntegrationForm(forms.Form):
    """The five integration indicators of Bab II B, each scored 0–10 by the special team."""

    note = forms.CharField(
        label=_("Note of the special team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, indicator in enumerate(INTEGRATION_INDICATORS, start=1):
            self.fields[indicator.key] = forms.DecimalField(
                label=f"{number}. {indicator.text}",
                min_value=0,
                max_value=INTEGRATION_MAX,
                max_digits=3,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            )
        self.order_fields([i.key for i in INTEGRATION_INDICATORS] + ["note"])

    def scores(self) -> dict[str, Any]:
        return {i.key: self.cleaned_data[i.key] for i in INTEGRATION_INDICATORS}


class MemberPredicateForm(forms.Form):
    predicate = forms.ChoiceField(label=_("Predicate"), choices=Predicate.choices)
    year = forms.IntegerField(label=_("Year granted"), min_value=2010, max_value=2100)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The decree granting it, e.g. the KemenPAN-RB decree number."),
    )
    document = forms.FileField(label=_("The decree (PDF)"), required=False)


class KawasanGrantForm(forms.Form):
    predicate = forms.ChoiceField(label=_("Predicate"), choices=Predicate.choices)
    decree_number = forms.CharField(label=_("KemenPAN-RB decree number"), max_length=100)
    granted_on = forms.DateField(label=_("Granted on"), widget=DATE)


class EarlierKawasanGrantForm(KawasanGrantForm):
    year = forms.IntegerField(label=_("Year granted"), min_value=2010, max_value=2100)
