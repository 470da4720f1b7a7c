"""Master data edited in the Django admin leaves the same trail as every other change."""

from django.urls import reverse

from tests.conftest import Ministry
from zona.audit.models import Event
from zona.audit.verify import verify_chain
from zona.organizations.models import Unit


def test_moving_a_unit_in_the_admin_is_audited_and_moves_its_path(ministry: Ministry) -> None:
    client = ministry.client_for("admin")
    unit = ministry.units["lapas_dps"]
    url = reverse("admin:organizations_unit_change", args=[unit.pk])
    form = {
        "code": unit.code,
        "name": unit.name,
        "short_name": "",
        "kind": unit.kind,
        "upt_type": unit.upt_type,
        "province": "Jawa Timur",
        "city": "",
        "parent": ministry.units["kanwil_jatim"].pk,
        "pembina": ministry.units["djpas"].pk,
        "is_active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.path.startswith(ministry.units["kanwil_jatim"].path)
    event = Event.objects.filter(action="unit.updated", object_id=str(unit.pk)).latest("seq")
    assert event.actor_id == ministry.users["admin"].pk
    assert event.after["parent"] == ministry.units["kanwil_jatim"].pk
    assert event.before["province"] == "Bali"
    assert verify_chain().ok


def test_deleting_in_the_admin_is_audited(ministry: Ministry) -> None:
    client = ministry.client_for("admin")
    membership = ministry.users["operator_dps"].memberships.get()
    url = reverse("admin:accounts_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    event = Event.objects.latest("seq")
    assert event.action == "membership.deleted"
    assert event.before["role"] == "operator_satker"


def test_a_verifier_cannot_open_the_admin(ministry: Ministry) -> None:
    client = ministry.client_for("verifier_jatim")
    response = client.get(reverse("admin:organizations_unit_changelist"))
    assert response.status_code == 302
    assert Unit.objects.count() == len(ministry.units)
