"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

import json
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
        for diagnostic in diagnostics:
            write(separator + json.dumps(diagnostic.to_json(), ensure_ascii=False))
            separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")
    return tally
