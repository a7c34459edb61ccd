"""No English left under ``zh-CN``: the whole output of the real command, over hard cases.

Each test runs ``lintnews`` in a Chinese locale (``LANG=zh_CN.UTF-8``, so the locale's
default is tested too) on real files in tmp_path: a site whose Hugo config and tree config
are wrong in every way a warning names, broken ``lintnews.toml`` files, baselines,
``--fix`` and ``--diff``, ``init``, ``rules``, and ``--online`` against an HTTP server on
127.0.0.1 started here. Standard output and standard error must hold no run of three
English words once quoted text, paths, URLs, options, codes and rule names are taken out.

Text lintnews quotes from elsewhere (a TOML parser's error, Python's regular-expression
error, httpx's connection error, an HTTP reason phrase) stays as it was written: a test
names each such text, and only exactly that text is taken out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ARTICLE = (
    '---\ntitle: "标题"\ndate: 2025-02-01 10:30:49\ntags: 芯片\n---\n\n'
    "说明：**重要：**内容。\n\n![](cover.png)\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)

_NOT_WORDS = re.compile(
    r'"[^"\n]*"|`[^`\n]*`|“[^”\n]*”|\'[^\'\n]*\'|<[^>\n]*>|\[[^\]\n]*\]'  # quoted
    r"|\b[a-z][a-z0-9+.-]*://\S+"  # URLs
    r"|\S*/\S*"  # paths
    r"|\S+\.(?:md|toml|json|yaml|png)\b"  # file names
    r"|(?<![\w-])--?[a-z][\w-]*"  # options
    r"|\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b"  # rule names and settings (kebab-case)
    r"|\bLN\d{3}\b"
)
#: Words and numbers in a row: a sentence left in English when three of them are words (a
#: key, a name or a list is not).
_RUN = re.compile(r"\b(?:[A-Za-z]{2,}|\d+)(?: (?:[A-Za-z]{2,}|\d+))+\b")
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_in(text: str, foreign: Iterable[str] = ()) -> list[str]:
    """The runs of English words in ``text`` outside what is not ours to translate."""
    for quoted in foreign:
        text = text.replace(quoted, "")
    runs = _RUN.findall(_NOT_WORDS.sub(" ", text))
    return [run for run in runs if len(_WORD.findall(run)) >= 3]


def test_the_scan_finds_english_and_passes_what_is_not_ours() -> None:
    assert english_in("lintnews：警告：fixes did not settle") == ["fixes did not settle"]
    assert english_in("No fixes to apply.") == ["No fixes to apply"]
    assert english_in("Read 2 articles under 路径。") == ["Read 2 articles under"]
    assert not english_in(
        'a.md:3:8: LN102 读者可能看到错误的时间：date "2025-02-01 10 30" 没有写 UTC 偏移 '
        "[date-timezone] 见 https://example.org/a b c --update-baseline FILE"
    )
    assert not english_in("无法连接：All connection attempts failed", ["All connection attempts"])


def lintnews(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The real command in a Chinese locale (no --lang: the locale must pick Chinese), with
    ``env`` on top of this process's environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")
    }
    environment.update(LANG="zh_CN.UTF-8", NO_COLOR="1", COLUMNS="200", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_chinese(result: subprocess.CompletedProcess, foreign: Iterable[str] = ()) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    left = english_in(output, foreign)
    assert not left, f"English left under zh-CN: {left}\n{output}"


def _article_site(root: Path) -> Path:
    (root / ".git").mkdir()
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text(ARTICLE, encoding="utf-8")
    (posts / "b.md").write_text(ARTICLE.replace("标题", "另一篇"), encoding="utf-8")
    return root


@pytest.mark.slow
def test_config_warnings_notes_and_the_warm_run_are_chinese(tmp_path: Path) -> None:
    site = _article_site(tmp_path)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntimeZone = "Asia/Shangai"\nbuildFuture = "yes"\n'
        'staticDir = 5\ncontentDir = 3\nignoreFiles = ["(a+)+", "[unclosed", 7]\n'
        'frontmatter = "date"\n',
        encoding="utf-8",
    )
    (site / "lintnews.toml").write_text(
        "jobs = 999\nfile-time-budget = 999\n[network]\nenabled = true\n"
        "allow-private-hosts = true\n",
        encoding="utf-8",
    )
    regex_error = str(_regex_error("[unclosed"))
    cold = lintnews("check", ".", cwd=site)
    assert "lintnews：警告：" in cold.stderr and "ignoreFiles" in cold.stderr
    assert_chinese(cold, [regex_error])
    warm = lintnews("check", ".", cwd=site)
    assert warm.stderr == cold.stderr  # the warnings the cache recorded, still translated
    assert_chinese(warm, [regex_error])


def _regex_error(pattern: str) -> re.error:
    try:
        re.compile(pattern)
    except re.error as exc:
        return exc
    raise AssertionError(f"{pattern!r} compiles")


@pytest.mark.slow
def test_baselines_fixes_and_diffs_are_chinese(tmp_path: Path) -> None:
    site = _article_site(tmp_path)
    (site / "lintnews.toml").write_text("", encoding="utf-8")
    (site / "b.json").write_text("not json", encoding="utf-8")
    runs = [
        lintnews("check", "--baseline", "b.json", "--update-baseline", ".", cwd=site),
        lintnews(
            "check", "--baseline", "b.json", "--update-baseline", "content/posts/a.md", cwd=site
        ),
    ]
    (site / "content" / "posts" / "b.md").write_text(
        "---\ntitle: 好\n---\n\n正文。\n", encoding="utf-8"
    )
    runs += [
        lintnews("check", "--baseline", "b.json", ".", cwd=site),
        lintnews("check", "--baseline", "absent.json", ".", cwd=site),
        lintnews("check", "--diff", ".", cwd=site),
        lintnews("check", "--fix", "--unsafe-fixes", ".", cwd=site),
        lintnews("check", "--diff", ".", cwd=site),
        lintnews("check", "--statistics", ".", cwd=site),
        lintnews("check", "--output", "no/such/folder/report.txt", ".", cwd=site),
        lintnews("check", "--since", "HEAD", ".", cwd=site),
        lintnews("check", "--shard", "5/2", ".", cwd=site),
    ]
    said = "".join(run.stderr for run in runs)
    for note in (
        "已把",
        "不是可读的基线文件",
        "已不再出现",
        "将对",
        "没有可以应用的修复",
        "无法写入",
    ):
        assert note in said, said
    for run in runs:
        assert_chinese(run, ["No such file or directory"])


BROKEN_CONFIGS = {
    "unknown key": "bogus = 1\n",
    "unknown rule": 'select = ["nope"]\n',
    "severity": '[rules.date-format]\nseverity = "loud"\n',
    "rule option": '[rules.date-format]\nstyle = "weird"\n',
    "time zone": '[site]\ntime-zone = "Asia/Shangai"\n',
    "header": '[network]\nuser-agent = "é"\n',
    "duration": '[network]\ncache-max-age = "forever"\n',
    "language": 'lang = "klingon"\n',
    "schema type": '[schema.keys.title]\ntype = "strang"\n',
    "schema table": "[schema]\nkeys = 3\n",
    "schema model": 'schema = "nothing here"\n',
    "per-path": '[per-path-ignores]\n"*.md" = ["nope"]\n',
    "empty pattern": 'include = ["*.md", " "]\n',
    "relative cache": 'cache-dir = "cache"\n',
    "TOML": "x = [\n",
    "not a number": 'jobs = "x"\n',
    "below a bound": "[network]\ntimeout = 0\n",
    "a fraction": "[network]\nconcurrency = 1.5\n",
    "not a list": "select = 3\n",
    "not a string": "lang = 3\n",
    "a choice": '[site]\nheading-ids = "nope"\n',
    "an option's item": '[rules.link-broken]\naccept = ["x"]\n',
}


@pytest.mark.slow
@pytest.mark.parametrize("config", BROKEN_CONFIGS.values(), ids=BROKEN_CONFIGS.keys())
def test_config_errors_are_chinese(tmp_path: Path, config: str) -> None:
    site = _article_site(tmp_path)
    (site / "lintnews.toml").write_text(config, encoding="utf-8")
    result = lintnews("check", "--config", "lintnews.toml", ".", cwd=site)
    assert result.returncode == 2 and "lintnews：配置错误：" in result.stderr, result.stderr
    foreign = []
    try:
        tomllib.loads(config)
    except tomllib.TOMLDecodeError as exc:
        foreign.append(str(exc))  # the TOML parser's own words
    assert_chinese(result, foreign)


@pytest.mark.slow
def test_init_and_rules_are_chinese(tmp_path: Path) -> None:
    site = _article_site(tmp_path)
    written = lintnews("init", ".", cwd=site)
    assert written.returncode == 0, written.stderr
    assert_chinese(written)
    assert_chinese(lintnews("init", ".", cwd=site))  # the config exists: refused
    printed = lintnews("init", "--print", "--required-share", "0.5", str(site), cwd=site.parent)
    assert "[schema]" in printed.stdout  # the config itself, whose comments stay English
    assert "schema" in printed.stderr and not english_in(printed.stderr), printed.stderr
    assert_chinese(lintnews("init", str(site / "absent"), cwd=site))
    listed = lintnews("rules", cwd=site)
    assert "LN201" in listed.stdout
    assert_chinese(listed)


class _Images(BaseHTTPRequestHandler):
    """The answers of image hosts that lintnews explains in its own words."""

    protocol_version = "HTTP/1.1"
    ROUTES = {
        "/missing.png": (404, {"Content-Type": "text/plain"}, b"gone"),
        "/page.png": (200, {"Content-Type": "image/png"}, b"<!doctype html><html></html>"),
        "/empty.png": (200, {"Content-Type": "image/png"}, b""),
        "/html": (200, {"Content-Type": "text/html"}, b"<html></html>"),
        "/clip": (200, {"Content-Type": "video/mp4"}, bytes(64)),
        "/octet": (200, {"Content-Type": "application/octet-stream"}, PNG),
        "/untyped": (200, {}, PNG),
        "/no-location": (302, {}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/mail": (302, {"Location": "mailto:a@example.org"}, b""),
        "/challenge": (403, {"cf-mitigated": "challenge"}, b""),
        "/forbidden": (403, {"Content-Type": "text/html"}, b"<html></html>"),
        "/busy": (503, {"Retry-After": "86400"}, b""),
    }

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, headers, body = self.ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET


@pytest.fixture
def image_host() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
def test_online_findings_and_their_details_are_chinese(tmp_path: Path, image_host: str) -> None:
    site = _article_site(tmp_path)
    images = "\n\n".join(f"![图]({image_host}{path})" for path in _Images.ROUTES)
    (site / "content" / "posts" / "a.md").write_text(
        f'---\ntitle: "图"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n{images}\n'
        "\n![图](http://nonexistent.invalid/a.png)\n",
        encoding="utf-8",
    )
    user = tmp_path.parent / f"{tmp_path.name}-user.toml"
    user.write_text(
        "[network]\nenabled = true\nallow-private-hosts = true\nretries = 0\ntimeout = 5\n"
        "cache-max-age = 0\n",
        encoding="utf-8",
    )
    allowed = lintnews("check", "--config", str(user), "content", cwd=site)
    broken = re.findall(r"LN40[56] ", allowed.stdout)  # image-url-broken, image-not-image
    assert len(broken) >= len(_Images.ROUTES), allowed.stdout
    phrases = ["404 Not Found", "302 Found", "403 Forbidden", "503 Service Unavailable"]
    phrases.append("For absolute URLs, path must be empty or begin with")  # httpx's words
    assert_chinese(allowed, phrases)
    refused = lintnews("check", "--online", "content", cwd=site)
    assert "已拒绝：127.0.0.1 是本机回环地址" in refused.stdout, refused.stdout
    assert_chinese(refused, phrases)


def test_notes_written_during_the_run_follow_the_command(monkeypatch) -> None:
    from io import StringIO

    from lintnews.common import notes
    from lintnews.network.progress import ProgressBar
    from lintnews.output.translation import Translator

    monkeypatch.setattr(notes, "_show", notes._show)  # put back after the test
    stream = StringIO()
    notes.show_notes_with(Translator("zh-CN").text)
    bar = ProgressBar(2, True, stream)
    bar.advance()
    bar.advance()
    assert "正在检查图片 URL" in stream.getvalue() and "2/2" in stream.getvalue()
    assert not english_in(stream.getvalue())


# -- `lintnews rule`, rules that cannot be loaded, the server's extra, the fix label ------


def _chinese_locale(monkeypatch, folder: Path) -> None:
    """An in-process run in a Chinese locale, in ``folder`` (no config: the locale decides)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.chdir(folder)


