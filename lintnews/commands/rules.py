"""``lintnews rules`` and ``lintnews rule NAME``: what the installed rules are and do."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from lintnews.commands import EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from lintnews.output.translation import Translator


def rules_table() -> str:
    """The README's rule table, generated from the installed rules."""
    from lintnews.plugin.rule import load_rules

    rows = ["| code | rule | severity | default | what it checks |", "|---|---|---|---|---|"]
    for rule in sorted(load_rules().rules.values(), key=lambda r: r.code):
        default = "on" if rule.enabled_by_default else "off"
        rows.append(
            f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {default} | {rule.summary()} |"
        )
    return "\n".join(rows) + "\n"


def list_rules(markdown: bool = False, lang: str | None = None) -> int:
    """Every rule, one line each by code, its summary in ``lang`` (None: the config's in
    the current folder, else the locale's); with ``markdown``, the README's table (English)."""
    from lintnews.plugin.rule import RuleLoadError, load_rules

    say = _translator(lang)
    try:
        loaded = load_rules()
    except RuleLoadError as exc:
        print(say("lintnews: error: {exc}", exc=exc.message), file=sys.stderr)
        return EXIT_ERROR
    if markdown:
        sys.stdout.write(rules_table())
        return EXIT_OK
    rules = sorted(loaded.rules.values(), key=lambda r: r.code)
    width = max((len(r.name) for r in rules), default=0)
    for rule in rules:
        # A rule's summary is the first line of its documentation: its own template.
        summary = say(rule.summary()) + (
            "" if rule.enabled_by_default else say(" (off by default)")
        )
        print(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {summary}")
    return EXIT_OK


def show_rule(name: str, lang: str | None = None) -> int:
    """The documentation of the rule named ``name`` (or with that code). Its errors and the
    lines above the documentation are in ``lang`` (as for :func:`list_rules`); the
    documentation itself is English."""
    from lintnews.plugin.rule import RuleLoadError, load_rules

    say = _translator(lang)
    try:
        rule = load_rules().resolve(name)
    except RuleLoadError as exc:
        print(say("lintnews: error: {exc}", exc=exc.message), file=sys.stderr)
        return EXIT_ERROR
    if rule is None:
        print(
            say("lintnews: error: no rule named {name!r}; see `lintnews rules`", name=name),
            file=sys.stderr,
        )
        return EXIT_ERROR
    print(f"# {rule.name} ({rule.code})\n")
    print(
        say(
            "Default severity: {severity}; enabled by default: on."
            if rule.enabled_by_default
            else "Default severity: {severity}; enabled by default: off.",
            severity=rule.severity.value,
        )
        + "\n"
    )
    print(rule.documentation())
    return EXIT_OK


def _translator(lang: str | None) -> Translator:
    """What shows the command's messages: in ``lang``, else the language of the config in
    the current folder, else the locale's."""
    from pathlib import Path

    from lintnews.output.translation import Translator
    from lintnews.site.language import run_language

    return Translator(run_language(lang, None, Path.cwd()))
