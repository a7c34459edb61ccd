"""Applying fixes: ``check --fix``, ``--diff`` and ``--unsafe-fixes``.

Autofixers for Markdown and YAML have a record of breaking pages, so a fix here may change
only the characters its edits name. Every other byte of the file stays as it was: the
byte-order mark, the line endings (a replacement's line breaks are written in the file's
own style), comments, quoting and key order of the front matter.

Fixes are applied in rounds until nothing fixable is left (an edit that overlaps another
waits for the next round), and the result is linted again; what remains is what the run
reports. Every fix has passed :mod:`lintnews.run.fix_check` (it edits no shortcode,
template or HTML tag, and renders as it means to); a fix after which the file reports
something it did not is withheld too, and its finding says so. A file is written only when it changed, atomically (a temporary file in the same
folder, flushed to disk, then renamed over the original with the original's permissions),
and only if the file on disk still holds the bytes that were read: anything that changed
it in the meantime wins, and the fix is refused with a message.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lintnews.common.messages import message as msg
from lintnews.common.text import LINE_BREAK
from lintnews.model.document import Document
from lintnews.model.frontmatter import split as split_front_matter
from lintnews.plugin.diagnostics import Diagnostic, Edit
from lintnews.run.engine import (
    INTERNAL_ERROR,
    document_from_bytes,
    fix_not_written,
    lint_document,
)
from lintnews.run.fix_check import made_by_fixes, withdraw_fix
from lintnews.run.fix_result import FixResult
from lintnews.run.fix_targets import ReadOnlyFile, refuse_read_only, write_in_place
from lintnews.run.runner import Run, discover, prefetch_resources, read_source
from lintnews.site.config import Config

DEFAULT_MAX_ROUNDS = 10
TEMP_SUFFIX = ".lintnews-tmp"


class FileChangedError(Exception):
    """The file on disk is no longer what was read, so writing would lose someone's change."""


