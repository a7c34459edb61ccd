"""Links to pages and files of the site that do not exist (``link-missing-target``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from lintnews_rules.local_targets import (
    LocalLink,
    LocalTargets,
    local_links,
    shared_targets,
    site_index,
)

from lintnews.common.lazyre import LazyPattern
from lintnews.common.messages import message as msg
from lintnews.model.document import Document
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.plugin.rule import Rule
from lintnews.site.pages import MISSING


class LinkMissingTarget(Rule):
    """Links to pages and files of the site must lead to something that exists.

    ## What it does
    Looks up every local link destination (`[text](/posts/b/)`, `[text](../b/)`,
    `[text](b.md)`, `[text](/images/a.png)`, and the `href` of `<a>` tags in raw HTML,
    outside comments and code) and every `{{< ref "b.md" >}}` /
    `{{< relref "b" >}}` shortcode (in a destination or in text) the way Hugo builds the
    site, and reports those with nothing behind them:

    - a root-relative path is a page's address or a published file: Hugo gives a page the
      address of its folder and file name in the content folder (a bundle's `index.md` or
      `_index.md`: its folder), lower-cased and without the characters Hugo keeps out of
      addresses (`Serve http:h2/`: `serve-httph2`; a space after a hyphen adds none, and
      `a--b` is also looked for as `a-b`, as Hugo 0.55 made it); `slug` replaces the last
      part, `url` the whole address, `aliases` add addresses, and a section with a
      `[permalinks]` pattern publishes its pages under a name made from `slug`, the file
      or bundle name (with or without a leading date) or the title; languages of `[languages]` other than the
      default are published under `/<code>/` (from their own `contentDir`, or files named
      `a.zh.md`); a `baseURL` path (`https://example.org/docs/`) may lead the link; files
      come from the static folders, `assetDir` and the content folders (a static
      `a/b.html` also at `/a/b`, as static hosts serve it); an address the host redirects
      (a rule of Netlify's or Cloudflare Pages' `_redirects` in a static folder, or
      `[[redirects]]` in `netlify.toml`, with `*` and `:name` patterns) is not missing,
      unless the rule's status is 404 or 410;
    - a relative path is looked up beside the file (as editors and Git hosts do), then from
      the page's address (as the browser does), and a `.md` path as a page's path;
    - `ref` and `relref` take a page's path, with or without extension, relative to the
      page's folder first, then to the content folder, and a bare name (`"b.md"`) may be
      any page's; a `ref` that names no page stops the Hugo build (`REF_NOT_FOUND`).

    Paths that cannot be told are not reported: a language whose pages are not in the tree
    (a translation checked alone), a first path part no content, static or asset folder has
    (a theme's or template's page, a taxonomy list), feeds and other output formats
    (`index.xml`), `ref` with a `lang` parameter, links holding template expressions. Page
    addresses are compared case-insensitively, as Hugo lower-cases them. Without a site root
    (a lone file) and on a Zola site only relative paths naming a file are checked, plus
    Zola's `@/posts/b.md`. A page's result is checked again when any file of the site's
    content, static or asset folders changes.

    Off by default: it is only as right as the tree is whole. On whole checkouts it was
    right each time it was judged (`benchmarks/audit_links_whole.py`: kubernetes/website,
    English and Chinese pages, 40 of 40 sampled reports of 207; servicemesher/website 10 of
    10; gohugoio/hugoDocs made none), but a checkout holding part of a site (one
    translation, a sparse checkout, some sections) gets reports for pages that exist when
    published (20 of 30 on a partial copy of kubernetes/website), and nothing in the tree
    tells such a page from a dead one. Turn it on with `select = ["link-missing-target"]`
    where the whole site is checked.

    ## Why is this bad?
    The reader clicks and gets "page not found"; a missing `ref` fails the whole build.

    ## Example
    ```markdown
    详见[上一篇报道](/posts/2024-elections/)与{{< ref "budget-2025.md" >}}。
    ```
    Use instead (the page's file is `content/posts/2024-election.md`):
    ```markdown
    详见[上一篇报道](/posts/2024-election/)与{{< ref "budget-2024.md" >}}。
    ```

    ## Options
    None.
    """

    name = "link-missing-target"
    code = "LN504"
    severity = Severity.ERROR
    enabled_by_default = False

    def __init__(self, options=None, site=None) -> None:
        super().__init__(options, site)
        #: Shared with link-anchor-missing when both are on (see use_other_rules).
        self.local_targets = LocalTargets()

    def use_other_rules(self, rules: Sequence[Rule]) -> None:
        self.local_targets = shared_targets(self, rules) or self.local_targets

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for link in self._links(doc):
            if link.hit is MISSING:
                yield self.diagnostic(doc, link.start, link.end, _message(link))

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """The site's pages and files unchanged, or, without a site, each file looked for
        still there or still absent."""
        links = self._links(doc)
        if not links:
            return []
        index = site_index(self.local_targets, self.site)
        if index is not None:
            return [("site-pages", str(index.root), index.stamp)]
        looked = {path: found for link in links for path, found in link.looked_at}
        return [("exists", path, found) for path, found in looked.items()]

    def _links(self, doc: Document) -> list[LocalLink]:
        index = site_index(self.local_targets, self.site)
        zola = None
        if self.site.root is not None and self.site.heading_ids == "zola":
            zola = Path(os.path.abspath(self.site.root))
        return local_links(doc, index, zola)


def _message(link: LocalLink) -> str:
    if link.shortcode is not None:
        return msg(
            'Hugo stops the build (REF_NOT_FOUND): {shortcode} "{path}" names no page of this site',
            shortcode=link.shortcode,
            path=link.path,
        )
    message = msg(
        'readers will get "page not found": nothing on this site at "{path}"', path=link.path
    )
    if "@" in link.path.split("/", 1)[0]:
        return message + msg('; an e-mail address needs "mailto:"')
    if _HOST.match(link.path):
        return message + msg('; a link to another site needs "https://"')
    return message


#: A relative path that starts with a host name (``github.com/a/b``, ``istio.io``).
_HOST = LazyPattern(
    r"^(?:[a-z0-9-]+\.)+(?!(?:md|txt|html?|pdf|png|jpe?g|gif|svg|zip|sh|ya?ml|json)(?:/|$))"
    r"[a-z]{2,}(?:/|$)",
    re.I,
)


RULES = (LinkMissingTarget,)
