"""Which file of a Hugo site a URL written in a page leads to, as the published site serves it.

A page links a local file by a path, relative (``chart.png``, ``../shared/chart.png``) or
root-relative (``/images/chart.png``). :class:`HugoPaths` looks that path up the way the
published site resolves it:

- a relative path in a page bundle (``index.md``, ``_index.md``) is one of the bundle's page
  resources, in the bundle's folder. A non-bundle page (``posts/news.md``) is published at
  ``/posts/news/``, so the browser asks for ``static/posts/news/chart.png``; editors and Git
  hosts look next to the file: both are tried;
- a root-relative path is looked up in the static folders (``site.static_dirs``, else
  ``static``), in ``assetDir`` (Hugo's image render hook and figure shortcode use global
  resources) and in ``content/`` and its per-language folders (``content/zh-cn``);
- a bundle's files are also published at the page's own address, which front-matter ``url``
  or ``slug`` and date-based permalinks make differ from its folder; a path ending in a
  sibling bundle's folder name means that sibling;
- the query and fragment are cut and ``%20``-style escapes decoded;
- a file name must match exactly, including case, even on a case-insensitive disk: the site
  is usually built and served on Linux. A name that differs only in case is given back so
  that a message can name it;
- a path that leaves the site root through ``..`` is not followed.

The site root is ``site.root`` when set, else the nearest folder above the page that holds a
``content/`` folder. One :class:`HugoPaths` serves one run: folder listings and lookups are
kept for it, since the site's files do not move while it runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from lintnews.plugin.settings import SiteSettings

__all__ = ["HugoPaths", "Resolution", "is_page_bundle"]

_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_BUNDLE = re.compile(r"^_?index(?:\.[A-Za-z0-9_-]+)?\.(?:md|markdown|html?)$")


def is_page_bundle(page: Path) -> bool:
    """Whether ``page`` (``index.md``, ``_index.zh.md``...) makes its folder a page bundle."""
    return _BUNDLE.match(page.name) is not None


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a local URL of a page leads.

    ``path`` is the URL's path as looked up: query and fragment cut, escapes decoded.
    ``file`` is the file it leads to (a normalised absolute path), ``None`` when there is
    none; then ``case_variant`` is an existing file whose name differs only in case, given
    as its last path components (as many as ``path`` names), if there is one.
    ``leaves_root`` is true when every place the path could mean is outside the site root.
    ``looked_up`` is every file looked for, in order, and whether it was there: a result
    derived from this one holds until one of them appears or disappears.
    """

    path: str
    file: str | None = None
    case_variant: str | None = None
    leaves_root: bool = False
    looked_up: tuple[tuple[str, bool], ...] = ()


