"""Site settings shared by rules: how the site renders and builds its pages.

They come from the ``[site]`` table of the lintnews config and, for keys the config leaves
unset, from the site's Hugo configuration when the checked tree has one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class SiteSettings(BaseModel):
    """Settings of the site the articles belong to."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True
    )

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
