"""The bell and the list page: counts, marking read, one person's own, constant queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.conftest import Ministry
from zona.notifications.services import notify, unread_count

INBOX = reverse("notifications:inbox")


def bell_label(html: str) -> str:
    match = re.search(r'class="bell[^"]*" aria-label="([^"]+)"', html)
    assert match, "every logged-in page has the bell"
    return match.group(1)


def test_the_bell_names_the_count_in_indonesian(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    assert bell_label(client.get(reverse("home")).content.decode()) == "Notifikasi, 0 belum dibaca"
    notify([ministry.users["operator_sby"]], title="a")
    notify([ministry.users["operator_sby"]], title="b")
    notify([ministry.users["operator_sby"]], title="c")
    html = client.get(reverse("home")).content.decode()
    assert bell_label(html) == "Notifikasi, 3 belum dibaca"
    assert '<span class="bell-count">3</span>' in html


def test_anonymous_pages_have_no_bell(ministry: Ministry) -> None:
    html = ministry.client_for("anonymous").get(reverse("accounts:login")).content.decode()
    assert 'class="bell' not in html


def test_the_list_newest_first_unread_marked_and_linked(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]
    old = notify([user], title="LKE lama", url="/lke/1/")[0]
    notify([user], title="LKE baru", body="Butir 1.a dikembalikan", url="/lke/2/")
    notify([ministry.users["operator_dps"]], title="Bukan untuk Anda")
    client = ministry.client_for("operator_sby")
    client.post(reverse("notifications:read_one", args=[old.pk]))
    html = client.get(INBOX).content.decode()
    assert html.index("LKE baru") < html.index("LKE lama")
    assert "Bukan untuk Anda" not in html
    assert '<a href="/lke/2/">LKE baru</a>' in html and '<a href="/lke/1/">LKE lama</a>' in html
    assert html.count("notif-unread") == 1 and "Belum dibaca" in html
    assert "1 belum dibaca, terbaru di atas." in html


def test_mark_one_and_all_read_by_post(ministry: Ministry) -> None:
    user = ministry.users["operator_sby"]
    first, *_ = [notify([user], title=f"pesan {n}")[0] for n in range(3)]
    client = ministry.client_for("operator_sby")
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_one", args=[first.pk]), {"page": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}#notification-{first.pk}"
    assert unread_count(user) == 2
    response = client.post(reverse("notifications:read_all"), {"page": "2"})
    assert response["Location"] == f"{INBOX}?page=2"
    assert unread_count(user) == 0
    html = client.get(INBOX).content.decode()
    assert "Semua sudah dibaca" in html and "Tandai semua" not in html


def test_another_persons_notification_is_404_and_stays_unread(ministry: Ministry) -> None:
    theirs = notify([ministry.users["operator_dps"]], title="milik Denpasar")[0]
    client = ministry.client_for("operator_sby")
    assert client.post(reverse("notifications:read_one", args=[theirs.pk])).status_code == 404
    assert unread_count(ministry.users["operator_dps"]) == 1


def test_a_page_address_in_the_form_is_only_a_number(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    response = client.post(reverse("notifications:read_all"), {"page": "//evil.example/"})
    assert response["Location"] == INBOX


def _list_queries(client: object, url: str = INBOX) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [INBOX, INBOX + "?page=2"])
def test_the_list_costs_the_same_queries_however_many_notifications(
    ministry: Ministry, url: str
) -> None:
    user = ministry.users["operator_sby"]
    client = ministry.client_for("operator_sby")
    for n in range(25):
        notify([user], title=f"pesan {n}", url=f"/lke/{n}/")
    few = _list_queries(client, url)
    for n in range(60):
        notify([user], title=f"lagi {n}", url=f"/lke/{n}/")
    assert _list_queries(client, url) == few
    assert few <= 6  # session, user, the page's count, the bell's, the menu's roles, the rows


def test_the_list_in_english(ministry: Ministry) -> None:
    notify([ministry.users["operator_sby"]], title="x")
    client = ministry.client_for("operator_sby")
    client.cookies["django_language"] = "en"
    with translation.override(translation.get_language()):  # the request's language stays put
        html = client.get(INBOX).content.decode()
    assert 'aria-label="Notifications, 1 unread"' in html and "1 unread, newest first." in html
