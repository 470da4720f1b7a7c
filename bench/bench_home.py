"""Home page of a ministry-wide role over the demo ministry, against the site's empty page.

    python bench/bench_home.py [--rounds 200] [--smoke]

Loads the demo ministry (about 940 units) into a fresh SQLite file, logs in as the pimpinan
(who sees every unit) and renders the home page through Django's full stack in process (no
network), taking turns with the empty page (bench/urls.py) request by request. The home of
a role that oversees units carries its dashboard: the figures of every unit in scope (LKE
summaries, survey tallies, compliance, register) and the list of units below them. Target:
<= 150 ms median (a page a manager opens a few times a day; 2x headroom at ~1,000 units), and
the same number of queries on every page of the list. The LKE of all units (/dasbor/lke/) is
measured beside it.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402

PAGES = {
    "home, first page": "/",
    "home, page 20": "/?page=20",
    "home, search 'kelas'": "/?q=kelas",
}
OTHERS = {
    "LKE of all units": "/dasbor/lke/",
    "LKE of all units, sorted by unit": "/dasbor/lke/?urut=unit",
}


def main() -> None:
    options = support.parser(__doc__)
    options.add_argument("--rounds", type=int, default=200)
    args = options.parse_args()
    rounds = 3 if args.smoke else args.rounds

    support.setup_django()
    support.load_demo()
    from zona.accounts.demo import demo_user
    from zona.accounts.models import Role
    from zona.organizations.models import Unit

    client = support.logged_in(demo_user(Role.PIMPINAN))
    urls = {support.EMPTY: support.EMPTY_URL, **PAGES, **OTHERS}
    queries = {label: len(support.queries_of(client, url)) for label, url in urls.items()}
    times = support.interleaved(
        {label: support.page(client, url) for label, url in urls.items()}, rounds
    )
    support.report_pages(times, queries)
    median = statistics.median(times["home, first page"])
    constant = len({queries[label] for label in PAGES}) == 1
    print(f"units visible: {Unit.objects.count()}, rounds: {rounds}")
    print(
        f"targets: median <= 150 ms -> {'met' if median <= 0.150 else 'NOT met'}; "
        f"same queries on every page -> {'met' if constant else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
