"""The API's own index of appstream-center (50 operations in twelve categories): each is an
operation of the SDK, each streamkit declares is simulated, and each the emulator simulates is
reached through ``cloud.call`` and the real Tea SDK over HTTP."""

from __future__ import annotations

import pytest

import streamkit
from streamkit.providers.alibaba.api_index import API_INDEX
from streamkit.providers.alibaba.extensions import OPERATIONS as AREA_OPERATIONS
from streamkit.providers.alibaba.operations import OPERATIONS
from streamkit.providers.alibaba.wire import WIRE
from streamkit.testing import Emulator
from streamkit.testing.alibaba.operations import OPERATIONS as SERVED
from tests.harness import AlibabaHarness

INDEXED = [name for names in API_INDEX.values() for name in names]


def test_the_index_holds_fifty_operations_of_the_sdk() -> None:
    assert len(API_INDEX) == 12 and len(INDEXED) == len(set(INDEXED)) == 50
    assert set(INDEXED) <= set(WIRE)


def test_every_indexed_operation_streamkit_declares_is_simulated() -> None:
    declared = {*OPERATIONS, *AREA_OPERATIONS}
    assert [name for name in INDEXED if name in declared and name not in SERVED] == []


@pytest.mark.parametrize("operation", INDEXED)
def test_cloud_call_reaches_the_simulated_operation(operation: str,
                                                    emulator: Emulator) -> None:
    if operation not in SERVED:
        pytest.skip(f"{operation} is not simulated by the emulator")
    cloud = AlibabaHarness(emulator).cloud
    try:  # no parameters: an answer, or the cloud's refusal of what is missing
        answer = cloud.call(operation, {})
    except streamkit.ProviderError as refused:
        assert refused.operation == operation
        assert refused.code != "InvalidApi.NotFound"  # the emulator knows the action
        assert refused.request_id  # the cloud's own error body came back
    else:
        assert isinstance(answer, dict) and answer.get("RequestId")
