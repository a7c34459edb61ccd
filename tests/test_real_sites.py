"""A new user's first two commands on each shared real site: ``lintnews check .``, then
``lintnews init`` and ``lintnews check .`` again, on a copy of the site.

The expected counts are the ones measured and sampled for precision with
``benchmarks/audit_all_rules.py`` (the verdicts are in ``benchmarks/verdicts/``): a change
that moves them must be audited again, not just re-recorded.
"""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REAL, require_shared, run_cli

pytestmark = pytest.mark.slow

#: What ``check`` reports after ``init``, per site and rule (all other rules: nothing).
AFTER_INIT = {
    "hugodocs-en": {"emphasis-unclosed": 1, "link-reference-undefined": 3, "paired-punctuation": 1},
    "k8s-website-zh-cn": {
        "date-format": 1,
        "emphasis-not-rendered": 16,
        "emphasis-space-inside": 4,
        "emphasis-unclosed": 3,
        "heading-h1-in-body": 16,
        "heading-increment": 10,
        "image-alt-text": 29,
        "link-anchor-missing": 23,  # 4 from <a href>: three #policies-specific-to-linux, one type id
        "link-reference-undefined": 9,
        "link-url-syntax": 2,
        "paired-punctuation": 67,
    },
    "rust-blog": {
        "emphasis-space-inside": 1,
        "heading-h1-in-body": 50,
        "heading-increment": 37,
        "image-alt-text": 10,
        "link-anchor-missing": 3,
        "link-url-syntax": 1,
        "paired-punctuation": 1,
    },
    "servicemesher-website": {
        "emphasis-not-rendered": 61,
        "emphasis-space-inside": 1,
        "front-matter-duplicate-key": 13,
        "heading-h1-in-body": 11,
        "heading-increment": 27,
        "heading-style": 1,
        "image-alt-text": 877,
        "image-missing-file": 4,
        "image-url-syntax": 4,
        "link-anchor-missing": 1,
        "link-url-syntax": 4,
        "paired-punctuation": 195,
    },
}

#: The only findings ``init`` may quiet: requirements of the default news schema that the
#: site does not follow (docs pages and Zola posts have no ``date``; includes have no
#: title), and a taxonomy given as one string, which Hugo reads as a list of one term.
SCHEMA_CONVENTIONS = (
    "missing required key date",
    "missing required key title",
    "the article has no front matter",
    "categories should be a list of strings, got the string",
)


def check(site: Path) -> list[dict]:
    result = run_cli(
        "check", ".", "--offline", "--no-cache", "--format", "json", "--exit-zero", cwd=site
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def key(report: dict) -> tuple:
    return tuple(report[field] for field in ("path", "line", "column", "rule", "message"))


@pytest.fixture(scope="module", params=sorted(AFTER_INIT))
def site_runs(request, tmp_path_factory):
    """(first run, run after init) on a fresh copy of one shared site."""
    original = require_shared(REAL / request.param)
    copy = tmp_path_factory.mktemp("site") / request.param
    shutil.copytree(original, copy, symlinks=True)
    first = check(copy)
    init = run_cli("init", cwd=copy)
    assert init.returncode == 0, init.stderr
    return request.param, first, check(copy)


def test_a_first_run_at_the_site_root_reports_only_its_content(site_runs):
    _, first, _ = site_runs
    outside = sorted({r["path"] for r in first if not r["path"].startswith("content/")})
    assert outside == []


def test_init_then_check_reports_what_was_audited(site_runs):
    site, _, after = site_runs
    assert dict(Counter(r["rule"] for r in after)) == AFTER_INIT[site]


def test_init_quiets_only_the_conventions_of_the_site(site_runs):
    """``init`` never adds a finding, and never removes one but a schema convention."""
    _, first, after = site_runs
    kept = {key(r) for r in after}
    assert kept <= {key(r) for r in first}
    quieted = [r for r in first if key(r) not in kept]
    assert {r["rule"] for r in quieted} <= {"front-matter-schema"}
    unexplained = [
        r["message"] for r in quieted if not any(c in r["message"] for c in SCHEMA_CONVENTIONS)
    ]
    assert unexplained == []
