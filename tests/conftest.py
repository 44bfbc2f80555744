"""Shared fixtures: the emulator (from streamkit's pytest plugin) and a per-provider harness."""

from __future__ import annotations

import pytest

from streamkit.testing import Emulator
from tests.harness import HARNESSES, Harness

PROVIDERS = sorted(HARNESSES)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Alibaba SDK sends even loopback calls through HTTP_PROXY; tests talk to 127.0.0.1.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator(streamkit_emulator: Emulator) -> Emulator:
    return streamkit_emulator


@pytest.fixture(params=PROVIDERS)
def harness(request: pytest.FixtureRequest, emulator: Emulator) -> Harness:
    return HARNESSES[request.param](emulator)
