"""The language server's checks in a process of their own, started before anything else.

Most of a cold start of ``lintnews server`` is importing: lsprotocol (attrs compiles the
methods of its 560 classes) and pygls, which the server needs to answer the editor at all,
then, for the first check, lintnews's rules, parser and config, which it does not. So the
server forks first: while it loads its protocol on one core, the child loads what checks
need on the other (:meth:`~lintnews.commands.server.BufferLinter.warm_up`) and then does
every check. Each process keeps to one job: the server speaks LSP, the child runs lintnews.

Calls are pickled over two pipes and answered in order; an exception raised in the child
is raised again in the server. Where ``os.fork`` is missing (Windows), or once the child
has died, the calls run in the server's own process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from typing import IO, Any


class CheckProcess:
    """Runs ``target``'s methods in a forked child, ``warm_up`` first; in this process
    where there is no fork."""

    def __init__(self, target: Any, warm_up: str | None = None) -> None:
        self._target = target
        self._pid: int | None = None
        self._requests: IO[bytes] | None = None
        self._answers: IO[bytes] | None = None
        self._lock = threading.Lock()  # one call at a time, from whichever thread
        if hasattr(os, "fork"):
            self._start(warm_up)

    def call(self, method: str, *args: Any) -> Any:
        """``target.method(*args)``, run in the child when there is one."""
        with self._lock:
            return self._call(method, args)

    def _call(self, method: str, args: tuple[Any, ...]) -> Any:
        if self._requests is not None and self._answers is not None:
            try:
                pickle.dump((method, args), self._requests, protocol=pickle.HIGHEST_PROTOCOL)
                self._requests.flush()
                failed, value = pickle.load(self._answers)
            except (OSError, EOFError, pickle.UnpicklingError):
                self.close()  # the child is gone: check here from now on
            else:
                if failed:
                    raise value
                return value
        return getattr(self._target, method)(*args)

    def close(self) -> None:
        """Stop the child (it ends when its requests end)."""
        for stream in (self._requests, self._answers):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._requests = self._answers = None
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, os.WNOHANG)
            self._pid = None

    def _start(self, warm_up: str | None) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: it must never return into the server's code
            try:
                os.close(request_write)
                os.close(answer_read)
                _serve(self._target, warm_up, request_read, answer_write)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(answer_write)
        self._pid = pid
        self._requests = os.fdopen(request_write, "wb")
        self._answers = os.fdopen(answer_read, "rb")


def _serve(target: Any, warm_up: str | None, request_fd: int, answer_fd: int) -> None:
    # Standard input and output are the server's channel to the editor: not the child's.
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    requests = os.fdopen(request_fd, "rb")
    answers = os.fdopen(answer_fd, "wb")
    if warm_up is not None:
        # What goes wrong here (a broken config) shows again on the first real check.
        with contextlib.suppress(Exception):
            getattr(target, warm_up)()
    while True:
        try:
            method, args = pickle.load(requests)
        except (EOFError, OSError):
            return
        try:
            answer: tuple[bool, Any] = (False, getattr(target, method)(*args))
        except Exception as exc:
            answer = (True, exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot travel is an error that can
            data = pickle.dumps((True, RuntimeError(f"{method}: {exc}")))
        try:
            answers.write(data)
            answers.flush()
        except OSError:
            return
