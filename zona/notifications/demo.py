"""The demo's notifications. The demo's LKE moves send them through the services people
use (`zona.assessments.notify`, after the demo's transaction commits), each dated by its move;
this part only marks read, through the service, what the demo's story says its people have
read: whatever reached them before today (the earlier year's chain), and anything about an
LKE they have acted on since (the Kanwil verifier has verified the LKE she was told of).
What still waits for someone stays new.

    from zona.notifications.demo import read_what_was_handled
    transaction.on_commit(read_what_was_handled)  # after the moves' own notifications
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from django.urls import Resolver404, resolve
from django.utils import timezone

from zona.assessments.models import Transition
from zona.notifications.models import Notification
from zona.notifications.services import mark_read


def read_what_was_handled() -> int:
    """Mark those notifications read, person by person; return how many."""
    zone = timezone.get_current_timezone()
    start_of_today = datetime.combine(timezone.localdate(), time.min, zone)
    unread = list(
        Notification.objects.filter(read_at__isnull=True).values_list(
            "pk", "user_id", "url", "created_at"
        )
    )
    lke_of = {pk: _lke_pk(url) for pk, _, url, _ in unread}
    acted: defaultdict[tuple[int, int], list[datetime]] = defaultdict(list)
    moves = Transition.objects.filter(assessment_id__in={p for p in lke_of.values() if p})
    for actor_id, assessment_id, at in moves.values_list("actor_id", "assessment_id", "at"):
        acted[actor_id, assessment_id].append(at)
    read: defaultdict[int, list[int]] = defaultdict(list)
    for pk, user_id, _, created_at in unread:
        later = acted.get((user_id, lke_of[pk] or 0), [])
        if created_at < start_of_today or any(at >= created_at for at in later):
            read[user_id].append(pk)
    return sum(mark_read(user=user_id, notification_ids=ids) for user_id, ids in read.items())


def _lke_pk(url: str) -> int | None:
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return int(match.kwargs["pk"]) if match.view_name == "assessments:lke" else None
