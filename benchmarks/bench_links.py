"""Benchmark: 2,000 distinct remote links on a loopback server that takes 50 ms per request.

Links are checked as pages (``HEAD``, the purpose ``link-broken`` uses). The run must finish
within ``slack`` × (2000 × 0.05 s / concurrency) + 1 s (``slack`` 1.5 by default), and a
second run with the same cache must make no request. The links are spread over 20 host names
(all resolving to 127.0.0.1 through the resolver hook), so the global limit, not the
per-host one, is what bounds the run, as on a site that links to many sources.

The server (a minimal asyncio HTTP/1.1 responder, in a process of its own so that it does
not compete with the checker for the interpreter lock) counts every request. Run::

    .venv/bin/python benchmarks/bench_links.py [--concurrency 16] [--slack 1.5]

Exits 1 when the bound is missed or the warm run made a request.
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

LINKS = 2000
DELAY = 0.05
HOSTS = 20
PAGE = b"<!DOCTYPE html><html><body>story</body></html>"


_PAGE_HEAD = (
    f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(PAGE)}\r\n\r\n"
).encode()


def _reply(request: bytes) -> bytes:
    """Every request: 200 with a small page (the head only, for HEAD)."""
    return _PAGE_HEAD if request.startswith(b"HEAD ") else _PAGE_HEAD + PAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=NetworkSettings().concurrency)
    parser.add_argument("--slack", type=float, default=1.5)
    args = parser.parse_args(argv)

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
            f"http://news{n % HOSTS}.bench.test:{port.value}/2024/story-{n}.html"
            for n in range(LINKS)
        ]

        def loopback(host: str) -> list[str]:
            return ["127.0.0.1"]

        ideal = LINKS * DELAY / settings.concurrency
        bound = args.slack * ideal + 1.0
        with tempfile.TemporaryDirectory() as cache:
            started, cpu = time.perf_counter(), time.process_time()
            results = check_urls(
                urls, settings, Path(cache), resolver=loopback, progress=False, purpose="page"
            )
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            cold_requests = requests.value

            started = time.perf_counter()
            check_urls(
                urls, settings, Path(cache), resolver=loopback, progress=False, purpose="page"
            )
            cached = time.perf_counter() - started
            warm_requests = requests.value - cold_requests

        ok = sum(result.ok for result in results.values())
        print(
            f"{LINKS} links, {DELAY * 1000:.0f} ms each, {HOSTS} hosts, "
            f"concurrency {settings.concurrency}, per-host {settings.per_host}"
        )
        print(f"checked in {elapsed:.2f} s (ideal {ideal:.2f} s, bound {bound:.2f} s): {ok} ok")
        # On a busy machine the checker's own CPU time, not the latency, is what bounds a run.
        print(f"checker CPU time: {cpu:.2f} s ({cpu / LINKS * 1000:.2f} ms per link)")
        print(
            f"server requests: {cold_requests} on the first run, {warm_requests} on the cached run"
        )
        print(f"cached run: {cached:.2f} s")
        passed = elapsed <= bound and ok == LINKS and cold_requests == LINKS and warm_requests == 0
        print("PASS" if passed else "FAIL")
        return 0 if passed else 1
    finally:
        server.terminate()
        server.join(5)


if __name__ == "__main__":
    sys.exit(main())
