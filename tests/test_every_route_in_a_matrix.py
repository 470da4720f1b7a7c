"""Every route of the URL configuration has its entry in a permission matrix: a new page
without one fails here, naming it.

A matrix is a test that runs a route for every persona (tests/**/*permission_matrix*.py and
the tests named *_matrix). The few routes whose access needs objects no matrix builds (a token
of the public survey, a reset link) name the test that proves who may use them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent
PROVED_ELSEWHERE = {
    "accounts:password_reset_confirm": (
        "tests.accounts.test_security",
        "test_a_reset_link_lasts_at_most_a_day",
    ),
    "assessments:evidence_download": (
        "tests.assessments.test_pages",
        "test_evidence_is_stored_versioned_and_served_only_in_scope",
    ),
    "assessments:start": (
        "tests.assessments.test_pages",
        "test_only_a_member_of_the_satker_starts_its_lke",
    ),
    "survey_public:form": (
        "tests.surveys.test_public",
        "test_a_logged_in_official_gets_the_public_page_without_the_staff_site",
    ),
    "survey_public:thanks": (
        "tests.surveys.test_public",
        "test_a_response_is_stored_once_and_counted",
    ),
}


def route_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from route_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def matrix_texts() -> list[str]:
    files = set(TESTS.rglob("*permission_matrix*.py"))
    files |= {
        path
        for path in TESTS.rglob("test_*.py")
        if re.search(r"def test_\w*matrix", path.read_text())
    }
    return [path.read_text() for path in files]


def in_a_matrix(name: str, texts: list[str]) -> bool:
    namespace, _, route = name.rpartition(":")
    return any(
        f'"{name}"' in text or (namespace and f'f"{namespace}:{{' in text and f'"{route}"' in text)
        for text in texts
    )


def test_every_route_has_an_entry() -> None:
    texts = matrix_texts()
    names = sorted(set(route_names(get_resolver().url_patterns)))
    missing = [
        name
        for name in names
        if not name.startswith("admin:")  # the admin site's own log-in guards it (a matrix row)
        and name not in PROVED_ELSEWHERE
        and not in_a_matrix(name, texts)
    ]
    assert not missing, f"routes without a permission-matrix entry: {missing}"


def test_the_tests_named_for_the_other_routes_exist() -> None:
    for route, (module, function) in PROVED_ELSEWHERE.items():
        assert callable(getattr(importlib.import_module(module), function, None)), route
