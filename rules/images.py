"""Rules about images that can be checked without the network: markup, URLs, local files."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lintnews.diagnostics import Diagnostic, Fix, Severity
from lintnews.document import Document
from lintnews.images import FIGURE, HTML, MARKDOWN, REFERENCE, Image, find_unparsed_images
from lintnews.rule import Rule, RuleOptions

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):")
_MISSING_COLON = re.compile(r"^(?P<scheme>https?)//", re.I)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_QUOTES = '"“”‘’「」'
_QUOTE = re.compile(f"[{re.escape(_QUOTES)}]")
_WEB_SCHEMES = ("http", "https")


def _holds_template(url: str) -> bool:
    """A Hugo shortcode (`{{< postref >}}`, `{{% x %}}`) or template expression in a URL.

    Hugo replaces it before the page is served, so the text as written is not the URL a
    reader's browser requests, and percent-encoding its spaces would break the shortcode.
    """
    return "{{" in url


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
        MARKDOWN: "image",
        REFERENCE: "image",
        HTML: "<img>",
        FIGURE: "figure shortcode",
    }[image.kind]


# What the reader gets, said first in every message.
_BROKEN = "readers will see a broken image"
_MAY_NOT_LOAD = "the image may not load everywhere"
_NO_ALT = "screen readers get nothing"


class ImageAltText(Rule):
    """Images must have alt text.

    ## What it does
    Reports `![](url)` and `![ ](url)` (empty alt text), `<img>` without an `alt` attribute,
    and Hugo `figure` shortcodes with neither `alt` nor `caption`. Hugo's figure shortcode
    writes the caption (as plain text) into `alt` when `alt` is missing or empty, so a
    caption is enough; `title` is shown as a heading in the caption and is never used as alt.
    `<img alt="">` is the HTML way to mark a purely decorative image and is accepted unless
    `allow-decorative` is off. Markdown has no such marker, so `![](url)` is always reported.
    Figures written with positional parameters (a site's own shortcode) are not checked.
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
                return f"{_NO_ALT}: the image has no alt text; describe what it shows between the brackets"
            return None
        if image.kind == HTML:
            if image.alt is None:
                return f'{_NO_ALT}: <img> has no alt attribute; add alt="what it shows"'
            if not image.alt.strip() and not self.options.allow_decorative:
                return f"{_NO_ALT}: <img> has an empty alt attribute; describe what it shows"
            return None
        if image.positional or (image.alt is not None and image.alt.strip()):
            return None
        hint = "; title is not used as alt text" if image.title else ""
        return f'{_NO_ALT}: the figure shortcode has neither alt nor caption{hint}; add alt="..."'


@dataclass(frozen=True, slots=True)
class _Problem:
    start: int  # offsets within the URL text
    end: int
    message: str
    replacement: str | None = None  # the whole corrected URL
    fix_message: str = ""
    safe: bool = True
    # What readers get. Browsers repair some slips (a space, a tab, a "\\", "https:/")
    # that Hugo, feed readers and other tools do not.
    effect: str = _BROKEN


def url_syntax_problem(
    url: str, *, angle_brackets: bool = False, href: str | None = None
) -> _Problem | None:
    """The first thing wrong with how an image URL is written, or ``None``.

    ``angle_brackets``: the URL was written as a CommonMark ``<...>`` destination, where
    spaces are allowed (the renderer percent-encodes them). ``href``: the URL after Markdown
    backslash escapes are applied, where a ``\\`` left over is a real backslash.
    """
    if not url:
        return _Problem(0, 0, "image URL is empty")
    problem = _quote_problem(url) or _space_problem(url, angle_brackets)
    if problem:
        return problem
    if _WINDOWS_DRIVE.match(url):
        return _Problem(0, len(url), f'"{url}" is a local Windows path, not a URL')
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        return _schemeless_problem(url, url if href is None else href)
    scheme = scheme_match.group("scheme")
    rest = url[scheme_match.end() :]
    lowered = scheme.lower()
    if lowered in _WEB_SCHEMES:
        return _web_url_problem(url, scheme, rest)
    if lowered == "data":
        if rest.lower().startswith("image/"):
            return None
        return _Problem(0, len(url), "data: URL of an image must start with data:image/")
    guess = difflib.get_close_matches(lowered, _WEB_SCHEMES, n=1, cutoff=0.6)
    if guess and rest.startswith("//"):
        fixed = guess[0] + ":" + rest
        # An extra letter in front ("hhttps") is an obvious slip; other edits are guesses.
        certain = lowered.endswith(guess[0]) and len(lowered) == len(guess[0]) + 1
        return _Problem(
            0,
            len(scheme) + 1,
            f'unknown URL scheme "{scheme}:"; did you mean "{guess[0]}:"?',
            fixed,
            f'write "{guess[0]}:"',
            safe=certain,
        )
    return _Problem(
        0,
        len(scheme) + 1,
        f'unknown URL scheme "{scheme}:" for an image; use https://, a data:image/ URL or a path',
    )


def _quote_problem(url: str) -> _Problem | None:
    found = _QUOTE.search(url)
    index = found.start() if found else None
    if index is None:
        if url[0] == "'" or url[-1] == "'":
            index = 0 if url[0] == "'" else len(url) - 1
        else:
            return None
    cleaned = url.strip(_QUOTES + "'")
    inner_quote = any(char in _QUOTES for char in cleaned)
    replacement = cleaned if cleaned and not inner_quote else None
    return _Problem(
        index,
        index + 1,
        f'stray quote {url[index]!r} in image URL "{url}"',
        replacement,
        "remove the quote",
        safe=True,
    )


def _space_problem(url: str, angle_brackets: bool) -> _Problem | None:
    match = re.search(r"\s", url)
    if match is None or (angle_brackets and match.group() == " "):
        return None
    if match.group() != " ":
        return _Problem(
            match.start(),
            match.end(),
            f'image URL "{url}" contains a line break or tab',
            effect=_MAY_NOT_LOAD,
        )
    encoded = url.replace(" ", "%20")
    return _Problem(
        match.start(),
        match.end(),
        f'image URL "{url}" contains a space; write "{encoded}"',
        encoded,
        "percent-encode the spaces",
        effect=_MAY_NOT_LOAD,
    )


def _schemeless_problem(url: str, href: str) -> _Problem | None:
    missing_colon = _MISSING_COLON.match(url)
    if missing_colon:
        scheme = missing_colon.group("scheme")
        fixed = f"{scheme}://{url[missing_colon.end() :]}"
        return _Problem(
            0,
            missing_colon.end(),
            f'"{scheme}//" is missing its colon; write "{scheme}://"',
            fixed,
            f'write "{scheme}://"',
        )
    if "\\" in href and "\\" in url:
        index = url.index("\\")
        return _Problem(
            index,
            index + 1,
            f'image URL "{url}" uses "\\"; URLs separate folders with "/"',
            effect=_MAY_NOT_LOAD,
        )
    if url.lower().startswith("www."):
        return _Problem(
            0,
            len(url),
            f'"{url}" has no scheme and would be read as a local path; write "https://{url}"',
            f"https://{url}",
            'add "https://"',
            safe=False,
        )
    return None


def _web_url_problem(url: str, scheme: str, rest: str) -> _Problem | None:
    if rest.startswith("//"):
        host = re.match(r"[^/?#]*", rest[2:])
        assert host is not None
        if not host.group() or host.group().startswith("\\"):
            return _Problem(0, len(url), f'image URL "{url}" has no host name')
        return None
    fixed = f"{scheme}://{rest.lstrip('/')}"
    written = url[: len(scheme) + 1 + len(rest) - len(rest.lstrip("/"))]
    return _Problem(
        0,
        len(written),
        f'"{written}" is not a valid URL start; write "{scheme}://"',
        fixed if rest.lstrip("/") else None,
        f'write "{scheme}://"',
        effect=_MAY_NOT_LOAD,
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
    rewrites the URL (`hhttps://` to `https://`, `a b.png` to `a%20b.png`, dropping a stray
    quote). A space inside a CommonMark `<a b.png>` destination is allowed. A URL holding a
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
            if _holds_template(image.url):
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
            if _holds_template(unparsed.destination):
                continue
            findings.append(self._unparsed(doc, unparsed))
        yield from findings

    @staticmethod
    def _empty_url_message(doc: Document, image: Image) -> str | None:
        markup = doc.text[image.markup_start : image.markup_end]
        if image.kind == HTML:
            if re.search(r"\ssrc\s*=", markup, re.I):
                return "<img> has an empty src"
            return "<img> has no src attribute"
        if image.kind == FIGURE:
            if re.search(r"\ssrc\s*=", markup):
                return "figure shortcode has an empty src"
            return "figure shortcode has no src"
        return None

    def _report(
        self, doc: Document, url_start: int, url: str, problem: _Problem, message: str
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
        message = f"{problem.effect}: {message}"
        return self.diagnostic(doc, start, url_start + problem.end, message, fix)

    def _unparsed(self, doc: Document, unparsed) -> Diagnostic:
        destination = unparsed.destination
        reason = "CommonMark cannot read its destination"
        fix: Fix | None = None
        if destination.startswith("<") and ">" not in destination:
            reason = 'the "<" before the URL is not closed'
        elif re.search(r"\s", destination):
            head, _, tail = destination.partition(" ")
            if tail.strip()[:1] in ("\"'(") and re.fullmatch(r"\S+", head):
                reason = "its title is not closed or is followed by more text"
            else:
                encoded = re.sub(
                    r"[ \t]", lambda m: "%20" if m.group() == " " else "%09", destination
                )
                reason = f'the URL contains a space; write "{encoded}" or "<{destination}>"'
                fix = self.replace(
                    unparsed.start, unparsed.end, encoded, "percent-encode the spaces"
                )
        else:
            scheme = _SCHEME.match(destination)
            if scheme:
                reason = f'CommonMark refuses the URL scheme "{scheme.group("scheme")}:"'
        message = f"this image markup is printed as text, not shown as an image: {reason}"
        start = unparsed.start if unparsed.start < unparsed.end else unparsed.markup_start
        return self.diagnostic(doc, start, max(unparsed.end, start + 1), message, fix)


class ImageInsecureUrl(Rule):
    """Images should be loaded over HTTPS.

    ## What it does
    Reports images whose URL starts with `http://`. The fix (not applied by `--fix`, since
    the host may not serve HTTPS) rewrites it to `https://`.

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
                image.start, image.start + 7, "https://", "load the image over HTTPS", safe=False
            )
            yield self.diagnostic(
                doc,
                image.start,
                image.end,
                f"browsers upgrade or block this image on an HTTPS page: {_describe(image)} is "
                "loaded over plain HTTP; use https://",
                fix,
            )


# -- local files --------------------------------------------------------------------------

_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_BUNDLE = re.compile(r"^_?index(?:\.[A-Za-z0-9_-]+)?\.(?:md|markdown|html?)$")


@dataclass(frozen=True, slots=True)
class _Missing:
    message: str


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
    to other rules. Nothing is checked for text that is not a file on disk.

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
        self._listings: dict[str, frozenset[str] | None] = {}
        self._roots: dict[Path, Path | None] = {}
        self._depth = 1  # path components of the URL being resolved, for messages
        #: Lookups of the run: (normalised path, depth) -> what _exists_exactly found.
        self._lookups: dict[tuple[str, int], tuple[bool, str | None]] = {}
        #: The last document's results and files tried: check and cache_conditions share them.
        self._last: tuple[Document, list[tuple[Image, _Missing | None]], list] | None = None
        # Per run, like the folder listings: the site's folders do not move during it.
        self._static_folders: list[str] | None = None
        self._content_folders: dict[Path, list[Path]] = {}
        self._page_folder: tuple[Path, str] | None = None  # the last article's

    def check(self, doc: Document) -> Iterator[Diagnostic]:
        for image, missing in self._resolved(doc)[0]:
            if missing is not None:
                yield self.diagnostic(doc, image.start, image.end, missing.message)

    def cache_conditions(self, doc: Document) -> Iterable[tuple]:
        """Every file looked for, and whether it was there: a cached result holds until one
        of them appears or disappears."""
        tried = self._resolved(doc)[1]
        return [("exists", path, found) for path, found in dict(tried).items()]

    def _resolved(
        self, doc: Document
    ) -> tuple[list[tuple[Image, _Missing | None]], list[tuple[Path, bool]]]:
        if self._last is None or self._last[0] is not doc:
            tried: list[tuple[str, bool]] = []
            self._last = (doc, list(self._results(doc, tried)), tried)
        return self._last[1], self._last[2]

    def _results(
        self, doc: Document, tried: list[tuple[str, bool]] | None
    ) -> Iterator[tuple[Image, _Missing | None]]:
        local = [i for i in _unique_urls(doc.images) if _is_local(i.href)]
        # A mistyped scheme ("http//", "www.") is a URL, not a path: image-url-syntax says so.
        local = [
            i
            for i in local
            if not _MISSING_COLON.match(i.href) and not i.href.lower().startswith("www.")
        ]
        if not local:
            return
        article = Path(doc.path)
        if not article.is_file():
            return
        article = Path(os.path.abspath(article))
        root = self._site_root(article)
        for image in local:
            yield image, self._resolve(doc, article, root, image, tried)

    # -- resolution -------------------------------------------------------------------------

    def _resolve(
        self,
        doc: Document,
        article: Path,
        root: Path | None,
        image: Image,
        tried: list[tuple[str, bool]] | None = None,
    ) -> _Missing | None:
        path = unquote(re.split(r"[?#]", image.href, maxsplit=1)[0])
        if not path:
            return None
        bundle = _BUNDLE.match(article.name) is not None
        static_dirs = self._static_dirs()
        if path.startswith("/"):
            if root is None:
                return None  # without a site there is nothing a root-relative path means
            relative = path.lstrip("/")
            candidates = [root / folder / relative for folder in static_dirs]
            candidates += [folder / relative for folder in self._content_roots(root)]
            where = "the static folders (" + ", ".join(static_dirs) + ") or content/"
        else:
            candidates = [article.parent / path]
            where = "the page bundle" if bundle else "the article's folder"
            if not bundle and root is not None:
                page_folder = self._page_static_folder(article, root)
                candidates += [root / folder / page_folder / path for folder in static_dirs]
        if bundle:
            candidates += self._bundle_address_candidates(doc, article, path)
        # Compared and looked up as normalised strings: paths are made for every image.
        normal = [os.path.normpath(c) for c in candidates]
        if root is not None:
            base = os.path.normpath(root)
            prefix = base.rstrip(os.sep) + os.sep
            normal = [n for n in normal if n == base or n.startswith(prefix)]
        inside = normal
        if not inside:
            return _Missing(f'{_BROKEN}: image path "{image.url}" leaves the site root')
        self._depth = max(
            1, len([p for p in PurePosixPath(path).parts if p not in ("/", ".", "..")])
        )
        near_misses: list[str] = []
        for candidate in inside:
            found, near = self._exists_exactly(candidate)
            if tried is not None:
                tried.append((candidate, found))
            if found:
                return None
            if near:
                near_misses.append(near)
        if near_misses:
            return _Missing(
                f'{_BROKEN}: image file "{path}" not found: the name differs in case from '
                f'"{near_misses[0]}" '
                "(the published site is case-sensitive)"
            )
        return _Missing(f'{_BROKEN}: image file "{path}" not found in {where}')

    def _static_dirs(self) -> list[str]:
        if self._static_folders is None:
            folders = list(self.site.static_dirs or ("static",))
            asset_dir = getattr(self.site, "asset_dir", None) or "assets"
            if asset_dir not in folders:
                folders.append(asset_dir)
            self._static_folders = folders
        return self._static_folders

    def _bundle_address_candidates(self, doc: Document, article: Path, path: str) -> list[Path]:
        """Files reached through a page's published address rather than its folder.

        Hugo and Zola publish a bundle's files at the page's URL, which front-matter ``url``
        or ``slug`` and date-based permalinks make differ from the folder: ``/blog/2023/05/05/
        qos-memory-resources/a.svg`` or ``../../2024/05/07/other-post/a.svg``. A path whose
        folder is this page's address means this bundle; one ending in a sibling bundle's
        folder name means that sibling.
        """
        folder, _, name = path.rpartition("/")
        last = folder.rstrip("/").rsplit("/", 1)[-1]
        if not last or last in (".", ".."):
            return []
        meta = doc.meta if isinstance(doc.meta, dict) else {}
        own_url = str(meta.get("url") or "").strip("/")
        slug = str(meta.get("slug") or article.parent.name).strip("/")
        candidates: list[Path] = []
        if folder.strip("/") == own_url or last in (slug, article.parent.name):
            candidates.append(article.parent / name)
        candidates.append(article.parent.parent / last / name)
        return candidates

    def _content_roots(self, root: Path) -> list[Path]:
        """``content/`` and, in a multilingual site, its per-language folders."""
        if root not in self._content_folders:
            content = root / "content"
            names = self._listing(content) or frozenset()
            languages = sorted(
                n for n in names if _LANGUAGE_FOLDER.match(n) and (content / n).is_dir()
            )
            self._content_folders[root] = [content, *(content / n for n in languages)]
        return self._content_folders[root]

    def _page_static_folder(self, article: Path, root: Path) -> str:
        """Where a non-bundle page's URL points, relative to the static folder."""
        if self._page_folder is None or self._page_folder[0] != article:
            self._page_folder = (article, self._page_folder_of(article, root))
        return self._page_folder[1]

    @staticmethod
    def _page_folder_of(article: Path, root: Path) -> str:
        try:
            relative = article.relative_to(root)
        except ValueError:
            return article.stem
        parts = relative.parts
        if parts and parts[0] == "content":
            parts = parts[1:]
        return str(PurePosixPath(*parts[:-1], article.stem)) if parts else article.stem

    def _site_root(self, article: Path) -> Path | None:
        if self.site.root is not None:
            return Path(os.path.abspath(self.site.root))
        folder = article.parent
        if folder not in self._roots:
            found = None
            for candidate in (folder, *folder.parents):
                if (candidate / "content").is_dir() and _within(article, candidate / "content"):
                    found = candidate
                    break
            self._roots[folder] = found
        return self._roots[folder]

    def _exists_exactly(self, candidate: str) -> tuple[bool, str | None]:
        """Whether the file exists with exactly this spelling, else a case-variant of it;
        ``candidate`` is normalised (``os.path.normpath``)."""
        key = (candidate, self._depth)
        if key not in self._lookups:
            self._lookups[key] = self._look_up(Path(key[0]))
        return self._lookups[key]

    def _look_up(self, normal: Path) -> tuple[bool, str | None]:
        parts = normal.parts
        current = Path(parts[0])
        actual: list[str] = [parts[0]]
        mismatch = False
        for part in parts[1:]:
            names = self._listing(current)
            if names is None:
                return False, None
            if part in names:
                actual.append(part)
            else:
                folded = [n for n in names if n.casefold() == part.casefold()]
                if not folded:
                    return False, None
                mismatch = True
                actual.append(folded[0])
                part = folded[0]
            current = current / part
        if not current.is_file():
            return False, None
        if mismatch:
            return False, "/".join(actual[-self._depth :])
        return True, None

    def _listing(self, folder: Path) -> frozenset[str] | None:
        key = str(folder)
        if key not in self._listings:
            try:
                self._listings[key] = frozenset(os.listdir(folder))
            except OSError:
                self._listings[key] = None
        return self._listings[key]


def _is_local(href: str) -> bool:
    """A path on the site: no scheme, not protocol-relative, no template expression."""
    if not href or href.startswith(("//", "#")) or _holds_template(href):
        return False
    return _SCHEME.match(href) is None


def _within(path: Path, root: Path) -> bool:
    normal = os.path.normpath(path)
    base = os.path.normpath(root)
    return normal == base or normal.startswith(base.rstrip(os.sep) + os.sep)


RULES = (ImageAltText, ImageUrlSyntax, ImageInsecureUrl, ImageMissingFile)
