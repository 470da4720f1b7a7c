"""Every notifications route × every persona × a notification of their own, someone else's,
and a missing one.

Who may do what: everyone logged in sees their own list and marks their own notifications
read (POST only); someone else's notification is 404, as a missing one is; the anonymous are
sent to log in. The list page is also a row of tests/test_permission_matrix.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS, Ministry
from tests.test_permission_matrix import ANON, MISSING_PK
from zona.notifications.services import notify, unread_count

LOGIN = reverse("accounts:login")
INBOX = reverse("notifications:inbox")
ROUTES = ("inbox", "read_all", "read_one")
TARGETS = ("own", "other", "missing")

CASES = [
    pytest.param(route, persona, target, id=f"{route}-{persona}-{target}")
    for route in ROUTES
    for persona in [ANON, *PERSONAS]
    for target in (TARGETS if route == "read_one" else ("own",))
]


def expected(route: str, persona: str, target: str) -> tuple[int, str]:
    if persona == ANON:
        return 302, LOGIN
    if route == "inbox":
        return 200, ""
    if route == "read_one" and target != "own":
        return 404, ""
    return 302, INBOX


@pytest.mark.parametrize(("route", "persona", "target"), CASES)
def test_notifications_matrix(ministry: Ministry, route: str, persona: str, target: str) -> None:
    owner = ministry.users["operator_sby" if persona == ANON else persona]
    other = ministry.users["operator_dps" if persona != "operator_dps" else "operator_sby"]
    own = notify([owner], title="milik sendiri")[0]
    theirs = notify([other], title="milik orang lain")[0]
    pk = {"own": own.pk, "other": theirs.pk, "missing": MISSING_PK}[target]
    client = ministry.client_for(persona)
    if route == "inbox":
        response = client.get(INBOX)
    else:
        args = [pk] if route == "read_one" else []
        url = reverse(f"notifications:{route}", args=args)
        assert client.get(url).status_code == 405  # never changed by a link
        response = client.post(url)
    status, location = expected(route, persona, target)
    assert response.status_code == status
    if location:
        assert response["Location"].split("?")[0].split("#")[0] == location
    assert unread_count(other) == 1  # nobody ever marks someone else's
    if route == "inbox" and persona != ANON:
        assert b"milik sendiri" in response.content and b"milik orang lain" not in response.content
