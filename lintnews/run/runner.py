"""Checking the files a run found (:mod:`lintnews.site.files`), in parallel when there are
enough of them. One bad file never stops the others.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lintnews.common.messages import message as msg
from lintnews.common.notes import shown
from lintnews.plugin.diagnostics import Diagnostic, EncodedDiagnostics
from lintnews.run.budget import FileTookTooLong, time_budget
from lintnews.run.engine import (
    INTERNAL_ERROR,
    FileTooLarge,
    NotARegularFile,
    document_from_bytes,
    file_error,
    lint_document,
    read_bytes,
)
from lintnews.site.files import discover
from lintnews.site.tree_links import LinkLeavesTree

__all__ = ["Run", "RunResult", "discover", "lint_file", "lint_paths", "lint_source", "start_run"]

if TYPE_CHECKING:
    from lintnews.common.messages import Message
    from lintnews.plugin.rule import Rule
    from lintnews.run.cache import ResultCache
    from lintnews.run.fix_result import FixResult
    from lintnews.site.config import Config


@dataclass
class Run:
    """One check run, the one thing every report is made from.

    ``results`` gives each file's findings lazily, in the order of ``paths``, so a report
    can print them as files are checked and hold none of them. Whether the run was checked
    afresh, served from the result cache (:mod:`lintnews.run.warm`), read from standard input
    or fixed, it is told by this one shape.
    """

    #: Display paths of the checked files, in order (reports list passing files too).
    paths: list[str]
    #: Findings file by file (or, once filtered by a baseline, all in one sequence).
    results: Iterable[Sequence[Diagnostic]]
    #: What loading the config warned about.
    warnings: list[str] = field(default_factory=list)
    #: The rules that ran, for reports that describe them; none when served from the cache.
    rules: Sequence[Rule] = ()
    #: Texts that are not on disk (standard input), by display path, for code frames.
    texts: dict[str, str] = field(default_factory=dict)
    #: What fixing did to each file, for ``--fix`` and ``--diff`` runs; else None.
    fixes: list[FixResult] | None = None

    @property
    def files(self) -> int:
        return len(self.paths)

    @property
    def changed_files(self) -> list[FixResult]:
        """Files their fixes changed, written (or, for ``--diff``, that would be)."""
        return [r for r in self.fixes or () if r.changed and r.error is None]

    @property
    def fixed(self) -> int | None:
        """Fixes applied to :attr:`changed_files`; None when the run did not fix."""
        if self.fixes is None:
            return None
        return sum(len(r.applied) for r in self.changed_files)

    @property
    def unwritten(self) -> list[FixResult]:
        """Files whose fixes could not be written: the run failed for them."""
        return [r for r in self.fixes or () if r.error is not None]


@dataclass
class RunResult:
    """A run's findings gathered in one list (the library's :func:`lint_paths`)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    #: Display paths of the checked files, in order (reports list passing files too).
    paths: list[str] = field(default_factory=list)


#: Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 16
#: Files a worker is given at a time: small enough that no worker is left idle for long
#: at the end of a run, large enough that handing them out costs nothing.
MAX_CHUNK = 16


def lint_file(
    path: Path, display: str, config: Config, cache: ResultCache | None = None
) -> Sequence[Diagnostic]:
    """Diagnostics for one file; unreadable files give one ``file-unreadable`` diagnostic.

    With a cache, they come encoded (:class:`~lintnews.plugin.diagnostics.EncodedDiagnostics`),
    ready for the JSON report."""
    data = read_source(path, display, config)
    if isinstance(data, Diagnostic):
        return [data]
    key = cache.key(display, data, config.site_root_for(display)) if cache is not None else ""
    if cache is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    rules = config.rules_for(display)
    try:
        with time_budget(config.file_time_budget):
            doc = document_from_bytes(data, display)
            diagnostics = lint_document(doc, config, rules)
    except FileTookTooLong:
        return [
            file_error(
                display,
                msg(
                    "took more than {file_time_budget:g} s to check, the budget per file "
                    "(file-time-budget): not checked (is it built to be slow, or far larger "
                    "than an article?)",
                    file_time_budget=config.file_time_budget,
                ),
            )
        ]
    if cache is not None and not any(d.rule == INTERNAL_ERROR for d in diagnostics):
        try:
            conditions = [c for rule in rules for c in rule.cache_conditions(doc)]
        except Exception:
            return diagnostics  # the rule's crash shows in its check; just do not cache
        return cache.put(key, diagnostics, conditions)
    return diagnostics


