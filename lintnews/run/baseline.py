"""Baselines: accept today's findings, fail only on new ones.

``lintnews check --baseline FILE --update-baseline`` records every current finding;
``lintnews check --baseline FILE`` then hides the recorded ones and reports the rest.

A finding is identified without its line number, so that editing the file above it does
not make it "new": the key is (path, rule, message, the flagged text), and a key found
``n`` times in the baseline covers its first ``n`` occurrences in the file (in position
order). Line numbers quoted in messages ("first given on line 2") are left out of the key
too. Editing the flagged text itself, or the message changing, makes the finding new.

Paths in the file are relative to the folder that holds the baseline file, with ``/``
separators, so the baseline works from any working directory and on any OS.

A run speaks only for the files it was given (its :class:`Scope`): updating the baseline
from ``lintnews check --update-baseline content/a.md`` replaces the entries of
``content/a.md`` and keeps every other one, and only entries within the scope can be "no
longer found".
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lintnews.common.messages import message as msg
from lintnews.common.numbers import is_too_long_number, too_long_number_message
from lintnews.common.text import read_failure
from lintnews.plugin.diagnostics import Diagnostic

FORMAT_VERSION = 1
#: Findings that are never recorded: they mean the run itself went wrong.
NEVER_BASELINED = frozenset({"internal-error", "file-unreadable", "fix-not-written"})
#: Flagged text longer than this is stored shortened, with a digest of the whole.
MAX_SNIPPET = 160

_LINE_REFERENCE = re.compile(r"\b(lines?) \d+(?:\s*(?:-|–|to|and)\s*\d+)?")

LineReader = Callable[[str], "list[str] | None"]


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a lintnews baseline."""


@dataclass(frozen=True, order=True, slots=True)
class Key:
    path: str
    rule: str
    message: str
    snippet: str


def flagged_text(d: Diagnostic, lines: list[str] | None) -> str:
    """The text a diagnostic points at (lines joined with ``\\n``), or ``""``."""
    if not lines or not 1 <= d.line <= len(lines):
        return ""
    if d.end_line == d.line:
        return lines[d.line - 1][d.column - 1 : d.end_column - 1]
    last = min(d.end_line, len(lines))
    parts = [lines[d.line - 1][d.column - 1 :], *lines[d.line : last - 1]]
    if last == d.end_line:
        parts.append(lines[last - 1][: d.end_column - 1])
    return "\n".join(parts)


def stable_message(message: str) -> str:
    """``message`` without the line numbers it mentions ("first given on line 2").

    Such references change when lines are added above, though the finding has not.
    """
    return _LINE_REFERENCE.sub(lambda m: f"{m.group(1)} N", message)


