"""nginx for the deployment tests: found or skipped (never skipped in CI), and a throwaway
prefix in which the shipped configuration runs without touching /etc/nginx."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
SITE = DEPLOY / "zona.conf"
PROXY = DEPLOY / "zona-proxy.conf"
INSTALLED_PROXY = "/etc/nginx/snippets/zona-proxy.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is not installed; scripts/test installs it (mandatory in CI)")
    pytest.skip("nginx is not installed (apt-get install nginx; scripts/test does it as root)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main_config(prefix: Path, http_body: str) -> Path:
    """An nginx.conf of its own under `prefix`: logs, pid and temporary files there."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (prefix / name).mkdir(parents=True, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the files of this prefix
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\n"
        f"pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/logs/error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    access_log {prefix}/logs/access.log;\n"
        f"    client_body_temp_path {prefix}/body;\n"
        f"    proxy_temp_path {prefix}/proxy;\n"
        f"    fastcgi_temp_path {prefix}/fastcgi;\n"
        f"    uwsgi_temp_path {prefix}/uwsgi;\n"
        f"    scgi_temp_path {prefix}/scgi;\n"
        f"{http_body}\n"
        "}\n"
    )
    return conf
