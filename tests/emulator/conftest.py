"""One emulator per test module here (its clock starts at the same round time in each), reset
before every test: ``emu`` for a test, ``server`` for module-wide SDK clients. Proxy
variables are cleared by tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from streamkit.testing import Emulator


@pytest.fixture(scope="module")
def server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def emu(server: Emulator) -> Emulator:
    server.reset()
    return server
