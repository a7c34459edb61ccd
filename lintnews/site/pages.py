"""The pages of a Hugo site and the addresses Hugo publishes them at, for link rules.

:class:`SitePages` walks a site's content folders once and reads the head of each page's
front matter (only when it names ``slug``, ``url``, ``aliases`` or ``title`` is it parsed).
It answers where a local link leads the way Hugo builds the site:

* a page's address is its folder path in its content folder plus its file name (a bundle's
  ``index.md``/``_index.md``: its folder), lower-cased; ``slug`` replaces the last part,
  ``url`` the whole address; ``aliases`` add addresses; a section with a ``[permalinks]``
  pattern publishes its pages under names made from ``slug``, the file (or bundle) name
  with or without a leading date, or the title, which are compared with the link's last
  part rather than a whole pattern;
* languages come from ``[languages]`` (each with its own ``contentDir``, or files named
  ``a.zh.md``); a language other than the default (or the default with
  ``defaultContentLanguageInSubdir``) is published under ``/<code>/``; the path of a
  ``baseURL`` with a sub-path (``https://example.org/docs/``) may lead a link;
* files are published from the static folders, ``assetDir`` and the content folders;
* ``{{< ref "x" >}}``: a page's logical path (``/posts/b`` for ``posts/b.md``,
  ``posts/b/index.md`` and ``posts/b/_index.md``), with or without extension, relative to
  the linking page's folder first, then to the content root, then, for a bare name, any
  page with that name.

What cannot be known is never called missing: a language with no page in the tree (one
translation checked alone), or a first path part that no content, static or asset folder
has (a theme's, a module's or a template's page, a taxonomy, an output format). Markdown
files inside a leaf bundle (a folder with ``index.md``) are the bundle's resources, not
pages (:func:`in_leaf_bundle`).

One index serves a run: :meth:`SitePages.current` walks the tree again (stat only) when
the index is older than a few seconds, for a language server that outlives edits, and
rebuilds it only when something changed. :func:`tree_stamp` is that walk's digest: a
cached finding that depends on other pages holds while it is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MISSING", "PageHit", "SitePages", "in_leaf_bundle", "tree_stamp"]

_PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_LEAF_INDEX = re.compile(r"^index(?:\.[A-Za-z0-9_-]+)?\.(?:md|markdown|html?)$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
#: Front matter is read from at most this much of a page's head.
_HEAD_BYTES = 16_384
_ADDRESS_KEYS = re.compile(r"^\s*[\"']?(?:slug|url|aliases)[\"']?\s*[:=]", re.M | re.I)
_TITLE_KEY = re.compile(r"^\s*[\"']?title[\"']?\s*[:=]", re.M | re.I)
#: Files Hugo's output formats make (feeds, JSON indexes), not files of the tree.
_OUTPUT_SUFFIXES = (".xml", ".json", ".txt", ".rss", ".atom", ".ics", ".csv", ".webmanifest")
#: Seconds an index is trusted before the tree is looked at again.
_FRESH_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class PageHit:
    """A link target that exists: ``file`` is the page's file when it is a page."""

    file: str | None = None


#: What a lookup returns for a target that does not exist (``None``: cannot be told).
MISSING = PageHit(file="")


@dataclass(slots=True)
class _Language:
    code: str
    prefix: str  # "" or "/zh-cn"
    folders: list[str]
    has_pages: bool = False
    #: Lower-cased first parts of the addresses this language's tree can make.
    tops: set[str] = field(default_factory=set)


def in_leaf_bundle(path: str, stop: str | None = None) -> bool:
    """Whether the Markdown file ``path`` is a resource of a leaf bundle: its folder, or
    one above it up to ``stop`` (its own folder when ``stop`` is None), holds ``index.md``."""
    name = os.path.basename(path)
    if _LEAF_INDEX.match(name) or name.startswith("_index."):
        return False
    folder = os.path.dirname(os.path.abspath(path))
    limit = os.path.abspath(stop) if stop else folder
    while True:
        try:
            names = os.listdir(folder)
        except OSError:
            return False
        if any(_LEAF_INDEX.match(n) for n in names):
            return True
        if folder == limit or not folder.startswith(limit.rstrip(os.sep) + os.sep):
            return False
        folder = os.path.dirname(folder)


