"""The tree every front-matter reader builds: values with their source spans, and problems.

Its own module so that the readers (:mod:`lintnews.model.yaml12` for YAML, the TOML and JSON
readers in :mod:`lintnews.model.frontmatter`) share it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

#: How many nodes an alias-laden YAML block may expand to before we stop reading it.
MAX_YAML_NODES = 20_000
#: Deeper front matter is refused: the parsers and the rules walk values recursively, and
#: real front matter is a few levels deep.
MAX_NESTING = 100


@dataclass(slots=True)
class Node:
    """A front-matter value with its source span (character offsets in the document text).

    ``style`` is the YAML scalar style (``plain``, ``'``, ``"``, ``|``, ``>``) or ``None``
    for collections and non-YAML values. ``items``/``entries`` hold the children of
    sequences and mappings.
    """

    value: Any
    start: int
    end: int
    style: str | None = None
    items: list[Node] | None = None
    entries: dict[str, Entry] | None = None
    tag: str | None = None

    def child(self, key: str | int) -> Node | None:
        if isinstance(key, int) and self.items is not None and 0 <= key < len(self.items):
            return self.items[key]
        if isinstance(key, str) and self.entries is not None and key in self.entries:
            return self.entries[key].node
        return None


@dataclass(slots=True)
class Entry:
    """One key of a mapping: where the key is and the node of its value."""

    key: str
    key_start: int
    key_end: int
    node: Node


@dataclass(slots=True)
class Problem:
    """Something wrong with the front matter; ``kind`` names the rule that reports it."""

    kind: Literal["syntax", "duplicate-key", "implicit-type"]
    message: str
    start: int
    end: int
    replacement: str | None = None  # a fix for the span, where one is clear
    safe: bool = True  # whether that fix keeps what Hugo reads
    #: For "implicit-type": the key path of the value (list items as "[]"), the plain text,
    #: and its readings by YAML 1.2 (current Hugo) and by YAML 1.1 tools.
    key_path: tuple[str, ...] = ()
    readings: tuple[str, Any, Any] | None = None
