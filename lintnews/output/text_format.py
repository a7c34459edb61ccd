"""``--format text``: ``path:line:col: CODE message [rule]``, with a code frame on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from lintnews.common.escapes import printable
from lintnews.common.text import display_width
from lintnews.output import OutputContext, rendered
from lintnews.plugin.diagnostics import Diagnostic, EncodedDiagnostics, Severity, counts_of

if TYPE_CHECKING:
    from lintnews.output.translation import Translator

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    return rendered(stream, diagnostics, context)


def stream(
    results: Iterable[Sequence[Diagnostic]], context: OutputContext, write: Callable[[str], object]
) -> Tally:
    """Write each file's findings as they come, then the summary; nothing is held."""
    tally = Tally()
    frames = context.code_frames and context.read_lines is not None
    say = _translator(context) if frames else None
    for diagnostics in results:
        tally.add(diagnostics)
        out: list[str] = []
        if isinstance(diagnostics, EncodedDiagnostics) and not (diagnostics.decoded or frames):
            # Served from the cache or a worker: the headlines need no finding objects,
            # and building them was three quarters of a cached run's time.
            for r in diagnostics.records():
                out.append(
                    headline_of(
                        r["path"],
                        r["line"],
                        r["column"],
                        r["code"],
                        r["message"],
                        r["rule"],
                        r["severity"],
                        context.color,
                    )
                )
        else:
            for diagnostic in diagnostics:
                out.append(headline(diagnostic, context.color))
                if frames:
                    lines = context.read_lines(diagnostic.path)  # type: ignore[misc]
                    if lines:
                        out.extend(code_frame(diagnostic, lines, context.color, say))
        if out:
            write("\n".join(out) + "\n")
    if not context.extra.get("quiet"):
        write("\n".join([summary(tally, context), *fix_summary(tally, context)]) + "\n")
    return tally


class Tally:
    """What the summary lines and the exit status need, counted as findings go by."""

    def __init__(self) -> None:
        self.total = 0
        self.by_severity = {severity: 0 for severity in Severity}
        self.files_with_findings = 0
        self.fixable_safe = 0
        self.fixable_unsafe = 0
        self.internal_errors = 0

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        # Encoded results (from the cache or a worker) carry their counts.
        encoded = isinstance(diagnostics, EncodedDiagnostics)
        counts = diagnostics.counts if encoded else counts_of(diagnostics)
        errors, warnings, infos, safe, unsafe, internal = counts
        self.total += errors + warnings + infos
        self.by_severity[Severity.ERROR] += errors
        self.by_severity[Severity.WARNING] += warnings
        self.by_severity[Severity.INFO] += infos
        self.fixable_safe += safe
        self.fixable_unsafe += unsafe
        self.internal_errors += internal
        if encoded:  # one file's
            self.files_with_findings += 1 if len(diagnostics) else 0
        else:
            self.files_with_findings += len({d.path for d in diagnostics})


def headline(d: Diagnostic, color: bool) -> str:
    return headline_of(d.path, d.line, d.column, d.code, d.message, d.rule, d.severity, color)


def headline_of(
    path: str,
    line: int,
    column: int,
    code: str,
    message: str,
    rule: str,
    severity: str,
    color: bool,
) -> str:
    """``path:line:col: CODE message [rule]``, tinted by severity on a terminal; the path
    and message escaped, as they may hold the checked tree's text."""
    path, message = printable(path), printable(message)
    if not color:
        return f"{path}:{line}:{column}: {code} {message} [{rule}]"
    tint = _COLORS[severity]  # type: ignore[index]
    return (
        f"{_BOLD}{path}:{line}:{column}:{_RESET} {tint}{_BOLD}{code}{_RESET} "
        f"{message} {_DIM}[{rule}]{_RESET}"
    )


