"""The ``lintnews`` command.

Exit status: 0 when nothing at error or warning level is found, 1 when something is, 2 for
usage, configuration and internal errors.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lintnews import __version__

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with our wording
        self.print_usage(sys.stderr)
        print(f"lintnews: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lintnews",
        description="Lint news and blog articles written as Markdown with front matter.",
    )
    parser.add_argument("--version", action="version", version=f"lintnews {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check", help="check files and folders (default: the current folder)"
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    check.add_argument("--config", type=Path, help="use this config file instead of searching")
    from lintnews.output import FORMATS

    check.add_argument(
        "--format", default="text", choices=FORMATS, help="output format (default: text)"
    )
    check.add_argument("--output", type=Path, help="write the report to this file")
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings not recorded in this baseline file",
    )
    check.add_argument(
        "--update-baseline",
        action="store_true",
        help="record the current findings in the --baseline file and exit 0",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="check standard input as if it were the file PATH (for editors)",
    )
    check.add_argument("--select", help="comma-separated rules, codes or code prefixes to run")
    check.add_argument("--extend-select", help="comma-separated rules to add to the selection")
    check.add_argument("--ignore", help="comma-separated rules, codes or code prefixes to skip")
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found"
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="processes to use (default: the number of cores)",
    )
    check.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache"
    )
    check.add_argument("--online", action="store_true", help="check remote images over the network")
    check.add_argument(
        "--offline", action="store_true", help="never use the network (wins over --online)"
    )
    check.add_argument(
        "--fix", action="store_true", help="apply safe fixes to the files, then report the rest"
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff instead of writing them (exit 1 if any)",
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply (or count as fixable) fixes that may change meaning",
    )

    rules = commands.add_parser("rules", help="list every rule with code, severity and summary")
    rules.add_argument("--markdown", action="store_true", help="print a Markdown table (README)")
    rule = commands.add_parser("rule", help="show the documentation of a rule")
    rule.add_argument("name", help="rule name or code")
    init = commands.add_parser(
        "init", help="write a starter config with a schema inferred from a site's articles"
    )
    # Defined here rather than in lintnews.init, which `lintnews check` should not import.
    init.add_argument(
        "path", nargs="?", default=".", metavar="PATH", help="the site folder (default: .)"
    )
    init.add_argument(
        "--required-share",
        type=float,
        metavar="SHARE",
        help="a key is required when at least this share of articles has it (default: 1, every "
        "article; 0.9 makes keys 90%% of articles have required and lists the rest)",
    )
    init.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the config here (default: PATH/lintnews.toml)",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing config")
    init.add_argument(
        "--print",
        "--dry-run",
        dest="print_only",
        action="store_true",
        help="print the config to standard output and write nothing",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _list_rules(markdown=args.markdown)
        if args.command == "rule":
            return _show_rule(args.name)
        if args.command == "init":
            from lintnews.init import run as run_init

            return run_init(args)
        parser.print_help()
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("lintnews: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _check(args: argparse.Namespace) -> int:
    # A run allocates hundreds of thousands of short-lived, acyclic objects (tokens,
    # findings) that reference counting frees: collecting every 700 allocations only
    # rescans them. Fewer collections cut 1.8% of a run's instructions (callgrind, 100
    # generated articles); peak memory did not change. mypy does the same.
    gc.set_threshold(20_000, 10, 10)
    usage_error = _check_usage(args)
    if usage_error:
        print(f"lintnews: error: {usage_error}", file=sys.stderr)
        return EXIT_ERROR
    paths = [args.stdin_filename] if args.stdin_filename else args.paths or ["."]
    missing = [] if args.stdin_filename else [p for p in paths if not os.path.lexists(p)]
    if missing:
        for path in missing:
            print(f"lintnews: error: {path}: no such file or folder", file=sys.stderr)
        return EXIT_ERROR
    overrides: dict[str, object] = {}
    if args.select is not None:
        overrides["select"] = _split(args.select)
    if args.extend_select is not None:
        overrides["extend-select"] = _split(args.extend_select)
    if args.ignore is not None:
        overrides["ignore"] = _split(args.ignore)
    if args.no_cache:
        overrides["cache"] = False
    online = False if args.offline else (True if args.online else None)
    from lintnews.output import renderer, streamer

    sources: dict[str, str] = {}
    streaming = streamer(args.format)
    # The common case: print each file's findings as it is checked, hold none of them.
    streams = streaming is not None and not (args.stdin_filename or args.fix or args.baseline)
    if streams and not (args.no_cache or args.diff):
        from lintnews.warm import cached_run

        cached = cached_run(paths, args.config, overrides, online, args.jobs)
        if cached is not None:  # no config to validate, no rule to load, unless a file changed
            _print_warnings(cached.warnings)
            context = _output_context(args, sources)
            context.files, context.paths = len(cached.paths), cached.paths
            return _stream_report(args, streaming, cached.results, context)

    from lintnews.config import ConfigError, load_config
    from lintnews.rule import RuleLoadError

    try:
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: no such config file")
        config = load_config(args.config, start=Path(paths[0]), overrides=overrides, online=online)
    except (ConfigError, RuleLoadError) as exc:
        print(f"lintnews: config error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    _print_warnings(config.warnings)

    # Modules, rules and config live for the whole run: the garbage collector need not
    # scan them again and again, and forked workers then share their pages unchanged.
    gc.freeze()
    from lintnews.runner import lint_paths

    if args.diff:
        return _print_diff(paths, config, args)
    context = _output_context(args, sources, config.rules)
    if streams:
        from lintnews.runner import start_run

        run = start_run(paths, config, jobs=args.jobs, use_cache=not args.no_cache)
        context.files, context.paths = run.files, run.paths
        return _stream_report(args, streaming, run.results, context)
    if args.stdin_filename:
        result, stdin_source = _lint_stdin(args.stdin_filename, config)
        sources.update(stdin_source)
    elif args.fix:
        result = _fix(paths, config, args)
    else:
        result = lint_paths(paths, config, jobs=args.jobs, use_cache=not args.no_cache)
    diagnostics = result.diagnostics
    if args.baseline is not None:
        diagnostics = _apply_baseline(args, diagnostics, context.read_lines)
        if isinstance(diagnostics, int):
            return diagnostics
    context.files = result.files
    context.paths = getattr(result, "paths", ())
    context.extra["fixed"] = getattr(result, "fixed", None)
    report = renderer(args.format)(diagnostics, context)
    if args.output is not None:
        try:
            args.output.write_text(report, encoding="utf-8")
        except OSError as exc:
            print(f"lintnews: error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(report)
        sys.stdout.flush()
    if getattr(result, "errors", None):
        return EXIT_ERROR  # a fix could not be written; stderr says which and why
    return exit_status(diagnostics, exit_zero=args.exit_zero)


def _print_warnings(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"lintnews: warning: {warning}", file=sys.stderr)


def _output_context(args: argparse.Namespace, sources: dict[str, str], rules=()):
    from lintnews.output import OutputContext

    stream_is_tty = args.output is None and sys.stdout.isatty()
    color = args.color == "always" or (
        args.color == "auto" and stream_is_tty and "NO_COLOR" not in os.environ
    )
    context = OutputContext(
        rules=rules,
        color=color,
        code_frames=stream_is_tty or args.color == "always",
        read_lines=_line_reader(sources),
    )
    context.extra["unsafe_fixes"] = args.unsafe_fixes
    return context


def _stream_report(args: argparse.Namespace, stream, results, context) -> int:
    """Write the report as files are checked; the exit status comes from the tally."""
    try:
        target = (
            args.output.open("w", encoding="utf-8")
            if args.output is not None
            else contextlib.nullcontext(sys.stdout)
        )
        with target as out:
            tally = stream(results, context, out.write)
            out.flush()
    except BrokenPipeError:
        raise  # standard output's reader went away: main() ends the run quietly
    except OSError as exc:
        print(f"lintnews: error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_ERROR
    if tally.internal_errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    from lintnews.diagnostics import Severity

    if tally.by_severity[Severity.ERROR] or tally.by_severity[Severity.WARNING]:
        return EXIT_FOUND
    return EXIT_OK


def _check_usage(args: argparse.Namespace) -> str | None:
    """Options that do not go together, explained."""
    if args.update_baseline and args.baseline is None:
        return "--update-baseline needs --baseline FILE (where to record the findings)"
    if args.stdin_filename is not None:
        if args.paths:
            return "give either PATH arguments or --stdin-filename, not both"
        if args.fix or args.diff:
            return "--fix and --diff change files on disk; they do not work with --stdin-filename"
        if not args.stdin_filename.strip():
            return "--stdin-filename needs a path (the file the text belongs to)"
    return None


def _lint_stdin(display: str, config):
    """Standard input checked as the file ``display``; also its text, for reports."""
    from lintnews.runner import lint_source
    from lintnews.text import DecodeError, decode

    data = sys.stdin.buffer.read()
    try:
        text = decode(data).text
    except DecodeError:
        text = ""
    return lint_source(data, display, config), {display: text}


def _apply_baseline(args: argparse.Namespace, diagnostics: list, read_lines) -> list | int:
    """The findings not in the baseline (after recording them with --update-baseline)."""
    from lintnews.baseline import Baseline, BaselineError

    base = args.baseline.absolute().parent  # baseline paths are relative to its folder
    try:
        if args.update_baseline:
            baseline = Baseline.from_findings(diagnostics, read_lines, base)
            baseline.write(args.baseline)
            noun = "finding" if len(baseline) == 1 else "findings"
            print(f"lintnews: recorded {len(baseline)} {noun} in {args.baseline}", file=sys.stderr)
        else:
            baseline = Baseline.read(args.baseline)
    except BaselineError as exc:
        print(f"lintnews: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    new, matched, gone = baseline.split(diagnostics, read_lines, base)
    if args.update_baseline:
        return new
    if matched:
        noun = "finding is" if matched == 1 else "findings are"
        print(
            f"lintnews: {matched} {noun} in the baseline {args.baseline} and not reported",
            file=sys.stderr,
        )
    if gone:
        noun = "entry is" if gone == 1 else "entries are"
        print(
            f"lintnews: {gone} baseline {noun} no longer found (fixed or changed); "
            "run with --update-baseline to drop them",
            file=sys.stderr,
        )
    return new


def _fix(paths: list[str], config, args: argparse.Namespace):
    from lintnews.fixes import fix_paths

    run = fix_paths(paths, config, unsafe=args.unsafe_fixes)
    for result in run.results:
        if result.warning:
            print(f"lintnews: warning: {result.display}: {result.warning}", file=sys.stderr)
        if result.error:
            print(f"lintnews: error: {result.display}: {result.error}", file=sys.stderr)
    return run


def _print_diff(paths: list[str], config, args: argparse.Namespace) -> int:
    """``--diff``: what ``--fix`` would write, as a unified diff; exit 1 if anything."""
    from lintnews.fixes import fix_paths

    run = fix_paths(paths, config, unsafe=args.unsafe_fixes, write=False)
    diff = "".join(result.diff() for result in run.results)
    for result in run.results:
        if result.warning:
            print(f"lintnews: warning: {result.display}: {result.warning}", file=sys.stderr)
    if args.output is not None:
        try:
            args.output.write_text(diff, encoding="utf-8", newline="")
        except OSError as exc:
            print(f"lintnews: error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.buffer.write(diff.encode("utf-8"))
        sys.stdout.flush()
    changed = run.changed_files
    noun = "file" if len(changed) == 1 else "files"
    fixes = "fix" if run.fixed == 1 else "fixes"
    if changed:
        print(f"Would apply {run.fixed} {fixes} to {len(changed)} {noun}.", file=sys.stderr)
    else:
        print("No fixes to apply.", file=sys.stderr)
    if any(d.rule == "internal-error" for d in run.diagnostics):
        return EXIT_ERROR
    return EXIT_FOUND if changed else EXIT_OK


def exit_status(diagnostics: Sequence, *, exit_zero: bool = False) -> int:
    from lintnews.diagnostics import Severity
    from lintnews.engine import INTERNAL_ERROR

    if any(d.rule == INTERNAL_ERROR for d in diagnostics):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    if any(d.severity in (Severity.ERROR, Severity.WARNING) for d in diagnostics):
        return EXIT_FOUND
    return EXIT_OK


def _line_reader(preloaded: dict[str, str] | None = None):
    """Source lines by path for code frames: ``preloaded`` texts (standard input, filled in
    once it is read), else the file's."""
    cache: dict[str, list[str] | None] = {}

    def read(path: str) -> list[str] | None:
        if path not in cache:
            from lintnews.text import LINE_BREAK, decode

            try:
                if preloaded and path in preloaded:
                    text = preloaded[path]
                else:
                    from lintnews.files import read_bytes

                    text = decode(read_bytes(Path(path))).text
                cache[path] = LINE_BREAK.split(text)
            except Exception:
                cache[path] = None
        return cache[path]

    return read


