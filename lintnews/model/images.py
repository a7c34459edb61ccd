"""Where the images of a document are, with exact positions of their URLs and alt texts.

Images come from four kinds of markup:

* ``markdown``: inline images ``![alt](url "title")``;
* ``reference``: ``![alt][label]``, ``![alt][]`` and ``![alt]`` -- the URL is the one written
  in the ``[label]: url`` definition, so ``start``/``end`` point into the definition;
* ``html``: ``<img>`` tags in inline or block HTML (also inside ``<figure>``, ``<p>``, ``<a>``);
* ``figure-shortcode``: Hugo's ``{{< figure src="..." >}}`` and ``{{% figure ... %}}``.

Code spans, code blocks, HTML comments and commented-out shortcodes (``{{</* ... */>}}``)
hold no images. Markdown or HTML written inside a shortcode's parameters is not an image
either: Hugo hands that text to the shortcode's template, not to the Markdown renderer.

Inline positions come from markdown-it itself: a private parser, configured exactly like
:func:`lintnews.model.markdown.markdown_parser`, wraps the ``image``, ``html_inline`` and
``backticks`` rules to record where each token starts and ends in its inline content. Only
the inline content of blocks that may hold images is tokenized again, and
:meth:`InlineBlock.offset` maps positions back to the file (CRLF and CJK safe).
"""

from __future__ import annotations

import bisect
import html
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from lintnews.common.lazyre import LazyPattern
from lintnews.model.markdown import InlineBlock, content_column
from lintnews.model.shortcodes import Shortcode, document_shortcodes

if TYPE_CHECKING:
    from markdown_it.token import Token

    from lintnews.model.markdown import ParsedMarkdown

MARKDOWN = "markdown"
REFERENCE = "reference"
HTML = "html"
FIGURE = "figure-shortcode"


@dataclass(frozen=True, slots=True)
class Image:
    """One image reference in a document.

    ``url`` is the URL as written (without the ``<...>`` or quotes around it, stripped);
    ``start``/``end`` are the document offsets of that text in ``doc.text``. ``url`` is ``""``
    when the markup has no URL at all (``![a]()``, ``<img alt="a">``); then ``start == end``
    is where it belongs. ``href`` is what the renderer uses: backslash escapes and HTML
    entities decoded, nothing percent-encoded or decoded.

    ``alt`` is ``None`` when the markup has no alt text at all (``<img src=x>``, a figure
    without ``alt`` and ``caption``); for a figure without ``alt`` it is the ``caption``, which
    Hugo's figure shortcode renders as the alt attribute. ``markup_start``/``markup_end`` span
    the whole markup (``![..](..)``, the ``<img>`` tag, the shortcode).
    """

    url: str
    start: int
    end: int
    alt: str | None
    alt_start: int | None
    alt_end: int | None
    kind: str
    line: int
    markup_start: int
    markup_end: int
    href: str
    title: str | None = None
    #: For ``reference`` images: the normalized label of the definition.
    label: str | None = None
    #: For figures: which parameter ``alt`` came from ("alt", "caption" or None).
    alt_source: str | None = None
    #: Positional shortcode parameters (a site's own figure shortcode): alt is unknown.
    positional: bool = False


@dataclass(frozen=True, slots=True)
class UnparsedImage:
    """``![alt](destination)`` in prose that CommonMark did not turn into an image."""

    destination: str  # everything between the parentheses, as written
    start: int  # document offset of the destination text
    end: int
    markup_start: int
    markup_end: int
    line: int


def find_images(doc: ParsedMarkdown) -> list[Image]:
    """Every image of ``doc`` in document order (by URL position for equal markup starts)."""
    return _scan(doc).images


def find_unparsed_images(doc: ParsedMarkdown) -> list[UnparsedImage]:
    """Image markup in prose that markdown-it printed as text (e.g. ``![图](a b.png)``)."""
    return _scan(doc).unparsed


# -- the scan -----------------------------------------------------------------------------