def test_rule_errors_and_the_lines_above_its_documentation_are_chinese(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from lintnews.cli import main
    from lintnews.plugin.rule import load_rules

    _chinese_locale(monkeypatch, tmp_path)
    assert main(["rule", "nope"]) == 2
    missing = capsys.readouterr()
    assert "lintnews：错误：" in missing.err and "'nope'" in missing.err, missing.err
    assert not english_in(missing.err), missing.err
    assert main(["rule", "--lang", "zh-CN", "LN102"]) == 0
    shown = capsys.readouterr().out
    documentation = load_rules().resolve("LN102").documentation()  # docs: English
    head, _, rest = shown.partition(documentation)
    assert rest == "\n" and "## What it does" in documentation, shown
    assert "# date-timezone (LN102)" in head and "默认严重级别：warning；默认启用。" in head
    assert not english_in(head), head
    assert main(["rule", "--lang", "en", "LN102"]) == 0
    assert "Default severity: warning; enabled by default: on." in capsys.readouterr().out


#: Plugins whose rules cannot be used, each with the error lintnews explains it with.
BROKEN_PLUGINS = {
    "import fails": "import lintnews_no_such_module\nRULES = []\n",
    "not a rule": "RULES = [object]\n",
    "no name": "class Nameless(Rule):\n    code = 'XX001'\n",
    "name case": "class Bad(Rule):\n    name = 'Bad_Name'\n    code = 'XX001'\n",
    "code shape": "class Bad(Rule):\n    name = 'bad-code'\n    code = 'X1'\n",
    "name taken": "class Twin(Rule):\n    name = 'date-timezone'\n    code = 'XX001'\n",
    "code taken": "class Twin(Rule):\n    name = 'twin'\n    code = 'LN102'\n",
    "table name": (
        "class Bad(Rule):\n    name = 'bad-table'\n    code = 'XX001'\n"
        "    config_table = 'Bad Table'\n"
    ),
    "table taken": (
        "class One(Rule):\n    name = 'one'\n    code = 'XX001'\n    config_table = 'same'\n"
        "class Two(Rule):\n    name = 'two'\n    code = 'XX002'\n    config_table = 'same'\n"
    ),
    "engine's table": (
        "class Bad(Rule):\n    name = 'bad-table'\n    code = 'XX001'\n"
        "    config_table = 'network'\n"
    ),
}


def _plugin(root: Path, body: str) -> dict[str, str]:
    """A distribution installed the way plugins are (a dist-info with an entry point) whose
    module is ``body``; the environment that puts it on the path."""
    source = "from lintnews import Rule\n" + body
    if "RULES" not in body:
        names = [
            line.split()[1].split("(")[0] for line in body.splitlines() if line[:6] == "class "
        ]
        source += f"RULES = [{', '.join(names)}]\n"
    (root / "broken_plugin.py").write_text(source, encoding="utf-8")
    dist = root / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[lintnews.rules]\nbroken = broken_plugin:RULES\n", encoding="utf-8"
    )
    return {"PYTHONPATH": str(root)}


