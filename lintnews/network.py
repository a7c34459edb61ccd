"""Checking remote image URLs: safely (no private addresses), politely and only once.

:func:`check_urls` fetches every distinct URL once with a small ranged ``GET`` and tells
whether it serves an image. Safety is enforced where connections are made: the transport
resolves each host name itself, refuses the connection if any resolved address is private,
loopback, link-local, multicast or reserved, and otherwise connects to the address it checked
(TLS still verifies and sends SNI for the name), so a DNS answer cannot change between the
check and the connection, and redirects are checked the same way, hop by hop.

httpx is imported only when something is checked, so ``import lintnews.network`` is cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import hashlib
import ipaddress
import json
import os
import random
import re
import shutil
import socket
import sys
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO
from urllib.parse import urlsplit

from lintnews.settings import NetworkSettings
from lintnews.urls import normalise_url

if TYPE_CHECKING:
    import httpx

UrlStatus = Literal["ok", "broken", "not-image", "blocked", "transient", "refused"]

#: A host name -> addresses hook (tests map fake names to 127.0.0.1); may be async.
Resolver = Callable[[str], Sequence[str] | Awaitable[Sequence[str]]]

MAX_REDIRECTS = 10
CACHE_VERSION = 1
# Browsers' own Accept for images, so servers that negotiate formats answer as for readers.
IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"


@dataclass(frozen=True, slots=True)
class UrlResult:
    """What checking one URL found; ``detail`` is a sentence an editor can act on."""

    status: UrlStatus
    detail: str
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    #: Total size in bytes when the server said it.
    size: int | None = None
    #: Hash of the first bytes, to tell two answers for the same URL apart.
    digest: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# -- addresses -------------------------------------------------------------------------

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_problem(address: str) -> str | None:
    """Why connecting to ``address`` is refused (e.g. "a loopback address"), or None."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv4 embedded in IPv6 reaches the IPv4 host, so judge that host.
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    for test, description in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return description
    return None


def refusal(address: str, settings: NetworkSettings) -> str | None:
    """Why a connection to ``address`` is refused under ``settings``, or None."""
    if settings.allow_private_hosts:
        return None
    problem = address_problem(address)
    if problem and settings.allowed_private_networks:
        with contextlib.suppress(ValueError):
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            for network in settings.allowed_private_networks:
                if ip in ipaddress.ip_network(network, strict=False):
                    return None
    return problem


class AddressRefused(Exception):
    """A connection was refused before it was made: the host resolves to a private address."""

    def __init__(self, host: str, address: str, problem: str) -> None:
        super().__init__(f"{host} resolves to {address}, {problem}")
        self.host = host
        self.address = address
        self.problem = problem

    @property
    def detail(self) -> str:
        if self.host == self.address:
            return f"refused: {self.address} is {self.problem}"
        return f"refused: {self.host} resolves to {self.address}, {self.problem}"


class DnsFailure(Exception):
    """The host name could not be resolved; ``permanent`` when it does not exist."""

    def __init__(self, host: str, permanent: bool, reason: str) -> None:
        super().__init__(reason)
        self.host = host
        self.permanent = permanent


def _bare_host(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(_bare_host(host))
    except ValueError:
        return False
    return True


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        permanent = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5))
        raise DnsFailure(host, permanent, exc.strerror or str(exc)) from None
    return [str(info[4][0]) for info in infos]


def _remember_missing_sniffio() -> None:
    """Make a missing ``sniffio`` fail fast.

    httpcore imports the optional sniffio on every lock it creates; when it is not installed
    each attempt searches the whole import path again, which measured about a third of the
    checker's time. A ``None`` entry in ``sys.modules`` makes the import fail at once.
    """
    if "sniffio" in sys.modules:
        return
    try:
        import sniffio  # noqa: F401
    except ImportError:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


