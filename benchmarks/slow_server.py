"""A loopback HTTP/1.1 server whose every answer takes a fixed delay, for the network
benchmarks (``bench_network.py``, ``bench_links.py``).

It runs in a process of its own (:func:`serve` is a ``multiprocessing`` target), so the
checker's event loop under test never serves its own requests. Connections are kept alive;
``reply(request)`` gives the whole response to one request's bytes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


async def _answer(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    reply: Callable[[bytes], bytes],
    delay: float,
    requests: Any,
) -> None:
    try:
        while True:
            try:
                request = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            await asyncio.sleep(delay)
            writer.write(reply(request))
            await writer.drain()
            requests.value += 1
    finally:
        writer.close()


def serve(
    port: Any, requests: Any, ready: Any, reply: Callable[[bytes], bytes], delay: float
) -> None:
    """Serve on 127.0.0.1 until killed: ``port.value`` is set and ``ready`` set once it
    listens; ``requests.value`` counts the requests answered."""

    async def run() -> None:
        server = await asyncio.start_server(
            lambda r, w: _answer(r, w, reply, delay, requests), "127.0.0.1", 0, backlog=512
        )
        port.value = server.sockets[0].getsockname()[1]
        ready.set()
        await server.serve_forever()

    asyncio.run(run())
