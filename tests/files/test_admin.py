"""The admin shows stored files and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.files import samples
from zona.accounts.models import User
from zona.files.services import store_bytes

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_shows_but_never_adds_changes_or_deletes() -> None:
    admin = User.objects.create_superuser(username="root", email="root@example.go.id")
    stored = store_bytes(actor=admin, data=samples.PDF)
    client = Client()
    client.force_login(admin)
    base = "/admin/files/storedfile/"
    listing = client.get(base)
    assert listing.status_code == 200
    assert stored.sha256 in listing.content.decode()
    assert client.get(f"{base}add/").status_code == 403
    detail = client.get(f"{base}{stored.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content  # read-only: no save button
    assert client.post(f"{base}{stored.pk}/delete/").status_code == 403
