"""The document model: one read, one front-matter parse and one Markdown parse per file.

Rules receive a :class:`Document` and never re-read the file. The parse itself is
:class:`lintnews.model.markdown.ParsedMarkdown`; a Document adds the views derived from it, whose
modules work on the parse and so need not import this one.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from lintnews.model.markdown import INLINE_STAGE, InlineBlock, ParsedMarkdown, markdown_parser

if TYPE_CHECKING:
    from lintnews.model.images import Image
    from lintnews.model.suppressions import Suppressions

__all__ = ["INLINE_STAGE", "Document", "InlineBlock", "markdown_parser"]


class Document(ParsedMarkdown):
    """A Markdown article as rules see it: its parse, images and suppression comments."""

    @cached_property
    def suppressions(self) -> Suppressions:
        """The ``<!-- lintnews-disable ... -->`` comments of the body."""
        from lintnews.model.suppressions import parse

        return parse(self)

    @cached_property
    def images(self) -> list[Image]:
        """Every image (Markdown, reference, HTML ``<img>``, Hugo figure) with URL positions."""
        from lintnews.model.images import find_images

        return find_images(self)
