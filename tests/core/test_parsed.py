"""ParsedFiles: a stored file is parsed once per version, and only if its text is intact."""

from __future__ import annotations

import hashlib

import pytest

from zona.core.parsed import ParsedFiles


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_text_is_read_and_parsed_only_the_first_time() -> None:
    parsed: list[str] = []
    reads: list[str] = []
    files = ParsedFiles(lambda code, sha, text: parsed.append(text) or text.upper())

    def read(text: str) -> str:
        reads.append(text)
        return text

    assert files.get("ikm", digest("a"), lambda: read("a")) == "A"
    assert files.get("ikm", digest("a"), lambda: read("a")) == "A"
    assert files.get("ikm", digest("b"), lambda: read("b")) == "B"  # a new version
    assert parsed == reads == ["a", "b"]


def test_a_text_that_does_not_match_its_digest_is_refused() -> None:
    files = ParsedFiles(lambda code, sha, text: text)
    with pytest.raises(ValueError, match="does not match its SHA-256"):
        files.get("ikm", digest("as loaded"), lambda: "changed in the database")
