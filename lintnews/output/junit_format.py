"""``--format junit``: JUnit XML, one test case per checked file, for CI test reports.

A file with errors or warnings is a failing test case; its one ``<failure>`` lists every
finding with its position (CI servers such as Jenkins and GitLab read only the first
failure of a test case, so one per finding would hide the rest). Files that could not be
read, and rules that crashed, are ``<error>`` cases. Info-level findings do not fail the
case; they are listed in ``<system-out>``. Files without findings are passing cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from lintnews.output import OutputContext
from lintnews.plugin.diagnostics import Diagnostic, Severity

#: Not allowed anywhere in XML 1.0, even escaped; replaced by a visible escape.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ENGINE_RULES = frozenset({"internal-error", "file-unreadable", "fix-not-written"})


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def line(d: Diagnostic) -> str:
    return f"{d.line}:{d.column}: {d.code} {d.message} [{d.rule}]"


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    # Every checked file, in order, then any path that only the diagnostics mention.
    paths = list(dict.fromkeys([*context.paths, *by_path]))

    suites = ET.Element("testsuites", name="lintnews")
    suite = ET.SubElement(suites, "testsuite", name="lintnews")
    failures = errors = 0
    for path in paths:
        found = by_path.get(path, [])
        case = ET.SubElement(
            suite, "testcase", classname="lintnews", name=_clean(path), file=_clean(path)
        )
        broken = [d for d in found if d.rule in ENGINE_RULES]
        failing = [d for d in found if d.rule not in ENGINE_RULES and d.severity != Severity.INFO]
        notes = [d for d in found if d.rule not in ENGINE_RULES and d.severity == Severity.INFO]
        if broken:
            errors += 1
            _problem(case, "error", broken)
        elif failing:
            failures += 1
            _problem(case, "failure", failing)
        if notes or (broken and failing):
            extra = notes + (failing if broken else [])
            ET.SubElement(case, "system-out").text = _clean(
                "\n".join(line(d) for d in sorted(extra, key=lambda d: d.sort_key)) + "\n"
            )
    counts = {"tests": str(len(paths)), "failures": str(failures), "errors": str(errors)}
    for element in (suites, suite):
        element.attrib.update(counts)
    suite.set("skipped", "0")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _problem(case: ET.Element, tag: str, found: list[Diagnostic]) -> None:
    rules = list(dict.fromkeys(d.rule for d in found))
    first = found[0]
    message = f"{first.line}:{first.column}: {first.code} {first.message}"
    if len(found) > 1:
        message = f"{len(found)} problems; first {message}"
    element = ET.SubElement(case, tag, message=_clean(message), type=_clean(",".join(rules)))
    element.text = _clean("\n".join(line(d) for d in found) + "\n")
