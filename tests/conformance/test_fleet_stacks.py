"""Which stacks a fleet serves: ``fleets.list_stacks`` and ``Fleet.stack_id`` from
``fleets.get``, without a call per fleet in listings and waits."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Hooks
from streamkit.hooks import CallRecord
from tests.harness import Harness


def test_get_names_the_stack_and_list_stacks_lists_them(harness: Harness) -> None:
    calls: list[CallRecord] = []
    cloud = harness.connect(hooks=Hooks(on_call=calls.append))
    deployment = cloud.deploy(harness.deployment_spec("served"))
    fleet_id, stack_id = deployment.fleet.id, deployment.stack.id
    assert cloud.fleets.get(fleet_id).stack_id == stack_id
    assert list(cloud.fleets.list_stacks(fleet_id)) == [stack_id]
    with pytest.raises(streamkit.NotFound):
        list(cloud.fleets.list_stacks(f"{fleet_id}x" if harness.provider == "aws"
                                      else f"{stack_id}/rg-nope"))
    calls.clear()
    cloud.wait_until_fleet_running(fleet_id)
    list(cloud.fleets.list())
    assert "ListAssociatedStacks" not in {c.operation for c in calls}


def test_a_fleet_that_serves_no_stack(harness: Harness) -> None:
    if streamkit.Capability.FLEET_ASSOCIATION not in harness.cloud.capabilities:
        pytest.skip("a node pool always serves its delivery group")
    calls: list[str] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=lambda r: calls.append(r.operation)))
    spec = harness.deployment_spec("alone")
    fleet = cloud.fleets.create(spec.fleet)
    calls.clear()
    assert cloud.fleets.get(fleet.id).stack_id is None
    assert calls == ["DescribeFleets", "ListAssociatedStacks"]  # the fleet is not read twice
    assert list(cloud.fleets.list_stacks(fleet.id)) == []
    for name in ("one", "two"):
        cloud.stacks.create(streamkit.StackSpec(name=name))
        cloud.stacks.associate_fleet(name, fleet.id)
    assert sorted(cloud.fleets.list_stacks(fleet.id)) == ["one", "two"]
    assert cloud.fleets.get(fleet.id).stack_id is None  # two stacks: ask list_stacks
