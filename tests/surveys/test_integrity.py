"""Integrity flags: each rule with a case that raises it and one that does not."""

from __future__ import annotations

import ipaddress
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Ministry
from tests.surveys.conftest import token_for
from zona.core.http import client_ip
from zona.surveys import intake
from zona.surveys.integrity import (
    DEFAULT_HOURS,
    Flag,
    Limits,
    Recent,
    ServiceHours,
    address_keys,
    answer_pattern,
    flags_for,
    zone_of,
)
from zona.surveys.models import (
    PeriodSurvey,
    Response,
    ResponseStatus,
    ServiceProfile,
    SurveyPeriod,
    UnitTally,
)
from zona.surveys.services import review_responses, rotate_token, save_service_profile

JAKARTA = ZoneInfo("Asia/Jakarta")
TUESDAY_10 = datetime(2025, 10, 14, 10, 0, tzinfo=JAKARTA)
LIMITS = Limits(
    min_seconds=30,
    straight_line_min=7,
    burst_ip_limit=3,
    burst_net_limit=10,
    pattern_limit=5,
    off_hours_grace_minutes=60,
)
VARIED = [4, 3, 3, 4, 3, 4, 4, 3, 2]


def flags(**changes: object) -> int:
    arguments: dict[str, object] = {
        "answers": VARIED,
        "directed": False,
        "duration_seconds": 95,
        "local_time": TUESDAY_10,
        "hours": DEFAULT_HOURS,
        "recent": Recent(),
        "limits": LIMITS,
    }
    arguments.update(changes)
    return flags_for(**arguments)  # type: ignore[arg-type]


def test_a_plain_response_has_no_flag() -> None:
    assert flags() == 0


@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        ({"duration_seconds": 12}, Flag.TOO_FAST),
        ({"answers": [4] * 9}, Flag.STRAIGHT_LINE),
        ({"answers": [4, 4, 4, 4, 4, 4, 4, None, None]}, Flag.STRAIGHT_LINE),
        ({"recent": Recent(same_ip=3)}, Flag.BURST_IP),
        ({"recent": Recent(same_net=10)}, Flag.BURST_NET),
        ({"local_time": datetime(2025, 10, 14, 21, 30, tzinfo=JAKARTA)}, Flag.OFF_HOURS),
        ({"local_time": datetime(2025, 10, 18, 10, 0, tzinfo=JAKARTA)}, Flag.OFF_HOURS),  # Saturday
        ({"directed": True}, Flag.DIRECTED),
        ({"recent": Recent(same_pattern=5)}, Flag.REPEATED_PATTERN),
    ],
)
def test_each_rule_raises_its_flag(changes: dict[str, object], flag: Flag) -> None:
    assert flags(**changes) == flag


@pytest.mark.parametrize(
    "changes",
    [
        {"duration_seconds": 30},  # exactly the floor is fine
        {"duration_seconds": None},  # paper: no timing
        {"answers": [4, 4, 4, 4, 4, 4, 3, 4, 4]},  # one different answer
        {"answers": [4, 4, 4, 4, 4, 4, None, None, None]},  # too few answered to judge
        {"recent": Recent(same_ip=2, same_net=9, same_pattern=4)},  # below every limit
        {"local_time": datetime(2025, 10, 14, 16, 55, tzinfo=JAKARTA)},  # within the grace
        {"local_time": datetime(2025, 10, 14, 7, 5, tzinfo=JAKARTA)},
        {"local_time": None},
    ],
)
def test_the_same_rules_stay_quiet_below_their_limits(changes: dict[str, object]) -> None:
    assert flags(**changes) == 0


def test_service_hours_of_the_unit() -> None:
    weekend_office = ServiceHours("1234567", time(7, 30), time(20, 0))
    saturday_evening = datetime(2025, 10, 18, 20, 45, tzinfo=JAKARTA)
    assert flags(hours=weekend_office, local_time=saturday_evening) == 0
    assert (
        flags(hours=weekend_office, local_time=saturday_evening + timedelta(hours=1))
        == Flag.OFF_HOURS
    )


