from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.audit.anchor import AnchorError, audit_key, current_anchor
from zona.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Sign the audit chain's head with ZONA_AUDIT_KEY and keep it outside the database: "
        "append it to a file, e-mail it to ZONA_AUDIT_ANCHOR_RECIPIENTS (run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="append the anchor to this file")
        parser.add_argument(
            "--email", action="store_true", help="send it to ZONA_AUDIT_ANCHOR_RECIPIENTS"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = audit_key()
        except AnchorError as error:
            raise CommandError(str(error)) from error
        path: Path | None = options["file"]
        recipients = list(settings.AUDIT_ANCHOR_RECIPIENTS)
        if options["email"] and not recipients:
            raise CommandError(_("--email: ZONA_AUDIT_ANCHOR_RECIPIENTS is empty."))
        # A broken chain is not signed: an anchor would vouch for the tampering.
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                _("The audit trail is broken; no anchor written. Run zona audit-verify.")
            )
        anchor = current_anchor(key)
        line = anchor.line()
        if path is not None:
            with path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        if options["email"]:
            send_mail(
                _("Zona audit anchor #%(seq)d") % {"seq": anchor.seq},
                _(
                    "The signed head of the audit trail on %(at)s. Keep this message; "
                    "zona audit-verify --anchor checks it:\n\n%(line)s\n"
                )
                % {"at": anchor.at, "line": line},
                None,
                recipients,
            )
        self.stdout.write(line)
