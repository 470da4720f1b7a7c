"""Signing the Pakta Integritas: only the employee's own account signs, once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Ministry
from tests.pencanangan.conftest import add_employee, nip, pdf, set_window
from zona.accounts.models import User
from zona.accounts.services import create_user
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import StageClosed, reopen_stage
from zona.employees.models import Employee
from zona.pencanangan.models import AppSignature
from zona.pencanangan.pact import pact_for
from zona.pencanangan.services import sign_pact, upload_scan


@pytest.fixture
def employee(ministry: Ministry, year: AssessmentYear) -> Employee:
    return add_employee(ministry.units["kanim_sby"], year, 11, name="Budi Santoso")


@pytest.fixture
def budi(employee: Employee) -> User:
    """Budi's own account: no membership anywhere, only the NIP on the unit's list."""
    return create_user(
        actor=None, nip=employee.nip, email="budi@example.go.id", full_name="Budi Santoso"
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign_url(employee: Employee) -> str:
    return reverse("pencanangan:pact_sign", args=[employee.pk])


def test_the_employee_signs_their_own_pact(budi: User, employee: Employee) -> None:
    client = _client(budi)
    page = client.get(reverse("pencanangan:pact", args=[employee.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "PAKTA INTEGRITAS" in body and "Budi Santoso" in body and employee.nip in body
    assert "Tandatangani Pakta Integritas" in body

    before = Event.objects.count()
    response = client.post(
        _sign_url(employee),
        {"agree": "on"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_USER_AGENT="Mozilla/5.0 (Android)",
    )
    assert response.status_code == 302
    signature = AppSignature.objects.get(employee=employee)
    assert signature.user == budi
    assert signature.ip_address == "203.0.113.9"
    assert signature.forwarded_for == "198.51.100.7"
    assert signature.user_agent == "Mozilla/5.0 (Android)"
    assert abs(signature.signed_at - timezone.now()) < timedelta(minutes=1)
    assert signature.text == pact_for(employee).as_text()
    assert signature.text_sha256 == hashlib.sha256(signature.text.encode()).hexdigest()
    assert "Budi Santoso" in signature.text and "Kantor Imigrasi Kelas I TPI Surabaya" in (
        signature.text
    )
    (event,) = Event.objects.order_by("seq")[before:]
    assert event.action == "pakta.signed"
    assert event.actor_id == budi.pk
    assert (event.after or {})["ip_address"] == "203.0.113.9"
    assert (event.after or {})["text_sha256"] == signature.text_sha256

    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Terima kasih: Pakta Integritas Anda telah ditandatangani." in body
    assert "Anda telah menandatangani pakta ini di Zona." in body
    assert "Tandatangani Pakta Integritas</button>" not in body


def test_signing_twice_keeps_the_first_signature(budi: User, employee: Employee) -> None:
    client = _client(budi)
    client.post(_sign_url(employee), {"agree": "on"})
    first = AppSignature.objects.get()
    events = Event.objects.count()
    response = client.post(_sign_url(employee), {"agree": "on"}, follow=True)
    assert response.status_code == 200
    assert "Pakta Integritas Anda sudah ditandatangani sebelumnya." in response.content.decode()
    assert AppSignature.objects.get() == first
    assert AppSignature.objects.get().signed_at == first.signed_at
    assert Event.objects.count() == events
    again, created = sign_pact(actor=budi, employee=employee, agreed=True)
    assert again == first and not created


def test_nobody_signs_for_someone_else(ministry: Ministry, budi: User, employee: Employee) -> None:
    # The unit's own operator and head see the pact's unit but may not sign it: 403.
    for persona in ("operator_sby", "kepala_sby", "verifier_jatim", "admin"):
        client = ministry.client_for(persona)
        assert client.post(_sign_url(employee), {"agree": "on"}).status_code == 403
        assert client.get(reverse("pencanangan:pact", args=[employee.pk])).status_code == 403
    # A colleague of another unit does not see it at all: 404.
    assert ministry.client_for("operator_dps").post(_sign_url(employee)).status_code == 404
    # Another employee with an account and no membership: 404 as well.
    other = create_user(actor=None, nip=nip(12), email="ani@example.go.id", full_name="Ani")
    assert _client(other).post(_sign_url(employee), {"agree": "on"}).status_code == 404
    # And the service refuses whatever the caller.
    with pytest.raises(PermissionDenied):
        sign_pact(actor=ministry.users["operator_sby"], employee=employee, agreed=True)
    assert not AppSignature.objects.exists()


def test_an_account_without_nip_has_no_pact(ministry: Ministry, employee: Employee) -> None:
    nobody = create_user(actor=None, nip=None, email="x@example.go.id", full_name="X")
    client = _client(nobody)
    assert client.get(reverse("pencanangan:pact", args=[employee.pk])).status_code == 404
    mine = client.get(reverse("pencanangan:mine"))
    assert "Akun Anda tidak memiliki NIP" in mine.content.decode()


def test_the_statement_must_be_ticked(budi: User, employee: Employee) -> None:
    response = _client(budi).post(_sign_url(employee), {})
    assert response.status_code == 400
    assert "Centang pernyataan bahwa Anda telah membaca dan menyetujui pakta ini." in (
        response.content.decode()
    )
    assert not AppSignature.objects.exists()
    with pytest.raises(ValidationError):
        sign_pact(actor=budi, employee=employee, agreed=False)


def test_a_closed_window_refuses_signing_until_reopened(
    ministry: Ministry, year: AssessmentYear, budi: User, employee: Employee
) -> None:
    set_window(year, open_=False)
    client = _client(budi)
    page = client.get(reverse("pencanangan:pact", args=[employee.pk]))
    body = page.content.decode()
    assert "Pakta belum dapat ditandatangani sekarang." in body
    assert "Tahap 5 (Pencanangan pembangunan Zona Integritas) sudah ditutup" in body
    response = client.post(_sign_url(employee), {"agree": "on"})
    assert response.status_code == 400
    with pytest.raises(StageClosed):
        sign_pact(actor=budi, employee=employee, agreed=True)
    assert not AppSignature.objects.exists()

    reopen_stage(
        actor=ministry.users["tim_kementerian"],
        stage=Stage.objects.get(assessment_year=year, key="pencanangan"),
        unit=ministry.units["kanim_sby"],
        until=timezone.localdate() + timedelta(days=3),
        reason="Pegawai sedang dinas luar saat pencanangan.",
    )
    assert client.post(_sign_url(employee), {"agree": "on"}).status_code == 302
    assert AppSignature.objects.filter(employee=employee).exists()


def test_an_employee_taken_off_the_list_cannot_sign(budi: User, employee: Employee) -> None:
    Employee.objects.filter(pk=employee.pk).update(listed=False)
    employee.refresh_from_db()
    with pytest.raises(ValidationError):
        sign_pact(actor=budi, employee=employee, agreed=True)
    page = _client(budi).get(reverse("pencanangan:pact", args=[employee.pk]))
    assert "Anda tidak lagi tercantum dalam daftar pegawai" in page.content.decode()


def test_a_scan_counts_and_the_employee_may_still_sign(
    ministry: Ministry, budi: User, employee: Employee
) -> None:
    upload_scan(actor=ministry.users["operator_sby"], employee=employee, upload=pdf("budi.pdf"))
    page = _client(budi).get(reverse("pencanangan:pact", args=[employee.pk]))
    body = page.content.decode()
    assert "Pakta Anda yang ditandatangani di atas kertas sudah tercatat" in body
    assert "Tandatangani Pakta Integritas" in body
    _signature, created = sign_pact(actor=budi, employee=employee, agreed=True)
    assert created


def test_my_pacts_lists_every_pact_of_my_nip(
    ministry: Ministry, year: AssessmentYear, budi: User, employee: Employee
) -> None:
    add_employee(ministry.units["kanim_dps"], year, employee.nip)
    add_employee(ministry.units["kanim_dps"], year, 13)  # someone else
    body = _client(budi).get(reverse("pencanangan:mine")).content.decode()
    assert body.count("Baca dan tandatangani") == 2
    assert "Kantor Imigrasi Kelas I TPI Surabaya · 2026" in body
    assert "Kantor Imigrasi Kelas I TPI Denpasar · 2026" in body


def test_the_unit_page_points_the_employee_to_their_pact(
    ministry: Ministry, year: AssessmentYear
) -> None:
    operator = ministry.users["operator_sby"]
    own = add_employee(ministry.units["kanim_sby"], year, operator.nip or "")
    body = (
        ministry.client_for("operator_sby")
        .get(reverse("pencanangan:unit", args=[ministry.units["kanim_sby"].pk]))
        .content.decode()
    )
    assert reverse("pencanangan:pact", args=[own.pk]) in body
    assert "Anda tercantum dalam daftar pegawai unit ini" in body


def test_behind_a_trusted_proxy_the_signer_address_is_recorded(
    budi: User, employee: Employee, settings: object
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.2"]  # type: ignore[attr-defined]
    response = _client(budi).post(
        _sign_url(employee),
        {"agree": "on"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302
    signature = AppSignature.objects.get(employee=employee)
    assert signature.ip_address == "203.0.113.9"  # the signer, not the proxy
    assert signature.forwarded_for == "203.0.113.9"  # the header as received
