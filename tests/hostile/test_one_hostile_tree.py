"""Every hostile input of the hardening passes in one tree, checked as CI would check it.

The tree holds what once hung, crashed, read outside the tree or steered the run: a
recursive YAML alias (in an article and in the Hugo config), numbers past Python's digit
limit in YAML, TOML and JSON front matter, malformed and private URLs, slow inputs for the
parsers, symbolic links out of the tree (to a secret file, to a folder, ``..``) and a loop,
a file name that injects a GitHub workflow command, a name that is not UTF-8, links planted
in ``.lintnews_cache/``, a read-only and a hard-linked file to fix, and a config that tries
every setting only the user may make, under a parent folder whose config turns everything
off. It is checked five times, each in a subprocess: ``--online`` as text, JSON and SARIF,
``--fix``, and ``--jobs 2 --online --format github``, against a real server on 127.0.0.1.

Each run must end with findings (exit 1), no traceback, the ordinary articles still
reported, within the time budget; none may print the secret, and an audit hook
(:func:`sys.addaudithook`) in the checked process records every file it opens or lists,
every database it connects to, every file it creates, renames or removes, and every
connection: each must be inside the checked tree (its cache included), the Python
installation and lintnews's own code, the user's key and config folders, or the report
file asked for; connections go only to the test's server, and only when the user allowed
the server's address (``LINTNEWS_ALLOWED_PRIVATE_NETWORKS``), never because the tree's
config asked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import threading
import time
import zoneinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO

pytest.importorskip("httpx")

SECRET = "SENTINEL-3f9a61c2-not-for-any-report"
HEAD = "---\ntitle: a\ndate: 2024-01-01T00:00:00+08:00\n---\n\n"
#: Seconds the whole test may take (the issue's target for the run of every input).
WHOLE_RUN = 120
#: What the checked process records (see the module's docstring); paths are hex-encoded
#: bytes, one event a line, written unbuffered so forked workers log too.
AUDIT = r"""
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
PATHS = {"open": 1, "os.listdir": 1, "os.scandir": 1, "sqlite3.connect": 1, "os.mkdir": 1,
         "os.remove": 1, "os.rmdir": 1, "os.rename": 2, "os.replace": 2, "os.link": 2,
         "os.symlink": 2, "os.truncate": 1, "os.chmod": 1, "os.chown": 1, "os.utime": 1}
def hook(event, args):
    if event == "socket.connect":
        os.write(log, ("connect\t" + repr(args[1]).encode().hex() + "\n").encode())
        return
    for path in args[: PATHS.get(event, 0)]:
        if path is None or isinstance(path, int):
            continue
        path = os.path.join(os.getcwdb(), os.fsencode(path))
        os.write(log, (event + "\t" + path.hex() + "\n").encode())