def rules_table() -> str:
    """The README's rule table, generated from the installed rules."""
    from lintnews.rule import load_rules

    rows = ["| code | rule | severity | default | what it checks |", "|---|---|---|---|---|"]
    for rule in sorted(load_rules().rules.values(), key=lambda r: r.code):
        default = "on" if rule.enabled_by_default else "off"
        rows.append(
            f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {default} | {rule.summary()} |"
        )
    return "\n".join(rows) + "\n"


def _list_rules(markdown: bool = False) -> int:
    from lintnews.rule import RuleLoadError, load_rules

    try:
        loaded = load_rules()
    except RuleLoadError as exc:
        print(f"lintnews: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if markdown:
        sys.stdout.write(rules_table())
        return EXIT_OK
    rules = sorted(loaded.rules.values(), key=lambda r: r.code)
    width = max((len(r.name) for r in rules), default=0)
    for rule in rules:
        default = "" if rule.enabled_by_default else " (off by default)"
        print(
            f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary()}{default}"
        )
    return EXIT_OK


def _show_rule(name: str) -> int:
    from lintnews.rule import RuleLoadError, load_rules

    try:
        rule = load_rules().resolve(name)
    except RuleLoadError as exc:
        print(f"lintnews: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if rule is None:
        print(f"lintnews: error: no rule named {name!r}; see `lintnews rules`", file=sys.stderr)
        return EXIT_ERROR
    default = "on" if rule.enabled_by_default else "off"
    print(f"# {rule.name} ({rule.code})\n")
    print(f"Default severity: {rule.severity.value}; enabled by default: {default}.\n")
    print(rule.documentation())
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
