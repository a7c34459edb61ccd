"""The remote image checker against a real HTTP server on 127.0.0.1.

The server records every request it receives, so the tests can show from the server's side
that refused URLs are never requested, that each URL is fetched once, that the cache makes
a second run silent and that the per-host limit holds.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import ValidationError

from lintnews.network import (
    NetworkSettings,
    UrlResult,
    address_problem,
    check_urls,
    normalise_url,
    should_show_progress,
    sniff_image,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
SVG = b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'
HTML = b"<!DOCTYPE html><html><head><title>Login</title></head><body>sign in</body></html>"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(100)


@dataclass
class Logged:
    method: str
    path: str
    host: str
    headers: dict[str, str]


@dataclass
class ImageServer:
    """A loopback server whose routes imitate the image hosts of the real world."""

    port: int = 0
    log: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: Counter = field(default_factory=Counter)
    max_in_flight: Counter = field(default_factory=Counter)
    hits: Counter = field(default_factory=Counter)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def requests(self, path: str | None = None) -> list[Logged]:
        with self.lock:
            return [entry for entry in self.log if path is None or entry.path == path]

    def reset(self) -> None:
        with self.lock:
            self.log.clear()
            self.hits.clear()
            self.max_in_flight.clear()


def _handler(server: ImageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def send(
            self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def image(self, body: bytes, content_type: str = "image/png", ranged: bool = True) -> None:
            wanted = self.headers.get("Range", "")
            if ranged and wanted.startswith("bytes=0-"):
                last = min(int(wanted[len("bytes=0-") :]), len(body) - 1)
                self.send(
                    206,
                    body[: last + 1],
                    {"Content-Type": content_type, "Content-Range": f"bytes 0-{last}/{len(body)}"},
                )
            else:
                self.send(200, body, {"Content-Type": content_type})

        def do_HEAD(self) -> None:
            self.record()
            try:
                self.send(405, b"", {"Allow": "GET"})
            finally:
                self.done()

        def do_GET(self) -> None:
            self.record()
            try:
                self.route()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                self.done()

        def record(self) -> None:
            host = self.headers.get("Host", "")
            with server.lock:
                server.log.append(Logged(self.command, self.path, host, dict(self.headers)))
                server.hits[self.path] += 1
                server.in_flight[host] += 1
                server.max_in_flight[host] = max(server.max_in_flight[host], server.in_flight[host])
                self.hit = server.hits[self.path]

        def done(self) -> None:
            with server.lock:
                server.in_flight[self.headers.get("Host", "")] -= 1

        def route(self) -> None:
            path = self.path
            if path in ("/ok.png", "/head-405.png") or path.startswith("/img/"):
                self.image(PNG)
            elif path == "/ok.svg":
                self.image(SVG, "image/svg+xml")
            elif path.startswith("/delay/"):
                time.sleep(0.1)
                self.image(PNG)
            elif path == "/missing.png":
                self.send(404, b"not found", {"Content-Type": "text/plain"})
            elif path == "/gone.png":
                self.send(410, b"gone", {"Content-Type": "text/plain"})
            elif path == "/forbidden.png":
                self.send(403, HTML, {"Content-Type": "text/html"})
            elif path == "/flaky.png":
                if self.hit == 1:
                    self.send(500, b"oops", {"Content-Type": "text/plain"})
                else:
                    self.image(PNG)
            elif path == "/down.png":
                self.send(503, b"down", {"Content-Type": "text/plain"})
            elif path == "/busy.png":
                if self.hit == 1:
                    self.send(429, b"slow down", {"Retry-After": "1"})
                else:
                    self.image(PNG)
            elif path == "/very-busy.png":
                self.send(429, b"slow down", {"Retry-After": "3600"})
            elif path == "/reset-once.png":
                if self.hit == 1:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.image(PNG)
            elif path.startswith("/chain/"):
                left = int(path.rsplit("/", 1)[1])
                target = "/ok.png" if left == 0 else f"/chain/{left - 1}"
                self.send(302, b"", {"Location": target})
            elif path == "/loop-a":
                self.send(301, b"", {"Location": "/loop-b"})
            elif path == "/loop-b":
                self.send(301, b"", {"Location": "/loop-a"})
            elif path == "/to-private":
                location = f"http://intranet.example.test:{server.port}/ok.png"
                self.send(302, b"", {"Location": location})
            elif path == "/to-loopback-literal":
                self.send(307, b"", {"Location": f"http://127.0.0.9:{server.port}/ok.png"})
            elif path == "/page.png":
                self.send(200, HTML, {"Content-Type": "image/png"})
            elif path == "/page":
                self.send(200, HTML, {"Content-Type": "text/html; charset=utf-8"})
            elif path == "/clip.mp4":
                self.image(MP4, "video/mp4")
            elif path == "/wrong-magic.png":
                self.image(b"GIF00a not really" + bytes(100), "image/png")
            elif path == "/octet.png":
                self.image(PNG, "application/octet-stream")
            elif path == "/no-range.png":
                self.image(PNG + bytes(3_000_000), ranged=False)
            elif path == "/endless.png":
                # Ignores Range and never ends: only a bounded read can finish.
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:
                    self.wfile.write(bytes(65536))
                self.close_connection = True
            elif path == "/no-ranges-416.png":
                if "Range" in self.headers:
                    self.send(416, b"", {"Content-Range": "bytes */0"})
                else:
                    self.image(PNG, ranged=False)
            elif path == "/slow.png":
                time.sleep(1.0)
                self.image(PNG)
            elif path == "/protected.png":
                referer = self.headers.get("Referer", "")
                if referer and not referer.startswith("https://img-owner.example/"):
                    self.send(403, b"no hotlinking", {"Content-Type": "text/plain"})
                else:
                    self.image(PNG)
            else:
                self.send(404, b"no route", {"Content-Type": "text/plain"})

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[ImageServer]:
    state = ImageServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fresh(server: ImageServer) -> ImageServer:
    server.reset()
    return server


#: Loopback is private, so the local server is only reachable with private hosts allowed.
LOCAL = NetworkSettings(
    allow_private_hosts=True, timeout=2.0, retries=2, backoff=0.01, max_retry_after=2.0
)


def test_fake_names(host: str) -> list[str]:
    """Resolver for tests: *.example.test names are this machine, the intranet is 127.0.0.2."""
    if host == "intranet.example.test":
        return ["127.0.0.2"]
    if host.endswith(".example.test"):
        return ["127.0.0.1"]
    if host == "missing.invalid":
        return []
    raise AssertionError(f"unexpected lookup of {host}")


test_fake_names.__test__ = False  # type: ignore[attr-defined]


def check(
    server: ImageServer, paths: list[str], settings: NetworkSettings = LOCAL, **kwargs
) -> dict[str, UrlResult]:
    urls = [server.url(path) for path in paths]
    results = check_urls(urls, settings, None, resolver=test_fake_names, progress=False, **kwargs)
    return {path: results[server.url(path)] for path in paths}


# -- statuses ------------------------------------------------------------------------------


@pytest.mark.network
def test_images_served_as_images_are_ok(fresh: ImageServer) -> None:
    results = check(fresh, ["/ok.png", "/ok.svg", "/head-405.png"])
    assert results["/ok.png"].status == "ok"
    assert results["/ok.png"].http_status == 206
    assert results["/ok.png"].content_type == "image/png"
    assert results["/ok.png"].size == len(PNG)
    assert results["/ok.svg"].status == "ok", results["/ok.svg"].detail
    # HEAD is never relied on: the server answering HEAD with 405 does not matter.
    assert results["/head-405.png"].status == "ok"
    assert {entry.method for entry in fresh.requests()} == {"GET"}
    assert all(entry.headers.get("Range") == "bytes=0-16383" for entry in fresh.requests())


@pytest.mark.network
def test_missing_and_gone_are_broken_and_not_retried(fresh: ImageServer) -> None:
    results = check(fresh, ["/missing.png", "/gone.png"])
    assert (results["/missing.png"].status, results["/missing.png"].detail) == (
        "broken",
        "404 Not Found",
    )
    assert (results["/gone.png"].status, results["/gone.png"].detail) == ("broken", "410 Gone")
    assert fresh.hits["/missing.png"] == 1
    assert fresh.hits["/gone.png"] == 1


@pytest.mark.network
def test_forbidden_is_blocked_not_broken(fresh: ImageServer) -> None:
    result = check(fresh, ["/forbidden.png"])["/forbidden.png"]
    assert result.status == "blocked"
    assert result.detail == "403 Forbidden (the server refuses automated requests)"
    assert fresh.hits["/forbidden.png"] == 1


@pytest.mark.network
def test_status_overrides_reclassify(fresh: ImageServer) -> None:
    settings = LOCAL.model_copy(update={"status_overrides": {403: "broken", 404: "blocked"}})
    results = check(fresh, ["/forbidden.png", "/missing.png"], settings)
    assert results["/forbidden.png"].status == "broken"
    assert results["/missing.png"].status == "blocked"


@pytest.mark.network
def test_server_error_is_retried_once_then_ok(fresh: ImageServer) -> None:
    result = check(fresh, ["/flaky.png"])["/flaky.png"]
    assert result.status == "ok"
    assert fresh.hits["/flaky.png"] == 2


@pytest.mark.network
def test_persistent_server_error_is_transient_after_all_retries(fresh: ImageServer) -> None:
    result = check(fresh, ["/down.png"])["/down.png"]
    assert result.status == "transient"
    assert result.detail == "503 Service Unavailable (after 3 attempts)"
    assert fresh.hits["/down.png"] == 3


@pytest.mark.network
def test_reset_connection_is_retried(fresh: ImageServer) -> None:
    result = check(fresh, ["/reset-once.png"])["/reset-once.png"]
    assert result.status == "ok", result.detail
    assert fresh.hits["/reset-once.png"] == 2


@pytest.mark.network
def test_retry_after_is_honoured(fresh: ImageServer) -> None:
    started = time.monotonic()
    result = check(fresh, ["/busy.png"])["/busy.png"]
    elapsed = time.monotonic() - started
    assert result.status == "ok"
    assert fresh.hits["/busy.png"] == 2
    assert 0.9 <= elapsed < 2.0  # waited the asked second, not the tiny backoff


@pytest.mark.network
def test_retry_after_beyond_the_bound_gives_up_at_once(fresh: ImageServer) -> None:
    started = time.monotonic()
    result = check(fresh, ["/very-busy.png"])["/very-busy.png"]
    assert time.monotonic() - started < 1.0
    assert result.status == "transient"
    assert result.detail == "429 Too Many Requests; the server asks to retry after 3600 s"
    assert fresh.hits["/very-busy.png"] == 1


@pytest.mark.network
def test_a_response_slower_than_the_timeout_is_transient(fresh: ImageServer) -> None:
    settings = LOCAL.model_copy(update={"timeout": 0.3, "retries": 1})
    started = time.monotonic()
    result = check(fresh, ["/slow.png"], settings)["/slow.png"]
    assert time.monotonic() - started < 1.5
    assert result.status == "transient"
    assert result.detail == "no answer within 0.3 s (after 2 attempts)"


@pytest.mark.network
def test_unknown_host_is_broken(fresh: ImageServer) -> None:
    url = f"http://missing.invalid:{fresh.port}/ok.png"
    result = check_urls([url], LOCAL, None, resolver=test_fake_names, progress=False)[url]
    assert result.status == "broken"
    assert result.detail == "the host missing.invalid does not exist (DNS)"


# -- what counts as an image ---------------------------------------------------------------


@pytest.mark.network
def test_things_that_are_not_images(fresh: ImageServer) -> None:
    results = check(fresh, ["/page.png", "/page", "/clip.mp4", "/wrong-magic.png", "/octet.png"])
    assert {path: result.status for path, result in results.items()} == dict.fromkeys(
        results, "not-image"
    )
    assert results["/page.png"].detail == "served as image/png but the content is an HTML page"
    assert results["/page"].detail == "served text/html, an HTML page, not an image"
    assert results["/clip.mp4"].detail == "served video/mp4, a video, not an image"
    assert results["/wrong-magic.png"].detail == (
        "served as image/png but the content is not in any image format"
    )
    assert "the bytes are PNG" in results["/octet.png"].detail


@pytest.mark.network
def test_servers_that_ignore_range_are_read_only_up_to_the_bound(fresh: ImageServer) -> None:
    started = time.monotonic()
    results = check(fresh, ["/no-range.png", "/endless.png", "/no-ranges-416.png"])
    assert time.monotonic() - started < 2.0  # the endless body is abandoned, not drained
    assert results["/no-range.png"].status == "ok"
    assert results["/no-range.png"].http_status == 200
    assert results["/endless.png"].status == "ok"
    assert results["/no-ranges-416.png"].status == "ok"
    assert [e.headers.get("Range") for e in fresh.requests("/no-ranges-416.png")] == [
        "bytes=0-16383",
        None,
    ]


# -- redirects -----------------------------------------------------------------------------


@pytest.mark.network
def test_redirect_chains_are_followed_to_the_image(fresh: ImageServer) -> None:
    result = check(fresh, ["/chain/3"])["/chain/3"]
    assert result.status == "ok"
    assert result.final_url == fresh.url("/ok.png")
    assert [e.path for e in fresh.requests()] == [
        "/chain/3",
        "/chain/2",
        "/chain/1",
        "/chain/0",
        "/ok.png",
    ]


@pytest.mark.network
def test_more_than_ten_redirects_is_broken(fresh: ImageServer) -> None:
    result = check(fresh, ["/chain/10"])["/chain/10"]
    assert result.status == "broken"
    assert result.detail.startswith("more than 10 redirects")
    assert len(fresh.requests()) == 11
    assert fresh.hits["/ok.png"] == 0


@pytest.mark.network
def test_redirect_loop_is_broken(fresh: ImageServer) -> None:
    result = check(fresh, ["/loop-a"])["/loop-a"]
    assert result.status == "broken"
    a, b = fresh.url("/loop-a"), fresh.url("/loop-b")
    assert result.detail == f"redirect loop: {a} → {b} → {a}"
    assert len(fresh.requests()) == 2


# -- safety --------------------------------------------------------------------------------

#: The test server (127.0.0.1) is allowed; the rest of loopback and every private range is not.
ONLY_THE_TEST_SERVER = NetworkSettings(
    allowed_private_networks=("127.0.0.1/32",), timeout=2.0, backoff=0.01
)


@pytest.mark.network
def test_loopback_literal_is_refused_without_a_request(fresh: ImageServer) -> None:
    results = check(fresh, ["/ok.png"], NetworkSettings())
    assert results["/ok.png"].status == "refused"
    assert results["/ok.png"].detail == "refused: 127.0.0.1 is a loopback address"
    assert fresh.requests() == []


@pytest.mark.network
def test_a_name_resolving_to_loopback_is_refused_at_connect_time(fresh: ImageServer) -> None:
    url = fresh.url("/ok.png", host="img.example.test")
    result = check_urls([url], NetworkSettings(), None, resolver=test_fake_names, progress=False)[
        url
    ]
    assert result.status == "refused"
    assert result.detail == "refused: img.example.test resolves to 127.0.0.1, a loopback address"
    assert fresh.requests() == []


@pytest.mark.network
def test_a_redirect_to_a_refused_address_is_not_followed(fresh: ImageServer) -> None:
    results = check(fresh, ["/to-private", "/to-loopback-literal"], ONLY_THE_TEST_SERVER)
    assert results["/to-private"].status == "refused"
    assert results["/to-private"].detail.startswith(
        "refused: intranet.example.test resolves to 127.0.0.2, a loopback address"
    )
    assert results["/to-loopback-literal"].status == "refused"
    assert results["/to-loopback-literal"].detail.startswith(
        "refused: 127.0.0.9 is a loopback address"
    )
    # The allowed server was asked; the refused targets never were.
    assert sorted(e.path for e in fresh.requests()) == ["/to-loopback-literal", "/to-private"]
    assert all(e.host == f"127.0.0.1:{fresh.port}" for e in fresh.requests())


def test_address_classification() -> None:
    cases = {
        "127.0.0.1": "a loopback address",
        "::1": "a loopback address",
        "10.1.2.3": "a private address",
        "192.168.0.10": "a private address",
        "172.16.5.4": "a private address",
        "169.254.169.254": "a link-local address",
        "fe80::1": "a link-local address",
        "224.0.0.1": "a multicast address",
        "0.0.0.0": "an unspecified address",
        "100.64.0.1": "not a public address",
        "::ffff:127.0.0.1": "a loopback address",
        "64:ff9b::a00:1": "a private address",
        "fd00::1": "a private address",
        "93.184.216.34": None,
        "2606:4700::6810:84e5": None,
    }
    assert {address: address_problem(address) for address in cases} == cases


# -- once per run, and not again within the cache age --------------------------------------


@pytest.mark.network
def test_each_distinct_url_is_fetched_once(fresh: ImageServer) -> None:
    same = [
        fresh.url("/img/a.png"),
        fresh.url("/img/a.png"),
        f"HTTP://127.0.0.1:{fresh.port}/img/a.png#in-article-2",
        fresh.url("/img/b.png"),
    ] * 5
    results = check_urls(same, LOCAL, None, progress=False)
    assert set(results) == set(same)
    assert all(result.ok for result in results.values())
    assert Counter(e.path for e in fresh.requests()) == {"/img/a.png": 1, "/img/b.png": 1}


@pytest.mark.network
def test_second_run_within_max_age_makes_no_request(fresh: ImageServer, tmp_path: Path) -> None:
    urls = [fresh.url(f"/img/{n}.png") for n in range(5)]
    first = check_urls(urls, LOCAL, tmp_path, progress=False)
    assert len(fresh.requests()) == 5
    fresh.reset()
    second = check_urls(urls, LOCAL, tmp_path, progress=False)
    assert fresh.requests() == []
    assert second == first
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.network
def test_failures_are_never_cached(fresh: ImageServer, tmp_path: Path) -> None:
    urls = [fresh.url("/missing.png"), fresh.url("/ok.png")]
    check_urls(urls, LOCAL, tmp_path, progress=False)
    fresh.reset()
    check_urls(urls, LOCAL, tmp_path, progress=False)
    assert [e.path for e in fresh.requests()] == ["/missing.png"]


@pytest.mark.network
def test_an_override_to_ok_is_not_cached_past_the_override(
    fresh: ImageServer, tmp_path: Path
) -> None:
    urls = [fresh.url("/forbidden.png")]
    lenient = LOCAL.model_copy(update={"status_overrides": {403: "ok"}})
    assert check_urls(urls, lenient, tmp_path, progress=False)[urls[0]].ok
    fresh.reset()
    result = check_urls(urls, LOCAL, tmp_path, progress=False)[urls[0]]
    assert result.status == "blocked"
    assert [e.path for e in fresh.requests()] == ["/forbidden.png"]


@pytest.mark.network
def test_old_and_corrupt_cache_entries_are_ignored(fresh: ImageServer, tmp_path: Path) -> None:
    urls = [fresh.url("/img/old.png"), fresh.url("/img/corrupt.png")]
    check_urls(urls, LOCAL, tmp_path, progress=False)
    entries = sorted((tmp_path / "urls").rglob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        data = json.loads(entry.read_text())
        if data["url"].endswith("old.png"):
            data["checked_at"] -= 2 * LOCAL.cache_max_age
            entry.write_text(json.dumps(data))
        else:
            entry.write_bytes(b'{"url": "\xff truncated')
    fresh.reset()
    results = check_urls(urls, LOCAL, tmp_path, progress=False)
    assert all(result.ok for result in results.values())
    assert sorted(e.path for e in fresh.requests()) == ["/img/corrupt.png", "/img/old.png"]
    fresh.reset()
    check_urls(urls, LOCAL, tmp_path, progress=False)
    assert fresh.requests() == []  # the entries were rewritten


@pytest.mark.network
def test_an_ok_result_from_a_permissive_run_does_not_vouch_for_a_strict_one(
    fresh: ImageServer, tmp_path: Path
) -> None:
    url = fresh.url("/ok.png", host="img.example.test")
    check_urls([url], LOCAL, tmp_path, resolver=test_fake_names, progress=False)
    result = check_urls(
        [url], NetworkSettings(), tmp_path, resolver=test_fake_names, progress=False
    )
    assert result[url].status == "refused"


# -- politeness ----------------------------------------------------------------------------


@pytest.mark.network
def test_per_host_and_global_limits_hold(fresh: ImageServer) -> None:
    settings = LOCAL.model_copy(update={"per_host": 2, "concurrency": 3})
    urls = [
        fresh.url(f"/delay/{n}.png", host=host)
        for host in ("a.example.test", "b.example.test")
        for n in range(8)
    ]
    results = check_urls(urls, settings, None, resolver=test_fake_names, progress=False)
    assert all(result.ok for result in results.values())
    assert len(fresh.requests()) == 16
    a, b = (f"{name}.example.test:{fresh.port}" for name in "ab")
    assert fresh.max_in_flight[a] == 2
    assert fresh.max_in_flight[b] <= 2
    assert fresh.max_in_flight[a] + fresh.max_in_flight[b] >= 3  # both hosts in use at once


@pytest.mark.network
def test_referer_is_sent_when_given(fresh: ImageServer) -> None:
    url = fresh.url("/protected.png")
    plain = check_urls([url], LOCAL, None, progress=False)[url]
    foreign = check_urls([url], LOCAL, None, referer="https://news.example/", progress=False)[url]
    assert plain.status == "ok"
    assert foreign.status == "blocked"
    assert [e.headers.get("Referer") for e in fresh.requests()] == [None, "https://news.example/"]


# -- pieces without a server ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PNG, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "AVIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC"),
        (b"\x00\x00\x01\x00\x01\x00\x10\x10", "ICO"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00", "BMP"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'>", "SVG"),
        (SVG, "SVG"),
        (MP4, None),
        (HTML, None),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', None),
        (b"", None),
    ],
)
def test_sniff_image(data: bytes, expected: str | None) -> None:
    assert sniff_image(data) == expected


def test_settings_use_kebab_case_and_refuse_unknown_keys() -> None:
    settings = NetworkSettings.model_validate(
        {
            "enabled": True,
            "allow-private-hosts": True,
            "per-host": 3,
            "cache-max-age": "12h",
            "status-overrides": {"403": "broken"},
        }
    )
    assert (settings.per_host, settings.cache_max_age) == (3, 43200)
    assert settings.status_overrides == {403: "broken"}
    for bad in (
        {"per_hots": 1},
        {"status-overrides": {"200": "broken"}},
        {"cache-max-age": "soon"},
    ):
        with pytest.raises(ValidationError):
            NetworkSettings.model_validate(bad)


def test_normalised_urls() -> None:
    assert normalise_url("HTTPS://Img.Example.COM:443/a.png#x") == "https://img.example.com/a.png"
    assert normalise_url("//cdn.example.com/a.png") == "https://cdn.example.com/a.png"
    assert normalise_url("http://example.com") == "http://example.com/"
    assert normalise_url("ftp://example.com/a.png") is None
    assert normalise_url("http://[::1]:8080/a.png") == "http://[::1]:8080/a.png"
    assert normalise_url("http://example.com:99999/") is None


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_only_for_people_at_a_terminal() -> None:
    assert should_show_progress(10_000, _Terminal(True), environ={})
    assert not should_show_progress(3, _Terminal(True), environ={})
    assert not should_show_progress(10_000, _Terminal(False), environ={})
    assert not should_show_progress(10_000, _Terminal(True), environ={"CI": "true"})
    assert not should_show_progress(10_000, _Terminal(True), environ={"PRE_COMMIT": "1"})


def test_importing_the_module_does_not_import_httpx() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lintnews.network, lintnews_rules.remote_images; print('httpx' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"


# -- the rules, as the engine drives them ----------------------------------------------------


def _rule_site(network: NetworkSettings, base_url: str | None = None):
    """Site settings carrying ``network`` (and ``base_url``) as the engine will provide them."""
    from lintnews.plugin.settings import SiteSettings

    class Site(SiteSettings):
        network: NetworkSettings = NetworkSettings()
        base_url: str | None = None

    return Site(network=network, base_url=base_url)


def _run_rules(rules: list, docs: list) -> list:
    """What the runner does: every rule's resources from every file, one prefetch, checks."""
    for rule in rules:
        wanted: set[str] = set()
        for doc in docs:
            wanted.update(rule.resources(doc))
        if rule.needs_prefetch():
            rule.prefetch(wanted)
    return sorted(
        (d for doc in docs for rule in rules for d in rule.check(doc)), key=lambda d: d.sort_key
    )