sys.addaudithook(hook)
sys.argv = ["lintnews", *sys.argv[2:]]
from lintnews.cli import main
sys.exit(main())
"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self.server.requests += 1
        if self.path.startswith("/slow/"):
            time.sleep(1)  # a slow-drip host: the run's online time stays bounded
        if self.path.endswith("missing.png"):
            self.send_response(404)
            self.end_headers()
            return
        body = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _hostile_tree(tmp_path: Path, port: int) -> dict[str, Path]:
    """The tree, the secrets outside it and the files planted links point to."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    secret = outside / "secret.md"
    secret.write_text(f"{HEAD}{SECRET}\n**问题：**{SECRET}\n")
    (outside / "folder" / "more.md").write_text(f"{HEAD}{SECRET}\n")
    other_db = outside / "other.sqlite3"
    other_db.write_bytes(b"")  # an empty file is a valid, empty SQLite database
    (tmp_path / "lintnews.toml").write_text('ignore = ["ALL"]\n')  # a shared parent folder

    tree = tmp_path / "tree"
    content = tree / "content"
    content.mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "hugo.yaml").write_text("title: &a [*a]\ntimeZone: Asia/Shanghai\n")
    (tree / "lintnews.toml").write_text(
        'select = ["ALL"]\njobs = 64\nschema = "this:s"\nfile-time-budget = 3\n'
        f'cache-dir = "{outside / "cache"}"\n'
        "[network]\nenabled = true\nallow-private-hosts = true\n"
        f'allowed-private-networks = ["127.0.0.0/8"]\ncache-dir = "{outside / "urls"}"\n'
        "timeout = 3\nretries = 0\nmax-online-time = 20\n"
    )
    cache = tree / ".lintnews_cache"
    cache.mkdir()
    (cache / ".gitignore").symlink_to(outside / "created-through-a-link")
    (cache / "results.sqlite3").symlink_to(other_db)

    digits = "9" * 5000
    files = {
        "ordinary.md": f"{HEAD}他说”\n\n**问题：**我们\n",
        "ordinary-too.md": f"{HEAD}他又说”\n",
        "alias.md": "---\ntitle: &a [*a]\n---\n\ntext\n",
        "digits-yaml.md": f"---\ntitle: a\nweight: {digits}\n---\n\ntext\n",
        "digits-toml.md": f"+++\ntitle = 'a'\nweight = {digits}\n+++\n\ntext\n",
        "digits-json.md": f'{{"title": "a", "weight": {digits}}}\n\ntext\n',
        "urls.md": HEAD
        + "".join(
            f"![x]({url})\n\n"
            for url in (
                "http://999.1.1.1/a.png",
                "http://0177.0.0.1/a.png",
                "http://xn--/a.png",
                "http://a..b/a.png",
                "http://[2002:7f00:1::]/a.png",
                "http://[fec0::1]/a.png",
                f"http://127.0.0.1:{port}/ok.png",
                f"http://127.0.0.1:{port}/missing.png",
                *(f"http://127.0.0.1:{port}/slow/{n}.png" for n in range(12)),
            )
        ),
        "suppressions.md": HEAD
        + "".join(f"<!-- lintnews-disable-next-line rule-{n} -->\nt {n}\n" for n in range(20_000)),
        "references.md": HEAD
        + "".join(f"[r{n}]: https://example.com/{n}.png\n" for n in range(20_000)),
        "openers.md": HEAD + "![" * 1_000_000 + "\n",
        "oversized.md": HEAD + "x" * (3 << 20) + "\n",
        "a\n::warning file=x::injected.md": f"{HEAD}他说”\n",
        "read-only.md": f"{HEAD}**问题：**我们\n",
        "hard-linked.md": f"{HEAD}**问题：**我们\n",
    }
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    with open(os.path.join(os.fsencode(content), b"\xff\xfe-name.md"), "w") as stream:
        stream.write(f"{HEAD}他说”\n")
    (content / "read-only.md").chmod(0o444)
    os.link(content / "hard-linked.md", tmp_path / "hard-link-outside.md")
    (content / "leak.md").symlink_to(secret)
    (content / "leaked-folder").symlink_to(outside / "folder")
    (content / "up").symlink_to("..")
    (content / "loop.md").symlink_to("loop.md")
    return {"tree": tree, "outside": outside, "other_db": other_db, "secret": secret}


def _allowed_roots(tree: Path, out: Path) -> list[str]:
    roots = [
        tree,
        out,
        Path(os.environ["XDG_CACHE_HOME"]) / "lintnews",  # the user's key
        Path(os.environ["XDG_CONFIG_HOME"]) / "lintnews",  # the user's config
        REPO / "lintnews",  # the engine and its rules, installed in place
        REPO / "rules",
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        *(Path(p) for p in sysconfig.get_paths().values()),
        *(Path(p) for p in zoneinfo.TZPATH),  # the time zone database, as zoneinfo reads it
        Path(os.devnull),
    ]
    found: set[str] = set()
    for root in roots:
        found.update({os.path.abspath(root), os.path.realpath(root)})
    return sorted(found)


def _outside(events: list[tuple[str, bytes]], roots: list[str]) -> list[tuple[str, str]]:
    def inside(path: str) -> bool:
        return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)

    return sorted(
        {
            (event, os.fsdecode(path))
            for event, path in events
            if event != "connect" and not inside(os.path.abspath(os.fsdecode(path)))
        }
    )


def _run(tree: Path, log: Path, args: list[str], env=None, paths: tuple[str, ...] = (".",)):
    """``lintnews check ARGS PATHS`` in the tree, under the audit hook, and its seconds."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", AUDIT, str(log), "check", *args, *paths],
        cwd=tree,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        timeout=WHOLE_RUN,
    )
    return result, time.monotonic() - started


