"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Paths are URIs relative to ``%SRCROOT%``, the folder lintnews ran in (run it from the
repository root for code scanning). Columns count Unicode code points, as lintnews's do,
which SARIF calls ``unicodeCodePoints`` (its default is UTF-16 code units). Each result has
a ``partialFingerprints`` entry that ignores line numbers (the same key as baselines), so
code scanning keeps tracking an alert when lines are added above it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from lintnews import __version__
from lintnews.common.escapes import json_safe
from lintnews.common.messages import template
from lintnews.output import OutputContext
from lintnews.plugin.diagnostics import Diagnostic, Severity
from lintnews.run.baseline import fingerprint, keys, occurrences

if TYPE_CHECKING:
    from lintnews.output.translation import Translator
    from lintnews.plugin.rule import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/lintnews/"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "lintnewsFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

#: Findings that come from the engine rather than from a rule class.
ENGINE_RULES = {
    "file-unreadable": ("LN000", template("The file could not be read."), Severity.ERROR),
    "internal-error": ("LN999", template("A rule crashed on this file."), Severity.ERROR),
    "fix-not-written": ("LN998", template("--fix could not write the file."), Severity.ERROR),
}


def render(diagnostics: Sequence[Diagnostic], context: OutputContext) -> str:
    return (
        json_safe(json.dumps(sarif_log(diagnostics, context), ensure_ascii=False, indent=2)) + "\n"
    )


def sarif_log(diagnostics: Sequence[Diagnostic], context: OutputContext) -> dict[str, Any]:
    descriptors, index_of = _rules(diagnostics, context)
    root = Path.cwd()
    finding_keys = keys(diagnostics, _reader(context), root)
    results = [
        _result(d, index_of[d.rule], fingerprint(key, n), root)
        for d, key, n in zip(diagnostics, finding_keys, occurrences(finding_keys), strict=True)
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lintnews",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": not any(d.rule == "internal-error" for d in diagnostics)}
        ],
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _reader(context: OutputContext):
    if context.read_lines is not None:
        return context.read_lines
    return lambda path: None


def _rules(
    diagnostics: Sequence[Diagnostic], context: OutputContext
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Descriptors of every rule that ran or reported, ordered by code; their summaries in
    the report's language (a summary is a message, as ``lintnews rules`` shows it), their
    documentation in English."""
    from lintnews.output.translation import Translator

    say = Translator(context.lang)
    classes: dict[str, type[Rule]] = {type(rule).name: type(rule) for rule in context.rules}
    wanted = {d.rule for d in diagnostics} - classes.keys() - ENGINE_RULES.keys()
    if wanted:
        from lintnews.plugin.rule import load_rules

        installed = load_rules().rules
        classes.update({name: installed[name] for name in wanted if name in installed})
    described: dict[str, tuple[str, dict[str, Any]]] = {
        name: (rule.code, _descriptor(rule, say)) for name, rule in classes.items()
    }
    for d in diagnostics:
        if d.rule in described:
            continue
        if d.rule in ENGINE_RULES:
            code, summary, severity = ENGINE_RULES[d.rule]
            described[d.rule] = (code, _plain_descriptor(code, d.rule, say(summary), severity))
        else:  # a rule that is no longer installed: describe it from the finding
            described[d.rule] = (d.code, _plain_descriptor(d.code, d.rule, d.rule, d.severity))
    descriptors = list(described.values())
    descriptors.sort(key=lambda item: item[0])
    ordered = [descriptor for _, descriptor in descriptors]
    return ordered, {descriptor["name"]: i for i, descriptor in enumerate(ordered)}


def _descriptor(rule: type[Rule], say: Translator) -> dict[str, Any]:
    documentation = rule.documentation()
    summary = say(rule.summary())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _section(documentation, "What it does") or summary},
        "help": {
            "text": documentation,
            "markdown": f"# {rule.name} ({rule.code})\n\n{documentation}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["lintnews"]},
    }


def _plain_descriptor(code: str, name: str, summary: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "defaultConfiguration": {"level": LEVELS[severity]},
    }


def _section(documentation: str, title: str) -> str:
    """The text of a ``## title`` section as one paragraph."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", documentation, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def _artifact(path: str, root: Path) -> dict[str, Any]:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:  # outside the run folder: an absolute file URI
        return {"uri": absolute.as_uri()}
    # The name's bytes, percent-encoded: a name that is not UTF-8 is written losslessly.
    return {"uri": quote(os.fsencode(relative.as_posix())), "uriBaseId": SRCROOT}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(d: Diagnostic, rule_index: int, digest: str, root: Path) -> dict[str, Any]:
    artifact = _artifact(d.path, root)
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: digest},
    }
    if d.fix is not None and len(d.fix_positions) == len(d.fix.edits):
        replacements = [
            {"deletedRegion": _region(*position), "insertedContent": {"text": edit.replacement}}
            for edit, position in zip(d.fix.edits, d.fix_positions, strict=True)
        ]
        result["fixes"] = [
            {
                "description": {"text": d.fix.message},
                "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
            }
        ]
    return result
