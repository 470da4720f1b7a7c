import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Ministry


@pytest.mark.parametrize("login_field", ["nip", "email", "EMAIL_UPPER"])
def test_login_with_nip_or_email(ministry: Ministry, login_field: str) -> None:
    user = ministry.users["verifier_jatim"]
    login = {"nip": user.nip, "email": user.email, "EMAIL_UPPER": user.email.upper()}[login_field]
    response = Client().post(reverse("accounts:login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize(
    "login", ["verifier_jatim@example.go.id", "tidak-ada@example.go.id", "123456789012345678"]
)
def test_wrong_login_gives_one_generic_message(ministry: Ministry, login: str) -> None:
    response = Client().post(reverse("accounts:login"), {"username": login, "password": "salah"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "NIP/e-mail atau kata sandi tidak benar." in body
    assert "tidak terdaftar" not in body


def test_an_inactive_account_gets_the_same_message(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = Client().post(
        reverse("accounts:login"), {"username": user.nip, "password": PASSWORD}
    )
    assert "NIP/e-mail atau kata sandi tidak benar." in response.content.decode()


def test_pages_speak_indonesian_by_default_even_to_an_english_browser(ministry: Ministry) -> None:
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Zona" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_english_when_chosen(ministry: Ministry) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert "Log in to Zona" in response.content.decode()


def test_password_reset_reaches_an_imported_account_without_password(
    ministry: Ministry, mailoutbox: list
) -> None:
    from zona.accounts.services import create_user

    create_user(actor=None, nip=None, email="baru@example.go.id", full_name="Pegawai Baru")
    Client().post(reverse("accounts:password_reset"), {"email": "baru@example.go.id"})
    assert len(mailoutbox) == 1
    assert "/akun/sandi-baru/" in mailoutbox[0].body


def test_setting_a_password_by_the_emailed_link_is_audited(
    ministry: Ministry, mailoutbox: list
) -> None:
    import re

    from zona.audit.models import Event

    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "operator_sby@example.go.id"})
    link = re.search(r"https?://[^/]+(/akun/sandi-baru/\S+)", mailoutbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new = "Kata-Sandi-Baru-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    event = Event.objects.latest("seq")
    assert event.action == "user.password_set"
    assert event.object_id == str(ministry.users["operator_sby"].pk)
    login = {"username": "operator_sby@example.go.id", "password": new}
    assert client.post(reverse("accounts:login"), login).status_code == 302
