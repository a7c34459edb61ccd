"""Where the links of a document are, and which ids its headings and tags give the page.

Links come from the Markdown parse itself: the document's parser records where each
``link_open`` token starts and ends and where its label and destination are
(:mod:`lintnews.model.positions`), so positions are exact in CJK text and CRLF files.

* ``inline``: ``[text](url "title")``; ``start``/``end`` point at the URL as written;
* ``reference``: ``[text][label]``, ``[text][]`` and ``[text]`` whose label is defined; the
  URL is the one of the ``[label]: url`` definition, so ``start``/``end`` point into it.

Autolinks (``<https://...>``) cannot hold the mistakes link rules look for and are not
listed. As for images, links inside code, HTML comments and shortcode parameters are not
links. :func:`undefined_references` finds ``[text][label]`` and ``[text][]`` whose label has no
definition: CommonMark prints them as text, brackets and all. :func:`script_links` finds
``[text](javascript:...)``, which markdown-it refuses to parse as a link (goldmark renders it
as a link whose URL it drops).

:func:`page_anchors` lists the fragment ids a page has: Hugo's heading ids (goldmark's
``autoHeadingIDType``: ``github``, ``github-ascii`` or ``blackfriday``), explicit heading
ids (``## Title {#id}``) and ``id``/``name`` attributes of raw HTML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lintnews.common.lazyre import LazyPattern
from lintnews.model.images import definition_url, inside_sorted, strip_with_lead
from lintnews.model.plain_links import Found, plain_links
from lintnews.model.shortcodes import shortcode_spans

if TYPE_CHECKING:
    from markdown_it.token import Token

    from lintnews.model.markdown import InlineBlock, ParsedMarkdown

INLINE = "inline"
REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class Link:
    """One Markdown link of a document.

    ``url`` is the destination as written (without ``<...>``, stripped) at document offsets
    ``start``/``end``; ``href`` is what the renderer uses (backslash escapes resolved, nothing
    percent-encoded). ``markup_start``/``markup_end`` span ``[text](...)`` or ``[text][label]``;
    ``line`` is 1-based. ``label`` is the normalized label of a reference link's definition.
    """

    url: str
    start: int
    end: int
    href: str
    kind: str
    line: int
    markup_start: int
    markup_end: int
    label: str | None = None
    angle_brackets: bool = False


@dataclass(frozen=True, slots=True)
class UndefinedReference:
    """``[text][label]`` or ``[text][]`` whose label no definition in the file matches."""

    label: str  # as written (the text itself for ``[text][]``)
    start: int  # document offsets of the whole markup
    end: int
    line: int


def find_links(doc: ParsedMarkdown) -> list[Link]:
    """Every inline and reference link of ``doc`` in document order."""
    return doc.memo((__name__, "links"), lambda: _LinkScanner(doc).run())


def undefined_references(doc: ParsedMarkdown) -> list[UndefinedReference]:
    """``[text][label]`` / ``[text][]`` in prose whose label is not defined in ``doc``."""
    return doc.memo((__name__, "undefined"), lambda: _undefined(doc))


# -- links ----------------------------------------------------------------------------------


class _LinkScanner:
    def __init__(self, doc: ParsedMarkdown) -> None:
        self.doc = doc

    def run(self) -> list[Link]:
        doc = self.doc
        if "[" not in doc.text:
            return []
        links: list[Link] = []
        blocks = doc.inline_blocks  # parses the blocks, which collects the definitions
        # Only `](` or a defined label makes a link: other blocks need no inline parse.
        references = doc.parse_env.get("references") or None
        has_definitions = references is not None
        for block in blocks:
            content = block.content
            if "](" in content or (has_definitions and "]" in content):
                plain = plain_links(content, references)
                if plain is None:
                    plain = _recorded_links(doc.inline_children(block.token))
                links.extend(self._block(block, plain))
        if links and "{{" in doc.text:
            inside = shortcode_spans(doc)
            links = [link for link in links if not inside_sorted(link.markup_start, inside)]
        return links

    def _block(self, block: InlineBlock, found_links: list[Found]) -> list[Link]:
        found: list[Link] = []
        for span, parts, href, label in found_links:
            markup_start, markup_end = block.offset(span[0]), block.offset(span[1])
            line = self.doc.line_of(markup_start)
            if "destination" in parts:
                dest_start, dest_end = parts["destination"]
                url, lead = strip_with_lead(block.content[dest_start:dest_end])
                start = block.offset(dest_start + lead)
                end = block.offset(dest_start + lead + len(url))
                found.append(
                    Link(
                        url,
                        start,
                        end,
                        href,
                        INLINE,
                        line,
                        markup_start,
                        markup_end,
                        angle_brackets=bool(parts.get("angle")),
                    )
                )
                continue
            if label and label.startswith("^"):
                continue  # a footnote: Hugo's goldmark has the footnote extension on by default
            definition = definition_url(self.doc, label) if label else None
            if definition is None:
                continue
            url, start, end = definition
            angle = self.doc.text[start - 1 : start] == "<"
            found.append(
                Link(
                    url,
                    start,
                    end,
                    href,
                    REFERENCE,
                    line,
                    markup_start,
                    markup_end,
                    label,
                    angle,
                )
            )
        return found


def _recorded_links(children: list[Token]) -> list[Found]:
    """The links markdown-it's inline parse of a block found."""
    return [
        (
            child.meta["span"],
            child.meta["parts"],
            str(child.attrGet("href") or ""),
            child.meta.get("label"),
        )
        for child in children
        if child.type == "link_open" and child.meta and "span" in child.meta
    ]


