"""E-mail for notifications, sent in the background (Django tasks API)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from zona.core.http import site_url
from zona.notifications.models import Notification


@task()
def email_notifications(notification_ids: list[int]) -> int:
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
    for notification in pending.select_related("user"):
        if not notification.user.email:
            continue
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{site_url()}{notification.url}".strip()
        send_mail(notification.title, body, None, [notification.user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
