"""Rules about links that can be checked within one file: URL syntax, references, anchors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from lintnews_rules.links_includes import included_files
from lintnews_rules.url_syntax import UrlKind, UrlProblem, url_syntax_problem

from lintnews.common.messages import message as msg
from lintnews.common.urls import holds_template
from lintnews.model.document import Document
from lintnews.model.links import (
    GITHUB,
    Link,
    find_links,
    page_anchors,
    script_links,
    undefined_references,
)
from lintnews.plugin.diagnostics import Diagnostic, Fix, Severity
from lintnews.plugin.rule import Rule, RuleOptions
from lintnews.run.cache import file_stamp

# What the reader gets, said first in every message.
_BROKEN = msg("readers will get a broken link")
_MAY_NOT_WORK = msg("the link may not work everywhere")


def _fine(url: str, rest: str) -> UrlProblem | None:
    return None


#: Links may use any scheme a browser or app hands on (mailto:, tel:, vscode:...); the ones
#: close to "http" are listed so that they are not taken for a misspelt "http". The parser
#: never makes a link of "javascript:" (see script_links).
LINK_URLS = UrlKind(
    msg("link URL"),
    {
        **{scheme: _fine for scheme in ("ftp", "ftps", "sftp", "ws", "wss", "git", "ssh", "tel")},
    },
    None,
)


def _unique(links: list[Link]) -> Iterator[Link]:
    """Each written URL once: reference links share their definition's URL."""
    seen: set[tuple[int, int]] = set()
    for link in links:
        if (link.start, link.end) in seen:
            continue
        seen.add((link.start, link.end))
        yield link


class LinkUrlSyntax(Rule):
    """Link URLs must be well-formed.

    ## What it does
    Reports Markdown link destinations (`[text](url)` and the URL of a `[label]: url`
    definition a link uses) that are empty, misspell their scheme (`hhttps://`,
    `https:/host`, `http//host`), contain a tab, a line break or a stray quote, use `\\` as a
    folder separator, are a Windows path (`C:\\...`), start with `www.` without a scheme (the
    browser reads it as a path on your own site), or are `javascript:` / `vbscript:` links.
    Other schemes (`mailto:`, `tel:`, `ftp://`, app links) are left alone. Where the intent
    is certain the fix rewrites the URL (`hhttps://` to `https://`, `http//` to `http://`,
    dropping a stray quote); adding `https://` to `www.` is offered but not applied by
    `--fix`. A URL holding a Hugo shortcode or template expression (`{{< ref "a.md" >}}`)
    is not the URL readers follow and is never reported. `<a href>` tags are not checked.

    ## Why is this bad?
    The link goes nowhere, or somewhere else on your own site: a reader who clicks a source
    gets an error page. Previews often repair such slips, so they show up only once published.

    ## Example
    ```markdown
    据[路透社报道](hhttps://www.reuters.com/technology/)，[官网](www.example.com)已更新。
    ```
    Use instead:
    ```markdown
    据[路透社报道](https://www.reuters.com/technology/)，[官网](https://www.example.com)已更新。
    ```

    ## Options
    None.
    """

    name = "link-url-syntax"
    code = "LN501"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for link in _unique(find_links(doc)):
            if holds_template(link.url):
                continue
            problem = url_syntax_problem(
                link.url, angle_brackets=link.angle_brackets, href=link.href, kind=LINK_URLS
            )
            if problem is None:
                continue
            fix: Fix | None = None
            if problem.replacement is not None:
                fix = self.replace(
                    link.start,
                    link.end,
                    problem.replacement,
                    problem.fix_message,
                    problem.safe,
                )
            effect = _BROKEN if problem.effect == "broken" else _MAY_NOT_WORK
            start = link.start + problem.start
            end = link.start + problem.end
            if not link.url:
                start, end = link.markup_start, link.markup_end
            yield self.diagnostic(
                doc,
                start,
                end,
                msg("{effect}: {message}", effect=effect, message=problem.message),
                fix,
            )
        for start, end in script_links(doc):
            scheme = doc.text[start : end - 1]
            message = msg(
                '{broken}: "{scheme}:" links run code and Hugo drops their URL; link to a page',
                broken=_BROKEN,
                scheme=scheme,
            )
            yield self.diagnostic(doc, start, end, message)


class LinkReferenceUndefined(Rule):
    """Reference links must have a definition.

    ## What it does
    Reports `[text][label]` and `[text][]` whose label matches no `[label]: url`
    definition in the same file. Labels match as CommonMark matches them: case-insensitively,
    with runs of spaces and line breaks counted as one space, CJK labels as written
    (`[报道][路透]` needs `[路透]: https://...`). Footnote references (`[^1]`), text in code,
    shortcode parameters, escaped brackets (`\\[a\\]\\[b\\]`) and brackets written as part of
    code or a pattern (`map[string][]byte`, `5[1-5][0-9]{14}`: an ASCII letter or digit, or
    one of `_ ^ | ? { +`, right next to them) are not links and are not reported. A lone
    `[text]` with no definition is ordinary text (`[注]`, `[1]`) and is left alone too.

    ## Why is this bad?
    Without a definition the markup is no link: readers see the brackets and the label as
    text, and the source the sentence refers to is lost.

    ## Example
    ```markdown
    据[路透社报道][reuters]，该公司已提交申请。
    ```
    Use instead:
    ```markdown
    据[路透社报道][reuters]，该公司已提交申请。

    [reuters]: https://www.reuters.com/technology/
    ```

    ## Options
    None.
    """

    name = "link-reference-undefined"
    code = "LN502"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for reference in undefined_references(doc):
            message = msg(
                'readers will see the brackets as text: no definition "[{label}]: url" in this file',
                label=reference.label,
            )
            yield self.diagnostic(doc, reference.start, reference.end, message)


