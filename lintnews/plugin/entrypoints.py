"""The installed distributions that register rules, read from their metadata folders.

``importlib.metadata`` (with the email package it imports) and its reading of every
distribution's metadata were a fifth of a one-file run, while the ``lintnews.rules``
entry points need only each metadata folder's name and ``entry_points.txt``. The folders
are found as importlib.metadata finds them: the ``*.dist-info`` and ``*.egg-info`` folders
of each ``sys.path`` folder, the first of each distribution name on the path. Nothing is
cached between runs, so a plugin installed, removed or upgraded is seen by the next run.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from lintnews import ENTRY_POINT_GROUP

_METADATA_FOLDERS = (".dist-info", ".egg-info")


@dataclass(frozen=True, slots=True)
class RuleEntryPoint:
    """One ``name = module:attribute`` line of a ``[lintnews.rules]`` section."""

    name: str
    value: str

    def load(self) -> Any:
        """What the entry point names, imported as ``importlib.metadata`` would."""
        reference = self.value.partition("[")[0]  # extras do not change what is loaded
        module_name, _, attributes = reference.partition(":")
        target: Any = import_module(module_name.strip())
        for attribute in filter(None, attributes.strip().split(".")):
            target = getattr(target, attribute)
        return target


@dataclass(frozen=True, slots=True)
class RuleDistribution:
    """An installed distribution with a ``[lintnews.rules]`` section."""

    key: str  #: the normalised name
    version: str
    metadata: str  #: its metadata folder
    entry_points: str  #: its ``entry_points.txt``


@dataclass
class InstalledDistributions:
    """What :func:`scan` found on ``sys.path``."""

    #: Every distribution's version, by normalised name.
    versions: dict[str, str] = field(default_factory=dict)
    rules: list[RuleDistribution] = field(default_factory=list)
    #: Path entries that are files (zip archives), which only importlib.metadata reads.
    archives: list[str] = field(default_factory=list)


def scan() -> InstalledDistributions:
    """The distributions on ``sys.path`` now (the first of each name, as it imports)."""
    found = InstalledDistributions()
    for entry in sys.path:
        folder = entry or os.curdir
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if e.name.endswith(_METADATA_FOLDERS))
        except NotADirectoryError:
            found.archives.append(folder)
            continue
        except OSError:
            continue
        for name in names:
            metadata = os.path.join(folder, name)
            project, _, version = name.rpartition(".")[0].partition("-")
            key = distribution_key(project)
            if key in found.versions:
                continue  # the first of a name on the path is the one that imports
            found.versions[key] = version.partition("-")[0] or _egg_version(metadata)
            text = read_small(os.path.join(metadata, "entry_points.txt"))
            if text is not None and f"[{ENTRY_POINT_GROUP}]" in text:
                found.rules.append(RuleDistribution(key, found.versions[key], metadata, text))
    return found


def rule_entry_points() -> list[Any]:
    """Every ``lintnews.rules`` entry point of the installed distributions, by name.

    A zip archive on the path is read through importlib.metadata, which knows them.
    """
    found = scan()
    if found.archives:
        from importlib.metadata import entry_points

        points: list[Any] = list(entry_points(group=ENTRY_POINT_GROUP))
    else:
        points = [
            RuleEntryPoint(name, value)
            for distribution in found.rules
            for name, value in section_entries(distribution.entry_points)
        ]
    return sorted(points, key=lambda point: point.name)


def section_entries(entry_points: str) -> list[tuple[str, str]]:
    """The ``(name, value)`` lines of the ``[lintnews.rules]`` section of an
    ``entry_points.txt``."""
    section = entry_points.partition(f"[{ENTRY_POINT_GROUP}]")[2].partition("\n[")[0]
    entries = []
    for line in section.splitlines():
        name, equals, value = line.partition("=")
        if equals and value.strip() and not line.lstrip().startswith(("#", ";")):
            entries.append((name.strip(), value.strip()))
    return entries


def distribution_key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _egg_version(metadata: str) -> str:
    """The version an ``*.egg-info`` folder without one in its name records."""
    text = read_small(os.path.join(metadata, "PKG-INFO")) or ""
    match = re.search(r"^Version:\s*(\S+)", text, re.M)
    return match[1] if match else "?"


def read_small(path: str) -> str | None:
    """A metadata file's text, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read(1_000_000)
    except (OSError, UnicodeDecodeError):
        return None