@pytest.mark.slow
@pytest.mark.parametrize("body", BROKEN_PLUGINS.values(), ids=BROKEN_PLUGINS.keys())
def test_rules_that_cannot_be_loaded_are_explained_in_chinese(tmp_path: Path, body: str) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    env = _plugin(plugins, body)
    (tmp_path / "site").mkdir()
    site = _article_site(tmp_path / "site")
    foreign = ["No module named"]  # Python's own words for the failed import
    runs = [
        lintnews("check", "--no-cache", ".", cwd=site, env=env),
        lintnews("rules", cwd=site, env=env),
        lintnews("rule", "LN102", cwd=site, env=env),
    ]
    loaded = "config_table = 'network'" in body  # loads; only a run's config refuses it
    for index, run in enumerate(runs):
        if loaded and index:
            assert run.returncode == 0, run.stderr
            continue
        assert run.returncode == 2, run.stdout + run.stderr
        assert ("lintnews：配置错误：" if index == 0 else "lintnews：错误：") in run.stderr
        assert_chinese(run, foreign)


def test_a_rule_load_error_keeps_its_english_text_and_its_template() -> None:
    from lintnews.output.translation import Translator
    from lintnews.plugin.rule import RuleLoadError, register

    class Twin:
        name, code, config_table = "twin", "LN102", None

    class Taken:
        name, code, config_table = "taken", "LN102", None

    rules: dict = {"taken": Taken}
    with pytest.raises(RuleLoadError) as raised:
        register(Twin, rules, {"taken": "its plugin"}, "a test plugin")  # type: ignore[arg-type]
    assert str(raised.value) == "code LN102 of twin is already used by taken"
    shown = Translator("zh-CN").text(raised.value.message)
    assert shown == "规则 twin 的代码 LN102 已被 taken 使用"