_SCRIPT_DESTINATION = LazyPattern(r"\]\(\s*<?(?P<scheme>(?:javascript|vbscript):)", re.I)
_SCRIPT_ANYWHERE = LazyPattern(r"\]\([\s>]*<?(?:javascript|vbscript):", re.I)


def script_links(doc: ParsedMarkdown) -> list[tuple[int, int]]:
    """Document offsets of the scheme of each ``[text](javascript:...)`` in prose."""
    # One pass over the whole text first, which the pattern's leading "](" makes fast; the
    # ">" of a blockquote may stand between the parts in the file, not in a block's content.
    if _SCRIPT_ANYWHERE.search(doc.text) is None:
        return []
    inside = shortcode_spans(doc)
    found: list[tuple[int, int]] = []
    for block in doc.inline_blocks:
        for match in _SCRIPT_DESTINATION.finditer(block.content):
            if block.prose[match.start()] != "]":
                continue  # in code, HTML or a shortcode
            start, end = match.span("scheme")
            start, end = block.offset(start), block.offset(end)
            if not inside_sorted(start, inside):
                found.append((start, end))
    return found


# -- undefined references -------------------------------------------------------------------

#: ``[text][label]`` with no brackets inside either part (CommonMark labels hold no
#: unescaped brackets; nested link text is rare enough to leave alone).
_FULL_REFERENCE = LazyPattern(r"(?<![\]\\])\[(?P<text>[^\[\]]+)\]\[(?P<label>[^\[\]]*)\](?![(\[:])")


#: Characters around brackets that make them part of code or a pattern written as text
#: (``map[string][]byte``, ``5[1-5][0-9]{14}``), not a link meant for readers.
_CODE_BEFORE = frozenset("_^|?") | frozenset("0123456789")
_CODE_AFTER = frozenset("_{+?")


#: A label that is a regular expression's character class (``[0-9]``, ``[^A-Za-z]``, ``[\\d]``).
_CHARACTER_CLASS = LazyPattern(r"\^?(?:[0-9A-Za-z]-[0-9A-Za-z]|\\[dwsDWS])+")
#: A capitalised word in brackets, as mailing lists tag subjects (``[VOTE]``, ``[DISCUSS]``).
_SUBJECT_TAG = LazyPattern(r"[A-Z][A-Z0-9]+")
#: An HTML tag inside a label: code coloured with ``<span>`` tags (``[</span><span>"Key"]``).
_TAG = LazyPattern(r"</?[A-Za-z]")