@functools.cache
def _guarded_transport_class() -> type:
    """The httpx transport whose every connection goes through the address check.

    Defined on first use so that httpx and httpcore are imported only when checking.
    """
    _remember_missing_sniffio()
    import httpcore
    import httpx

    class GuardedBackend(httpcore.AsyncNetworkBackend):
        def __init__(self, settings: NetworkSettings, resolver: Resolver | None) -> None:
            self._inner = httpcore.AnyIOBackend()
            self._settings = settings
            self._resolver = resolver

        async def _addresses(self, host: str, port: int, timeout: float | None) -> list[str]:
            if _is_ip_literal(host):
                return [_bare_host(host)]
            if self._resolver is not None:
                found = self._resolver(host)
                if not isinstance(found, Sequence):
                    found = await found
                addresses = list(found)
            else:
                try:
                    addresses = await asyncio.wait_for(_system_resolve(host, port), timeout)
                except TimeoutError:
                    raise DnsFailure(host, False, "DNS lookup timed out") from None
            if not addresses:
                raise DnsFailure(host, True, "no address")
            return list(dict.fromkeys(addresses))

        async def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.AsyncNetworkStream:
            addresses = await self._addresses(host, port, timeout)
            # Every address is checked, not just the first: a name with one public and
            # one private address could otherwise be steered to the private one.
            for address in addresses:
                problem = refusal(address, self._settings)
                if problem:
                    raise AddressRefused(host, address, problem)
            failure: Exception | None = None
            for address in addresses:
                try:
                    return await self._inner.connect_tcp(
                        address, port, timeout, local_address, socket_options
                    )
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    failure = exc
            assert failure is not None
            raise failure

        async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
            raise AddressRefused("unix socket", "unix socket", "not a network address")

        async def sleep(self, seconds: float) -> None:
            await self._inner.sleep(seconds)

    class HostTransport(httpx.AsyncHTTPTransport):
        """Connections to one host, each made through the guarded backend."""

        def __init__(self, settings: NetworkSettings, backend: GuardedBackend, ssl: Any) -> None:
            super().__init__(verify=ssl, http1=True, http2=False, trust_env=False)
            # httpx has no public hook for the network backend, so the pool it built is
            # replaced by an identical one with ours; refuse to run if that changes.
            if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
                raise RuntimeError("unsupported httpx version: cannot install the address guard")
            self._pool = self.guarded_pool = httpcore.AsyncConnectionPool(
                ssl_context=ssl,
                max_connections=settings.per_host,
                max_keepalive_connections=settings.per_host,
                keepalive_expiry=5.0,
                http1=True,
                http2=False,
                network_backend=backend,
            )
            self.in_flight = 0

        @property
        def idle(self) -> bool:
            """No request waiting for a connection and no response still being read."""
            connections = self.guarded_pool.connections
            return not self.in_flight and all(c.is_idle() or c.is_closed() for c in connections)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            self.in_flight += 1
            try:
                return await super().handle_async_request(request)
            finally:
                self.in_flight -= 1

    class GuardedTransport(httpx.AsyncBaseTransport):
        """One small connection pool per host, the least recently used closed first.

        httpcore's pool scans all its connections for every request, so one pool for
        hundreds of hosts' connections costs more CPU than the requests themselves;
        per-host pools keep that scan to a handful of connections.
        """

        def __init__(self, settings: NetworkSettings, resolver: Resolver | None) -> None:
            self._settings = settings
            self._backend = GuardedBackend(settings, resolver)
            self._ssl = httpx.create_ssl_context(trust_env=False)  # loaded once, shared
            self._hosts: dict[tuple[bytes, bytes, int | None], HostTransport] = {}
            self._max_hosts = max(2 * settings.concurrency, 32)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
            transport = self._hosts.pop(key, None)
            if transport is None:
                transport = HostTransport(self._settings, self._backend, self._ssl)
                await self._make_room()
            self._hosts[key] = transport  # most recently used last
            return await transport.handle_async_request(request)

        async def _make_room(self) -> None:
            idle = [key for key, transport in self._hosts.items() if transport.idle]
            for key in idle[: max(0, len(self._hosts) + 1 - self._max_hosts)]:
                await self._hosts.pop(key).aclose()

        async def aclose(self) -> None:
            for transport in list(self._hosts.values()):
                await transport.aclose()
            self._hosts.clear()

    return GuardedTransport


# -- recognising images ------------------------------------------------------------------

_ISO_BMFF_IMAGE_BRANDS = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"hevx": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}
_HTML_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<title",
    b"<meta",
    b"<iframe",
    b"<div",
    b"<style",
    b"<link",
    b"<p>",
    b"<h1",
    b"<table",
    b"<br",
    b"<a ",
    b"<b>",
    b"<font",
)


def _text_start(data: bytes) -> bytes:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().lower()


def sniff_image(data: bytes) -> str | None:
    """The image format the bytes start with ("PNG", "SVG"...), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        box_end = min(int.from_bytes(data[:4], "big"), len(data)) or len(data)
        brands = [data[8:12]] + [data[i : i + 4] for i in range(16, box_end - 3, 4)]
        for brand in brands:
            if brand in _ISO_BMFF_IMAGE_BRANDS:
                return _ISO_BMFF_IMAGE_BRANDS[brand]
        return None
    if data.startswith((b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")) and len(data) >= 6:
        return "ICO"
    if data.startswith(b"BM") and len(data) >= 14:
        return "BMP"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if data.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "JPEG XL"
    if data.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"):
        return "JPEG 2000"
    return "SVG" if _looks_like_svg(data) else None


def _looks_like_svg(data: bytes) -> bool:
    text = _text_start(data)
    if text.startswith(b"<svg"):
        return True
    if not text.startswith((b"<?xml", b"<!--", b"<!doctype svg")):
        return False
    svg = text.find(b"<svg")
    html = text.find(b"<html")
    return svg >= 0 and (html < 0 or svg < html)


def looks_like_html(data: bytes) -> bool:
    text = _text_start(data)
    if text.startswith(b"<?xml"):
        return b"<html" in text and not _looks_like_svg(data)
    return text.startswith(_HTML_STARTS)


# -- results of one response -------------------------------------------------------------

_PERMANENT_4XX = {404: "broken", 410: "broken"}
_BLOCKED = {401, 403, 407, 451, 999}
_RETRYABLE = {408, 425, 429}


def _reason(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


@dataclass(slots=True)
class _Answer:
    """The parts of a response a verdict needs."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def size(self) -> int | None:
        total = re.search(r"/\s*(\d+)\s*$", self.headers.get("content-range", ""))
        if total:
            return int(total.group(1))
        length = self.headers.get("content-length", "")
        return int(length) if length.isdigit() and self.status == 200 else None


def judge_content(answer: _Answer, url: str) -> UrlResult:
    """The verdict on a 2xx answer: an image needs both an image type and image bytes."""
    content_type = answer.content_type
    body = answer.body
    found = sniff_image(body)
    common = {
        "http_status": answer.status,
        "final_url": url,
        "content_type": content_type or None,
        "size": answer.size,
        "digest": hashlib.sha256(body).hexdigest()[:16],
    }
    if content_type.startswith("image/"):
        if found:
            return UrlResult("ok", f"{_reason(answer.status)}, {content_type} ({found})", **common)
        if not body:
            detail = f"served as {content_type} but the response is empty"
        elif looks_like_html(body):
            detail = f"served as {content_type} but the content is an HTML page"
        else:
            detail = f"served as {content_type} but the content is not in any image format"
        return UrlResult("not-image", detail, **common)
    if not content_type:
        what = f"a {found} image" if found else "no image"
        detail = f"served without a Content-Type (the bytes are {what})"
    elif content_type == "text/html" or looks_like_html(body):
        detail = f"served {content_type}, an HTML page, not an image"
    elif content_type.startswith("video/"):
        detail = f"served {content_type}, a video, not an image"
    elif found:
        detail = f"served {content_type}, not an image type (the bytes are {found}; fix the server's Content-Type)"
    else:
        detail = f"served {content_type}, not an image"
    return UrlResult("not-image", detail, **common)


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None


# -- the disk cache ----------------------------------------------------------------------


