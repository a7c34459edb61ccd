"""What links to other pages and files of the site lead to: shared by the link rules.

:func:`local_links` finds each local link destination (Markdown links and ``<a href>`` of
raw HTML) and each ``ref``/``relref`` shortcode of a page and looks it up in the site's page index
(:class:`lintnews.site.pages.SitePages`): ``link-missing-target`` reports the missing ones,
``link-anchor-missing`` checks the fragment of the found ones against the target page's ids.
The rules of a run share one :class:`LocalTargets`: one index per site, the ids of each
target page read once.

Without a site (a lone file, or a Zola site, whose addresses are its own) only relative
paths naming a file (``b.md``, ``img/a.png``) are looked up, beside the page; Zola's
``@/posts/b.md`` links are looked up in its ``content/``.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lintnews.common.lazyre import LazyPattern
from lintnews.common.urls import is_site_path
from lintnews.model.document import Document
from lintnews.model.html_links import html_links
from lintnews.model.links import find_links, heading_id
from lintnews.model.shortcodes import document_shortcodes
from lintnews.site.hugo import content_folders
from lintnews.site.pages import MISSING, PageHit, SitePages, in_leaf_bundle

_PAGE_FILES = (".md", ".markdown")
_REF_SHORTCODES = ("ref", "relref")
_REF_CALL = LazyPattern(r"\{\{[<%]\s*(?:rel)?ref\s")
#: Pages larger than this are not read for their ids (a hostile or broken tree).
MAX_TARGET_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class LocalLink:
    """A local link destination or ``ref`` path of a page and what it leads to.

    ``start``/``end`` span the destination (or the shortcode's path) as written; ``path``
    is its decoded path, ``fragment`` what follows ``#`` (None: no ``#``). ``hit`` is
    :data:`lintnews.site.pages.MISSING`, a :class:`PageHit`, or None (cannot be told).
    ``looked_at`` is each file looked for beside the page and whether it was there.
    """

    start: int
    end: int
    written: str
    path: str
    fragment: str | None
    shortcode: str | None
    hit: PageHit | None
    looked_at: tuple[tuple[str, bool], ...] = ()


class LocalTargets:
    """What the local-link rules of one run share: a page index per site and target ids."""

    def __init__(self) -> None:
        self._indexes: dict[Path, SitePages] = {}
        #: Target page file -> its ids (None: some id cannot be known).
        self.anchors: dict[str, frozenset[str] | None] = {}
        #: Target page file -> ids found by a scan of its lines (see :func:`likely_ids`).
        self.likely: dict[str, frozenset[str]] = {}

    def pages(self, root: Path) -> SitePages:
        index = SitePages.current(self._indexes.get(root), root)
        if self._indexes.get(root) is not index:
            self._indexes[root] = index
            self.anchors.clear()
            self.likely.clear()
        return index


def shared_targets(rule: object, rules: Iterable[object]) -> LocalTargets | None:
    """The :class:`LocalTargets` of the first rule of ``rules`` that has one."""
    for other in rules:
        targets = getattr(other, "local_targets", None)
        if isinstance(targets, LocalTargets):
            return targets
    return None


def site_index(targets: LocalTargets, site: object) -> SitePages | None:
    """The page index of the rule's Hugo site, or None (no site, or a Zola site)."""
    root = getattr(site, "root", None)
    if root is None or getattr(site, "heading_ids", None) == "zola":
        return None
    return targets.pages(Path(os.path.abspath(root)))


def local_links(doc: Document, index: SitePages | None, zola_root: Path | None) -> list[LocalLink]:
    """Every local link and ``ref`` of ``doc`` with what it leads to (see the module)."""
    key = (__name__, "local", index.stamp if index else None, str(zola_root))
    return doc.memo(key, lambda: _local_links(doc, index, zola_root))


def _local_links(doc: Document, index: SitePages | None, zola_root: Path | None) -> list[LocalLink]:
    page = Path(doc.path)
    # An editor's unsaved buffer has a folder but no file yet: its links are looked up
    # from there, as they will be once it is saved.
    if not page.is_file() and not (page.suffix.lower() in _PAGE_FILES and page.parent.is_dir()):
        return []
    page_path = os.path.abspath(page)
    found: list[LocalLink] = []
    seen: set[tuple[int, int]] = set()
    for link in (*find_links(doc), *html_links(doc)):
        href = link.href
        if (link.start, link.end) in seen or not is_site_path(href):
            continue
        if zola_root is None and href.startswith("@/"):
            continue
        seen.add((link.start, link.end))
        raw_path, hash_mark, fragment = href.partition("#")
        path = unquote(raw_path.split("?", 1)[0])
        if not path:
            continue  # a fragment of this page: link-anchor-missing's own check
        looked: list[tuple[str, bool]] = []
        if zola_root is not None and path.startswith("@/"):
            candidate = os.path.normpath(os.path.join(zola_root, "content", path[2:]))
            exists = os.path.isfile(candidate)
            looked.append((candidate, exists))
            hit: PageHit | None = PageHit(candidate) if exists else MISSING
        elif index is None:
            hit = _beside(page_path, path, looked, files_only=True)
        else:
            hit = _in_site(index, page_path, path, looked)
        found.append(
            LocalLink(
                link.start,
                link.end,
                link.url,
                path,
                fragment if hash_mark else None,
                None,
                hit,
                tuple(looked),
            )
        )
    if index is not None and "ref" in doc.text and _REF_CALL.search(doc.text):
        found.extend(_refs(doc, index, page_path))
    return found


def _refs(doc: Document, index: SitePages, page_path: str) -> list[LocalLink]:
    found: list[LocalLink] = []
    for shortcode in document_shortcodes(doc):
        if shortcode.name not in _REF_SHORTCODES:
            continue
        params = [p for p in shortcode.params if p.name in (None, "path")]
        if not params or any(p.name == "lang" for p in shortcode.params):
            continue  # another language's page: not looked up here
        param = params[0]
        value = param.decoded.strip()
        if not value or "{{" in value or "$" in value:
            continue
        path, hash_mark, fragment = value.partition("#")
        if path:
            file = index.find_ref(page_path, path)
            hit = PageHit(file) if file is not None else MISSING
        else:
            hit = PageHit(page_path)
        found.append(
            LocalLink(
                param.value_start,
                param.value_end,
                value,
                path,
                fragment if hash_mark else None,
                shortcode.name,
                hit,
            )
        )
    return found


def _beside(
    page: str, path: str, looked: list[tuple[str, bool]], files_only: bool
) -> PageHit | None:
    """``path`` looked up from the page's folder, as an editor or Git host does."""
    if path.startswith("/"):
        return None
    last = path.rstrip("/").rsplit("/", 1)[-1]
    candidate = os.path.normpath(os.path.join(os.path.dirname(page), path))
    if os.path.isfile(candidate):
        looked.append((candidate, True))
        return PageHit(candidate if candidate.lower().endswith(_PAGE_FILES) else None)
    if files_only:
        if "." not in last or path.endswith("/") or last.lower().endswith((".html", ".htm")):
            return None  # an address, which only the site can resolve
        looked.append((candidate, False))
        return MISSING
    if os.path.isdir(candidate):
        for name in ("index.md", "_index.md"):
            bundle = os.path.join(candidate, name)
            if os.path.isfile(bundle):
                return PageHit(bundle)
        return PageHit()
    return MISSING


def _in_site(
    index: SitePages, page: str, path: str, looked: list[tuple[str, bool]]
) -> PageHit | None:
    if path.startswith("/"):
        return index.find_address(path)
    if "/" not in path and "." not in path:
        return None  # a bare word (Hugo's docs write [term](g)): a render hook's to resolve
    beside = _beside(page, path, looked, files_only=False)
    if beside is not None and beside is not MISSING:
        return beside
    own = index.address_of(page)
    by_address: PageHit | None = None
    if own is not None:
        by_address = index.find_address(posixpath.normpath(posixpath.join(own + "/", path)))
        if by_address is not None and by_address is not MISSING:
            return by_address
    # Hugo's embedded link render hook, and most sites' own, look a destination up as a
    # page's path too: from the page's folder, then from the content root.
    file = index.find_ref(page, path.rstrip("/"))
    if file is not None:
        return PageHit(file)
    if path.lower().endswith(_PAGE_FILES):
        return MISSING
    return by_address


def target_anchors(
    targets: LocalTargets, file: str, anchors_of: Callable[[Document], frozenset[str] | None]
) -> frozenset[str] | None:
    """The ids of the page file ``file`` (``anchors_of(document)``), read once per run;
    None when they cannot be known (an unreadable file, a resource of a leaf bundle)."""
    if file in targets.anchors:
        return targets.anchors[file]
    anchors = None
    if not in_leaf_bundle(file, _content_folder_of(file)):
        document = read_page(file)
        anchors = anchors_of(document) if document is not None else None
    targets.anchors[file] = anchors
    return anchors


#: An ATX heading line, an explicit ``{#id}``, an HTML ``id``/``name`` attribute.
_HEADING_LINE = LazyPattern(r"^[ ]{0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$", re.M)
_EXPLICIT = LazyPattern(r"\{[ \t]*#(?P<id>[^\s}#]+)[^}\n]*\}")
_ATTRIBUTE = LazyPattern(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_FRONT_MATTER_WORD = LazyPattern(
    r"""^[ \t]*[\w-]+[ \t]*[:=][ \t]*["']?([^\s"']+)["']?[ \t]*$""", re.M
)
_COMMENT = LazyPattern(r"<!--.*?(?:-->|\Z)", re.S)
_FENCED = LazyPattern(
    r"^[ ]{0,3}(?P<fence>`{3,}|~{3,}).*?(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)", re.S | re.M
)
_INLINE_MARKUP = LazyPattern(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


def likely_ids(targets: LocalTargets, file: str, id_type: str) -> frozenset[str]:
    """Ids the page file ``file`` very probably has, from a scan of its lines without a
    Markdown parse: heading lines (as plain text), ``{#id}``, HTML ids and front-matter
    words, outside comments and fenced code. A fragment found
    here needs no parse of the page; one that is not is looked up in its parsed ids."""
    if file in targets.likely:
        return targets.likely[file]
    try:
        with open(file, "rb") as handle:
            text = handle.read(MAX_TARGET_CHARS).decode("utf-8", errors="replace")
    except OSError:
        text = ""
    ids: set[str] = set()
    if text.startswith(("---", "+++")):
        end = text.find("\n" + text[:3], 3)
        # Front-matter words a template may make ids of (see link-anchor-missing).
        ids.update(_FRONT_MATTER_WORD.findall(text, 0, end if end > 0 else 0))
    # Headings in comments (a translation keeps the original there) and code are no ids.
    if "<!--" in text:
        text = _COMMENT.sub("", text)
    if "```" in text or "~~~" in text:
        text = _FENCED.sub("", text)
    for match in _HEADING_LINE.finditer(text):
        plain = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", match.group("text"))
        ids.add(heading_id(plain, id_type))
    ids.update(match.group("id") for match in _EXPLICIT.finditer(text))
    if "<" in text:
        for match in _ATTRIBUTE.finditer(text):
            ids.add(next(group for group in match.groups() if group is not None))
    found = targets.likely[file] = frozenset(ids)
    return found


def bundle_resource(doc: Document, root: Path | None) -> bool:
    """Whether ``doc`` is a Markdown resource of a leaf bundle, not a page: its text is
    shown by the bundle's template, among the bundle page's ids, not its own."""
    path = os.path.abspath(doc.path)
    stop = None
    if root is not None:
        for folder in content_folders(root):
            if path.startswith(str(folder) + os.sep):
                stop = str(folder)
    return os.path.isfile(path) and in_leaf_bundle(path, stop)


def _content_folder_of(file: str) -> str | None:
    folder = os.path.dirname(file)
    while True:
        parent = os.path.dirname(folder)
        if os.path.basename(folder) == "content" or parent == folder:
            return folder if os.path.basename(folder) == "content" else None
        folder = parent


def read_page(path: str) -> Document | None:
    """The Markdown file ``path`` as a document, or None when it cannot be read or is too
    large (a hostile or broken tree)."""
    try:
        if os.path.getsize(path) > MAX_TARGET_CHARS:
            return None
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    return Document(text.removeprefix("\ufeff"), path)