def _code_like(prose: str, start: int, end: int) -> bool:
    before = prose[start - 1] if start > 0 else " "
    after = prose[end] if end < len(prose) else " "
    return (
        (before.isascii() and before.isalpha())
        or before in _CODE_BEFORE
        or (after.isascii() and after.isalnum())
        or after in _CODE_AFTER
    )


def _undefined(doc: ParsedMarkdown) -> list[UndefinedReference]:
    if "][" not in doc.text:
        return []
    from markdown_it.common.utils import normalizeReference

    blocks = doc.inline_blocks  # parses the body, which fills in the definitions
    defined = doc.parse_env.get("references", {})
    inside = []
    if "{{" in doc.text:
        inside = shortcode_spans(doc)
    found: list[UndefinedReference] = []
    for block in blocks:
        if "][" not in block.content:
            continue
        prose = block.prose  # code spans, HTML, link destinations and shortcodes blanked
        for match in _FULL_REFERENCE.finditer(prose):
            if _code_like(prose, match.start(), match.end()):
                continue
            # The label as written: code spans in it count (they are blanked in ``prose``).
            group = "label" if match.group("label") else "text"
            written = block.content[match.start(group) : match.end(group)]
            if not written.strip() or written.lstrip().startswith("^"):
                continue  # not a label at all, or a footnote reference
            if _CHARACTER_CLASS.fullmatch(written) or _TAG.search(written):
                continue
            if _SUBJECT_TAG.fullmatch(match.group("text")) and _SUBJECT_TAG.fullmatch(written):
                continue  # ``[RESULT][VOTE]``: a mailing list's subject tags, meant as text
            if block.content[match.end() : match.end() + 1] == "(":
                continue  # ``[3][text](url)``: the label is an inline link's text
            if normalizeReference(written) in defined:
                continue
            start = block.offset(match.start())
            if inside_sorted(start, inside):
                continue
            end = block.offset(match.end())
            found.append(UndefinedReference(written, start, end, doc.line_of(start)))
    return found


# -- anchors ----------------------------------------------------------------------------------

GITHUB = "github"
GITHUB_ASCII = "github-ascii"
BLACKFRIDAY = "blackfriday"

