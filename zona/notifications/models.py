from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message; the same text goes out by e-mail through a background task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True)  # dedupes reminders, e.g. "stage:12:7d"
    # The moment of what it tells (a move of an LKE keeps its own moment), now by default.
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # the list page: one person's notifications, newest first
            models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox"),
            # the bell on every page: how many of one person's are unread
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        """The page it is about: a path of this site only, never another address."""
        url = self.url
        return url if url.startswith("/") and not url.startswith(("//", "/\\")) else ""
