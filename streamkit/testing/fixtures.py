"""pytest fixtures, registered automatically when streamkit is installed.

``streamkit_emulator`` is one emulator for the whole test session, reset before each test,
so tests start from a clean cloud without paying for a new server each time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from streamkit.testing.emulator import Emulator


@pytest.fixture(scope="session")
def _streamkit_emulator_server() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def streamkit_emulator(_streamkit_emulator_server: Emulator) -> Emulator:
    """A running :class:`~streamkit.testing.Emulator` with no resources but the seeded images."""
    _streamkit_emulator_server.reset()
    return _streamkit_emulator_server
