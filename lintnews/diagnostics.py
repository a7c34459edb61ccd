"""The one diagnostic type every rule yields and every output format prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``[start, end)`` of the decoded text with ``replacement``.

    Offsets count characters of the decoded file (after the byte-order mark, line ends as
    they are in the file), so an edit can be applied without touching any other byte.
    """

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a diagnostic.

    ``safe`` fixes keep the author's meaning and are applied by ``--fix``; unsafe ones
    need ``--unsafe-fixes``.
    """

    message: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, with 1-based lines and 1-based columns counted in characters.

    ``end_line``/``end_column`` point just past the last character of the offending text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None
    # Positions of the fix's edits, filled in by the engine for output formats.
    fix_positions: tuple[tuple[int, int, int, int], ...] = field(default=(), compare=False)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape (``--format json``)."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.fix is not None:
            data["fix"] = {
                "message": self.fix.message,
                "safe": self.fix.safe,
                "edits": [
                    {
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                        "replacement": edit.replacement,
                    }
                    for edit, (line, column, end_line, end_column) in zip(
                        self.fix.edits, self.fix_positions, strict=False
                    )
                ],
            }
        return data
