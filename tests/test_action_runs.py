"""The GitHub Action's own shell steps, run for real on a pull request made in tmp_path.

GitHub cannot be reached from the tests, so the composite action is played here as a runner
plays it: each ``run`` step in ``bash --noprofile --norc -eo pipefail`` with its ``env``, its
``${{ }}`` expressions filled in, ``$GITHUB_OUTPUT`` read back into ``steps.ID.outputs``, and
its ``if`` obeyed. The two steps that are other actions (setup-python, upload-sarif) are not
ours to run, and the install step is replaced by the lintnews these tests run (on ``PATH``);
an expression this player does not understand fails the test rather than passing silently.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

ACTION = Path(__file__).resolve().parents[1] / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
OTHER_ACTIONS = {"actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"}

HEAD = '---\ntitle: "{}"\ndate: 2025-02-01T10:30:49+08:00\n---\n\n'
# Bold that does not render (LN201) is an error; an unpaired quotation mark (LN203) a warning.
OLD_DEFECT = HEAD.format("old") + "旧文 **问题1：**我们\n\n他说审慎对齐”。\n"
NEW_DEFECT = "新增 **问题2：**他们\n"


def evaluate(expression: str, context: dict[str, str]) -> str:
    if re.fullmatch(r"[\w.-]+", expression):
        return context[expression]
    comparison = re.fullmatch(r"([\w.-]+) == '([^']*)'", expression)
    if comparison:
        return "true" if context[comparison[1]] == comparison[2] else "false"
    raise AssertionError(f"the action uses an expression these tests cannot play: {expression}")


def fill(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: evaluate(m[1], context), text)


def play(repo: Path, inputs: dict[str, str], base_ref: str, tmp_path: Path):
    """Runs the action's steps in ``repo``; returns the last step's completed process."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    context = {
        f"inputs.{name}": str(spec.get("default", "")) for name, spec in action["inputs"].items()
    }
    context.update({f"inputs.{name}": value for name, value in inputs.items()})
    context["github.base_ref"] = base_ref
    bin_folder = str(Path(sys.executable).parent)
    last = None
    for index, step in enumerate(action["runs"]["steps"]):
        condition = step.get("if")
        if condition is not None and fill(f"${{{{ {condition} }}}}", context) != "true":
            continue
        if "uses" in step:
            assert step["uses"] in OTHER_ACTIONS, step["uses"]
            continue
        if step.get("name") == "Install lintnews":
            assert '"$GITHUB_ACTION_PATH"' in step["run"]
            continue
        assert step["shell"] == "bash"
        output_file = tmp_path / f"output-{index}"
        output_file.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "PATH": bin_folder + os.pathsep + os.environ["PATH"],
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_ACTION_PATH": str(ACTION.parent),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            **{name: fill(str(value), context) for name, value in step.get("env", {}).items()},
        }
        script = tmp_path / f"step-{index}.sh"
        script.write_text(fill(step["run"], context), encoding="utf-8")
        last = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )
        assert "Traceback" not in last.stderr, last.stderr
        if step.get("name") != "Lint":
            assert last.returncode == 0, (step.get("name"), last.stderr)
        for line in output_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step['id']}.outputs.{key}"] = value
    return last


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def pull_request(tmp_path):
    """A clone on a pull-request branch: its base has one defect, the branch adds another."""
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    (clone / "content").mkdir()
    (clone / "content" / "old.md").write_text(OLD_DEFECT, encoding="utf-8")
    (clone / "content" / "b.md").write_text(HEAD.format("b") + "没有问题\n", encoding="utf-8")
    git(clone, "checkout", "-q", "-b", "main")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "base")
    git(clone, "push", "-q", "origin", "main")
    git(clone, "checkout", "-q", "-b", "pull-request")
    with (clone / "content" / "b.md").open("a", encoding="utf-8") as article:
        article.write("\n" + NEW_DEFECT)
    git(clone, "commit", "-q", "-am", "a change with a defect")
    return clone


def annotations(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::")]


def test_a_pull_request_fails_only_on_what_it_changed(pull_request, tmp_path):
    lint = play(pull_request, {"paths": "content", "sarif": "true"}, "main", tmp_path)
    assert lint.returncode == 1, lint.stderr
    [annotation] = annotations(lint.stdout)
    assert annotation.startswith("::error file=content/b.md,line=8,col=10,")
    assert "LN201" in annotation
    sarif = json.loads((pull_request / "lintnews.sarif").read_text(encoding="utf-8"))
    [result] = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "content/b.md"
    assert location["region"]["startLine"] == 8


def test_other_events_check_every_file(pull_request, tmp_path):
    lint = play(pull_request, {"paths": "content"}, "", tmp_path)
    assert lint.returncode == 1
    files = sorted(re.search(r"file=([^,]+)", a)[1] for a in annotations(lint.stdout))
    assert files == ["content/b.md", "content/old.md", "content/old.md"]
    assert not (pull_request / "lintnews.sarif").exists()  # sarif defaults to false


def test_the_fail_level_and_the_shards_reach_the_command(pull_request, tmp_path):
    lint = play(pull_request, {"paths": "content", "fail-level": "error"}, "main", tmp_path)
    assert lint.returncode == 1  # the new bold is an error
    base = git(pull_request, "rev-parse", "main").strip()
    (pull_request / "content" / "b.md").write_text(
        HEAD.format("b") + "“没有问题\n", encoding="utf-8"
    )
    lint = play(
        pull_request, {"paths": "content", "fail-level": "error", "since": base}, "", tmp_path
    )
    assert [a.split(" ")[0] for a in annotations(lint.stdout)] == ["::warning"]
    assert lint.returncode == 0  # a warning does not fail the job at fail-level error
    lint = play(pull_request, {"paths": "content"}, "", tmp_path)
    assert len(annotations(lint.stdout)) == 3
    shards = [
        annotations(
            play(pull_request, {"paths": "content", "shard": f"{k}/2"}, "", tmp_path).stdout
        )
        for k in (1, 2)
    ]
    assert sorted(shards[0] + shards[1]) == sorted(annotations(lint.stdout))
