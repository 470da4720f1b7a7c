"""`zona demo` from an empty folder to a served page, against `zona manage migrate` alone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ZONA = Path(sys.executable).with_name("zona")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def main() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ZONA_VAR_DIR"}}
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run(
            [str(ZONA), "manage", "migrate", "-v0"],
            cwd=folder,
            env=env | {"ZONA_VAR_DIR": folder, "ZONA_SECRET_KEY": "bench"},
            check=True,
        )
        baseline = time.perf_counter() - started

    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(ZONA), "demo", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 180)
            elapsed = time.perf_counter() - started
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/") as page:
                assert page.status == 200
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    print(f"zona manage migrate, empty SQLite (baseline): {baseline:6.2f} s")
    print(
        f"zona demo, empty folder -> serving:           {elapsed:6.2f} s"
        f"  ({elapsed / baseline:.1f}x baseline)"
    )
    print(f"target: <= 60 s -> {'met' if elapsed <= 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
