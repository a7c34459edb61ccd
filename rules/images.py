"""Rules about images that can be checked without the network: markup, URLs, local files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lintnews_rules.url_syntax import UrlProblem, url_syntax_problem

from lintnews.common.messages import message as msg
from lintnews.common.urls import URL_SCHEME, holds_template, is_site_path
from lintnews.model.document import Document
from lintnews.model.images import FIGURE, HTML, MARKDOWN, REFERENCE, Image, find_unparsed_images
from lintnews.plugin.diagnostics import Diagnostic, Fix, Severity
from lintnews.plugin.rule import Rule, RuleOptions
from lintnews.site.hugo_paths import HugoPaths, Resolution, is_page_bundle

_MISSING_COLON = re.compile(r"^(?P<scheme>https?)//", re.I)


def _unique_urls(images: list[Image]) -> Iterator[Image]:
    """Each written URL once: reference images share their definition's URL."""
    seen: set[tuple[int, int]] = set()
    for image in images:
        if image.kind == REFERENCE and (image.start, image.end) in seen:
            continue
        seen.add((image.start, image.end))
        yield image


def _describe(image: Image) -> str:
    return {
        MARKDOWN: msg("image"),
        REFERENCE: msg("image"),
        HTML: "<img>",
        FIGURE: msg("figure shortcode"),
    }[image.kind]


# What the reader gets, said first in every message.
_BROKEN = msg("readers will see a broken image")
_MAY_NOT_LOAD = msg("the image may not load everywhere")
_NO_ALT = msg("screen readers get nothing")


class ImageAltText(Rule):
    """Images must have alt text.

    ## What it does
    Reports `![](url)` and `![ ](url)` (empty alt text), `<img>` without an `alt` attribute,
    and Hugo `figure` shortcodes with neither `alt` nor `caption`. Hugo's figure shortcode
    writes the caption (as plain text) into `alt` when `alt` is missing or empty, so a
    caption is enough; `title` is shown as a heading in the caption and is never used as alt.
    `<img alt="">` is the HTML way to mark a purely decorative image and is accepted unless
    `allow-decorative` is off. Markdown has no such marker, so `![](url)` is always reported.
    Figures written with positional parameters (a site's own shortcode) are not checked, nor
    figures inside an HTML comment block (`<!-- … -->`): Hugo renders them into the comment,
    unseen (translated sites keep the original there).
    The finding points at the image markup.

    ## Why is this bad?
    Screen readers announce an image without alt text by its file name or not at all, feed
    readers and search engines show nothing, and when a hot-linked image breaks the reader
    is left with an empty box.

    ## Example
    ```markdown
    ![](https://example.com/o3-mini-benchmark.png)
    ```
    Use instead:
    ```markdown
    ![o3-mini 与 DeepSeek-R1 的基准测试对比](https://example.com/o3-mini-benchmark.png)
    ```

    ## Options
    `allow-decorative` (default `true`): accept `<img alt="">` as a deliberately
    decorative image.
    """

    name = "image-alt-text"
    code = "LN401"
    severity = Severity.WARNING

    class Options(RuleOptions):
        allow_decorative: bool = True

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for image in doc.images:
            message = self._problem(image)
            if message is None:
                continue
            end = image.markup_end
            if image.kind in (MARKDOWN, REFERENCE) and image.alt_end is not None:
                end = image.alt_end + 1  # underline "![]", not the whole URL
            yield self.diagnostic(doc, image.markup_start, end, message)

    def _problem(self, image: Image) -> str | None:
        if image.kind in (MARKDOWN, REFERENCE):
            if image.alt is None or not image.alt.strip():
                return msg(
                    "{no_alt}: the image has no alt text; describe what it shows between the brackets",
                    no_alt=_NO_ALT,
                )
            return None
        if image.kind == HTML:
            if image.alt is None:
                return msg(
                    '{no_alt}: <img> has no alt attribute; add alt="what it shows"', no_alt=_NO_ALT
                )
            if not image.alt.strip() and not self.options.allow_decorative:
                return msg(
                    "{no_alt}: <img> has an empty alt attribute; describe what it shows",
                    no_alt=_NO_ALT,
                )
            return None
        if image.positional or (image.alt is not None and image.alt.strip()):
            return None
        hint = msg("; title is not used as alt text") if image.title else ""
        return msg(
            '{no_alt}: the figure shortcode has neither alt nor caption{hint}; add alt="..."',
            no_alt=_NO_ALT,
            hint=hint,
        )


