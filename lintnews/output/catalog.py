"""The gettext catalogs in ``lintnews/locale``: read a ``.po`` file, write its ``.mo``.

The ``.po`` file is what translators edit; the ``.mo`` file beside it is what
:mod:`gettext` reads at run time, and both are committed. msgfmt (GNU gettext) and Babel
are often absent where lintnews is developed, so the compiler is this module:
``python -m lintnews.output.catalog`` rewrites every ``.mo`` from its ``.po``, and a test
holds each committed ``.mo`` equal to what its ``.po`` compiles to. In a checkout it also
rewrites the ``#:`` line of each entry: the files its msgid is written in (file names, no
line numbers, so that they stay true while the code around them moves); a test holds them
current.

Only what the catalogs use is read: ``msgctxt``-free entries of ``msgid``/``msgstr``
with C-style escapes, comments and the header entry; no plural forms.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "lintnews"
#: The checkout the catalogs are made from: the engine (``lintnews/``) and the built-in
#: rules (``rules/``) beside it.
SOURCE_ROOT = LOCALE.parent.parent


class CatalogError(ValueError):
    pass


def parse_po(text: str) -> dict[str, str]:
    """``msgid -> msgstr`` of a ``.po`` file (the header under ``""``), untranslated
    entries (an empty ``msgstr``) left out as gettext leaves them."""
    import ast

    entries: dict[str, str] = {}
    field: str | None = None
    current: dict[str, str] = {}

    def finish() -> None:
        if "msgid" in current:
            if "msgstr" not in current:
                raise CatalogError(f"msgid {current['msgid']!r} has no msgstr")
            if current["msgid"] in entries:
                raise CatalogError(f"msgid {current['msgid']!r} is given twice")
            if current["msgstr"]:
                entries[current["msgid"]] = current["msgstr"]
        current.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgstr"):
            if keyword == "msgid":
                finish()
            field, line = keyword, rest.strip()
        elif not line.startswith('"') or field is None:
            raise CatalogError(f"line {number}: cannot read {raw!r}")
        if not (len(line) >= 2 and line.startswith('"') and line.endswith('"')):
            raise CatalogError(f"line {number}: expected a quoted string, got {raw!r}")
        current[field] = current.get(field, "") + ast.literal_eval(line)
    finish()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU ``.mo`` file of ``entries``, keys sorted as msgfmt sorts them (no hash table)."""
    import struct

    keys = sorted(entries, key=lambda key: key.encode())
    ids = [key.encode() for key in keys]
    strs = [entries[key].encode() for key in keys]
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + 8 * len(keys)
    data_start = strs_table + 8 * len(keys)
    offsets: list[int] = []
    data = b""
    for chunk in (*ids, *strs):
        offsets += [len(chunk), data_start + len(data)]
        data += chunk + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), ids_table, strs_table, 0, data_start)
    return header + struct.pack(f"<{len(offsets)}I", *offsets) + data


#: Calls whose first argument is a message template: :func:`lintnews.common.messages.message`
#: (imported as ``msg`` where a rule has a variable named ``message``), ``template`` for
#: a template filled in later, and ``say``, the output's :class:`Translator`.
TEMPLATE_CALLS = frozenset({"message", "msg", "template", "say"})


def extract_templates(sources: list[Path], root: Path | None = None) -> dict[str, list[str]]:
    """Every template written in ``sources`` (Python files), with the files it is written
    in (their paths from ``root``, else their names)."""
    import ast

    found: dict[str, list[str]] = {}
    for source in sources:
        where = source.relative_to(root).as_posix() if root is not None else source.name
        tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in TEMPLATE_CALLS:
                continue
            first = node.args[0]
            # say("{count} error" if one else "{count} errors", ...): both are templates.
            choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for choice in choices:
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                    files = found.setdefault(choice.value, [])
                    if where not in files:
                        files.append(where)
    return found


def catalog_templates(root: Path = SOURCE_ROOT) -> dict[str, list[str]]:
    """What the catalogs translate, with the files it is written in: every template of the
    engine and the built-in rules, and each built-in rule's summary (the first line of its
    documentation, which ``lintnews rules`` shows)."""
    import inspect

    from lintnews.plugin.rule import load_rules

    sources = sorted([*(root / "lintnews").rglob("*.py"), *(root / "rules").rglob("*.py")])
    found = extract_templates(sources, root)
    for rule in load_rules().rules.values():
        source = Path(inspect.getsourcefile(rule) or "")
        if rule.__module__.startswith("lintnews_rules.") and source.is_relative_to(root):
            files = found.setdefault(rule.summary(), [])
            files.append(source.relative_to(root).as_posix())
    return found


def with_references(text: str, templates: Mapping[str, Sequence[str]]) -> str:
    """The ``.po`` ``text`` with each entry's ``#:`` comment naming the files its msgid is
    written in (``templates``, as :func:`catalog_templates` gives them), one line each."""
    import ast

    blocks = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if not line.startswith("#:")]
        starts = [index for index, line in enumerate(lines) if line.startswith("msgid ")]
        if starts:
            start = starts[0]
            end = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr"))
            parts = [lines[start].removeprefix("msgid ").strip(), *lines[start + 1 : end]]
            msgid = "".join(ast.literal_eval(part.strip()) for part in parts)
            files = sorted(set(templates.get(msgid, ()))) if msgid else []
            if files:
                lines.insert(start, "#: " + " ".join(files))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def po_files(locale: Path = LOCALE) -> list[Path]:
    return sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def main() -> int:
    """Rewrite each ``.po`` file's references (in a checkout) and compile its ``.mo``."""
    templates = catalog_templates() if (SOURCE_ROOT / "rules").is_dir() else None
    for po in po_files():
        text = po.read_text(encoding="utf-8")
        if templates is not None:
            text = with_references(text, templates)
            po.write_text(text, encoding="utf-8")
        po.with_suffix(".mo").write_bytes(compile_mo(parse_po(text)))
        print(f"wrote {po} and {po.with_suffix('.mo').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
