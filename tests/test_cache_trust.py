"""The result cache never serves what a run without it would not print: plugins stamped by
their whole distribution and its dependencies, warnings replayed only while their cause
holds, and the cache folder kept out of content folders."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lintnews.run.cache import CACHE_DIR_NAME, installed_plugins
from tests.conftest import run_cli

ARTICLE = "---\ntitle: 新闻\ndate: 2025-02-01 10:30:49\n---\n\n正文。\n"

PLUGIN = """
from lintnews import Rule
from news_helpers import MESSAGE


class NewsPlugin(Rule):
    \"\"\"Says something about every article.\"\"\"

    name = "news-plugin"
    code = "NP001"

    def check(self, doc):
        yield self.diagnostic(doc, 0, 0, MESSAGE)


RULES = [NewsPlugin]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plugin_distribution(folder: Path, requires: str = "") -> Path:
    """A plugin installed as a distribution on a path entry: two top-level modules, the
    entry point naming one of them."""
    metadata = folder / "news_rules-1.0.dist-info"
    write(metadata / "entry_points.txt", "[lintnews.rules]\nextra = news_rules:RULES\n")
    write(metadata / "top_level.txt", "news_helpers\nnews_rules\n")
    write(
        metadata / "METADATA", f"Metadata-Version: 2.1\nName: news-rules\nVersion: 1.0\n{requires}"
    )
    write(folder / "news_rules.py", PLUGIN)
    write(folder / "news_helpers.py", 'MESSAGE = "first"\n')
    return folder


