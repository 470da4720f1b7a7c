"""The open-loop load generator of the submission benchmark: raw HTTP/1.1 over asyncio
sockets to a server on 127.0.0.1, a new connection per request (as phones arrive), each request
sent at its due time whatever the server's pace. Not a test."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Sequence
from dataclasses import dataclass

HOST = "127.0.0.1"
IN_FLIGHT = 1000  # most requests open at once: a bound well under the open files' limit


@dataclass(frozen=True)
class Reply:
    status: int  # 0 when the server closed the connection without an answer
    head: str  # status line and headers
    body: bytes
    latency: float  # seconds: in an open loop from the request's due time, else from sending

    def headers(self, name: str) -> list[str]:
        prefix = f"{name.lower()}:"
        return [
            line.split(":", 1)[1].strip()
            for line in self.head.split("\r\n")[1:]
            if line.lower().startswith(prefix)
        ]


def request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def exchange(port: int, raw: bytes) -> tuple[int, str, bytes]:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/") else 0
    return status, head.decode("latin-1"), body


def fetch_all(port: int, requests: Sequence[bytes], concurrency: int = 8) -> list[Reply]:
    """The replies in order, at most `concurrency` requests at once: untimed preparation."""

    async def run() -> list[Reply]:
        loop = asyncio.get_running_loop()
        gate = asyncio.Semaphore(concurrency)

        async def one(raw: bytes) -> Reply:
            async with gate:
                sent = loop.time()
                status, head, body = await exchange(port, raw)
                return Reply(status, head, body, loop.time() - sent)

        return await asyncio.gather(*(one(raw) for raw in requests))

    return asyncio.run(run())


def open_loop(port: int, requests: Sequence[bytes], rate: float) -> list[Reply]:
    """Request i is due `i / rate` seconds after the start and sent then, however many are
    still waiting for their reply; its latency runs from its due time, so a server that falls
    behind shows in it (no coordinated omission). The replies in order."""

    async def run() -> list[Reply]:
        loop = asyncio.get_running_loop()
        gate = asyncio.Semaphore(IN_FLIGHT)
        start = loop.time() + 0.5  # every task is created before the first is due

        async def one(index: int, raw: bytes) -> Reply:
            due = start + index / rate
            await asyncio.sleep(due - loop.time())
            async with gate:
                status, head, body = await exchange(port, raw)
            return Reply(status, head, body, loop.time() - due)

        return await asyncio.gather(*(one(i, raw) for i, raw in enumerate(requests)))

    # A collection of the generator's own heap would stall every request in flight and be
    # counted as the server's latency: collect once, then keep the collector off while sending.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        return asyncio.run(run())
    finally:
        gc.enable()
        gc.unfreeze()


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0
