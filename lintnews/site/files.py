"""Finding the files to check, and reading them safely.

Files named explicitly are always checked (pre-commit passes file lists). A folder is
walked for the configured file patterns, in a stable order, skipping:

- at a Hugo site's root (a folder with a Hugo config), everything but the site's content
  folders (``contentDir``, ``content`` by default, and each language's own), and in them
  the files that the site's ``ignoreFiles`` keeps out of its build;
- what the ``.gitignore`` and ``.ignore`` files of the tree exclude (read here, see
  :mod:`lintnews.site.ignorefiles`; git need not be installed), from the repository's root down;
- :data:`~lintnews.site.configfile.DEFAULT_SKIPPED` (vendored modules, hidden files and
  folders, repository meta files) and, at a site root, its build output and themes;
- configured excludes and :data:`~lintnews.site.configfile.ALWAYS_EXCLUDED`.

A file or folder skipped by default (not ignored, not excluded) is still walked when an
``include`` pattern of the user's names it.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from lintnews.site.configfile import (
    ALWAYS_EXCLUDED,
    DEFAULT_SKIPPED,
    META_FILE_PATTERNS,
    SITE_SKIPPED,
    FileSelection,
)
from lintnews.site.ignorefiles import IgnoreRules, parse_patterns
from lintnews.site.tree_links import LeavingLink, LinkLeavesTree, leaves, root_of_file


def discover(paths: Iterable[str], selection: FileSelection) -> Iterator[tuple[Path, str]]:
    """``(path, display name)`` of every file to check, each once, in a stable order.

    A symbolic link leading out of the checked root comes as a
    :class:`~lintnews.site.tree_links.LeavingLink`, which is reported, not read."""
    seen: set[object] = set()
    for raw in paths:
        path = Path(raw)
        linked = os.path.realpath(raw) != os.path.abspath(raw)  # a link on the way
        if linked and not path.is_dir() and leaves(raw, root_of_file(raw)):
            yield LeavingLink(raw), raw
            continue
        if path.is_dir():
            for found in _walk(path, selection):
                key = _identity(found)
                if key not in seen:
                    seen.add(key)
                    yield found, _display(found)
        else:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                yield path, raw


_DEFAULT_SKIPPED = tuple(parse_patterns("\n".join(DEFAULT_SKIPPED)))
_SITE_SKIPPED = tuple(parse_patterns("\n".join(SITE_SKIPPED)))


def _walk(root: Path, selection: FileSelection) -> Iterator[Path]:
    from lintnews.site.hugo import content_folders, find_site_root, has_site_config, ignored_by_site

    visited: set[tuple[int, int]] = set()
    real_root = os.path.realpath(root)
    ignored = IgnoreRules.above(root, _ignore_top(root))
    site_root = find_site_root(root)
    # Each folder to walk, with the ignore files and default skips in force there, the
    # site's ignoreFiles, and (below a site root, above its content) the content folders
    # it may lead to.
    stack: list[
        tuple[Path, IgnoreRules, IgnoreRules, re.Pattern[str] | None, tuple[Path, ...] | None]
    ] = [
        (
            root,
            ignored,
            IgnoreRules().with_patterns(root, _DEFAULT_SKIPPED),
            ignored_by_site(site_root) if site_root is not None else None,
            None,
        )
    ]
    while stack:
        folder, ignored, skipped, unbuilt, towards = stack.pop()
        try:
            info = folder.stat()
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in visited:  # a symlink loop
            continue
        visited.add((info.st_dev, info.st_ino))
        names = {entry.name for entry in entries}
        ignored = ignored.entering(folder, names)
        if has_site_config(folder, names):
            skipped = skipped.with_patterns(folder, _SITE_SKIPPED)
            unbuilt = ignored_by_site(folder)
            inside = [os.path.abspath(c) for c in content_folders(folder)]
            here = os.path.abspath(folder)
            towards = None if here in inside else tuple(Path(c) for c in inside)
        subfolders = []
        prefix = os.path.join(os.path.abspath(folder), "")
        for entry in entries:
            candidate = folder / entry.name
            absolute = prefix + entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name in ALWAYS_EXCLUDED or ignored.ignores(absolute, True):
                    continue
                leads = _leads_to_content(absolute, towards)
                if (
                    (leads is None or skipped.ignores(absolute, True))
                    and not selection.names(candidate, True)
                ) or selection.is_excluded(candidate):
                    continue
                if _is_link(entry) and leaves(absolute, real_root):
                    yield LeavingLink(candidate)  # reported, never walked
                    continue
                subfolders.append((candidate, ignored, skipped, unbuilt, leads or None))
                continue
            if not selection.is_included(candidate) or selection.is_excluded(candidate):
                continue
            if ignored.ignores(absolute, False):
                continue
            if (
                towards is not None
                or skipped.ignores(absolute, False)
                or (unbuilt is not None and unbuilt.search(absolute))
            ) and not selection.names(candidate, False):
                continue
            yield (
                LeavingLink(candidate)
                if _is_link(entry) and leaves(absolute, real_root)
                else candidate
            )
        stack.extend(reversed(subfolders))


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _leads_to_content(here: str, towards: tuple[Path, ...] | None) -> tuple[Path, ...] | None:
    """For the absolute folder ``here`` below a site root: ``()`` when it is (or is
    inside) a content folder, the content folders it leads to when it is above some, None
    when it leads to none. Outside a site (``towards`` None): ``()``."""
    if towards is None:
        return ()
    if any(here == str(c) or here.startswith(str(c) + os.sep) for c in towards):
        return ()
    below = tuple(c for c in towards if str(c).startswith(here + os.sep))
    return below or None


def _ignore_top(root: Path) -> Path:
    """Where the ignore files that apply to ``root`` start: the repository's root (the
    nearest folder with ``.git``), else the Hugo site's root, else ``root`` itself."""
    absolute = root.absolute()
    for folder in (absolute, *absolute.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    from lintnews.site.hugo import find_site_root

    try:
        site = find_site_root(absolute)
    except OSError:
        site = None
    return site if site is not None else absolute


def is_article(path: str, site_root: Path | None) -> bool:
    """Whether the Markdown file ``path`` is an article (a page) rather than one of a
    repository's own documents, which get only the rules that are not ``articles_only``.

    A repository meta file (``README.md``, ``CHANGELOG.md``... see
    :data:`~lintnews.site.configfile.META_FILE_PATTERNS`) is never an article; in a Hugo site
    (``site_root``), only the files in its content folders are; outside any site, every
    other file is.
    """
    name = os.path.basename(path)
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in META_FILE_PATTERNS):
        return False
    if site_root is None:
        return True
    from lintnews.site.hugo import in_content

    return in_content(path, site_root)


