from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.core.widgets import DayMonthYearInput


class WindowForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DayMonthYearInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DayMonthYearInput())

    def clean(self) -> dict:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
            raise forms.ValidationError(_("The window must end on or after its first day."))
        return data


class ReopenForm(forms.Form):
    unit_code = forms.CharField(label=_("Unit code"), max_length=32)
    until = forms.DateField(label=_("Open until"), widget=DayMonthYearInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
