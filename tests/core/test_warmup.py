"""A server worker readies itself at start: URL patterns, catalogs, templates, then the freeze."""

import os
import subprocess
import sys
from pathlib import Path

from zona.core.warmup import project_templates

WORKER_START = """
import gc
import zona.wsgi
from django.template import engines
loader = engines["django"].engine.template_loaders[0]
while not hasattr(loader, "get_template_cache"):  # template_partials wraps Django's cache
    loader = loader.loaders[0]
print(gc.get_freeze_count(), len(loader.get_template_cache), gc.collect())
"""


def test_the_project_templates_are_zonas_own() -> None:
    names = project_templates()
    assert "surveys/public/form.html" in names
    assert "accounts/password_reset_email.txt" in names
    assert not [name for name in names if name.startswith("admin/")]


def test_a_worker_compiles_the_templates_and_freezes_what_it_built(tmp_path: Path) -> None:
    env = {**os.environ, "ZONA_SECRET_KEY": "test-only", "ZONA_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START], env=env, capture_output=True, text=True, check=True
    )
    frozen, compiled, collected = (int(value) for value in result.stdout.split())
    assert frozen > 50_000  # Django and Zona as loaded: no full collection walks them again
    assert compiled >= len(project_templates())
    assert collected == 0  # nothing left behind as garbage by the warm-up
