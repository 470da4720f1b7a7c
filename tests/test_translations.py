"""The Indonesian catalogue is complete and its compiled .mo matches the .po."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "zona/locale/id/LC_MESSAGES/django.po"


def entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of singular entries; plurals checked for a translation only."""
    text = PO.read_text()
    pairs = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        pairs.append((_join(msgid.group(1)), _join(msgstr.group(1))))
    return [(i, s) for i, s in pairs if i]


def _join(quoted: str) -> str:
    parts = re.findall(r'"(.*)"', quoted)
    return "".join(parts).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_message_has_an_indonesian_translation() -> None:
    untranslated = [msgid for msgid, msgstr in entries() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text().split("\n\n", 1)[1]


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with translation.override("id"):
        stale = [
            msgid
            for msgid, msgstr in entries()
            if "%(counter)" not in msgid and translation.gettext(msgid) != msgstr
        ]
    assert stale == [], "run: zona manage compilemessages"
