"""``--format json``: a JSON array of diagnostics (a public interface: keep the keys stable)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from lintnews.diagnostics import Diagnostic
from lintnews.output import OutputContext
from lintnews.output.text_format import Tally

# One encoder for the run: json.dumps with options builds a new one for every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


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
            write(separator + _ENCODER.encode(diagnostic.to_json()))
            separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")
    return tally
