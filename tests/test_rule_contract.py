"""Every installed rule honours the plugin contract, and its documentation is true.

The docstring is the rule's only documentation (`lintnews rule NAME` prints it): it must have
the four sections, document every option, and its bad example must trigger the rule while its
good example must not.
"""

import re
from pathlib import Path

import pytest

import lintnews
from lintnews.plugin.rule import DOC_SECTIONS, RuleOptions, load_rules

RULES = sorted(load_rules().rules.values(), key=lambda rule: rule.code)
BUILTIN = [rule for rule in RULES if rule.__module__.startswith("lintnews_rules.")]
README = Path(__file__).resolve().parents[1] / "README.md"

# Rules whose examples cannot be shown as Markdown text: the trigger is in the bytes of the
# file or on the network. Their behaviour is tested in their own test modules.
EXAMPLE_NOT_TEXT = {
    "file-encoding": "needs non-UTF-8 bytes",
    "image-url-broken": "needs a remote server",
    "image-not-image": "needs a remote server",
    "link-broken": "needs a remote server (tested in test_links_remote.py)",
    "image-missing-file": "needs image files on disk (tested in test_images.py)",
    "link-missing-target": "needs a site's pages on disk (tested in test_links_local.py)",
}


def markdown_examples(rule) -> list[str]:
    example = rule.documentation().split("## Example", 1)[1].split("## Options", 1)[0]
    return re.findall(r"```markdown\n(.*?)```", example, re.S)


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.name for rule in BUILTIN])
def test_documentation_sections_in_order(rule):
    doc = rule.documentation()
    assert doc.splitlines()[0].strip().endswith("."), "first line is a one-sentence summary"
    positions = [doc.find(f"## {section}") for section in DOC_SECTIONS]
    assert -1 not in positions, f"missing sections in {rule.name}: {positions}"
    assert positions == sorted(positions)


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.name for rule in BUILTIN])
def test_every_option_is_documented(rule):
    assert issubclass(rule.Options, RuleOptions)
    options_section = rule.documentation().split("## Options", 1)[1]
    for name, field in rule.Options.model_fields.items():
        key = field.alias or name
        assert f"`{key}`" in options_section, f"{rule.name}: option {key} is not documented"


@pytest.mark.parametrize("rule", BUILTIN, ids=[rule.name for rule in BUILTIN])
def test_bad_example_triggers_and_good_example_does_not(rule):
    if rule.name in EXAMPLE_NOT_TEXT:
        pytest.skip(EXAMPLE_NOT_TEXT[rule.name])
    examples = markdown_examples(rule)
    assert len(examples) >= 2, f"{rule.name}: needs a bad and a good ```markdown example"
    bad, good = examples[0], examples[1]
    config = {"select": [rule.name]}
    assert lintnews.lint_text(bad, "example.md", config), f"{rule.name}: bad example passes"
    assert not lintnews.lint_text(good, "example.md", config), f"{rule.name}: good example fails"


def test_readme_rule_table_is_current():
    from lintnews.cli import rules_table

    assert rules_table() in README.read_text(encoding="utf-8"), (
        "README rule table is stale: paste the output of `lintnews rules --markdown`"
    )
