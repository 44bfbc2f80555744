"""Reliability and security suite (issue 5): faults, forward compatibility, hostile input,
secrets, authentication and peer clients, on both providers through the emulator.

Hypothesis runs the ``normal`` profile (bounded, deterministic example counts) unless
``STREAMKIT_HYPOTHESIS_PROFILE=stress`` (``nox -s stress``) selects the big one.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from streamkit.testing import Emulator
from tests.harness import AlibabaHarness, AwsHarness

PROFILE_ENV = "STREAMKIT_HYPOTHESIS_PROFILE"

settings.register_profile(
    "streamkit-normal", max_examples=200, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
settings.register_profile(
    "streamkit-stress", max_examples=10_000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])

#: the profile every property test here starts from
PROFILE = settings.get_profile(f"streamkit-{os.environ.get(PROFILE_ENV, 'normal')}")
STRESS = PROFILE.max_examples > 200


def examples(normal: int, stress: int) -> settings:
    """The profile, with a per-test example count for each of the two profiles."""
    return settings(PROFILE, max_examples=stress if STRESS else normal)


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


@pytest.fixture
def ali(emulator: Emulator) -> AlibabaHarness:
    return AlibabaHarness(emulator)
