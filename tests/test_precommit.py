"""The pre-commit hook, run by the real `pre-commit try-repo` in a throwaway content repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEFECTIVE = (
    '---\ntitle: "访谈"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n**问题1：**我们能看到吗？\n'
)
FIXED = '---\ntitle: "访谈"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n**问题1**：我们能看到吗？\n'

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip("the lintnews checkout is not a git repository (try-repo needs one)")
    repo = tmp_path / "site"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("config", "user.email", "editor@example.org", cwd=repo)
    git("config", "user.name", "Editor", cwd=repo)
    (repo / "content").mkdir()
    return repo


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    pre_commit = [sys.executable, "-m", "pre_commit"]
    return subprocess.run(
        [*pre_commit, "try-repo", str(REPO), "lintnews", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_refuses_a_defective_article_and_accepts_it_fixed(content_repo, tmp_path):
    article = content_repo / "content" / "post.md"
    article.write_text(DEFECTIVE, encoding="utf-8")
    git("add", "content/post.md", cwd=content_repo)
    home = tmp_path / "pre-commit-home"

    refused = try_repo(content_repo, home)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "content/post.md:6:7: LN201" in refused.stdout
    assert "[emphasis-not-rendered]" in refused.stdout

    article.write_text(FIXED, encoding="utf-8")
    git("add", "content/post.md", cwd=content_repo)
    accepted = try_repo(content_repo, home)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout


def test_hook_accepts_a_commit_of_the_repository_readme(content_repo, tmp_path):
    (content_repo / "hugo.toml").write_text('title = "站点"\n', encoding="utf-8")
    (content_repo / "README.md").write_text("# 站点\n\n如何构建。\n", encoding="utf-8")
    template = content_repo / ".github" / "ISSUE_TEMPLATE" / "bug.md"
    template.parent.mkdir(parents=True)
    template.write_text("---\nname: Bug\n---\n\nDescribe it.\n", encoding="utf-8")
    git("add", "hugo.toml", "README.md", ".github", cwd=content_repo)
    accepted = try_repo(content_repo, tmp_path / "pre-commit-home")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout

    # A page in content without front matter is still refused.
    (content_repo / "content" / "page.md").write_text("# 页面\n\n正文。\n", encoding="utf-8")
    git("add", "content/page.md", cwd=content_repo)
    refused = try_repo(content_repo, tmp_path / "pre-commit-home")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "content/page.md:1:1: LN004" in refused.stdout
