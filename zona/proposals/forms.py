from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import nip_validator
from zona.core.widgets import DayMonthYearInput
from zona.organizations.models import Unit
from zona.proposals.models import Level, Predicate, Proposal, TpnFinding, TpnStep


class ProposeForm(forms.Form):
    level = forms.ChoiceField(choices=Level.choices)
    target = forms.ChoiceField(choices=Predicate.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class QuotaForm(forms.Form):
    units = forms.IntegerField(
        label=_("Units the ministry may propose"), min_value=1, max_value=5000
    )
    letter_number = forms.CharField(label=_("Number of KemenPAN-RB's letter"), max_length=100)
    letter_date = forms.DateField(label=_("Date of the letter"), widget=DayMonthYearInput())
    document = forms.FileField(label=_("The letter (PDF)"), required=False)


class RecommendationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.unit.name} — {obj.get_target_display()}"


class DecreeForm(forms.Form):
    number = forms.CharField(label=_("Decree number"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DayMonthYearInput())
    document = forms.FileField(label=_("The signed decree (PDF)"))
    recommendations = RecommendationChoice(
        label=_("Units named in the decree"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the units the decree names.")},
    )

    def __init__(self, *args: Any, recommendations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommendations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = recommendations


class TpnStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=TpnStep.choices)
    finding = forms.ChoiceField(label=_("Finding"), choices=TpnFinding.choices)
    on = forms.DateField(label=_("Date"), widget=DayMonthYearInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decree_number = forms.CharField(
        label=_("KemenPAN-RB decree number (result)"), required=False, max_length=100
    )
    document = forms.FileField(label=_("The decree (PDF, result)"), required=False)


class EarlierGrantForm(forms.Form):
    unit_code = forms.CharField(label=_("Unit code"), max_length=32)
    predicate = forms.ChoiceField(label=_("Predicate"), choices=Predicate.choices)
    year = forms.IntegerField(label=_("Year granted"), min_value=2010, max_value=2100)
    decree_number = forms.CharField(label=_("Decree number"), max_length=100)
    granted_on = forms.DateField(label=_("Granted on"), widget=DayMonthYearInput())


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Unit"), required=False, max_length=100)
    predicate = forms.ChoiceField(
        label=_("Predicate"), required=False, choices=[("", _("All")), *Predicate.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2010, max_value=2100)
    province = forms.CharField(label=_("Province"), required=False, max_length=100)
    eselon_i = forms.ModelChoiceField(
        label=_("Unit Eselon I"),
        required=False,
        queryset=Unit.objects.filter(kind="eselon_i").order_by("name"),
        empty_label=_("All"),
    )


class PackageForm(forms.Form):
    """The letter's number, date and signatory, asked for with the PMPZI package."""

    signatory_position = forms.CharField(
        label=_("Signatory's position"),
        max_length=200,
        help_text=_("E.g. the Minister, or “a.n. Menteri, Sekretaris Jenderal”."),
    )
    signatory_name = forms.CharField(label=_("Signatory's name"), max_length=200)
    signatory_nip = forms.CharField(
        label=_("Signatory's NIP"), max_length=18, required=False, validators=[nip_validator]
    )
    letter_number = forms.CharField(
        label=_("Letter number"),
        max_length=100,
        required=False,
        help_text=_("Leave it empty to fill it in the Word file."),
    )
    letter_date = forms.DateField(
        label=_("Letter date"),
        widget=DayMonthYearInput(),  # ISO, as the input
    )
    copies_to = forms.CharField(
        label=_("Copies to (tembusan)"),
        required=False,
        max_length=2000,
        help_text=_("One recipient a line; may stay empty."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