def _events(log: Path) -> list[tuple[str, bytes]]:
    events = []
    for line in log.read_text().splitlines():
        event, _, data = line.partition("\t")
        events.append((event, bytes.fromhex(data)))
    log.unlink()
    return events


@pytest.mark.slow
def test_every_hostile_input_in_one_tree(tmp_path, server):
    port = server.server_address[1]
    made = _hostile_tree(tmp_path, port)
    tree, outside = made["tree"], made["outside"]
    out = tmp_path / "report"
    out.mkdir()
    roots = _allowed_roots(tree, out)
    log = tmp_path / "audit.log"
    other_db = made["other_db"].read_bytes()
    # The audit itself sees a read outside the roots: here the secret, named on purpose.
    _run(tree, log, ["--no-cache"], paths=(str(made["secret"]),))
    assert ("open", str(made["secret"])) in _outside(_events(log), roots)
    allowed = {"LINTNEWS_ALLOWED_PRIVATE_NETWORKS": "127.0.0.1/32"}  # the user's own opt-in
    runs = [
        ("text", ["--online"], None),
        ("json", ["--online", "--format", "json"], allowed),
        ("sarif", ["--online", "--format", "sarif", "--output", str(out / "r.sarif")], allowed),
        ("fix", ["--fix"], None),
        ("github", ["--jobs", "2", "--online", "--format", "github"], allowed),
    ]
    started = time.monotonic()
    seconds: dict[str, float] = {}
    for name, args, env in runs:
        requests_before = server.requests
        result, seconds[name] = _run(tree, log, args, env)
        stdout = result.stdout.decode("utf-8", "replace")
        stderr = result.stderr.decode("utf-8", "replace")
        report = (out / "r.sarif").read_text() if name == "sarif" else stdout
        print(f"{name}: {seconds[name]:.1f} s")
        # --fix exits 2 when a fix could not be written: the read-only file (stderr says so).
        assert result.returncode == (2 if name == "fix" else 1), (name, stderr[-3000:])
        assert "Traceback" not in stderr, (name, stderr[-3000:])
        assert SECRET not in stdout + stderr + report, name
        assert "ordinary-too.md" in report, name  # the other files are still reported
        assert "\n::warning file=x::" not in report, name  # no injected workflow command
        events = _events(log)
        opened = {path for event, path in events if event == "open"}
        assert os.fsencode(tree / "content" / "ordinary-too.md") in opened, name  # recorded
        assert _outside(events, roots) == [], name
        connections = {path for event, path in events if event == "connect"}
        if env is None:  # the tree's allow-private-hosts is ignored: no request is made
            assert connections == set() and server.requests == requests_before, name
        else:
            assert connections == {repr(("127.0.0.1", port)).encode()}, name
            assert server.requests > requests_before, name
        if name == "json":
            assert {d["path"] for d in json.loads(stdout)} >= {"content/ordinary.md"}
        if name == "sarif":
            assert json.loads(report)["runs"][0]["results"]
        # The ignored steering, said each time; the parent folder's config is never read.
        assert "cannot import code" in stderr and "cannot move the cache" in stderr, name
        assert str(tmp_path / "lintnews.toml") not in {os.fsdecode(p) for _, p in events}
    total = time.monotonic() - started
    print(
        f"hostile tree: {total:.1f} s in all; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
    )

    assert not (outside / "created-through-a-link").exists()
    assert made["other_db"].read_bytes() == other_db
    assert not (outside / "cache").exists() and not (outside / "urls").exists()
    assert made["secret"].read_text().count(SECRET) == 2  # never fixed through the link
    content = tree / "content"
    assert (content / "read-only.md").read_text().startswith(HEAD + "**问题：**")
    assert (
        os.stat(content / "hard-linked.md").st_ino
        == os.stat(tmp_path / "hard-link-outside.md").st_ino
    )
    assert total < WHOLE_RUN
