"""Remote checks on hostile URLs and hosts: findings, never the end of the run or a probe.

A real HTTP server on 127.0.0.1, started here, plays the slow host; the malformed URLs fail
before any connection is made.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lintnews.network.checker import check_urls
from lintnews.network.policy import address_problem
from lintnews.plugin.settings import NetworkSettings

pytest.importorskip("httpx")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("2002:a00:1::", "a private address"),  # 6to4 of 10.0.0.1
        ("fec0::1", "a site-local address"),
        ("feff:ffff::1", "a site-local address"),
    ],
)
def test_addresses_that_reach_private_hosts_are_refused(address, problem):
    assert address_problem(address) == problem


def test_6to4_of_a_public_address_is_allowed():
    assert address_problem("2002:808:808::") is None  # 8.8.8.8


@pytest.mark.parametrize(
    "url", ["http://999.1.1.1/a.png", "http://0177.0.0.1/", "http://xn--/", "http://a..b/"]
)
def test_a_url_no_request_can_be_made_to_is_a_malformed_url(url):
    result = check_urls([url], NetworkSettings(retries=0), None, progress=False)[url]
    assert result.status == "broken"
    assert result.detail.startswith("malformed URL: ")


class _SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.network
def test_the_run_stops_waiting_for_slow_hosts_after_max_online_time():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    httpd.daemon_threads = True
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        port = httpd.server_address[1]
        urls = [f"http://127.0.0.1:{port}/{n}.png" for n in range(8)]
        settings = NetworkSettings(
            allow_private_hosts=True, timeout=30, retries=0, max_online_time=0.5
        )
        started = time.monotonic()
        results = check_urls(urls, settings, None, progress=False)
        assert time.monotonic() - started < 2.5
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert {r.status for r in results.values()} == {"transient"}
    assert {r.detail for r in results.values()} == {
        "not checked: the run's remote checks took more than max-online-time (0.5 s)"
    }