def code_frame(
    d: Diagnostic, lines: list[str], color: bool, say: Translator | None = None
) -> list[str]:
    """The finding's line with carets under what it marks, and its fix; the fix's label in
    the language of ``say`` (English without it)."""
    if not 1 <= d.line <= len(lines):
        return []
    source = lines[d.line - 1].expandtabs(1)
    gutter = f"{d.line:>5} | "
    start = d.column - 1
    end = d.end_column - 1 if d.end_line == d.line else len(source)
    end = max(end, start + 1)
    # Escaped piece by piece, so that the carets stay under the characters they mark.
    before, marked = printable(source[:start]), printable(source[start:end])
    pad = " " * display_width(before)
    carets = "^" * max(1, display_width(marked))
    source = before + marked + printable(source[end:])
    if color:
        carets = f"{_COLORS[d.severity]}{carets}{_RESET}"
    frame = [f"{gutter}{source}", f"{' ' * 5} | {pad}{carets}"]
    if d.fix is not None:
        say = say or _translator(None)
        fix = printable(d.fix.message)
        label = say("fix: {fix}" if d.fix.safe else "fix: {fix} (unsafe)", fix=fix)
        frame.append(f"{' ' * 5} = {label}")
    return frame


def fix_summary(tally: Tally, context: OutputContext) -> list[str]:
    """How many problems ``--fix`` fixed, and how many more it (or ``--unsafe-fixes``) could."""
    say = _translator(context)
    lines: list[str] = []
    fixed = context.extra.get("fixed")
    if isinstance(fixed, int):
        if fixed == 1:
            lines.append(say("Fixed {count} problem.", count=fixed))
        else:
            lines.append(say("Fixed {count} problems.", count=fixed))
    if context.extra.get("fixable") is False:
        return lines
    unsafe_allowed = bool(context.extra.get("unsafe_fixes"))
    safe = tally.fixable_safe + (tally.fixable_unsafe if unsafe_allowed else 0)
    unsafe = 0 if unsafe_allowed else tally.fixable_unsafe
    flag = "--fix --unsafe-fixes" if unsafe_allowed else "--fix"
    if safe and unsafe:
        lines.append(
            say(
                "{safe} fixable with {flag}; {unsafe} more with --fix --unsafe-fixes.",
                safe=safe,
                flag=flag,
                unsafe=unsafe,
            )
        )
    elif safe:
        lines.append(say("{count} fixable with {flag}.", count=safe, flag=flag))
    elif unsafe:
        lines.append(say("{count} fixable with --fix --unsafe-fixes.", count=unsafe))
    return lines


def summary(tally: Tally, context: OutputContext) -> str:
    say = _translator(context)
    files = context.files
    if not tally.total:
        if files == 1:
            return say("No problems found in {files} file.", files=files)
        return say("No problems found in {files} files.", files=files)
    counts = tally.by_severity
    parts = say(", ").join(_severity_count(say, s, counts[s]) for s in Severity if counts[s])
    shown = {"total": tally.total, "parts": parts, "found": tally.files_with_findings}
    if tally.total == 1 and files == 1:
        return say("Found {total} problem ({parts}) in {found} of {files} file.", files=1, **shown)
    if tally.total == 1:
        return say(
            "Found {total} problem ({parts}) in {found} of {files} files.", files=files, **shown
        )
    if files == 1:
        return say("Found {total} problems ({parts}) in {found} of {files} file.", files=1, **shown)
    return say(
        "Found {total} problems ({parts}) in {found} of {files} files.", files=files, **shown
    )


def _severity_count(say: Translator, severity: Severity, count: int) -> str:
    one = count == 1
    if severity is Severity.ERROR:
        return say("{count} error" if one else "{count} errors", count=count)
    if severity is Severity.WARNING:
        return say("{count} warning" if one else "{count} warnings", count=count)
    return say("{count} info" if one else "{count} infos", count=count)


def _translator(context: OutputContext | None) -> Translator:
    from lintnews.output.translation import Translator

    return Translator(context.lang if context is not None else "en")
