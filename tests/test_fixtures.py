"""Every fixture file in tests/fixtures: input beside the diagnostics it must produce."""

from pathlib import Path

import pytest

from lintnews.testing import assert_case, read_fixtures

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [case for file in sorted(FIXTURES.glob("*.md")) for case in read_fixtures(file)]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture(case):
    assert_case(case)
