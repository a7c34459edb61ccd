"""Which other files a page pulls its text from, for rules that look at the whole page.

Sites include shared Markdown with a shortcode (Hugo's documentation writes
``{{% include "/_common/scope.md" %}}``); the included text, its headings among it, is part
of the rendered page. :func:`included_files` finds such files: each shortcode parameter
that names an existing Markdown file, looked up in the site's content folders and beside
the page. Only shortcodes written in the page are followed, not those of included files.
"""

from __future__ import annotations

import os
from pathlib import Path

from lintnews.model.document import Document
from lintnews.model.shortcodes import document_shortcodes
from lintnews.site.hugo import content_folders

_MARKDOWN_SUFFIXES = (".md", ".markdown")


def included_files(doc: Document, root: Path | None) -> tuple[list[Path], list[Path]]:
    """The existing files ``doc``'s shortcodes include, and every path looked at."""
    if "{{" not in doc.text:
        return [], []
    names = [
        param.decoded
        for shortcode in document_shortcodes(doc)
        if shortcode.name
        for param in shortcode.params
        if param.decoded.lower().endswith(_MARKDOWN_SUFFIXES)
    ]
    if not names:
        return [], []
    folders = list(content_folders(root)) if root is not None else []
    page = Path(doc.path)
    if page.is_file():
        folders.append(Path(os.path.abspath(page.parent)))
    found: list[Path] = []
    looked_at: list[Path] = []
    for name in names:
        for folder in folders:
            candidate = Path(os.path.normpath(folder / name.lstrip("/")))
            looked_at.append(candidate)
            if candidate.is_file():
                found.append(candidate)
                break
    return found, looked_at
