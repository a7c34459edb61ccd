"""Showing messages in the language of the run (``--lang``, ``lang`` in config, the locale).

A run's findings are the same in every language: their messages are English text built
from templates (:mod:`lintnews.common.messages`). Here, at output, a :class:`Translator`
looks each template up in the package's gettext catalog (``lintnews/locale``) and fills in
the translated template with the arguments, translating arguments that are messages too.
Text without a template (from a plugin that passes a plain string), or a template the
catalog does not have, is shown as it is. Rule names, codes and JSON keys never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from lintnews.common.messages import JOINED, Message
from lintnews.output.catalog import DOMAIN, LOCALE
from lintnews.plugin.diagnostics import Diagnostic, EncodedDiagnostics


@cache
def catalog(lang: str) -> Callable[[str], str]:
    """The catalog's lookup for ``lang`` (gettext is imported only for another language)."""
    if lang == "en":
        return str
    import gettext

    return gettext.translation(DOMAIN, LOCALE, languages=[lang.replace("-", "_")]).gettext


class Translator:
    """Messages in ``lang`` (one of :data:`lintnews.common.messages.LANGUAGES`)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self._gettext = catalog(lang)

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def text(self, value: Any) -> Any:
        """``value`` in the run's language, when it is a message; as it is otherwise."""
        if not isinstance(value, Message) or self.english:
            return value
        args = value.args
        if value.template == JOINED:
            return f"{self.text(args['head'])}{self.text(args['tail'])}"
        translated = {name: self.text(argument) for name, argument in args.items()}
        try:
            return self._gettext(value.template).format_map(translated)
        except (KeyError, IndexError, ValueError):  # a catalog entry that lost a field
            return str(value)

    def __call__(self, template: str, /, **args: Any) -> str:
        """The message ``template`` rendered in the run's language (summary lines, errors)."""
        return self.text(Message(template, args))

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        text = self.text(d.message)
        fix = d.fix
        if fix is not None and isinstance(fix.message, Message):
            fix = replace(fix, message=self.text(fix.message))
        if text is d.message and fix is d.fix:
            return d
        return replace(d, message=text, fix=fix)

    def results(self, results: Iterable[Sequence[Diagnostic]]) -> Iterator[Sequence[Diagnostic]]:
        """Each file's findings with their messages translated (as they are in English:
        an encoded result keeps its fast path)."""
        if self.english:
            yield from results
            return
        for diagnostics in results:
            if isinstance(diagnostics, EncodedDiagnostics) and not len(diagnostics):
                yield diagnostics
            else:
                yield [self.diagnostic(d) for d in diagnostics]