def _written_in_angle_brackets(doc: Document, image: Image) -> bool:
    return (
        image.kind in (MARKDOWN, REFERENCE)
        and image.start > 0
        and doc.text[image.start - 1] == "<"
        and doc.text[image.end : image.end + 1] == ">"
    )


class ImageUrlSyntax(Rule):
    """Image URLs must be well-formed, and image markup must render as an image.

    ## What it does
    Reports image URLs (Markdown, `<img src>`, figure `src`) that are empty, misspell their
    scheme (`hhttps://`, `https:/host`, `http//host`), use an unknown scheme (only
    `http(s)://`, protocol-relative `//`, `data:image/` and paths are images), contain a
    space, a tab or a stray quote, use `\\` as a folder separator, or start with `www.`
    without a scheme. It also reports `![alt](...)` in prose that CommonMark printed as text
    because of such a destination, e.g. `![图](a b.png)`. Where the intent is certain the fix
    rewrites the URL of Markdown image markup (`hhttps://` to `https://`, `a b.png` to
    `a%20b.png`, dropping a stray quote); an `<img>` tag or a figure shortcode is reported
    without a fix, since no fix edits HTML attributes or shortcodes. A space inside a CommonMark `<a b.png>` destination is allowed. A URL holding a
    Hugo shortcode or template expression (`{{< blogdown/postref >}}images/a.png`,
    `/{{% ref %}}`, `{{ .Site.BaseURL }}`) is not the URL the page requests, since Hugo
    replaces that part first: it is never reported and never touched by a fix.

    ## Why is this bad?
    The image does not load, or the reader sees the raw markup instead of a picture. Neither
    shows up in a preview that resolves paths differently from the published site.

    ## Example
    ```markdown
    ![发布会现场](hhttps://example.com/launch.jpg)

    ![架构图](architecture diagram.png)
    ```
    Use instead:
    ```markdown
    ![发布会现场](https://example.com/launch.jpg)

    ![架构图](architecture%20diagram.png)
    ```

    ## Options
    None.
    """

    name = "image-url-syntax"
    code = "LN402"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        findings: list[Diagnostic] = []
        for image in _unique_urls(doc.images):
            if holds_template(image.url):
                continue
            angle = _written_in_angle_brackets(doc, image)
            problem = url_syntax_problem(image.url, angle_brackets=angle, href=image.href)
            if problem is None:
                continue
            message = problem.message
            if not image.url:
                message = self._empty_url_message(doc, image) or message
            findings.append(self._report(doc, image.start, image.url, problem, message))
        for unparsed in find_unparsed_images(doc):
            if holds_template(unparsed.destination):
                continue
            findings.append(self._unparsed(doc, unparsed))
        yield from findings

    @staticmethod
    def _empty_url_message(doc: Document, image: Image) -> str | None:
        markup = doc.text[image.markup_start : image.markup_end]
        if image.kind == HTML:
            if re.search(r"\ssrc\s*=", markup, re.I):
                return msg("<img> has an empty src")
            return msg("<img> has no src attribute")
        if image.kind == FIGURE:
            if re.search(r"\ssrc\s*=", markup):
                return msg("figure shortcode has an empty src")
            return msg("figure shortcode has no src")
        return None

    def _report(
        self, doc: Document, url_start: int, url: str, problem: UrlProblem, message: str
    ) -> Diagnostic:
        fix: Fix | None = None
        if problem.replacement is not None:
            fix = self.replace(
                url_start,
                url_start + len(url),
                problem.replacement,
                problem.fix_message,
                problem.safe,
            )
        start = url_start + problem.start
        effect = _BROKEN if problem.effect == "broken" else _MAY_NOT_LOAD
        message = msg("{effect}: {message}", effect=effect, message=message)
        return self.diagnostic(doc, start, url_start + problem.end, message, fix)

    def _unparsed(self, doc: Document, unparsed) -> Diagnostic:
        destination = unparsed.destination
        reason = msg("CommonMark cannot read its destination")
        fix: Fix | None = None
        if destination.startswith("<") and ">" not in destination:
            reason = 'the "<" before the URL is not closed'
        elif re.search(r"\s", destination):
            head, _, tail = destination.partition(" ")
            if tail.strip()[:1] in ("\"'(") and re.fullmatch(r"\S+", head):
                reason = msg("its title is not closed or is followed by more text")
            else:
                encoded = re.sub(
                    r"[ \t]", lambda m: "%20" if m.group() == " " else "%09", destination
                )
                reason = msg(
                    'the URL contains a space; write "{encoded}" or "<{destination}>"',
                    encoded=encoded,
                    destination=destination,
                )
                fix = self.replace(
                    unparsed.start, unparsed.end, encoded, msg("percent-encode the spaces")
                )
        else:
            scheme = URL_SCHEME.match(destination)
            if scheme:
                reason = msg(
                    'CommonMark refuses the URL scheme "{group}:"', group=scheme.group("scheme")
                )
        message = msg(
            "this image markup is printed as text, not shown as an image: {reason}", reason=reason
        )
        start = unparsed.start if unparsed.start < unparsed.end else unparsed.markup_start
        return self.diagnostic(doc, start, max(unparsed.end, start + 1), message, fix)


