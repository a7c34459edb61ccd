"""The result cache: per-file diagnostics reused while nothing they depend on has changed.

An entry is keyed on the file's bytes, its path, the config's inputs (its settings as read,
with the command line's, and the Hugo config of the file's own site), lintnews's code and
the installed rule distributions with their code and their dependencies' versions (the
built-in rules are one of them). Rules whose findings depend on more than that (files on disk, the
clock) record *conditions* with the entry, checked on every read. Entries live in
``.lintnews_cache/results.sqlite3`` next to the config file (without one, at the
repository's top level, else in the current folder:
:func:`~lintnews.site.configfile.cache_home`); corrupt or foreign entries are ignored,
never trusted, and writes are transactions. The warnings a run's config gave are recorded
with the Hugo config they came from, and replayed only while it is unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lintnews import __version__
from lintnews.common.messages import Message, from_data
from lintnews.common.nofollow import create_new, real_folder, refuse_link
from lintnews.plugin.diagnostics import COUNTED, Diagnostic, EncodedDiagnostics
from lintnews.plugin.entrypoints import distribution_key, read_small, scan, section_entries
from lintnews.site.configfile import CACHE_DIR_NAME

__all__ = ["CACHE_DIR_NAME", "DATABASE_NAME", "ResultCache", "fingerprint", "run_fingerprint"]

DATABASE_NAME = "results.sqlite3"
#: The table's name changes with its columns, so an older database is never misread.
TABLE = "entries_v3"
#: One row per config fingerprint whose findings were cached: the config was valid, its
#: rules cacheable, and these are the warnings its loading printed.
RUNS_TABLE = "runs_v1"
FORMAT = 2

#: A condition an entry needs to stay valid: ``("exists", path, bool)`` -- a file exists
#: (or not) with exactly that name --, ``("site-pages", root, digest)`` -- no file of a
#: site's content, static or asset folders appeared, went or changed
#: (:func:`lintnews.site.pages.tree_stamp`) --, ``("stamp", path, mtime_ns, size)`` -- a file is
#: unchanged (see :func:`file_stamp`) -- or ``("before", unix_time)`` -- the clock has not
#: reached that instant.
Condition = tuple[Any, ...]


def fingerprint(config: Any) -> str:
    """The run's part of every key (see :func:`run_fingerprint`), for a loaded config."""
    rules = None
    if not config.rules_installed:  # rule classes a library caller chose
        rules = sorted(f"{type(r).__module__}.{type(r).__qualname__}" for r in config.rules)
    return run_fingerprint(
        config.raw, config.path, config.root, config.site_root, rules, _code_stamps(config.raw)
    )


