"""URL forms shared by the image rules and the remote checker (no network code here)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

#: A URL scheme and its colon at the start of a URL (``https:``, ``data:``, ``hhttps:``).
URL_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):")


def holds_template(url: str) -> bool:
    """A Hugo shortcode (`{{< postref >}}`, `{{% x %}}`) or template expression in a URL.

    Hugo replaces it before the page is served, so the text as written is not the URL a
    reader's browser requests, and percent-encoding its spaces would break the shortcode.
    """
    return "{{" in url


def is_site_path(href: str) -> bool:
    """A path on the site: no scheme, not protocol-relative, no template expression."""
    if not href or href.startswith(("//", "#")) or holds_template(href):
        return False
    return URL_SCHEME.match(href) is None


def normalise_url(url: str) -> str | None:
    """The form a URL is fetched and de-duplicated by, or None when it is not http(s)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def is_web_url(value: object) -> bool:
    """Whether a value is an absolute ``http``/``https`` URL with a host, as written."""
    if not isinstance(value, str) or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
