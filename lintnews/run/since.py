"""Checking part of a tree: the lines a change touched (``--since REF``), or one CI job's share
of the files (``--shard K/N``).

``--since REF`` asks git which lines differ between the revision REF and the working tree
(so staged and unstaged edits count, and files git does not track yet count whole). Only
files with such lines are read and checked, and of their findings only those on a changed
line or in the paragraph around it are kept: a change can break what surrounds it (a ``**``
added on one line pairs with one on the next), and a paragraph, the lines between two blank
lines, is what emphasis and brackets pair within. A deleted line counts as touching the lines
on either side of where it was; a blank line as touching the paragraphs before and after it.
Findings that say a file could not be read or a rule crashed are always kept.

``--shard K/N`` keeps the files whose path hashes to K of N buckets: the split depends on
each path alone, so every job of a CI matrix gets the same share whatever order the files
are found in, and adding a file moves no other.
"""

from __future__ import annotations

import os
import re
import subprocess
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lintnews.common.messages import message as msg
from lintnews.plugin.diagnostics import Diagnostic
from lintnews.run.engine import FIX_NOT_WRITTEN, INTERNAL_ERROR

if TYPE_CHECKING:
    from lintnews.run.runner import Run
    from lintnews.site.config import Config

#: The engine's finding for a file it could not read (:func:`~lintnews.run.engine.file_error`).
FILE_UNREADABLE = "file-unreadable"

#: Per file (its real path), the changed line numbers, or None when the whole file is new.
Changes = dict[str, "set[int] | None"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class PartialRunError(Exception):
    """``--since`` or ``--shard`` cannot be done as given (no git, an unknown revision...)."""


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` parts of a file list."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise PartialRunError(
                msg(
                    "--shard {text}: give K/N with 1 <= K <= N, e.g. --shard 2/4 (the second of "
                    "four)",
                    text=text,
                )
            )
        return cls(int(match[1]), int(match[2]))

    def holds(self, display: str) -> bool:
        bucket = zlib.crc32(display.replace(os.sep, "/").encode("utf-8")) % self.count
        return bucket == self.index - 1


def changed_lines(ref: str, where: Path) -> Changes:
    """What differs between ``ref`` and the working tree of the repository holding ``where``."""
    folder = where if where.is_dir() else where.parent
    failure = msg("--since needs a git work tree: {folder} is not in one", folder=str(folder))
    top = Path(_git(["rev-parse", "--show-toplevel"], folder, failure).strip())
    if ref.startswith("-"):
        raise PartialRunError(msg("--since {ref}: a git revision cannot start with '-'", ref=ref))
    _git(
        ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        top,
        msg("--since {ref}: no such git revision in {top}", ref=ref, top=str(top)),
    )
    diff = _git(
        ["diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames", ref, "--"], top
    )
    changes: Changes = {}
    lines: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            lines = None
            if target != "/dev/null":
                name = _unquote(target)[2:]  # after "b/"
                lines = changes.setdefault(os.path.realpath(top / name), set())  # type: ignore[assignment]
        elif line.startswith("@@") and lines is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
                # Nothing added: the lines were removed after line `start`.
                lines.update(range(start, start + count) if count else (start, start + 1))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in filter(None, untracked.split("\0")):
        changes[os.path.realpath(top / name)] = None
    return changes


def _git(args: list[str], folder: Path, failure: str | None = None) -> str:
    """git's output; ``failure`` (else git's own complaint) when it fails."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError as exc:
        raise PartialRunError(msg("--since needs git, and git is not installed")) from exc
    if done.returncode != 0:
        complaint = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else msg("failed")
        raise PartialRunError(
            failure
            or msg(
                "--since: git {command} in {folder}: {complaint}",
                command=args[0],
                folder=str(folder),
                complaint=complaint,
            )
        )
    return done.stdout


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted when it has a quote, backslash or control character."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "surrogateescape")


def files_to_check(
    files: Iterable[tuple[Path, str]], changes: Changes | None, shard: Shard | None
) -> list[tuple[Path, str]]:
    """The discovered files a partial run checks (none of them is read here)."""
    kept = []
    for path, display in files:
        if shard is not None and not shard.holds(display):
            continue
        if changes is not None and os.path.realpath(path) not in changes:
            continue
        kept.append((path, display))
    return kept


def touched_lines(changed: set[int] | None, lines: Sequence[str] | None) -> set[int] | None:
    """The changed lines widened to their paragraphs; None for every line."""
    if changed is None or lines is None:
        return None
    blank = [not line.strip() for line in lines]
    touched: set[int] = set()
    for number in changed:
        starts = (number - 1, number + 1) if _is_blank(blank, number) else (number,)
        for start in starts:
            if not 1 <= start <= len(lines) or _is_blank(blank, start) or start in touched:
                continue
            first = start
            while first > 1 and not blank[first - 2]:
                first -= 1
            last = start
            while last < len(lines) and not blank[last]:
                last += 1
            touched.update(range(first, last + 1))
    return touched


def _is_blank(blank: list[bool], number: int) -> bool:
    return not 1 <= number <= len(blank) or blank[number - 1]


def on_touched_lines(
    diagnostics: Sequence[Diagnostic], touched: set[int] | None
) -> list[Diagnostic]:
    """The findings a partial run reports for one file."""
    if touched is None:
        return list(diagnostics)
    return [
        d
        for d in diagnostics
        if d.rule in (INTERNAL_ERROR, FILE_UNREADABLE, FIX_NOT_WRITTEN)
        or any(line in touched for line in range(d.line, max(d.line, d.end_line) + 1))
    ]


def start_partial_run(
    paths: Iterable[str],
    config: Config,
    changes: Changes | None,
    shard: Shard | None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
) -> Run:
    """:func:`~lintnews.run.runner.start_run` for the files (and lines) a partial run keeps."""
    from lintnews.run.runner import Run, check_files, discover

    files = files_to_check(discover(paths, config), changes, shard)
    results = check_files(files, config, jobs=jobs, use_cache=use_cache)
    if changes is not None:
        results = _on_changed_lines(results, files, changes)
    return Run([display for _, display in files], results, list(config.warnings), config.rules)


def _on_changed_lines(
    results: Iterable[Sequence[Diagnostic]],
    files: Sequence[tuple[Path, str]],
    changes: Changes,
) -> Iterator[Sequence[Diagnostic]]:
    from lintnews.common.text import LINE_BREAK, decode
    from lintnews.site.files import read_bytes

    for (path, _), diagnostics in zip(files, results, strict=True):
        changed = changes.get(os.path.realpath(path))
        lines: list[str] | None = None
        if changed is not None and diagnostics:
            try:
                lines = LINE_BREAK.split(decode(read_bytes(path)).text)
            except Exception:
                lines = None  # unreadable now: what was found stays
        yield on_touched_lines(diagnostics, touched_lines(changed, lines))
