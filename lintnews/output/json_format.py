"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lintnews.diagnostics import Diagnostic
from lintnews.output import OutputContext
from lintnews.output.text_format import Tally


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    chunks: list[str] = []
    stream([diagnostics], context, chunks.append)
    return "".join(chunks)


def stream(
    results: Iterable[Sequence[Diagnostic]], context: OutputContext, write: Callable[[str], object]
) -> Tally:
    """Write the array one finding per line as files finish (json's C encoder; indent= is
    not); nothing is held."""
    tally = Tally()
    separator = "[\n"
    for diagnostics in results:
        tally.add(diagnostics)
        # Results from the cache hold their lines already encoded.
        lines = getattr(diagnostics, "json_lines", None)
        if lines is None:
            lines = [diagnostic.json_text() for diagnostic in diagnostics]
        if lines:
            write(separator + ",\n".join(lines))
            separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")
    return tally
