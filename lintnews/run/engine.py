"""Running rules over documents: severity, suppressions, crash isolation.

The engine knows nothing about any particular rule. A rule that raises does not stop the
run: the file gets an ``internal-error`` diagnostic and the exit status becomes 2.

The document model is imported when a document is first made, not with this module: a run
served from the result cache (:mod:`lintnews.run.warm`) builds none and need not load it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from lintnews.common.messages import message as msg
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.site.files import FileTooLarge, NotARegularFile, read_bytes

if TYPE_CHECKING:
    from lintnews.model.document import Document
    from lintnews.plugin.rule import Rule
    from lintnews.site.config import Config

__all__ = [
    "FIX_NOT_WRITTEN",
    "INTERNAL_ERROR",
    "FileTooLarge",
    "NotARegularFile",
    "document_from_bytes",
    "file_error",
    "fix_not_written",
    "lint_document",
    "read_bytes",
    "read_document",
]

INTERNAL_ERROR = "internal-error"
INTERNAL_ERROR_CODE = "LN999"
#: The engine's finding for a file ``--fix`` would have changed but must not write.
FIX_NOT_WRITTEN = "fix-not-written"


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file. Undecodable bytes give a document with ``decode_error``.

    ``OSError`` (missing, unreadable, a directory) propagates: the caller reports it.
    """
    data = read_bytes(path)
    return document_from_bytes(data, display if display is not None else str(path))


def document_from_bytes(data: bytes, path: str) -> Document:
    from lintnews.common.text import DecodeError, decode
    from lintnews.model.document import Document

    try:
        decoded = decode(data)
    except DecodeError as error:
        return Document("", path, decode_error=error)
    return Document(decoded.text, path, bom=decoded.bom)


def lint_document(
    doc: Document,
    config: Config,
    rules: Iterable[Rule] | None = None,
    *,
    follow_fixes: bool = True,
) -> list[Diagnostic]:
    """Every diagnostic for ``doc`` from the active rules, suppressions applied, sorted.

    Each fix is confirmed by :mod:`lintnews.run.fix_check`; one that would change more
    than it means to is withdrawn, and its finding says so. With ``follow_fixes``, so is one
    after which the file would report something new (the fixed text is linted again).
    """
    rules = list(rules) if rules is not None else None
    active = rules if rules is not None else config.rules_for(doc.path)
    found: list[Diagnostic] = []
    for rule in active:
        try:
            for diagnostic in rule.check(doc):
                found.append(_with_severity(diagnostic, config))
        except Exception as exc:  # a crashing rule must not stop the others
            found.append(internal_error(doc, rule.name, exc))
    if found and "lintnews-" in doc.text:
        suppressions = doc.suppressions
        found = [
            d
            for d in found
            if d.rule == INTERNAL_ERROR or not suppressions.suppresses(d.rule, d.code, d.line)
        ]
    if any(d.fix is not None for d in found):
        from lintnews.run.fix_check import confirm_fixes, withhold_introducing

        found = confirm_fixes(doc, found)
        if follow_fixes:
            found = withhold_introducing(
                doc, found, lambda fixed: lint_document(fixed, config, rules, follow_fixes=False)
            )
    found.sort(key=lambda d: d.sort_key)
    return found


def _with_severity(diagnostic: Diagnostic, config: Config) -> Diagnostic:
    severity = config.severities.get(diagnostic.rule)
    if severity is None or severity == diagnostic.severity:
        return diagnostic
    from dataclasses import replace

    return replace(diagnostic, severity=severity)


def _about_the_file(path: str, rule: str, code: str, message: str) -> Diagnostic:
    """An engine finding about a file as a whole, pointed at its start."""
    return Diagnostic(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        rule=rule,
        code=code,
        severity=Severity.ERROR,
        message=message,
    )


def internal_error(doc: Document | str, rule_name: str, exc: BaseException) -> Diagnostic:
    path = doc if isinstance(doc, str) else doc.path
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    message = msg(
        "rule {rule_name} crashed on this file ({name}: {exc}{where}); the other rules ran. Please report this with the file",
        rule_name=rule_name,
        name=type(exc).__name__,
        exc=exc,
        where=where,
    )
    return _about_the_file(path, INTERNAL_ERROR, INTERNAL_ERROR_CODE, message)


def file_error(path: str, message: str) -> Diagnostic:
    """A file that could not be read at all (vanished, unreadable, a directory)."""
    return _about_the_file(path, "file-unreadable", "LN000", message)


def fix_not_written(path: str, message: str) -> Diagnostic:
    """A file whose fixes were refused (read-only, changed meanwhile, unwritable): said on
    the file itself, so that every report (JSON, SARIF, GitHub) carries it, not only stderr."""
    return _about_the_file(path, FIX_NOT_WRITTEN, "LN998", message)
