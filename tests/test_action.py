"""The GitHub Action (``action.yml``) runs ``lintnews check`` with options the command has."""

import re
from pathlib import Path

import yaml

from lintnews.cli import build_parser

ACTION = Path(__file__).resolve().parents[1] / "action.yml"


def check_options() -> set[str]:
    parser = build_parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    return {
        option for action in commands.choices["check"]._actions for option in action.option_strings
    }


def test_the_action_is_composite_and_uses_only_real_options():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    scripts = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    checks = [script for script in scripts if "lintnews check" in script]
    assert len(checks) == 2  # the SARIF report and the annotations
    used = {option for script in checks for option in re.findall(r"(?<![\w-])--[a-z-]+", script)}
    assert used <= check_options(), used - check_options()
    assert {"--shard", "--format", "--fail-level", "--output", "--exit-zero"} <= used
    assert all("--format github" in s or "--format sarif" in s for s in checks)
    # --since comes from the step that finds the pull request's base.
    [since] = [script for script in scripts if "merge-base" in script]
    assert "--since" in since and "--since" in check_options()


def test_every_input_is_used():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    text = ACTION.read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"inputs.{name}" in text, name