def _documents(*texts: str) -> list:
    pytest.importorskip(
        "lintnews.model.images", reason="image discovery (doc.images) has not landed"
    )
    from lintnews.model.document import Document

    return [Document(text, f"article-{n}.md") for n, text in enumerate(texts, 1)]


@pytest.mark.network
def test_broken_and_not_image_rules_share_one_fetch_per_url(fresh: ImageServer) -> None:
    from lintnews_rules.remote_images import ImageNotImage, ImageUrlBroken

    ok, missing, page = fresh.url("/ok.png"), fresh.url("/missing.png"), fresh.url("/page")
    docs = _documents(
        f"# 一\n\n图：![示意图]({ok})\n\n![缺失]({missing})\n",
        f"# 二\n\n![页面]({page}) 和 ![示意图]({ok})\n",
    )
    site = _rule_site(LOCAL.model_copy(update={"enabled": True}))
    found = _run_rules([ImageUrlBroken(site=site), ImageNotImage(site=site)], docs)
    assert [(d.path, d.line, d.column, d.code, d.severity.value, d.message) for d in found] == [
        (
            "article-1.md",
            5,
            7,
            "LN405",
            "error",
            "readers will see a broken image: the image URL is broken: 404 Not Found",
        ),
        (
            "article-2.md",
            3,
            7,
            "LN406",
            "error",
            "readers will see a broken image: the image URL served text/html, an HTML page, not an image",
        ),
    ]
    assert found[0].end_column == 7 + len(missing)
    assert Counter(e.path for e in fresh.requests()) == {
        "/ok.png": 1,
        "/missing.png": 1,
        "/page": 1,
    }


