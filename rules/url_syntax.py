"""How a URL is written: the syntax checks image and link rules share.

:func:`url_syntax_problem` finds the first slip in a URL as written -- a misspelt scheme
(``hhttps://``, ``https:/host``, ``http//host``), a space, a tab, a stray quote, a ``\\``
folder separator, a Windows path, ``www.`` without a scheme -- and, where the intent is
certain, the corrected URL. What else a scheme may be depends on what the URL is for: a
:class:`UrlKind` names it in messages and says which other schemes are fine.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lintnews.common.messages import message as msg
from lintnews.common.urls import URL_SCHEME

_MISSING_COLON = re.compile(r"^(?P<scheme>https?)//", re.I)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_QUOTES = '"“”‘’「」'
_QUOTE = re.compile(f"[{re.escape(_QUOTES)}]")
_WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class UrlProblem:
    start: int  # offsets within the URL text
    end: int
    message: str
    replacement: str | None = None  # the whole corrected URL
    fix_message: str = ""
    safe: bool = True
    # What readers get. Browsers repair some slips (a space, a tab, a "\\", "https:/")
    # that Hugo, feed readers and other tools do not.
    effect: str = "broken"  # or "may-not-load": the rule words it for its readers


@dataclass(frozen=True)
class UrlKind:
    """What a URL is for, as far as its syntax goes.

    ``noun`` names it in messages ("image URL"). ``schemes`` maps a lowercased scheme other
    than http(s) to its own check (``url``, the text after the colon), which returns ``None``
    when the URL is fine. ``unknown_scheme`` ends the message for any other scheme not close
    to http(s); ``None`` accepts such schemes.
    """

    noun: str
    schemes: dict[str, Callable[[str, str], UrlProblem | None]] = field(default_factory=dict)
    unknown_scheme: str | None = None


def _data_image(url: str, rest: str) -> UrlProblem | None:
    if rest.lower().startswith("image/"):
        return None
    return UrlProblem(0, len(url), msg("data: URL of an image must start with data:image/"))


IMAGE_URLS = UrlKind(
    msg("image URL"),
    {"data": _data_image},
    msg(" for an image; use https://, a data:image/ URL or a path"),
)


def url_syntax_problem(
    url: str,
    *,
    angle_brackets: bool = False,
    href: str | None = None,
    kind: UrlKind = IMAGE_URLS,
) -> UrlProblem | None:
    """The first thing wrong with how a URL of ``kind`` is written, or ``None``.

    ``angle_brackets``: the URL was written as a CommonMark ``<...>`` destination, where
    spaces are allowed (the renderer percent-encodes them). ``href``: the URL after Markdown
    backslash escapes are applied, where a ``\\`` left over is a real backslash.
    """
    if not url:
        return UrlProblem(0, 0, msg("{noun} is empty", noun=kind.noun))
    problem = _quote_problem(url, kind) or _space_problem(url, angle_brackets, kind)
    if problem:
        return problem
    if _WINDOWS_DRIVE.match(url):
        return UrlProblem(0, len(url), msg('"{url}" is a local Windows path, not a URL', url=url))
    scheme_match = URL_SCHEME.match(url)
    if scheme_match is None:
        return _schemeless_problem(url, url if href is None else href, kind)
    scheme = scheme_match.group("scheme")
    rest = url[scheme_match.end() :]
    lowered = scheme.lower()
    if lowered in _WEB_SCHEMES:
        return _web_url_problem(url, scheme, rest, kind)
    if lowered in kind.schemes:
        return kind.schemes[lowered](url, rest)
    guess = difflib.get_close_matches(lowered, _WEB_SCHEMES, n=1, cutoff=0.6)
    if guess and rest.startswith("//"):
        fixed = guess[0] + ":" + rest
        # An extra letter in front ("hhttps") is an obvious slip; other edits are guesses.
        certain = lowered.endswith(guess[0]) and len(lowered) == len(guess[0]) + 1
        return UrlProblem(
            0,
            len(scheme) + 1,
            msg(
                'unknown URL scheme "{scheme}:"; did you mean "{guess}:"?',
                scheme=scheme,
                guess=guess[0],
            ),
            fixed,
            msg('write "{guess}:"', guess=guess[0]),
            safe=certain,
        )
    if kind.unknown_scheme is None:
        return None
    return UrlProblem(
        0,
        len(scheme) + 1,
        msg(
            'unknown URL scheme "{scheme}:"{unknown_scheme}',
            scheme=scheme,
            unknown_scheme=kind.unknown_scheme,
        ),
    )


def _quote_problem(url: str, kind: UrlKind) -> UrlProblem | None:
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
    return UrlProblem(
        index,
        index + 1,
        msg('stray quote {quote!r} in {noun} "{url}"', quote=url[index], noun=kind.noun, url=url),
        replacement,
        msg("remove the quote"),
        safe=True,
    )


def _space_problem(url: str, angle_brackets: bool, kind: UrlKind) -> UrlProblem | None:
    match = re.search(r"\s", url)
    if match is None or (angle_brackets and match.group() == " "):
        return None
    if match.group() != " ":
        return UrlProblem(
            match.start(),
            match.end(),
            msg('{noun} "{url}" contains a line break or tab', noun=kind.noun, url=url),
            effect="may-not-load",
        )
    encoded = url.replace(" ", "%20")
    return UrlProblem(
        match.start(),
        match.end(),
        msg(
            '{noun} "{url}" contains a space; write "{encoded}"',
            noun=kind.noun,
            url=url,
            encoded=encoded,
        ),
        encoded,
        msg("percent-encode the spaces"),
        effect="may-not-load",
    )


def _schemeless_problem(url: str, href: str, kind: UrlKind) -> UrlProblem | None:
    missing_colon = _MISSING_COLON.match(url)
    if missing_colon:
        scheme = missing_colon.group("scheme")
        fixed = f"{scheme}://{url[missing_colon.end() :]}"
        return UrlProblem(
            0,
            missing_colon.end(),
            msg('"{scheme}//" is missing its colon; write "{scheme}://"', scheme=scheme),
            fixed,
            msg('write "{scheme}://"', scheme=scheme),
        )
    if "\\" in href and "\\" in url:
        index = url.index("\\")
        return UrlProblem(
            index,
            index + 1,
            msg(
                '{noun} "{url}" uses "\\"; URLs separate folders with "/"', noun=kind.noun, url=url
            ),
            effect="may-not-load",
        )
    if url.lower().startswith("www."):
        return UrlProblem(
            0,
            len(url),
            msg(
                '"{url}" has no scheme and would be read as a local path; write "https://{url}"',
                url=url,
            ),
            f"https://{url}",
            msg('add "https://"'),
            safe=False,
        )
    return None


def _web_url_problem(url: str, scheme: str, rest: str, kind: UrlKind) -> UrlProblem | None:
    if rest.startswith("//"):
        host = re.match(r"[^/?#]*", rest[2:])
        assert host is not None
        if not host.group() or host.group().startswith("\\"):
            return UrlProblem(
                0, len(url), msg('{noun} "{url}" has no host name', noun=kind.noun, url=url)
            )
        return None
    fixed = f"{scheme}://{rest.lstrip('/')}"
    written = url[: len(scheme) + 1 + len(rest) - len(rest.lstrip("/"))]
    return UrlProblem(
        0,
        len(written),
        msg(
            '"{written}" is not a valid URL start; write "{scheme}://"',
            written=written,
            scheme=scheme,
        ),
        fixed if rest.lstrip("/") else None,
        msg('write "{scheme}://"', scheme=scheme),
        effect="may-not-load",
    )
