"""The register of predicates with 1,000 entries, against the site's empty page.

    python bench/bench_register.py [--rounds 200] [--smoke]

Imports the demo ministry's units (about 940) into a fresh SQLite file, gives every UPT and
Kanwil a Menuju WBK and the first of them a Menuju WBBM too (1,000 entries, bulk-created: the
benchmark measures reading the register, not entering it), logs in as the pimpinan (who sees
every unit) and renders the register through Django's full stack in process, taking turns with
the empty page (bench/urls.py) request by request: its first page, a filtered page, a search,
and the xlsx export of everything. Target: <= 50 ms median for the pages (issue 26).
"""

from __future__ import annotations

import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402

PAGES = {
    "register, first page": "/predikat/",
    "register, WBBM in 2025": "/predikat/?predicate=WBBM&year=2025",
    "register, search 'kelas'": "/predikat/?q=kelas",
}
EXPORT = {"register, xlsx export": "/predikat/unduh/xlsx/"}
ENTRIES = 1000


def seed(entries: int) -> int:
    """Register entries for the demo's units; the count made."""
    from zona.accounts.models import Role
    from zona.accounts.services import create_user, grant_membership
    from zona.organizations.demo import MINISTRY_CODE, load_demo_units
    from zona.organizations.models import UnitKind
    from zona.proposals.models import Grant

    units = load_demo_units(None)
    pimpinan = create_user(actor=None, nip=None, email="pimpinan@bench.example", full_name="P")
    grant_membership(actor=None, user=pimpinan, unit=units[MINISTRY_CODE], role=Role.PIMPINAN)
    satker = sorted(
        (u for u in units.values() if u.kind in (UnitKind.UPT, UnitKind.KANWIL)),
        key=lambda u: u.code,
    )
    grants = [
        Grant(
            unit=unit,
            predicate="WBK",
            year=2021 + n % 4,
            decree_number=f"B/{n}/M.SM.01.00/{2021 + n % 4}",
            granted_on=date(2021 + n % 4, 12, 10),
            recorded_by=pimpinan,
        )
        for n, unit in enumerate(satker)
    ][:entries]
    grants += [
        Grant(
            unit=unit,
            predicate="WBBM",
            year=2025,
            decree_number=f"B/9{n}/M.SM.01.00/2025",
            granted_on=date(2025, 12, 10),
            recorded_by=pimpinan,
        )
        for n, unit in enumerate(satker[: max(0, entries - len(grants))])
    ]
    Grant.objects.bulk_create(grants, batch_size=1000)
    return len(grants)


def main() -> None:
    options = support.parser(__doc__)
    options.add_argument("--rounds", type=int, default=200)
    args = options.parse_args()
    rounds = 3 if args.smoke else args.rounds
    entries = 50 if args.smoke else ENTRIES

    support.setup_django()
    made = seed(entries)
    from zona.accounts.models import User

    client = support.logged_in(User.objects.get(email="pimpinan@bench.example"))
    urls = {support.EMPTY: support.EMPTY_URL, **PAGES, **EXPORT}
    queries = {label: len(support.queries_of(client, url)) for label, url in urls.items()}
    times = support.interleaved(
        {label: support.page(client, url) for label, url in urls.items()}, rounds
    )
    support.report_pages(times, queries)
    median = statistics.median(times["register, first page"])
    print(f"register entries: {made}, rounds: {rounds}")
    print(f"target: median <= 50 ms -> {'met' if median <= 0.050 else 'NOT met'}")


if __name__ == "__main__":
    main()
