"""Remote images: URLs that are broken, are not images, or refuse to be hot-linked.

These rules fetch (only with ``--online`` or ``[network] enabled = true``). Each asks for its
URLs through :meth:`Rule.resources`; the engine gathers them from every file and calls
:meth:`Rule.prefetch` once, before any check. The three rules (and ``link-broken``) share
one set of results per run (:mod:`lintnews_rules.remote_checks`), so a URL used by many
articles and several rules is still requested once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lintnews_rules.remote_checks import fetch, network_settings

from lintnews.common.messages import message as msg
from lintnews.common.messages import template
from lintnews.common.urls import normalise_url
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.lazymodel import field_validator
from lintnews.plugin.rule import Rule, RuleOptions

if TYPE_CHECKING:
    from lintnews.model.document import Document
    from lintnews.network import UrlResult
    from lintnews.plugin.settings import NetworkSettings


def _remote_images(doc: Document) -> Iterator[Any]:
    for image in doc.images:
        if normalise_url(image.url) is not None:
            yield image


class _RemoteImageRule(Rule):
    """What the remote rules share: asking for URLs and reading the run's results."""

    _results: dict[tuple[str, str | None], UrlResult]

    @property
    def network(self) -> NetworkSettings:
        return network_settings(self.site)

    def needs_prefetch(self) -> bool:
        return self.network.enabled

    def resources(self, doc: Document) -> Iterable[str]:
        if not self.network.enabled:
            return ()
        return [image.url for image in _remote_images(doc)]

    def prefetch(self, resources: set[str]) -> None:
        self._fetch(resources, referer=None)

    def _fetch(self, urls: set[str], referer: str | None) -> None:
        self._results = fetch(self.site, urls, referer)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """A verdict from the network is as old as the check it came from: the result cache
        keeps it no longer than ``cache-max-age`` (0: not at all)."""
        if self.network.enabled and any(True for _ in _remote_images(doc)):
            import time

            yield ("before", time.time() + self.network.cache_max_age)

    def result(self, url: str, referer: str | None = None) -> UrlResult | None:
        results = getattr(self, "_results", None)
        return results.get((url, referer)) if results is not None else None


class ImageUrlBroken(_RemoteImageRule):
    """Remote image URL is broken (404, 410, unknown host, redirect loop...).

    ## What it does
    With network checks on (`--online` or `[network] enabled = true`), fetches the first bytes
    of every remote image once per run, following redirects itself and checking every hop.
    A 404, a 410, a host that does not exist, a TLS failure or a redirect loop is an error.
    A server that refuses robots (401, 403, bot walls) or stays unavailable (429, 5xx, time
    outs, after retries) gives a warning, and a URL on a private or loopback address is not
    fetched at all (information) unless `[network] allow-private-hosts = true`.

    ## Why is this bad?
    Readers see a broken-image icon, and the story loses the picture it describes. Image
    hosts move and expire files long after an article is published.

    ## Example
    ```markdown
    ![A flooded street in Wuhan](https://images.example.com/2024/removed.jpg)
    ```

    Use:

    ```markdown
    ![A flooded street in Wuhan](https://images.example.com/2024/flood.jpg)
    ```

    ## Options
    None. Network settings are in the `[network]` table: `timeout`, `concurrency`,
    `per-host`, `retries`, `backoff`, `max-retry-after`, `cache-max-age`,
    `status-overrides` (e.g. `{ 403 = "broken" }`; a URL an override counts as `"ok"` is
    asked again on each run, so removing the override takes effect at once),
    `user-agent` (printable ASCII),
    `allow-private-hosts`, and `max-online-time` (seconds all remote checks of a run may
    take together, default 120; URLs still unchecked then are reported as not checked). A
    URL no request can be made to (`http://999.1.1.1/`, `http://a..b/`) is reported as a
    malformed URL.
    """

    name = "image-url-broken"
    code = "LN405"
    severity = Severity.ERROR

    _MESSAGES = {
        "broken": (
            template("readers will see a broken image: the image URL is broken: {detail}"),
            Severity.ERROR,
        ),
        "blocked": (template("image URL could not be checked: {detail}"), Severity.WARNING),
        "transient": (
            template("image URL could not be checked: {detail}; try again later"),
            Severity.WARNING,
        ),
        "refused": (template("image URL was not fetched: {detail}"), Severity.INFO),
    }

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not self.network.enabled:
            return
        for image in _remote_images(doc):
            result = self.result(image.url)
            if result is None or result.status not in self._MESSAGES:
                continue
            template, severity = self._MESSAGES[result.status]
            detail = result.detail
            if result.status == "refused" and detail.startswith("refused:") and "address" in detail:
                detail += msg(" (set [network] allow-private-hosts = true to check it)")
            yield self.diagnostic(
                doc, image.start, image.end, msg(template, detail=detail), severity=severity
            )


