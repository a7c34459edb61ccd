"""Reading the front-matter block the way Hugo does, with the position of every value.

YAML is read as YAML 1.2 (as current Hugo reads it) by composing the node graph with
PyYAML's libyaml-backed composer -- which never constructs objects, so no tag can run code
-- and resolving plain scalars by the YAML 1.2 core schema ourselves. TOML (``+++``) and
JSON (``{...}``) are read with the standard library. Every problem is recorded with its
position instead of being raised: the front-matter rules report them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg
from lintnews.common.numbers import is_too_long_number, too_long_number_message
from lintnews.model.frontmatter_tree import MAX_NESTING, Entry, Node, Problem

FrontMatterFormat = Literal["yaml", "toml", "json"]

#: Front matter larger than this is not parsed (a hostile or broken file).
MAX_FRONT_MATTER_CHARS = 1_000_000

# Only a file whose first line is not a delimiter needs it: compiled on first use.
_INVISIBLE_PREFIX = LazyPattern(r"^[\ufeff\u200b\u200c\u200d\u2060\u00a0\u3000 \t]+")


@dataclass(slots=True)
class FrontMatter:
    format: FrontMatterFormat
    #: Offsets of the whole block (delimiters included) and of its content.
    start: int
    end: int
    content_start: int
    content_end: int
    #: 1-based lines of the opening and closing delimiters.
    open_line: int
    close_line: int
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        if self.root is None or not isinstance(self.root.value, dict):
            return {}
        return self.root.value

    @property
    def entries(self) -> dict[str, Entry]:
        if self.root is None or self.root.entries is None:
            return {}
        return self.root.entries

    def node_at(self, path: tuple[str | int, ...]) -> Node | None:
        """The deepest node along ``path`` (e.g. ``("tags", 1)``) that exists."""
        node = self.root
        found = node
        for part in path:
            if node is None:
                break
            node = node.child(part)
            if node is not None:
                found = node
        return found


@dataclass(slots=True)
class Split:
    """Where the front matter is in the text, before it is parsed."""

    format: FrontMatterFormat
    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool


def split(text: str) -> tuple[Split | None, Problem | None]:
    """Find the front-matter block as Hugo's page lexer does.

    Leading blank lines are skipped (a byte-order mark was already removed by decoding). A
    block that Hugo would miss because something invisible precedes its delimiter is
    reported instead of being silently treated as body text.
    """
    offset = 0
    length = len(text)
    while offset < length and text[offset] in " \t\r\n":
        offset += 1
    if offset >= length:
        return None, None
    rest = text[offset:]
    for delimiter, fmt in (("---", "yaml"), ("+++", "toml")):
        if rest.startswith(delimiter) and _delimiter_line(rest, delimiter):
            return _split_delimited(text, offset, delimiter, fmt), None
    if rest.startswith("{"):
        return _split_json(text, offset), None
    line_end = text.find("\n", offset)
    first_line = text[offset : line_end if line_end >= 0 else length].rstrip("\r")
    hidden = _INVISIBLE_PREFIX.match(first_line)
    if hidden and first_line[hidden.end() :].rstrip() in ("---", "+++"):
        chars = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(hidden.group()))
        return None, Problem(
            "syntax",
            msg(
                "invisible characters ({chars}) before the front-matter delimiter hide the block: Hugo reads it as body text",
                chars=chars,
            ),
            offset,
            offset + hidden.end(),
            replacement="",
        )
    return None, None


def _delimiter_line(rest: str, delimiter: str) -> bool:
    after = rest[len(delimiter) :]
    newline = after.find("\n")
    head = after if newline < 0 else after[:newline]
    return head.strip() == ""


def _split_delimited(text: str, start: int, delimiter: str, fmt: FrontMatterFormat) -> Split:
    first_break = text.find("\n", start)
    if first_break < 0:
        return Split(fmt, start, len(text), len(text), len(text), closed=False)
    content_start = first_break + 1
    pattern = re.compile(r"^" + re.escape(delimiter) + r"[ \t]*\r?$", re.M)
    match = pattern.search(text, content_start)
    if match is None:
        return Split(fmt, start, len(text), content_start, len(text), closed=False)
    end = match.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return Split(fmt, start, end, content_start, match.start(), closed=True)


def _split_json(text: str, start: int) -> Split:
    """JSON front matter ends at the brace that closes the first one."""
    depth = 0
    in_string = False
    escaped = False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                end = index + 1
                line_end = text.find("\n", end)
                block_end = len(text) if line_end < 0 else line_end + 1
                return Split("json", start, block_end, start, end, closed=True)
    return Split("json", start, len(text), start, len(text), closed=False)


def parse(text: str, where: Split, line_of: Any) -> FrontMatter:
    """Parse the block found by :func:`split`; ``line_of(offset)`` gives a 1-based line."""
    close_line = line_of(max(where.end - 1, where.start))
    fm = FrontMatter(
        format=where.format,
        start=where.start,
        end=where.end,
        content_start=where.content_start,
        content_end=where.content_end,
        open_line=line_of(where.start),
        close_line=close_line,
    )
    if not where.closed:
        name = {"yaml": "---", "toml": "+++", "json": "{"}[where.format]
        closing = "}" if where.format == "json" else name
        fm.problems.append(
            Problem(
                "syntax",
                msg(
                    "front matter opened with {name} is never closed with {closing}: Hugo reads the whole file as front matter or fails",
                    name=name,
                    closing=closing,
                ),
                where.start,
                where.start + len(name),
            )
        )
        return fm
    content = text[where.content_start : where.content_end]
    if len(content) > MAX_FRONT_MATTER_CHARS:
        fm.problems.append(
            Problem(
                "syntax",
                msg(
                    "front matter is {content:,} characters long; lintnews reads at most {max_front_matter_chars:,}",
                    content=len(content),
                    max_front_matter_chars=MAX_FRONT_MATTER_CHARS,
                ),
                where.start,
                where.start + 3,
            )
        )
        return fm
    try:
        if where.format == "yaml":
            from lintnews.model import yaml12

            fm.root = yaml12.load(text, where.content_start, where.content_end, fm.problems)
        elif where.format == "toml":
            fm.root = _load_toml(text, where, fm.problems)
        else:
            fm.root = _load_json(text, where, fm.problems)
        if fm.root is not None and _too_deep(fm.root):
            raise RecursionError
    except ValueError as exc:
        if not is_too_long_number(exc):
            raise
        fm.root = None
        fm.problems.append(
            Problem(
                "syntax",
                msg(
                    "{too_long_number_message}; quote it if it is text",
                    too_long_number_message=too_long_number_message(),
                ),
                where.start,
                where.start + (1 if where.format == "json" else 3),
            )
        )
        return fm
    except RecursionError:
        # tomllib, json and our node builders recurse per level: a hostile file must get a
        # finding, not a crash, and the rules must never see such a value.
        fm.root = None
        fm.problems.append(
            Problem(
                "syntax",
                msg(
                    "front matter is nested more than {max_nesting} levels deep; lintnews does not read it",
                    max_nesting=MAX_NESTING,
                ),
                where.start,
                where.start + (1 if where.format == "json" else 3),
            )
        )
        return fm
    if fm.root is not None and not isinstance(fm.root.value, dict):
        kind = type(fm.root.value).__name__
        fm.problems.append(
            Problem(
                "syntax",
                msg(
                    "front matter must be a mapping of keys to values, got a {kind}",
                    kind=_kind_name(kind),
                ),
                fm.root.start,
                max(fm.root.end, fm.root.start + 1),
            )
        )
    return fm


def _too_deep(root: Node) -> bool:
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        children = list(node.items or ()) + [entry.node for entry in (node.entries or {}).values()]
        stack.extend((child, depth + 1) for child in children)
    return False


def _kind_name(python_type: str) -> str:
    return {
        "list": msg("list"),
        "str": msg("string"),
        "int": msg("number"),
        "float": msg("number"),
        "bool": msg("boolean"),
        "NoneType": msg("empty document"),
    }.get(python_type, python_type)


# --- TOML ---------------------------------------------------------------------------

# Only TOML front matter needs these: compiled on first use.
_TOML_ERROR_POSITION = LazyPattern(r"\(at line (\d+), column (\d+)\)")
_TOML_KEY = LazyPattern(
    r"""^[ \t]*(?P<key>[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')[ \t]*=[ \t]*(?P<value>.*?)[ \t]*(?:\#.*)?$"""
)
_TOML_TABLE = LazyPattern(r"^[ \t]*\[\[?[ \t]*(?P<name>[^\]]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")


def _load_toml(text: str, where: Split, problems: list[Problem]) -> Node | None:
    import tomllib  # here, not at the top: YAML front matter never needs it

    content = text[where.content_start : where.content_end]
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        start, end = _error_span(text, where, str(exc), _TOML_ERROR_POSITION)
        message = _TOML_ERROR_POSITION.sub("", str(exc)).strip()
        if message == "Illegal character '\\n'":
            message = msg("the line ends inside a string or value (a missing closing quote?)")
        duplicate = _toml_duplicate(text, where, start) if "overwrite" in message else None
        problems.append(
            duplicate
            or Problem("syntax", msg("TOML front matter: {error}", error=message), start, end)
        )
        return None
    return _positioned_mapping(text, where, data, _toml_top_level_positions(text, where))


def _toml_top_level_positions(text: str, where: Split) -> dict[str, tuple[int, int, int, int]]:
    """Key and value spans of the top-level keys and tables of a TOML block.

    tomllib gives values without positions; a line scan finds where each top-level key is,
    which is all the rules need (nested values point at their top-level key).
    """
    positions: dict[str, tuple[int, int, int, int]] = {}
    offset = where.content_start
    in_table = False
    for line in text[where.content_start : where.content_end].splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        table = _TOML_TABLE.match(stripped)
        if table:
            in_table = True
            name = table.group("name").split(".")[0].strip().strip("\"'")
            key_start = offset + stripped.index(table.group("name"))
            positions.setdefault(
                name, (key_start, key_start + len(name), key_start, offset + len(stripped))
            )
        elif not in_table:
            key = _TOML_KEY.match(stripped)
            if key:
                raw_key = key.group("key")
                name = raw_key.strip("\"'")
                positions.setdefault(
                    name,
                    (
                        offset + key.start("key"),
                        offset + key.end("key"),
                        offset + key.start("value"),
                        offset + key.end("value"),
                    ),
                )
        offset += len(line)
    return positions


def _toml_duplicate(text: str, where: Split, error_at: int) -> Problem | None:
    """tomllib says only "Cannot overwrite a value": name the key and its first line."""
    line_start = text.rfind("\n", where.content_start, error_at) + 1
    line_end = text.find("\n", error_at)
    line = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    match = _TOML_KEY.match(line)
    if match is None:
        return None
    key = match.group("key").strip("\"'")
    first_line = None
    offset = where.content_start
    for earlier in text[where.content_start : line_start].split("\n"):
        earlier_key = _TOML_KEY.match(earlier.rstrip("\r"))
        if earlier_key and earlier_key.group("key").strip("\"'") == key:
            first_line = text.count("\n", 0, offset) + 1
            break
        offset += len(earlier) + 1
    where_first = (
        msg(" first given on line {first_line}", first_line=first_line)
        if first_line
        else msg(" given earlier")
    )
    return Problem(
        "duplicate-key",
        msg(
            'duplicate key "{key}": TOML forbids redefining the value{where_first}, so Hugo rejects the file',
            key=key,
            where_first=where_first,
        ),
        line_start + match.start("key"),
        line_start + match.end("key"),
    )


# --- JSON ---------------------------------------------------------------------------


def _load_json(text: str, where: Split, problems: list[Problem]) -> Node | None:
    content = text[where.content_start : where.content_end]
    duplicates: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(content, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        start = where.content_start + exc.pos
        problems.append(
            Problem("syntax", msg("JSON front matter: {error}", error=exc.msg), start, start + 1)
        )
        return None
    positions: dict[str, tuple[int, int, int, int]] = {}
    occurrences: dict[str, list[int]] = {}
    for match in re.finditer(r'"((?:[^"\\]|\\.)*)"\s*:\s*', content):
        try:
            key = json.loads(f'"{match.group(1)}"')
        except json.JSONDecodeError:
            continue
        key_start = where.content_start + match.start()
        value_start = where.content_start + match.end()
        occurrences.setdefault(key, []).append(key_start)
        value_end = _json_value_end(text, value_start, where.content_end)
        positions.setdefault(
            key,
            (key_start, key_start + len(match.group(0).rstrip(": \t\r\n")), value_start, value_end),
        )
    for key in dict.fromkeys(duplicates):
        first, *later = occurrences.get(key, [where.content_start])
        first_line = text.count("\n", 0, first) + 1
        for offset in later:
            problems.append(
                Problem(
                    "duplicate-key",
                    msg(
                        'duplicate key "{key}": it overwrites the value first given on line {first_line}',
                        key=key,
                        first_line=first_line,
                    ),
                    offset,
                    offset + len(json.dumps(key, ensure_ascii=False)),
                )
            )
    return _positioned_mapping(text, where, data, positions)


def _json_value_end(text: str, start: int, limit: int) -> int:
    try:
        _, end = json.JSONDecoder().raw_decode(text[start:limit])
    except json.JSONDecodeError:
        return start + 1
    return start + end


# --- shared -------------------------------------------------------------------------


def _error_span(
    text: str, where: Split, message: str, pattern: re.Pattern[str] | LazyPattern
) -> tuple[int, int]:
    match = pattern.search(message)
    if not match:
        return where.start, where.start + 3
    line, column = int(match.group(1)), int(match.group(2))
    lines = text[where.content_start : where.content_end].split("\n")
    offset = where.content_start + sum(len(part) + 1 for part in lines[: line - 1])
    offset += column - 1
    offset = min(offset, where.content_end)
    return offset, min(offset + 1, len(text))


def _positioned_mapping(
    text: str, where: Split, data: dict[str, Any], positions: dict[str, tuple[int, int, int, int]]
) -> Node:
    """Nodes for a TOML/JSON mapping: exact spans for top-level keys, nested values share them."""
    entries: dict[str, Entry] = {}
    for key, value in data.items():
        key_start, key_end, value_start, value_end = positions.get(
            key, (where.start, where.start + 3, where.start, where.start + 3)
        )
        entries[key] = Entry(key, key_start, key_end, _plain_node(value, value_start, value_end))
    return Node(data, where.content_start, where.content_end, entries=entries)


def _plain_node(value: Any, start: int, end: int) -> Node:
    if isinstance(value, list):
        return Node(value, start, end, items=[_plain_node(v, start, end) for v in value])
    if isinstance(value, dict):
        return Node(
            value,
            start,
            end,
            entries={k: Entry(k, start, end, _plain_node(v, start, end)) for k, v in value.items()},
        )
    return Node(value, start, end)