class ImageInsecureUrl(Rule):
    """Images should be loaded over HTTPS.

    ## What it does
    Reports images whose URL starts with `http://`. The fix (not applied by `--fix`, since
    the host may not serve HTTPS) rewrites it to `https://` in Markdown image markup; an
    `<img>` tag or a figure shortcode is left to the author, since no fix edits HTML
    attributes or shortcodes.

    ## Why is this bad?
    Browsers block or warn about plain-HTTP images on HTTPS pages (mixed content), and any
    network on the way can replace the picture.

    ## Example
    ```markdown
    ![芯片工厂](http://example.com/fab.jpg)
    ```
    Use instead:
    ```markdown
    ![芯片工厂](https://example.com/fab.jpg)
    ```

    ## Options
    None.
    """

    name = "image-insecure-url"
    code = "LN403"
    severity = Severity.INFO

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for image in _unique_urls(doc.images):
            if image.url[:7].lower() != "http://":
                continue
            fix = self.replace(
                image.start,
                image.start + 7,
                "https://",
                msg("load the image over HTTPS"),
                safe=False,
            )
            yield self.diagnostic(
                doc,
                image.start,
                image.end,
                msg(
                    "browsers upgrade or block this image on an HTTPS page: {image} is loaded over plain HTTP; use https://",
                    image=_describe(image),
                ),
                fix,
            )


# -- local files --------------------------------------------------------------------------