def snippet(text: str) -> str:
    if len(text) <= MAX_SNIPPET:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{text[: MAX_SNIPPET // 2]}…sha256:{digest}"


def relative_path(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with ``/`` separators (absolute when on another drive)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(base))
    except ValueError:  # a different drive on Windows
        relative = absolute
    return relative.replace(os.sep, "/")


def keys(diagnostics: Iterable[Diagnostic], read_lines: LineReader, base: Path) -> list[Key]:
    """The baseline key of each diagnostic, in the same order."""
    return [
        Key(
            relative_path(d.path, base),
            d.rule,
            stable_message(d.message),
            snippet(flagged_text(d, read_lines(d.path))),
        )
        for d in diagnostics
    ]


def occurrences(found: Sequence[Key]) -> list[int]:
    """For each key, how many equal keys come before it (0 for the first)."""
    seen: Counter[Key] = Counter()
    result = []
    for key in found:
        result.append(seen[key])
        seen[key] += 1
    return result


def fingerprint(key: Key, occurrence: int) -> str:
    """A stable digest of a finding, for SARIF ``partialFingerprints``."""
    data = json.dumps([key.path, key.rule, key.message, key.snippet, occurrence])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Scope:
    """The baseline entries a run speaks for: those of the files it checked and of any file
    under the paths it was given (a file there that was not checked has been removed, or is
    now excluded), all relative to the baseline's folder."""

    files: frozenset[str]
    roots: tuple[str, ...]

    @classmethod
    def of(cls, checked: Iterable[str], given: Iterable[str], base: Path) -> Scope:
        return cls(
            frozenset(relative_path(path, base) for path in checked),
            tuple(relative_path(path, base) for path in given),
        )

    def covers(self, path: str) -> bool:
        if path in self.files:
            return True
        for root in self.roots:
            inside = posixpath.relpath(posixpath.normpath(path), root)
            if inside != ".." and not inside.startswith("../"):
                return True
        return False


@dataclass
class Baseline:
    counts: Counter[Key]

    @classmethod
    def from_findings(
        cls, diagnostics: Iterable[Diagnostic], read_lines: LineReader, base: Path
    ) -> Baseline:
        recordable = [d for d in diagnostics if d.rule not in NEVER_BASELINED]
        return cls(Counter(keys(recordable, read_lines, base)))

    def __len__(self) -> int:
        return sum(self.counts.values())

    def updated(self, found: Baseline, scope: Scope) -> Baseline:
        """This baseline with the entries of the files in ``scope`` replaced by ``found``."""
        kept = Counter({key: n for key, n in self.counts.items() if not scope.covers(key.path)})
        return Baseline(kept + found.counts)

    # -- the file ------------------------------------------------------------------------

    def dumps(self) -> str:
        findings = [
            {
                "path": key.path,
                "rule": key.rule,
                "message": key.message,
                "text": key.snippet,
                "count": count,
            }
            for key, count in sorted(self.counts.items())
        ]
        document = {"lintnews-baseline": FORMAT_VERSION, "findings": findings}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        try:
            path.write_text(self.dumps(), encoding="utf-8")
        except OSError as exc:
            raise BaselineError(
                msg("{path}: cannot write the baseline: {reason}", path=path, reason=exc.strerror)
            ) from None

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(
                msg("{path}: no such baseline file; create it with --update-baseline", path=path)
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(
                msg("{path}: cannot read the baseline: {exc}", path=path, exc=read_failure(exc))
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                msg(
                    "{path}: not a valid baseline (JSON error at line {line}, column {column}: "
                    "{error}); recreate it with --update-baseline",
                    path=path,
                    line=exc.lineno,
                    column=exc.colno,
                    error=exc.msg,
                )
            ) from None
        except ValueError as exc:
            if not is_too_long_number(exc):
                raise
            raise BaselineError(
                msg(
                    "{path}: not a valid baseline ({reason}); recreate it with --update-baseline",
                    path=path,
                    reason=too_long_number_message(),
                )
            ) from None
        return cls(_parse(data, path))

    # -- matching -----------------------------------------------------------------------

    def split(
        self,
        diagnostics: Sequence[Diagnostic],
        read_lines: LineReader,
        base: Path,
        scope: Scope | None = None,
    ) -> tuple[list[Diagnostic], int, int]:
        """``(new findings, how many were baselined, baseline entries no longer found)``;
        entries outside ``scope`` (files the run was not given) are never counted gone."""
        remaining = Counter(self.counts)
        new: list[Diagnostic] = []
        matched = 0
        for diagnostic, key in zip(diagnostics, keys(diagnostics, read_lines, base), strict=True):
            if diagnostic.rule not in NEVER_BASELINED and remaining[key] > 0:
                remaining[key] -= 1
                matched += 1
            else:
                new.append(diagnostic)
        gone = sum(n for key, n in remaining.items() if scope is None or scope.covers(key.path))
        return new, matched, gone


def _parse(data: object, path: Path) -> Counter[Key]:
    def bad(why: str) -> BaselineError:
        return BaselineError(
            msg(
                "{path}: not a lintnews baseline ({why}); recreate it with --update-baseline",
                path=path,
                why=why,
            )
        )

    if not isinstance(data, dict) or "lintnews-baseline" not in data:
        raise bad(msg('no "lintnews-baseline" version key'))
    version = data["lintnews-baseline"]
    if version != FORMAT_VERSION:
        raise bad(
            msg(
                "format version {version!r}; this lintnews reads version {supported}",
                version=version,
                supported=FORMAT_VERSION,
            )
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise bad(msg('"findings" is not a list'))
    counts: Counter[Key] = Counter()
    for index, entry in enumerate(findings):
        fields = ("path", "rule", "message", "text")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise bad(
                msg("findings[{index}] needs string path, rule, message and text", index=index)
            )
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise bad(msg("findings[{index}].count must be a positive whole number", index=index))
        counts[Key(entry["path"], entry["rule"], entry["message"], entry["text"])] += count
    return counts
