"""Output formats, loaded on demand.

Each module has ``render(diagnostics, context) -> str``. Formats that can be written while
files are still being checked (text, json) also have ``stream(results, context, write)``,
which takes each file's diagnostics as they come and returns a
:class:`~lintnews.output.text_format.Tally` for the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lintnews.plugin.diagnostics import Diagnostic
    from lintnews.plugin.rule import Rule

FORMATS = ("text", "json", "github", "sarif", "junit")


@dataclass
class OutputContext:
    """What a format may need besides the diagnostics."""

    files: int = 0
    #: Display paths of every checked file, passing ones too (JUnit lists each file).
    paths: Sequence[str] = ()
    #: The rules that ran, for formats that describe them (SARIF).
    rules: Sequence[Rule] = ()
    color: bool = False
    code_frames: bool = False
    #: Source lines by path, for code frames; read lazily by the text format.
    read_lines: Callable[[str], list[str] | None] | None = None
    #: The language of summary lines (see :mod:`lintnews.output.translation`).
    lang: str = "en"
    extra: dict[str, object] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, diagnostics: Sequence[Diagnostic], context: OutputContext) -> str: ...


def _module(name: str) -> Any:
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r}; choose one of {', '.join(FORMATS)}")
    return import_module(f"lintnews.output.{name}_format")


def renderer(name: str) -> Renderer:
    return _module(name).render


def streamer(name: str) -> Callable[..., Any] | None:
    """The format's ``stream`` function, when it can write before the run is over."""
    return getattr(_module(name), "stream", None)


def rendered(
    stream: Callable[..., Any], diagnostics: Sequence[Diagnostic], context: OutputContext
) -> str:
    """The whole report of a streaming format, as one string."""
    chunks: list[str] = []
    stream([diagnostics], context, chunks.append)
    return "".join(chunks)
