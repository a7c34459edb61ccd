"""link-broken against a real HTTP server on 127.0.0.1 that counts every request."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lintnews_rules.links_remote import LinkBroken
from lintnews_rules.remote_images import ImageNotImage, ImageUrlBroken

from lintnews.model.document import Document
from lintnews.network import NetworkSettings, check_urls
from lintnews.plugin.settings import SiteSettings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


@dataclass
class LinkServer:
    port: int = 0
    log: list[tuple[str, str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self) -> Counter:
        with self.lock:
            return Counter((method, path) for method, path, _ in self.log)

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [when for _, logged, when in self.log if logged == path]


def _handler(server: LinkServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def send(
            self, status: int, headers: dict[str, str] | None = None, body: bytes = b""
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            # A client may give up (max-online-time) before the answer is sent.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.answer()

        def answer(self) -> None:
            with server.lock:
                server.log.append((self.command, self.path, time.monotonic()))
            path = self.path
            if path in ("/ok", "/2024/story.html"):
                self.send(200, {"Content-Type": "text/html"}, b"<html>story</html>")
            elif path == "/photo.png":
                self.send(200, {"Content-Type": "image/png"}, PNG)
            elif path == "/missing":
                self.send(404, {"Content-Type": "text/html"}, b"not found")
            elif path == "/gone":
                self.send(410, {"Content-Type": "text/html"}, b"gone")
            elif path == "/busy":
                self.send(429, {"Retry-After": "1"}, b"slow down")
            elif path == "/loop-a":
                self.send(301, {"Location": "/loop-b"})
            elif path == "/loop-b":
                self.send(301, {"Location": "/loop-a"})
            elif path == "/no-head":
                if self.command == "HEAD":
                    self.send(405, {"Allow": "GET"})
                else:
                    self.send(200, {"Content-Type": "text/html"}, b"<html>ok</html>")
            elif path == "/slow.png":
                time.sleep(0.8)
                self.send(200, {"Content-Type": "image/png"}, PNG)
            elif path == "/bots-refused":
                self.send(999, {"Content-Type": "text/html"}, b"request denied")
            else:
                self.send(404, {"Content-Type": "text/plain"}, b"no route")

    return Handler


@pytest.fixture
def server() -> Iterator[LinkServer]:
    state = LinkServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join()


#: Loopback is private: the test server is reachable only with private hosts allowed.
ONLINE = NetworkSettings(
    enabled=True, allow_private_hosts=True, timeout=2.0, retries=1, backoff=0.01,
    max_retry_after=2.0,
)  # fmt: skip


def _site(network: NetworkSettings = ONLINE) -> SiteSettings:
    class Site(SiteSettings):
        network: NetworkSettings = NetworkSettings()

    return Site(network=network)


def _run(rules: list, *texts: str) -> list:
    """What the runner does: resources of every file, one prefetch per rule in code order,
    then the checks."""
    docs = [Document(text, f"article-{n}.md") for n, text in enumerate(texts, 1)]
    for rule in sorted(rules, key=lambda rule: rule.code):
        if rule.needs_prefetch():
            rule.prefetch({url for doc in docs for url in rule.resources(doc)})
    return [(d.line, d.code, d.severity.value, d.message) for doc in docs for r in rules for d in r.check(doc)]  # fmt: skip


@pytest.mark.network
def test_dead_links_are_errors_and_live_ones_are_not(server: LinkServer) -> None:
    text = (
        f"[活的]({server.url('/ok')})\n\n[不存在]({server.url('/missing')})\n\n"
        f"[已删除]({server.url('/gone')})\n\n[循环]({server.url('/loop-a')})\n\n"
        f"[只收 GET]({server.url('/no-head')})\n"
    )
    found = _run([LinkBroken(site=_site())], text)
    broken = "readers will get a broken link: "
    assert found == [
        (3, "LN510", "error", broken + "404 Not Found"),
        (5, "LN510", "error", broken + "410 Gone"),
        (
            7,
            "LN510",
            "error",
            broken
            + f"redirect loop: {server.url('/loop-a')} → {server.url('/loop-b')} → "
            + server.url("/loop-a"),
        ),
    ]
    requests = server.requests()
    # HEAD first; GET only where HEAD was refused, and no dead link is retried.
    assert requests[("HEAD", "/ok")] == 1 and requests[("GET", "/ok")] == 0
    assert requests[("HEAD", "/no-head")] == 1 and requests[("GET", "/no-head")] == 1
    assert requests[("HEAD", "/missing")] == 1 and requests[("HEAD", "/gone")] == 1


@pytest.mark.network
def test_dead_links_in_raw_html_are_checked_too(server: LinkServer) -> None:
    missing, ok, gone = (server.url(path) for path in ("/missing", "/ok", "/gone"))
    text = (
        f'<div>\n  <a href="{missing}">卡片</a>\n</div>\n\n'
        f"正文 <a href='{ok}'>活的</a> <a href=\"{gone}\">旧</a>\n"
    )
    found = _run([LinkBroken(site=_site())], text)
    broken = "readers will get a broken link: "
    assert found == [(2, "LN510", "error", broken + "404 Not Found"), (5, "LN510", "error", broken + "410 Gone")]  # fmt: skip


@pytest.mark.network
def test_too_many_requests_is_a_note_after_waiting_as_asked(server: LinkServer) -> None:
    found = _run([LinkBroken(site=_site())], f"[忙]({server.url('/busy')})\n")
    assert found == [
        (
            1,
            "LN510",
            "info",
            "link could not be checked: 429 Too Many Requests (after 2 attempts); try again later",
        )
    ]
    first, second = server.times("/busy")
    assert second - first >= 0.9  # Retry-After: 1


@pytest.mark.network
def test_accept_lists_of_statuses_and_hosts(server: LinkServer) -> None:
    text = f"[机器人]({server.url('/bots-refused')})\n"
    default = _run([LinkBroken(site=_site())], text)
    assert [severity for _, _, severity, _ in default] == ["info"]
    accepting = LinkBroken(LinkBroken.Options(accept=(999,)), site=_site())
    assert _run([accepting], text) == []
    skipping = LinkBroken(LinkBroken.Options(accept_hosts=("127.0.0.1",)), site=_site())
    before = sum(server.requests().values())
    assert _run([skipping], text, f"[缺]({server.url('/missing')})\n") == []
    assert sum(server.requests().values()) == before
    assert "linkedin.com" in LinkBroken.Options().accept_hosts


@pytest.mark.network
def test_unknown_host_is_broken() -> None:
    host = "no-such-host.invalid"
    try:
        socket.getaddrinfo(host, 80)
    except socket.gaierror as exc:
        if exc.errno != socket.EAI_NONAME:
            pytest.skip(f"this machine's resolver cannot say that {host} does not exist")
    found = _run([LinkBroken(site=_site())], f"[无此站](https://{host}/a)\n")
    assert found == [
        (
            1,
            "LN510",
            "error",
            f"readers will get a broken link: the host {host} does not exist (DNS)",
        )
    ]


@pytest.mark.network
def test_warm_run_makes_no_request(server: LinkServer, tmp_path: Path) -> None:
    cached = ONLINE.model_copy(update={"cache_dir": tmp_path / ".lintnews_cache"})
    text = f"[a]({server.url('/ok')}) [b]({server.url('/no-head')}) [c]({server.url('/missing')})\n"
    first = _run([LinkBroken(site=_site(cached))], text)
    cold = sum(server.requests().values())
    second = _run([LinkBroken(site=_site(cached))], text)
    assert first == second and len(first) == 1
    # Only the dead link (never cached, so a fixed link is seen as fixed) is asked again.
    assert sum(server.requests().values()) - cold == 1
    assert server.requests()[("HEAD", "/missing")] == 2


@pytest.mark.network
def test_a_url_both_image_and_link_is_requested_once(server: LinkServer, tmp_path: Path) -> None:
    site = _site(ONLINE.model_copy(update={"cache_dir": tmp_path / ".lintnews_cache"}))
    photo = server.url("/photo.png")
    text = f"[![图]({photo})]({photo})\n\n[故事]({server.url('/2024/story.html')})\n"
    rules = [LinkBroken(site=site), ImageUrlBroken(site=site), ImageNotImage(site=site)]
    assert _run(rules, text) == []
    assert server.requests() == {("GET", "/photo.png"): 1, ("HEAD", "/2024/story.html"): 1}
    # The next run finds the image's cached answer good enough for the link too.
    assert _run([LinkBroken(site=_site(site.network))], text) == []
    assert sum(server.requests().values()) == 2


@pytest.mark.network
def test_nothing_is_fetched_offline_or_from_private_addresses(server: LinkServer) -> None:
    text = f"[缺]({server.url('/missing')})\n"
    assert _run([LinkBroken(site=_site(NetworkSettings()))], text) == []
    assert _run([LinkBroken(site=_site(NetworkSettings(enabled=True)))], text) == []
    assert server.requests() == {}


@pytest.mark.network
def test_image_and_link_checks_share_the_runs_online_time(server: LinkServer) -> None:
    site = _site(ONLINE.model_copy(update={"max_online_time": 0.3}))
    text = f"![慢]({server.url('/slow.png')})\n\n[故事]({server.url('/2024/story.html')})\n"
    found = _run([LinkBroken(site=site), ImageUrlBroken(site=site)], text)
    late = "not checked: the run's remote checks took more than max-online-time (0.3 s)"
    assert found == [
        (3, "LN510", "info", f"link could not be checked: {late}; try again later"),
        (1, "LN405", "warning", f"image URL could not be checked: {late}; try again later"),
    ]
    assert server.requests() == {("GET", "/slow.png"): 1}


@pytest.mark.network
def test_page_checks_ignore_the_image_cache_only_for_other_purposes(
    server: LinkServer, tmp_path: Path
) -> None:
    """A live page cached for a link never vouches for the same URL as an image."""
    url = server.url("/ok")
    pages = check_urls([url], ONLINE, tmp_path, progress=False, purpose="page")
    assert pages[url].ok
    images = check_urls([url], ONLINE, tmp_path, progress=False)
    assert images[url].status == "not-image"


@pytest.mark.slow
@pytest.mark.network
def test_links_benchmark_within_a_loose_bound() -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_links.py"
    done = subprocess.run(
        [sys.executable, str(script), "--slack", "4"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