class ImageMissingFile(Rule):
    """Local images must exist, with the exact file name case.

    ## What it does
    Resolves every local image path the way the published site will and reports the ones
    with no file behind them:

    - a relative path (`chart.png`, `./img/chart.png`, `../shared/chart.png`) in a page
      bundle (`index.md`, `_index.md`) is looked up in the bundle's folder, as Hugo's page
      resources are. A non-bundle page (`posts/news.md`) is published at `/posts/news/`, so
      the browser looks for `static/posts/news/chart.png`; editors and Git hosts look next
      to the file. Either place is accepted;
    - a root-relative path (`/images/chart.png`) is looked up in the site's static folders
      (`static/` unless `site.static-dirs` says otherwise) and in `assets/` (Hugo's image
      render hook and figure shortcode use global resources), and, for a page bundle, in the
      bundle when the path is the page's own address (front-matter `url`, or ending in its
      `slug` or folder name) -- that is where Hugo publishes a bundle's images;
    - the query (`?v=2`) and fragment are ignored and `%20`-style escapes decoded;
    - the file name must match exactly, including case, even on a case-insensitive disk:
      the site is usually built and served on Linux;
    - a path that leaves the site root through `..` is reported, not followed.

    The site root is `site.root` when set, else the nearest folder above the article that
    holds a `content/` folder. Remote URLs, `data:` URLs and template expressions are left
    to other rules. Nothing is checked for text that is neither a file on disk nor a
    Markdown file's unsaved text in a folder on disk (an editor's new buffer).

    ## Why is this bad?
    A missing or wrongly cased file is a broken image on the published page, though it may
    look fine on the author's Mac or in an editor preview.

    ## Example
    ```markdown
    ![部署流程](Deploy-Flow.PNG)
    ```
    Use instead:
    ```markdown
    ![部署流程](deploy-flow.png)
    ```

    ## Options
    None.
    """

    name = "image-missing-file"
    code = "LN404"
    severity = Severity.ERROR

    def __init__(self, options=None, site=None) -> None:
        super().__init__(options, site)
        self._paths: HugoPaths | None = None  # the site's files, looked up once per run
        #: The last document's results and files tried: check and cache_conditions share them.
        self._last: tuple[Document, list[tuple[Image, str | None]], list] | None = None

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for image, missing in self._resolved(doc)[0]:
            if missing is not None:
                yield self.diagnostic(doc, image.start, image.end, missing)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """Every file looked for, and whether it was there: a cached result holds until one
        of them appears or disappears."""
        tried = self._resolved(doc)[1]
        return [("exists", path, found) for path, found in dict(tried).items()]

    def _resolved(
        self, doc: Document
    ) -> tuple[list[tuple[Image, str | None]], list[tuple[str, bool]]]:
        if self._last is None or self._last[0] is not doc:
            tried: list[tuple[str, bool]] = []
            self._last = (doc, list(self._results(doc, tried)), tried)
        return self._last[1], self._last[2]

    def _results(
        self, doc: Document, tried: list[tuple[str, bool]]
    ) -> Iterator[tuple[Image, str | None]]:
        """Each local image with what is wrong with its file (``None``: nothing)."""
        local = [i for i in _unique_urls(doc.images) if is_site_path(i.href)]
        # A mistyped scheme ("http//", "www.") is a URL, not a path: image-url-syntax says so.
        local = [
            i
            for i in local
            if not _MISSING_COLON.match(i.href) and not i.href.lower().startswith("www.")
        ]
        if not local:
            return
        article = Path(doc.path)
        # An editor's unsaved buffer has a folder but no file yet: its images are looked up
        # from there as they will be once it is saved.
        unsaved = article.suffix.lower() in (".md", ".markdown") and article.parent.is_dir()
        if not (article.is_file() or unsaved):
            return
        article = Path(os.path.abspath(article))
        if self._paths is None:
            self._paths = HugoPaths(self.site)
        paths = self._paths
        meta = doc.meta if isinstance(doc.meta, dict) else {}
        for image in local:
            resolution = paths.resolve(article, image.href, meta)
            if resolution is not None:
                tried.extend(resolution.looked_up)
            yield image, _missing(paths, article, image, resolution)


def _missing(
    paths: HugoPaths, article: Path, image: Image, resolution: Resolution | None
) -> str | None:
    """What image-missing-file says about an image looked up as ``resolution``."""
    if resolution is None or resolution.file is not None:
        return None
    if resolution.leaves_root:
        return msg(
            '{broken}: image path "{url}" leaves the site root', broken=_BROKEN, url=image.url
        )
    path = resolution.path
    if resolution.case_variant is not None:
        return msg(
            '{broken}: image file "{path}" not found: the name differs in case from "{case_variant}" (the published site is case-sensitive)',
            broken=_BROKEN,
            path=path,
            case_variant=resolution.case_variant,
        )
    if path.startswith("/"):
        where = msg(
            "the static folders ({folders}) or content/", folders=", ".join(paths.static_dirs)
        )
    else:
        where = msg("the page bundle") if is_page_bundle(article) else msg("the article's folder")
    return msg(
        '{broken}: image file "{path}" not found in {where}', broken=_BROKEN, path=path, where=where
    )


RULES = (ImageAltText, ImageUrlSyntax, ImageInsecureUrl, ImageMissingFile)
