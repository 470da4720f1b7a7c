"""Files stored as text with their SHA-256 (instruments, questionnaires), parsed once.

Pages that list many units fetch these rows without their text (`.defer("source_text")`):
the parsed file is found by code and digest, and the text is read, checked against its
digest and parsed only the first time a process meets that version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from threading import Lock
from typing import Generic, TypeVar

Parsed = TypeVar("Parsed")


class ParsedFiles(Generic[Parsed]):
    def __init__(self, parse: Callable[[str, str, str], Parsed], size: int = 64) -> None:
        self._parse = parse  # (code, sha256, text) → the parsed file
        self._size = size
        self._found: dict[tuple[str, str], Parsed] = {}
        self._lock = Lock()

    def get(self, code: str, sha256: str, text: Callable[[], str]) -> Parsed:
        key = (code, sha256)
        found = self._found.get(key)
        if found is None:
            source = text()
            if hashlib.sha256(source.encode()).hexdigest() != sha256:
                raise ValueError(f"the stored text of {code} does not match its SHA-256")
            found = self._parse(code, sha256, source)
            with self._lock:
                if len(self._found) >= self._size:
                    self._found.clear()
                self._found[key] = found
        return found
