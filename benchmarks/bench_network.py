"""Benchmark: 1,000 distinct image URLs on a loopback server that takes 50 ms per request.

The run must finish within 1.5 × (1000 × 0.05 s / concurrency) + 1 s, i.e. the checker keeps
`concurrency` requests in flight nearly all the time. The URLs are spread over 20 host names
(all resolving to 127.0.0.1 through the resolver hook), so the global limit, not the per-host
one, is what bounds the run, as on a real site whose images come from many hosts.

The server (a minimal asyncio HTTP/1.1 responder, so that the server's own overhead is not
what is measured) runs in a separate process so that it does not compete with the checker
for the interpreter lock. Run:  .venv/bin/python benchmarks/bench_network.py [--concurrency 16]
Exits 1 when the bound is missed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from slow_server import serve

from lintnews.network import NetworkSettings, check_urls

URLS = 1000
DELAY = 0.05
HOSTS = 20
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000)


_BODY = PNG[:4096]
_IMAGE = (
    "HTTP/1.1 206 Partial Content\r\nContent-Type: image/png\r\n"
    f"Content-Range: bytes 0-{len(_BODY) - 1}/{len(PNG)}\r\n"
    f"Content-Length: {len(_BODY)}\r\n\r\n"
).encode() + _BODY


def _reply(request: bytes) -> bytes:
    """Every request: the first 4 KiB of an image, as a range answer."""
    return _IMAGE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=NetworkSettings().concurrency)
    args = parser.parse_args()

    port = multiprocessing.Value("i", 0)
    requests = multiprocessing.Value("i", 0, lock=False)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(port, requests, ready, _reply, DELAY), daemon=True
    )
    server.start()
    try:
        if not ready.wait(10):
            print("the benchmark server did not start", file=sys.stderr)
            return 2
        settings = NetworkSettings(
            enabled=True, allow_private_hosts=True, concurrency=args.concurrency
        )
        urls = [
            f"http://img{n % HOSTS}.bench.test:{port.value}/photos/{n}.png" for n in range(URLS)
        ]

        def loopback(host: str) -> list[str]:
            return ["127.0.0.1"]

        bound = 1.5 * (URLS * DELAY / settings.concurrency) + 1.0
        with tempfile.TemporaryDirectory() as cache:
            started, cpu = time.perf_counter(), time.process_time()
            results = check_urls(urls, settings, Path(cache), resolver=loopback, progress=False)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            cold_requests = requests.value

            started = time.perf_counter()
            check_urls(urls, settings, Path(cache), resolver=loopback, progress=False)
            cached = time.perf_counter() - started
            warm_requests = requests.value - cold_requests

        ok = sum(result.ok for result in results.values())
        ideal = URLS * DELAY / settings.concurrency
        print(
            f"{URLS} URLs, {DELAY * 1000:.0f} ms each, {HOSTS} hosts, "
            f"concurrency {settings.concurrency}, per-host {settings.per_host}"
        )
        print(f"checked in {elapsed:.2f} s (ideal {ideal:.2f} s, bound {bound:.2f} s): {ok} ok")
        print(f"checker CPU time: {cpu:.2f} s ({cpu / URLS * 1000:.2f} ms per URL)")
        print(
            f"server requests: {cold_requests} on the first run, {warm_requests} on the cached run"
        )
        print(f"cached run: {cached:.2f} s")
        passed = elapsed <= bound and ok == URLS and cold_requests == URLS and warm_requests == 0
        print("PASS" if passed else "FAIL")
        return 0 if passed else 1
    finally:
        server.terminate()
        server.join(5)


if __name__ == "__main__":
    sys.exit(main())
