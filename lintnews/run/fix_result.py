"""What fixing one file did (:class:`FixResult`), and its diff: the part of fixing that a
run's report reads, kept apart from the fixing itself so the runner needs no import of it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lintnews.plugin.diagnostics import Diagnostic

__all__ = ["FixResult", "unified_diff"]


@dataclass
class FixResult:
    """What fixing one file did.

    ``remaining`` is what the run reports for the file: the diagnostics of the fixed text
    when it was written (or would be, for ``--diff``), else those of the file as it is.
    """

    path: Path
    display: str
    original: bytes | None = None  # None when the file could not be read
    fixed: bytes | None = None
    bom: bool = False
    applied: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    rounds: int = 0
    written: bool = False
    error: str | None = None  # the fix could not be written; the file is untouched
    warning: str | None = None  # fixes did not settle (rules undoing each other)

    @property
    def changed(self) -> bool:
        return self.original is not None and self.fixed is not None and self.fixed != self.original

    def diff(self) -> str:
        """A unified diff of the file's bytes before and after fixing ("" if unchanged)."""
        if not self.changed:
            return ""
        assert self.original is not None and self.fixed is not None
        # Both sides decode: the fixed bytes were encoded from text decoded from the original.
        before = self.original.decode("utf-8")
        after = self.fixed.decode("utf-8")
        return unified_diff(before, after, self.display)


# -- diffs -----------------------------------------------------------------------------

_LINES = re.compile(r"[^\n]*\n|[^\n]+$")


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff that ``git apply`` and ``patch -p1`` accept.

    Lines are split at ``\\n`` only, so a CRLF line keeps its ``\\r`` and a byte-order mark
    stays on line 1, as in the file; a last line without a line break is marked the way
    ``diff`` and ``git`` mark it.
    """
    out: list[str] = []
    name = name.lstrip("/")
    for line in difflib.unified_diff(
        _LINES.findall(before), _LINES.findall(after), f"a/{name}", f"b/{name}"
    ):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
