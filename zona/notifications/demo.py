"""The demo's notifications. The demo's LKE moves send them through the services people
use (`zona.assessments.notify`, after the demo's transaction commits), each dated by its move;
this part only reads: what reached people before today they have read (the earlier year's
chain), what came today is new.

    from zona.notifications.demo import read_before_today
    transaction.on_commit(read_before_today)  # after the moves' own notifications
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from django.utils import timezone

from zona.notifications.models import Notification
from zona.notifications.services import mark_read


def read_before_today() -> int:
    """Mark read, person by person, every notification dated before today; return how many."""
    zone = timezone.get_current_timezone()
    start_of_today = datetime.combine(timezone.localdate(), time.min, zone)
    older: defaultdict[int, list[int]] = defaultdict(list)
    rows = Notification.objects.filter(created_at__lt=start_of_today, read_at__isnull=True)
    for user_id, pk in rows.values_list("user_id", "pk"):
        older[user_id].append(pk)
    return sum(mark_read(user=user_id, notification_ids=ids) for user_id, ids in older.items())