def read_source(path: Path, display: str, config: Config) -> bytes | Diagnostic:
    """The file's bytes, or the ``file-unreadable`` diagnostic saying why it is not checked."""
    try:
        return read_bytes(path, config.max_file_size)
    except OSError as exc:
        return file_error(display, unreadable(exc))


def unreadable(exc: OSError) -> Message:
    """Why a file could not be read (:func:`read_source`), said of the file: what its
    ``file-unreadable`` finding says, and ``lintnews init`` when it skips it."""
    if isinstance(exc, FileTooLarge):
        return msg(
            "is {size:,} bytes, more than max-file-size ({limit:,} bytes): not checked. Raise max-file-size in the config if this really is one article",
            size=exc.size,
            limit=exc.limit,
        )
    if isinstance(exc, LinkLeavesTree):
        return msg(
            "is a symbolic link that leads outside the checked folder (or its repository): not followed, never read or written"
        )
    if isinstance(exc, NotARegularFile):
        return msg("is not a regular file (a FIFO, socket or device): not read")
    if isinstance(exc, IsADirectoryError):
        return msg("is a directory, not a file")
    if isinstance(exc, FileNotFoundError):
        return msg("no such file (it may have been removed during the run)")
    if isinstance(exc, PermissionError):
        return msg("cannot be read: permission denied")
    return msg("cannot be read: {value}", value=exc.strerror or exc)


def effective_jobs(requested: int | None, files: int) -> int:
    """How many processes to use: never more than the work justifies."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    jobs = requested if requested and requested > 0 else (available or 1)
    return max(1, min(jobs, files // MIN_FILES_PER_JOB))


def open_cache(config: Config, enabled: bool = True) -> ResultCache | None:
    """The run's result cache, unless disabled or a rule's findings cannot be cached."""
    if not (enabled and config.cache) or not all(rule.cacheable for rule in config.rules):
        return None
    from lintnews.run.cache import ResultCache, fingerprint
    from lintnews.site.configfile import cache_folder

    folder = cache_folder(config.cache_dir, config.path, config.root)
    if folder is None:
        return None
    return ResultCache(folder, fingerprint(config), config.warnings, config.site_root)


def start_run(
    paths: Iterable[str], config: Config, *, jobs: int | None = None, use_cache: bool = True
) -> Run:
    """Discover the files and start checking them, in parallel when there are enough."""
    files = list(discover(paths, config))
    results = check_files(files, config, jobs=jobs, use_cache=use_cache)
    return Run([display for _, display in files], results, list(config.warnings), config.rules)


def check_files(
    files: list[tuple[Path, str]],
    config: Config,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
) -> Iterator[Sequence[Diagnostic]]:
    """Each file's diagnostics, in order, as they are found (see :func:`start_run`)."""
    prefetch_resources(files, config)
    cache = open_cache(config, use_cache)
    jobs = effective_jobs(jobs or config.jobs, len(files))
    return _lint_all(files, config, cache, jobs)


def lint_paths(
    paths: Iterable[str], config: Config, *, jobs: int | None = None, use_cache: bool = True
) -> RunResult:
    """Check every file under ``paths``; all diagnostics, in discovery order."""
    run = start_run(paths, config, jobs=jobs, use_cache=use_cache)
    result = RunResult(files=len(run.paths), paths=run.paths)
    for diagnostics in run.results:
        result.diagnostics.extend(diagnostics)
    return result


def lint_source(data: bytes, display: str, config: Config) -> Run:
    """Check bytes that are not read from disk (``--stdin-filename``) as the file ``display``.

    Rules see ``display`` as the document's path, so relative image paths resolve from it.
    The run keeps the text, for code frames (empty when the bytes do not decode).
    """
    from lintnews.common.text import DecodeError, decode

    try:
        text = decode(data).text
    except DecodeError:
        text = ""
    run = Run([display], [], list(config.warnings), config.rules, {display: text})
    if config.max_file_size and len(data) > config.max_file_size:
        too_large = file_error(
            display,
            msg(
                "is {size:,} bytes, more than max-file-size ({limit:,} bytes): not checked. "
                "Raise max-file-size in the config if this really is one article",
                size=len(data),
                limit=config.max_file_size,
            ),
        )
        run.results = [[too_large]]
        return run
    doc = document_from_bytes(data, display)
    rules = config.rules_for(display)
    for rule in rules:
        if rule.needs_prefetch():
            try:
                wanted = set(rule.resources(doc))
            except Exception:
                continue  # the check reports the crash as internal-error
            rule.prefetch(wanted)
    run.results = [lint_document(doc, config, rules)]
    return run