def _identity(path: Path) -> object:
    """What makes two paths the same file: its device and inode (one stat, where resolving
    the path would look at every folder above it)."""
    try:
        stat = os.stat(path)
        return (stat.st_dev, stat.st_ino)
    except (OSError, ValueError):
        return os.path.abspath(path)


def _display(path: Path) -> str:
    text = str(path)
    return text[2:] if text.startswith("./") else text


class NotARegularFile(OSError):
    """A FIFO, socket or device named like an article: reading it could block forever."""


class FileTooLarge(OSError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, more than {limit}")
        self.size = size
        self.limit = limit


def read_bytes(path: Path, limit: int = 0) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (0: no limit).

    The file is opened without blocking and checked before anything is read, so a FIFO
    named ``x.md`` in an untrusted tree cannot hang the run, nor a 50 MB file exhaust it.
    A :class:`~lintnews.site.tree_links.LeavingLink` is not opened at all.
    """
    if isinstance(path, LeavingLink):
        raise LinkLeavesTree(f"{path} leads outside the checked folder")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path} is not a regular file")
        if limit and info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        data = stream.read(limit + 1) if limit else stream.read()
    if limit and len(data) > limit:  # it grew while we read it
        raise FileTooLarge(len(data), limit)
    return data


def config_search_start(first_path: str) -> Path:
    """Where the config search starts: the first path, or its folder when the path cannot be
    resolved (a symlink loop); discovery then reports the path itself as unreadable."""
    start = Path(first_path)
    try:
        start.resolve(strict=False)
    except (OSError, RuntimeError):  # pathlib raises RuntimeError for loops before 3.13
        return start.parent
    return start
