"""``lintnews check``: one pipeline from the command line to the report.

:func:`check` makes the run, a :class:`~lintnews.run.runner.Run`, whatever the mode: served
from the result cache when nothing changed (:mod:`lintnews.run.warm`), else with the config
loaded and validated, checking the files, standard input, or fixing them (``--fix``,
``--diff``). :func:`run` then filters it through a baseline if asked, and writes it in the
chosen format (or, for ``--diff``, as a diff); the exit status comes from what was written.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lintnews.commands import EXIT_ERROR, EXIT_FOUND, EXIT_OK
from lintnews.common.messages import message as msg
from lintnews.common.notes import show_notes_with

if TYPE_CHECKING:
    from lintnews.output import OutputContext
    from lintnews.output.text_format import Tally
    from lintnews.run.runner import Run
    from lintnews.run.since import Shard

LineReader = Callable[[str], "list[str] | None"]


@dataclass
class CheckRequest:
    """What to check and how, as the command line says it."""

    paths: list[str]
    config_path: Path | None = None
    #: Config settings the command line gives (``select``, ``ignore``, ``cache``...).
    overrides: dict[str, Any] = field(default_factory=dict)
    #: True or False to force the network on or off; None leaves it to the config.
    online: bool | None = None
    jobs: int | None = None
    use_cache: bool = True
    #: Check this stream's bytes as the file ``paths[0]`` (``--stdin-filename``).
    stdin: BinaryIO | None = None
    fix: bool = False
    #: With ``fix``: what the fixes would write, without writing it (``--diff``).
    dry_run: bool = False
    unsafe_fixes: bool = False
    #: Whether the report is written file by file as they are checked; only such a report
    #: can be served from the cache, which has no rules to describe.
    streamed: bool = False
    #: ``--since``: the lines changed, by file (see :mod:`lintnews.run.since`); else None.
    changes: dict[str, set[int] | None] | None = None
    #: ``--shard K/N``: the share of the files to check; else None.
    shard: Shard | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CheckRequest:
        from lintnews.output import streamer

        # The environment's settings first: the command line's own replace them.
        overrides: dict[str, Any] = dict(getattr(args, "environment_settings", {}))
        for key, value in (
            ("select", args.select),
            ("extend-select", args.extend_select),
            ("ignore", args.ignore),
        ):
            if value is not None:
                overrides[key] = [part.strip() for part in value.split(",") if part.strip()]
        if args.no_cache:
            overrides["cache"] = False
        stdin = args.stdin_filename is not None
        fix = args.fix or args.diff
        return cls(
            paths=[args.stdin_filename] if stdin else args.paths or ["."],
            config_path=args.config,
            overrides=overrides,
            online=False if args.offline else (True if args.online else None),
            jobs=args.jobs,
            use_cache=not args.no_cache,
            stdin=sys.stdin.buffer if stdin else None,
            fix=fix,
            dry_run=args.diff,
            unsafe_fixes=args.unsafe_fixes,
            # A partial run must not look at the other files, as serving from the cache does.
            streamed=streamer(args.format) is not None
            and not (stdin or fix or args.baseline is not None)
            and args.since is None
            and args.shard is None,
        )


def check(request: CheckRequest) -> Run:
    """The run the request asks for. Raises :class:`~lintnews.site.configfile.ConfigError` when
    the config, or a rule it selects, cannot be loaded: either way no file is checked.

    Files are checked as the run's results are read, except when fixing: fixes are
    written before the run is returned, and its results are what remains.
    """
    if request.streamed and request.use_cache:
        from lintnews.run.warm import cached_run

        served = cached_run(
            request.paths, request.config_path, request.overrides, request.online, request.jobs
        )
        if served is not None:  # no config to validate, no rule to load, unless a file changed
            return served

    from lintnews.plugin.rule import RuleLoadError
    from lintnews.site.config import load_config
    from lintnews.site.configfile import ConfigError
    from lintnews.site.files import config_search_start

    if request.config_path is not None and not request.config_path.is_file():
        raise ConfigError(msg("{path}: no such config file", path=str(request.config_path)))
    try:
        config = load_config(
            request.config_path,
            start=config_search_start(request.paths[0]),
            overrides=request.overrides,
            online=request.online,
        )
    except RuleLoadError as exc:
        raise ConfigError(exc.message) from exc
    # Modules, rules and config live for the whole run: the garbage collector need not
    # scan them again and again, and forked workers then share their pages unchanged.
    gc.freeze()
    if request.fix:
        from lintnews.run.fixes import fix_paths

        return fix_paths(
            request.paths, config, unsafe=request.unsafe_fixes, write=not request.dry_run
        )
    if request.stdin is not None:
        from lintnews.run.runner import lint_source

        return lint_source(request.stdin.read(), request.paths[0], config)
    if request.changes is not None or request.shard is not None:
        from lintnews.run.since import start_partial_run

        return start_partial_run(
            request.paths,
            config,
            request.changes,
            request.shard,
            jobs=request.jobs,
            use_cache=request.use_cache,
        )
    from lintnews.run.runner import start_run

    return start_run(request.paths, config, jobs=request.jobs, use_cache=request.use_cache)


def run(args: argparse.Namespace) -> int:
    """``lintnews check`` with parsed arguments; the exit status."""
    # A run allocates hundreds of thousands of short-lived, acyclic objects (tokens,
    # findings) that reference counting frees: collecting every 700 allocations only
    # rescans them. Fewer collections cut 1.8% of a run's instructions (callgrind, 100
    # generated articles); peak memory did not change. mypy does the same.
    gc.set_threshold(20_000, 10, 10)
    from lintnews.site.configfile import ConfigError

    try:
        environment_warnings = with_environment(args)
    except ConfigError as exc:
        args.config = None  # the run stops here; the language must not need the config
        say = _translator(args)
        print(say("lintnews: config error: {exc}", exc=exc.message), file=sys.stderr)
        return EXIT_ERROR
    say = _translator(args)
    show_notes_with(say.text)  # the progress bar and other notes written during the run
    for warning in environment_warnings:
        print(say("lintnews: warning: {warning}", warning=warning), file=sys.stderr)
    usage_error = _usage_error(args)
    if usage_error:
        print(say("lintnews: error: {usage_error}", usage_error=usage_error), file=sys.stderr)
        return EXIT_ERROR
    request = CheckRequest.from_args(args)
    missing = (
        [] if request.stdin is not None else [p for p in request.paths if not os.path.lexists(p)]
    )
    if missing:
        for path in missing:
            print(
                say("lintnews: error: {path}: no such file or folder", path=path), file=sys.stderr
            )
        return EXIT_ERROR

    partial_error = _partial_run(request, args)
    if partial_error:
        print(say("lintnews: error: {partial_error}", partial_error=partial_error), file=sys.stderr)
        return EXIT_ERROR

    try:
        checked = check(request)
    except ConfigError as exc:
        print(say("lintnews: config error: {exc}", exc=exc.message), file=sys.stderr)
        return EXIT_ERROR
    from lintnews.common.escapes import printable  # the tree's names must not steer a log

    for warning in checked.warnings:
        print(say("lintnews: warning: {warning}", warning=printable(warning)), file=sys.stderr)
    for result in checked.fixes or ():
        where = printable(result.display)
        if result.warning:
            print(
                say(
                    "lintnews: warning: {where}: {warning}",
                    where=where,
                    warning=printable(result.warning),
                ),
                file=sys.stderr,
            )
        if result.error:
            print(
                say(
                    "lintnews: error: {where}: {error}", where=where, error=printable(result.error)
                ),
                file=sys.stderr,
            )
    if request.dry_run:
        return _write_diff(checked, args.output, say)
    read_lines = line_reader(checked.texts)
    if args.baseline is not None:
        from lintnews.run.baseline import BaselineError

        try:
            checked = with_baseline(
                checked,
                args.baseline,
                args.update_baseline,
                read_lines,
                request.paths,
                quiet=args.quiet,
                say=say,
            )
        except BaselineError as exc:
            print(say("lintnews: error: {exc}", exc=exc.args[0]), file=sys.stderr)
            return EXIT_ERROR
    return report(checked, args, read_lines)


def with_environment(args: argparse.Namespace) -> list[str]:
    """Fill in from the ``LINTNEWS_*`` variables (:mod:`lintnews.site.environment`) what the
    command line left unset; the warnings they give. Raises
    :class:`~lintnews.site.configfile.ConfigError` for a value that cannot be read."""
    from lintnews.site.environment import read_environment

    environment = read_environment()
    if args.config is None:
        args.config = environment.config
    if environment.online is not None and not (args.online or args.offline):
        args.online, args.offline = environment.online, not environment.online
    if args.jobs is None:
        args.jobs = environment.jobs
    args.no_cache = args.no_cache or environment.no_cache
    args.environment_settings = environment.settings
    return environment.warnings


def _partial_run(request: CheckRequest, args: argparse.Namespace) -> str | None:
    """Fill in the request's ``--since`` changes and ``--shard``; what is wrong with them."""
    if args.since is None and args.shard is None:
        return None
    from lintnews.run.since import PartialRunError, Shard, changed_lines

    try:
        if args.shard is not None:
            request.shard = Shard.parse(args.shard)
        if args.since is not None:
            request.changes = changed_lines(args.since, Path(request.paths[0]).absolute())
    except PartialRunError as exc:
        return exc.args[0]  # a message: shown in the report's language
    return None


