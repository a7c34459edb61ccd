"""The result cache: per-file diagnostics reused while nothing they depend on has changed.

An entry is keyed on the file's bytes, its path, the effective config, the lintnews version
and the installed plugins. Rules whose findings depend on more than that (files on disk, the
clock) record *conditions* with the entry, checked on every read. Entries live in
``.lintnews_cache/results/`` next to the config file; corrupt or foreign entries are ignored,
never trusted, and every write is atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lintnews import __version__
from lintnews.diagnostics import Diagnostic, Edit, Fix, Severity

CACHE_DIR_NAME = ".lintnews_cache"
FORMAT = 1

#: A condition an entry needs to stay valid: ``("exists", path, bool)`` -- a file exists
#: (or not) with exactly that name -- or ``("before", unix_time)`` -- the clock has not
#: reached that instant.
Condition = tuple[Any, ...]


def fingerprint(config: Any) -> str:
    """What, besides the file, decides a file's findings: config, version, plugins."""
    from importlib.metadata import entry_points

    from lintnews.rule import ENTRY_POINT_GROUP

    plugins = sorted(
        f"{ep.name}={ep.value}@{getattr(ep.dist, 'version', '?') if ep.dist else '?'}"
        for ep in entry_points(group=ENTRY_POINT_GROUP)
    )
    rules = [
        [rule.name, vars(rule.options), config.severities.get(rule.name)] for rule in config.rules
    ]
    payload = {
        "format": FORMAT,
        "version": __version__,
        "code": _code_stamp(),
        "plugins": plugins,
        "rules": rules,
        "per_path_ignores": config.per_path_ignores,
        "site": vars(config.site),
        "schema": config.raw.get("schema"),
    }
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _code_stamp() -> str:
    """Size and modification time of lintnews's own source files.

    The version alone does not change while the code is edited in place (an editable
    install), and results of older code must not be served.
    """
    import lintnews_rules

    import lintnews

    digest = hashlib.sha256()
    for package in (lintnews, lintnews_rules):
        folder = Path(package.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, root: Path, config_fingerprint: str) -> None:
        self.folder = root / CACHE_DIR_NAME / "results"
        self.config_fingerprint = config_fingerprint
        self.disabled = False
        #: Folder listings read while checking conditions, shared by the run's lookups.
        self.listings: dict[str, frozenset[str] | None] = {}

    def key(self, display: str, data: bytes) -> str:
        digest = hashlib.sha256()
        digest.update(self.config_fingerprint.encode())
        digest.update(b"\0")
        digest.update(display.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, display: str) -> list[Diagnostic] | None:
        if self.disabled:
            return None
        try:
            raw = self._path(key).read_bytes()
            entry = json.loads(raw)
            if entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            if not conditions_hold(entry.get("conditions", []), self.listings):
                return None
            return [_diagnostic_from_json(item, display) for item in entry["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, corrupt or foreign: lint again

    def put(self, key: str, diagnostics: list[Diagnostic], conditions: Iterable[Condition]) -> None:
        if self.disabled:
            return
        entry = {
            "format": FORMAT,
            "key": key,
            "conditions": [list(c) for c in conditions],
            "diagnostics": [_diagnostic_to_json(d) for d in diagnostics],
        }
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _ensure_gitignore(self.folder.parent)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(entry, stream, ensure_ascii=False)
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            # A read-only tree or a full disk: run on without a cache rather than fail.
            self.disabled = True


def conditions_hold(
    conditions: Iterable[Any], listings: dict[str, frozenset[str] | None] | None = None
) -> bool:
    """Whether every condition still holds; ``listings`` memoises folder listings for a run."""
    now = time.time()
    for condition in conditions:
        kind = condition[0]
        if kind == "exists":
            _, path, expected = condition
            if exists_exactly(Path(path), listings) != expected:
                return False
        elif kind == "before":
            if now >= float(condition[1]):
                return False
        else:
            return False  # a condition this version does not know: do not trust the entry
    return True


def exists_exactly(path: Path, listings: dict[str, frozenset[str] | None] | None = None) -> bool:
    """Whether ``path`` is a file whose name matches exactly, even on case-blind disks."""
    folder = str(path.parent)
    names = listings.get(folder, ()) if listings is not None else ()
    if names == ():
        try:
            names = frozenset(os.listdir(folder))
        except OSError:
            names = None
        if listings is not None:
            listings[folder] = names
    return names is not None and path.name in names and path.is_file()


def _ensure_gitignore(folder: Path) -> None:
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# created by lintnews\n*\n", encoding="utf-8")


def _diagnostic_to_json(d: Diagnostic) -> dict[str, Any]:
    data: dict[str, Any] = {
        "l": [d.line, d.column, d.end_line, d.end_column],
        "r": d.rule,
        "c": d.code,
        "s": d.severity.value,
        "m": d.message,
    }
    if d.fix is not None:
        data["f"] = {
            "m": d.fix.message,
            "safe": d.fix.safe,
            "e": [[e.start, e.end, e.replacement] for e in d.fix.edits],
            "p": [list(p) for p in d.fix_positions],
        }
    return data


def _diagnostic_from_json(data: dict[str, Any], path: str) -> Diagnostic:
    line, column, end_line, end_column = (int(v) for v in data["l"])
    fix = None
    positions: tuple[tuple[int, int, int, int], ...] = ()
    if "f" in data:
        raw = data["f"]
        fix = Fix(
            message=str(raw["m"]),
            edits=tuple(Edit(int(s), int(e), str(r)) for s, e, r in raw["e"]),
            safe=bool(raw["safe"]),
        )
        positions = tuple(tuple(int(v) for v in p) for p in raw["p"])  # type: ignore[misc]
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=str(data["r"]),
        code=str(data["c"]),
        severity=Severity(data["s"]),
        message=str(data["m"]),
        fix=fix,
        fix_positions=positions,
    )
