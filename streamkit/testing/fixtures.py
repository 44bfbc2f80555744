"""pytest fixtures, registered automatically when streamkit is installed.

``streamkit_emulator`` is one emulator for the whole test session, reset before each test,
so tests start from a clean cloud without paying for a new server each time.

pytest loads this plugin in every run of every project where streamkit is installed, so it
imports the emulator only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from streamkit.testing.emulator import Emulator


@pytest.fixture(scope="session")
def _streamkit_emulator_server() -> Iterator[Emulator]:
    from streamkit.testing.emulator import Emulator

    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def streamkit_emulator(_streamkit_emulator_server: Emulator) -> Emulator:
    """A running :class:`~streamkit.testing.Emulator` with no resources but the seeded images."""
    _streamkit_emulator_server.reset()
    return _streamkit_emulator_server