@dataclass
class _Scan:
    images: list[Image]
    unparsed: list[UnparsedImage]


def _scan(doc: ParsedMarkdown) -> _Scan:
    # One scan serves both finders; it lives (and dies) with the document.
    return doc.memo((__name__, "scan"), lambda: _Scanner(doc).run())


class _Scanner:
    def __init__(self, doc: ParsedMarkdown) -> None:
        self.doc = doc
        self.images: list[Image] = []
        self.unparsed: list[UnparsedImage] = []
        self.code_spans: list[tuple[int, int]] = []  # document offsets
        self.code_lines: list[tuple[int, int]] = []  # 0-based [first, last) line ranges
        #: HTML comment blocks: (0-based first line, line of the closing ``-->``), or the
        #: block's last line when it is never closed.
        self.comment_lines: list[tuple[int, int]] = []

    def run(self) -> _Scan:
        doc = self.doc
        text = doc.text
        lowered = text.lower()
        has_markup = "![" in text or "<img" in lowered
        has_figure = "figure" in text and ("{{<" in text or "{{%" in text)
        if has_markup or has_figure:
            self._walk()
        shortcodes = document_shortcodes(doc)
        inside_shortcode = [(s.start, s.end) for s in shortcodes]
        images = [i for i in self.images if not inside_any(i.markup_start, inside_shortcode)]
        unparsed = [u for u in self.unparsed if not inside_any(u.markup_start, inside_shortcode)]
        for shortcode in shortcodes:
            if (
                shortcode.name == "figure"
                and not self._in_code(shortcode.start)
                and not self._in_comment(shortcode.start)
            ):
                images.append(self._figure(shortcode))
        images.sort(key=lambda i: (i.markup_start, i.start))
        return _Scan(images, unparsed)

    # -- tokens ---------------------------------------------------------------------------

    def _walk(self) -> None:
        for token in self.doc.block_tokens:
            if token.type in ("fence", "code_block") and token.map:
                self.code_lines.append((token.map[0], token.map[1]))
            elif token.type == "html_block":
                if token.content.lstrip().startswith("<!--") and token.map:
                    self._comment_block(token)
                if "<img" in token.content.lower():
                    self._html_block(token)
        for block in self.doc.inline_blocks:
            content = block.content
            if "![" in content or "<img" in content.lower() or ("`" in content and "{{" in content):
                # The document's parser records where these tokens are (lintnews.model.positions).
                self._inline(self.doc.inline_children(block.token), block)

    def _inline(self, children: list[Token], block: InlineBlock) -> None:
        parsed: list[tuple[int, int]] = []
        for child in children:
            span = child.meta.get("span") if child.meta else None
            if span is None:
                continue
            parsed.append(span)
            if child.type == "image":
                self._markdown_image(child, block, span)
            elif child.type == "html_inline":
                self._html(child.content, lambda i, b=block, s=span[0]: b.offset(s + i))
            elif child.type == "code_inline":
                self.code_spans.append((block.offset(span[0]), block.offset(span[1])))
        if "![" in block.content:
            self._unparsed(block, parsed)

    def _markdown_image(self, token: Token, block: InlineBlock, span: tuple[int, int]) -> None:
        parts = token.meta["parts"]
        alt_start, alt_end = parts["alt"]
        alt = block.content[alt_start:alt_end]
        markup_start, markup_end = block.offset(span[0]), block.offset(span[1])
        title = token.attrGet("title")
        label = None
        if "destination" in parts:
            dest_start, dest_end = parts["destination"]
            url, lead = strip_with_lead(block.content[dest_start:dest_end])
            start = block.offset(dest_start + lead)
            end = block.offset(dest_start + lead + len(url))
            kind = MARKDOWN
        else:
            label = token.meta.get("label")
            found = definition_url(self.doc, label) if label else None
            if found is None:
                start = end = markup_end
                url = str(token.attrGet("src") or "")
            else:
                url, start, end = found
            kind = REFERENCE
        self.images.append(
            Image(
                url=url,
                start=start,
                end=end,
                alt=alt,
                alt_start=block.offset(alt_start),
                alt_end=block.offset(alt_end),
                kind=kind,
                line=self.doc.line_of(start),
                markup_start=markup_start,
                markup_end=markup_end,
                href=_unescape_markdown(url),
                title=str(title) if title else None,
                label=label,
            )
        )

    def _html_block(self, token: Token) -> None:
        if not token.map:
            return
        doc = self.doc
        content = token.content
        parts = content.split("\n")
        content_starts: list[int] = []
        line_starts: list[int] = []
        index = 0
        for k, part in enumerate(parts):
            content_starts.append(index)
            line_number = min(token.map[0] + k + 1, doc.index.line_count)
            source = doc.index.line_text(line_number)
            column = (
                len(source) - len(part)
                if source.endswith(part)
                else content_column(source, part, "html")
            )
            line_starts.append(doc.index.starts[line_number - 1] + max(column, 0))
            index += len(part) + 1
        block = InlineBlock("html", token, content, tuple(content_starts), tuple(line_starts))
        self._html(content, block.offset)

    def _html(self, content: str, offset: Any) -> None:
        for tag in _img_tags(content):
            self.images.append(_html_image(self.doc, tag, offset))

    def _unparsed(self, block: InlineBlock, parsed: list[tuple[int, int]]) -> None:
        content = block.content
        partners = None
        for match in re.finditer(r"!\[", content):
            at = match.start()
            if inside_any(at, parsed) or _escaped(content, at):
                continue
            if partners is None:  # only for markup CommonMark did not take as an image
                partners = _Partners(content)
            found = _bracketed_destination(content, at + 1, partners)
            if found is None:
                continue
            open_paren, close_paren = found
            raw = content[open_paren + 1 : close_paren]
            destination, lead = strip_with_lead(raw)
            if "\n" in destination:
                continue  # prose that merely wraps, not a URL
            start = block.offset(open_paren + 1 + lead)
            self.unparsed.append(
                UnparsedImage(
                    destination=destination,
                    start=start,
                    end=start + len(destination),
                    markup_start=block.offset(at),
                    markup_end=block.offset(close_paren + 1),
                    line=self.doc.line_of(start),
                )
            )

    # -- shortcodes ---------------------------------------------------------------------------

    def _in_code(self, offset: int) -> bool:
        if inside_any(offset, self.code_spans):
            return True
        line = self.doc.line_of(offset) - 1
        return any(first <= line < last for first, last in self.code_lines)

    def _comment_block(self, token: Token) -> None:
        content = token.content
        closing = content.find("-->", content.find("<!--") + 4)
        last = token.map[0] + (
            content[:closing].count("\n") if closing >= 0 else content.count("\n")
        )
        self.comment_lines.append((token.map[0], last))

    def _in_comment(self, offset: int) -> bool:
        """Whether ``offset`` is inside an HTML comment block: a shortcode there renders
        into the comment, so no reader sees it (translators keep the original so)."""
        line = self.doc.line_of(offset) - 1
        for first, last in self.comment_lines:
            if first <= line < last:
                return True
            if line == last:
                column = offset - self.doc.index.starts[line]
                closing = self.doc.index.line_text(line + 1).find("-->")
                return closing < 0 or column < closing
        return False

    def _figure(self, shortcode: Shortcode) -> Image:
        named = {p.name.lower(): p for p in shortcode.params if p.name is not None}
        positional = [p for p in shortcode.params if p.name is None]
        source = named.get("src") or (positional[0] if positional else None)
        # Hugo's figure writes alt="..." only for a non-empty alt, else the caption's text.
        alt_param, alt_source = named.get("alt"), "alt"
        if (alt_param is None or not alt_param.value) and named.get("caption") is not None:
            alt_param, alt_source = named["caption"], "caption"
        if alt_param is None and len(positional) > 1:
            alt_param, alt_source = positional[1], "positional"
        if source is None:
            start = end = shortcode.name_end
            url = ""
        else:
            url, lead = strip_with_lead(source.value)
            start = source.value_start + lead
            end = start + len(url)
        return Image(
            url=url,
            start=start,
            end=end,
            alt=alt_param.value if alt_param else None,
            alt_start=alt_param.value_start if alt_param else None,
            alt_end=alt_param.value_end if alt_param else None,
            kind=FIGURE,
            line=self.doc.line_of(start),
            markup_start=shortcode.start,
            markup_end=shortcode.end,
            href=source.decoded if source else "",
            title=named["title"].decoded if "title" in named else None,
            alt_source=alt_source if alt_param else None,
            positional=bool(positional) and not named,
        )