class HugoPaths:
    """How the Hugo site described by ``site`` maps a page's local URLs to files."""

    def __init__(self, site: SiteSettings) -> None:
        self.site = site
        self._listings: dict[str, frozenset[str] | None] = {}
        self._roots: dict[Path, Path | None] = {}
        #: (normalised path, depth) -> what _exists_exactly found.
        self._lookups: dict[tuple[str, int], tuple[bool, str | None]] = {}
        self._static_dirs: list[str] | None = None
        self._content_folders: dict[Path, list[Path]] = {}
        self._page_folder: tuple[Path, str] | None = None  # the last page's

    @property
    def static_dirs(self) -> list[str]:
        """The folders a root-relative path is looked up in before ``content/``, relative to
        the site root: the static folders, then ``assetDir``."""
        if self._static_dirs is None:
            folders = list(self.site.static_dirs or ("static",))
            asset_dir = getattr(self.site, "asset_dir", None) or "assets"
            if asset_dir not in folders:
                folders.append(asset_dir)
            self._static_dirs = folders
        return self._static_dirs

    def site_root(self, page: Path) -> Path | None:
        """The root of the site that the page at the absolute path ``page`` belongs to."""
        if self.site.root is not None:
            return Path(os.path.abspath(self.site.root))
        folder = page.parent
        if folder not in self._roots:
            found = None
            for candidate in (folder, *folder.parents):
                if (candidate / "content").is_dir() and _within(page, candidate / "content"):
                    found = candidate
                    break
            self._roots[folder] = found
        return self._roots[folder]

    def resolve(
        self, page: Path, url: str, meta: Mapping[str, Any] | None = None
    ) -> Resolution | None:
        """Look up the local ``url`` (a path, no scheme) written in the page at the absolute
        path ``page``, whose front matter is ``meta``.

        ``None`` when the URL names no file to look for: an empty path (``?v=2``, ``#top``),
        or a root-relative path of a page that belongs to no site.
        """
        path = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
        if not path:
            return None
        root = self.site_root(page)
        bundle = is_page_bundle(page)
        if path.startswith("/"):
            if root is None:
                return None  # without a site there is nothing a root-relative path means
            relative = path.lstrip("/")
            candidates = [root / folder / relative for folder in self.static_dirs]
            candidates += [folder / relative for folder in self._content_roots(root)]
        else:
            candidates = [page.parent / path]
            if not bundle and root is not None:
                page_folder = self._page_static_folder(page, root)
                candidates += [root / folder / page_folder / path for folder in self.static_dirs]
        if bundle:
            candidates += self._bundle_address_candidates(page, path, meta or {})
        # Compared and looked up as normalised strings: paths are made for every URL.
        normal = [os.path.normpath(c) for c in candidates]
        if root is not None:
            base = os.path.normpath(root)
            prefix = base.rstrip(os.sep) + os.sep
            normal = [n for n in normal if n == base or n.startswith(prefix)]
        if not normal:
            return Resolution(path, leaves_root=True)
        depth = max(1, len([p for p in PurePosixPath(path).parts if p not in ("/", ".", "..")]))
        looked_up: list[tuple[str, bool]] = []
        case_variant = None
        for candidate in normal:
            found, near = self._exists_exactly(candidate, depth)
            looked_up.append((candidate, found))
            if found:
                return Resolution(path, file=candidate, looked_up=tuple(looked_up))
            if near and case_variant is None:
                case_variant = near
        return Resolution(path, case_variant=case_variant, looked_up=tuple(looked_up))

    def _bundle_address_candidates(
        self, page: Path, path: str, meta: Mapping[str, Any]
    ) -> list[Path]:
        """Files reached through a page's published address rather than its folder.

        Hugo and Zola publish a bundle's files at the page's URL, which front-matter ``url``
        or ``slug`` and date-based permalinks make differ from the folder: ``/blog/2023/05/05/
        qos-memory-resources/a.svg`` or ``../../2024/05/07/other-post/a.svg``. A path whose
        folder is this page's address means this bundle; one ending in a sibling bundle's
        folder name means that sibling.
        """
        folder, _, name = path.rpartition("/")
        last = folder.rstrip("/").rsplit("/", 1)[-1]
        if not last or last in (".", ".."):
            return []
        own_url = str(meta.get("url") or "").strip("/")
        slug = str(meta.get("slug") or page.parent.name).strip("/")
        candidates: list[Path] = []
        if folder.strip("/") == own_url or last in (slug, page.parent.name):
            candidates.append(page.parent / name)
        candidates.append(page.parent.parent / last / name)
        return candidates

    def _content_roots(self, root: Path) -> list[Path]:
        """``content/`` and, in a multilingual site, its per-language folders."""
        if root not in self._content_folders:
            content = root / "content"
            names = self._listing(content) or frozenset()
            languages = sorted(
                n for n in names if _LANGUAGE_FOLDER.match(n) and (content / n).is_dir()
            )
            self._content_folders[root] = [content, *(content / n for n in languages)]
        return self._content_folders[root]

    def _page_static_folder(self, page: Path, root: Path) -> str:
        """Where a non-bundle page's URL points, relative to the static folder."""
        if self._page_folder is None or self._page_folder[0] != page:
            self._page_folder = (page, _page_folder_of(page, root))
        return self._page_folder[1]

    def _exists_exactly(self, candidate: str, depth: int) -> tuple[bool, str | None]:
        """Whether the file exists with exactly this spelling, else a case-variant of it
        (its last ``depth`` components); ``candidate`` is normalised (``os.path.normpath``)."""
        key = (candidate, depth)
        if key not in self._lookups:
            self._lookups[key] = self._look_up(Path(candidate), depth)
        return self._lookups[key]

    def _look_up(self, normal: Path, depth: int) -> tuple[bool, str | None]:
        parts = normal.parts
        current = Path(parts[0])
        actual: list[str] = [parts[0]]
        mismatch = False
        for part in parts[1:]:
            names = self._listing(current)
            if names is None:
                return False, None
            if part in names:
                actual.append(part)
            else:
                folded = [n for n in names if n.casefold() == part.casefold()]
                if not folded:
                    return False, None
                mismatch = True
                actual.append(folded[0])
                part = folded[0]
            current = current / part
        if not current.is_file():
            return False, None
        if mismatch:
            return False, "/".join(actual[-depth:])
        return True, None

    def _listing(self, folder: Path) -> frozenset[str] | None:
        key = str(folder)
        if key not in self._listings:
            try:
                self._listings[key] = frozenset(os.listdir(folder))
            except OSError:
                self._listings[key] = None
        return self._listings[key]


def _page_folder_of(page: Path, root: Path) -> str:
    try:
        relative = page.relative_to(root)
    except ValueError:
        return page.stem
    parts = relative.parts
    if parts and parts[0] == "content":
        parts = parts[1:]
    return str(PurePosixPath(*parts[:-1], page.stem)) if parts else page.stem


def _within(path: Path, root: Path) -> bool:
    normal = os.path.normpath(path)
    base = os.path.normpath(root)
    return normal == base or normal.startswith(base.rstrip(os.sep) + os.sep)
