from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.audit.anchor import AnchorError, audit_key, check_anchors, read_anchors
from zona.audit.drift import ROW_GONE, find_drift
from zona.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit trail; report the first broken row. With --anchor, "
        "check the signed anchors of a file against the chain; with --state, compare the "
        "audited records with the trail's last values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor", type=Path, action="append", default=[], help="a file of anchors"
        )
        parser.add_argument(
            "--state", action="store_true", help="name rows changed without an audit event"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                _("Audit trail intact: %(n)d events checked.") % {"n": result.checked}
            )
        else:
            broken = result.first_break
            assert broken is not None
            problems.append(
                _("Audit trail BROKEN at event #%(seq)d (id %(id)s): %(reason)s")
                % {"seq": broken.seq, "id": broken.event_id or "-", "reason": broken.reason}
            )
        for path in options["anchor"]:
            problems += self._anchors(path)
        if options["state"]:
            problems += self._state()
        if problems:
            raise CommandError("\n".join(problems))

    def _anchors(self, path: Path) -> list[str]:
        try:
            key = audit_key()
            text = path.read_text(encoding="utf-8")
        except AnchorError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from error
        lines = read_anchors(text)
        found = check_anchors(lines, key)
        if not found:
            self.stdout.write(
                _("%(path)s: %(n)d anchors match the chain.") % {"path": path, "n": len(lines)}
            )
        return [f"{path}: {problem}" for problem in found]

    def _state(self) -> list[str]:
        drift = find_drift()
        if not drift:
            self.stdout.write(_("Audited records match the trail's last values."))
        return [
            _("%(table)s pk %(pk)s: deleted without an audit event")
            % {"table": d.table, "pk": d.pk}
            if d.field == ROW_GONE
            else _(
                "%(table)s pk %(pk)s: %(field)s is %(now)s, the trail's last value %(trail)s: "
                "changed without an audit event"
            )
            % {
                "table": d.table,
                "pk": d.pk,
                "field": d.field,
                "now": repr(d.now),
                "trail": repr(d.trail),
            }
            for d in drift
        ]
