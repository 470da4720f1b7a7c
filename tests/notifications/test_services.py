"""Notifications: counting, marking read, and each person's own only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.http import Http404
from django.test import TestCase
from django.utils import timezone

from tests.conftest import Ministry
from zona.notifications.models import Notification
from zona.notifications.services import (
    mark_all_read,
    mark_one_read,
    mark_read,
    notifications_of,
    notify,
    unread_count,
)


def test_notify_counts_and_mails_after_commit(ministry: Ministry) -> None:
    operator = ministry.users["operator_sby"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify([operator, operator], title="LKE 2027: dikembalikan", url="/lke/1/")
    assert unread_count(operator) == 1  # one per person, however often named
    assert [m.to for m in mail.outbox] == [[operator.email]]
    assert unread_count(ministry.users["kepala_sby"]) == 0


def test_notify_keeps_the_moment_of_what_it_tells(ministry: Ministry) -> None:
    moved = timezone.now() - timedelta(days=200)
    [n] = notify([ministry.users["operator_sby"]], title="earlier", at=moved)
    assert n.created_at == moved
    newer = notify([ministry.users["operator_sby"]], title="today")[0]
    assert list(notifications_of(ministry.users["operator_sby"])) == [newer, n]


def test_mark_one_read_is_the_persons_own_only(ministry: Ministry) -> None:
    mine = notify([ministry.users["operator_sby"]], title="mine")[0]
    theirs = notify([ministry.users["operator_dps"]], title="theirs")[0]
    with pytest.raises(Http404):
        mark_one_read(user=ministry.users["operator_sby"], pk=theirs.pk)
    with pytest.raises(Http404):
        mark_one_read(user=ministry.users["operator_sby"], pk=theirs.pk + 1000)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    read = mark_one_read(user=ministry.users["operator_sby"], pk=mine.pk)
    assert read.read_at is not None
    first = read.read_at
    assert mark_one_read(user=ministry.users["operator_sby"], pk=mine.pk).read_at == first
    assert unread_count(ministry.users["operator_sby"]) == 0
    assert unread_count(ministry.users["operator_dps"]) == 1


def test_mark_all_read_leaves_other_people_alone(ministry: Ministry) -> None:
    sby, dps = ministry.users["operator_sby"], ministry.users["operator_dps"]
    for n in range(3):
        notify([sby, dps], title=f"pesan {n}")
    assert mark_all_read(user=sby) == 3
    assert mark_all_read(user=sby) == 0
    assert unread_count(sby) == 0 and unread_count(dps) == 3


def test_mark_read_by_ids_ignores_other_peoples(ministry: Ministry) -> None:
    sby, dps = ministry.users["operator_sby"], ministry.users["operator_dps"]
    mine = notify([sby], title="mine")[0]
    theirs = notify([dps], title="theirs")[0]
    assert mark_read(user=sby, notification_ids=[mine.pk, theirs.pk]) == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_anonymous_has_nothing_unread(ministry: Ministry) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0


@pytest.mark.parametrize(
    ("url", "link"),
    [("/lke/3/", "/lke/3/"), ("https://evil.example/", ""), ("//evil.example/", ""), ("", "")],
)
def test_a_link_is_a_path_of_this_site_only(url: str, link: str) -> None:
    assert Notification(url=url).link == link
