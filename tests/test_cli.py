"""The `zona` console script as people run it."""

import os
import subprocess
import sys
from pathlib import Path

ZONA = Path(sys.executable).with_name("zona")


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ZONA_SECRET_KEY"}}
    env["ZONA_VAR_DIR"] = str(tmp_path / "var")
    return env


def test_help_lists_the_commands() -> None:
    result = subprocess.run([str(ZONA), "--help"], capture_output=True, text=True, check=True)
    for command in ("demo", "serve", "score", "audit-verify", "manage"):
        assert command in result.stdout


def test_demo_prepares_an_empty_folder_then_reuses_it(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    first = subprocess.run(
        [str(ZONA), "demo", "--no-serve"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    assert "Kementerian demo dimuat" in first.stdout
    assert "zona-demo-2026" in first.stdout
    assert "Step " not in first.stdout + first.stderr  # no PDF library's progress lines
    assert (tmp_path / "var" / "zona.sqlite3").exists()
    verify = subprocess.run(
        [str(ZONA), "audit-verify"],
        cwd=tmp_path,
        env=env | {"ZONA_SECRET_KEY": (tmp_path / "var" / "demo-secret-key").read_text()},
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
    assert "Jejak audit utuh" in verify.stdout
    again = subprocess.run(
        [str(ZONA), "demo", "--no-serve"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0
    assert "sudah ada" in again.stdout


def test_production_settings_refuse_to_start_without_a_secret(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(ZONA), "manage", "check"], env=clean_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ZONA_SECRET_KEY must be set" in result.stderr