# -- HTML ---------------------------------------------------------------------------------

# Only raw HTML needs these: compiled on first use.
_COMMENT = LazyPattern(r"<!--.*?(?:-->|$)", re.S)
_IMG_START = LazyPattern(r"<img(?=[\s/>])", re.I)
_HTML_ATTRIBUTE = LazyPattern(
    r"""\s*(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)


# The records of raw HTML and shortcodes are NamedTuples: a frozen dataclass costs ~0.5 ms
# more to create at import, paid by every run, most of which have neither.
class _Attribute(NamedTuple):
    name: str
    value: str
    value_start: int  # index in the scanned content
    value_end: int


class _Tag(NamedTuple):
    start: int
    end: int
    attributes: dict[str, _Attribute]


def _img_tags(content: str) -> Iterator[_Tag]:
    comments = [(m.start(), m.end()) for m in _COMMENT.finditer(content)]
    for match in _IMG_START.finditer(content):
        if inside_any(match.start(), comments):
            continue
        attributes: dict[str, _Attribute] = {}
        pos = match.end()
        while True:
            attribute = _HTML_ATTRIBUTE.match(content, pos)
            if attribute is None or attribute.end() == pos:
                break
            name = attribute.group("name").lower()
            for group in ("dq", "sq", "bare"):
                if attribute.group(group) is not None:
                    value_start, value_end = attribute.span(group)
                    break
            else:
                value_start = value_end = attribute.end()
            # The first of repeated attributes wins, as in browsers.
            attributes.setdefault(
                name, _Attribute(name, content[value_start:value_end], value_start, value_end)
            )
            pos = attribute.end()
        close = content.find(">", pos)
        end = close + 1 if close >= 0 else len(content)
        yield _Tag(match.start(), end, attributes)


def _html_image(doc: ParsedMarkdown, tag: _Tag, offset: Any) -> Image:
    source = tag.attributes.get("src")
    alt = tag.attributes.get("alt")
    if source is None:
        start = end = offset(tag.start + len("<img"))
        url = ""
    else:
        url, lead = strip_with_lead(source.value)
        start = offset(source.value_start + lead)
        end = offset(source.value_start + lead + len(url))
    title = tag.attributes.get("title")
    return Image(
        url=url,
        start=start,
        end=end,
        alt=alt.value if alt else None,
        alt_start=offset(alt.value_start) if alt else None,
        alt_end=offset(alt.value_end) if alt else None,
        kind=HTML,
        line=doc.line_of(start),
        markup_start=offset(tag.start),
        markup_end=offset(tag.end),
        href=html.unescape(url),
        title=html.unescape(title.value) if title else None,
    )


def definition_url(doc: ParsedMarkdown, label: str) -> tuple[str, int, int] | None:
    """The URL text of the ``[label]: url`` definition of a normalised ``label`` and its
    document offsets; None when the label has no definition."""
    reference = doc.parse_env.get("references", {}).get(label)
    if not reference or not reference.get("map"):
        return None
    first, last = reference["map"]
    start = doc.index.starts[first]
    end = doc.index.line_end(min(last, doc.index.line_count))
    source = doc.text[start:end]
    close = _label_end(source)
    if close < 0:
        return None
    pos = close + 2
    pos = _skip_definition_space(source, pos)
    if pos >= len(source):
        return None
    if source[pos] == "<":
        stop = source.find(">", pos + 1)
        if stop < 0:
            return None
        url = source[pos + 1 : stop]
        return url, start + pos + 1, start + stop
    match = re.compile(r"[^\s]*").match(source, pos)
    assert match is not None
    return match.group(), start + pos, start + match.end()


# -- helpers ------------------------------------------------------------------------------


def inside_any(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of the ``[start, end)`` spans."""
    return any(start <= offset < end for start, end in spans)


def inside_sorted(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of ``spans``, which are sorted and do not overlap."""
    index = bisect.bisect_right(spans, (offset, sys.maxsize)) - 1
    return index >= 0 and offset < spans[index][1]


def strip_with_lead(raw: str) -> tuple[str, int]:
    """``raw`` without surrounding whitespace, and how many characters were cut in front."""
    stripped = raw.lstrip()
    lead = len(raw) - len(stripped)
    return stripped.rstrip(), lead


def _escaped(content: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and content[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _unescape_markdown(url: str) -> str:
    from markdown_it.common.utils import unescapeAll

    return unescapeAll(url)


def _label_end(source: str) -> int:
    """Index of the ``]`` closing the label of a definition (``]`` followed by ``:``)."""
    index = source.find("[")
    while index >= 0 and index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "]":
            return index if source.startswith("]:", index) else -1
        index += 1
    return -1


def _skip_definition_space(source: str, pos: int) -> int:
    """Skip spaces, one line break and the next line's container prefix (``>``, indent)."""
    while pos < len(source) and source[pos] in " \t":
        pos += 1
    if pos < len(source) and source[pos] in "\r\n":
        pos += 2 if source.startswith("\r\n", pos) else 1
        while pos < len(source) and source[pos] in " \t>":
            pos += 1
    return pos


