"""Telling people: an in-app notification now, an e-mail from the background worker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zona.notifications.models import Notification


def notify(
    users: Iterable[Any], *, title: str, body: str = "", url: str = "", key: str = ""
) -> list[Notification]:
    """Create one notification per user (once per `key`), e-mailed after commit."""
    created = []
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user, title=title[:200], body=body, url=url, key=key
                    )
                )
        except IntegrityError:
            continue  # this reminder was already sent to this user
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _enqueue_email(ids))
    return created


def mark_read(*, user: Any, notification_ids: Iterable[int]) -> int:
    return Notification.objects.filter(
        user=user, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def _enqueue_email(ids: list[int]) -> None:
    from zona.notifications.tasks import email_notifications

    email_notifications.enqueue(ids)
