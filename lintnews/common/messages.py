"""Messages made from a stable English template and named arguments, and the languages.

A rule writes ``message('{key} is not a date', key=key)``: the result is a :class:`Message`,
a ``str`` whose text is the English rendering (what the JSON output, the baseline and the
cache see), which also keeps its template and arguments so that the output layer can show
it in another language (:mod:`lintnews.output.translation`). The template is the msgid of
the gettext catalogs in ``lintnews/locale``; an argument that is itself a message is
translated too, any other argument (a key, a URL, the quoted text) is shown as it is. A
plain ``str`` from a plugin is a message without a template: it is shown as it is.

Joining a message to text with ``+`` keeps both parts (``Message + str`` is a message), so
that ``text += message('; write {fix}', fix=fix)`` still translates each part.

The structure travels with a finding through the result cache and worker processes as
:meth:`Message.to_data`, rebuilt by :func:`from_data`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

#: The languages messages can be shown in; English is the templates themselves.
LANGUAGES = ("en", "zh-CN")
#: The template of two joined parts (``+``): its translation is the parts' translations.
JOINED = "{head}{tail}"


class Message(str):
    """English text that remembers the template and arguments it was rendered from."""

    template: str
    args: Mapping[str, Any]

    def __new__(cls, template: str, args: Mapping[str, Any]) -> Message:
        self = super().__new__(cls, template.format_map(args) if args else template)
        self.template = template
        self.args = args
        return self

    def __add__(self, other: str) -> Message:  # type: ignore[override]
        return Message(JOINED, {"head": self, "tail": other})

    def __radd__(self, other: str) -> Message:
        return Message(JOINED, {"head": other, "tail": self})

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, dict(self.args)))

    def to_data(self) -> list[Any]:
        """``[template, {name: argument}]``, nested messages likewise: JSON for the cache."""
        return [
            self.template,
            {
                name: value.to_data() if isinstance(value, Message) else value
                for name, value in self.args.items()
            },
        ]


class MessageError(Exception):
    """An error raised with a message: the command that reports it shows
    :attr:`message` in the run's language (``say("...: {exc}", exc=exc.message)``)."""

    @property
    def message(self) -> str:
        """What it was raised with: a message (shown in the run's language) or text."""
        return self.args[0] if len(self.args) == 1 and isinstance(self.args[0], str) else str(self)


def reason(exc: BaseException) -> str:
    """What ``exc`` says: the message it was raised with (shown in the run's language), else
    its text (another library's words, shown as they are)."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)


def message(template: str, /, **args: Any) -> Message:
    """The message ``template`` with its ``{name}`` fields filled from ``args``."""
    return Message(template, args)


def joined(separator: str, parts: Iterable[str]) -> str:
    """``separator.join(parts)``, keeping the messages among them (``str.join`` makes one
    plain string of them)."""
    result: str = ""
    for index, part in enumerate(parts):
        result = part if index == 0 else result + separator + part
    return result


def template(text: str) -> str:
    """``text``, marked as a template a message is made from later (``message(text, ...)``),
    so that the catalogs' extraction finds it where it is written."""
    return text


def from_data(data: Any) -> Message | None:
    """The message :meth:`Message.to_data` described, or None for anything else."""
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], str)):
        return None
    template, raw = data
    if not isinstance(raw, dict):
        return None
    args = {
        name: nested if (nested := from_data(value)) is not None else value
        for name, value in raw.items()
    }
    try:
        return Message(template, args)
    except (KeyError, IndexError, ValueError):
        return None


def language_of(name: str) -> str | None:
    """The supported language ``name`` means (``zh_CN``, ``zh-cn``, ``zh``: ``zh-CN``),
    or None."""
    base = name.split(".")[0].split("@")[0].replace("_", "-").lower()
    if base in ("c", "posix", "en") or base.startswith("en-"):
        return "en"
    if base in ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn"):
        return "zh-CN"
    return None


def locale_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language the locale asks for (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``,
    as gettext reads them), English when it is unset or not one of :data:`LANGUAGES`."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return language_of(value) or "en"
    return "en"
