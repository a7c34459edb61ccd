"""The two sanctioned ways to remember derived data: with a document, or by content.

- :class:`Memoized` gives the document (:class:`lintnews.model.document.Document`) and each of
  its inline blocks a ``memo(key, compute)``: what a rule or an engine module derives from
  them -- headings, images, delimiter runs -- is computed once and dies with them. Rules
  of a run share it, so two rules that need the same derivation pay for it once.
- :class:`ContentMemo` keeps results of a pure function of some text *across* documents,
  least recently used dropped first: the articles of a site repeat paragraphs (bylines,
  disclaimers), whose analysis need not be repeated.

Nothing else caches derived data on a document or keyed by its content.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Memoized:
    """Something that remembers what is derived from it, under a key, for its lifetime.

    Subclasses set ``_memo`` to an empty dict when they are made.
    """

    _memo: dict[Hashable, Any]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, run on the first request for ``key`` and remembered after.

        ``key`` names what is derived and everything it depends on besides this object:
        start it with the module's ``__name__`` so plugins never collide, e.g.
        ``doc.memo((__name__, "headings"), lambda: find_headings(doc))`` or
        ``block.memo((__name__, "pairing", reading), lambda: pair(block, reading))``.
        The result is shared: treat it as read-only.
        """
        table = self._memo
        try:
            return table[key]
        except KeyError:
            value = table[key] = compute()
            return value


class ContentMemo(Generic[T]):
    """Results keyed by the content they are computed from, at most ``size`` of them.

    Use it only for a pure function of the key (content and options, never a document
    or a position in a file), so a result is right wherever the content appears again.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._table: OrderedDict[Hashable, T] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key``, computed by ``compute()`` when it is not remembered."""
        table = self._table
        try:
            value = table[key]
        except KeyError:
            value = table[key] = compute()
            if len(table) > self.size:
                table.popitem(last=False)
        else:
            table.move_to_end(key)
        return value
