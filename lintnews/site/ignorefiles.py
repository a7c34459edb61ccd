"""``.gitignore`` and ``.ignore`` files, read the way git reads them, without git.

A tree being checked may not be a repository, and git may not be installed, so the
patterns are matched here. Git's rules: blank lines and ``#`` comments are skipped; a
leading ``!`` re-includes what an earlier pattern excluded; a trailing ``/`` matches
folders only; a pattern with a ``/`` at its start or middle is anchored at the folder of
its file, one without matches a name at any depth; ``*``, ``?`` and ``[...]`` stay within
one name; ``**/`` spans any number of folders, ``/**`` is everything inside; ``\\``
escapes the next character. A file deeper in the tree overrides those above it; within a
folder, ``.ignore`` (as ripgrep reads it) overrides ``.gitignore``; within a file, the
last matching pattern decides. Nothing inside an excluded folder is re-included, because
git does not look inside it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

#: In the order they apply within one folder: later ones override earlier ones.
IGNORE_FILE_NAMES = (".gitignore", ".ignore")
#: Ignore files larger than this are not read (a hostile tree).
MAX_IGNORE_FILE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class IgnorePattern:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool


def parse_patterns(text: str) -> list[IgnorePattern]:
    """The patterns of one ignore file, in order."""
    patterns = []
    for line in text.splitlines():
        pattern = _parse_line(line)
        if pattern is not None:
            patterns.append(pattern)
    return patterns


def _parse_line(line: str) -> IgnorePattern | None:
    line = _strip_trailing_spaces(line)
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    folders_only = line.endswith("/") and not line.endswith("\\/")
    if folders_only:
        line = line.rstrip("/")
    if not line:
        return None
    # A slash before the end anchors the pattern at the ignore file's folder.
    anchored = "/" in line
    line = line.removeprefix("/")
    body = _translate(line)
    prefix = "" if anchored else "(?:.*/)?"
    return IgnorePattern(re.compile(prefix + body, re.DOTALL), negated, folders_only)


def _strip_trailing_spaces(line: str) -> str:
    """Trailing spaces are dropped unless escaped with a backslash (``a\\ ``)."""
    stripped = line.rstrip(" \t\r")
    if stripped.endswith("\\") and len(stripped) < len(line.rstrip("\r")):
        return stripped + " "
    return stripped


def _translate(pattern: str) -> str:
    parts: list[str] = []
    index, length = 0, len(pattern)
    while index < length:
        char = pattern[index]
        if char == "\\" and index + 1 < length:
            parts.append(re.escape(pattern[index + 1]))
            index += 2
        elif pattern.startswith("**", index) and _whole_segment(pattern, index):
            after = index + 2
            if after == length:
                # `dir/**`: everything inside; a lone `**`: everything.
                parts.append(".*" if index == 0 else ".+")
                index = after
            else:  # `**/` (at the start or after a slash): any number of folders
                parts.append("(?:[^/]+/)*")
                index = after + 1
        elif char == "*":
            while index < length and pattern[index] == "*":
                index += 1  # other runs of asterisks are one asterisk
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
            index += 1
        elif char == "[":
            translated, index = _bracket(pattern, index)
            parts.append(translated)
        else:
            parts.append(re.escape(char))
            index += 1
    return "".join(parts)


def _whole_segment(pattern: str, index: int) -> bool:
    """Whether the ``**`` at ``index`` is a whole path segment (only then does it span)."""
    before_ok = index == 0 or pattern[index - 1] == "/"
    after = index + 2
    after_ok = after == len(pattern) or pattern[after] == "/"
    return before_ok and after_ok


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """A ``[...]`` class from ``start``; an unclosed ``[`` is a literal bracket."""
    index = start + 1
    negate = index < len(pattern) and pattern[index] in "!^"
    if negate:
        index += 1
    body_start = index
    if index < len(pattern) and pattern[index] == "]":
        index += 1  # a `]` first in the class is a member
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    if index >= len(pattern):
        return re.escape("["), start + 1
    members = pattern[body_start:index]
    escaped = "".join(
        "\\" + c if c in "\\^[]" else c for c in members.replace("\\", "")
    )  # ranges (a-z) keep their hyphen
    return f"[{'^' if negate else ''}{escaped}{'/' if negate else ''}]", index + 1


@dataclass(frozen=True, slots=True)
class _IgnoreFile:
    prefix: str  # the absolute folder of the file, with a trailing separator
    patterns: tuple[IgnorePattern, ...]

    @classmethod
    def at(cls, folder: Path, patterns: tuple[IgnorePattern, ...]) -> _IgnoreFile:
        return cls(os.path.join(os.path.abspath(folder), ""), patterns)


class IgnoreRules:
    """The ignore files that apply in one folder: its own and its ancestors' (immutable;
    :meth:`entering` gives a folder's rules from its parent's)."""

    __slots__ = ("_files",)

    def __init__(self, files: tuple[_IgnoreFile, ...] = ()) -> None:
        self._files = files

    def entering(self, folder: Path, names: frozenset[str] | set[str]) -> IgnoreRules:
        """The rules inside ``folder``, whose listing is ``names``: these plus its own
        ignore files (read only when listed, so most folders cost nothing)."""
        added = []
        for name in IGNORE_FILE_NAMES:
            if name in names:
                patterns = _read_patterns(folder / name)
                if patterns:
                    added.append(_IgnoreFile.at(folder, tuple(patterns)))
        return IgnoreRules(self._files + tuple(added)) if added else self

    def with_patterns(self, folder: Path, patterns: tuple[IgnorePattern, ...]) -> IgnoreRules:
        """These rules and ``patterns`` as if read from an ignore file in ``folder``."""
        return IgnoreRules((*self._files, _IgnoreFile.at(folder, patterns)))

    @classmethod
    def above(cls, folder: Path, top: Path) -> IgnoreRules:
        """The rules that reach ``folder`` from the ignore files of its ancestors, from
        ``top`` (e.g. the repository's root) down to its parent; none when ``folder`` is
        ``top`` or not inside it."""
        folder, top = folder.absolute(), top.absolute()
        rules = cls()
        if top not in folder.parents:
            return rules
        chain = [p for p in folder.parents if p == top or top in p.parents]
        for ancestor in reversed(chain):
            rules = rules.entering(ancestor, _existing_ignore_files(ancestor))
        return rules

    def ignores(self, path: Path | str, is_folder: bool) -> bool:
        """Whether the ignore files exclude ``path`` (in or below the files' folders; a
        string must be absolute, as a walk that has one at hand passes it)."""
        absolute = path if isinstance(path, str) else os.path.abspath(path)
        for ignore_file in reversed(self._files):
            if not absolute.startswith(ignore_file.prefix):
                continue
            relative = absolute[len(ignore_file.prefix) :]
            if os.sep != "/":
                relative = relative.replace(os.sep, "/")
            for pattern in reversed(ignore_file.patterns):
                if pattern.folders_only and not is_folder:
                    continue
                if pattern.regex.fullmatch(relative):
                    return not pattern.negated
        return False


def _existing_ignore_files(folder: Path) -> set[str]:
    return {name for name in IGNORE_FILE_NAMES if (folder / name).is_file()}


def _read_patterns(path: Path) -> list[IgnorePattern]:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_IGNORE_FILE_BYTES)
    except OSError:
        return []  # unreadable: nothing is ignored because of it
    return parse_patterns(data.decode("utf-8", "replace"))
