"""The `zona` console script as people run it."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ZONA = Path(sys.executable).with_name("zona")


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ZONA_SECRET_KEY"}}
    env["ZONA_VAR_DIR"] = str(tmp_path / "var")
    return env


def bare_env() -> dict[str, str]:
    """A fresh shell: no ZONA_* variable, no DATABASE_URL, no Django settings module."""
    unset = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if not k.startswith("ZONA_") and k not in unset}


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
    verify = subprocess.run(  # no key exported: the demo instance's own is found
        [str(ZONA), "audit-verify"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stderr
    assert "Jejak audit utuh" in verify.stdout
    again = subprocess.run(
        [str(ZONA), "demo", "--no-serve"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0
    assert "sudah ada" in again.stdout
    for run in (first, again):  # the logins come last, whether the demo loaded or reused
        assert "zona-demo-2026" in run.stdout
        assert run.stdout.splitlines()[-2].endswith("administrator@demo.kemenkumham.go.id")


def test_production_settings_refuse_to_start_without_a_secret(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(ZONA), "manage", "check"], env=clean_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ZONA_SECRET_KEY must be set" in result.stderr


def test_commands_find_the_key_of_the_demo_instance_and_nothing_else(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir()
    (var / "demo-secret-key").write_text("the-demo-instance-key\n")
    (var / "zona.sqlite3").touch()
    env = clean_env(tmp_path)

    def check(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ZONA), "manage", "check"], env=env | extra, capture_output=True, text=True
        )

    found = check({})
    assert found.returncode == 0, found.stderr
    other_database = check({"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"})
    assert other_database.returncode != 0
    assert "ZONA_SECRET_KEY must be set" in other_database.stderr
    (var / "zona.sqlite3").unlink()
    no_demo_database = check({})
    assert no_demo_database.returncode != 0
    assert "ZONA_SECRET_KEY must be set" in no_demo_database.stderr


def test_ikm_needs_no_configuration(tmp_path: Path) -> None:
    sheet = tmp_path / "skm.csv"
    sheet.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,3,3,4,3,3,4,3,3\n3,3,4,,3,4,4,3,2\n")
    result = subprocess.run(
        [str(ZONA), "ikm", str(sheet)], cwd=tmp_path, env=bare_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["respondents"] == 2
    assert not (tmp_path / "var").exists()


def test_the_demo_server_and_its_worker_start_and_stop_together(tmp_path: Path) -> None:
    from zona.cli import _serve_with_worker

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    started = time.monotonic()
    # the server ends (as gunicorn does when stopped): the worker is stopped with it
    assert _serve_with_worker([sys.executable, "-c", "pass"], sleeper) == 0
    # the worker dies: the server is stopped and the demo says so with a failure
    assert _serve_with_worker(sleeper, [sys.executable, "-c", "raise SystemExit(3)"]) == 1
    assert time.monotonic() - started < 20  # neither waited for its sleeper


def test_stopping_the_demo_stops_its_server_and_worker(tmp_path: Path) -> None:
    """SIGTERM to `zona demo` (as Ctrl+C, or a service manager) ends both children."""
    pids = tmp_path / "pids"
    child = (
        f"import os, time; open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n'); time.sleep(60)"
    )
    script = (
        "import sys; from zona.cli import _serve_with_worker; "
        f"sys.exit(_serve_with_worker([sys.executable, '-c', {child!r}], "
        f"[sys.executable, '-c', {child!r}]))"
    )
    demo = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)
    children = [int(pid) for pid in pids.read_text().split()]
    assert len(children) == 2
    demo.send_signal(signal.SIGTERM)
    assert demo.wait(timeout=20) == 0
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_serve_names_what_a_production_setting_lacks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`zona serve` runs Django's deployment checks first: it starts, and says what is
    missing (here HSTS and the HTTPS redirect, off by default)."""
    from zona import cli

    # the browser tests' conftest allows the ORM beside Playwright's loop; a server must not
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    started: list[list[str]] = []
    monkeypatch.setattr(cli, "_gunicorn", lambda bind, workers: started.append([bind]) or 0)
    assert cli.serve(["--bind", "127.0.0.1:9"]) == 0
    assert started == [["127.0.0.1:9"]]
    said = capsys.readouterr().err
    assert "security.W004" in said  # SECURE_HSTS_SECONDS
    assert "security.W008" in said  # SECURE_SSL_REDIRECT


def test_each_server_has_no_shared_control_socket() -> None:
    from zona.cli import _gunicorn_argv

    assert "--no-control-socket" in _gunicorn_argv("127.0.0.1:8000", 3)


def test_the_proxy_gunicorn_believes_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zona.cli import _gunicorn_argv

    def allowed() -> str:
        argv = _gunicorn_argv("127.0.0.1:8000", 3)
        return argv[argv.index("--forwarded-allow-ips") + 1]

    monkeypatch.delenv("ZONA_FORWARDED_ALLOW_IPS", raising=False)
    assert allowed() == "127.0.0.1"
    monkeypatch.setenv("ZONA_FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert allowed() == "10.0.0.5"