def test_the_server_without_its_extra_says_so_in_chinese(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    import sys

    from lintnews.cli import main

    _chinese_locale(monkeypatch, tmp_path)
    monkeypatch.setitem(sys.modules, "pygls", None)  # what an install without the extra has
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    assert main(["server"]) == 2
    said = capsys.readouterr().err
    assert "lintnews：错误：" in said and "pip install 'lintnews[server]'" in said, said
    assert not english_in(said), said


def test_the_fix_label_of_a_code_frame_is_chinese() -> None:
    from lintnews.common.messages import message
    from lintnews.output.text_format import code_frame
    from lintnews.output.translation import Translator
    from lintnews.plugin.diagnostics import Diagnostic, Edit, Fix, Severity

    safe = Fix(message=message("bold"), edits=(Edit(0, 1, "x"),), safe=True)
    finding = Diagnostic("a.md", 1, 1, 1, 2, "r", "LN1", Severity.ERROR, "m", fix=safe)
    unsafe = Diagnostic(
        "a.md",
        1,
        1,
        1,
        2,
        "r",
        "LN1",
        Severity.ERROR,
        "m",
        fix=Fix(message=message("bold"), edits=safe.edits, safe=False),
    )
    say = Translator("zh-CN")
    chinese = [code_frame(say.diagnostic(d), ["ab"], False, say)[-1] for d in (finding, unsafe)]
    assert chinese == ["      = 修复：加粗", "      = 修复：加粗（不安全：可能改变原意）"]
    english = [code_frame(d, ["ab"], False)[-1] for d in (finding, unsafe)]
    assert english == ["      = fix: bold", "      = fix: bold (unsafe)"]


def test_init_says_why_it_skipped_a_file_it_cannot_read_in_chinese(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from lintnews.cli import main

    site = _article_site(tmp_path)
    posts = site / "content" / "posts"
    (posts / "away.md").symlink_to(tmp_path.parent / "elsewhere.md")
    os.mkfifo(posts / "pipe.md")
    _chinese_locale(monkeypatch, site)
    assert main(["init", "--print", "."]) == 0
    said = capsys.readouterr().err
    assert "已跳过 content/posts/away.md：是指向被检查文件夹" in said, said
    assert "已跳过 content/posts/pipe.md：不是普通文件" in said, said
    assert not english_in(said), said


def test_a_hugo_config_that_is_no_yaml_is_explained_in_chinese(tmp_path: Path) -> None:
    from lintnews.output.translation import Translator
    from lintnews.site.hugo import read_hugo_config

    (tmp_path / "hugo.yaml").write_text("baseURL: [\n", encoding="utf-8")
    say = Translator("zh-CN")
    warnings = [say.text(warning) for warning in read_hugo_config(tmp_path).warnings]
    assert any(warning.endswith("Hugo 配置无效：YAML 读不了") for warning in warnings), warnings
    parser = "while parsing a flow node: did not find expected node content"  # its own words
    for warning in warnings:
        assert not english_in(warning, [parser]), warning


USAGE_ERRORS = {
    "missing argument": ["rule"],
    "unknown command": ["publish"],
    "unknown option": ["check", "--colour", "never"],
    "no value": ["init", "--required-share"],
    "not a number": ["check", "--jobs", "many"],
    "not a choice": ["check", "--format", "xml"],
    "value for a flag": ["check", "--fix=yes"],
    "unknown language": ["rules", "--lang", "fr"],
}


@pytest.mark.parametrize("argv", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_are_chinese(tmp_path: Path, monkeypatch, capsys, argv: list[str]) -> None:
    from lintnews.cli import main

    _chinese_locale(monkeypatch, tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    said = capsys.readouterr().err
    usage, _, error = said.partition("lintnews：错误：")
    assert usage.startswith("usage: lintnews") and error, said  # the synopsis is syntax
    assert not english_in(error), said


def test_a_usage_error_follows_lang_on_the_command_line(monkeypatch, capsys) -> None:
    from lintnews.cli import main

    with pytest.raises(SystemExit):
        main(["check", "--lang", "zh-CN", "--jobs", "many"])
    assert "lintnews：错误：参数 --jobs/-j：'many' 不是有效的 int 值" in capsys.readouterr().err
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.raises(SystemExit):
        main(["check", "--lang=en", "--jobs", "many"])
    assert "lintnews: error: argument --jobs/-j: invalid int value: 'many'" in (
        capsys.readouterr().err
    )


def test_a_config_a_baseline_or_a_hugo_config_that_is_not_utf8_is_explained_in_chinese(
    tmp_path: Path,
) -> None:
    from lintnews.output.translation import Translator
    from lintnews.run.baseline import Baseline, BaselineError
    from lintnews.site.configfile import ConfigError, read_config_file
    from lintnews.site.hugo import read_hugo_config

    say = Translator("zh-CN")
    gbk = "标题 = 1\n".encode("gbk")  # what an editor set to GBK writes
    for name in ("lintnews.toml", "b.json", "hugo.toml"):
        (tmp_path / name).write_bytes(gbk)
    with pytest.raises(ConfigError) as config:
        read_config_file(tmp_path / "lintnews.toml")
    with pytest.raises(BaselineError) as baseline:
        Baseline.read(tmp_path / "b.json")
    [hugo] = read_hugo_config(tmp_path).warnings
    for shown in (say.text(config.value.message), say.text(baseline.value.args[0]), say.text(hugo)):
        assert "不是 UTF-8 文本（第 1 字节无法读取）" in shown, shown
        assert not english_in(shown), shown


def test_sarif_rule_summaries_are_chinese_and_their_documentation_english(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    import json

    from lintnews.cli import main

    site = _article_site(tmp_path)
    (site / "content" / "posts" / "c.md").symlink_to(tmp_path.parent / "elsewhere.md")
    _chinese_locale(monkeypatch, site)
    assert main(["check", "--no-cache", "--format", "sarif", "."]) == 1
    [run] = json.loads(capsys.readouterr().out)["runs"]
    rules = {rule["name"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["file-unreadable"]["shortDescription"]["text"] == "无法读取这个文件。"
    for rule in rules.values():
        assert not english_in(rule["shortDescription"]["text"]), rule["shortDescription"]
    assert "What it does" in rules["date-timezone"]["help"]["text"]  # docs stay English


def test_a_fix_that_cannot_be_written_as_utf8_is_refused_in_chinese(
    tmp_path: Path, monkeypatch
) -> None:
    from lintnews.output.translation import Translator
    from lintnews.run import fixes
    from lintnews.site.config import Config

    article = tmp_path / "a.md"
    article.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(fixes, "_fix_until_stable", lambda *args: "\udcff")  # a lone surrogate
    result = fixes.fix_file(article, Config(root=tmp_path))
    assert not result.written and article.read_text(encoding="utf-8") == ARTICLE
    shown = Translator("zh-CN").text(result.error)
    assert shown == "未修复：修复生成的文本无法写成 UTF-8", shown


def test_a_config_broken_during_a_warm_run_is_explained_in_chinese(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from lintnews.cli import main
    from lintnews.common.messages import message
    from lintnews.site import config
    from lintnews.site.configfile import ConfigError

    site = _article_site(tmp_path)
    (site / "lintnews.toml").write_text("", encoding="utf-8")
    _chinese_locale(monkeypatch, site)
    main(["check", "."])  # fills the result cache
    capsys.readouterr()
    (site / "content" / "posts" / "a.md").write_text(ARTICLE + "\n改了。\n", encoding="utf-8")

    def broken(*args, **kwargs):  # the config as it reads once the run has begun
        raise ConfigError(message("{label}: unknown key {key!r}", label="lintnews.toml", key="x"))

    monkeypatch.setattr(config, "load_config", broken)
    assert main(["check", "."]) == 1
    said = capsys.readouterr().out
    assert "lintnews.toml：未知的键 'x'" in said, said
    assert not english_in(said), said


def test_pydantic_words_for_a_setting_are_chinese_and_their_english_unchanged(
    tmp_path: Path,
) -> None:
    from lintnews.output.translation import Translator
    from lintnews.site.config import load_config
    from lintnews.site.configfile import ConfigError

    expected = {
        'jobs = "x"\n': (
            "jobs: Input should be a valid integer, unable to parse string as an integer",
            "jobs：应为整数，这个字符串不是整数",
        ),
        "[network]\ntimeout = 0\n": (
            "[network]: timeout: Input should be greater than 0 (got 0)",
            "[network]：timeout：应大于 0（实际是 0）",
        ),
        '[site]\nheading-ids = "nope"\n': (
            "'github', 'github-ascii', 'blackfriday', 'none' or 'zola'",
            "'github', 'github-ascii', 'blackfriday', 'none' 或 'zola'",
        ),
    }
    for text, (english, chinese) in expected.items():
        (tmp_path / "lintnews.toml").write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            load_config(tmp_path / "lintnews.toml")
        message = raised.value.message
        assert english in message, message
        shown = Translator("zh-CN").text(message)
        assert chinese in shown and not english_in(shown), shown
