"""Log-in protection: lockouts per account and per address (staff site and admin), limits on
reset e-mails, security events in the audit trail, reset links of a day, optional log-in codes
(required by role when configured) and sessions that end with the browser."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, Ministry
from zona.accounts.models import ResetRequest
from zona.audit.models import Event

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


def attempt(login: str, password: str, ip: str = "198.51.100.1", url: str = LOGIN) -> Any:
    return Client(REMOTE_ADDR=ip).post(url, {"username": login, "password": password})


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(
    ministry: Ministry,
) -> None:
    user = ministry.users["verifier_jatim"]
    logins = [user.nip, user.email, user.email.upper(), user.nip]  # one account
    for n, login in enumerate(logins):
        assert attempt(login, "salah", ip=f"198.51.100.{n}").status_code == 200
    assert attempt(user.email, "salah", ip="198.51.100.5").status_code == 429  # the fifth
    locked = attempt(user.email, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "dikunci selama 15 menit" in page and locked["Retry-After"] == "900"
    assert attempt(ministry.users["operator_sby"].email, PASSWORD).status_code == 302


def test_an_address_is_locked_after_five_failures_against_any_accounts(
    ministry: Ministry,
) -> None:
    for n in range(4):
        assert attempt(f"tidak-ada-{n}@example.go.id", "salah", ip="192.0.2.7").status_code == 200
    assert attempt("tidak-ada-4@example.go.id", "salah", ip="192.0.2.7").status_code == 429
    email = ministry.users["operator_sby"].email
    assert attempt(email, PASSWORD, ip="192.0.2.7").status_code == 429
    assert attempt(email, PASSWORD, ip="192.0.2.8").status_code == 302


def test_the_admin_login_shares_the_lockout(ministry: Ministry) -> None:
    admin = ministry.users["admin"]
    for n in range(5):
        attempt(admin.email, "salah", ip=f"198.51.100.{n}", url=ADMIN_LOGIN)
    assert attempt(admin.email, PASSWORD, ip="203.0.113.9", url=ADMIN_LOGIN).status_code == 429
    assert attempt(admin.email, PASSWORD, ip="203.0.113.9").status_code == 429


def test_a_lockout_ends_after_its_minutes(ministry: Ministry) -> None:
    user = ministry.users["verifier_jatim"]
    for n in range(5):
        attempt(user.email, "salah", ip=f"198.51.100.{n}")
    assert attempt(user.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(user.email, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_configurable(ministry: Ministry) -> None:
    user = ministry.users["verifier_jatim"]
    attempt(user.email, "salah")
    attempt(user.email, "salah", ip="198.51.100.2")
    assert attempt(user.email, PASSWORD, ip="198.51.100.3").status_code == 429


def test_logins_failures_and_lockouts_are_security_events(ministry: Ministry) -> None:
    user = ministry.users["verifier_jatim"]
    assert attempt(user.email, PASSWORD, ip="198.51.100.20").status_code == 302
    login = Event.objects.get(action="security.login")
    assert (login.actor_id, login.object_id, login.after) == (
        user.pk,
        str(user.pk),
        {"ip": "198.51.100.20"},
    )
    for n in range(5):
        attempt(user.nip, "salah", ip=f"198.51.100.{n}")
    failures = Event.objects.filter(action="security.login_failed")
    assert failures.count() == 5
    assert {(e.actor_id, e.object_id) for e in failures} == {(None, str(user.pk))}
    locked = Event.objects.get(action="security.locked_out")
    assert locked.object_id == str(user.pk) and locked.actor_id is None
    attempt("tidak-ada@example.go.id", "salah")
    unknown = Event.objects.filter(action="security.login_failed").latest("seq")
    assert unknown.object_id == "" and "tidak-ada" not in str(unknown.after)


def reset(email: str, ip: str = "198.51.100.1") -> Any:
    return Client(REMOTE_ADDR=ip).post(reverse("accounts:password_reset"), {"email": email})


def test_reset_emails_are_limited_per_account(ministry: Ministry, mailoutbox: list) -> None:
    email = ministry.users["operator_sby"].email
    for n in range(3):
        assert reset(email, ip=f"198.51.100.{n}").status_code == 302
    refused = reset(email.upper(), ip="198.51.100.9")
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert len(mailoutbox) == 3
    # an unknown address is limited the same way: the answer tells nothing of who exists
    for _ in range(3):
        assert reset("tidak-ada@example.go.id", ip="198.51.100.30").status_code == 302
    assert reset("tidak-ada@example.go.id", ip="198.51.100.31").status_code == 429
    events = Event.objects.filter(action="security.password_reset_requested")
    assert events.count() == 6


@override_settings(RESET_LIMIT_PER_ADDRESS=2)
def test_reset_emails_are_limited_per_address(ministry: Ministry, mailoutbox: list) -> None:
    assert reset(ministry.users["operator_sby"].email).status_code == 302
    assert reset(ministry.users["kepala_sby"].email).status_code == 302
    assert reset(ministry.users["verifier_jatim"].email).status_code == 429
    assert reset(ministry.users["verifier_jatim"].email, ip="198.51.100.2").status_code == 302
    assert len(mailoutbox) == 3


def test_reset_requests_older_than_the_hour_no_longer_count(ministry: Ministry) -> None:
    email = ministry.users["operator_sby"].email
    for _ in range(3):
        reset(email)
    ResetRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=61))
    assert reset(email).status_code == 302


def test_a_reset_link_lasts_at_most_a_day(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]

    class DayAgo(PasswordResetTokenGenerator):
        def _now(self) -> Any:
            return timezone.now().replace(tzinfo=None) - timedelta(hours=24, minutes=1)

    assert not default_token_generator.check_token(user, DayAgo().make_token(user))
    assert default_token_generator.check_token(user, default_token_generator.make_token(user))


def code_for(secret: str) -> str:
    key = base64.b32decode(secret)
    return f"{TOTP(key).token():06d}"


def turn_codes_on(client: Client) -> str:
    page = client.get(reverse("accounts:security")).content.decode()
    secret = page.split('class="secret">')[1].split("<")[0]
    key = page.split('name="key" value="')[1].split('"')[0]
    done = client.post(reverse("accounts:security"), {"key": key, "code": code_for(secret)})
    assert done.status_code == 302
    return secret


def test_log_in_codes_turned_on_are_asked_at_every_log_in(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]
    secret = turn_codes_on(ministry.client_for("operator_sby"))
    assert TOTPDevice.objects.get(user=user).confirmed
    assert Event.objects.filter(action="security.codes_on", object_id=str(user.pk)).exists()

    client = Client()
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    held = client.get(reverse("home"))
    assert held.status_code == 302 and held["Location"].startswith(reverse("accounts:verify"))
    wrong = client.post(reverse("accounts:verify"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 400 and "Kode tidak cocok" in wrong.content.decode()
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, last_t=-1)
    right = client.post(reverse("accounts:verify"), {"code": code_for(secret), "next": "/"})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_log_in_codes_can_be_turned_off_with_a_current_code(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    secret = turn_codes_on(client)
    TOTPDevice.objects.update(last_t=-1)  # the same 30 seconds: a code is used once
    off = client.post(reverse("accounts:security"), {"code": code_for(secret)})
    assert off.status_code == 302 and not TOTPDevice.objects.exists()
    assert Event.objects.filter(action="security.codes_off").exists()


@override_settings(OTP_REQUIRED_ROLES=["tim_kerja_kanwil", "administrator"])
def test_a_role_can_require_log_in_codes(ministry: Ministry) -> None:
    verifier = ministry.client_for("verifier_jatim")
    held = verifier.get(reverse("assessments:inbox"))
    assert held.status_code == 302 and held["Location"].startswith(reverse("accounts:security"))
    setup = verifier.get(reverse("accounts:security"))
    assert "mewajibkan kode masuk" in setup.content.decode()
    secret = turn_codes_on(verifier)
    assert verifier.get(reverse("assessments:inbox")).status_code == 200
    TOTPDevice.objects.update(last_t=-1)
    refused = verifier.post(reverse("accounts:security"), {"code": code_for(secret)})
    assert refused.status_code == 400 and TOTPDevice.objects.exists()
    assert ministry.client_for("admin").get(reverse("admin:index")).status_code == 302
    assert ministry.client_for("operator_sby").get(reverse("home")).status_code == 200


def test_sessions_last_a_working_day_unless_they_end_with_the_browser(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]
    kept = Client().post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert kept.cookies["sessionid"]["max-age"] == 8 * 3600
    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True):
        ends = Client().post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert ends.cookies["sessionid"]["max-age"] == "" and ends.cookies["sessionid"]["expires"] == ""


@pytest.mark.parametrize("path", ["/s/", "/healthz"])
def test_public_pages_never_read_the_session_for_the_second_factor(
    ministry: Ministry, path: str
) -> None:
    response = ministry.client_for("operator_sby").get(path)
    assert response.status_code == 200
    assert response.wsgi_request.session.accessed is False
