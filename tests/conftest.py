import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples, so that a red build always means a
# change broke something; local runs explore new examples each time (a falsifying one is
# then printed and kept in .hypothesis/ to replay).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "altman-deepseek-o3-mini.md"
REAL = SHARED / "corpus" / "real"


def require_shared(path: Path = SHARED) -> Path:
    """Skip (with the reason) when the read-only ../shared material is not beside the clone."""
    if not path.exists():
        pytest.skip(f"{path} is absent (it sits beside the repository only on team machines)")
    return path


@pytest.fixture
def seed_path() -> Path:
    return require_shared(SEED)


@pytest.fixture
def real_corpus() -> Path:
    return require_shared(REAL)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None):
    """Run the real `lintnews` command in a subprocess."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def _own_user_folders(tmp_path_factory, monkeypatch):
    """Each test's own user cache folder (where the URL cache key lives) and user config
    folder, never the real ones, and no ``LINTNEWS_*`` setting from the shell that runs
    the tests."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("user-config")))
    for name in [name for name in os.environ if name.startswith("LINTNEWS_")]:
        monkeypatch.delenv(name)


#: The locale variables gettext (and lintnews's default language) read, strongest first.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """Tests compare English messages: run them in an English locale whatever the shell's is
    (``LANG=zh_CN.UTF-8`` would otherwise pick Chinese). A test that wants another language
    says so with ``--lang`` or its own environment."""
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
