"""The emulator tests share the session's emulator (tests/conftest.py resets it per test and
clears proxy variables): ``emu`` for a test, ``server`` for module-wide SDK clients."""

from __future__ import annotations

import pytest

from streamkit.testing import Emulator


@pytest.fixture(scope="module")
def server(_streamkit_emulator_server: Emulator) -> Emulator:
    return _streamkit_emulator_server


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    return emulator


@pytest.fixture(autouse=True)
def _fresh(emu: Emulator) -> None:
    """Every test here starts from a reset emulator, whether or not it asks for ``emu``."""