def run_fingerprint(
    settings: Any,
    config_path: Path | None,
    root: Path,
    site_root: Path | None,
    rules: list[str] | None = None,
    code: list[str] | None = None,
) -> str:
    """What, besides a file and its Hugo site, decides its findings: the config's settings
    as read (with the command line's), where they were found, lintnews's code and the
    installed plugins.

    Taken from the config's inputs rather than its validated form: equal inputs validate
    alike, and a run served wholly from the cache (:mod:`lintnews.run.warm`) can compute it
    without loading pydantic or a rule.
    """
    memo: dict[str, str] = {}
    payload = {
        "format": FORMAT,
        "version": __version__,
        # The engine's source; the rules' (built-in or not) is part of each plugin's stamp.
        "code": source_stamp(["lintnews"], memo),
        "plugins": installed_plugins(memo),
        # Messages are translated at output: findings do not depend on the language.
        "settings": {k: v for k, v in settings.items() if k != "lang"}
        if isinstance(settings, dict)
        else settings,
        "config": str(config_path) if config_path is not None else None,
        "root": str(root),
        "site": str(site_root) if site_root is not None else None,
        "rules": rules,
        "named code": code,
    }
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def installed_plugins(memo: dict[str, str] | None = None) -> list[str]:
    """The installed distributions that register rules, as a stamp for the cache key: the
    name, version and ``entry_points.txt`` of each ``*.dist-info``/``*.egg-info`` folder
    on ``sys.path`` with a ``[lintnews.rules]`` section (the first of each name, as
    importlib.metadata finds them), the source of the distribution's modules (those its
    entry points and ``top_level.txt`` name, found as an import would find them, so an
    editable install or a checkout on ``PYTHONPATH`` edited in place without a new version
    is stamped by its new code), the installed versions of the distributions it requires,
    and any zip archive on the path by size and time.

    The built-in rules are one such distribution (lintnews's own), stamped the same way, so
    its dependencies (markdown-it-py, pydantic, PyYAML, python-frontmatter, httpx) are part
    of every key. Read from the folders (:mod:`lintnews.plugin.entrypoints`, as the rules
    are found); installing, removing, upgrading or editing a plugin or a dependency
    changes it.
    """
    installed = scan()
    found: dict[str, str] = {}
    for folder in installed.archives:
        with contextlib.suppress(OSError):
            stat = os.stat(folder)
            found.setdefault(folder, f"{folder}:{stat.st_size}:{stat.st_mtime_ns}")
    versions = installed.versions
    plugins = [(d.key, d.version, d.metadata, d.entry_points) for d in installed.rules]
    for key, version, metadata, text in plugins:
        top_level = read_small(os.path.join(metadata, "top_level.txt")) or ""
        modules = [*_entry_point_modules(text), *top_level.split()]
        required = sorted(set(_requirements(metadata)))
        dependencies = ", ".join(f"{name}=={versions.get(name, 'absent')}" for name in required)
        found[key] = (
            f"{key}=={version}\n{text}\ncode: {source_stamp(sorted(set(modules)), memo)}\n"
            f"requires: {dependencies}\n"
        )
    return sorted(found.values())


def _requirements(metadata: str) -> list[str]:
    """The distributions a ``*.dist-info`` (``METADATA``) or ``*.egg-info`` (``requires.txt``)
    folder's distribution requires, extras included, by normalised name."""
    text = read_small(os.path.join(metadata, "METADATA"))
    if text is not None:
        headers = text.partition("\n\n")[0].splitlines()
        lines = [line[len(_REQUIRES) :] for line in headers if line.startswith(_REQUIRES)]
    else:
        requires = read_small(os.path.join(metadata, "requires.txt")) or ""
        lines = [line for line in requires.splitlines() if not line.startswith("[")]
    matches = (_REQUIREMENT_NAME.match(line) for line in lines)
    return [distribution_key(match[1]) for match in matches if match]


_REQUIRES = "Requires-Dist:"
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _entry_point_modules(entry_points: str) -> set[str]:
    """The top-level modules the ``[lintnews.rules]`` entry points name
    (``news_rules.more:RULES`` names ``news_rules``)."""
    return {
        value.partition(":")[0].partition(".")[0].strip()
        for _, value in section_entries(entry_points)
    }


def source_stamp(modules: Iterable[str], memo: dict[str, str] | None = None) -> str:
    """Size and modification time of the source files of these top-level modules or
    packages; one that cannot be found counts as absent. ``memo`` keeps each module's
    part for the other stamps of one key (the engine's code is also lintnews's rules')."""
    memo = memo if memo is not None else {}
    digest = hashlib.sha256()
    for name in modules:
        if name not in memo:
            memo[name] = _module_stamp(name)
        digest.update(f"{name}:{memo[name]};".encode())
    return digest.hexdigest()


