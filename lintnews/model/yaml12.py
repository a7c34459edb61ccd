"""YAML front matter read as YAML 1.2, with a position for every node.

PyYAML's composer (libyaml when available) builds the node graph with marks; we resolve
plain scalars by the YAML 1.2 core schema, as current Hugo does, and never construct
tagged objects. Along the way we record what silent loaders hide: duplicate keys, plain
scalars that YAML 1.1 tools read differently, and alias expansion beyond a bound.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from lintnews.common.messages import message as msg
from lintnews.common.text import LINE_BREAK
from lintnews.model.frontmatter_tree import MAX_NESTING, MAX_YAML_NODES, Entry, Node, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_YAML11_NAMES = {
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:str": "string",
}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10.match(value):
        return int(value)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _yaml11_reading(value: str) -> tuple[str, Any] | None:
    """How YAML 1.1 tools (PyYAML, Jekyll, old Hugo) read a plain scalar, if that differs."""
    tag = yaml.SafeLoader.resolve(yaml.SafeLoader, ScalarNode, value, (True, False))
    if tag == "tag:yaml.org,2002:timestamp":
        return None  # a date string either way; the date rules judge it
    try:
        old = value if tag == "tag:yaml.org,2002:str" else _construct_scalar(ScalarNode(tag, value))
    except Exception:
        return None
    new = resolve_plain(value)
    if type(old) is type(new) and (old == new or (old != old and new != new)):
        return None
    return _YAML11_NAMES.get(tag, tag), old


# SafeConstructor's scalar methods need only an instance; they never see a whole document.
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _construct_scalar(node: ScalarNode) -> Any:
    constructor = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value
    return constructor(_SCALAR_CONSTRUCTOR, node)


def _describe(value: Any) -> str:
    if value is True:
        return "the boolean true"
    if value is False:
        return "the boolean false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return msg('the string "{value}"', value=value)
    return msg("the number {value!r}", value=value)


def load(text: str, start: int, end: int, problems: list[Problem]) -> Node | None:
    content = text[start:end]
    try:
        root = yaml.compose(content, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        offset = start + (mark.index if mark is not None else 0)
        offset = min(offset, end)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.context}: {exc.problem}"
        problems.append(
            Problem(
                "syntax",
                msg("YAML front matter: {error}", error=message),
                offset,
                min(offset + 1, len(text)),
            )
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(
            Problem("syntax", msg("YAML front matter: {error}", error=str(exc)), start, start + 1)
        )
        return None
    if root is None:
        return Node({}, start, end, entries={})
    builder = _Builder(text, start, problems)
    try:
        _check_expanded_size(root)
        return builder.build(root)
    except _RecursiveAlias:
        problems.append(
            Problem(
                "syntax",
                msg(
                    "a YAML alias refers to a value that contains it, which would expand forever; lintnews stops reading this YAML"
                ),
                start,
                start + 1,
            )
        )
        return None
    except _TooManyNodes:
        problems.append(
            Problem(
                "syntax",
                msg(
                    "YAML aliases expand to more than {max_yaml_nodes:,} values; lintnews stops reading this front matter (an alias bomb?)",
                    max_yaml_nodes=MAX_YAML_NODES,
                ),
                start,
                start + 1,
            )
        )
        return None


class _TooManyNodes(Exception):
    pass


class _RecursiveAlias(Exception):
    pass


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a graph whose aliases expand past the bound, before expanding anything.

    Aliases share composed nodes, so sizes are memoised per node: a "billion laughs" block
    of a few hundred bytes is measured in microseconds instead of being expanded. A node met
    again while its own children are being measured (``&a [*a]``) contains itself.
    """
    sizes: dict[int, int] = {}
    measuring: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            continue
        children = (
            [child for pair in node.value for child in pair]
            if isinstance(node, MappingNode)
            else list(node.value)
        )
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_YAML_NODES:
                raise _TooManyNodes
            sizes[key] = total
            measuring.discard(key)
        else:
            # Everything pushed after this entry descends from the node, so meeting the node
            # before its sizes are in means it is its own descendant.
            if key in measuring:
                raise _RecursiveAlias
            measuring.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)


