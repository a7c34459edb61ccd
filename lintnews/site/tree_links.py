"""Symbolic links that lead out of the checked tree: reported, never followed.

A checked tree may hold ``content/leak.md -> /home/me/.ssh/id_rsa`` or ``content/up -> ..``.
Followed, the first would be read, printed in code frames and diffs and rewritten by
``--fix``; the second would walk the parent folder. A link is followed only when its target
(every link on the way resolved) stays inside the *checked root*: the folder being walked,
or, for a file named on the command line, its repository (the nearest folder above it with
``.git``, else its own folder). Any other link is yielded as a :class:`LeavingLink`, which
:func:`lintnews.site.files.read_bytes` refuses to open: the run reports it as a finding on
the link.
"""

from __future__ import annotations

import os
from pathlib import PosixPath, WindowsPath

_PathBase = WindowsPath if os.name == "nt" else PosixPath


class LeavingLink(_PathBase):
    """A discovered path that is a symbolic link leading out of the checked root."""


class LinkLeavesTree(OSError):
    """Raised instead of reading a :class:`LeavingLink`."""


def inside(path: str, root: str) -> bool:
    """Whether the resolved ``path`` is ``root`` or below it (both resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def leaves(path: str, real_root: str) -> bool:
    """Whether the link ``path`` resolves to somewhere outside ``real_root``."""
    return not inside(os.path.realpath(path), real_root)


def root_of_file(path: str) -> str:
    """The checked root of a file named on the command line: its repository, else its
    folder (resolved)."""
    folder = os.path.dirname(os.path.abspath(path))
    for candidate in (folder, *_parents(folder)):
        if os.path.lexists(os.path.join(candidate, ".git")):
            return os.path.realpath(candidate)
    return os.path.realpath(folder)


def _parents(folder: str) -> list[str]:
    parents = []
    while True:
        parent = os.path.dirname(folder)
        if parent == folder:
            return parents
        parents.append(parent)
        folder = parent
