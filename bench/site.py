"""Settings of the page benchmarks: Zona's own, with the benchmarks' URLs (bench/urls.py).

DJANGO_SETTINGS_MODULE=bench.site
"""

from zona.settings import *  # noqa: F403 - the real settings, unchanged but for the URLs

ROOT_URLCONF = "bench.urls"
