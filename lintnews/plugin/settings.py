"""Site settings shared by rules: how the site renders and builds its pages.

They come from the ``[site]`` table of the lintnews config and, for keys the config leaves
unset, from the site's Hugo configuration when the checked tree has one.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg
from lintnews.plugin.lazymodel import Field, LazyModel, field_validator


class ConfigModel(LazyModel):
    """Base of every config table: kebab-case keys in TOML, unknown keys refused.

    A pydantic model built on first need (:mod:`lintnews.plugin.lazymodel`), whose
    validators are built on first use (``defer_build``), so that start-up stays lean.
    """

    model_config = {
        "defer_build": True,
        "extra": "forbid",
        "alias_generator": lambda name: name.replace("_", "-"),
        "populate_by_name": True,
    }


Outcome = Literal["ok", "broken", "blocked", "transient"]

# Only a cache-max-age written as a duration needs it: compiled on first use.
_DURATION = LazyPattern(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class NetworkSettings(ConfigModel):
    """The ``[network]`` table of the config: whether and how remote URLs are checked."""

    model_config = {"frozen": True}

    #: Remote checks run only when asked (``--online`` or ``enabled = true``).
    enabled: bool = False
    #: Allow requests to private, loopback, link-local and reserved addresses.
    allow_private_hosts: bool = False
    #: Networks allowed even so, e.g. an intranet image server: ``["10.1.2.0/24"]``.
    allowed_private_networks: tuple[str, ...] = ()
    #: Seconds a whole request (connect, headers and the first bytes) may take.
    timeout: float = Field(default=10.0, gt=0, le=300)
    #: Requests in flight at once, over all hosts.
    concurrency: int = Field(default=16, ge=1, le=256)
    #: Requests in flight at once to one host.
    per_host: int = Field(default=6, ge=1, le=64)
    #: Extra attempts after a 429, a 5xx, a timeout or a reset connection.
    retries: int = Field(default=2, ge=0, le=10)
    #: Seconds before the first retry; doubled for each later one.
    backoff: float = Field(default=0.5, ge=0, le=60)
    #: Longest ``Retry-After`` (and backoff) waited for, in seconds; longer asks give up.
    max_retry_after: float = Field(default=30.0, ge=0, le=3600)
    #: How long a successful check is trusted (seconds, or e.g. "12h", "7d"); 0 disables.
    cache_max_age: float = Field(default=86400.0, ge=0)
    #: Where results are cached; the engine sets it (``None``: no disk cache).
    cache_dir: Path | None = None
    #: Bytes of a response read at most (enough to recognise any image format).
    max_bytes: int = Field(default=16384, ge=512, le=1 << 20)
    #: Reclassify HTTP statuses, e.g. ``{ 403 = "broken", 999 = "blocked" }``.
    status_overrides: dict[int, Outcome] = {}  # copied per instance, as in FileSettings
    user_agent: str = "lintnews/0.1 (image link checker; +https://pypi.org/project/lintnews/)"
    #: Seconds all remote checks of a run may take together; URLs not checked by then are
    #: reported as not checked (a slow-dripping host must not hold a CI job for long).
    max_online_time: float = Field(default=120.0, gt=0, le=3600)

    @field_validator("user_agent")
    @classmethod
    def _header_text(cls, value: str) -> str:
        # HTTP header values are ASCII; anything else would fail every request.
        if not all(" " <= char <= "~" for char in value):
            raise ValueError(msg("must be printable ASCII text (it is sent as an HTTP header)"))
        return value

    @field_validator("cache_max_age", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _DURATION.match(value.lower())
            if not match:
                raise ValueError(msg('expected seconds or a duration like "30m", "12h", "7d"'))
            return float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        return value

    @field_validator("allowed_private_networks")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(
                    msg("{network!r} is not a network like 10.1.2.0/24", network=network)
                ) from None
        return value

    @field_validator("status_overrides")
    @classmethod
    def _statuses(cls, value: dict[int, Outcome]) -> dict[int, Outcome]:
        for status in value:
            if not 400 <= status <= 999:
                raise ValueError(msg("{status} is not an error status (400-999)", status=status))
        return value


class SiteSettings(ConfigModel):
    """Settings of the site the articles belong to."""

    model_config = {"frozen": True}

    #: Which emphasis rules the site's Markdown renderer applies.
    renderer: Literal["commonmark", "cjk-friendly"] = "commonmark"
    #: IANA time zone Hugo reads dates without an offset in (Hugo's ``timeZone``; UTC when unset).
    time_zone: str | None = None
    build_future: bool | None = None
    build_expired: bool | None = None
    #: Folders that root-relative URLs (``/images/a.png``) resolve against, relative to ``root``.
    static_dirs: tuple[str, ...] | None = None
    #: The site root (where the Hugo config is); relative paths in settings are taken from it.
    root: Path | None = None
    #: The instant "now" for future/expired checks; tests inject it, users normally leave it.
    now: datetime | None = Field(default=None)
    #: Front-matter keys the site's Hugo ``[frontmatter]`` config makes dates (lower-case),
    #: in addition to Hugo's own date keys.
    date_keys: tuple[str, ...] | None = None
    #: Hugo's ``assetDir`` and ``contentDir``, relative to ``root`` (Hugo's defaults when unset).
    asset_dir: str | None = None
    content_dir: str | None = None
    #: How Hugo makes heading ids (``markup.goldmark.parser.autoHeadingIDType``; ``"none"``
    #: when ``autoHeadingID`` is off; ``"zola"`` for a Zola site); Hugo's ``"github"`` when unset.
    heading_ids: Literal["github", "github-ascii", "blackfriday", "none", "zola"] | None = None
    #: Whether description-list terms get ids too (``autoDefinitionTermID``).
    definition_term_ids: bool | None = None
    #: The site's public URL (Hugo's ``baseURL``); the Referer of hot-link checks.
    base_url: str | None = None
    #: The ``[network]`` table: whether and how remote images are checked.
    network: NetworkSettings = Field(default_factory=NetworkSettings)

    @field_validator("time_zone")
    @classmethod
    def _time_zone(cls, value: str | None) -> str | None:
        from lintnews.common.zones import is_time_zone, unknown_time_zone

        if value is not None and not is_time_zone(value):
            raise ValueError(unknown_time_zone(value))
        return value
