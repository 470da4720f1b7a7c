"""Integrity flags of a response, computed on the server. Pure Python.

A flagged response waits for Balitbangkumham's review and counts only when accepted. Each rule
is a bit of `Flag`; `flags_for` takes what the server knows about the response (its answers,
how long the form was open, when it arrived in the unit's local time, and how many responses
came recently from the same address, network and with the same answers).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import IntFlag
from zoneinfo import ZoneInfo

from zona.surveys.arithmetic import is_straight_line


class Flag(IntFlag):
    TOO_FAST = 1  # filled faster than the survey's floor of seconds
    STRAIGHT_LINE = 2  # every answered element the same value
    BURST_IP = 4  # many responses from one IP address in a short window
    BURST_NET = 8  # many responses from one /24 network (IPv6: /48) in a short window
    OFF_HOURS = 16  # outside the unit's service days and hours
    DIRECTED = 32  # the respondent says an officer directed the answers
    REPEATED_PATTERN = 64  # the same answers (and profile) many times at the unit


FLAG_ORDER = tuple(Flag)


def flag_list(bits: int) -> list[Flag]:
    return [flag for flag in FLAG_ORDER if bits & flag]


@dataclass(frozen=True)
class Recent:
    """Stored responses that resemble this one (counted before it is stored)."""

    same_ip: int = 0  # from the same IP address within the burst window
    same_net: int = 0  # from the same network within the burst window
    same_pattern: int = 0  # with the same pattern at the unit within 24 hours


@dataclass(frozen=True)
class Limits:
    min_seconds: int
    straight_line_min: int
    burst_ip_limit: int
    burst_net_limit: int
    pattern_limit: int
    off_hours_grace_minutes: int


@dataclass(frozen=True)
class ServiceHours:
    days: str  # ISO weekdays, "12345" = Monday–Friday
    opens_at: time
    closes_at: time

    def covers(self, moment: datetime, grace: timedelta) -> bool:
        """Whether a local time falls on a service day within the hours, give or take `grace`."""
        if str(moment.isoweekday()) not in self.days:
            return False
        day = moment.date()
        start = datetime.combine(day, self.opens_at, moment.tzinfo) - grace
        end = datetime.combine(day, self.closes_at, moment.tzinfo) + grace
        return start <= moment <= end


DEFAULT_HOURS = ServiceHours("12345", time(8, 0), time(16, 0))


def flags_for(
    *,
    answers: Sequence[int | None],
    directed: bool,
    duration_seconds: int | None,
    local_time: datetime | None,
    hours: ServiceHours,
    recent: Recent,
    limits: Limits,
) -> int:
    """The flag bits of one response. `None` for what does not apply (paper: no timing).

    On PostgreSQL the public intake computes the rules that need the database's state in its
    one statement (zona.surveys.intake_sql.submit_sql), beside `content_flags` from here."""
    flags = content_flags(answers, directed, limits.straight_line_min)
    if duration_seconds is not None and duration_seconds < limits.min_seconds:
        flags |= Flag.TOO_FAST
    if recent.same_ip >= limits.burst_ip_limit:
        flags |= Flag.BURST_IP
    if recent.same_net >= limits.burst_net_limit:
        flags |= Flag.BURST_NET
    if local_time is not None and not hours.covers(
        local_time, timedelta(minutes=limits.off_hours_grace_minutes)
    ):
        flags |= Flag.OFF_HOURS
    if recent.same_pattern >= limits.pattern_limit:
        flags |= Flag.REPEATED_PATTERN
    return flags


def content_flags(answers: Sequence[int | None], directed: bool, straight_line_min: int) -> int:
    """The flags that the response alone decides: straight-lining and a directed respondent."""
    flags = 0
    if is_straight_line(answers, straight_line_min):
        flags |= Flag.STRAIGHT_LINE
    if directed:
        flags |= Flag.DIRECTED
    return flags


def answer_pattern(
    answers: Sequence[int | None], profile: Mapping[str, str], check_answer: str
) -> int:
    """A 63-bit fingerprint of everything the respondent chose (answers, profile, check)."""
    text = "|".join(
        [
            ",".join("" if value is None else str(value) for value in answers),
            ",".join(f"{key}={profile[key]}" for key in sorted(profile)),
            check_answer,
        ]
    )
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1


def _address(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _prefix(address: ipaddress.IPv4Address | ipaddress.IPv6Address, bits: int) -> str:
    """The network of `bits` bits around the address, written as "network/bits"."""
    host_bits = address.max_prefixlen - bits
    return f"{type(address)(int(address) >> host_bits << host_bits)}/{bits}"


def _dotted_quad(ip: str) -> list[str] | None:
    """The four parts of an IPv4 address written as ipaddress writes it (no leading zeros),
    else None: most phones' addresses are read without building an ipaddress object."""
    parts = ip.split(".")
    if len(parts) != 4:
        return None
    for part in parts:
        if not (part.isascii() and part.isdigit()) or len(part) > 3 or int(part) > 255:
            return None
        if len(part) > 1 and part[0] == "0":
            return None
    return parts


def address_keys(ip: str) -> tuple[str, str]:
    """How an address is counted for bursts: the host (IPv4 as is, IPv6 by its /64, one
    subscriber) and its network (the /24 of IPv4, the /48 of IPv6); "" for an unreadable one."""
    parts = _dotted_quad(ip)
    if parts is not None:
        return ip, f"{parts[0]}.{parts[1]}.{parts[2]}.0/24"
    address = _address(ip)
    if address is None:
        return "", ""
    if address.version == 4:
        return str(address), _prefix(address, 24)
    return _prefix(address, 64), _prefix(address, 48)


# Local time of a unit, from its province (WIB, WITA, WIT). Units without a province use WIB.
WITA_PROVINCES = {
    "bali",
    "nusa tenggara barat",
    "nusa tenggara timur",
    "kalimantan selatan",
    "kalimantan timur",
    "kalimantan utara",
    "sulawesi utara",
    "sulawesi tengah",
    "sulawesi selatan",
    "sulawesi tenggara",
    "sulawesi barat",
    "gorontalo",
}
WIT_PROVINCES = {
    "maluku",
    "maluku utara",
    "papua",
    "papua barat",
    "papua barat daya",
    "papua selatan",
    "papua tengah",
    "papua pegunungan",
}
WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


def zone_of(province: str) -> ZoneInfo:
    name = province.strip().casefold()
    if name in WITA_PROVINCES:
        return WITA
    if name in WIT_PROVINCES:
        return WIT
    return WIB
