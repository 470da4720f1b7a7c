"""Settings of the survey benchmarks: Zona's own, plus the baseline's URL module.

    DJANGO_SETTINGS_MODULE=bench.bench_survey_site gunicorn zona.wsgi:application

The load generator sends each request from its own made-up client address in X-Forwarded-For,
as a reverse proxy in front of Zona would, so the per-address limits and flags see many
respondents rather than the one loopback address: 127.0.0.1 is the trusted proxy here.
"""

from zona.settings import *  # noqa: F403 - the real settings, unchanged but for the lines below

ROOT_URLCONF = "bench.bench_survey_urls"
TRUSTED_PROXIES = ["127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