def _usage_error(args: argparse.Namespace) -> str | None:
    """Options that do not go together, explained."""
    if args.update_baseline and args.baseline is None:
        return msg("--update-baseline needs --baseline FILE (where to record the findings)")
    if args.statistics:
        from lintnews.output.statistics import STATISTICS_FORMATS

        if args.format not in STATISTICS_FORMATS:
            return msg(
                "--statistics is written as text or json, not --format {format}", format=args.format
            )
        if args.diff:
            return msg("--statistics counts findings; --diff prints fixes instead of findings")
    for option, value in (("--since", args.since), ("--shard", args.shard)):
        if value is None:
            continue
        if args.stdin_filename is not None:
            return msg(
                "{option} picks files to check; it does not work with --stdin-filename",
                option=option,
            )
        if args.fix or args.diff:
            return msg(
                "{option} checks part of the tree; it does not work with --fix or --diff",
                option=option,
            )
    if args.stdin_filename is not None:
        if args.paths:
            return msg("give either PATH arguments or --stdin-filename, not both")
        if args.fix or args.diff:
            return msg(
                "--fix and --diff change files on disk; they do not work with --stdin-filename"
            )
        if not args.stdin_filename.strip():
            return msg("--stdin-filename needs a path (the file the text belongs to)")
    return None


def report(checked: Run, args: argparse.Namespace, read_lines: LineReader) -> int:
    """Write the run's report in ``args.format``; the exit status from what it reported.

    Formats that can (text, json) write each file's findings as it is checked and hold
    none of them; the others are given all findings at the end.
    """
    from lintnews.output import renderer, streamer
    from lintnews.output.text_format import Tally
    from lintnews.output.translation import Translator
    from lintnews.plugin.diagnostics import Severity

    context = output_context(args, checked, read_lines)
    say = Translator(context.lang)
    checked = translated(checked, context.lang)
    stream = streamer(args.format)
    try:
        target = (
            args.output.open("w", encoding="utf-8")
            if args.output is not None
            else contextlib.nullcontext(sys.stdout)
        )
        with target as out:
            if args.statistics:
                tally = _write_statistics(checked, args, out.write)
            elif stream is not None:
                tally = stream(checked.results, context, out.write)
            else:
                tally, found = Tally(), []
                for diagnostics in checked.results:
                    tally.add(diagnostics)
                    found.extend(diagnostics)
                out.write(renderer(args.format)(found, context))
            out.flush()
    except BrokenPipeError:
        raise  # standard output's reader went away: main() ends the run quietly
    except OSError as exc:
        print(
            say(
                "lintnews: error: cannot write {output}: {reason}",
                output=args.output,
                reason=exc.strerror,
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    if tally.internal_errors or checked.unwritten:
        return EXIT_ERROR  # a rule crashed, or a fix could not be written (stderr says why)
    if args.exit_zero:
        return EXIT_OK
    failing = Severity(args.fail_level).rank
    if any(count for severity, count in tally.by_severity.items() if severity.rank >= failing):
        return EXIT_FOUND
    return EXIT_OK


def _write_statistics(
    checked: Run, args: argparse.Namespace, write: Callable[[str], object]
) -> Tally:
    """``--statistics``: counts by rule, and (in text, unless ``--quiet``) the summary."""
    from lintnews.output.statistics import count_by_rule, render_statistics
    from lintnews.output.text_format import summary

    counts, tally = count_by_rule(checked.results, args.unsafe_fixes)
    context = output_context(args, checked, line_reader())
    write(render_statistics(counts, args.format, context.lang))
    if args.format == "text" and not args.quiet:
        write(summary(tally, context) + "\n")
    return tally


def output_context(args: argparse.Namespace, checked: Run, read_lines: LineReader) -> OutputContext:
    """What the formats need besides the findings: the run's files and rules, and how the
    report is shown."""
    from lintnews.output import OutputContext

    stream_is_tty = args.output is None and sys.stdout.isatty()
    color = args.color == "always" or (
        args.color == "auto" and stream_is_tty and "NO_COLOR" not in os.environ
    )
    context = OutputContext(
        files=checked.files,
        paths=checked.paths,
        rules=checked.rules,
        color=color,
        code_frames=stream_is_tty or args.color == "always",
        read_lines=read_lines,
        lang=report_language(args),
    )
    context.extra["unsafe_fixes"] = args.unsafe_fixes
    context.extra["fixed"] = checked.fixed
    # Standard input cannot be fixed in place (--fix is refused with it): offer no fixes.
    context.extra["fixable"] = args.stdin_filename is None
    context.extra["quiet"] = args.quiet
    return context


def _translator(args: argparse.Namespace) -> Any:
    """What shows the command's own errors and notes in the report's language."""
    from lintnews.output.translation import Translator

    return Translator(report_language(args))


def report_language(args: argparse.Namespace) -> str:
    """The language the report is written in (``--lang``, the config's, the locale's)."""
    from lintnews.site.files import config_search_start
    from lintnews.site.language import run_language

    first = args.stdin_filename if args.stdin_filename is not None else (args.paths or ["."])[0]
    return run_language(getattr(args, "lang", None), args.config, config_search_start(first))


def translated(checked: Run, lang: str) -> Run:
    """The run with its messages in ``lang``: translated at output, after the baseline,
    so that the findings are the same in every language."""
    if lang == "en":
        return checked
    from dataclasses import replace

    from lintnews.output.translation import Translator

    return replace(checked, results=Translator(lang).results(checked.results))


def with_baseline(
    checked: Run,
    baseline_path: Path,
    update: bool,
    read_lines: LineReader,
    given: Sequence[str] = (),
    quiet: bool = False,
    say: Callable[..., str] = str.format,
) -> Run:
    """The run with only the findings its baseline does not hold (after recording them in
    it, with ``update``). The run speaks only for the files under the paths it was
    ``given`` (:class:`~lintnews.run.baseline.Scope`): the entries of other files are kept
    and never counted as gone; ``say`` writes the notes on standard error in the report's
    language. Raises :class:`~lintnews.run.baseline.BaselineError`."""
    from collections import Counter
    from dataclasses import replace

    from lintnews.run.baseline import Baseline, BaselineError, Scope

    found = [d for diagnostics in checked.results for d in diagnostics]
    base = baseline_path.absolute().parent  # baseline paths are relative to its folder
    scope = Scope.of(checked.paths, given or checked.paths, base)
    if update:
        try:
            recorded = Baseline.read(baseline_path)
        except BaselineError:
            if baseline_path.exists():
                print(
                    say(
                        "lintnews: {baseline} was not a readable baseline; it is made anew "
                        "from this run's findings",
                        baseline=baseline_path,
                    ),
                    file=sys.stderr,
                )
            recorded = Baseline(Counter())
        current = Baseline.from_findings(found, read_lines, base)
        baseline = recorded.updated(current, scope)
        baseline.write(baseline_path)
        kept = len(baseline) - len(current)
        if not quiet:
            print(
                say(
                    "lintnews: recorded {count} finding in {baseline}"
                    if len(current) == 1
                    else "lintnews: recorded {count} findings in {baseline}",
                    count=len(current),
                    baseline=baseline_path,
                )
                + (say("; kept {kept} of other files", kept=kept) if kept else ""),
                file=sys.stderr,
            )
    else:
        baseline = Baseline.read(baseline_path)
    new, matched, gone = baseline.split(found, read_lines, base, scope)
    if not (update or quiet):
        _say_what_the_baseline_hid(baseline_path, matched, gone, say)
    return replace(checked, results=[new])


def _say_what_the_baseline_hid(
    baseline_path: Path, matched: int, gone: int, say: Callable[..., str]
) -> None:
    if matched:
        print(
            say(
                "lintnews: {count} finding is in the baseline {baseline} and not reported"
                if matched == 1
                else "lintnews: {count} findings are in the baseline {baseline} and not reported",
                count=matched,
                baseline=baseline_path,
            ),
            file=sys.stderr,
        )
    if gone:
        print(
            say(
                "lintnews: {count} baseline entry is no longer found (fixed or changed); "
                "run with --update-baseline to drop it"
                if gone == 1
                else "lintnews: {count} baseline entries are no longer found (fixed or "
                "changed); run with --update-baseline to drop them",
                count=gone,
            ),
            file=sys.stderr,
        )


def _write_diff(checked: Run, output: Path | None, say: Callable[..., str]) -> int:
    """``--diff``: what ``--fix`` would write, as a unified diff; exit 1 if anything."""
    from lintnews.run.engine import INTERNAL_ERROR

    fixes = checked.fixes or []
    diff = "".join(result.diff() for result in fixes)
    if output is not None:
        try:
            output.write_text(diff, encoding="utf-8", newline="")
        except OSError as exc:
            print(
                say(
                    "lintnews: error: cannot write {output}: {reason}",
                    output=output,
                    reason=exc.strerror,
                ),
                file=sys.stderr,
            )
            return EXIT_ERROR
    else:
        sys.stdout.buffer.write(diff.encode("utf-8"))
        sys.stdout.flush()
    changed = checked.changed_files
    if changed:
        fix_count = say(
            "{count} fix" if checked.fixed == 1 else "{count} fixes", count=checked.fixed
        )
        file_count = say(
            "{count} file" if len(changed) == 1 else "{count} files", count=len(changed)
        )
        print(
            say("Would apply {fixes} to {files}.", fixes=fix_count, files=file_count),
            file=sys.stderr,
        )
    else:
        print(say("No fixes to apply."), file=sys.stderr)
    if any(d.rule == INTERNAL_ERROR for result in fixes for d in result.remaining):
        return EXIT_ERROR
    return EXIT_FOUND if changed else EXIT_OK


def line_reader(preloaded: dict[str, str] | None = None) -> LineReader:
    """Source lines by path for code frames and baselines: ``preloaded`` texts (standard
    input), else the file's."""
    cache: dict[str, list[str] | None] = {}

    def read(path: str) -> list[str] | None:
        if path not in cache:
            from lintnews.common.text import LINE_BREAK, decode

            try:
                if preloaded and path in preloaded:
                    text = preloaded[path]
                elif os.path.islink(path):
                    # It may lead out of the tree; its findings say so, without its lines.
                    text = None
                else:
                    from lintnews.site.files import read_bytes

                    text = decode(read_bytes(Path(path))).text
                cache[path] = LINE_BREAK.split(text) if text is not None else None
            except Exception:
                cache[path] = None
        return cache[path]

    return read