class ResultCache:
    """Successful checks on disk, one small JSON file per URL.

    Failures are never stored, so a fixed image is seen as fixed on the next run; entries
    that cannot be read (corrupt, foreign, too old) are ignored and replaced.
    """

    def __init__(self, directory: Path | None, max_age: float, privacy: Any) -> None:
        self.directory = directory / "urls" if directory and max_age > 0 else None
        self.root = directory
        self.max_age = max_age
        self.privacy = privacy

    def _path(self, url: str, referer: str | None) -> Path:
        assert self.directory is not None
        # A result obtained while private hosts were allowed must not vouch for the URL
        # on a run where they are refused, so that setting is part of the key.
        key = json.dumps([CACHE_VERSION, url, referer, self.privacy])
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, url: str, referer: str | None) -> UrlResult | None:
        if self.directory is None:
            return None
        try:
            entry = json.loads(self._path(url, referer).read_text("utf-8"))
            age = time.time() - float(entry["checked_at"])
            if entry["url"] != url or not -60 <= age <= self.max_age:
                return None
            result = UrlResult(**entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return result if result.ok else None

    def put(self, url: str, referer: str | None, result: UrlResult) -> None:
        if self.directory is None or not result.ok:
            return
        path = self._path(url, referer)
        entry = {"url": url, "checked_at": time.time(), "result": asdict(result)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._mark_root()
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_text(json.dumps(entry), "utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only tree just runs without a cache

    def _mark_root(self) -> None:
        assert self.root is not None
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by lintnews: the whole cache is local.\n*\n", "utf-8")


# -- progress ------------------------------------------------------------------------------


class _Progress:
    """A one-line bar on an interactive stderr; silent in CI, pipes and pre-commit."""

    def __init__(self, total: int, enabled: bool | None, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = should_show_progress(total, stream) if enabled is None else enabled
        self._shown_at = 0.0

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._shown_at < 0.1 and self.done < self.total:
            return
        self._shown_at = now
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\rchecking image URLs {bar} {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown_at:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def should_show_progress(total: int, stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Only a person watching a terminal wants a bar, and only for more than a screenful."""
    environ = os.environ if environ is None else environ
    if environ.get("CI") or environ.get("PRE_COMMIT") or environ.get("TERM") == "dumb":
        return False
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return interactive and total > shutil.get_terminal_size().lines


# -- the checker ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Host:
    limit: asyncio.Semaphore
    paused_until: float = 0.0


class _Retry(Exception):
    """An attempt that may succeed later; carries the verdict if no attempt is left."""

    def __init__(self, result: UrlResult, wait: float | None = None) -> None:
        self.result = result
        self.wait = wait


class _Checker:
    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: NetworkSettings,
        referer: str | None,
        on_request: Callable[[str], None] | None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.referer = referer
        self.on_request = on_request
        self.limit = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, _Host] = {}

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.rpartition("@")[2]
        if key not in self.hosts:
            self.hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host))
        return self.hosts[key]

    async def check(self, url: str) -> UrlResult:
        visited = [url]
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            result, location = await self._fetch_with_retries(current)
            if location is None:
                return self._after_redirects(result, visited)
            target = normalise_url(location)
            if target is None:
                return UrlResult(
                    "broken",
                    f"{result.detail} to {location!r}, which is not an http(s) URL",
                    result.http_status,
                    current,
                )
            if target in visited:
                loop = " → ".join([*visited[visited.index(target) :], target])
                return UrlResult("broken", f"redirect loop: {loop}", result.http_status, target)
            visited.append(target)
            current = target
        return UrlResult(
            "broken", f"more than {MAX_REDIRECTS} redirects (last: {current})", None, current
        )

    @staticmethod
    def _after_redirects(result: UrlResult, visited: list[str]) -> UrlResult:
        if len(visited) == 1:
            return result
        final = result.final_url or visited[-1]
        if result.status == "ok":
            return replace(result, final_url=final)
        return replace(
            result, detail=f"{result.detail} (after redirects to {final})", final_url=final
        )

    async def _fetch_with_retries(self, url: str) -> tuple[UrlResult, str | None]:
        host = self._host(url)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            delay = host.paused_until - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                async with host.limit, self.limit:
                    return await self._attempt(url)
            except _Retry as retry:
                last = retry.result
                if retry.wait is not None and retry.wait > self.settings.max_retry_after:
                    detail = f"{last.detail}; the server asks to retry after {retry.wait:.0f} s"
                    return replace(last, detail=detail), None
                if attempt + 1 == attempts:
                    break
                wait = self._backoff(attempt, retry.wait)
                if last.http_status == 429:
                    # Slow down for the whole host, not just this URL.
                    host.paused_until = max(host.paused_until, time.monotonic() + wait)
                await asyncio.sleep(wait)
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        return replace(last, detail=f"{last.detail} (after {tries})"), None

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        wait = self.settings.backoff * 2**attempt * (1 + random.random() / 10)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.settings.max_retry_after)

    async def _attempt(self, url: str) -> tuple[UrlResult, str | None]:
        import httpx

        try:
            async with asyncio.timeout(self.settings.timeout):
                answer = await self._get(url, ranged=True)
                if answer.status == 416:
                    # A server refusing the range of a non-empty file: ask for it whole.
                    answer = await self._get(url, ranged=False)
        except AddressRefused as exc:
            return UrlResult("refused", exc.detail, final_url=url), None
        except DnsFailure as exc:
            if exc.permanent:
                return UrlResult(
                    "broken", f"the host {exc.host} does not exist (DNS)", final_url=url
                ), None
            raise _Retry(
                UrlResult("transient", f"DNS lookup of {exc.host} failed: {exc}", final_url=url)
            ) from None
        except (TimeoutError, httpx.TimeoutException):
            raise _Retry(
                UrlResult(
                    "transient", f"no answer within {self.settings.timeout:g} s", final_url=url
                )
            ) from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            raise _Retry(
                UrlResult(
                    "transient", f"the connection was reset ({_describe(exc)})", final_url=url
                )
            ) from None
        except httpx.ConnectError as exc:
            return self._connect_failure(exc, url), None
        except httpx.HTTPError as exc:
            return UrlResult("broken", f"the request failed: {_describe(exc)}", final_url=url), None
        return self._verdict(answer, url)

    @staticmethod
    def _connect_failure(exc: Exception, url: str) -> UrlResult:
        text = _describe(exc)
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            # Browsers will not load it either, so readers see a broken image.
            return UrlResult("broken", f"the TLS connection failed: {text}", final_url=url)
        return UrlResult("transient", f"could not connect: {text}", final_url=url)

    async def _get(self, url: str, ranged: bool) -> _Answer:
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": IMAGE_ACCEPT,
            # Ranges count encoded bytes, and image formats do not compress anyway.
            "Accept-Encoding": "identity",
        }
        if ranged:
            headers["Range"] = f"bytes=0-{self.settings.max_bytes - 1}"
        if self.referer:
            headers["Referer"] = self.referer
        if self.on_request is not None:
            self.on_request(url)
        async with self.client.stream("GET", url, headers=headers) as response:
            answer_headers = {k.lower(): v for k, v in response.headers.items()}
            body = b""
            if 200 <= response.status_code < 300:
                body = await self._read_prefix(response, answer_headers.get("content-encoding", ""))
            return _Answer(response.status_code, answer_headers, body)

    async def _read_prefix(self, response: httpx.Response, encoding: str) -> bytes:
        """At most ``max_bytes`` of the body: servers that ignore Range send it all."""
        limit = self.settings.max_bytes
        raw = bytearray()
        async for chunk in response.aiter_raw():
            raw += chunk
            if len(raw) >= limit:
                break
        encoding = encoding.strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            with contextlib.suppress(zlib.error):
                # wbits 47 reads gzip and zlib; max_length bounds a decompression bomb.
                return zlib.decompressobj(47).decompress(bytes(raw), limit)
        return bytes(raw[:limit])

    def _verdict(self, answer: _Answer, url: str) -> tuple[UrlResult, str | None]:
        status = answer.status
        reason = _reason(status)
        if 300 <= status < 400 and status != 304:
            location = answer.headers.get("location")
            if location:
                return UrlResult("ok", reason, status, url), str(_join(url, location))
            return UrlResult("broken", f"{reason} without a Location", status, url), None
        if 200 <= status < 300:
            return judge_content(answer, url), None
        failure = UrlResult("broken", reason, status, url, answer.content_type or None)
        override = self.settings.status_overrides.get(status)
        if override is not None:
            return replace(failure, status=override), None
        if status in _PERMANENT_4XX:
            return failure, None
        if "cf-mitigated" in answer.headers:
            return replace(failure, status="blocked", detail=f"{reason} (a bot challenge)"), None
        if status in _BLOCKED:
            blocked = f"{reason} (the server refuses automated requests)"
            return replace(failure, status="blocked", detail=blocked), None
        if status in _RETRYABLE or status >= 500:
            raise _Retry(replace(failure, status="transient"), _retry_after(answer.headers))
        return failure, None


def _join(base: str, location: str) -> str:
    import httpx

    return str(httpx.URL(base).join(location))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def _precheck(url: str, settings: NetworkSettings) -> UrlResult | None:
    """Refusals known without any request: an address literal that is not public."""
    host = urlsplit(url).hostname or ""
    if _is_ip_literal(host):
        problem = refusal(_bare_host(host), settings)
        if problem:
            return UrlResult("refused", f"refused: {_bare_host(host)} is {problem}", final_url=url)
    return None


async def check_urls_async(
    urls: Iterable[str],
    settings: NetworkSettings,
    cache_dir: Path | None = None,
    referer: str | None = None,
    *,
    resolver: Resolver | None = None,
    progress: bool | None = None,
    on_request: Callable[[str], None] | None = None,
) -> dict[str, UrlResult]:
    """:func:`check_urls` for callers that already run an event loop."""
    import httpx

    originals = list(dict.fromkeys(urls))
    by_key: dict[str, list[str]] = {}
    results: dict[str, UrlResult] = {}
    for url in originals:
        key = normalise_url(url)
        if key is None:
            results[url] = UrlResult("refused", "refused: only http and https URLs are fetched")
        else:
            by_key.setdefault(key, []).append(url)
    privacy = [settings.allow_private_hosts, sorted(settings.allowed_private_networks)]
    cache = ResultCache(cache_dir, settings.cache_max_age, privacy)
    found: dict[str, UrlResult] = {}
    pending: list[str] = []
    for key in by_key:
        known = _precheck(key, settings) or cache.get(key, referer)
        if known is not None:
            found[key] = known
        else:
            pending.append(key)
    if pending:
        bar = _Progress(len(pending), progress, sys.stderr)
        transport = _guarded_transport_class()(settings, resolver)
        timeout = httpx.Timeout(settings.timeout)
        async with httpx.AsyncClient(
            transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            checker = _Checker(client, settings, referer, on_request)

            async def one(key: str) -> None:
                found[key] = await checker.check(key)
                if found[key].ok:
                    # File writes in a thread overlap with the requests still waiting.
                    await asyncio.to_thread(cache.put, key, referer, found[key])
                bar.advance()

            try:
                await asyncio.gather(*(one(key) for key in pending))
            finally:
                bar.close()
    for key, sources in by_key.items():
        for url in sources:
            results[url] = found[key]
    return results


def check_urls(
    urls: Iterable[str],
    settings: NetworkSettings,
    cache_dir: Path | None = None,
    referer: str | None = None,
    *,
    resolver: Resolver | None = None,
    progress: bool | None = None,
    on_request: Callable[[str], None] | None = None,
) -> dict[str, UrlResult]:
    """Check every distinct URL once and say, for each given URL, what it serves.

    ``cache_dir`` holds successful results between runs (``settings.cache_max_age``);
    ``referer`` is sent with every request (hot-link checks). ``resolver`` replaces DNS
    (tests); ``progress`` forces the progress bar on or off (default: only on a terminal);
    ``on_request`` is called with each URL just before it is requested.
    """
    coroutine = check_urls_async(
        urls,
        settings,
        cache_dir,
        referer,
        resolver=resolver,
        progress=progress,
        on_request=on_request,
    )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside an event loop (an editor integration): run in a thread of its own.
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="lintnews-network")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
