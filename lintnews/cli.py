"""The ``lintnews`` command: its arguments, and which command in :mod:`lintnews.commands`
they go to.

Exit status: 0 when nothing at error or warning level (``--fail-level``) is found, 1 when
something is, 2 for usage, configuration and internal errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lintnews import __version__
from lintnews.commands import EXIT_ERROR, EXIT_FOUND, EXIT_OK
from lintnews.commands.rules import list_rules, rules_table, show_rule

__all__ = ["EXIT_ERROR", "EXIT_FOUND", "EXIT_OK", "build_parser", "main", "rules_table"]

#: The command line being parsed, for the language of its usage errors.
_parsing: list[str] = []


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with our wording
        self.print_usage(sys.stderr)
        print(_usage_translator()("lintnews: error: {exc}", exc=message), file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _usage_translator() -> Any:
    from lintnews.commands.usage import usage_translator

    return usage_translator(_parsing)


def _argparse_words(text: str) -> str:
    from lintnews.commands.usage import argparse_words

    return argparse_words(_parsing, text)


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

    add_gating_options(check)
    add_changed_lines_options(check)
    add_language_option(check)

    rules = commands.add_parser("rules", help="list every rule with code, severity and summary")
    rules.add_argument("--markdown", action="store_true", help="print a Markdown table (README)")
    add_language_option(rules)
    rule = commands.add_parser("rule", help="show the documentation of a rule")
    rule.add_argument("name", help="rule name or code")
    add_language_option(rule)
    server = commands.add_parser(
        "server", help="run the language server on standard input and output (editors)"
    )
    add_language_option(server)
    init = commands.add_parser(
        "init", help="write a starter config with a schema inferred from a site's articles"
    )
    # Defined here rather than in lintnews.commands.init, which `lintnews check` should not import.
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
    add_language_option(init)
    return parser


def add_gating_options(check: argparse.ArgumentParser) -> None:
    """What fails the run, and how much besides the findings the report says."""
    check.add_argument(
        "--fail-level",
        choices=("error", "warning", "info"),
        default="warning",
        help="the lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print one line per rule with its count and fixable count instead of the findings",
    )
    check.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print the findings only: no summary lines, no notes",
    )


def add_changed_lines_options(check: argparse.ArgumentParser) -> None:
    """Checking part of a tree: what a change touched, or one CI job's share."""
    check.add_argument(
        "--since",
        metavar="REF",
        help="report only findings on lines changed since the git revision REF "
        "(working tree and index included), and in the paragraphs around them",
    )
    check.add_argument(
        "--shard",
        metavar="K/N",
        help="check only the K-th of N stable parts of the file list (CI parallelism)",
    )


def add_language_option(command: argparse.ArgumentParser) -> None:
    """``--lang``: the language of messages (see :mod:`lintnews.site.language`)."""

    def language(name: str) -> str:
        from lintnews.site.language import checked_language

        try:
            return checked_language(name)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(_usage_translator().text(exc.args[0])) from None

    command.add_argument(
        "--lang",
        type=language,
        metavar="LANG",
        help="language of messages: en or zh-CN (default: lang in the config, else the locale)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    _open_closed_streams()
    arguments = list(argv) if argv is not None else sys.argv[1:]
    _parsing[:] = arguments
    parser = build_parser()
    # argparse's words come only while it parses (for its errors and --help's usage line).
    words, argparse._ = argparse._, _argparse_words  # type: ignore[attr-defined]
    try:
        args = parser.parse_args(arguments)
    finally:
        argparse._ = words  # type: ignore[attr-defined]
    try:
        if args.command == "check":
            from lintnews.commands.check import run as run_check

            return run_check(args)
        if args.command == "rules":
            return list_rules(markdown=args.markdown, lang=args.lang)
        if args.command == "rule":
            return show_rule(args.name, lang=args.lang)
        if args.command == "server":
            from lintnews.commands.server import run as run_server

            return run_server(args)
        if args.command == "init":
            from lintnews.commands.init import run as run_init

            return run_init(args)
        parser.print_help()
        return EXIT_ERROR
    except KeyboardInterrupt:
        from lintnews.common.messages import message
        from lintnews.common.notes import shown

        print(shown(message("lintnews: interrupted")), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


def _open_closed_streams() -> None:
    """Started with standard output or error closed (``>&-``), Python has None for them:
    what would be written there goes nowhere, and the exit status still tells."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    raise SystemExit(main())
