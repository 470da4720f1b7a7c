from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from zona.core.widgets import DayMonthYearInput
from zona.files.models import EXTENSIONS, FileKind
from zona.pencanangan.models import Declaration, WitnessKind
from zona.pencanangan.services import FILE_KINDS

ACCEPT = ",".join([*sorted(EXTENSIONS[FileKind(kind)] for kind in FILE_KINDS), ".jpeg"])


def kinds_label() -> str:
    return ", ".join(str(label) for value, label in FileKind.choices if value in FILE_KINDS)


def size_limit() -> str:
    return filesizeformat(settings.MAX_UPLOAD_BYTES)


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ("declared_on", "place", "declared_by", "declared_by_position")
        widgets = {"declared_on": DayMonthYearInput()}
        help_texts = {
            "place": _("Where the declaration was held, e.g. the office hall and the city."),
            "declared_by": _("The head of the unit who declared it."),
        }

    def __init__(self, *args: Any, minister: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["declared_on"].required = True
        if minister:  # the Kementerian's declaration is the Minister's pencanangan
            self.fields["declared_by"].help_text = _("The Minister who declared it.")

    def validate_unique(self) -> None:
        """The service knows the unit and the year."""


class WitnessForm(forms.Form):
    kind = forms.ChoiceField(label=_("Witness from"), choices=WitnessKind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    institution = forms.CharField(label=_("Institution"), max_length=200)


class PublicationForm(forms.Form):
    medium = forms.CharField(
        label=_("Medium"),
        max_length=150,
        help_text=_("The newspaper, television, radio or website that published it."),
    )
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read this Pakta Integritas and I sign it as my own statement."),
        required=True,
        error_messages={
            "required": _("Tick the statement that you have read the pact and agree to it.")
        },
    )


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Pact"),
        required=False,
        choices=[
            ("", _("All")),
            ("sudah", _("Signed")),
            ("belum", _("Not signed yet")),
            ("off", _("Taken off the list")),
        ],
    )
    leaders = forms.BooleanField(label=_("Leaders only"), required=False)
