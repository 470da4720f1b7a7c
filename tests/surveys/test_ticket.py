"""The form's ticket: signed by django.core.signing, bound to its code, valid for a day."""

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


def test_a_ticket_reads_back_as_it_was_given() -> None:
    given = ticket()
    value = given.dumps()
    assert signing.loads(value, salt=intake.FORM_SALT)["d"] == "device-of-the-page"
    assert intake.read_ticket(value, BASIS.token) == given


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
    spoiled = spoil(ticket().dumps())  # type: ignore[operator]
    assert intake.read_ticket(spoiled, BASIS.token) is None


def test_a_ticket_older_than_a_day_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    value = ticket().dumps()
    later = time.time() + intake.FORM_MAX_AGE + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert intake.read_ticket(value, BASIS.token) is None


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
