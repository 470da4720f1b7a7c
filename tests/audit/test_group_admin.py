"""Changes to Groups in the Django admin are in the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from zona.accounts.models import User
from zona.audit.models import Event

pytestmark = pytest.mark.django_db


def test_adding_changing_and_deleting_a_group_in_the_admin_is_audited() -> None:
    root = User.objects.create_superuser(username="root", email="root@example.go.id")
    client = Client()
    client.force_login(root)
    view_unit = Permission.objects.get(codename="view_unit")
    change_unit = Permission.objects.get(codename="change_unit")

    added = client.post(
        "/admin/auth/group/add/", {"name": "Pembaca", "permissions": [view_unit.pk]}
    )
    assert added.status_code == 302
    group = Group.objects.get(name="Pembaca")
    created = Event.objects.get(action="group.created")
    assert created.actor_id == root.pk and created.object_id == str(group.pk)
    first = Event.objects.get(action="group.permissions_changed")
    assert first.after == {"permissions": ["organizations.view_unit"]}

    changed = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "Penyunting", "permissions": [view_unit.pk, change_unit.pk]},
    )
    assert changed.status_code == 302
    renamed = Event.objects.get(action="group.updated")
    assert renamed.before == {"name": "Pembaca"} and renamed.after == {"name": "Penyunting"}
    second = Event.objects.filter(action="group.permissions_changed").latest("seq")
    assert second.before == {"permissions": ["organizations.view_unit"]}
    assert second.after == {"permissions": ["organizations.change_unit", "organizations.view_unit"]}

    deleted = client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert Event.objects.get(action="group.deleted").before == {"name": "Penyunting"}
