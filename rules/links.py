"""Rules about links that can be checked within one file: URL syntax, references, anchors."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal
from urllib.parse import unquote

from lintnews_rules.links_includes import included_files
from lintnews_rules.local_targets import (
    LocalLink,
    LocalTargets,
    bundle_resource,
    likely_ids,
    local_links,
    read_page,
    shared_targets,
    site_index,
    target_anchors,
)
from lintnews_rules.url_syntax import UrlKind, UrlProblem, url_syntax_problem

from lintnews.common.messages import message as msg
from lintnews.common.urls import holds_template
from lintnews.model.document import Document
from lintnews.model.html_links import HTML, html_links
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
    definition a link uses; a footnote `[^1]: text` is no definition, as in Hugo) that are empty, misspell their scheme (`hhttps://`,
    `https:/host`, `http//host`), contain a tab, a line break or a stray quote, use `\\` as a
    folder separator, are a Windows path (`C:\\...`), start with `www.` without a scheme (the
    browser reads it as a path on your own site), or are `javascript:` / `vbscript:` links.
    Other schemes (`mailto:`, `tel:`, `ftp://`, app links) are left alone. Where the intent
    is certain the fix rewrites the URL (`hhttps://` to `https://`, `http//` to `http://`,
    dropping a stray quote); adding `https://` to `www.` is offered but not applied by
    `--fix`. A URL holding a Hugo shortcode or template expression (`{{< ref "a.md" >}}`)
    is not the URL readers follow and is never reported. The `href` of `<a>` tags in raw
    HTML (inline or block, not in comments or code) is checked the same way, except that a
    space is fine there (the browser encodes it) and no fix is ever made inside HTML.

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
        for link in _unique([*find_links(doc), *html_links(doc)]):
            if holds_template(link.url):
                continue
            in_html = link.kind == HTML
            problem = url_syntax_problem(
                link.url,
                # A space in an HTML attribute is the URL's own, as in <...>.
                angle_brackets=link.angle_brackets or in_html,
                href=link.href,
                kind=LINK_URLS,
            )
            if problem is None:
                continue
            fix: Fix | None = None
            if problem.replacement is not None and not in_html:
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
    one of `_ ^ | ? { +`, right next to them; a label that is a character class such as
    `[0-9]`; a label holding HTML tags, as code coloured with `<span>` has; two capitalised
    words, as a mailing list tags a subject: `[RESULT][VOTE]`) are not links and are not
    reported. A lone `[text]` with no definition is ordinary text (`[注]`, `[1]`)
    and is left alone too, also in `[3][报告](https://...)`, where `[报告](...)` is a link.

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
    """Links to a section of a page must point at an id that page has.

    ## What it does
    Reports links `[text](#fragment)` (and `<a href="#fragment">` in raw HTML) whose
    fragment is no id on the rendered page. A page's
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
    are not checked).

    With `other-pages = true`, links to other pages (`[x](../b/#sec)`, `[x](/posts/b/#sec)`,
    `[x](b.md#sec)`, `{{< ref "b.md#sec" >}}`) are checked against the ids of the page they lead to, found
    as `link-missing-target` finds it (Hugo's addresses, bundles, `slug`, `url`,
    `aliases`, permalinks, languages; without a site, a Markdown file beside the page); the
    result is checked again when a file of the site changes. Not checked: a page that is a
    Markdown resource of a leaf bundle (a file beside an `index.md`: the bundle's template
    shows it, k8s's glossary terms), a page naming its own template (`layout`) or setting
    `cascade` (its template prints ids of its own), and fragments that are a word of the
    page's front matter (an API reference page's `kind: "ObjectMeta"` is its `#ObjectMeta`).

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
    - `other-pages` (boolean, default `false`): also check fragments of links to other
      pages of the site. Off by default because it reads the site's page index and the
      target pages: on a 1,100-page site it made a whole offline run about 1.45 × as long,
      and a one-file run about 1.3 × (turn it on in CI, where that matters less). On a
      whole kubernetes/website checkout 40 of 40 sampled reports (of 65) were real.
    """

    name = "link-anchor-missing"
    code = "LN503"
    severity = Severity.WARNING

    class Options(RuleOptions):
        heading_ids: Literal["github", "github-ascii", "blackfriday", "none", "zola"] | None = None
        definition_term_ids: bool | None = None
        other_pages: bool = False

    def __init__(self, options=None, site=None) -> None:
        super().__init__(options, site)
        #: The last document's ids and the files they came from: check and
        #: cache_conditions share them.
        self._last: tuple[Document, frozenset[str] | None, list, list] | None = None
        #: Shared with link-missing-target when both are on (see use_other_rules).
        self.local_targets = LocalTargets()

    def use_other_rules(self, rules: Sequence[Rule]) -> None:
        self.local_targets = shared_targets(self, rules) or self.local_targets

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        yield from self._same_page(doc)
        own = os.path.abspath(doc.path)
        for link, file in self._other_pages(doc):
            fragment = unquote(link.fragment or "")
            if file == own:
                anchors = self._anchors(doc)[1]
                page = None
            elif fragment in likely_ids(self.local_targets, file, self._id_type()):
                continue  # very probably there: the page need not be parsed
            else:
                anchors = target_anchors(self.local_targets, file, self._ids_of)
                page = link.path
            if anchors is not None and fragment not in anchors:
                yield self.diagnostic(doc, link.start, link.end, _nowhere(page, fragment, anchors))

    def _same_page(self, doc: Document) -> Iterator[Diagnostic]:
        targets = [
            link
            for link in (*find_links(doc), *html_links(doc))
            if link.href.startswith("#") and len(link.href) > 1 and not holds_template(link.href)
        ]
        if not targets:
            return
        anchors = self._anchors(doc)[1]
        if anchors is None or bundle_resource(doc, self.site.root):
            return  # some id of the page cannot be known, or another page shows this text
        for link in targets:
            fragment = unquote(link.href[1:])
            if fragment not in anchors:
                yield self.diagnostic(doc, link.start, link.end, _nowhere(None, fragment, anchors))

    def _other_pages(self, doc: Document) -> list[tuple[LocalLink, str]]:
        """Links with a fragment to a page found in the site (or beside a lone file)."""
        if not self.options.other_pages or "#" not in doc.text:
            return []
        index = site_index(self.local_targets, self.site)
        return [
            (link, link.hit.file)
            for link in local_links(doc, index, None)
            if link.fragment
            and link.hit is not None
            and link.hit.file
            and link.hit.file.lower().endswith((".md", ".markdown"))
            and not holds_template(link.fragment)
        ]

    def _ids_of(self, page: Document) -> frozenset[str] | None:
        return self._page_anchors(page)[0]

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """The included files, unchanged, and the paths an include was looked for at,
        still absent, and, for links to other pages, the site's pages unchanged (without a
        site: the target pages): a cached result holds until one of them changes."""
        _, _, included, absent = self._anchors(doc)
        conditions: list[tuple] = [
            ("stamp", str(path), *file_stamp(str(path))) for path in included
        ]
        conditions.extend(("exists", str(path), False) for path in absent)
        others = self._other_pages(doc)
        if others:
            index = site_index(self.local_targets, self.site)
            if index is not None:
                conditions.append(("site-pages", str(index.root), index.stamp))
            else:
                conditions.extend(("stamp", file, *file_stamp(file)) for _, file in others)
        return conditions

    def _anchors(self, doc: Document) -> tuple[Document, frozenset[str] | None, list, list]:
        if self._last is None or self._last[0] is not doc:
            self._last = (doc, *self._page_anchors(doc))
        return self._last

    def _id_type(self) -> str:
        return self.options.heading_ids or self.site.heading_ids or GITHUB

    def _page_anchors(self, doc: Document) -> tuple[frozenset[str] | None, list, list]:
        options, site = self.options, self.site
        id_type = self._id_type()
        terms = options.definition_term_ids
        if terms is None:
            terms = bool(site.definition_term_ids)
        anchors = page_anchors(doc, id_type, terms)
        included, looked_at = included_files(doc, site.root)
        absent = [path for path in looked_at if path not in included]
        if _own_template(doc.meta):
            return None, included, absent
        if anchors is None:
            return anchors, included, absent
        ids = set(anchors) | _front_matter_words(doc.meta)
        for path in included:
            part = read_page(str(path))
            part_ids = page_anchors(part, id_type, terms) if part is not None else None
            if part_ids is None:
                return None, included, absent
            ids |= part_ids
        return frozenset(ids), included, absent


def _own_template(meta: object) -> bool:
    """Whether the page names a template of its own (``layout``) or hands its children
    settings (``cascade``): such a page's template prints ids of its own making (k8s's
    glossary gives each term ``#term-<id>``; Hugo's docs list their glossary's terms)."""
    return isinstance(meta, dict) and any(str(key).lower() in ("layout", "cascade") for key in meta)


def _front_matter_words(meta: object) -> set[str]:
    """Front-matter values that could be ids a template gives the page: words without
    spaces (an API reference page's ``kind: "ObjectMeta"`` is its ``#ObjectMeta``)."""
    found: set[str] = set()
    stack = [meta]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif (
            isinstance(value, str)
            and value
            and len(value) <= 100
            and not any(c.isspace() for c in value)
        ):
            found.add(value)
    return found


def _nowhere(page: str | None, fragment: str, anchors: frozenset[str]) -> str:
    """The finding's message; ``page`` names the other page linked to (None: this one)."""
    if page is None:
        message = msg('the link goes nowhere: this page has no id "{fragment}"', fragment=fragment)
    else:
        message = msg(
            'the link goes nowhere: the page "{page}" has no id "{fragment}"',
            page=page,
            fragment=fragment,
        )
    close = difflib.get_close_matches(fragment, sorted(anchors), n=1, cutoff=0.6)
    if close:
        message += msg('; did you mean "#{close}"?', close=close[0])
    return message


RULES = (LinkUrlSyntax, LinkReferenceUndefined, LinkAnchorMissing)
