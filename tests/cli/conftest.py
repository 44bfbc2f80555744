"""Fixtures of the command-line tests: ``run`` is the command for one provider's harness."""

from __future__ import annotations

import pytest

from tests.harness import Harness
from tests.test_cli import Cli


@pytest.fixture
def run(harness: Harness) -> Cli:
    return Cli(harness)