def test_addresses_and_networks() -> None:
    assert address_keys("203.0.113.77") == ("203.0.113.77", "203.0.113.0/24")
    assert address_keys("2001:db8:1:2::5") == ("2001:db8:1:2::/64", "2001:db8:1::/48")
    assert address_keys("::ffff:203.0.113.77") == ("203.0.113.77", "203.0.113.0/24")
    assert address_keys("not an address") == ("", "")
    for odd in ("1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.٤", "1..3.4", " 1.2.3.4"):
        assert address_keys(odd) == ("", ""), odd


@given(st.tuples(*[st.integers(0, 255)] * 4))
def test_an_ipv4_address_is_read_as_ipaddress_reads_it(octets: tuple[int, ...]) -> None:
    ip = ".".join(map(str, octets))
    network = ipaddress.ip_network(f"{ip}/24", strict=False)
    assert address_keys(ip) == (ip, str(network))


def test_time_zones_follow_the_province() -> None:
    assert zone_of("Bali").key == "Asia/Makassar"
    assert zone_of("Papua").key == "Asia/Jayapura"
    assert zone_of("Jawa Timur").key == "Asia/Jakarta"
    assert zone_of("").key == "Asia/Jakarta"


def test_the_pattern_covers_answers_profile_and_check() -> None:
    base = answer_pattern(VARIED, {"gender": "P"}, "tidak")
    assert base == answer_pattern(VARIED, {"gender": "P"}, "tidak")
    assert base != answer_pattern(VARIED, {"gender": "L"}, "tidak")
    assert base != answer_pattern([*VARIED[:-1], None], {"gender": "P"}, "tidak")
    assert base != answer_pattern(VARIED, {"gender": "P"}, "ya")
    assert 0 <= base < 2**63


# --- through the intake, with the database's counts -------------------------------------------

ANSWERS = intake.Answers(values=tuple(VARIED), profile={"gender": "P"}, check="tidak")


def submit(
    target: intake.Target,
    *,
    answers: intake.Answers = ANSWERS,
    ip: str = "198.51.100.7",
    at: datetime,
    seconds: int = 120,
) -> Response:
    ticket = intake.FormTicket(target.token, uuid.uuid4(), int(at.timestamp()) - seconds)
    submission = intake.Submission(target.basis, ticket, answers, uuid.uuid4().hex[:22], ip)
    assert intake.submit(submission, at) == intake.Outcome.STORED
    return Response.objects.get(idempotency_key=ticket.key)


@pytest.fixture
def strict(period: SurveyPeriod) -> SurveyPeriod:
    """The period with its default rules back (the fixture relaxes timing for page tests)."""
    PeriodSurvey.objects.filter(period=period).update(min_seconds=30)
    SurveyPeriod.objects.filter(pk=period.pk).update(off_hours_grace_minutes=60)
    ServiceProfile.objects.filter(period=period).delete()  # the units' default hours again
    period.refresh_from_db()
    return period


def a_working_hour() -> datetime:
    """10:00 in Jakarta on the most recent weekday (the period fixture spans ±10 days)."""
    from django.utils import timezone

    day = timezone.localdate()
    while day.isoweekday() > 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), JAKARTA)