class LinkAnchorMissing(Rule):
    """Links to a section of the same page must point at an id the page has.

    ## What it does
    Reports links `[text](#fragment)` whose fragment is no id on the rendered page. A page's
    ids are Hugo's: each heading gets one from its text as goldmark's `autoHeadingIDType`
    builds it (`github` by default: letters and digits of every script lowercased, spaces
    and `-` as `-`, other punctuation dropped, so `## 第二节 细节` is `#第二节-细节` and a
    second `## 细节` is `#细节-1`), an explicit `## Title {#id}` replaces it, and `id` or
    `name` attributes of raw HTML count too, as do goldmark attribute lists (`{#id}`) below
    a block and, where the site turns `autoDefinitionTermID` on, description-list terms. Fragments are compared after percent-decoding
    (`#%E7%BB%86%E8%8A%82` is `#细节`). When a heading id differs only a little, the message
    names it. Headings of a file the page includes with a shortcode
    (`{{% include "/_common/scope.md" %}}`: any shortcode parameter naming a Markdown file
    in the content folders or beside the page) count as the page's own, and the page is
    checked again when that file changes. A page with a heading made by a shortcode
    (`## {{% heading "whatsnext" %}}`) is not checked: that id depends on what the shortcode
    prints. On a Zola site ids are Zola's slugs of ASCII headings (pages with other headings
    are not checked). Links to other pages are not checked.

    ## Why is this bad?
    A table of contents or a "see below" link that does nothing: the reader stays where
    they are and has to look for the section themselves.

    ## Example
    ```markdown
    详见[第二节](#第二节)。

    ## 第二节 细节
    ```
    Use instead:
    ```markdown
    详见[第二节](#第二节-细节)。

    ## 第二节 细节
    ```

    ## Options
    - `heading-ids` (`"github"`, `"github-ascii"`, `"blackfriday"` or `"none"`): how Hugo
      makes heading ids. By default what the site's Hugo config says
      (`[markup.goldmark.parser] autoHeadingIDType`; `"none"` when `autoHeadingID = false`),
      else Hugo's `"github"`.
    - `definition-term-ids` (boolean): whether description-list terms (`term` then
      `: definition`) get ids as headings do. By default the Hugo config's
      `autoDefinitionTermID`, else `false`.
    """

    name = "link-anchor-missing"
    code = "LN503"
    severity = Severity.WARNING

    class Options(RuleOptions):
        heading_ids: Literal["github", "github-ascii", "blackfriday", "none", "zola"] | None = None
        definition_term_ids: bool | None = None

    def __init__(self, options=None, site=None) -> None:
        super().__init__(options, site)
        #: The last document's ids and the files they came from: check and
        #: cache_conditions share them.
        self._last: tuple[Document, frozenset[str] | None, list, list] | None = None

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        targets = [
            link
            for link in find_links(doc)
            if link.href.startswith("#") and len(link.href) > 1 and not holds_template(link.href)
        ]
        if not targets:
            return
        anchors = self._anchors(doc)[1]
        if anchors is None:
            return  # some id of the page cannot be known
        for link in targets:
            fragment = unquote(link.href[1:])
            if fragment in anchors:
                continue
            message = msg(
                'the link goes nowhere: this page has no id "{fragment}"', fragment=fragment
            )
            close = difflib.get_close_matches(fragment, sorted(anchors), n=1, cutoff=0.6)
            if close:
                message += msg('; did you mean "#{close}"?', close=close[0])
            yield self.diagnostic(doc, link.start, link.end, message)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """The included files, unchanged, and the paths an include was looked for at,
        still absent: a cached result holds until one of them changes."""
        _, _, included, absent = self._anchors(doc)
        conditions: list[tuple] = [
            ("stamp", str(path), *file_stamp(str(path))) for path in included
        ]
        conditions.extend(("exists", str(path), False) for path in absent)
        return conditions

    def _anchors(self, doc: Document) -> tuple[Document, frozenset[str] | None, list, list]:
        if self._last is None or self._last[0] is not doc:
            self._last = (doc, *self._page_anchors(doc))
        return self._last

    def _page_anchors(self, doc: Document) -> tuple[frozenset[str] | None, list, list]:
        options, site = self.options, self.site
        id_type = options.heading_ids or site.heading_ids or GITHUB
        terms = options.definition_term_ids
        if terms is None:
            terms = bool(site.definition_term_ids)
        anchors = page_anchors(doc, id_type, terms)
        included, looked_at = included_files(doc, site.root)
        absent = [path for path in looked_at if path not in included]
        if anchors is None or not included:
            return anchors, included, absent
        ids = set(anchors)
        for path in included:
            part = _read(path)
            part_ids = page_anchors(part, id_type, terms) if part is not None else None
            if part_ids is None:
                return None, included, absent
            ids |= part_ids
        return frozenset(ids), included, absent


#: Included files larger than this are not read (a hostile or broken tree).
_MAX_INCLUDE_CHARS = 2_000_000


def _read(path: Path) -> Document | None:
    try:
        if path.stat().st_size > _MAX_INCLUDE_CHARS:
            return None
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    return Document(text.removeprefix("\ufeff"), str(path))


RULES = (LinkUrlSyntax, LinkReferenceUndefined, LinkAnchorMissing)
