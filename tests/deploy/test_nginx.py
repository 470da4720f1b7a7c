"""The nginx configuration of docs/deploy.md: it passes `nginx -t`, and through it a few
clients trickling their request bodies do not keep /healthz from answering at once, while
straight to gunicorn's two sync workers they do."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.nginx import (
    INSTALLED_PROXY,
    PROXY,
    SITE,
    free_port,
    main_config,
    nginx_binary,
)
from zona.cli import _gunicorn_argv

SLOW_CLIENTS = 4
HEALTHY_WITHIN = 2.0  # seconds


def self_signed(prefix: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("openssl is not installed; scripts/test installs it (mandatory in CI)")
        pytest.skip("openssl is not installed (apt-get install openssl): no test certificate")
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=zona.example.go.id", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def test_the_shipped_configuration_passes_nginx_t(tmp_path: Path) -> None:
    nginx = nginx_binary()
    cert, key = self_signed(tmp_path)
    site = (
        SITE.read_text()
        .replace("/etc/ssl/zona/fullchain.pem", str(cert))
        .replace("/etc/ssl/zona/privkey.pem", str(key))
        .replace(INSTALLED_PROXY, str(PROXY))
    )
    (tmp_path / "zona.conf").write_text(site)
    conf = main_config(tmp_path, f"    include {tmp_path / 'zona.conf'};")
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "t.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    proxy = PROXY.read_text()
    for directive in (
        "client_max_body_size 21m;",
        "client_body_timeout",
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-For $remote_addr;",
    ):
        assert directive in proxy


def get_status(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        return int(response.status)


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} ended: {process.returncode}")
        try:
            if get_status(url, 1) == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[int]:
    """`zona serve`'s gunicorn with two sync workers on a free loopback port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"ZONA_SECRET_KEY": "probe-only", "ZONA_VAR_DIR": str(tmp_path / "var")}
    argv = _gunicorn_argv(f"127.0.0.1:{port}", 2)
    argv[argv.index("--access-logfile") + 1] = str(tmp_path / "gunicorn-access.log")
    server = subprocess.Popen(argv, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server, 30)
        yield port
    finally:
        stop(server)


@pytest.fixture
def nginx(tmp_path: Path, gunicorn: int) -> Iterator[int]:
    """The shipped proxy settings on a plain-HTTP loopback port in front of `gunicorn`."""
    binary = nginx_binary()
    port = free_port()
    prefix = tmp_path / "nginx"
    http = (
        f"    upstream zona {{ server 127.0.0.1:{gunicorn}; }}\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n        include {PROXY};\n    }}"
    )
    conf = main_config(prefix, http)
    log = prefix / "logs" / "start.log"
    server = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(prefix), "-c", str(conf), "-e", str(log), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server, 15)
        yield port
    finally:
        stop(server)


def slow_posts(port: int, count: int) -> list[socket.socket]:
    """Clients that send their headers and then a body far slower than they said, to the
    public survey form (no session, no CSRF cookie: the body is read to find its ticket)."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(
            b"POST /s/ABCDEF/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100000\r\n\r\nticket=x&u1="
        )
        clients.append(client)
    return clients


def trickle(clients: list[socket.socket], seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for client in clients:
            client.sendall(b"x")
        time.sleep(0.2)


def healthz_seconds(port: int, timeout: float) -> float | None:
    """Seconds /healthz took, or None when it did not answer within `timeout`."""
    started = time.monotonic()
    try:
        assert get_status(f"http://127.0.0.1:{port}/healthz", timeout) == 200
    except OSError:  # timed out
        return None
    return time.monotonic() - started


def test_slow_clients_through_nginx_leave_healthz_responsive(gunicorn: int, nginx: int) -> None:
    started = time.monotonic()
    # Straight to gunicorn, two slow clients take both sync workers: /healthz waits.
    direct = slow_posts(gunicorn, 2)
    try:
        trickle(direct, 1.0)
        assert healthz_seconds(gunicorn, HEALTHY_WITHIN) is None
    finally:
        for client in direct:
            client.close()
    # Through nginx, twice as many of them hold only nginx connections.
    proxied = slow_posts(nginx, SLOW_CLIENTS)
    try:
        trickle(proxied, 1.0)
        took = healthz_seconds(nginx, HEALTHY_WITHIN)
        assert took is not None and took < HEALTHY_WITHIN, "healthz waited behind slow clients"
        trickle(proxied, 1.0)
        again = healthz_seconds(nginx, HEALTHY_WITHIN)
        assert again is not None and again < HEALTHY_WITHIN
    finally:
        for client in proxied:
            client.close()
    assert time.monotonic() - started < 60
