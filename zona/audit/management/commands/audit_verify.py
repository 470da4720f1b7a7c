from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zona.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; report the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                _("Audit trail intact: %(n)d events checked.") % {"n": result.checked}
            )
            return
        broken = result.first_break
        assert broken is not None
        raise CommandError(
            _("Audit trail BROKEN at event #%(seq)d (id %(id)s): %(reason)s")
            % {"seq": broken.seq, "id": broken.event_id or "-", "reason": broken.reason}
        )