@pytest.mark.network
def test_rules_fetch_nothing_unless_network_checks_are_on(fresh: ImageServer) -> None:
    from lintnews_rules.remote_images import ImageNotImage, ImageUrlBroken

    docs = _documents(f"![缺失]({fresh.url('/missing.png')})\n")
    site = _rule_site(LOCAL)  # enabled is false
    rules = [ImageUrlBroken(site=site), ImageNotImage(site=site)]
    assert [list(rule.resources(docs[0])) for rule in rules] == [[], []]
    assert _run_rules(rules, docs) == []
    assert fresh.requests() == []


@pytest.mark.network
def test_refused_and_unreachable_urls_are_not_errors(fresh: ImageServer) -> None:
    from lintnews_rules.remote_images import ImageUrlBroken

    docs = _documents(f"![a]({fresh.url('/ok.png')})\n\n![b]({fresh.url('/forbidden.png')})\n")
    strict = NetworkSettings(enabled=True, allowed_private_networks=("127.0.0.1/32",))
    found = _run_rules([ImageUrlBroken(site=_rule_site(strict))], docs)
    assert [(d.line, d.severity.value, d.message) for d in found] == [
        (
            3,
            "warning",
            "image URL could not be checked: 403 Forbidden (the server refuses automated requests)",
        )
    ]
    refused = _run_rules([ImageUrlBroken(site=_rule_site(NetworkSettings(enabled=True)))], docs)
    assert [(d.severity.value, d.message) for d in refused] == [
        (
            "info",
            "image URL was not fetched: refused: 127.0.0.1 is a loopback address "
            "(set [network] allow-private-hosts = true to check it)",
        )
    ] * 2


