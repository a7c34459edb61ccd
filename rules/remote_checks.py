"""What the rules that fetch share: the run's network settings, results and time budget.

The engine builds one :class:`~lintnews.plugin.settings.SiteSettings` object per run and
gives it to every rule, so it identifies the run: results are kept per run, keyed by
purpose (``"image"`` or ``"page"``), URL and Referer, and go away with that object, so a
long-lived process never serves stale results. ``[network] max-online-time`` bounds all
the fetching of a run together, whichever rules ask.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lintnews.plugin.settings import NetworkSettings

if TYPE_CHECKING:
    from lintnews.network import UrlResult
    from lintnews.network.checker import Purpose
    from lintnews.plugin.settings import SiteSettings

ResultKey = tuple[str, str | None]


@dataclass
class _RunChecks:
    results: dict[str, dict[ResultKey, UrlResult]] = field(default_factory=dict)
    online_seconds: float = 0.0


_RUNS: dict[int, _RunChecks] = {}


def network_settings(site: SiteSettings) -> NetworkSettings:
    """The run's ``[network]`` settings (``SiteSettings.network``); off when absent."""
    settings = getattr(site, "network", None)
    return settings if isinstance(settings, NetworkSettings) else NetworkSettings()


def _run(site: SiteSettings) -> _RunChecks:
    key = id(site)
    if key not in _RUNS:
        _RUNS[key] = _RunChecks()
        weakref.finalize(site, _RUNS.pop, key, None)
    return _RUNS[key]


def run_results(site: SiteSettings, purpose: Purpose = "image") -> dict[ResultKey, UrlResult]:
    """The run's results for ``purpose`` so far, by (URL, Referer)."""
    return _run(site).results.setdefault(purpose, {})


def fetch(
    site: SiteSettings, urls: set[str], referer: str | None = None, purpose: Purpose = "image"
) -> dict[ResultKey, UrlResult]:
    """Check the URLs of ``urls`` this run has not checked for ``purpose`` yet, within what is
    left of the run's ``max-online-time``; returns the run's results for ``purpose``."""
    run = _run(site)
    results = run_results(site, purpose)
    missing = {url for url in urls if (url, referer) not in results}
    if not missing:
        return results
    network = network_settings(site)
    left = network.max_online_time - run.online_seconds
    if left <= 0:
        from lintnews.network import UrlResult

        late = UrlResult(
            "transient",
            f"not checked: the run's remote checks took more than "
            f"max-online-time ({network.max_online_time:g} s)",
        )
        results.update(((url, referer), late) for url in missing)
        return results
    from lintnews.network import check_urls  # the async client only when checking

    started = time.monotonic()
    capped = network.model_copy(update={"max_online_time": left})
    found = check_urls(missing, capped, network.cache_dir, referer, purpose=purpose)
    run.online_seconds += time.monotonic() - started
    results.update(((url, referer), result) for url, result in found.items())
    return results
