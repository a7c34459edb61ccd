"""Output formats. Each module has ``render(diagnostics, context) -> str``; loaded on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from lintnews.diagnostics import Diagnostic
    from lintnews.rule import Rule

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
    extra: dict[str, object] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, diagnostics: Sequence[Diagnostic], context: OutputContext) -> str: ...


def renderer(name: str) -> Renderer:
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r}; choose one of {', '.join(FORMATS)}")
    return import_module(f"lintnews.output.{name}_format").render