_EXPLICIT_ID = LazyPattern(r"\s*\{\s*#(?P<id>[^\s}]+)[^}]*\}\s*$")
_SHORTCODE_CALL = LazyPattern(r"\{\{[<%](?!\s*/\*)")
#: A goldmark attribute list with an id: after a heading or on the line below a block.
_ATTRIBUTE_ID = LazyPattern(
    r"\{[ \t]*(?:[.\w-]+(?:=\S+)?[ \t]+)*#(?P<id>[^\s}#]+)[^}\n]*\}[ \t]*$", re.M
)
_HTML_ID = LazyPattern(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


NONE = "none"
#: A Zola site: ids are its ``slugify`` of the heading (ASCII words joined by ``-``).
ZOLA = "zola"


def page_anchors(
    doc: ParsedMarkdown, id_type: str = GITHUB, definition_terms: bool = False
) -> frozenset[str] | None:
    """Every fragment id the rendered page of ``doc`` has: heading ids of ``id_type``
    (``"none"``: Hugo's ``autoHeadingID = false``), ``{#id}`` attributes, HTML ``id`` and
    ``name`` attributes and, with ``definition_terms``, ids of description-list terms.

    ``None`` when some id cannot be known: a heading holding a shortcode gets its id from
    what the shortcode prints (``## {{% heading "whatsnext" %}}``)."""
    key = (__name__, "anchors", id_type, definition_terms)
    return doc.memo(key, lambda: _anchors(doc, id_type, definition_terms))


def _anchors(doc: ParsedMarkdown, id_type: str, definition_terms: bool) -> frozenset[str] | None:
    ids: set[str] = set()
    counts: dict[str, int] = {}

    def generated(text: str) -> bool:
        if id_type == ZOLA and not text.isascii():
            return False  # Zola transliterates other scripts, which is not done here
        base = heading_id(text, id_type)
        # Hugo makes repeated ids unique with "-1", "-2"... in page order.
        seen = counts.get(base, 0)
        counts[base] = seen + 1
        ids.add(base if seen == 0 else f"{base}-{seen}")
        return True

    for block in doc.inline_blocks:
        if block.kind == "heading":
            explicit = _EXPLICIT_ID.search(block.content)
            if explicit:
                ids.add(explicit.group("id"))
            elif (
                "{{" in block.content
                and _SHORTCODE_CALL.search(block.content)
                or id_type != NONE
                and not generated(_heading_text(doc, block))
            ):
                return None
        elif definition_terms and block.kind == "paragraph" and "\n:" in block.content:
            for term in _definition_terms(doc.inline_children(block.token)):
                if not generated(term):
                    return None
    if "{" in doc.text:
        ids.update(match.group("id") for match in _ATTRIBUTE_ID.finditer(doc.text, doc.body_start))
    if "<" in doc.text:
        for match in _HTML_ID.finditer(doc.text, doc.body_start):
            ids.add(next(group for group in match.groups() if group is not None))
    return frozenset(ids)


#: Heading content with no markup, entity or line break: its text is what it renders.
_PLAIN_HEADING = LazyPattern(r"[^\\`*_\[\]<>&!~\n]*")


def _heading_text(doc: ParsedMarkdown, block: InlineBlock) -> str:
    """The text a heading renders, parsing its inline content only when it has markup."""
    if _PLAIN_HEADING.fullmatch(block.content):
        return block.content
    return _rendered_text(doc.inline_children(block.token))


def _definition_terms(children: list[Token]) -> list[str]:
    """The terms of a description list that CommonMark read as a paragraph
    (``term`` lines, then a line starting with ``: ``)."""
    terms: list[list[Token]] = [[]]
    for index, child in enumerate(children):
        if child.type != "softbreak":
            terms[-1].append(child)
            continue
        following = children[index + 1] if index + 1 < len(children) else None
        if (
            following is not None
            and following.type == "text"
            and following.content[:2] in (": ", ":")
        ):
            return [_rendered_text(term) for term in terms if term]
        terms.append([])
    return []


def _rendered_text(children: list[Token]) -> str:
    """The text inline tokens render: what Hugo builds an id from (markup and HTML dropped)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.extend(grand.content for grand in child.children or [] if grand.type == "text")
    return "".join(parts)


def heading_id(text: str, id_type: str = GITHUB) -> str:
    """The id Hugo gives a heading whose rendered text is ``text``.

    ``github`` keeps letters, digits and ``_`` of every script (lowercased; CJK as it is),
    turns spaces and ``-`` into ``-`` and drops the rest: ``第二节 细节`` -> ``第二节-细节``.
    ``github-ascii`` first folds accents and then keeps ASCII only; ``blackfriday`` joins
    runs of letters and digits with single ``-``; ``zola`` does so with ASCII letters and
    digits (Zola's default ``slugify``, for ASCII headings).
    """
    text = text.strip()
    if id_type == ZOLA:
        return "-".join(re.findall(r"[a-z0-9]+", text.lower()))
    if id_type == BLACKFRIDAY:
        words = re.findall(r"[^\W_]+", text)
        return "-".join(words).lower()
    if id_type == GITHUB_ASCII:
        text = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for char in text:
        if id_type == GITHUB_ASCII and not char.isascii():
            continue
        if char in " -":
            out.append("-")
        elif char == "_" or char.isalpha() or _is_digit(char):
            out.append(char.lower())
    return "".join(out)


def _is_digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"
