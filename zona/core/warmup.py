"""Readies a server process before its first request (called by zona.wsgi in every worker).

A full garbage collection walks every object the collector tracks: in a worker that has
served its first pages (Django, the URL patterns, the compiled templates, the translation
catalogs: some 120,000 objects) one took 64–165 ms on the benchmark machine, a stall that a
respondent's submission or a verifier's page waits behind. These objects live as long as the
process, so the worker builds them at start and then freezes them (`gc.freeze`, which the
Python documentation suggests for pre-forking servers): later collections walk only what
requests create (1–7 ms, bench/bench_worker_gc.py and docs/decisions.md). Refcounting still
frees frozen objects; only a reference cycle among them would stay until the process ends.
"""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt")


def project_templates() -> list[str]:
    """The names of Zona's own templates (not those of Django's or other packages' apps)."""
    package = Path(settings.BASE_DIR).resolve()
    names: set[str] = set()
    for engine in engines.all():
        for directory in engine.template_dirs:  # type: ignore[attr-defined]
            root = Path(directory).resolve()
            if not root.is_relative_to(package) or not root.is_dir():
                continue
            names.update(
                path.relative_to(root).as_posix()
                for path in root.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES
            )
    return sorted(names)


def prepare_process() -> None:
    """Import the URL patterns, load every language's catalog and compile Zona's templates,
    then freeze everything alive so that garbage collections no longer walk it."""
    reverse("home")  # imports and indexes every URL pattern
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Units")  # loads the language's catalogs
    for name in project_templates():
        get_template(name)  # the cached loader keeps it compiled
    gc.collect()  # what is garbage now should not be frozen
    gc.freeze()
