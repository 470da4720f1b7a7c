from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from zona.accounts import twofactor
from zona.accounts.forms import CodeForm
from zona.accounts.services import (
    TooManyResets,
    confirm_totp,
    offered_totp_key,
    record_security_event,
    remove_totp,
    request_password_reset,
)
from zona.audit.services import change_of, record
from zona.core.http import AuthedRequest, client_ip


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a password through the e-mailed link is a change like any other."""

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(form.user, change_of("user.password_set", form.user, after={"by": "reset_link"}))
        return response


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails within the hourly limits per account and per address."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            request_password_reset(
                login=form.cleaned_data["email"], ip=client_ip(self.request.META)
            )
        except TooManyResets:
            form.add_error(
                None,
                _("Too many reset e-mails were asked for. Wait an hour, then try again."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
@login_required
def verify(request: AuthedRequest) -> HttpResponse:
    """The code that confirms a log-in, for a user with an authenticator app."""
    device = twofactor.confirmed_device(request.user)
    target = _next(request)
    if device is None or request.user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return HttpResponseRedirect(target)
        record_security_event("security.code_failed", user=request.user, ip=client_ip(request.META))
        form.add_error("code", _("The code is not correct. Enter the code shown now."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/verify.html", {"form": form, "next": target}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def security(request: AuthedRequest) -> HttpResponse:
    """The account's security page: turn log-in codes from an authenticator app on or off."""
    user = request.user
    device = twofactor.confirmed_device(user)
    form = CodeForm(request.POST or None)
    signed_key = request.POST.get("key", "") if device is None else ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if device is None:
                otp_login(request, confirm_totp(actor=user, signed_key=signed_key, code=code))
                request.session[twofactor.NEEDS_CODE] = True
                messages.success(request, _("Log-in codes are on for your account."))
            else:
                remove_totp(actor=user, code=code)
                request.session[twofactor.NEEDS_CODE] = twofactor.needs_code(user)
                messages.success(request, _("Log-in codes are off for your account."))
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return HttpResponseRedirect(reverse("accounts:security"))
    offered = None
    if device is None:
        offered = twofactor.offered(user, signed_key)
        if offered is None:
            signed_key = offered_totp_key()
            offered = twofactor.offered(user, signed_key)
    context = {
        "device": device,
        "key": signed_key,
        "qr": twofactor.qr_svg(offered) if offered else "",
        "secret": twofactor.secret_of(offered) if offered else "",
        "required": twofactor.required_for(user),
        "form": form,
    }
    return render(request, "accounts/security.html", context, status=400 if form.errors else 200)


def _next(request: AuthedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return reverse("home")
    return target