def _bracketed_destination(
    content: str, open_bracket: int, partners: _Partners | None = None
) -> tuple[int, int] | None:
    """``(open_paren, close_paren)`` of ``[label](...)`` starting at ``open_bracket``.

    Give ``partners`` when asking about many brackets of the same content: scanning from
    each ``![`` to its partner is quadratic in hostile text like ``![![![...``.
    """
    if partners is None:
        partners = _Partners(content)
    close_bracket = partners.brackets.get(open_bracket)
    if close_bracket is None:
        return None
    open_paren = close_bracket + 1
    close_paren = partners.parens.get(open_paren)
    if close_paren is None:
        return None
    blank = bisect.bisect_left(partners.blank_lines, open_paren)
    if blank < len(partners.blank_lines) and partners.blank_lines[blank] < close_paren:
        return None  # a destination never spans a blank line
    return open_paren, close_paren


# Compiled on first use: most blocks have no unparsed image to look into.
_PARTNER_CHARS = LazyPattern(r"[\\\\\[\]()\n]")


class _Partners:
    """The matching ``]`` of every ``[`` and ``)`` of every ``(`` (backslash escapes skipped),
    and where blank lines start, found in one pass."""

    def __init__(self, content: str) -> None:
        self.brackets: dict[int, int] = {}
        self.parens: dict[int, int] = {}
        self.blank_lines: list[int] = []
        open_brackets: list[int] = []
        open_parens: list[int] = []
        escaped_until = -1
        for match in _PARTNER_CHARS.finditer(content):
            index = match.start()
            if index < escaped_until:
                continue  # the character after a backslash
            char = match.group()
            if char == "\\":
                escaped_until = index + 2
            elif char == "[":
                open_brackets.append(index)
            elif char == "]" and open_brackets:
                self.brackets[open_brackets.pop()] = index
            elif char == "(":
                open_parens.append(index)
            elif char == ")" and open_parens:
                self.parens[open_parens.pop()] = index
            elif char == "\n" and content.startswith("\n", index + 1):
                self.blank_lines.append(index)
