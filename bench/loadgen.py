"""The load generator of the HTTP benchmarks: raw HTTP/1.1 requests over asyncio sockets to a
server on 127.0.0.1, in a closed loop (a fixed number of clients) or an open loop (a fixed
rate), phases interleaved in blocks so that the machine's drift weighs on each alike, and the
highest rate an endpoint sustains within a latency limit. Not a test."""

from __future__ import annotations

import asyncio
import functools
import gc
import os
import random
import time
import urllib.parse
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

HOST, PORT = "127.0.0.1", 8321
PHASE_TIMEOUT = 300  # seconds: a phase never runs longer than this


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wall: float = 0.0

    @property
    def ok(self) -> int:
        return self.statuses.get(303, 0)

    @property
    def throughput(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def send(raw: bytes) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, PORT)
    writer.write(raw)
    await writer.drain()
    data = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - started
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, data, elapsed


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()


def post(path: str, body: dict[str, str], cookie: str = "", ip: str = "") -> bytes:
    encoded = urllib.parse.urlencode(body).encode()
    headers = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}",
        "Connection: close",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(encoded)}",
    ]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    if ip:
        headers.append(f"X-Forwarded-For: {ip}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + encoded


def random_ip(rng: random.Random) -> str:
    return (
        f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )


async def closed_loop(name: str, requests: list[bytes], connections: int) -> Phase:
    phase = Phase(name)
    queue = iter(requests)
    deadline = time.perf_counter() + PHASE_TIMEOUT

    async def client() -> None:
        for raw in queue:
            if time.perf_counter() > deadline:
                return
            status, _, elapsed = await send(raw)
            phase.statuses[status] = phase.statuses.get(status, 0) + 1
            phase.latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    phase.wall = time.perf_counter() - started
    return phase


async def open_loop(name: str, requests: list[bytes], rate: float, connections: int) -> Phase:
    """One request every 1/rate seconds over at most `connections` at once: latency at a
    steady load. Each latency runs from the moment the request was due, so time spent waiting
    for a free connection counts (no coordinated omission)."""
    phase = Phase(name)
    free = asyncio.Semaphore(connections)
    started = time.perf_counter()

    async def one(raw: bytes, due: float) -> None:
        async with free:
            status, _, _ = await send(raw)
        phase.statuses[status] = phase.statuses.get(status, 0) + 1
        phase.latencies.append(time.perf_counter() - due)

    tasks = []
    for index, raw in enumerate(requests):
        due = started + index / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(raw, due)))
    await asyncio.wait_for(asyncio.gather(*tasks), PHASE_TIMEOUT)
    phase.wall = time.perf_counter() - started
    return phase


def measured(phase: Coroutine[Any, Any, Phase]) -> Phase:
    """Runs one measured phase with the generator's own garbage collector held off (it runs
    between phases). Left on, a full collection of the generator's heap (the prepared
    requests, the latencies) took up to 170 ms and stopped every request in flight; since each
    latency runs from its due time, the pause was counted as the server's, in both kinds alike
    but at random rungs. A client on a machine of its own never stalls the measurement so."""
    gc.collect()
    gc.disable()
    try:
        return asyncio.run(phase)
    finally:
        gc.enable()


def merged(name: str, phases: list[Phase]) -> Phase:
    """The blocks of one phase as one: their requests, statuses and time added up."""
    whole = Phase(name)
    for phase in phases:
        whole.latencies += phase.latencies
        for status, count in phase.statuses.items():
            whole.statuses[status] = whole.statuses.get(status, 0) + count
        whole.wall += phase.wall
    return whole


def blocks(requests: list[bytes], count: int) -> list[list[bytes]]:
    size = -(-len(requests) // count)
    return [requests[start : start + size] for start in range(0, len(requests), size)]


def interleaved(
    kinds: list[tuple[str, list[bytes]]],
    count: int,
    run: Callable[[list[bytes]], Coroutine[Any, Any, Phase]],
) -> list[Phase]:
    """Each kind's requests in `count` blocks, each block sent by `run`, taken in turn
    (A1 B1 C1 A2 B2 C2 …), so that the machine's drift weighs on every kind alike; one Phase
    per kind."""
    split = [blocks(requests, count) for _, requests in kinds]
    done: list[list[Phase]] = [[] for _ in kinds]
    for index in range(count):
        for kind, parts in enumerate(split):
            if index < len(parts):
                done[kind].append(measured(run(parts[index])))
    return [merged(name, done[i]) for i, (name, _) in enumerate(kinds)]


def report(phase: Phase) -> str:
    return (
        f"{phase.name:<34} {phase.ok:6d} stored in {phase.wall:6.2f} s "
        f"= {phase.throughput:7.1f}/s   p50 {phase.pct(0.50):6.1f} ms  "
        f"p99 {phase.pct(0.99):6.1f} ms   statuses {phase.statuses}"
    )


def raise_priority(niceness: int) -> str:
    """Run this process, the load generator, ahead of the server's processes.

    The generator shares the machine's cores with the server and the database; at their
    default priority it waits its turn for the CPU like them, and since each latency runs from
    the moment a request was due, its own wait would be counted as the server's. A client on
    a machine of its own never waits so. Lowering the niceness needs root (CAP_SYS_NICE); without
    it the run goes on at the default priority and says so."""
    if niceness == 0:
        return "load generator at the default priority, as the server"
    try:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    except PermissionError:
        return f"load generator at the default priority (no permission for nice {niceness})"
    return f"load generator at nice {niceness}, ahead of the server and the database"


@dataclass
class Step:
    """One rung of a ladder: the rate offered and each kind's phase at it."""

    rate: float
    phases: dict[str, Phase]


@dataclass
class Ladder:
    steps: list[Step] = field(default_factory=list)
    sustained: dict[str, float] = field(default_factory=dict)


def within(phase: Phase, sent: int, limit_ms: float) -> bool:
    """Every request answered as expected, and the p99 (from each request's due time, so a
    server falling behind shows in it) within the limit."""
    return phase.ok == sent and phase.pct(0.99) <= limit_ms


def ladder(
    kinds: Sequence[str],
    rates: Sequence[float],
    prepare: Callable[[str, int], list[bytes]],
    *,
    seconds: float,
    block_count: int,
    connections: int,
    limit_ms: float,
) -> Ladder:
    """The highest rate each kind sustains with its p99 within `limit_ms`: open loops at each
    of `rates` in turn, the kinds' blocks interleaved at every rung, until each kind has failed
    two rungs in a row (one rung may fail to a stall of the machine's own); a kind's sustained
    rate is the highest it passed, 0 when it passed none. `prepare(kind, count)` gives the
    requests to send."""
    result = Ladder(sustained={kind: 0.0 for kind in kinds})
    failures = dict.fromkeys(kinds, 0)
    for rate in rates:
        climbing = [kind for kind in kinds if failures[kind] < 2]
        if not climbing:
            break
        count = int(rate * seconds)
        phases = interleaved(
            [(kind, prepare(kind, count)) for kind in climbing],
            block_count,
            functools.partial(open_loop, "", rate=rate, connections=connections),
        )
        step = Step(rate, {phase.name: phase for phase in phases})
        result.steps.append(step)
        for kind, phase in step.phases.items():
            if within(phase, count, limit_ms):
                failures[kind] = 0
                result.sustained[kind] = max(result.sustained[kind], rate)
            else:
                failures[kind] += 1
    return result