_HOTLINKED = (
    "readers depend on 127.0.0.1, which may block or replace this image: it is hot-linked "
    "from a host not in allowed-hosts"
)


@pytest.mark.network
def test_hotlink_rule_offline_and_online(fresh: ImageServer) -> None:
    from lintnews_rules.remote_images import ImageHotlink

    protected, own = fresh.url("/protected.png"), fresh.url("/ok.png")
    text = (
        f"![受保护]({protected})\n\n![自有](https://news.example/images/a.png)\n\n![其他]({own})\n"
    )
    docs = _documents(text)
    offline = ImageHotlink(
        ImageHotlink.Options(site_url="https://news.example/"), _rule_site(NetworkSettings())
    )
    assert [(d.line, d.message) for d in _run_rules([offline], docs)] == [
        (1, _HOTLINKED),
        (5, _HOTLINKED),
    ]
    assert fresh.requests() == []

    online_settings = LOCAL.model_copy(update={"enabled": True})
    online = ImageHotlink(
        ImageHotlink.Options(allowed_hosts=("127.0.0.1",)),
        _rule_site(online_settings, base_url="https://news.example/"),
    )
    found = _run_rules([online], docs)
    assert [(d.line, d.code, d.message) for d in found] == [
        (
            1,
            "LN407",
            "readers will see a broken image: 127.0.0.1 refuses it on pages of news.example "
            "(403 Forbidden (the server refuses automated requests))",
        )
    ]
    referers = {(e.path, e.headers.get("Referer")) for e in fresh.requests()}
    assert referers == {
        ("/protected.png", None),
        ("/protected.png", "https://news.example/"),
        ("/ok.png", None),
        ("/ok.png", "https://news.example/"),
    }
