"""``lintnews init``: the config file it writes and the report of what it inferred."""

from __future__ import annotations

import os
import textwrap
import tomllib
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from lintnews.commands.init_schema import ONE_OF_MAX_VALUES, ONE_OF_MIN_USES, KeyInference
from lintnews.commands.init_writing import counted, percent, toml_key, toml_string, toml_value
from lintnews.common.messages import joined
from lintnews.common.messages import message as msg

if TYPE_CHECKING:
    from lintnews.commands.init_inference import Inference


def render_config(
    inference: Inference, *, today: date | None = None, site: str = "this folder"
) -> str:
    """The config file: a commented header, then the inferred settings.

    ``site`` names the site's folder as seen from where the config is written.
    """
    today = today or date.today()
    total = inference.files
    skipped = f" ({len(inference.skipped)} skipped: front matter unreadable)"
    paragraphs = [
        f"lintnews config written by `lintnews init` on {today.isoformat()}.",
        f"The [schema] below was inferred from the front matter of {counted(total, 'article')} "
        f"under {site}{skipped if inference.skipped else ''}. A key is required when at "
        f"least {percent(inference.required_share, 1)} of the articles give it a value "
        "(--required-share); each type is the narrowest one that every existing value "
        f"satisfies; one-of lists only small sets of values (at most {ONE_OF_MAX_VALUES}) "
        f"that each appear in at least {ONE_OF_MIN_USES} articles.",
    ]
    if inference.hugo_files:
        names = ", ".join(path.name for path in inference.hugo_files)
        paragraphs[-1] += (
            f" Site settings (timeZone, buildFuture, static folders, date keys) are read "
            f"from {names} automatically and are not repeated here."
        )
    undeclared = [key.name for key in inference.keys if not key.declared]
    seen = f" (keys seen but not declared: {', '.join(undeclared)})" if undeclared else ""
    paragraphs.append(
        "To adjust: change a key's type, drop `required = true`, widen or delete a one-of "
        '(see `lintnews rule front-matter-schema`). unknown-keys = "allow" lets keys that '
        f'are not declared through; set it to "warn" to catch misspelt keys{seen}. '
        "Findings already in the site can be recorded with `lintnews check --baseline FILE "
        "--update-baseline`, so that only new ones fail."
    )
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("#")
        lines += textwrap.wrap(
            paragraph, 88, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False
        )
    lines.append("")
    for rule, convention in inference.conventions.items():
        lines += textwrap.wrap(
            f"{rule}: {convention.why}.",
            88,
            initial_indent="# ",
            subsequent_indent="# ",
            break_on_hyphens=False,
        )
        if convention.options:
            lines.append(f"[rules.{rule}]")
            lines += [f"{key} = {toml_value(value)}" for key, value in convention.options.items()]
        lines.append("")
    lines += [
        "[schema]",
        'extends = "none"        # the inferred keys stand alone, without the default schema',
        'unknown-keys = "allow"  # "warn" or "forbid" to report keys not declared below',
    ]
    for key in inference.keys:
        if not key.declared:
            continue
        data = inference.config_data()["schema"]["keys"][key.name]
        lines += [
            "",
            f"# in {percent(key.files, total)} of {total} articles ({key.files})",
            f"[schema.keys.{toml_key(key.name)}]",
        ]
        lines += [f"{field_name} = {toml_value(value)}" for field_name, value in data.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != inference.config_data():  # a bug in the writer, never the site
        raise AssertionError("the written config does not read back as inferred")
    return text


def render_report(inference: Inference, lang: str = "en") -> str:
    """What was inferred and why, one line per key, in ``lang``."""
    from lintnews.output.translation import Translator

    say = Translator(lang).text
    total = inference.files
    out: list[str] = []
    read = msg(
        "Read {count} article under {root}" if total == 1 else "Read {count} articles under {root}",
        count=total,
        root=str(inference.root),
    )
    if inference.skipped:
        read += msg(
            "; skipped {count} whose front matter cannot be read", count=len(inference.skipped)
        )
    out.append(read + msg("."))
    for path, why in inference.skipped[:10]:
        out.append(msg("  skipped {path}: {why}", path=path, why=why))
    if len(inference.skipped) > 10:
        out.append(msg("  ... and {count} more", count=len(inference.skipped) - 10))
    if inference.without_front_matter:
        count = len(inference.without_front_matter)
        out.append(
            msg(
                "{count} article has no front matter (they count as lacking every key; "
                "exclude them if they are not articles)."
                if count == 1
                else "{count} articles have no front matter (they count as lacking every key; "
                "exclude them if they are not articles).",
                count=count,
            )
        )
        folders = Counter(os.path.dirname(path) or "." for path in inference.without_front_matter)
        shown = ", ".join(f"{folder}/ ({n})" for folder, n in folders.most_common(3))
        out.append(msg("  mostly in {shown}", shown=shown))
    for warning in inference.warnings:
        out.append(msg("warning: {warning}", warning=warning))
    share = percent(inference.required_share, 1)
    where = (
        msg("in every article")
        if inference.required_share >= 1
        else msg("in at least {share} of the articles", share=share)
    )
    out.append(msg("\nSchema (required: {where}):", where=where))
    for key in inference.keys:
        out.append("  " + _key_line(key, share))
    if inference.conventions:
        out.append(msg("\nConventions (rule options learnt from the articles):"))
    for rule, convention in inference.conventions.items():
        out.append(msg("  {rule}: {why}.", rule=rule, why=convention.why))
        out.extend("    " + line for line in convention.seen)
    out.append("")
    out.extend(_expected_lines(inference))
    return "\n".join(say(line) for line in out) + "\n"


def _key_line(key: KeyInference, share: str) -> str:
    where = msg(
        "in {share} of {total} articles", share=percent(key.files, key.total), total=key.total
    )
    if not key.declared:
        return msg("{key}: {where}; ", key=key.name, where=where) + joined("; ", key.notes)
    kind = key.types[0] if len(key.types) == 1 else "[" + ", ".join(key.types) + "]"
    if key.required:
        verdict = msg("required")
        if key.files < key.total:
            verdict += msg("; {count} lack it and will be reported", count=key.total - key.files)
    else:
        verdict = msg("optional (below {share})", share=share)
    line = msg(
        "{key}: {kind}, {where} → {verdict}", key=key.name, kind=kind, where=where, verdict=verdict
    )
    notes = list(key.notes)
    if key.one_of is not None:
        shown = ", ".join(toml_string(value) for value in key.one_of)
        notes = [note + f": {shown}" if note.startswith("one-of") else note for note in notes]
    return line + ("; " + joined("; ", notes) if notes else "")


def _expected_lines(inference: Inference) -> list[str]:
    found = inference.expected_findings
    if not found:
        return [msg("Under this config, every article's front matter passes front-matter-schema.")]
    files = len({path for path, _ in found})
    findings = msg("{count} finding" if len(found) == 1 else "{count} findings", count=len(found))
    articles = msg("{count} article" if files == 1 else "{count} articles", count=files)
    lines = [
        msg(
            "Under this config, front-matter-schema will report {findings} in {articles} "
            "(--required-share 1 gives none; or record them with --baseline):",
            findings=findings,
            articles=articles,
        )
    ]
    by_message = Counter(message for _, message in found)
    for message, count in by_message.most_common(8):
        example = next(path for path, m in found if m == message)
        lines.append(
            msg(
                "  {count} × {message} (e.g. {example})",
                count=count,
                message=message,
                example=example,
            )
        )
    if len(by_message) > 8:
        lines.append(msg("  ... and {count} other messages", count=len(by_message) - 8))
    return lines
