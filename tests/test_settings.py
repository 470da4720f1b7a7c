"""Settings read from the environment, as a deployment behind a TLS proxy sets them."""

import os
import subprocess
import sys
from pathlib import Path

ZONA = Path(sys.executable).with_name("zona")
SHOW = (
    "from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
)


def shown(tmp_path: Path, **variables: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZONA_")}
    env |= {"ZONA_SECRET_KEY": "x", "ZONA_VAR_DIR": str(tmp_path), **variables}
    result = subprocess.run(
        [str(ZONA), "manage", "shell", "--no-imports", "-c", SHOW],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_tls_proxy_settings_are_off_by_default(tmp_path: Path) -> None:
    assert shown(tmp_path) == "0 False None"


def test_tls_proxy_settings_follow_the_environment(tmp_path: Path) -> None:
    assert (
        shown(
            tmp_path,
            ZONA_HSTS_SECONDS="31536000",
            ZONA_SSL_REDIRECT="1",
            ZONA_PROXY_SSL_HEADER="1",
        )
        == "31536000 True ('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_debug_without_a_key_makes_one_per_instance_and_keeps_it(tmp_path: Path) -> None:
    show_key = "from django.conf import settings as s; print(s.SECRET_KEY)"

    def key_of(var_dir: Path) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZONA_")}
        env |= {"ZONA_DEBUG": "1", "ZONA_VAR_DIR": str(var_dir)}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [str(ZONA), "manage", "shell", "--no-imports", "-c", show_key],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    first = key_of(tmp_path / "one")
    assert len(first) >= 50 and "insecure" not in first
    assert key_of(tmp_path / "one") == first  # kept across restarts
    assert key_of(tmp_path / "two") != first  # each instance its own
    key_file = tmp_path / "one" / "debug-secret-key"
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o777 == 0o600