def _module_stamp(name: str) -> str:
    from importlib.util import find_spec

    # Located, not imported: importing the rules is what a warm run avoids. A top-level
    # name imports no parent package to be found.
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return "absent"
    folders = list(spec.submodule_search_locations or [])
    files = [p for folder in folders for p in Path(folder).rglob("*.py")]
    if not folders and spec.has_location and spec.origin:
        files = [Path(spec.origin)]
    digest = hashlib.sha256()
    for path in sorted(files):
        with contextlib.suppress(OSError):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def site_stamp(root: Path | None) -> str:
    """The Hugo config a site's settings are read from: its files' names and bytes."""
    if root is None:
        return ""
    from lintnews.site.hugo import config_files

    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape"))
    for path in config_files(root):
        digest.update(b"\0" + str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(f"unreadable: {exc.errno}".encode())
    return digest.hexdigest()


def _code_stamps(settings: Any) -> list[str] | None:
    """Size and time of each module a setting names (``schema = "package.module:Model"``):
    its code decides the findings as much as the config's own text does."""
    from lintnews.site.configfile import code_references

    references = code_references(settings) if isinstance(settings, dict) else {}
    if not references:
        return None
    stamps = []
    for reference in references.values():
        module = sys.modules.get(reference.partition(":")[0])
        file = getattr(module, "__file__", None)
        try:
            stat = os.stat(file) if file else None
        except OSError:
            stat = None
        stamps.append(
            f"{file}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{reference}: no file"
        )
    return stamps


class ResultCache:
    """Entries in one SQLite database, ``.lintnews_cache/results.sqlite3``.

    One database rather than a file per entry: creating a thousand small files cost more
    than linting them on some disks. Writes are batched in transactions (all or nothing);
    every process of a parallel run has its own connection, and SQLite's locking keeps
    concurrent runs apart. A database that cannot be read is replaced, never trusted.
    """

    #: Entries written in one transaction.
    BATCH = 64
    #: Entries not written again for this many days are removed: an unchanged file is
    #: linted once more, and the entries of old file versions and configs do not pile up.
    KEEP_DAYS = 30

    def __init__(
        self,
        folder: Path,
        config_fingerprint: str,
        warnings: Iterable[str] = (),
        site_root: Path | None = None,
    ) -> None:
        #: ``.lintnews_cache`` (:func:`~lintnews.site.configfile.cache_folder`).
        self.folder = folder
        self.database = self.folder / DATABASE_NAME
        self.config_fingerprint = config_fingerprint
        #: What loading the config warned about, for runs served wholly from the cache.
        self.warnings = list(warnings)
        self.disabled = False
        #: What the disk said while checking conditions, shared by the run's lookups.
        self.lookups: dict[Any, Any] = {}
        self._connection: sqlite3.Connection | None = None
        #: The process that opened ``_connection``: a connection never crosses a fork.
        self._owner = 0
        self._pending: list[tuple[str, int, str, str, str]] = []
        self._pruned = False
        self._site_stamps: dict[Path | None, str] = {}
        #: The run's row in the runs table: the fingerprint and the Hugo config the run's
        #: warnings came from (``site_root``'s), so that fixing what a warning is about
        #: stops it being replayed.
        self.run_key = hashlib.sha256(
            f"{config_fingerprint}\0{self._stamp_of(site_root)}".encode()
        ).hexdigest()

    def key(self, display: str, data: bytes, site_root: Path | None = None) -> str:
        """The entry's key: the file's path and bytes, the run's fingerprint and the
        Hugo config of the file's own site (a tree may hold several sites)."""
        stamp = self._stamp_of(site_root)
        digest = hashlib.sha256()
        digest.update(self.config_fingerprint.encode())
        digest.update(b"\0")
        digest.update(stamp.encode())
        digest.update(b"\0")
        digest.update(display.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _stamp_of(self, site_root: Path | None) -> str:
        stamp = self._site_stamps.get(site_root)
        if stamp is None:
            stamp = self._site_stamps[site_root] = site_stamp(site_root)
        return stamp

    def recorded_warnings(self) -> list[str] | None:
        """The warnings recorded with this run key, or None when no run recorded it
        (then the config may be invalid, or its rules not cacheable)."""
        if not self.database.is_file():
            return None  # not even created: nothing to read, nothing to create
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                f"SELECT warnings FROM {RUNS_TABLE} WHERE fingerprint = ?",
                (self.run_key,),
            ).fetchone()
            recorded = json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError):
            return None
        if not isinstance(recorded, list):
            return None
        # Each is a message's data (so that a warm run still shows it translated) or text.
        warnings = [w if isinstance(w, str) else from_data(w) for w in recorded]
        if not all(isinstance(w, str) for w in warnings):
            return None
        return warnings  # type: ignore[return-value]

    def get(self, key: str) -> EncodedDiagnostics | None:
        """The entry's diagnostics, or None when it is missing, corrupt, foreign or stale."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                f"SELECT header, offsets, body FROM {TABLE} WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            header_text, offsets, body = row
            header = json.loads(header_text)
            if header.get("format") != FORMAT or header.get("key") != key:
                return None
            count, counts = header["count"], header["counts"]
            if type(count) is not int or not _valid_counts(counts):
                return None
            if not (isinstance(offsets, str) and isinstance(body, str)):
                return None
            encoded = EncodedDiagnostics(body, counts, offsets)
            if len(encoded) != count:  # truncated, or foreign
                return None
            if not conditions_hold(header["conditions"], self.lookups):
                return None
            return encoded
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # corrupt or foreign: lint again

    def put(
        self, key: str, diagnostics: list[Diagnostic], conditions: Iterable[Condition]
    ) -> EncodedDiagnostics:
        """Store an entry: a JSON header, and the diagnostics as ``--format json`` prints
        them, so that a warm run can print them without decoding them. Returns them
        encoded, for the report."""
        encoded = EncodedDiagnostics.of(diagnostics)
        if self.disabled:
            return encoded
        header = {
            "format": FORMAT,
            "key": key,
            "conditions": [list(c) for c in conditions],
            "count": len(encoded),
            "counts": encoded.counts,
        }
        # The fix offsets apart: only decoding the findings needs them.
        self._pending.append(
            (
                key,
                _today(),
                json.dumps(header, ensure_ascii=False),
                encoded.offsets_json,
                encoded.json_block,
            )
        )
        if len(self._pending) >= self.BATCH:
            self.flush()
        return encoded

    def close(self, fold_log: bool = False) -> None:
        """Close this process's connection; with ``fold_log``, open one first if there is
        none, so that SQLite (closing its last connection) folds the write-ahead log into
        the database."""
        connection = self._connect() if fold_log and not self.disabled else self._connection
        if connection is not None and self._owner == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        self._connection = None

    def prepare(self) -> None:
        """Create the database before a parallel run, so that worker processes only open it
        (two processes creating it at once may find it locked)."""
        connection = self._connect()
        if connection is not None:
            connection.close()
            self._connection = None

    def flush(self) -> None:
        """Write the entries not yet written, in one transaction."""
        pending, self._pending = self._pending, []
        connection = self._connect() if pending else None
        if connection is None:
            return
        for attempt in range(4):
            try:
                self._write(connection, pending)
                return
            except sqlite3.OperationalError:
                # Another process holds the lock past the timeout's reach (SQLite gives up
                # at once where waiting could deadlock): try again shortly.
                time.sleep(0.05 * 2**attempt)
            except sqlite3.Error:
                break
        # Still locked, a full disk, a read-only tree: run on without a cache.
        self.disabled = True

    def _write(
        self, connection: sqlite3.Connection, pending: list[tuple[str, int, str, str, str]]
    ) -> None:
        with connection:
            connection.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (key, written, header, offsets, body) "
                "VALUES (?, ?, ?, ?, ?)",
                pending,
            )
            if not self._pruned:
                for table in (TABLE, RUNS_TABLE):
                    connection.execute(
                        f"DELETE FROM {table} WHERE written < ?", (_today() - self.KEEP_DAYS,)
                    )
                connection.execute(
                    f"INSERT OR REPLACE INTO {RUNS_TABLE} (fingerprint, written, warnings) "
                    "VALUES (?, ?, ?)",
                    (self.run_key, _today(), json.dumps([_data(w) for w in self.warnings])),
                )
        self._pruned = True

    def _connect(self) -> sqlite3.Connection | None:
        if self.disabled:
            return None
        if self._connection is not None and self._owner == os.getpid():
            return self._connection
        for attempt in range(2):
            try:
                self._connection = self._open()
                self._owner = os.getpid()
                return self._connection
            except sqlite3.OperationalError:
                break  # locked for too long, unwritable, a full disk
            except sqlite3.DatabaseError:
                if attempt == 0 and self._remove_unreadable():
                    continue  # not a database (or a damaged one): start a new one
                break
            except (sqlite3.Error, OSError):
                break
        self.disabled = True
        return None

    def _open(self) -> sqlite3.Connection:
        # The cache is in the checked tree: a link planted there (the folder, the database,
        # its log, the .gitignore) must not make lintnews write elsewhere.
        real_folder(self.folder.parent, self.folder.name)
        _ensure_gitignore(self.folder)
        for suffix in ("", "-wal", "-shm", "-journal"):
            refuse_link(Path(f"{self.database}{suffix}"))
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, written INTEGER "
                "NOT NULL, header TEXT NOT NULL, offsets TEXT NOT NULL, body TEXT NOT NULL)"
            )
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {RUNS_TABLE} (fingerprint TEXT PRIMARY KEY, "
                "written INTEGER NOT NULL, warnings TEXT NOT NULL)"
            )
            connection.isolation_level = "DEFERRED"  # `with connection` makes transactions
        except BaseException:
            connection.close()
            raise
        return connection

    def _remove_unreadable(self) -> bool:
        removed = False
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.database}{suffix}")
                removed = True
        return removed


def _valid_counts(counts: Any) -> bool:
    return (
        isinstance(counts, list)
        and len(counts) == len(COUNTED)
        and all(type(n) is int and n >= 0 for n in counts)
    )


def _today() -> int:
    """Days since the epoch: when an entry was written, coarse enough to index nothing."""
    return int(time.time() // 86400)


def conditions_hold(conditions: Iterable[Any], memo: dict[Any, Any] | None = None) -> bool:
    """Whether every condition still holds; ``memo`` keeps what the disk said for a run."""
    now = time.time()
    for condition in conditions:
        kind = condition[0]
        if kind == "exists":
            _, path, expected = condition
            if exists_exactly(str(path), memo) != expected:
                return False
        elif kind == "before":
            if now >= float(condition[1]):
                return False
        elif kind == "stamp":
            if file_stamp(str(condition[1])) != tuple(condition[2:]):
                return False
        elif kind == "site-pages":
            if _site_pages_stamp(str(condition[1]), memo) != condition[2]:
                return False
        else:
            return False  # a condition this version does not know: do not trust the entry
    return True


def _site_pages_stamp(root: str, memo: dict[Any, Any] | None) -> str:
    """The digest of a site's content, static and asset files, walked once per run."""
    from lintnews.site.pages import tree_stamp

    key = ("site-pages", root)
    if memo is not None and key in memo:
        return memo[key]
    stamp = tree_stamp(Path(root))
    if memo is not None:
        memo[key] = stamp
    return stamp


