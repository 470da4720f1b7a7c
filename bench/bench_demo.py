"""`zona demo` from an empty folder until it serves its pages.

    python bench/bench_demo.py [--smoke]

Runs `zona demo --port <free port>` in an empty temporary folder (SQLite, no DATABASE_URL),
times it until /healthz answers, then fetches the login page. Target: <= 60 s. There are no
sizes to shrink: --smoke runs the same path and only checks that it gets to the end.
"""

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402

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
    args = support.parser(__doc__).parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZONA_", "DATABASE_URL"))}
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="zona-bench-demo-") as folder:
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
    print(f"zona demo, empty folder -> serving: {elapsed:6.2f} s")
    if not args.smoke:
        print(f"target: <= 60 s -> {'met' if elapsed <= 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
