"""Memory of a 20 MB upload through a real Django request, against a 1 KB upload.

    python bench/bench_upload.py [--megabytes 20] [--smoke]

Starts Zona's WSGI application in a child process (wsgiref on 127.0.0.1, a fresh SQLite
file and private store in a temporary folder) with one extra view that calls
`zona.files.services.store_upload`, then streams multipart uploads to it over the loopback:
a 1 KB PDF as the baseline, then a 20 MB PDF. The server reports its own peak resident
memory (VmHWM) after each request, and, in a second child, the tracemalloc peak of the
request (parsing the multipart body + hashing, sniffing and storing the file).
Target: under 10 MB of growth for the 20 MB upload. --smoke sends 2 MB and gives no verdict.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402

MB = 1024 * 1024
TARGET = 10 * MB


# -- the server side (child process) ---------------------------------------------------------


def _peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def upload_view(request: Any) -> Any:
    from django.http import JsonResponse

    from zona.files.services import store_upload

    traced = os.environ.get("BENCH_TRACEMALLOC") == "1"
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    upload = request.FILES["file"]  # the multipart body is parsed here
    stored = store_upload(actor=None, upload=upload, max_bytes=upload.size + MB)
    elapsed = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    return JsonResponse(
        {
            "size": stored.size,
            "kind": stored.kind,
            "seconds": elapsed,
            "peak_rss": _peak_rss(),
            "tracemalloc_peak": traced_peak,
            "spooled_to_disk": hasattr(upload, "temporary_file_path"),
        }
    )


def serve() -> None:
    import django
    from django.conf import settings
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    django.setup()
    from zona.urls import urlpatterns as zona_urlpatterns

    # Zona's URLs stay beside the upload view: its middleware links to the log-in page.
    module = sys.modules[__name__]
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("upload", csrf_exempt(upload_view)),
        *zona_urlpatterns,
    ]
    settings.ROOT_URLCONF = __name__
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    print(server.server_port, flush=True)
    server.serve_forever()


# -- the client side (this process) ----------------------------------------------------------


def make_pdf(folder: Path, size: int) -> Path:
    """A file that starts like a PDF, with random bytes (unique content each run)."""
    target = folder / f"upload-{size}.pdf"
    with target.open("wb") as out:
        head = b"%PDF-1.7\n%" + uuid.uuid4().hex.encode() + b"\n"
        out.write(head)
        left = size - len(head)
        while left > 0:
            block = os.urandom(min(MB, left))
            out.write(block)
            left -= len(block)
    return target


def post_file(port: int, file: Path) -> dict[str, Any]:
    """Stream a multipart/form-data POST without holding the file in memory."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{file.name}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Any:
        yield head
        with file.open("rb") as handle:
            while block := handle.read(256 * 1024):
                yield block
        yield tail

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    length = len(head) + file.stat().st_size + len(tail)
    connection.request(
        "POST",
        "/upload",
        body=body(),
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
        },
    )
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"upload failed: {response.status} {payload[:500]!r}")
    return json.loads(payload)


def run_server(env: dict[str, str], traced: bool) -> tuple[subprocess.Popen[str], int]:
    child_env = {**env, "BENCH_TRACEMALLOC": "1" if traced else "0"}
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        env=child_env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def main() -> None:
    options = support.parser(__doc__)
    options.add_argument("--megabytes", type=int, default=20, help="size of the large upload")
    args = options.parse_args()
    big = (2 if args.smoke else args.megabytes) * MB
    folder = Path(tempfile.mkdtemp(prefix="zona-bench-upload-"))
    env = {
        **os.environ,
        "ZONA_VAR_DIR": str(folder),
        "ZONA_PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "ZONA_SECRET_KEY": os.environ.get("ZONA_SECRET_KEY", "bench-only"),
        "DJANGO_SETTINGS_MODULE": "zona.settings",
        "ZONA_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)  # a fresh SQLite file in the temporary folder
    subprocess.run(
        [sys.executable, "-m", "zona.cli", "manage", "migrate", "-v", "0"], env=env, check=True
    )
    try:
        met = measure(folder, env, big)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.smoke:
        print(f"target: under {TARGET // MB} MB growth -> {'met' if met else 'MISSED'}")


def measure(folder: Path, env: dict[str, str], big_size: int) -> bool:
    """Whether the growth stayed under the target in both servers."""
    small = make_pdf(folder, 1024)
    print(f"upload sizes: baseline {small.stat().st_size} B, large {big_size / MB:.0f} MB")
    ok = True
    for traced in (False, True):
        process, port = run_server(env, traced)
        try:
            base = post_file(port, small)
            big = post_file(port, make_pdf(folder, big_size))
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert big["size"] == big_size and big["kind"] == "pdf"
        if traced:
            label = "tracemalloc peak of the request"
            growth = big["tracemalloc_peak"]
            print(
                f"{label:<36} 1 KB: {base['tracemalloc_peak'] / MB:6.2f} MB   "
                f"{big_size // MB} MB: {growth / MB:6.2f} MB"
            )
        else:
            label = "server peak RSS"
            growth = big["peak_rss"] - base["peak_rss"]
            print(
                f"{label:<36} after 1 KB: {base['peak_rss'] / MB:6.1f} MB   "
                f"after {big_size // MB} MB: {big['peak_rss'] / MB:6.1f} MB   "
                f"growth {growth / MB:5.2f} MB"
            )
            print(
                f"{big_size // MB} MB request (parse + store) {big['seconds']:.2f} s, "
                f"spooled to a temporary file: {big['spooled_to_disk']}"
            )
        ok = ok and growth < TARGET
    return ok


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main()
