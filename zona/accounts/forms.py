from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import User


class LoginForm(AuthenticationForm):
    """Log in with NIP or e-mail; a failure never says which part was wrong."""

    username = forms.CharField(
        label=_("NIP or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The NIP/e-mail or password is not correct."),
        "inactive": _("The NIP/e-mail or password is not correct."),
    }


class ResetForm(PasswordResetForm):
    """Also reaches accounts created by import, which have no password yet."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = User.objects.filter(email__iexact=email.strip(), is_active=True)
        return (u for u in users if u.email)


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown by the app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()
