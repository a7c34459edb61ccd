"""Files lintnews writes inside a checked tree, opened without following symbolic links.

The caches (``.lintnews_cache/``) sit in a tree a pull request may fill: a committed link
``.lintnews_cache/.gitignore -> ~/.bashrc`` or ``results.sqlite3 -> other.db`` must not
make lintnews write through it. Every folder on the way is created here or must be a real
folder of the user's own, writable by the user alone, files are created with ``O_EXCL | O_NOFOLLOW`` and read with ``O_NOFOLLOW``; a link
anywhere raises :class:`LinkRefused` (an ``OSError``, which the caches treat as "no cache").
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class LinkRefused(OSError):
    """A symbolic link (or something else than a folder or file) where lintnews writes."""


def real_folder(root: Path, *parts: str) -> Path:
    """``root/parts...``, each folder below ``root`` created if missing; raises
    :class:`LinkRefused` when one is a link, not a folder, or another user's.

    Each folder is the user's own and writable by the user alone (an existing one that
    group or others may write to is made private): nobody else can then put a link in
    it between the checks here and the moment a file in it is opened (SQLite opens its
    database by name, after them). The folder *holding* the first one is not checked: see
    the README's threat model for that remaining window.
    """
    folder = root
    for part in parts:
        folder = folder / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o755)
        _make_own(folder)
    return folder


_SHARED_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _make_own(folder: Path) -> None:
    """Refuse ``folder`` unless it is a real folder of this user's; make it private to
    write. Done on the opened folder itself, so a link swapped in meanwhile is not
    followed."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise LinkRefused(
            f"{folder} is not a folder of lintnews's own (a link?): not used"
        ) from exc
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISDIR(info.st_mode):
            raise LinkRefused(f"{folder} is not a folder of lintnews's own: not used")
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            raise LinkRefused(f"{folder} belongs to user {info.st_uid}, not to this one: not used")
        if info.st_mode & _SHARED_WRITE and hasattr(os, "fchmod"):
            os.fchmod(descriptor, stat.S_IMODE(info.st_mode) & ~_SHARED_WRITE)
    finally:
        os.close(descriptor)


def refuse_link(path: Path) -> None:
    """Raise :class:`LinkRefused` when ``path`` exists as anything but a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise LinkRefused(f"{path} is not a regular file (a link?): not used")


def create_new(path: Path, data: bytes) -> None:
    """Write a new file ``path``; raises ``FileExistsError`` when anything (a link too) is
    already there."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except BaseException:
        os.unlink(path)
        raise


def read_regular(path: Path, limit: int = 1 << 20) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``, never through a link."""
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise LinkRefused(f"{path} is not a regular file: not read")
        return stream.read(limit)