def check_with(root: Path, plugins: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("check", "-j1", *args, "content", cwd=root, env={"PYTHONPATH": str(plugins)})


def test_a_plugin_module_that_breaks_is_never_served_from_the_cache(tmp_path):
    root = tmp_path / "site"
    write(root / "lintnews.toml", "")
    write(root / "content" / "a.md", ARTICLE)
    plugins = plugin_distribution(tmp_path / "plugins")
    first = check_with(root, plugins, "--format", "json")
    assert "first" in [d["message"] for d in json.loads(first.stdout)], first.stderr
    write(plugins / "news_helpers.py", "MESSAGE = (\n")  # no longer imports
    uncached = check_with(root, plugins, "--no-cache")
    cached = check_with(root, plugins)
    assert uncached.returncode == 2 and "SyntaxError" in uncached.stderr
    assert (cached.returncode, cached.stderr) == (uncached.returncode, uncached.stderr)
    assert "Traceback" not in cached.stderr


def test_a_dependency_removed_from_under_a_plugin_is_never_served_from_the_cache(tmp_path):
    root = tmp_path / "site"
    write(root / "lintnews.toml", "")
    write(root / "content" / "a.md", ARTICLE)
    plugins = plugin_distribution(tmp_path / "plugins", "Requires-Dist: news-words>=1\n")
    write(plugins / "news_helpers.py", "from news_words import MESSAGE\n")
    write(plugins / "news_words.py", 'MESSAGE = "first"\n')
    write(plugins / "news_words-1.0.dist-info" / "METADATA", "Name: news-words\nVersion: 1.0\n")
    assert check_with(root, plugins).returncode == 1
    (plugins / "news_words.py").unlink()
    (plugins / "news_words-1.0.dist-info" / "METADATA").unlink()
    (plugins / "news_words-1.0.dist-info").rmdir()
    cached = check_with(root, plugins)
    assert cached.returncode == 2 and "news_words" in cached.stderr, cached.stdout


def test_dependency_versions_are_part_of_the_stamp(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.path", [str(tmp_path)])
    plugin_distribution(
        tmp_path, "Requires-Dist: news-words>=1\nRequires-Dist: Other_Lib; extra == 'x'\n"
    )
    dependency = tmp_path / "news_words-1.0.dist-info"
    dependency.mkdir()
    [before] = installed_plugins()
    assert before.endswith("requires: news-words==1.0, other-lib==absent\n")
    dependency.rename(tmp_path / "news_words-1.1.dist-info")
    [after] = installed_plugins()
    assert after.endswith("requires: news-words==1.1, other-lib==absent\n")


def test_the_built_in_rules_are_stamped_with_lintnews_dependencies():
    [builtin] = [p for p in installed_plugins() if p.startswith("lintnews==")]
    requires = builtin.rpartition("requires: ")[2]
    for name in ("markdown-it-py", "pydantic", "pyyaml", "python-frontmatter"):
        assert f"{name}==" in requires and f"{name}==absent" not in requires


def test_a_fixed_hugo_time_zone_stops_warning_on_the_next_cached_run(tmp_path):
    write(tmp_path / "lintnews.toml", "")
    hugo = write(tmp_path / "hugo.toml", 'timeZone = "Asia/Shangai"\n')
    write(tmp_path / "content" / "a.md", ARTICLE)
    warned = run_cli("check", "-j1", "content", cwd=tmp_path)
    assert "timeZone" in warned.stderr and "Asia/Shangai" in warned.stderr
    again = run_cli("check", "-j1", "content", cwd=tmp_path)
    assert again.stderr == warned.stderr  # the cause holds: still told, from the cache
    hugo.write_text('timeZone = "Asia/Shanghai"\n', encoding="utf-8")
    fixed = run_cli("check", "-j1", "content", cwd=tmp_path)
    assert "timeZone" not in fixed.stderr, fixed.stderr
    fixed_again = run_cli("check", "-j1", "content", cwd=tmp_path)
    assert "timeZone" not in fixed_again.stderr


def test_without_a_config_the_cache_goes_to_the_repository_root(tmp_path):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    write(repository / "site" / "content" / "post" / "a.md", ARTICLE)
    run_cli("check", "-j1", "repo/site/content/post", cwd=tmp_path)
    assert (repository / CACHE_DIR_NAME).is_dir()
    assert not (repository / "site" / "content" / "post" / CACHE_DIR_NAME).exists()
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_without_a_config_or_repository_the_cache_goes_to_the_current_folder(tmp_path):
    write(tmp_path / "site" / "content" / "a.md", ARTICLE)
    run_cli("check", "-j1", "site/content", cwd=tmp_path)
    assert (tmp_path / CACHE_DIR_NAME).is_dir()
    assert not (tmp_path / "site" / "content" / CACHE_DIR_NAME).exists()
    served = run_cli("check", "-j1", "--format", "json", "site/content", cwd=tmp_path)
    assert served.returncode == 1 and json.loads(served.stdout)


EDITABLE_BACKEND = '''
"""A build backend that makes the editable wheel of this folder's plugin (PEP 660)."""
import base64, hashlib, os, zipfile

DIST = "news_rules-1.0.dist-info"
FILES = {
    f"{DIST}/METADATA": "Metadata-Version: 2.1\\nName: news-rules\\nVersion: 1.0\\n",
    f"{DIST}/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    f"{DIST}/entry_points.txt": "[lintnews.rules]\\nextra = news_rules:RULES\\n",
    f"{DIST}/top_level.txt": "news_helpers\\nnews_rules\\n",
    "__editable__.news_rules-1.0.pth": os.path.dirname(os.path.abspath(__file__)) + "\\n",
}


def get_requires_for_build_editable(config_settings=None):
    return []


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    name = "news_rules-1.0-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        for path, text in FILES.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
            wheel.writestr(path, data)
        wheel.writestr(f"{DIST}/RECORD", "\\n".join([*record, f"{DIST}/RECORD,,"]) + "\\n")
    return name
'''


@pytest.mark.slow
def test_an_edited_editable_install_of_a_plugin_is_not_served_stale(tmp_path):
    """A real ``pip install -e`` of a plugin project; its helper module edited in place."""
    project = tmp_path / "news-rules"
    write(
        project / "pyproject.toml",
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
    )
    write(project / "backend.py", EDITABLE_BACKEND)
    write(project / "news_rules.py", PLUGIN)
    helpers = write(project / "news_helpers.py", 'MESSAGE = "first"\n')
    prefix = tmp_path / "prefix"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    installed = subprocess.run(
        [*pip, "--no-index", "--prefix", str(prefix), "-e", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    [site_packages] = prefix.glob("lib/python*/site-packages")
    root = tmp_path / "site"
    write(root / "lintnews.toml", "")
    write(root / "content" / "a.md", ARTICLE)
    # The prefix as a site folder: its .pth file puts the project on the path, as in a venv.
    launcher = (
        f"import site, sys; site.addsitedir({str(site_packages)!r}); "
        "from lintnews.cli import main; sys.exit(main(sys.argv[1:]))"
    )

    def messages() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", launcher, "check", "-j1", "--format", "json", "content"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return [d["message"] for d in json.loads(result.stdout) if d["rule"] == "news-plugin"]

    assert messages() == ["first"]
    helpers.write_text('MESSAGE = "second, edited in place"\n', encoding="utf-8")
    assert messages() == ["second, edited in place"]