def test_flags_from_the_database(ministry: Ministry, strict: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    target = intake.resolve(token_for(strict, unit).token)
    assert target is not None
    at = a_working_hour()
    clean = submit(target, at=at, ip="198.51.100.1")
    assert (clean.flags, clean.status) == (0, ResponseStatus.ACCEPTED)

    fast = submit(target, at=at, ip="198.51.100.2", seconds=8)
    assert fast.flags == Flag.TOO_FAST and fast.status == ResponseStatus.PENDING

    directed = submit(
        target, at=at, ip="198.51.100.3", answers=intake.Answers(tuple(VARIED), {}, "ya")
    )
    assert directed.flags == Flag.DIRECTED

    late = submit(target, at=at.replace(hour=22), ip="198.51.100.4")
    assert late.flags == Flag.OFF_HOURS

    # Bali keeps WITA: 8:30 in Denpasar is 7:30 in Jakarta, inside its hours with the grace
    bali = intake.resolve(token_for(strict, ministry.units["kanim_dps"]).token)
    assert bali is not None and bali.basis.zone.key == "Asia/Makassar"
    early = submit(bali, at=at.replace(hour=6, minute=30), ip="198.51.100.5")
    assert early.flags == 0  # 07:30 WITA, within the hour of grace before 08:00

    # three from one address pass; the fourth within ten minutes is flagged
    for _ in range(2):
        assert submit(target, at=at, ip="203.0.113.9").flags & Flag.BURST_IP == 0
    later = at + timedelta(minutes=11)
    assert submit(target, at=later, ip="203.0.113.9").flags & Flag.BURST_IP == 0  # window moved
    assert submit(target, at=later, ip="203.0.113.9").flags & Flag.BURST_IP == 0
    assert submit(target, at=later, ip="203.0.113.9").flags & Flag.BURST_IP == 0
    assert submit(target, at=later, ip="203.0.113.9").flags & Flag.BURST_IP == Flag.BURST_IP


def test_a_network_burst_and_repeated_patterns(ministry: Ministry, strict: SurveyPeriod) -> None:
    SurveyPeriod.objects.filter(pk=strict.pk).update(burst_net_limit=3, pattern_limit=2)
    target = intake.resolve(token_for(strict, ministry.units["kanim_sby"]).token)
    assert target is not None
    at = a_working_hour()
    different = [intake.Answers((4, 3, 3, 4, 3, 4, 4, 3, n), {}, "tidak") for n in (1, 2, 3, 4)]
    found = [
        submit(target, at=at, ip=f"192.0.2.{i + 10}", answers=a) for i, a in enumerate(different)
    ]
    assert [r.flags for r in found] == [0, 0, 0, Flag.BURST_NET]
    same = intake.Answers((2, 3, 3, 4, 1, 4, 4, 3, 3), {"gender": "L"}, "tidak")
    repeated = [submit(target, at=at, ip=f"10.{i}.0.1", answers=same) for i in range(3)]
    assert [r.flags for r in repeated] == [0, 0, Flag.REPEATED_PATTERN]
    other_unit = intake.resolve(token_for(strict, ministry.units["kanim_dps"]).token)
    assert other_unit is not None
    assert submit(other_unit, at=at, ip="10.99.0.1", answers=same).flags == 0  # per unit


def test_a_flagged_response_counts_only_as_received(
    ministry: Ministry, strict: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    target = intake.resolve(token_for(strict, unit).token)
    assert target is not None
    submit(target, at=a_working_hour(), seconds=3)
    tally = UnitTally.objects.get(unit=unit, survey=target.basis.survey_id)
    assert (tally.received, tally.flagged, tally.pending, tally.accepted) == (1, 1, 1, 0)


def test_the_client_address_behind_a_trusted_proxy(settings: object) -> None:
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.2"}
    assert client_ip(meta) == "127.0.0.1"  # no proxy trusted: the forwarded header is ignored
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.2"]  # type: ignore[attr-defined]
    assert client_ip(meta) == "1.2.3.4"
    assert client_ip({"REMOTE_ADDR": "5.6.7.8", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}) == "5.6.7.8"


def test_service_hours_saved_for_a_unit_are_used(ministry: Ministry, strict: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    save_service_profile(
        actor=ministry.users["operator_sby"],
        period=strict,
        unit=unit,
        service_users=1000,
        service_days="123456",
        opens_at=time(7, 0),
        closes_at=time(21, 0),
    )
    target = intake.resolve(token_for(strict, unit).token)
    assert target is not None and target.state.hours == ServiceHours(
        "123456", time(7, 0), time(21, 0)
    )
    assert submit(target, at=a_working_hour().replace(hour=21, minute=30)).flags == 0


def test_the_code_limit_counts_a_fixed_minute_on_the_tally_row(
    ministry: Ministry, strict: SurveyPeriod
) -> None:
    SurveyPeriod.objects.filter(pk=strict.pk).update(rate_token_limit=2, rate_ip_limit=1000)
    unit = ministry.units["kanim_sby"]
    token = token_for(strict, unit)
    target = intake.resolve(token.token)
    assert target is not None
    at = a_working_hour()

    def outcome(
        when: datetime, ip: str, seconds: int = 120, code: intake.Target = target
    ) -> intake.Outcome:
        ticket = intake.FormTicket(code.token, uuid.uuid4(), int(when.timestamp()) - seconds)
        device = uuid.uuid4().hex[:22]
        return intake.submit(intake.Submission(code.basis, ticket, ANSWERS, device, ip), when)

    def minute() -> tuple[datetime | None, int]:
        tally = UnitTally.objects.get(unit=unit, survey=token.survey)
        return tally.minute_started_at, tally.minute_count

    assert outcome(at, "192.0.2.1") == intake.Outcome.STORED  # opens the minute
    assert outcome(at + timedelta(seconds=50), "192.0.2.2") == intake.Outcome.STORED
    assert outcome(at + timedelta(seconds=59), "192.0.2.3") == intake.Outcome.RATE_LIMITED
    assert minute() == (at, 2)
    # The minute began at the first response: a minute after it, the count starts again.
    assert outcome(at + timedelta(seconds=61), "192.0.2.4") == intake.Outcome.STORED
    assert minute() == (at + timedelta(seconds=61), 1)
    # A rotated code serves the same unit and survey: it does not start a fresh minute.
    rotated = intake.resolve(rotate_token(actor=ministry.users["tpi_balitbang"], token=token).token)
    assert rotated is not None
    assert outcome(at + timedelta(seconds=70), "192.0.2.5", code=rotated) == intake.Outcome.STORED
    limited = outcome(at + timedelta(seconds=80), "192.0.2.6", code=rotated)
    assert limited == intake.Outcome.RATE_LIMITED
    # A review moves the figures, never the minute.
    fast = outcome(at + timedelta(seconds=125), "192.0.2.7", seconds=3, code=rotated)
    assert fast == intake.Outcome.STORED
    flagged = Response.objects.get(unit=unit, flags=Flag.TOO_FAST)
    review_responses(
        actor=ministry.users["tpi_balitbang"],
        period=strict,
        ids=[flagged.pk],
        decision="accept",
        reason="",
    )
    assert minute() == (at + timedelta(seconds=125), 1)
    assert UnitTally.objects.get(unit=unit, survey=token.survey).accepted == 5


# --- the database's flags are flags_for's ----------------------------------------------------

ADDRESSES = ["198.51.100.1", "198.51.100.2", "198.51.101.3", "2001:db8::1"]
ANSWER_LISTS = st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9).filter(
    lambda values: any(value is not None for value in values)
)
HOURS = st.one_of(
    st.none(),
    st.tuples(
        st.sets(st.sampled_from("1234567"), min_size=1).map(lambda days: "".join(sorted(days))),
        st.integers(0, 11 * 60),
        st.integers(60, 12 * 60),
    ),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    unit_key=st.sampled_from(["kanim_sby", "kanim_dps"]),
    day=st.integers(0, 6),
    near=st.sampled_from(["opens", "closes"]),
    offset=st.integers(-150, 150),  # minutes from the opening or closing time: the edges
    seconds=st.integers(0, 90),
    min_seconds=st.integers(0, 60),
    grace=st.integers(0, 90),
    hours=HOURS,
    limits=st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 3)),
    answers=ANSWER_LISTS,
    directed=st.booleans(),
    ip=st.sampled_from(ADDRESSES),
)
def test_the_stored_flags_are_those_of_flags_for(
    ministry: Ministry,
    strict: SurveyPeriod,
    unit_key: str,
    day: int,
    near: str,
    offset: int,
    seconds: int,
    min_seconds: int,
    grace: int,
    hours: tuple[str, int, int] | None,
    limits: tuple[int, int, int],
    answers: list[int | None],
    directed: bool,
    ip: str,
) -> None:
    """The intake stores what flags_for says for the response, the period's state and the
    responses counted from the database, at the edges of the service hours and limits."""
    unit = ministry.units[unit_key]
    burst_ip, burst_net, pattern_limit = limits
    SurveyPeriod.objects.filter(pk=strict.pk).update(
        off_hours_grace_minutes=grace,
        burst_ip_limit=burst_ip,
        burst_net_limit=burst_net,
        pattern_limit=pattern_limit,
        rate_ip_limit=1000,
        rate_token_limit=1000,
    )
    PeriodSurvey.objects.filter(period=strict).update(min_seconds=min_seconds)
    service = DEFAULT_HOURS
    ServiceProfile.objects.filter(period=strict, unit=unit).delete()  # from an earlier example
    if hours is not None:
        days, opens, length = hours
        service = ServiceHours(days, time(opens // 60, opens % 60), _minutes(opens + length))
        save_service_profile(
            actor=ministry.users["tpi_balitbang"],
            period=strict,
            unit=unit,
            service_users=None,
            service_days=days,
            opens_at=service.opens_at,
            closes_at=service.closes_at,
        )
    target = intake.resolve(token_for(strict, unit).token)
    assert target is not None
    zone = target.basis.zone
    edge = service.opens_at if near == "opens" else service.closes_at
    local_day = timezone.localdate() - timedelta(days=3 - day)
    at = datetime.combine(local_day, edge, zone) + timedelta(minutes=offset, seconds=seconds % 7)
    chosen = intake.Answers(tuple(answers), {}, "ya" if directed else "tidak")
    pattern = answer_pattern(chosen.values, chosen.profile, chosen.check)
    host, network = address_keys(ip)
    window = at - timedelta(minutes=strict.burst_window_minutes)
    recent = Recent(
        same_ip=Response.objects.filter(
            ip_hash=intake.hashed("ip", host), submitted_at__gte=window
        ).count(),
        same_net=Response.objects.filter(
            net_hash=intake.hashed("net", network), submitted_at__gte=window
        ).count(),
        same_pattern=Response.objects.filter(
            survey=target.survey_id,
            unit=unit,
            pattern=pattern,
            submitted_at__gte=at - timedelta(hours=24),
        ).count(),
    )
    expected = flags_for(
        answers=chosen.values,
        directed=directed,
        duration_seconds=seconds,
        local_time=at.astimezone(zone),
        hours=service,
        recent=recent,
        limits=Limits(min_seconds, 7, burst_ip, burst_net, pattern_limit, grace),
    )
    stored = submit(target, answers=chosen, ip=ip, at=at, seconds=seconds)
    assert stored.flags == expected
    assert stored.status == (ResponseStatus.PENDING if expected else ResponseStatus.ACCEPTED)


def _minutes(total: int) -> time:
    return time(*divmod(min(total, 24 * 60 - 1), 60))


def test_addresses_are_kept_as_django_salted_hmacs() -> None:
    from django.utils.crypto import salted_hmac

    expected = salted_hmac("zona.surveys.ip", "198.51.100.7", algorithm="sha256").hexdigest()
    assert intake.hashed("ip", "198.51.100.7") == expected[:32]
    assert intake.hashed("ip", "") == ""