class _Builder:
    def __init__(self, text: str, offset: int, problems: list[Problem]) -> None:
        self.text = text
        self.offset = offset
        self.problems = problems
        self.count = 0
        self.depth = 0
        self.path: list[str] = []  # the key path of the node being built

    def build(self, node: yaml.Node) -> Node:
        self.count += 1
        if self.count > MAX_YAML_NODES:
            raise _TooManyNodes
        if self.depth > MAX_NESTING:
            raise RecursionError  # frontmatter.parse reports the nesting
        start = self.offset + node.start_mark.index
        end = self.offset + node.end_mark.index
        if isinstance(node, ScalarNode):
            return self._scalar(node, start, end)
        self.depth += 1
        try:
            if node.tag not in _STANDARD_TAGS:
                self._unsupported_tag(node.tag, start, end)
            if isinstance(node, SequenceNode):
                self.path.append("[]")
                try:
                    items = [self.build(child) for child in node.value]
                finally:
                    self.path.pop()
                return Node([item.value for item in items], start, end, items=items)
            assert isinstance(node, MappingNode)
            return self._mapping(node, start, end)
        finally:
            self.depth -= 1

    def _scalar(self, node: ScalarNode, start: int, end: int) -> Node:
        style = node.style or "plain"
        tag = node.tag
        if tag not in _STANDARD_TAGS:
            self._unsupported_tag(tag, start, end)
            return Node(node.value, start, end, style=style, tag=tag)
        explicit = self._has_explicit_tag(node)
        if style == "plain" and not explicit:
            value = resolve_plain(node.value)
            reading = _yaml11_reading(node.value)
            if reading is not None:
                _, old = reading
                # Quoting keeps current Hugo's reading only when that reading is a string.
                advice = (
                    msg("quote it so every tool reads the same string")
                    if isinstance(value, str)
                    else msg("quote it if you mean the text, or write it unambiguously")
                )
                self.problems.append(
                    Problem(
                        "implicit-type",
                        msg(
                            "{value} is read as {value2} by YAML 1.2 (current Hugo) but as {old} by YAML 1.1 tools (PyYAML, Jekyll, Hugo before 0.152); {advice}",
                            value=node.value,
                            value2=_describe(value),
                            old=_describe(old),
                            advice=advice,
                        ),
                        start,
                        end,
                        replacement=_double_quoted(node.value),
                        safe=isinstance(value, str),
                        key_path=tuple(self.path),
                        readings=(node.value, value, old),
                    )
                )
            return Node(value, start, end, style="plain")
        if explicit and tag != "tag:yaml.org,2002:str":
            try:
                value = _construct_scalar(node)
            except Exception:
                self.problems.append(
                    Problem(
                        "syntax",
                        msg(
                            "{value!r} is not a valid {tag} value",
                            value=node.value,
                            tag=_short_tag(tag),
                        ),
                        start,
                        end,
                    )
                )
                value = node.value
            return Node(value, start, end, style=style, tag=tag)
        return Node(node.value, start, end, style=style)

    def _unsupported_tag(self, tag: str, start: int, end: int) -> None:
        self.problems.append(
            Problem(
                "syntax",
                msg(
                    "YAML tag {tag} is not supported in front matter (lintnews never constructs tagged objects); the value is read as plain data",
                    tag=_short_tag(tag),
                ),
                start,
                end,
            )
        )

    @staticmethod
    def _has_explicit_tag(node: ScalarNode) -> bool:
        # The composer gives untagged scalars the tag resolution would give; any other tag
        # was written by the author.
        if node.style not in (None, "", "plain"):
            return node.tag != "tag:yaml.org,2002:str"
        implicit = yaml.SafeLoader.resolve(yaml.SafeLoader, ScalarNode, node.value, (True, False))
        return node.tag != implicit

    def line_of(self, offset: int) -> int:
        return len(LINE_BREAK.findall(self.text, 0, offset)) + 1

    def _mapping(self, node: MappingNode, start: int, end: int) -> Node:
        entries: dict[str, Entry] = {}
        value: dict[str, Any] = {}
        # Keys that came from a merge (``<<: *base``): a key written in the mapping itself
        # overrides them, which is what merge keys are for, not a duplicate.
        merged: set[str] = set()
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "<<"
                and key_node.style in (None, "")
            ):
                merged.update(self._merge(value_node, entries, value))
                continue
            key_start = self.offset + key_node.start_mark.index
            key_end = self.offset + key_node.end_mark.index
            if isinstance(key_node, ScalarNode):
                key = key_node.value
            else:
                self.problems.append(
                    Problem(
                        "syntax",
                        msg("a front-matter key must be a plain string"),
                        key_start,
                        key_end,
                    )
                )
                key = str(self.build(key_node).value)
            self.path.append(key)
            try:
                child = self.build(value_node)
            finally:
                self.path.pop()
            if key in merged:
                merged.discard(key)
            elif key in entries:
                first_line = self.line_of(entries[key].key_start)
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        msg(
                            'duplicate key "{key}": it overwrites the value first given on line {first_line} (YAML forbids duplicate keys: PyYAML silently keeps the last value, strict parsers reject the file)',
                            key=key,
                            first_line=first_line,
                        ),
                        key_start,
                        key_end,
                    )
                )
            entries[key] = Entry(key, key_start, key_end, child)
            value[key] = child.value
        return Node(value, start, end, entries=entries)

    def _merge(
        self, node: yaml.Node, entries: dict[str, Entry], value: dict[str, Any]
    ) -> list[str]:
        """Add the merged mappings' keys the mapping does not have yet; return those added."""
        added: list[str] = []
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            built = self.build(source)
            for key, entry in (built.entries or {}).items():
                if key not in entries:
                    entries[key] = entry
                    value[key] = entry.node.value
                    added.append(key)
        return added


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(prefix) if tag.startswith(prefix) else tag


def _double_quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
