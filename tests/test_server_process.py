"""The language server's checks run in a forked child, and in the server itself where
there is no fork or the child is gone."""

from __future__ import annotations

import os
import signal

import pytest

from lintnews.commands.server_process import CheckProcess
from lintnews.site.configfile import ConfigError


class Target:
    def __init__(self) -> None:
        self.warmed_in: int | None = None

    def warm_up(self) -> None:
        self.warmed_in = os.getpid()

    def where(self) -> tuple[int, int | None]:
        return os.getpid(), self.warmed_in

    def echo(self, *args: object) -> tuple[object, ...]:
        return args

    def fail(self, message: str) -> None:
        raise ConfigError(message)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_calls_run_in_a_child_warmed_up_first():
    process = CheckProcess(Target(), warm_up="warm_up")
    try:
        child, warmed_in = process.call("where")
        assert child != os.getpid() and warmed_in == child
        assert process.call("echo", "文字\ufeff", 3) == ("文字\ufeff", 3)
        with pytest.raises(ConfigError, match="bad config"):
            process.call("fail", "bad config")
        assert process.call("where")[0] == child  # an error does not stop the child
    finally:
        process.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_dead_child_leaves_the_calls_to_the_server():
    process = CheckProcess(Target())
    child, _warmed_in = process.call("where")
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    assert process.call("where") == (os.getpid(), None)
    assert process.call("echo", 1) == (1,)


def test_without_fork_the_calls_run_here(monkeypatch):
    monkeypatch.delattr(os, "fork", raising=False)
    process = CheckProcess(Target(), warm_up="warm_up")
    assert process.call("where") == (os.getpid(), None)
    with pytest.raises(ConfigError):
        process.call("fail", "bad config")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_calls_from_several_threads_get_their_own_answers():
    from concurrent.futures import ThreadPoolExecutor

    process = CheckProcess(Target())
    try:
        # Large enough that unguarded requests and answers would interleave in the pipes.
        texts = [str(n) * 200_000 for n in range(8)]
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda text: process.call("echo", text), texts))
        assert answers == [(text,) for text in texts]
    finally:
        process.close()
