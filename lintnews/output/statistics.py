"""``--statistics``: how many findings each rule made, instead of the findings themselves.

One line per rule that found something, most findings first (then by code), as
``count  code  fixable  name``; with ``--format json``, an array of objects with the keys
``code, rule, count, fixable``. A finding counts as fixable when ``--fix`` would fix it
(its fix is safe, or ``--unsafe-fixes`` is given).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lintnews.output.text_format import Tally
from lintnews.plugin.diagnostics import Diagnostic

#: The formats a statistics report can be written in.
STATISTICS_FORMATS = ("text", "json")


@dataclass
class RuleCount:
    code: str
    rule: str
    count: int = 0
    fixable: int = 0


def count_by_rule(
    results: Iterable[Sequence[Diagnostic]], unsafe_fixes: bool
) -> tuple[list[RuleCount], Tally]:
    """Each rule's counts, most findings first, and the tally for the exit status."""
    tally = Tally()
    counts: dict[str, RuleCount] = {}
    for diagnostics in results:
        tally.add(diagnostics)
        for d in diagnostics:
            entry = counts.setdefault(d.code, RuleCount(d.code, d.rule))
            entry.count += 1
            if d.fix is not None and (d.fix.safe or unsafe_fixes):
                entry.fixable += 1
    ordered = sorted(counts.values(), key=lambda c: (-c.count, c.code))
    return ordered, tally


def render_statistics(counts: Sequence[RuleCount], format: str, lang: str = "en") -> str:
    if format == "json":
        rows = [
            {"code": c.code, "rule": c.rule, "count": c.count, "fixable": c.fixable} for c in counts
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if not counts:
        return ""
    width = len(str(counts[0].count))
    fixable_width = len(str(max(c.fixable for c in counts)))
    code_width = max(len(c.code) for c in counts)
    from lintnews.output.translation import Translator

    say = Translator(lang)
    fixable = say("fixable")
    return "".join(
        f"{c.count:>{width}}  {c.code:<{code_width}}  "
        f"{c.fixable:>{fixable_width}} {fixable}  {c.rule}\n"
        for c in counts
    )
