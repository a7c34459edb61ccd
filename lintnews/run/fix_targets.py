"""What ``--fix`` may write, and how, beyond the plain case of an atomic rename.

A rename puts a new file in place of the old: a read-only file would be replaced although
its owner made it read-only, and a file with several hard links would be split from the
others. So a read-only file is refused (:class:`ReadOnlyFile`) and one with hard links is
rewritten in place (:func:`write_in_place`), keeping its inode and so every link to it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path


class ReadOnlyFile(OSError):
    """The file is read-only: fixing it would mean replacing what its owner protected."""


def refuse_read_only(target: Path, info: os.stat_result) -> None:
    """Raise :class:`ReadOnlyFile` when nobody may write ``target`` (no write bit), or this
    user may not (root may write anything, but a file without write bits is still
    refused)."""
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        target, os.W_OK
    ):
        raise ReadOnlyFile(13, "the file is read-only", str(target))


def write_in_place(
    target: Path,
    data: bytes,
    expected: bytes,
    before_write: Callable[[Path], None] | None = None,
) -> bool:
    """Overwrite ``target`` with ``data`` through its own inode if it still holds
    ``expected``; False (nothing written) when it does not."""
    descriptor = os.open(target, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "r+b") as stream:
        if before_write is not None:
            before_write(target)
        if stream.read() != expected:
            return False
        stream.seek(0)
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())
    return True
