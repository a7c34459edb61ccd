"""Remote links that are dead: fetched (only with ``--online``) by the shared checker.

The link rule asks for its URLs through :meth:`Rule.resources` as the remote image rules do
and shares their results and cache (:mod:`lintnews_rules.remote_checks`): a URL that an
image of the run already fetched is not requested again, since an answer good enough for an
image is a live page. Other links are checked as pages (``HEAD``, ``GET`` when refused).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lintnews_rules.remote_checks import fetch, network_settings, run_results

from lintnews.common.messages import message as msg
from lintnews.common.messages import template
from lintnews.common.urls import holds_template, normalise_url
from lintnews.model.html_links import html_links
from lintnews.model.links import Link, find_links
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.lazymodel import field_validator
from lintnews.plugin.rule import Rule, RuleOptions

if TYPE_CHECKING:
    from lintnews.model.document import Document
    from lintnews.network import UrlResult
    from lintnews.plugin.settings import NetworkSettings

#: Hosts that answer automated requests in a way that says nothing about the page, so a
#: request would only be wasted (see the rule's docs for why each one is here).
BOT_REFUSING_HOSTS = ("linkedin.com", "x.com", "twitter.com", "facebook.com", "instagram.com")


def _remote_links(doc: Document) -> Iterator[tuple[Link, str]]:
    seen: set[tuple[int, int]] = set()
    for link in (*find_links(doc), *html_links(doc)):
        if (link.start, link.end) in seen or holds_template(link.href):
            continue
        seen.add((link.start, link.end))
        url = normalise_url(link.href)
        if url is not None:
            yield link, url


class LinkBroken(Rule):
    """Remote link is dead (404, 410, unknown host, redirect loop).

    ## What it does
    With network checks on (`--online` or `[network] enabled = true`), requests every
    distinct remote http(s) link (Markdown links and `<a href>` of raw HTML) once per run:
    `HEAD` first, and `GET` (without reading the
    page) when the server refuses `HEAD` with 403, 405 or 501. Redirects are followed hop by
    hop. A 404, a 410, a host that does not exist (DNS), a TLS failure or a redirect loop is
    an error. A server that refuses robots (401, 403, 999, bot walls) or stays unavailable
    (429, 5xx, time-outs, after retries with backoff and `Retry-After`) only gives a note
    saying the link could not be checked: such a link is not known to be broken. Links to
    private or loopback addresses are not fetched and not reported unless
    `[network] allow-private-hosts = true`. The rule shares the remote image rules' checker,
    per-host limits, cache and `max-online-time`: a URL that is both an image and a link is
    requested once, and a warm run (within `cache-max-age`) makes no request for links that
    worked.

    ## Why is this bad?
    A dead source link is the defect readers meet most often: the claim it supported can no
    longer be checked, and the article looks abandoned. Pages move and vanish long after an
    article is published, so only a check of the live site finds them.

    ## Example
    ```markdown
    据[新华社报道](https://www.news.example/2019/05/removed-story.html)，……
    ```
    Link the page where it lives now (or an archived copy):
    ```markdown
    据[新华社报道](https://www.news.example/2019/05/story.html)，……
    ```

    ## Options
    - `accept` (list of HTTP statuses, default empty): statuses that count as a working link
      besides 2xx, e.g. `accept = [403, 999]` for sites you know answer robots so. They are
      not cached, so such links are asked again on each run.
    - `accept-hosts` (list of host names; default `linkedin.com`, `x.com`, `twitter.com`,
      `facebook.com`, `instagram.com`): links to these hosts and their subdomains are never
      requested and never reported, because these hosts do not tell robots whether a page
      exists: linkedin.com answers every automated request with its own status 999;
      x.com and twitter.com serve the same script page to every path (or refuse with
      403/429), so a deleted post looks like a live one; facebook.com and instagram.com
      send automated requests to a login page (or answer 429). Set it to `[]` to check them.

    Network settings are in the `[network]` table (see `image-url-broken`).
    """

    name = "link-broken"
    code = "LN510"
    severity = Severity.ERROR

    class Options(RuleOptions):
        accept: tuple[int, ...] = ()
        accept_hosts: tuple[str, ...] = BOT_REFUSING_HOSTS

        @field_validator("accept")
        @classmethod
        def _statuses(cls, value: tuple[int, ...]) -> tuple[int, ...]:
            for status in value:
                if not 100 <= status <= 999:
                    raise ValueError(msg("{status} is not an HTTP status (100-999)", status=status))
            return value

        @field_validator("accept_hosts")
        @classmethod
        def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(host.strip().lower().strip(".") for host in value if host.strip())

    _MESSAGES = {
        "broken": (template("readers will get a broken link: {detail}"), Severity.ERROR),
        "blocked": (template("link could not be checked: {detail}"), Severity.INFO),
        "transient": (
            template("link could not be checked: {detail}; try again later"),
            Severity.INFO,
        ),
    }

    _results: dict[str, UrlResult]

    @property
    def network(self) -> NetworkSettings:
        return network_settings(self.site)

    def needs_prefetch(self) -> bool:
        return self.network.enabled

    def _accepted_host(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").rstrip(".")
        return any(
            host == accepted or host.endswith(f".{accepted}")
            for accepted in self.options.accept_hosts
        )

    def _checked_links(self, doc: Document) -> Iterator[tuple[Link, str]]:
        for link, url in _remote_links(doc):
            if not self._accepted_host(url):
                yield link, url

    def resources(self, doc: Document) -> Iterable[str]:
        if not self.network.enabled:
            return ()
        return [url for _, url in self._checked_links(doc)]

    def prefetch(self, resources: set[str]) -> None:
        # Image checks of this run (the image rules fetch first: rules run in code order)
        # already tell whether their URLs are alive.
        by_images: dict[str, UrlResult] = {}
        for (url, referer), result in run_results(self.site, "image").items():
            key = normalise_url(url)
            if referer is None and key is not None:
                by_images[key] = _as_page(result)
        pages = fetch(self.site, resources - by_images.keys(), purpose="page")
        self._results = {url: result for (url, _), result in pages.items()}
        self._results.update(by_images)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """A verdict from the network is as old as the check it came from: the result cache
        keeps it no longer than ``cache-max-age`` (0: not at all)."""
        if self.network.enabled and any(True for _ in self._checked_links(doc)):
            import time

            yield ("before", time.time() + self.network.cache_max_age)

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        if not self.network.enabled:
            return
        results = getattr(self, "_results", {})
        for link, url in self._checked_links(doc):
            result = results.get(url)
            if result is None or result.status not in self._MESSAGES:
                continue
            if result.http_status in self.options.accept:
                continue
            text, severity = self._MESSAGES[result.status]
            yield self.diagnostic(
                doc, link.start, link.end, msg(text, detail=result.detail), severity=severity
            )


def _as_page(result: UrlResult) -> UrlResult:
    """What an image check says about the same URL as a link: anything served is a page."""
    if result.status == "not-image":
        from dataclasses import replace

        return replace(result, status="ok")
    return result


RULES = (LinkBroken,)
