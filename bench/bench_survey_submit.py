"""Public survey submissions under `zona serve` on PostgreSQL, at a steady open-loop rate.

    python bench/bench_survey_submit.py [--rate 200] [--seconds 60] [--ladder | --no-ladder]
                                        [--units 1000] [--workers 3] [--smoke]

Target: an open-loop load of 200 submissions a second for 60 s keeps p99 <= 100 ms, and every
submission sent is stored (the responses are counted in the database afterwards). The ladder
then offers rising rates (rungs of --rung-seconds from --ladder-from, in steps of
--ladder-step, until two rungs in a row fail) and reports the highest rate sustained with
p99 <= 100 ms and sent = stored.

The server: a scratch PostgreSQL database (zona_bench_submit_<pid>, dropped at the end) holding
--units UPT under one Kanwil, and a survey period open today with the shipped questionnaires
(IKM, SPAK, IPKP) and a code for every unit and questionnaire, all made through the services
and the master-data import; then `zona serve --workers 3` (gunicorn sync workers, persistent
database connections) with production settings: ZONA_DEBUG off, secure cookies, HSTS, the
HTTPS redirect, and X-Forwarded-Proto believed (ZONA_PROXY_SSL_HEADER) as behind a TLS proxy.
The run checks that those settings are in force before it measures.

The traffic: each simulated phone sends X-Forwarded-Proto: https and its own made-up address
in X-Forwarded-For, which the server believes from 127.0.0.1 (ZONA_TRUSTED_PROXIES), so the
per-address limits and flags see many respondents rather than one; the codes are taken in
turn, so each code's per-minute count stays at rate × 60 / codes, under its default limit. The
period keeps its default limits and flags, except the survey's floor of seconds to fill in,
set to 0: these phones post seconds after their page, not minutes, and would all be held for
review as too fast. Before each measured run, untimed, every phone GETs its code's form page
(the signed ticket and the device cookie); in the run it POSTs the complete form (an answer to
every question, "tidak" to the check question, a profile) on a new connection at its due
time, and must be answered 303 to /s/<code>/terima-kasih/. A warm-up of 4 s at half the rate
comes first (every worker's first posts). The generator is bench/loadgen.py.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402
from bench.loadgen import Reply, fetch_all, open_loop, percentile, request  # noqa: E402

ZONA = Path(sys.executable).with_name("zona")
LIMIT_MS = 100.0
TICKET = re.compile(r'name="ticket" value="([^"]+)"')
RADIO = re.compile(r'<input type="radio" name="([^"]+)" value="([^"]*)"')


@dataclass
class Run:
    rate: float
    sent: int
    stored: int
    statuses: Counter[int]
    latencies: list[float]

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000

    @property
    def answered(self) -> int:
        return self.statuses[303]

    @property
    def held(self) -> bool:
        return self.answered == self.sent == self.stored and self.p99_ms <= LIMIT_MS

    def line(self, label: str) -> str:
        return (
            f"{label:<22} sent {self.sent:6d}  303 {self.answered:6d}  stored {self.stored:6d}  "
            f"p50 {percentile(self.latencies, 0.5) * 1000:6.1f} ms  p99 {self.p99_ms:7.1f} ms  "
            f"max {max(self.latencies) * 1000:7.1f} ms  {dict(self.statuses)}"
        )


def seed(units: int) -> list[str]:
    """The ministry, the year and its open survey period; every code's text."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from zona.core.tabular import Table
    from zona.cycles.services import create_year
    from zona.instruments.models import Instrument
    from zona.organizations.importing import UNIT_COLUMNS, import_units
    from zona.organizations.models import Unit, UnitKind
    from zona.surveys.models import SurveyToken
    from zona.surveys.services import (
        change_min_seconds,
        issue_tokens,
        open_period,
        shipped_questionnaires,
    )

    call_command("load_instruments", verbosity=0)
    rows = [unit_row("KEMENTERIAN", "Kementerian", UnitKind.KEMENTERIAN, "")]
    rows.append(unit_row("KANWIL", "Kanwil Bench", UnitKind.KANWIL, "KEMENTERIAN"))
    rows += [
        unit_row(f"UPT{i:04d}", f"Kantor Imigrasi Bench {i}", UnitKind.UPT, "KANWIL")
        for i in range(units)
    ]
    import_units(actor=None, table=Table(header=list(UNIT_COLUMNS), rows=rows))
    year = create_year(
        actor=None, year=2099, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    today = timezone.localdate()
    period = open_period(
        actor=None,
        assessment_year=year,
        questionnaires=shipped_questionnaires(actor=None),
        service_from="ikm",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
    )
    for survey in period.surveys.all():
        change_min_seconds(actor=None, survey=survey, min_seconds=0)
    upt = Unit.objects.filter(kind=UnitKind.UPT)
    issue_tokens(actor=None, surveys=period.surveys.all(), units=upt)
    return list(SurveyToken.objects.order_by("pk").values_list("token", flat=True))


def unit_row(code: str, name: str, kind: str, parent: str) -> dict[str, str]:
    return {
        "kode": code,
        "nama": name,
        "nama_singkat": "",
        "jenis": kind,
        "jenis_upt": "KANIM" if kind == "upt" else "",
        "provinsi": "" if kind == "kementerian" else "Jawa Timur",
        "kota": "",
        "kode_induk": parent,
        "kode_pembina": "",
        "aktif": "ya",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    database_url: str, folder: Path, port: int, workers: int
) -> subprocess.Popen[bytes]:
    """`zona serve` with production settings behind a (pretended) TLS proxy on 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZONA_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": database_url,
        "ZONA_SECRET_KEY": "bench-only-secret-key-of-the-submission-benchmark",
        "ZONA_VAR_DIR": str(folder),
        "ZONA_DEBUG": "0",
        "ZONA_SECURE_COOKIES": "1",
        "ZONA_HSTS_SECONDS": "31536000",
        "ZONA_SSL_REDIRECT": "1",
        "ZONA_PROXY_SSL_HEADER": "1",
        "ZONA_TRUSTED_PROXIES": "127.0.0.1",
        "ZONA_ALLOWED_HOSTS": "127.0.0.1",
        "ZONA_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [str(ZONA), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,  # gunicorn's access log
        stderr=(folder / "serve.log").open("wb"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            health = request("GET", "/healthz", {"X-Forwarded-Proto": "https"})
            if fetch_all(port, [health])[0].status == 200:
                return server
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    stop(server)
    log = (folder / "serve.log").read_text(errors="replace")[-3000:]
    raise RuntimeError(f"zona serve did not answer /healthz:\n{log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def check_production(port: int, form: Reply) -> None:
    plain = fetch_all(port, [request("GET", "/healthz", {})])[0]
    assert plain.status == 301 and plain.headers("Location")[0].startswith("https://"), plain.head
    assert form.headers("Strict-Transport-Security"), "no HSTS header"
    assert all("Secure" in cookie for cookie in form.headers("Set-Cookie")), "cookie not Secure"
    print("production settings in force: HTTPS redirect, HSTS, secure cookies")


def phones(
    port: int, codes: Sequence[str], count: int, rng: random.Random
) -> list[tuple[str, bytes]]:
    """`count` complete posts and their codes, each from a phone that first fetched its form
    (untimed)."""
    start = rng.randrange(len(codes))
    chosen = [codes[(start + i) % len(codes)] for i in range(count)]
    addresses = [
        f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        for _ in chosen
    ]
    pages = fetch_all(
        port,
        [
            request("GET", f"/s/{code}/", {"X-Forwarded-Proto": "https", "X-Forwarded-For": ip})
            for code, ip in zip(chosen, addresses, strict=True)
        ],
    )
    posts = []
    for code, ip, page in zip(chosen, addresses, pages, strict=True):
        if page.status != 200:
            raise RuntimeError(f"/s/{code}/ answered {page.status}")
        form = page.body.decode()
        fields = {"ticket": TICKET.findall(form)[0], **answers(form, rng)}
        cookies = "; ".join(cookie.split(";")[0] for cookie in page.headers("Set-Cookie"))
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": ip,
            "Cookie": cookies,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        body = urllib.parse.urlencode(fields).encode()
        posts.append((code, request("POST", f"/s/{code}/", headers, body)))
    return posts


def answers(form: str, rng: random.Random) -> dict[str, str]:
    """An answer to every question of the form: "tidak" where it is offered (the check
    question: nobody directed these answers), else one of the options at random."""
    options: dict[str, list[str]] = {}
    for name, value in RADIO.findall(form):
        if value:
            options.setdefault(name, []).append(value)
    return {
        name: "tidak" if "tidak" in values else rng.choice(values)
        for name, values in options.items()
    }


def stored_responses() -> int:
    from zona.surveys.models import Response

    return Response.objects.count()


def measure(
    port: int, codes: Sequence[str], rate: float, seconds: float, rng: random.Random
) -> Run:
    posts = phones(port, codes, int(rate * seconds), rng)
    before = stored_responses()
    replies = open_loop(port, [post for _, post in posts], rate)
    # Every reply has come back: what the server answered 303 is committed.
    stored = stored_responses() - before
    for reply, (code, _) in zip(replies, posts, strict=True):
        if reply.status == 303:
            assert reply.headers("Location")[0].endswith(f"/s/{code}/terima-kasih/"), reply.head
    return Run(
        rate=rate,
        sent=len(posts),
        stored=stored,
        statuses=Counter(reply.status for reply in replies),
        latencies=[reply.latency for reply in replies],
    )


def ladder(port: int, codes: Sequence[str], args: argparse.Namespace, rng: random.Random) -> float:
    """The highest rung held; rungs climb until two in a row fail (one may fail to a stall
    of the machine's own)."""
    best, failures, rate = 0.0, 0, args.ladder_from
    while failures < 2:
        run = measure(port, codes, rate, args.rung_seconds, rng)
        print(run.line(f"rung {rate:.0f}/s") + ("" if run.held else "  FAILED"))
        if run.held:
            best, failures = max(best, rate), 0
        else:
            failures += 1
        rate += args.ladder_step
    return best


def parse_options() -> argparse.Namespace:
    options = support.parser(__doc__)
    options.add_argument("--rate", type=float, default=200.0, help="submissions per second")
    options.add_argument("--seconds", type=float, default=60.0)
    options.add_argument("--ladder", action=argparse.BooleanOptionalAction, default=True)
    options.add_argument("--ladder-from", type=float, default=100.0)
    options.add_argument("--ladder-step", type=float, default=50.0)
    options.add_argument("--rung-seconds", type=float, default=10.0)
    options.add_argument("--units", type=int, default=1000)
    options.add_argument("--workers", type=int, default=3, help="as zona serve by default")
    args = options.parse_args()
    if args.smoke:
        args.rate, args.seconds, args.ladder, args.units = 20.0, 2.0, False, 20
    return args


def main() -> None:
    args = parse_options()
    rng = random.Random(24)  # load, not security
    with support.scratch_postgres("submit") as url:
        folder = support.setup_django(url)
        codes = seed(args.units)
        port = free_port()
        server = start_server(url, folder, port, args.workers)
        try:
            first = fetch_all(
                port, [request("GET", f"/s/{codes[0]}/", {"X-Forwarded-Proto": "https"})]
            )
            check_production(port, first[0])
            # Not judged: every worker's first posts (connections, caches), as a running server.
            print(measure(port, codes, args.rate / 2, 4, rng).line("warm-up (not judged)"))
            run = measure(port, codes, args.rate, args.seconds, rng)
            print(run.line(f"{args.rate:.0f}/s for {args.seconds:.0f} s"))
            print(
                f"target: p99 <= {LIMIT_MS:.0f} ms with sent = stored -> "
                f"{'met' if run.held else 'NOT met'}"
            )
            if args.ladder:
                best = ladder(port, codes, args, rng)
                print(f"highest rate sustained with p99 <= {LIMIT_MS:.0f} ms: {best:.0f}/s")
        finally:
            stop(server)
        print(
            f"{args.units} units, {len(codes)} codes, gunicorn sync workers: {args.workers}, "
            f"CPU cores: {os.cpu_count()}"
        )


if __name__ == "__main__":
    main()