def file_stamp(path: str) -> tuple[int, int] | tuple[()]:
    """``(mtime_ns, size)`` of a file, ``()`` when it is gone: a ``("stamp", path, *stamp)``
    condition holds while the file is unchanged."""
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return (status.st_mtime_ns, status.st_size)


def exists_exactly(path: str, memo: dict[Any, Any] | None = None) -> bool:
    """Whether ``path`` is a file whose name matches exactly, even on case-blind disks.

    ``memo`` (one per run) keeps the answers and the folder listings they came from:
    many articles ask about the same folders.
    """
    memo = memo if memo is not None else {}
    if path not in memo:
        folder, name = os.path.split(path)
        listing_key = ("listing", folder)
        if listing_key not in memo:
            try:
                memo[listing_key] = frozenset(os.listdir(folder or "."))
            except OSError:
                memo[listing_key] = None
        names = memo[listing_key]
        memo[path] = names is not None and name in names and os.path.isfile(path)
    return bool(memo[path])


def _ensure_gitignore(folder: Path) -> None:
    marker = folder / ".gitignore"
    refuse_link(marker)
    with contextlib.suppress(FileExistsError):
        create_new(marker, b"# created by lintnews\n*\n")


def _data(warning: str) -> Any:
    """A recorded warning: a message's template and arguments, or plain text."""
    return warning.to_data() if isinstance(warning, Message) else warning
