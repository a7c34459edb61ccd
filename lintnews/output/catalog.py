"""The gettext catalogs in ``lintnews/locale``: read a ``.po`` file, write its ``.mo``.

The ``.po`` file is what translators edit; the ``.mo`` file beside it is what
:mod:`gettext` reads at run time, and both are committed. msgfmt (GNU gettext) and Babel
are often absent where lintnews is developed, so the compiler is this module:
``python -m lintnews.output.catalog`` rewrites every ``.mo`` from its ``.po``, and a test
holds each committed ``.mo`` equal to what its ``.po`` compiles to.

Only what the catalogs use is read: ``msgctxt``-free entries of ``msgid``/``msgstr``
with C-style escapes, comments and the header entry; no plural forms.
"""

from __future__ import annotations

import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "lintnews"


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


def extract_templates(sources: list[Path]) -> dict[str, list[str]]:
    """Every template written in ``sources`` (Python files), with where: ``file:line``."""
    import ast

    found: dict[str, list[str]] = {}
    for source in sources:
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
                    found.setdefault(choice.value, []).append(f"{source.name}:{node.lineno}")
    return found


def po_files(locale: Path = LOCALE) -> list[Path]:
    return sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def main() -> int:
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compile_mo(parse_po(po.read_text(encoding="utf-8"))))
        print(f"wrote {po.with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
