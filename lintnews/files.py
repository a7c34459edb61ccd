"""Finding the files to check, and reading them safely.

Directories are walked recursively for the configured file patterns, skipping ``.git``,
``node_modules`` and configured excludes; files named explicitly are always checked
(pre-commit passes file lists).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from lintnews.configfile import ALWAYS_EXCLUDED, FileSelection


def discover(paths: Iterable[str], selection: FileSelection) -> Iterator[tuple[Path, str]]:
    """``(path, display name)`` of every file to check, each once, in a stable order."""
    seen: set[object] = set()
    for raw in paths:
        path = Path(raw)
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


def _walk(root: Path, selection: FileSelection) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        folder_path = Path(folder)
        try:
            stat = folder_path.stat()
        except OSError:
            dirnames[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in visited:  # a symlink loop
            dirnames[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in ALWAYS_EXCLUDED and not selection.is_excluded(folder_path / d)
        )
        for name in sorted(filenames):
            candidate = folder_path / name
            if selection.is_included(candidate) and not selection.is_excluded(candidate):
                yield candidate


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
    """
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
