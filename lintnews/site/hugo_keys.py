"""Which front-matter keys Hugo itself reads, and which belong to another toolchain.

One home for these facts: the date rules, the schema, ``front-matter-implicit-type`` and
``lintnews init`` all ask here. Hugo compares front-matter keys case-insensitively, so every
set holds lower-cased names.
"""

from __future__ import annotations

#: Hugo's date keys with their aliases (``modified``, ``pubdate``, ``published``,
#: ``unpublishdate``), spelled as Hugo's documentation spells them.
HUGO_DATE_KEYS: tuple[str, ...] = (
    "date",
    "lastmod",
    "modified",
    "publishDate",
    "pubdate",
    "published",
    "expiryDate",
    "unpublishdate",
)
HUGO_DATE_KEYS_LOWER = frozenset(key.lower() for key in HUGO_DATE_KEYS)
#: The key each alias stands for.
HUGO_DATE_ALIASES: dict[str, str] = {
    "modified": "lastmod",
    "pubdate": "publishDate",
    "published": "publishDate",
    "unpublishdate": "expiryDate",
}


def date_keys_for(key: str) -> tuple[str, ...]:
    """A date key and its aliases, lower-cased, in Hugo's order: ``publishDate`` gives
    ``("publishdate", "pubdate", "published")``."""
    return tuple(
        name.lower()
        for name in HUGO_DATE_KEYS
        if name.lower() == key.lower() or HUGO_DATE_ALIASES.get(name, "").lower() == key.lower()
    )


#: Boolean settings Hugo reads, as key paths. Hugo casts their values with Go's
#: ``strconv.ParseBool``, which does not know ``yes``/``no``/``on``/``off``: such a string
#: becomes false, so ``draft: yes`` publishes the page.
HUGO_BOOLEAN_KEYS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("draft",),
        ("headless",),
        ("build", "publishresources"),
        ("sitemap", "disable"),
    }
)

#: Hugo's own keys whose type Hugo fixes, so ``init`` never widens them to fit a value
#: Hugo misreads (the misread values stay reported).
HUGO_TYPED_KEYS: dict[str, str] = {"draft": "bool", "headless": "bool", "weight": "int"}

#: Top-level keys read by R Markdown, Pandoc, knitr or RStudio (blogdown sites keep them in
#: the same front matter), never by Hugo or its templates. Those tools read YAML their own
#: way (R's yaml package takes ``yes`` as true), so lintnews leaves their values alone.
TOOLCHAIN_KEYS: frozenset[str] = frozenset(
    {
        "output",
        "editor_options",
        "knit",
        "runtime",
        "link-citations",
        "always_allow_html",
        "header-includes",
        "vignette",
    }
)


def is_hugo_boolean(path: tuple[str, ...]) -> bool:
    """Whether a key path (list items as ``"[]"``) is a boolean setting Hugo reads."""
    return tuple(part.lower() for part in path) in HUGO_BOOLEAN_KEYS


def belongs_to_toolchain(path: tuple[str, ...]) -> bool:
    """Whether a key path lies under a key only another toolchain reads."""
    return bool(path) and path[0].lower() in TOOLCHAIN_KEYS
