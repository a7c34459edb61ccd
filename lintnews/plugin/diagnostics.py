"""The one diagnostic type every rule yields and every output format prints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from json.encoder import encode_basestring as _encode_string
from typing import Any

from lintnews.common.escapes import json_safe
from lintnews.common.messages import Message, from_data


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
    # json_text, once computed: the cache and --format json both need it.
    _json: str | None = field(default=None, init=False, repr=False, compare=False)

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

    def json_text(self) -> str:
        """:meth:`to_json` encoded: one line, non-ASCII kept (``--format json``, the cache).

        Written out rather than built as a dict and encoded: every finding of a cold run
        is encoded for the cache, and this takes 2.9 us where that took 7.6. A test holds
        it equal to ``json.dumps(self.to_json(), ensure_ascii=False)``.
        """
        if self._json is None:
            text = _encode_string
            head = (
                f'{{"path": {text(self.path)}, "line": {self.line}, "column": {self.column}, '
                f'"end_line": {self.end_line}, "end_column": {self.end_column}, '
                f'"rule": {text(self.rule)}, "code": {text(self.code)}, '
                f'"severity": {text(self.severity.value)}, "message": {text(self.message)}'
            )
            fix = self.fix
            if fix is None:
                encoded = head + "}"
            else:
                edits = ", ".join(
                    f'{{"line": {line}, "column": {column}, "end_line": {end_line}, '
                    f'"end_column": {end_column}, "replacement": {text(edit.replacement)}}}'
                    for edit, (line, column, end_line, end_column) in zip(
                        fix.edits, self.fix_positions, strict=False
                    )
                )
                safe = "true" if fix.safe else "false"
                encoded = (
                    f'{head}, "fix": {{"message": {text(fix.message)}, "safe": {safe}, '
                    f'"edits": [{edits}]}}}}'
                )
            # A path that is not UTF-8 holds lone surrogates: escaped, the text stays UTF-8.
            object.__setattr__(self, "_json", json_safe(encoded))
        return self._json  # type: ignore[return-value]

    @classmethod
    def from_json(
        cls, data: dict[str, Any], offsets: list[tuple[int, int]] | None = None
    ) -> Diagnostic:
        """The diagnostic :meth:`to_json` describes; ``offsets`` are its fix edits' text
        offsets, which the public shape leaves out."""
        fix = None
        positions: tuple[tuple[int, int, int, int], ...] = ()
        raw_fix = data.get("fix")
        if raw_fix is not None:
            raw_edits = raw_fix["edits"]
            spans = offsets if offsets is not None else [(0, 0)] * len(raw_edits)
            if len(spans) != len(raw_edits):
                raise ValueError("fix offsets do not match the edits")
            fix = Fix(
                message=str(raw_fix["message"]),
                edits=tuple(
                    Edit(int(start), int(end), str(edit["replacement"]))
                    for (start, end), edit in zip(spans, raw_edits, strict=True)
                ),
                safe=bool(raw_fix["safe"]),
            )
            positions = tuple(
                (int(e["line"]), int(e["column"]), int(e["end_line"]), int(e["end_column"]))
                for e in raw_edits
            )
        # Positional, and checked rather than converted: a warm run decodes every cached
        # finding through here, and keyword arguments and conversions double its cost.
        diagnostic = cls(
            data["path"],
            data["line"],
            data["column"],
            data["end_line"],
            data["end_column"],
            data["rule"],
            data["code"],
            _SEVERITIES[data["severity"]],
            data["message"],
            fix,
            positions,
        )
        if not _well_typed(diagnostic):
            raise ValueError(f"not a diagnostic: {data!r}")
        return diagnostic


_SEVERITIES = {severity.value: severity for severity in Severity}


def _well_typed(d: Diagnostic) -> bool:
    return (
        type(d.path) is str
        and type(d.line) is int
        and type(d.column) is int
        and type(d.end_line) is int
        and type(d.end_column) is int
        and type(d.rule) is str
        and type(d.code) is str
        and isinstance(d.message, str)
    )


def message_data(d: Diagnostic) -> list[Any] | None:
    """The templates of ``d``'s message and fix title (see :mod:`lintnews.common.messages`),
    for a transport that keeps only the JSON text; None when neither has one."""
    text = d.message.to_data() if isinstance(d.message, Message) else None
    fix = (
        d.fix.message.to_data()
        if d.fix is not None and isinstance(d.fix.message, Message)
        else None
    )
    return None if text is None and fix is None else [text, fix]


def with_message_data(d: Diagnostic, data: Any) -> Diagnostic:
    """``d`` with the message and fix title :func:`message_data` described (same text)."""
    from dataclasses import replace

    if not (isinstance(data, list) and len(data) == 2):
        return d
    text, fix_title = from_data(data[0]), from_data(data[1])
    fix = d.fix
    if fix is not None and fix_title == fix.message:
        fix = replace(fix, message=fix_title)
    if text != d.message:
        text = None
    if text is None and fix is d.fix:
        return d
    return replace(d, message=text or d.message, fix=fix)


#: What a summary and the exit status need of a file's findings, in this order.
COUNTED = ("error", "warning", "info", "fixable-safe", "fixable-unsafe", "internal-error")


def counts_of(diagnostics: Iterable[Diagnostic]) -> list[int]:
    """How many of ``diagnostics`` fall in each :data:`COUNTED` class."""
    counts = dict.fromkeys(COUNTED, 0)
    for d in diagnostics:
        counts[d.severity.value] += 1
        if d.fix is not None and d.fix.edits:
            counts["fixable-safe" if d.fix.safe else "fixable-unsafe"] += 1
        if d.rule == "internal-error":
            counts["internal-error"] += 1
    return list(counts.values())


class EncodedDiagnostics(Sequence[Diagnostic]):
    """One file's diagnostics as ``--format json`` prints them, decoded only if needed.

    ``json_block`` is their JSON lines joined by :data:`SEPARATOR`, exactly the text the
    JSON format writes. The result cache stores them so, and worker processes send them
    so: one string crosses a process boundary some twenty times faster than diagnostic
    objects. ``counts`` is what a summary needs (see :data:`COUNTED`) and ``offsets`` the
    text offsets of fix edits (by diagnostic index; a mapping, or its JSON text until the
    findings are decoded), which the JSON shape leaves out; under ``m`` and the index, the
    same mapping keeps the templates of a finding's messages (:func:`message_data`), so
    that they can be shown in another language after the cache or a worker.
    """

    #: Between two diagnostics' JSON; never inside one (JSON escapes line breaks).
    SEPARATOR = ",\n"

    def __init__(
        self, json_block: str, counts: list[int], offsets: dict[str, list[list[int]]] | str
    ) -> None:
        self.json_block = json_block
        self.counts = counts
        self.offsets = offsets
        self._decoded: list[Diagnostic] | None = None
        self._length: int | None = None

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic]) -> EncodedDiagnostics:
        if isinstance(diagnostics, EncodedDiagnostics):
            return diagnostics
        offsets = {
            str(i): [[e.start, e.end] for e in d.fix.edits]
            for i, d in enumerate(diagnostics)
            if d.fix is not None
        }
        for i, d in enumerate(diagnostics):
            data = message_data(d)
            if data is not None:
                offsets[f"m{i}"] = data  # type: ignore[assignment]
        block = cls.SEPARATOR.join(d.json_text() for d in diagnostics)
        encoded = cls(block, counts_of(diagnostics), offsets)
        encoded._decoded = list(diagnostics)
        return encoded

    @property
    def offsets_json(self) -> str:
        if isinstance(self.offsets, str):
            return self.offsets
        import json

        return json.dumps(self.offsets)

    @property
    def decoded(self) -> bool:
        """Whether the diagnostic objects exist (made here, or decoded already)."""
        return self._decoded is not None

    def records(self) -> list[dict[str, Any]]:
        """The diagnostics in their public JSON shape (:meth:`Diagnostic.to_json`), without
        building them: what a report that only prints them needs."""
        import json

        return json.loads(f"[{self.json_block}]")

    def _items(self) -> list[Diagnostic]:
        if self._decoded is None:
            import json

            # One decoder call for the block: per-line calls cost twice as much.
            records = json.loads(f"[{self.json_block}]")
            offsets = json.loads(self.offsets) if isinstance(self.offsets, str) else self.offsets
            self._decoded = [
                Diagnostic.from_json(record, offsets.get(str(i)) if offsets else None)
                for i, record in enumerate(records)
            ]
            if offsets:
                for key, data in offsets.items():
                    if key.startswith("m"):
                        index = int(key[1:])
                        self._decoded[index] = with_message_data(self._decoded[index], data)
        return self._decoded

    def __len__(self) -> int:
        if self._length is None:
            # Each separator holds the block's only line breaks: counting one character
            # is several times faster than counting the pair.
            self._length = self.json_block.count("\n") + 1 if self.json_block else 0
        return self._length

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._items()[index]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items())

    def __reduce__(self) -> tuple[Any, ...]:
        # Only the strings travel: decoded objects would cost more to send than to rebuild.
        return (EncodedDiagnostics, (self.json_block, self.counts, self.offsets))
