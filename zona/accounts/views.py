from typing import Any

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse

from zona.audit.services import change_of, record


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a password through the e-mailed link is a change like any other."""

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(form.user, change_of("user.password_set", form.user, after={"by": "reset_link"}))
        return response
