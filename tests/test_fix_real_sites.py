"""``--fix --unsafe-fixes`` on copies of the four shared real sites breaks nothing.

On each copy: no shortcode or template byte changes, a second run finds nothing more to
fix, and every finding that remains has no fix.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import REAL, require_shared, run_cli

pytestmark = pytest.mark.slow

SITES = ["hugodocs-en", "k8s-website-zh-cn", "rust-blog", "servicemesher-website"]
_TEMPLATES = re.compile(r"\{\{.*?\}\}", re.S)


def templates(root: Path) -> dict[str, list[str]]:
    """Every shortcode and template text of the site's Markdown files, in order."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".md", ".markdown") and path.is_file():
            text = path.read_bytes().decode("utf-8", errors="surrogateescape")
            found[str(path.relative_to(root))] = _TEMPLATES.findall(text)
    return found


@pytest.mark.parametrize("site", SITES)
def test_fixing_a_real_site_breaks_nothing_and_settles(site, tmp_path):
    copy = tmp_path / site
    shutil.copytree(require_shared(REAL / site), copy, symlinks=True)
    for path in copy.rglob("*"):  # the shared corpus is read-only, and so its copy
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    before = templates(copy)
    options = ("--offline", "--no-cache", "--exit-zero")
    fixed = run_cli("check", ".", "--fix", "--unsafe-fixes", *options, cwd=copy)
    assert fixed.returncode == 0, fixed.stderr
    assert templates(copy) == before
    again = run_cli("check", ".", "--diff", "--unsafe-fixes", *options, cwd=copy)
    assert again.returncode == 0 and again.stdout == "", again.stdout[:2000]
    assert "No fixes to apply." in again.stderr
    report = run_cli("check", ".", "--format", "json", *options, cwd=copy)
    offered = [(d["path"], d["line"], d["rule"]) for d in json.loads(report.stdout) if "fix" in d]
    assert offered == []
