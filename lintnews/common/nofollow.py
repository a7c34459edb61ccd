"""Files lintnews writes inside a checked tree, opened without following symbolic links.

The caches (``.lintnews_cache/``) sit in a tree a pull request may fill: a committed link
``.lintnews_cache/.gitignore -> ~/.bashrc`` or ``results.sqlite3 -> other.db`` must not
make lintnews write through it. Every folder on the way is created here or must be a real
folder, files are created with ``O_EXCL | O_NOFOLLOW`` and read with ``O_NOFOLLOW``; a link
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
    :class:`LinkRefused` when one is a link or not a folder."""
    folder = root
    for part in parts:
        folder = folder / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            raise LinkRefused(f"{folder} is not a folder of lintnews's own (a link?): not used")
    return folder


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
