"""Anchors: the chain head, signed with a key the database does not hold, kept outside it.

Whoever holds the database can rewrite the chain and recompute every later hash, or delete
the newest events and move the head back; the chain alone then still verifies. An anchor is
the head at one moment (its sequence number and hash, and the time), signed with HMAC-SHA256
under `ZONA_AUDIT_KEY` (settings.AUDIT_KEY, not the secret key). `zona audit-anchor` appends
one anchor a line (JSON) to a file and/or e-mails it; `zona audit-verify --anchor FILE` checks
that every anchor in the file is genuine and that the event it names still has its hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.chain import canonical_json
from zona.audit.models import GENESIS_HASH, ChainHead, Event

ANCHOR_VERSION = 1


class AnchorError(Exception):
    """An anchor cannot be made or read (no key, a line that is not an anchor)."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    signature: str = ""

    def message(self) -> str:
        """What is signed: everything but the signature, in the canonical form."""
        return canonical_json(
            {"v": ANCHOR_VERSION, "seq": self.seq, "hash": self.hash, "at": self.at}
        )

    def line(self) -> str:
        return canonical_json(
            {
                "v": ANCHOR_VERSION,
                "seq": self.seq,
                "hash": self.hash,
                "at": self.at,
                "sig": self.signature,
            }  # fmt: skip
        )


def audit_key() -> str:
    key = settings.AUDIT_KEY
    if not key:
        raise AnchorError(
            _("ZONA_AUDIT_KEY is not set: anchors are signed with a key kept outside the database.")
        )
    if key == settings.SECRET_KEY:
        raise AnchorError(_("ZONA_AUDIT_KEY must not be the secret key."))
    return key


def signature(anchor: Anchor, key: str) -> str:
    return hmac.new(key.encode(), anchor.message().encode(), hashlib.sha256).hexdigest()


def current_anchor(key: str) -> Anchor:
    """The chain head now, signed."""
    head = ChainHead.objects.filter(pk=1).first()
    seq, digest = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    unsigned = Anchor(seq, digest, timezone.now().isoformat(timespec="seconds"))
    return Anchor(unsigned.seq, unsigned.hash, unsigned.at, signature(unsigned, key))


def parse(line: str) -> Anchor:
    try:
        data = json.loads(line)
        anchor = Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["sig"]))
    except (ValueError, KeyError, TypeError) as error:
        raise AnchorError(_("not an anchor: %(error)s") % {"error": error}) from error
    if data.get("v") != ANCHOR_VERSION:
        raise AnchorError(_("unknown anchor version %(v)s") % {"v": data.get("v")})
    return anchor


def read_anchors(text: str) -> list[tuple[int, Anchor | str]]:
    """Each non-empty line with its number: the anchor, or why it is not one."""
    found: list[tuple[int, Anchor | str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append((number, parse(line)))
        except AnchorError as error:
            found.append((number, str(error)))
    return found


def check_anchors(lines: Iterable[tuple[int, Anchor | str]], key: str) -> list[str]:
    """What is wrong with the chain, or the anchors, as each anchor sees it (empty: all hold)."""
    lines = list(lines)
    anchors = [(n, a) for n, a in lines if isinstance(a, Anchor)]
    stored = dict(
        Event.objects.filter(seq__in={a.seq for _n, a in anchors}).values_list("seq", "hash")
    )
    head = ChainHead.objects.filter(pk=1).first()
    head_seq = head.last_seq if head else 0
    problems = [
        _("line %(line)d: %(reason)s") % {"line": n, "reason": a}
        for n, a in lines
        if isinstance(a, str)
    ]
    for number, anchor in anchors:
        named = {"line": number, "seq": anchor.seq, "at": anchor.at}
        if not hmac.compare_digest(anchor.signature, signature(anchor, key)):
            problems.append(
                _(
                    "line %(line)d: the anchor of #%(seq)d (%(at)s) is not signed with this "
                    "ZONA_AUDIT_KEY: forged or edited"
                )
                % named
            )
        elif anchor.seq == 0:
            continue  # anchored before the first event: every chain starts there
        elif anchor.seq not in stored:
            problems.append(
                _(
                    "line %(line)d: event #%(seq)d, anchored at %(at)s, no longer exists "
                    "(the chain now ends at #%(head)d): the chain was TRUNCATED"
                )
                % (named | {"head": head_seq})
            )
        elif stored[anchor.seq] != anchor.hash:
            problems.append(
                _(
                    "line %(line)d: event #%(seq)d no longer has the hash anchored at %(at)s: "
                    "the chain was REWRITTEN up to that event"
                )
                % named
            )
    return problems
