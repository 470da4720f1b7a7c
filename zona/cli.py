"""The `zona` command: demo, serve, score and every management command.

zona demo            migrate, load the demo ministry once, serve on 127.0.0.1:8000 with the
                     background worker beside the server (reminders, e-mail on the console)
zona serve           production server (gunicorn)
zona score FILE|-    score units from JSON (no database needed)
zona ikm FILE|-      IKM of a CSV of survey answers U1…U9 (no database needed)
zona audit-verify    check the audit trail's hash chain (--anchor FILE, --state)
zona audit-anchor    sign the chain's head with ZONA_AUDIT_KEY, keep it outside (--file, --email)
zona backup FILE     database, private files and manifest into one archive
zona restore FILE    such an archive into an empty instance
zona manage ARGS     any Django management command
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command == "score":
        from zona.scoring.cli import main as score_main

        return score_main(rest)
    if command == "ikm":
        from zona.surveys.ikmcalc import main as ikm_main

        return ikm_main(rest)
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    if command == "manage":
        return manage(rest)
    return manage([command.replace("-", "_"), *rest])


def manage(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zona manage", *args])
    return 0


def demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="zona demo", description="Run Zona with a demo ministry.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-serve", action="store_true", help="prepare the data, do not serve")
    options = parser.parse_args(argv)
    _demo_environment()

    import django
    from django.core.management import call_command

    django.setup()
    from zona.accounts.demo import demo_logins, login_lines
    from zona.organizations.models import Unit

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_instruments", verbosity=0)
    if Unit.objects.exists():
        print("Data demo sudah ada; basis data yang ada dipakai (hapus var/ untuk mulai baru).")
        call_command("refresh_summaries", verbosity=0)  # summaries added by an upgrade
        print("", *login_lines(demo_logins()), sep="\n")
    else:
        call_command("load_demo")  # ends with the logins
    if options.no_serve:
        return 0
    call_command("send_reminders")  # today's deadline reminders, sent by the worker below
    print(f"\nZona berjalan di http://{options.host}:{options.port}/  (Ctrl+C untuk berhenti)")
    print("Pekerja latar belakang berjalan: pengingat dan e-mail tampil di sini.")
    return _serve_with_worker(_gunicorn_argv(f"{options.host}:{options.port}", options.workers))


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="zona serve", description="Serve Zona with gunicorn.")
    parser.add_argument("--bind", default=os.environ.get("ZONA_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("ZONA_WORKERS", "3")))
    parser.add_argument("--migrate", action="store_true", help="apply migrations first")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    import django
    from django.core.management import call_command

    django.setup()
    # The deployment checks print what a production setting lacks (HSTS, the HTTPS redirect,
    # secure cookies, ...) as warnings; only errors stop the server. docs/deploy.md says
    # what to set.
    call_command("check", deploy=True, fail_level="ERROR")
    if options.migrate:
        call_command("migrate", interactive=False)
    return _gunicorn(options.bind, options.workers)


def _demo_environment() -> None:
    """A local, self-contained setting: SQLite and files under var/, plain HTTP."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    var_dir = Path(os.environ.setdefault("ZONA_VAR_DIR", str(Path.cwd() / "var")))
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file = var_dir / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ.setdefault("ZONA_SECRET_KEY", key_file.read_text().strip())
    os.environ.setdefault("ZONA_SECURE_COOKIES", "0")


WORKER_ARGV = [sys.executable, "-m", "zona.cli", "manage", "db_worker", "--no-reload"]


def _serve_with_worker(server_argv: list[str], worker_argv: list[str] = WORKER_ARGV) -> int:
    """Run the server and the tasks worker side by side until either ends, Ctrl+C or a
    SIGTERM comes; then stop both. Non-zero when the worker died or the server failed."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    worker = subprocess.Popen(worker_argv)  # noqa: S603 - our own interpreter and module
    server = subprocess.Popen(server_argv)  # noqa: S603
    worker_died = False
    try:
        while server.poll() is None:
            if worker.poll() is not None:
                worker_died = True
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if worker_died:
        print("Pekerja latar belakang berhenti; server ikut dihentikan.", file=sys.stderr)
        return 1
    return server.returncode if server.returncode and server.returncode > 0 else 0


def _gunicorn(bind: str, workers: int) -> int:
    argv = _gunicorn_argv(bind, workers)
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server
    return 0  # not reached


def _gunicorn_argv(bind: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "zona.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",  # the reverse proxy whose X-Forwarded-Proto gunicorn believes
        os.environ.get("ZONA_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--no-control-socket",  # one fixed path per user would be shared by every instance
    ]


if __name__ == "__main__":
    sys.exit(main())
