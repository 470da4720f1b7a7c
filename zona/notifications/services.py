"""Telling people: an in-app notification now, an e-mail from the background worker; and
what each person has read.

Reading is not audited (docs/decisions.md, *Notifications*): it changes nothing of the
ministry's records, only what one person's own list shows as new.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zona.notifications.models import Notification


def notify(
    users: Iterable[Any],
    *,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    at: datetime | None = None,
) -> list[Notification]:
    """Create one notification per user (once per `key`), e-mailed after commit; `at` is the
    moment of what it tells (now by default)."""
    created = []
    moment = at or timezone.now()
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user, title=title[:200], body=body, url=url, key=key, created_at=moment
                    )
                )
        except IntegrityError:
            continue  # this reminder was already sent to this user
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _enqueue_email(ids))
    return created


def notifications_of(user: Any) -> QuerySet[Notification]:
    """One person's notifications, newest first: the only way pages reach them."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """How many of the person's notifications are unread: one indexed count."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user: Any, notification_ids: Iterable[int]) -> int:
    """Mark the person's own unread notifications among `notification_ids` read; others'
    are left alone. Returns how many changed."""
    return Notification.objects.filter(
        user=user, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_one_read(*, user: Any, pk: int) -> Notification:
    """Mark one of the person's notifications read (already read: unchanged). Someone
    else's, or a missing one, is 404 alike."""
    notification = get_object_or_404(notifications_of(user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the person read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _enqueue_email(ids: list[int]) -> None:
    from zona.notifications.tasks import email_notifications

    email_notifications.enqueue(ids)
