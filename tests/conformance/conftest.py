"""The conformance suite runs on every provider, through the sync client and the async one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from streamkit.testing import Emulator
from tests.conftest import PROVIDERS
from tests.harness import HARNESSES, Harness

CLIENTS = [(provider, mode) for mode in ("sync", "async") for provider in PROVIDERS]


@pytest.fixture(params=CLIENTS,
                ids=[p if mode == "sync" else f"{p}-async" for p, mode in CLIENTS])
def harness(request: pytest.FixtureRequest, emulator: Emulator) -> Iterator[Harness]:
    provider, mode = request.param
    made = HARNESSES[provider](emulator, asynchronous=mode == "async")
    try:
        yield made
    finally:
        made.close()
