"""Addresses the site's host answers with a redirect, for the link rules.

Sites that move pages keep their old addresses alive on the host, outside Hugo: Netlify
(and Cloudflare Pages, which reads the same format) takes a ``_redirects`` file published
from a static folder, one rule a line (``/old/ /new/ 301``, ``/docs/guides/* /docs/ 301``,
``/blog/:year/:slug /posts/:slug``), and ``[[redirects]]`` tables (``from = "/old/"``) in
``netlify.toml`` beside the site config. A link to an address a rule redirects reaches a
page, so it is not called missing (the target of the rule is the host's to answer).

Only rules that send readers somewhere count: a rule with status 404 (a custom "not found"
page) or 410 does not make its address exist. Addresses are compared as the page index
compares them (lower case, no trailing slash): Netlify itself treats ``/a`` and ``/a/``
as one address.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Redirects", "read_redirects"]

#: Statuses of rules that do not lead to a page.
_NOT_FOUND = ("404", "410")
#: Bytes read of a redirects file at most (a hostile or broken tree).
_MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Redirects:
    """The sources of a site's redirect rules, in the page index's address form."""

    exact: frozenset[str] = frozenset()
    #: ``/a/*`` rules: every address below ``/a`` (and ``/a`` itself).
    prefixes: tuple[str, ...] = ()
    #: Rules with ``:placeholder`` segments, as patterns over whole addresses.
    patterns: tuple[re.Pattern[str], ...] = ()

    def covers(self, address: str) -> bool:
        """Whether a rule redirects ``address`` (already in the index's form)."""
        if address in self.exact:
            return True
        if any(address == p or address.startswith(p + "/") for p in self.prefixes):
            return True
        return any(pattern.fullmatch(address) for pattern in self.patterns)


def read_redirects(
    root: str, static_folders: Iterable[str], normal: Callable[[str], str]
) -> Redirects:
    """The redirect rules of the site at ``root``: ``_redirects`` in each static folder and
    ``[[redirects]]`` of ``root/netlify.toml``; ``normal`` puts an address in the index's
    form. A file that cannot be read adds no rule."""
    sources: list[str] = []
    for folder in static_folders:
        text = _read(os.path.join(folder, "_redirects"))
        if text:
            sources += _file_sources(text)
    text = _read(os.path.join(root, "netlify.toml"))
    if text and "redirects" in text:
        sources += _toml_sources(text)
    exact: set[str] = set()
    prefixes: list[str] = []
    patterns: list[re.Pattern[str]] = []
    for source in sources:
        if not source.startswith("/"):
            continue  # a rule for a whole other host (https://old.example.org/*)
        if source.endswith("*"):
            prefixes.append(normal(source[:-1]))
        elif re.search(r"/:[A-Za-z]", source):
            parts = (
                "[^/]+" if part.startswith(":") else re.escape(part)
                for part in normal(source).split("/")
            )
            patterns.append(re.compile("/".join(parts)))
        else:
            exact.add(normal(source))
    return Redirects(frozenset(exact), tuple(prefixes), tuple(patterns))


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _file_sources(text: str) -> list[str]:
    """The source of each rule of a ``_redirects`` file that leads to a page."""
    sources = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith("#"):
            continue
        # Fields after the source: query conditions (a=b), the target, a status (301, 200!).
        status = next((f.rstrip("!") for f in fields[2:] if f.rstrip("!").isdigit()), "301")
        if status not in _NOT_FOUND:
            sources.append(fields[0])
    return sources


def _toml_sources(text: str) -> list[str]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    rules = data.get("redirects")
    if not isinstance(rules, list):
        return []
    return [
        rule["from"]
        for rule in rules
        if isinstance(rule, dict)
        and isinstance(rule.get("from"), str)
        and str(rule.get("status", 301)) not in _NOT_FOUND
    ]