class ImageNotImage(_RemoteImageRule):
    """Remote image URL answers with something that is not an image.

    ## What it does
    With network checks on, an image URL must answer with an `image/*` Content-Type AND
    bytes that start like an image format (PNG, JPEG, GIF, WebP, AVIF, HEIC, SVG, ICO, BMP,
    TIFF, JPEG XL). An HTML page (a login wall, a "not found" page answered with 200, an
    image viewer page), a video or a mislabelled file is reported.

    ## Why is this bad?
    A browser shows a broken image for a page or a video, and servers that answer 200 with a
    page hide broken links from every status-code check.

    ## Example
    ```markdown
    ![Press conference](https://www.example.com/gallery/photo-viewer?id=42)
    ```

    Link the image file itself:

    ```markdown
    ![Press conference](https://www.example.com/gallery/42.jpg)
    ```

    ## Options
    None. Network settings are in the `[network]` table (see `image-url-broken`).
    """

    name = "image-not-image"
    code = "LN406"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not self.network.enabled:
            return
        for image in _remote_images(doc):
            result = self.result(image.url)
            if result is not None and result.status == "not-image":
                message = msg(
                    "readers will see a broken image: the image URL {detail}", detail=result.detail
                )
                yield self.diagnostic(doc, image.start, image.end, message)


class ImageHotlink(_RemoteImageRule):
    """Remote image is hot-linked from a host the site does not allow.

    ## What it does
    Reports remote images whose host is neither the site's own host (`site-url`, or the
    site's base URL) nor in `allowed-hosts`. With network checks on, it also fetches each
    remote image on another host as a reader's browser would, with the site as `Referer`,
    and reports images that the host refuses or replaces (hot-link protection) even though
    they load when fetched directly.

    ## Why is this bad?
    Images served from other people's sites vanish or change without notice, cost them
    bandwidth, and are often blocked for foreign pages: the editor sees the image, readers
    see a "no hot-linking" placeholder.

    ## Example
    ```markdown
    ![Rescue team](https://pbs.other-site.example/media/rescue.jpg)
    ```

    Host the image with the site:

    ```markdown
    ![Rescue team](/images/2024/rescue.jpg)
    ```

    ## Options
    - `allowed-hosts` (list of host names, default empty): hosts images may come from;
      `*.example.com` allows every subdomain.
    - `site-url` (URL, default: the site's base URL): the site's public address, whose host
      is always allowed and which is sent as `Referer` for the hot-link check.
    """

    name = "image-hotlink"
    code = "LN407"
    severity = Severity.WARNING
    enabled_by_default = False

    class Options(RuleOptions):
        allowed_hosts: tuple[str, ...] = ()
        site_url: str | None = None

        @field_validator("allowed_hosts")
        @classmethod
        def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(host.strip().lower().rstrip(".") for host in value if host.strip())

        @field_validator("site_url")
        @classmethod
        def _site(cls, value: str | None) -> str | None:
            if value is not None and normalise_url(value) is None:
                raise ValueError(msg("must be an http(s) URL such as https://news.example.com/"))
            return value

    @property
    def site_url(self) -> str | None:
        url = self.options.site_url or getattr(self.site, "base_url", None)
        return url if url and normalise_url(url) else None

    def _site_host(self) -> str | None:
        url = self.site_url
        return urlsplit(normalise_url(url) or "").hostname if url else None

    def _allowed(self, host: str) -> bool:
        for pattern in self.options.allowed_hosts:
            if pattern.startswith("*."):
                if host.endswith(pattern[1:]):
                    return True
            elif host == pattern:
                return True
        return host == self._site_host()

    def resources(self, doc: Document) -> Iterable[str]:
        if not (self.network.enabled and self.site_url):
            return ()
        site_host = self._site_host()
        return [
            image.url
            for image in _remote_images(doc)
            if urlsplit(normalise_url(image.url) or "").hostname != site_host
        ]

    def prefetch(self, resources: set[str]) -> None:
        # The plain fetch tells whether the image loads at all; the one with the site as
        # Referer tells whether it loads on the site's pages.
        self._fetch(resources, referer=None)
        self._fetch(resources, referer=self.site_url)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        site_host = self._site_host()
        for image in _remote_images(doc):
            host = urlsplit(normalise_url(image.url) or "").hostname or ""
            if host == site_host:
                continue
            protection = self._protection(image.url, host)
            if not self._allowed(host):
                message = msg(
                    "readers depend on {host}, which may block or replace this image: it is hot-linked from a host not in allowed-hosts",
                    host=host,
                )
                if protection:
                    message += msg("; {protection}", protection=protection)
            elif protection:
                message = protection
            else:
                continue
            yield self.diagnostic(doc, image.start, image.end, message)

    def _protection(self, url: str, host: str) -> str | None:
        """How the host treats the image on the site's pages, when that differs."""
        site = self.site_url
        direct = self.result(url)
        embedded = self.result(url, site)
        if site is None or direct is None or embedded is None or not direct.ok:
            return None
        origin = urlsplit(normalise_url(site) or "").hostname
        if not embedded.ok:
            return msg(
                "readers will see a broken image: {host} refuses it on pages of {origin} ({detail})",
                host=host,
                origin=origin,
                detail=embedded.detail,
            )
        if (direct.size, direct.digest) != (embedded.size, embedded.digest):
            return msg(
                "readers will see another picture: {host} serves a hot-link placeholder on pages of {origin}",
                host=host,
                origin=origin,
            )
        return None


RULES = (ImageUrlBroken, ImageNotImage, ImageHotlink)