def _lint_all(
    files: list[tuple[Path, str]], config: Config, cache: ResultCache | None, jobs: int
) -> Iterator[list[Diagnostic]]:
    # Workers inherit the loaded rules and config through fork; without it, one process.
    # A single job (a pre-commit run on a few files) does not even import multiprocessing.
    parallel = False
    if jobs > 1:
        import multiprocessing

        parallel = "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        try:
            for path, display in files:
                yield lint_file(path, display, config, cache)
        finally:
            if cache is not None:
                cache.flush()
                cache.close()
        return
    # The first file is checked here, before the workers start: the lazy imports, compiled
    # patterns and parser it warms up are then inherited by every worker rather than each
    # making its own (~60 ms each).
    yield lint_file(files[0][0], files[0][1], config, cache)
    files = files[1:]
    if cache is not None:
        cache.flush()
        cache.prepare()
    chunk = max(1, min(MAX_CHUNK, len(files) // (jobs * 4)))
    chunks = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # An executor, not multiprocessing.Pool: when a worker dies (killed, out of memory, a
    # crash in native code) a Pool waits forever for the chunk it had; an executor says so.
    executor = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(config, cache),
    )
    finished = 0
    try:
        for results in executor.map(_lint_chunk, chunks):
            yield from results
            finished += 1
        executor.shutdown()
        if cache is not None:
            # Workers end without closing their connections, which leaves the write-ahead
            # log for the next run to read through (0.26 s instead of 0.22 s for 1,000
            # cached files); the last connection to close folds it into the database.
            cache.close(fold_log=True)
    except BrokenProcessPool as exc:
        # Check what the lost worker had, and everything after it, in this process.
        note = msg(
            "lintnews: warning: a worker process stopped ({reason}); checking the remaining "
            "{count} files in one process",
            reason=str(exc),
            count=sum(len(rest) for rest in chunks[finished:]),
        )
        print(shown(note), file=sys.stderr)
        for path, display in (item for rest in chunks[finished:] for item in rest):
            yield lint_file(path, display, config, cache)
        if cache is not None:
            cache.flush()
    except BaseException:
        # Ctrl-C (workers leave it to this process) or the caller stopped reading.
        for worker in multiprocessing.active_children():
            worker.terminate()
        raise
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


_WORKER_STATE: tuple[Config, ResultCache | None] | None = None


def _init_worker(config: Config, cache: ResultCache | None) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the parent stops the pool, so a worker must
    # not die on it by itself (printing a traceback for every process). The pool stops
    # workers with SIGTERM; exiting through SystemExit lets a cache write under way remove
    # its temporary file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)
    global _WORKER_STATE
    _WORKER_STATE = (config, cache)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _lint_chunk(chunk: list[tuple[Path, str]]) -> list[EncodedDiagnostics]:
    assert _WORKER_STATE is not None
    config, cache = _WORKER_STATE
    results = [lint_file(path, display, config, cache) for path, display in chunk]
    if cache is not None:
        cache.flush()
    return [EncodedDiagnostics.of(diagnostics) for diagnostics in results]


def prefetch_resources(files: list[tuple[Path, str]], config: Config) -> None:
    """Give rules that need resources (e.g. remote images) all of them at once.

    Each rule instance that will check a file (files of different Hugo sites get different
    instances) is asked for its resources and then prefetches once. Reading a file's
    resources keeps to the file's time budget, as checking it does: a file built to be slow
    to parse must not hold up the run here either (the check pass then says it took too
    long).
    """
    if not any(rule.needs_prefetch() for rule in config.rules):
        return
    wanted: dict[int, tuple[Rule, set[str]]] = {}
    for path, display in files:
        try:
            with time_budget(config.file_time_budget):
                _collect_resources(path, display, config, wanted)
        except FileTookTooLong:
            continue
    for rule, resources in wanted.values():
        rule.prefetch(resources)


def _collect_resources(
    path: Path, display: str, config: Config, wanted: dict[int, tuple[Rule, set[str]]]
) -> None:
    data = read_source(path, display, config)
    if isinstance(data, Diagnostic):
        return
    doc = document_from_bytes(data, display)
    for rule in config.rules_for(display):
        if not rule.needs_prefetch():
            continue
        _, resources = wanted.setdefault(id(rule), (rule, set()))
        try:
            resources.update(rule.resources(doc))
        except Exception:
            continue  # the check pass reports the crash as internal-error