def _walk(folder: str) -> list[tuple[str, int, int]]:
    """Every file below ``folder``: (absolute path, mtime_ns, size), in a stable order."""
    found: list[tuple[str, int, int]] = []
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(current, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found.append((path, info.st_mtime_ns, info.st_size))
    return found


def _tree_folders(root: Path) -> list[str]:
    from lintnews.site.hugo import read_hugo_config

    config = read_hugo_config(root)
    static = config.settings.get("static_dirs") or ("static",)
    assets = config.settings.get("asset_dir") or "assets"
    names = [*config.content_dirs, *static, assets]
    return [os.path.normpath(os.path.join(root, name)) for name in dict.fromkeys(names)]


def tree_stamp(root: Path) -> str:
    """A digest of every file's name, time and size in the site's content, static and
    asset folders and of its host's redirect rules (``netlify.toml``): it changes when a
    page or file appears, goes or is edited."""
    entries = [entry for folder in _tree_folders(root) for entry in _walk(folder)]
    return _digest(entries + _host_files(root))


def _host_files(root: Path) -> list[tuple[str, int, int]]:
    """The host's config beside the site (see :mod:`lintnews.site.redirects`), if any."""
    path = os.path.join(root, "netlify.toml")
    try:
        info = os.stat(path)
    except OSError:
        return []
    return [(path, info.st_mtime_ns, info.st_size)]


def _digest(entries: list[tuple[str, int, int]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path, mtime, size in entries:
        digest.update(f"{path}\0{mtime}\0{size}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _address(path: str) -> str:
    """The form addresses are compared in: lower case, no trailing slash or index.html."""
    path = path.strip().lower().replace(" ", "-")
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path.endswith((".html", ".htm")) and not path.endswith("/"):
        path = path.rsplit(".", 1)[0]
    path = posixpath.normpath("/" + path.lstrip("/"))
    return "" if path == "/" else path.rstrip("/")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _urlized(text: str) -> tuple[str, ...]:
    """The paths Hugo's versions make of ``text`` (a title without a slug, or a page's
    folders and file name: ``MakePathSanitized``), lower-cased, the newest first. Letters,
    digits, marks, ``%`` before two hex digits and ``. / \\ _ # + ~ - @`` are kept, the rest
    is dropped (``Access http:h2``: ``access-httph2``); since Hugo 0.62 a run of spaces is
    one hyphen and none is added after a hyphen (``a - b``: ``a-b``); before, each space was
    one (``a---b``), and some versions made one hyphen of any run of hyphens and spaces
    (``a--b``: ``a-b``)."""
    if _PLAIN_PATH.fullmatch(text) and "--" not in text and "-" not in (text[:1], text[-1:]):
        return (text.lower(),)  # every version keeps it as it is (most paths: 0.05 s on k8s)
    kept: list[str] = []
    collapsed: list[str] = []
    pending = was_hyphen = collapse = False
    for index, char in enumerate(text):
        allowed = _path_char(text, index, char)
        if allowed and char != "-" and collapse and collapsed:
            collapsed.append("-")
        if allowed and char != "-":
            collapse = False
            collapsed.append(char)
        elif char == "-" or char.isspace():
            collapse = True
        if allowed:
            was_hyphen = char == "-"
            if pending and not was_hyphen:
                kept.append("-")
            pending = False
            kept.append(char)
        elif kept and not was_hyphen and char.isspace():
            pending = True
    spaced = text.strip().replace(" ", "-")
    old = "".join(c for i, c in enumerate(spaced) if _path_char(spaced, i, c))
    forms = ("".join(kept).lower(), old.lower(), "".join(collapsed).lower())
    return tuple(dict.fromkeys(forms))


def _published_paths(path: str) -> tuple[str, ...]:
    """The paths a page at ``path`` (its folders and name) may be published at, Hugo's
    newest first; the path as written is kept too, so that no link is reported only because
    this model of Hugo's versions is wrong."""
    forms = _urlized(path)
    return forms if path.lower() in forms else (*forms, path)


#: ASCII that every Hugo version keeps in a path.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9./_#+~@-]*")


def _path_char(text: str, index: int, char: str) -> bool:
    """Whether Hugo keeps ``char`` (at ``index`` of ``text``) in a path (Go's
    ``unicode.IsLetter``, ``IsDigit`` and ``IsMark``, and a few marks of its own)."""
    if char in "./\\_#+~-@":
        return True
    if char == "%":
        return all(c in "0123456789abcdefABCDEF" for c in text[index + 1 : index + 3]) and (
            index + 2 < len(text)
        )
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


class SitePages:
    """The pages and published files of the Hugo site at ``root``."""

    def __init__(self, root: Path) -> None:
        from lintnews.site.hugo import ignored_by_site, read_hugo_config

        self.root = Path(os.path.abspath(root))
        config = read_hugo_config(self.root)
        raw = config.raw
        self._ignored = ignored_by_site(self.root)
        self._base_path = _base_path(raw.get("baseurl"))
        self._languages = _languages(raw, self.root, config.content_dirs)
        self._default = next(iter(self._languages.values()))
        self._permalinks = _permalink_sections(raw.get("permalinks"))
        folders = _tree_folders(self.root)
        content = {f for lang in self._languages.values() for f in lang.folders}
        self._published = [f for f in folders if f not in content]
        self._urls: dict[str, str] = {}  # address -> page file
        self._folders: set[str] = set()  # addresses that hold pages below them
        self._own: dict[str, str] = {}  # page file -> its address
        self._logical: dict[tuple[str, str], str] = {}  # (language, logical path) -> file
        self._names: dict[str, list[str]] = {}  # bare logical name -> files
        self._permalinked: dict[tuple[str, str], dict[str, str]] = {}
        self._files: set[str] = set()  # lower-cased absolute paths of every file walked
        self._page_language: dict[str, str] = {}
        self._folder_of_page: dict[str, str | None] = {}
        #: What lookups answered: the index does not change once built.
        self._address_hits: dict[str, PageHit | None] = {}
        self._ref_hits: dict[tuple[str, str], str | None] = {}
        entries: list[tuple[str, int, int]] = []
        for folder in folders:
            walked = _walk(folder)
            entries.extend(walked)
            self._files.update(path.lower() for path, _, _ in walked)
            # A folder mounted inside another (content/en onto content) is its own tree.
            inner = tuple(f + os.sep for f in folders if f.startswith(folder + os.sep))
            if inner:
                walked = [entry for entry in walked if not entry[0].startswith(inner)]
            self._add_tops(folder, walked)
            for language in self._languages.values():
                if folder in language.folders:
                    self._add_pages(language, folder, walked)
        self.stamp = _digest(entries + _host_files(self.root))
        # Relative paths under the published folders, lower-cased: looked up for every link.
        self._published_names: set[str] = set()
        for folder in self._published:
            prefix = folder.lower() + os.sep
            self._published_names.update(
                file[len(prefix) :].replace(os.sep, "/")
                for file in self._files
                if file.startswith(prefix)
            )
        from lintnews.site.redirects import read_redirects

        self._redirects = read_redirects(str(self.root), self._published, _address)
        self.built = time.monotonic()

    @classmethod
    def current(cls, index: SitePages | None, root: Path) -> SitePages:
        """``index`` while the tree is unchanged, else a new index of the site at ``root``."""
        if index is None:
            return cls(root)
        if time.monotonic() - index.built < _FRESH_SECONDS:
            return index
        if tree_stamp(root) == index.stamp:
            index.built = time.monotonic()
            return index
        return cls(root)

    # -- building -------------------------------------------------------------------------

    def _add_tops(self, folder: str, walked: list[tuple[str, int, int]]) -> None:
        tops: set[str] = set()
        cut = len(folder) + 1  # the walk's paths all start with the folder's
        for path, _, _ in walked:
            first = path[cut:].split(os.sep, 1)[0].lower()
            tops.update((first, first.rsplit(".", 1)[0]))
        for language in self._languages.values():
            if folder in self._published or folder in language.folders:
                language.tops |= tops

    def _add_pages(
        self, language: _Language, folder: str, walked: list[tuple[str, int, int]]
    ) -> None:
        leaves: set[str] = set()
        for path, _, _ in walked:
            if not path.lower().endswith(_PAGE_SUFFIXES):
                continue
            if self._ignored is not None and self._ignored.search(path):
                continue
            parent = os.path.dirname(path)
            if _below_any(parent, leaves, folder):
                continue  # a resource of a leaf bundle: the bundle shows it, not a page
            name = os.path.basename(path)
            if _LEAF_INDEX.match(name):
                leaves.add(parent)
            self._add_page(language, folder, path)

    def _add_page(self, language: _Language, folder: str, path: str) -> None:
        relative = path[len(folder) + 1 :].replace(os.sep, "/")  # a path of the walk
        parts = relative.split("/")
        stem = parts[-1].rsplit(".", 1)[0]
        code, _, suffix = stem.rpartition(".")
        if code and suffix.lower() in self._languages:
            stem = code
            language = self._languages[suffix.lower()]
        language.has_pages = True
        self._page_language[path] = language.code
        folders = parts[:-1]
        bundle = stem in ("index", "_index")
        permalinked = bool(folders) and folders[0] in self._permalinks
        meta = _front_matter(path, permalinked)
        own_name = (folders[-1] if folders else "") if bundle else stem
        slug = next(iter(_strings(meta.get("slug"))), "").strip("/")
        segments = folders[:-1] + [slug or own_name] if bundle and folders else [*folders]
        if not bundle:
            segments.append(slug or stem)
        prefix = language.prefix
        # Hugo drops from a page's path what it keeps out of addresses (``Serve http:h2``
        # is at ``serve-httph2``); the path as written stays a way in, as before.
        addresses = [prefix + "/" + form for form in _published_paths("/".join(segments))]
        if bundle and slug:
            addresses += [prefix + "/" + form for form in _published_paths("/".join(folders))]
        for url in _strings(meta.get("url")):
            addresses = [prefix + "/" + url.lstrip("/"), url]
        written = [a for a in _strings(meta.get("aliases")) if a.startswith("/")]
        written += [
            "/" + "/".join([*folders, a]) for a in _strings(meta.get("aliases")) if a[:1] != "/"
        ]
        written += ["/" + a for a in _strings(meta.get("aliases")) if a[:1] != "/"]
        addresses += [prefix + alias for alias in written] + written
        for address in addresses:
            normal = _address(address)
            self._urls.setdefault(normal, path)
            first = normal.removeprefix(prefix).split("/")
            if len(first) > 1:
                language.tops.add(first[1])
        own = _address(addresses[0])
        self._own[path] = own
        pieces = own.split("/")
        for end in range(1, len(pieces)):
            self._folders.add("/".join(pieces[:end]))
        logical = "/" + "/".join([*folders, stem]).lower()
        if bundle:
            logical = "/" + "/".join(folders).lower()
            if stem == "index":
                self._logical.setdefault((language.code, logical + "/index"), path)
        self._logical.setdefault((language.code, posixpath.normpath(logical)), path)
        self._names.setdefault(own_name.lower() or stem.lower(), []).append(path)
        if not bundle and folders and folders[0] in self._permalinks:
            names = self._permalinked.setdefault((language.code, folders[0].lower()), {})
            title = next(iter(_strings(meta.get("title"))), "")
            undated = _DATE_PREFIX.sub("", stem)
            for candidate in (
                slug,
                stem,
                undated,
                *_urlized(stem),
                *_urlized(undated),
                *_urlized(title),
            ):
                if candidate:
                    names.setdefault(candidate.lower().replace(" ", "-"), path)
        if bundle and stem == "index" and len(folders) > 1 and folders[0] in self._permalinks:
            names = self._permalinked.setdefault((language.code, folders[0].lower()), {})
            last = folders[-1]
            # A bundle's ``:slug`` without a slug is its title, as for a single page; the
            # folder's name is what ``:filename`` and ``:contentbasename`` give it.
            title = next(iter(_strings(meta.get("title"))), "")
            undated = _DATE_PREFIX.sub("", last)
            for candidate in (
                slug,
                last,
                undated,
                *_urlized(last),
                *_urlized(undated),
                *_urlized(title),
            ):
                if candidate:
                    names.setdefault(candidate.lower(), path)

    # -- looking up -----------------------------------------------------------------------

    def address_of(self, page: str) -> str | None:
        """The address the page file ``page`` is published at (``/posts/b``), if a page."""
        return self._own.get(os.path.abspath(page))

    def is_page(self, path: str) -> bool:
        return os.path.abspath(path) in self._own

    def find_address(self, path: str) -> PageHit | None:
        """What the root-relative ``path`` (decoded, no query or fragment) leads to:
        a :class:`PageHit`, :data:`MISSING`, or None when that cannot be told. An
        address the host redirects (:mod:`lintnews.site.redirects`) is never missing."""
        # Pages of a site link to the same few addresses (k8s: 4,426 lookups, 763 paths).
        return _remembered(self._address_hits, path, lambda: self._redirected(path))

    def _redirected(self, path: str) -> PageHit | None:
        hit = self._find_address(path)
        if hit is MISSING and self._redirects.covers(_address(path)):
            return PageHit()
        return hit

    def _find_address(self, path: str) -> PageHit | None:
        if self._base_path and (path + "/").startswith(self._base_path + "/"):
            path = path[len(self._base_path) :] or "/"
        parts = [p for p in path.split("/") if p]
        language = self._default
        rest = parts
        if (
            parts
            and parts[0].lower() in self._languages
            and self._languages[parts[0].lower()].prefix == "/" + parts[0].lower()
        ):
            language = self._languages[parts[0].lower()]
            rest = parts[1:]
        if self._published_file("/".join(rest)) or self._published_file("/".join(parts)):
            return PageHit()
        if not language.has_pages:
            return None  # that language's pages are not in this tree
        address = _address(path)
        page = self._urls.get(address)
        if page is not None:
            return PageHit(page)
        relative = "/".join(rest)
        if relative and any(
            os.path.join(folder, relative).lower() in self._files for folder in language.folders
        ):
            return PageHit()
        if address in self._folders or not rest:
            return PageHit()
        if rest[0].lower() not in language.tops:
            return None  # made by something outside the tree: a theme, a template, a module
        if rest[-1].lower().endswith(_OUTPUT_SUFFIXES):
            return None  # an output format (index.xml), made at build time
        names = self._permalinked.get((language.code, rest[0].lower()))
        if names is not None and len(rest) > 1:
            hit = names.get(rest[-1].lower().removesuffix(".html"))
            return PageHit(hit) if hit else MISSING
        return MISSING

    def _published_file(self, relative: str) -> bool:
        """Whether a static folder publishes ``relative``; ``a/b`` is also ``a/b.html``,
        which static hosts (Netlify, GitHub Pages, Cloudflare Pages) serve at ``/a/b``."""
        if not relative:
            return False
        relative = relative.lower()
        if relative in self._published_names:
            return True
        return (
            "." not in relative.rsplit("/", 1)[-1] and relative + ".html" in self._published_names
        )

    def has_file(self, path: str) -> bool:
        """Whether ``path`` (absolute) is a file of the tree, compared case-insensitively."""
        return os.path.normpath(path).lower() in self._files

    def find_ref(self, page: str, ref: str) -> str | None:
        """The page file ``{{< ref "ref" >}}`` in the page file ``page`` names, or None.
        ``ref`` has no fragment."""
        # A glossary page asks for the same term again and again (k8s: 7,729 lookups of
        # 480 page and path pairs).
        return _remembered(self._ref_hits, (page, ref), lambda: self._find_ref(page, ref))

    def _find_ref(self, page: str, ref: str) -> str | None:
        language = self._page_language.get(os.path.abspath(page), self._default.code)
        logical = ref.strip().lower()
        for suffix in _PAGE_SUFFIXES:
            if logical.endswith(suffix):
                logical = logical[: -len(suffix)]
                break
        stem, _, code = logical.rpartition(".")
        if stem and code in self._languages and "/" not in code:
            logical, language = stem, code
        candidates: list[str] = []
        if not logical.startswith("/"):
            folder = self._logical_folder(page)
            if folder is not None:
                candidates.append(posixpath.normpath(posixpath.join(folder, logical)))
        candidates.append(posixpath.normpath("/" + logical.lstrip("/")))
        for candidate in candidates:
            for code in (language, *self._languages):
                found = self._logical.get((code, candidate.rstrip("/") or "/"))
                if found is not None:
                    return found
        if "/" not in logical.strip("/"):
            found_names = self._names.get(logical.strip("/"))
            if found_names:
                return found_names[0]
        return None

    def _logical_folder(self, page: str) -> str | None:
        # A glossary page asks for hundreds of refs from the same page.
        return _remembered(self._folder_of_page, page, lambda: self._find_logical_folder(page))

    def _find_logical_folder(self, page: str) -> str | None:
        page = os.path.abspath(page)
        for language in self._languages.values():
            for folder in language.folders:
                if page.startswith(folder + os.sep):
                    relative = os.path.relpath(os.path.dirname(page), folder).replace(os.sep, "/")
                    return "/" if relative == "." else "/" + relative.lower()
        return None


def _remembered(table: dict, key: Any, compute: Callable[[], Any]) -> Any:
    """``table[key]``, computed by ``compute()`` the first time it is asked for."""
    try:
        return table[key]
    except KeyError:
        value = table[key] = compute()
        return value


def _below_any(folder: str, leaves: set[str], top: str) -> bool:
    """Whether ``folder`` is one of ``leaves`` or below one, looking up to ``top``."""
    while leaves and len(folder) > len(top):
        if folder in leaves:
            return True
        folder = os.path.dirname(folder)
    return False


def _base_path(base_url: Any) -> str:
    """The path of ``baseURL`` (``/docs`` for ``https://example.org/docs/``), or ""."""
    if not isinstance(base_url, str):
        return ""
    from urllib.parse import urlsplit

    try:
        path = urlsplit(base_url.strip()).path
    except ValueError:
        return ""
    return path.rstrip("/").lower()


def _languages(raw: dict[str, Any], root: Path, content_dirs: tuple[str, ...]) -> dict:
    """The site's languages, the default first, with their prefixes and content folders."""
    default = str(raw.get("defaultcontentlanguage") or "en").lower()
    in_subdir = raw.get("defaultcontentlanguageinsubdir") is True
    main = os.path.normpath(os.path.join(root, content_dirs[0]))
    configured = raw.get("languages")
    codes: dict[str, str | None] = {default: None}
    if isinstance(configured, dict):
        for code, settings in configured.items():
            own = None
            if isinstance(settings, dict):
                lowered = {str(k).lower(): v for k, v in settings.items()}
                value = lowered.get("contentdir")
                if isinstance(value, str) and value.strip():
                    own = os.path.normpath(os.path.join(root, value.strip()))
            codes[str(code).lower()] = own
    languages: dict[str, _Language] = {}
    claimed = {folder for folder in codes.values() if folder}
    for code, own in codes.items():
        prefix = "" if code == default and not in_subdir else "/" + code
        folders = [own] if own else []
        if not own and (code == default or main not in claimed):
            folders = [os.path.normpath(os.path.join(root, d)) for d in content_dirs]
            folders = [f for f in folders if f not in claimed]
        languages[code] = _Language(code, prefix, folders)
    return languages


def _permalink_sections(value: Any) -> set[str]:
    """The sections ``[permalinks]`` gives a pattern (``blog = "/:year/:slug/"``), in the
    old form or the newer ``[permalinks.page]``."""
    if not isinstance(value, dict):
        return set()
    sections = {key for key, item in value.items() if isinstance(item, str)}
    page = value.get("page")
    if isinstance(page, dict):
        sections |= {key for key, item in page.items() if isinstance(item, str)}
    return sections


def _front_matter(path: str, with_title: bool) -> dict[str, Any]:
    """The address keys of a page's front matter (and its title: ``with_title``), read
    from the head of the file only."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return {}
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    # Only the block is searched for address keys: most pages name none.
    delimiter = text[:3]
    end = text.find("\n" + delimiter, 3) if delimiter in ("---", "+++") else len(text)
    block = text[: end if end > 0 else len(text)]
    if not _ADDRESS_KEYS.search(block) and not (with_title and _TITLE_KEY.search(block)):
        return {}
    from lintnews.model import frontmatter

    where, _ = frontmatter.split(text)
    if where is None or not where.closed:
        return {}
    parsed = frontmatter.parse(text, where, lambda offset: 1)
    return parsed.data
