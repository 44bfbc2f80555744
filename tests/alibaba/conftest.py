"""Fixtures of the Alibaba tests: ``ali`` (the harness) and the real Tea SDK client."""

from __future__ import annotations

import pytest
from alibabacloud_appstream_center20210901.client import Client
from alibabacloud_tea_openapi.models import Config

from streamkit.testing import Emulator
from tests.harness import AlibabaHarness


@pytest.fixture
def ali(emulator: Emulator) -> AlibabaHarness:
    return AlibabaHarness(emulator)


def sdk(emulator: Emulator) -> Client:
    """The SDK's own client on the emulator, for what streamkit does not send."""
    creds = emulator.credentials["alibaba"]
    return Client(Config(access_key_id=creds["access_key_id"],
                         access_key_secret=creds["access_key_secret"],
                         endpoint=f"{emulator.host}:{emulator.port}", protocol="http",
                         region_id="cn-shanghai"))
