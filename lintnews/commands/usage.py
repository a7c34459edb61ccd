"""A command line ``lintnews`` refuses, explained in the language of the run.

argparse words its errors itself, through :mod:`gettext` (``argparse._``): while the
command line is parsed, :func:`argparse_words` stands in for it and shows the errors among
those words (:data:`ARGPARSE_ERRORS`, msgids of our catalog) in the language
:func:`usage_translator` finds. The synopsis and ``--help`` stay English, as the options'
descriptions do. Imported only when argparse has something to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lintnews.common.messages import language_of, template
from lintnews.output.translation import Translator, catalog

#: argparse's own words for a command line it refuses (its gettext msgids).
ARGPARSE_ERRORS = frozenset(
    {
        template("argument %(argument_name)s: %(message)s"),
        template("unrecognized arguments: %s"),
        template("the following arguments are required: %s"),
        template("expected one argument"),
        template("invalid %(type)s value: %(value)r"),
        template("invalid choice: %(value)r (choose from %(choices)s)"),
        template("ambiguous option: %(option)s could match %(matches)s"),
        template("ignored explicit argument %r"),
    }
)


def usage_translator(arguments: Sequence[str]) -> Translator:
    """What shows a usage error of ``arguments``: in the language ``--lang`` names when
    they give a known one, else the config's in the current folder, else the locale's (a
    refused command line may not say where the config is)."""
    from lintnews.site.language import run_language

    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            value: str | None = arguments[index + 1]
        else:
            value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else None
        lang = language_of(value) if value is not None else None
        if lang is not None:
            return Translator(lang)
    return Translator(run_language(None, None, Path.cwd()))


def argparse_words(arguments: Sequence[str], text: str) -> str:
    """argparse's gettext while it parses ``arguments``: its error messages in the run's
    language, anything else as it is."""
    if text not in ARGPARSE_ERRORS:
        return text
    return catalog(usage_translator(arguments).lang)(text)
