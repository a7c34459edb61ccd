"""Checking URLs: each distinct URL once, hop by hop through redirects, politely retried.

A URL is checked for one ``purpose``: ``"image"`` (a ranged ``GET`` whose first bytes must
be an image) or ``"page"`` (a link: ``HEAD``, then a ``GET`` whose body is not read when the
server refuses ``HEAD``; any 2xx is a live page).

httpx is imported only when something is checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from lintnews.common.messages import message as msg
from lintnews.common.urls import normalise_url
from lintnews.network.cache import UrlCheckCache
from lintnews.network.policy import AddressRefused, refusal_before_request
from lintnews.network.progress import ProgressBar
from lintnews.network.response import Answer, http_reason, judge_content, retry_after_seconds
from lintnews.network.result import UrlResult
from lintnews.network.transport import DnsFailure, Resolver, guarded_transport_class

if TYPE_CHECKING:
    import httpx

    from lintnews.plugin.settings import NetworkSettings

MAX_REDIRECTS = 10

# Browsers' own Accept for images, so servers that negotiate formats answer as for readers.
IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

Purpose = Literal["image", "page"]

# Answers to HEAD that many servers give although GET works: ask again with GET.
_HEAD_REFUSED = {403, 405, 501}

_PERMANENT_4XX = {404: "broken", 410: "broken"}
_BLOCKED = {401, 403, 407, 451, 999}
_RETRYABLE = {408, 425, 429}


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
        purpose: Purpose = "image",
    ) -> None:
        self.purpose = purpose
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
                    msg(
                        "{detail} to {location}, which is not an http(s) URL",
                        detail=result.detail,
                        location=repr(location),
                    ),
                    result.http_status,
                    current,
                )
            if target in visited:
                loop = " → ".join([*visited[visited.index(target) :], target])
                detail = msg("redirect loop: {loop}", loop=loop)
                return UrlResult("broken", detail, result.http_status, target)
            visited.append(target)
            current = target
        detail = msg(
            "more than {count} redirects (last: {last})", count=MAX_REDIRECTS, last=current
        )
        return UrlResult("broken", detail, None, current)

    @staticmethod
    def _after_redirects(result: UrlResult, visited: list[str]) -> UrlResult:
        if len(visited) == 1:
            return result
        final = result.final_url or visited[-1]
        if result.status == "ok":
            return replace(result, final_url=final)
        return replace(
            result,
            detail=msg("{detail} (after redirects to {final})", detail=result.detail, final=final),
            final_url=final,
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
                    detail = msg(
                        "{detail}; the server asks to retry after {wait:.0f} s",
                        detail=last.detail,
                        wait=retry.wait,
                    )
                    return replace(last, detail=detail), None
                if attempt + 1 == attempts:
                    break
                wait = self._backoff(attempt, retry.wait)
                if last.http_status == 429:
                    # Slow down for the whole host, not just this URL.
                    host.paused_until = max(host.paused_until, time.monotonic() + wait)
                await asyncio.sleep(wait)
        detail = msg(
            "{detail} (after {count} attempt)"
            if attempts == 1
            else "{detail} (after {count} attempts)",
            detail=last.detail,
            count=attempts,
        )
        return replace(last, detail=detail), None

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        wait = self.settings.backoff * 2**attempt * (1 + random.random() / 10)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.settings.max_retry_after)

    async def _attempt(self, url: str) -> tuple[UrlResult, str | None]:
        import httpx

        try:
            async with asyncio.timeout(self.settings.timeout):
                if self.purpose == "page":
                    answer = await self._request("HEAD", url, ranged=False)
                    if answer.status in _HEAD_REFUSED:
                        answer = await self._request("GET", url, ranged=False)
                else:
                    answer = await self._get(url, ranged=True)
                if answer.status == 416:
                    # A server refusing the range of a non-empty file: ask for it whole.
                    answer = await self._get(url, ranged=False)
        except AddressRefused as exc:
            return UrlResult("refused", exc.detail, final_url=url), None
        except DnsFailure as exc:
            if exc.permanent:
                detail = msg("the host {host} does not exist (DNS)", host=exc.host)
                return UrlResult("broken", detail, final_url=url), None
            raise _Retry(
                UrlResult(
                    "transient",
                    msg("DNS lookup of {host} failed: {reason}", host=exc.host, reason=exc.reason),
                    final_url=url,
                )
            ) from None
        except (TimeoutError, httpx.TimeoutException):
            raise _Retry(
                UrlResult(
                    "transient",
                    msg("no answer within {timeout:g} s", timeout=self.settings.timeout),
                    final_url=url,
                )
            ) from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            raise _Retry(
                UrlResult(
                    "transient",
                    msg("the connection was reset ({reason})", reason=_describe(exc)),
                    final_url=url,
                )
            ) from None
        except httpx.ConnectError as exc:
            return self._connect_failure(exc, url), None
        except httpx.HTTPError as exc:
            detail = msg("the request failed: {reason}", reason=_describe(exc))
            return UrlResult("broken", detail, final_url=url), None
        except (httpx.InvalidURL, ValueError) as exc:
            # A host no request can be made to (999.1.1.1, xn--, a..b): httpx refuses it with
            # InvalidURL, the IDNA codec with a UnicodeError.
            return _malformed(url, exc), None
        try:
            return self._verdict(answer, url)
        except (httpx.InvalidURL, ValueError) as exc:  # a malformed Location to redirect to
            return _malformed(url, exc), None

    @staticmethod
    def _connect_failure(exc: Exception, url: str) -> UrlResult:
        text = _describe(exc)
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            # Browsers will not load it either, so readers see a broken image.
            detail = msg("the TLS connection failed: {reason}", reason=text)
            return UrlResult("broken", detail, final_url=url)
        return UrlResult(
            "transient", msg("could not connect: {reason}", reason=text), final_url=url
        )

    async def _get(self, url: str, ranged: bool) -> Answer:
        return await self._request("GET", url, ranged)

    async def _request(self, method: str, url: str, ranged: bool) -> Answer:
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": PAGE_ACCEPT if self.purpose == "page" else IMAGE_ACCEPT,
            # Ranges count encoded bytes, and image formats do not compress anyway.
            "Accept-Encoding": "identity",
        }
        if ranged:
            headers["Range"] = f"bytes=0-{self.settings.max_bytes - 1}"
        if self.referer:
            headers["Referer"] = self.referer
        if self.on_request is not None:
            self.on_request(url)
        async with self.client.stream(method, url, headers=headers) as response:
            answer_headers = {k.lower(): v for k, v in response.headers.items()}
            body = b""
            # A page is alive by its status alone: its body is never read.
            if self.purpose == "image" and 200 <= response.status_code < 300:
                body = await self._read_prefix(response, answer_headers.get("content-encoding", ""))
            return Answer(response.status_code, answer_headers, body)

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

    def _verdict(self, answer: Answer, url: str) -> tuple[UrlResult, str | None]:
        status = answer.status
        reason = http_reason(status)
        if 300 <= status < 400 and status != 304:
            location = answer.headers.get("location")
            if location:
                return UrlResult("ok", reason, status, url), str(_join(url, location))
            detail = msg("{reason} without a Location", reason=reason)
            return UrlResult("broken", detail, status, url), None
        if 200 <= status < 300:
            if self.purpose == "page":
                return UrlResult("ok", reason, status, url, answer.content_type or None), None
            return judge_content(answer, url), None
        failure = UrlResult("broken", reason, status, url, answer.content_type or None)
        override = self.settings.status_overrides.get(status)
        if override is not None:
            return replace(failure, status=override), None
        if status in _PERMANENT_4XX:
            return failure, None
        if "cf-mitigated" in answer.headers:
            detail = msg("{reason} (a bot challenge)", reason=reason)
            return replace(failure, status="blocked", detail=detail), None
        if status in _BLOCKED:
            blocked = msg("{reason} (the server refuses automated requests)", reason=reason)
            return replace(failure, status="blocked", detail=blocked), None
        if status in _RETRYABLE or status >= 500:
            raise _Retry(replace(failure, status="transient"), retry_after_seconds(answer.headers))
        return failure, None


def _malformed(url: str, exc: Exception) -> UrlResult:
    return UrlResult("broken", msg("malformed URL: {reason}", reason=_describe(exc)), final_url=url)


def _join(base: str, location: str) -> str:
    import httpx

    return str(httpx.URL(base).join(location))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


async def check_urls_async(
    urls: Iterable[str],
    settings: NetworkSettings,
    cache_dir: Path | None = None,
    referer: str | None = None,
    *,
    resolver: Resolver | None = None,
    progress: bool | None = None,
    on_request: Callable[[str], None] | None = None,
    purpose: Purpose = "image",
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
    cache = UrlCheckCache(cache_dir, settings.cache_max_age, privacy)
    found: dict[str, UrlResult] = {}
    pending: list[str] = []
    for key in by_key:
        known = refusal_before_request(key, settings) or cache.get(key, referer, purpose)
        if known is not None:
            found[key] = known
        else:
            pending.append(key)
    if pending:
        bar = ProgressBar(len(pending), progress, sys.stderr)
        transport = guarded_transport_class()(settings, resolver)
        timeout = httpx.Timeout(settings.timeout)
        async with httpx.AsyncClient(
            transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            checker = _Checker(client, settings, referer, on_request, purpose)

            async def one(key: str) -> None:
                found[key] = await checker.check(key)
                # An "ok" a status override made holds only while that override is set.
                if found[key].ok and found[key].http_status not in settings.status_overrides:
                    # Written in the loop's own thread: one small file takes a fraction of a
                    # millisecond, while handing each to a worker thread measured ten times
                    # that in CPU (thread switches against the loop), the bound of a big run.
                    cache.put(key, referer, found[key], purpose)
                bar.advance()

            tasks = [asyncio.ensure_future(one(key)) for key in pending]
            try:
                await asyncio.wait(tasks, timeout=settings.max_online_time)
            finally:
                # Past the cap (or on Ctrl-C) the checks still under way are abandoned, and
                # awaited so that none outlives the client.
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                bar.close()
            for task in tasks:
                error = None if task.cancelled() else task.exception()
                if error is not None:
                    raise error
            late = UrlResult(
                "transient",
                msg(
                    "not checked: the run's remote checks took more than max-online-time "
                    "({seconds:g} s)",
                    seconds=settings.max_online_time,
                ),
            )
            for key in pending:
                found.setdefault(key, late)
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
    purpose: Purpose = "image",
) -> dict[str, UrlResult]:
    """Check every distinct URL once and say, for each given URL, what it serves.

    ``cache_dir`` holds successful results between runs (``settings.cache_max_age``);
    ``referer`` is sent with every request (hot-link checks). ``resolver`` replaces DNS
    (tests); ``progress`` forces the progress bar on or off (default: only on a terminal);
    ``on_request`` is called with each URL just before it is requested; ``purpose`` says
    what the URLs must serve (``"image"``, or ``"page"`` for links).
    """
    coroutine = check_urls_async(
        urls,
        settings,
        cache_dir,
        referer,
        resolver=resolver,
        progress=progress,
        on_request=on_request,
        purpose=purpose,
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
