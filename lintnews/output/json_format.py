"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lintnews.output import OutputContext, rendered
from lintnews.output.text_format import Tally
from lintnews.plugin.diagnostics import Diagnostic, EncodedDiagnostics


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    return rendered(stream, diagnostics, context)


def stream(
    results: Iterable[Sequence[Diagnostic]], context: OutputContext, write: Callable[[str], object]
) -> Tally:
    """Write the array one finding per line as files finish (json's C encoder; indent= is
    not); nothing is held."""
    tally = Tally()
    separator = "[\n"
    for diagnostics in results:
        tally.add(diagnostics)
        # Results from the cache or a worker come already encoded.
        if isinstance(diagnostics, EncodedDiagnostics):
            block = diagnostics.json_block
        else:
            block = EncodedDiagnostics.SEPARATOR.join(d.json_text() for d in diagnostics)
        if block:
            write(separator + block)
            separator = EncodedDiagnostics.SEPARATOR
    write("[]\n" if separator == "[\n" else "\n]\n")
    return tally