def fixable(diagnostic: Diagnostic, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would apply this fix."""
    fix = diagnostic.fix
    return (
        fix is not None
        and bool(fix.edits)
        and (fix.safe or unsafe)
        and diagnostic.rule != INTERNAL_ERROR
    )


# -- applying edits to text ------------------------------------------------------------


def apply_fixes(
    text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False
) -> tuple[str, list[Diagnostic], list[Diagnostic]]:
    """Apply every fix that does not overlap an earlier one; ``(text, applied, skipped)``.

    Fixes are taken in order of their first edit; one whose edits overlap an accepted edit
    (or share its start, where the order of two insertions would be a guess) is skipped:
    after re-linting it comes back in the next round if it still applies. Fixes with edits
    outside the text or overlapping each other are skipped too, never half-applied.
    """
    candidates = [d for d in diagnostics if fixable(d, unsafe)]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits), d.sort_key))  # type: ignore[union-attr]
    accepted: list[Edit] = []
    applied: list[Diagnostic] = []
    skipped: list[Diagnostic] = []
    for diagnostic in candidates:
        edits = sorted(diagnostic.fix.edits, key=lambda e: (e.start, e.end))  # type: ignore[union-attr]
        if not _valid(edits, len(text)) or any(
            _conflict(edit, other) for edit in edits for other in accepted
        ):
            skipped.append(diagnostic)
            continue
        accepted.extend(edits)
        applied.append(diagnostic)
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        replacement = _in_file_line_breaks(edit.replacement, text, edit.end)
        text = text[: edit.start] + replacement + text[edit.end :]
    return text, applied, skipped


def _valid(edits: Sequence[Edit], length: int) -> bool:
    if any(not 0 <= e.start <= e.end <= length for e in edits):
        return False
    return not any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def _conflict(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def _in_file_line_breaks(replacement: str, text: str, offset: int) -> str:
    """``replacement`` with its line breaks written as the file writes them near ``offset``."""
    if "\n" not in replacement and "\r" not in replacement:
        return replacement
    following = LINE_BREAK.search(text, offset)
    if following is not None:
        style = following.group()
    else:
        breaks = LINE_BREAK.findall(text)
        style = breaks[-1] if breaks else "\n"
    return LINE_BREAK.sub(style, replacement)


# -- fixing files ----------------------------------------------------------------------


def fix_file(
    path: Path | str,
    config: Config,
    unsafe: bool = False,
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    *,
    display: str | None = None,
    write: bool = True,
    before_write: Callable[[Path], None] | None = None,
) -> FixResult:
    """Fix one file until stable, then write it (when ``write`` and it changed).

    ``before_write(path)`` runs after the fixed bytes are safely in the temporary file and
    just before the on-disk check and rename; tools use it to observe or interfere with
    that moment (a concurrent editor saving, an interrupt).
    """
    path = path if isinstance(path, Path) else Path(path)  # a LeavingLink stays one
    result = FixResult(path=path, display=display if display is not None else str(path))
    original = read_source(path, result.display, config)
    if isinstance(original, Diagnostic):
        # The normal lint path words every read failure; reuse it so both modes agree.
        result.remaining = [original]
        return result
    result.original = original
    document = document_from_bytes(original, result.display)
    diagnostics = lint_document(document, config)
    result.remaining = diagnostics
    if document.decode_error is not None:
        return result  # nothing to fix in bytes we cannot read as text
    result.bom = document.bom
    text = _fix_until_stable(document, diagnostics, config, unsafe, max_rounds, result)
    if text == document.text:
        result.fixed = original
        return result
    try:
        result.fixed = (codecs.BOM_UTF8 if result.bom else b"") + text.encode("utf-8")
    except UnicodeEncodeError:
        result.fixed = original
        return _refused(
            result, diagnostics, msg("a fix produced text that cannot be written as UTF-8")
        )
    if write:
        try:
            write_atomically(path, result.fixed, expected=original, before_replace=before_write)
        except FileChangedError:
            return _refused(
                result,
                diagnostics,
                msg(
                    "the file changed on disk while lintnews was fixing it; it was left as it "
                    "is now. Run again to fix the new version"
                ),
            )
        except ReadOnlyFile:
            return _refused(
                result, diagnostics, msg("the file is read-only; make it writable to fix it")
            )
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return _refused(
                result,
                diagnostics,
                msg("cannot write the file ({reason}); it was left unchanged", reason=reason),
            )
        result.written = True
    return result


def _refused(result: FixResult, diagnostics: list[Diagnostic], reason: str) -> FixResult:
    """``result`` for a file left as it was: its findings, and one more saying why."""
    result.error = msg("not fixed: {reason}", reason=reason)
    result.remaining = [fix_not_written(result.display, result.error), *diagnostics]
    return result


def _fix_until_stable(
    document: Document,
    diagnostics: list[Diagnostic],
    config: Config,
    unsafe: bool,
    max_rounds: int,
    result: FixResult,
) -> str:
    text = document.text
    history = [text]  # the text before each round
    round_rules: list[set[str]] = []
    refused: dict[tuple[str, str], str] = {}  # finding -> why its fix is withheld
    for _ in range(max_rounds):
        diagnostics = _withhold(diagnostics, refused)
        if not any(fixable(d, unsafe) for d in diagnostics):
            break
        fixed_text, applied, fixed_diagnostics = _fix_round(
            text, diagnostics, config, unsafe, result, refused
        )
        if fixed_text == text:
            break  # the remaining fixes change nothing; more rounds would not either
        result.rounds += 1
        result.applied.extend(applied)
        round_rules.append({d.rule for d in applied})
        text, diagnostics = fixed_text, fixed_diagnostics
        if text in history:
            since = history.index(text)
            rules = sorted(set().union(*round_rules[since:]))
            result.warning = msg(
                "fixes did not settle: {rules} undo each other's changes (round {round} "
                "brought back the text of round {earlier}); please report this with the file",
                rules=", ".join(rules),
                round=result.rounds,
                earlier=since + 1,
            )
            break
        history.append(text)
    else:
        diagnostics = _withhold(diagnostics, refused)
        if any(fixable(d, unsafe) for d in diagnostics):
            rules = sorted({d.rule for d in diagnostics if fixable(d, unsafe)})
            result.warning = msg(
                "fixes did not settle after {rounds} rounds ({rules} still offer fixes); the "
                "fixes so far were kept, please report this with the file",
                rounds=max_rounds,
                rules=", ".join(rules),
            )
    result.remaining = _withhold(diagnostics, refused)
    return text


def _fix_round(
    text: str,
    diagnostics: list[Diagnostic],
    config: Config,
    unsafe: bool,
    result: FixResult,
    refused: dict[tuple[str, str], str],
) -> tuple[str, list[Diagnostic], list[Diagnostic]]:
    """One round of fixes: ``(fixed text, fixes applied, its findings)``.

    A fix must not make the file report what it did not: when the round's fixes together
    do, each is tried alone, the ones that do are withheld (recorded in ``refused``) and
    the others applied, together if they still agree, else the first alone.
    """

    had_front_matter = split_front_matter(text)[0] is not None

    def attempt(candidates: Iterable[Diagnostic]) -> tuple[str, list, list, Document]:
        fixed, applied, _skipped = apply_fixes(text, candidates, unsafe)
        fixed_document = Document(fixed, result.display, bom=result.bom)
        found = lint_document(fixed_document, config)
        return fixed, applied, found, fixed_document

    def introduced(
        found: list[Diagnostic], repaired: list[Diagnostic], fixed_document: Document
    ) -> list[Diagnostic]:
        return made_by_fixes(diagnostics, found, repaired, had_front_matter, fixed_document)

    fixed, applied, found, fixed_document = attempt(diagnostics)
    if fixed == text or not introduced(found, applied, fixed_document):
        return fixed, applied, found
    agreeing: list[Diagnostic] = []
    for candidate in applied:
        alone, _applied, alone_found, alone_document = attempt([candidate])
        new = introduced(alone_found, [candidate], alone_document)
        if alone != text and new:
            refused[finding_key(candidate)] = (
                f"fixing it would make {new[0].rule} report: {new[0].message}"
            )
        else:
            agreeing.append(candidate)
    if not agreeing:
        return text, [], diagnostics
    fixed, applied, found, fixed_document = attempt(agreeing)
    if introduced(found, applied, fixed_document):
        fixed, applied, found, _document = attempt(agreeing[:1])
    return fixed, applied, found


def finding_key(diagnostic: Diagnostic) -> tuple[str, str]:
    return diagnostic.rule, diagnostic.message


def _withhold(
    diagnostics: list[Diagnostic], refused: dict[tuple[str, str], str]
) -> list[Diagnostic]:
    if not refused:
        return diagnostics
    return [
        withdraw_fix(d, refused[finding_key(d)])
        if d.fix is not None and finding_key(d) in refused
        else d
        for d in diagnostics
    ]


def write_atomically(
    path: Path,
    data: bytes,
    *,
    expected: bytes,
    before_replace: Callable[[Path], None] | None = None,
) -> None:
    """Replace ``path``'s content with ``data`` if it still holds ``expected``.

    The new bytes go to a temporary file beside the target (same file system, so the rename
    is atomic), are flushed to disk and get the original's permission bits; only then is
    the file on disk compared with ``expected`` and the temporary file renamed over it. On
    any failure, including an interrupt, the temporary file is removed and the original is
    untouched. A symbolic link is kept: its target is what gets replaced. A read-only file
    is refused, and one with several hard links rewritten in place
    (:mod:`lintnews.run.fix_targets`).
    """
    target = Path(os.path.realpath(path))
    original_stat = target.stat()
    refuse_read_only(target, original_stat)
    if original_stat.st_nlink > 1:
        if not write_in_place(target, data, expected, before_replace):
            raise FileChangedError(str(target))
        return
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, stat.S_IMODE(original_stat.st_mode))
        if (original_stat.st_uid, original_stat.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give files away; keep going
                os.chown(temp, original_stat.st_uid, original_stat.st_gid)
        if before_replace is not None:
            before_replace(target)
        if target.read_bytes() != expected:
            raise FileChangedError(str(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open folders)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# -- many files ------------------------------------------------------------------------


def fix_paths(
    paths: Iterable[str],
    config: Config,
    *,
    unsafe: bool = False,
    write: bool = True,
    max_rounds: int = DEFAULT_MAX_ROUNDS,
) -> Run:
    """Fix every file under ``paths`` (see :func:`lintnews.run.runner.start_run`): a run whose
    findings are what remains of each file, with what fixing did to it."""
    files = list(discover(paths, config))
    prefetch_resources(files, config)
    fixes = [
        fix_file(path, config, unsafe=unsafe, max_rounds=max_rounds, display=display, write=write)
        for path, display in files
    ]
    return Run(
        [result.display for result in fixes],
        [result.remaining for result in fixes],
        list(config.warnings),
        config.rules,
        fixes=fixes,
    )
