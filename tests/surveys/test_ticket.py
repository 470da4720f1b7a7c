"""The form's ticket: read as Django's signing reads it, by a check with its key derived once."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from zona.surveys import intake

BASIS = intake.Basis(7, "abcdefghij", 2, 3, 4, "0" * 64, "kanim", "Jawa Timur")


def ticket() -> intake.FormTicket:
    return intake.new_ticket(BASIS, timezone.now(), "device-of-the-page")


def test_a_ticket_reads_back_as_django_signing_reads_it() -> None:
    value = ticket().dumps()
    assert intake._unsign_ticket(value) == signing.loads(
        value, salt=intake.FORM_SALT, max_age=intake.FORM_MAX_AGE
    )
    read = intake.read_ticket(value, BASIS.token)
    assert read is not None and read.basis == BASIS and read.device == "device-of-the-page"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda value: value[:-2] + ("xx" if not value.endswith("xx") else "yy"),
        lambda value: "A" + value[1:],  # the payload
        lambda value: value.replace(":", ";"),
        lambda value: "",
        lambda value: value.rsplit(":", 1)[0],  # no signature
    ],
)
def test_a_tampered_ticket_is_refused(spoil: object) -> None:
    value = ticket().dumps()
    spoiled = spoil(value)  # type: ignore[operator]
    with pytest.raises((signing.BadSignature, ValueError)):
        intake._unsign_ticket(spoiled)
    assert intake.read_ticket(spoiled, BASIS.token) is None


def test_a_ticket_older_than_a_day_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    value = ticket().dumps()
    later = time.time() + intake.FORM_MAX_AGE + 5
    monkeypatch.setattr(intake.clock, "time", lambda: later)
    with pytest.raises(signing.SignatureExpired):
        intake._unsign_ticket(value)


def test_a_ticket_of_another_code_or_salt_is_refused() -> None:
    assert intake.read_ticket(ticket().dumps(), "anothercode") is None
    foreign = signing.dumps({"t": BASIS.token, "k": "0" * 32, "s": 1}, salt="another.salt")
    assert intake.read_ticket(foreign, BASIS.token) is None


def test_a_ticket_signed_with_a_retired_key_is_read_while_the_key_is_a_fallback() -> None:
    with override_settings(SECRET_KEY="the-old-key-" * 5):
        value = ticket().dumps()
    assert intake.read_ticket(value, BASIS.token) is None
    with override_settings(SECRET_KEY_FALLBACKS=["the-old-key-" * 5]):
        assert intake.read_ticket(value, BASIS.token) is not None
