"""Inline suppression comments, as markdownlint users know them.

``<!-- lintnews-disable-next-line rule-a rule-b -->`` silences the next line,
``<!-- lintnews-disable-line rule -->`` its own line, ``<!-- lintnews-disable rule -->`` up to
``<!-- lintnews-enable rule -->`` (or the end of the file), and
``<!-- lintnews-disable-file rule -->`` the whole file, front matter included. Rules may be
named by name or code; with no names, every rule is meant.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lintnews.model.markdown import ParsedMarkdown

DIRECTIVE = re.compile(
    r"<!--\s*lintnews-(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?P<names>(?:\s+[A-Za-z0-9_-]+)*)\s*-->"
)
ALL = "*"


@dataclass(frozen=True, slots=True)
class NamedRule:
    """A rule name as written in a comment, with its place (for reporting unknown names)."""

    name: str
    start: int
    end: int
    line: int


@dataclass(slots=True)
class Suppressions:
    #: (rule name or code or ALL, first line, last line) -- 1-based, inclusive.
    ranges: list[tuple[str, int, int]] = field(default_factory=list)
    names: list[NamedRule] = field(default_factory=list)
    #: ``lintnews-enable`` comments that close nothing, as (start, end) offsets.
    stray_enables: list[NamedRule] = field(default_factory=list)

    #: ``ranges`` merged per name into sorted, disjoint ``(firsts, lasts)``, made on first use:
    #: a file of thousands of comments must not make each finding scan all of them.
    _index: dict[str, tuple[list[int], list[int]]] | None = field(default=None, repr=False)

    def suppresses(self, rule: str, code: str, line: int) -> bool:
        if self._index is None:
            self._index = _merged_by_name(self.ranges)
        for name in (ALL, rule, code):
            spans = self._index.get(name)
            if spans is not None:
                firsts, lasts = spans
                at = bisect_right(firsts, line) - 1
                if at >= 0 and line <= lasts[at]:
                    return True
        return False


def _merged_by_name(
    ranges: list[tuple[str, int, int]],
) -> dict[str, tuple[list[int], list[int]]]:
    by_name: dict[str, list[tuple[int, int]]] = {}
    for name, first, last in ranges:
        by_name.setdefault(name, []).append((first, last))
    index: dict[str, tuple[list[int], list[int]]] = {}
    for name, spans in by_name.items():
        firsts: list[int] = []
        lasts: list[int] = []
        for first, last in sorted(spans):
            if lasts and first <= lasts[-1] + 1:
                lasts[-1] = max(lasts[-1], last)
            else:
                firsts.append(first)
                lasts.append(last)
        index[name] = (firsts, lasts)
    return index


def parse(doc: ParsedMarkdown) -> Suppressions:
    result = Suppressions()
    if "lintnews-" not in doc.text:
        return result
    code_lines = _code_lines(doc)
    open_ranges: dict[str, int] = {}
    last_line = doc.index.line_count
    for match in DIRECTIVE.finditer(doc.text, doc.body_start):
        line = doc.line_of(match.start())
        if line in code_lines:
            continue
        end_line = doc.line_of(match.end())
        kind = match.group("kind")
        names = _names(doc, match)
        result.names.extend(names)
        keys = [n.name for n in names] or [ALL]
        if kind == "disable-next-line":
            result.ranges.extend((key, end_line + 1, end_line + 1) for key in keys)
        elif kind == "disable-line":
            result.ranges.extend((key, line, end_line) for key in keys)
        elif kind == "disable-file":
            result.ranges.extend((key, 1, last_line) for key in keys)
        elif kind == "disable":
            for key in keys:
                open_ranges.setdefault(key, line)
        else:
            for key, named in zip(keys, names or [None], strict=False):
                if key == ALL and open_ranges:
                    for open_key, first in open_ranges.items():
                        result.ranges.append((open_key, first, line))
                    open_ranges.clear()
                elif key in open_ranges:
                    result.ranges.append((key, open_ranges.pop(key), line))
                else:
                    result.stray_enables.append(
                        named or NamedRule(ALL, match.start(), match.end(), line)
                    )
    for key, first in open_ranges.items():
        result.ranges.append((key, first, last_line))
    return result


def _names(doc: ParsedMarkdown, match: re.Match[str]) -> list[NamedRule]:
    names = []
    base = match.start("names")
    for name in re.finditer(r"[A-Za-z0-9_-]+", match.group("names")):
        start = base + name.start()
        names.append(NamedRule(name.group(), start, base + name.end(), doc.line_of(start)))
    return names


def _code_lines(doc: ParsedMarkdown) -> set[int]:
    """1-based lines inside fenced or indented code, where comments are just text."""
    lines: set[int] = set()
    for token in doc.block_tokens:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines
