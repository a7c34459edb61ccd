"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

One line per diagnostic::

    ::error file=content/a.md,line=3,col=1,endLine=3,endColumn=6,title=LN002 front-matter-duplicate-key::duplicate key "title"

GitHub reads the line up to ``::`` as properties separated by ``,`` with ``key=value``
pairs, so property values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``,
CR and LF (the same escapes as ``@actions/core``), which GitHub decodes inside the
annotation, so a file name or message from the checked tree cannot start a command of its
own. Every other control character, terminal escape or undecodable byte is made
:func:`~lintnews.common.escapes.printable` first.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from lintnews.common.escapes import printable
from lintnews.output import OutputContext
from lintnews.plugin.diagnostics import Diagnostic, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(path: str) -> str:
    """GitHub matches annotations to files by their path from the checkout (the cwd)."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = path
        if not relative.startswith(".."):
            path = relative
    return path.replace(os.sep, "/")


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    return "".join(annotation(d) + "\n" for d in diagnostics)


def annotation(d: Diagnostic) -> str:
    properties = [("file", workspace_path(d.path)), ("line", str(d.line))]
    # GitHub only honours columns when the annotation starts and ends on the same line.
    if d.end_line == d.line:
        properties.append(("col", str(d.column)))
        properties += [("endLine", str(d.end_line)), ("endColumn", str(d.end_column))]
    else:
        properties.append(("endLine", str(d.end_line)))
    properties.append(("title", f"{d.code} {d.rule}"))
    rendered = ",".join(f"{key}={escape_property(_visible(value))}" for key, value in properties)
    return f"::{COMMANDS[d.severity]} {rendered}::{escape_data(_visible(d.message))}"


def _visible(text: str) -> str:
    return printable(text, line_breaks=False)
