"""Stacks, fleets and deploy() through the neutral API, over the wire to the emulator."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability, FleetState, Observation
from tests.harness import Harness


def test_deploy_then_wait_until_running_reports_progress(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("tour", desired=2))
    assert deployment.fleet.state in (FleetState.STARTING, FleetState.UPDATING)
    seen: list[Observation[streamkit.Fleet]] = []
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id, on_progress=seen.append)
    assert fleet.state is FleetState.RUNNING
    assert fleet.capacity.desired == 2
    assert seen[-1].state is streamkit.FleetState.RUNNING and seen[-1].attempt == len(seen) > 1
    assert seen[-1].state_name == "RUNNING" and seen[-1].raw_state
    assert all(o.resource_id == deployment.fleet.id for o in seen)
    assert seen[0].state in ("STARTING", "UPDATING")
    assert seen[-1].elapsed >= harness.fleet_start_seconds


def test_fleet_get_list_and_pages(harness: Harness) -> None:
    cloud = harness.cloud
    ids = [cloud.deploy(harness.deployment_spec(f"f{i:02d}")).fleet.id for i in range(7)]
    assert {f.id for f in cloud.fleets.list()} == set(ids)
    got = cloud.fleets.get(ids[3])
    assert got.id == ids[3] and got.provider is cloud.provider and got.region == cloud.region
    assert got.raw  # the provider payload is kept

    first = cloud.fleets.list_page(page_size=3)
    assert len(first.items) == 3 and first.next_cursor
    collected = list(first.items)
    cursor = first.next_cursor
    while cursor:
        page = cloud.fleets.list_page(page_size=3, cursor=cursor)
        assert 0 < len(page.items) <= 3
        collected.extend(page.items)
        cursor = page.next_cursor
    assert sorted(f.id for f in collected) == sorted(ids)


def test_cursor_survives_a_new_client_and_rejects_other_listings(harness: Harness) -> None:
    cloud = harness.cloud
    for i in range(4):
        cloud.deploy(harness.deployment_spec(f"c{i}"))
    page = cloud.fleets.list_page(page_size=2)
    assert page.next_cursor is not None
    fresh = harness.connect()  # as if in another process
    again = fresh.fleets.list_page(page_size=2, cursor=page.next_cursor)
    assert {f.id for f in again.items}.isdisjoint({f.id for f in page.items})
    with pytest.raises(streamkit.ValidationError) as err:
        cloud.stacks.list_page(page_size=2, cursor=page.next_cursor)
    assert err.value.field == "cursor"
    with pytest.raises(streamkit.ValidationError, match="cursor"):
        cloud.fleets.list_page(page_size=2, cursor="not-a-cursor!")


def test_scale_and_stop_and_delete(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("scale"))
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id)
    scaled = cloud.fleets.scale(fleet.id, 3)
    assert scaled.capacity.desired == 3
    assert cloud.fleets.get(fleet.id).capacity.desired == 3
    if Capability.FLEET_START_STOP not in cloud.capabilities:
        with pytest.raises(streamkit.UnsupportedOperation) as err:
            cloud.fleets.stop(fleet.id)
        assert err.value.hint
        return
    cloud.fleets.stop(fleet.id)
    assert cloud.fleets.get(fleet.id).state is FleetState.STOPPING
    stopped = cloud.wait_until_fleet_stopped(fleet.id)
    assert stopped.state is FleetState.STOPPED and stopped.capacity.running == 0


def test_stack_crud(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("crud"))
    stack = cloud.stacks.get(deployment.stack.id)
    assert stack.name == "crud-stack" or stack.display_name == "crud stack"
    assert stack.id in {s.id for s in cloud.stacks.list()}
    if Capability.STACK_UPDATE in cloud.capabilities:
        updated = cloud.stacks.update(stack.id, display_name="Nightly builds")
        assert updated.display_name == "Nightly builds"
        assert cloud.stacks.get(stack.id).display_name == "Nightly builds"


def test_granular_stack_and_fleet_calls(harness: Harness) -> None:
    cloud = harness.cloud
    spec = harness.deployment_spec("granular")
    if Capability.FLEET_CREATE not in cloud.capabilities:
        with pytest.raises(streamkit.UnsupportedOperation, match="deploy"):
            cloud.fleets.create(spec.fleet)
        assert Capability.FLEET_ASSOCIATION not in cloud.capabilities
        return
    stack = cloud.stacks.create(spec.stack)
    fleet = cloud.fleets.create(spec.fleet)
    assert fleet.state is FleetState.STOPPED
    cloud.stacks.associate_fleet(stack.id, fleet.id)
    assert list(cloud.stacks.list_fleets(stack.id)) == [fleet.id]
    cloud.fleets.start(fleet.id)
    assert cloud.fleets.get(fleet.id).state is FleetState.STARTING  # flips inside the call
    cloud.wait_until_fleet_running(fleet.id)
    with pytest.raises(streamkit.Conflict):
        cloud.fleets.delete(fleet.id)  # running and associated
    updated = cloud.fleets.update(fleet.id, display_name="Granular")
    assert updated.display_name == "Granular"
    with pytest.raises(streamkit.InvalidRequest):  # changes only a stopped fleet takes
        cloud.fleets.update(fleet.id, max_user_duration_seconds=900)
    cloud.fleets.stop(fleet.id)
    cloud.wait_until_fleet_stopped(fleet.id)
    cloud.fleets.update(fleet.id, max_user_duration_seconds=900)
    cloud.stacks.disassociate_fleet(stack.id, fleet.id)
    assert list(cloud.stacks.list_fleets(stack.id)) == []
    cloud.fleets.delete(fleet.id)
    cloud.stacks.delete(stack.id)
    cloud.wait_until_fleet_deleted(fleet.id)
    cloud.wait_until_stack_deleted(stack.id)
    with pytest.raises(streamkit.NotFound):
        cloud.fleets.get(fleet.id)
    with pytest.raises(streamkit.NotFound):
        cloud.stacks.get(stack.id)


def test_deploy_rolls_back_when_a_later_step_fails(harness: Harness) -> None:
    cloud = harness.cloud
    good = harness.deployment_spec("rollback")
    bad = streamkit.DeploymentSpec(
        stack=good.stack,
        fleet=streamkit.FleetSpec(name=good.fleet.name, instance_type=harness.instance_type,
                                  image_id="no-such-image", desired_capacity=1))
    with pytest.raises(streamkit.NotFound):
        cloud.deploy(bad)
    assert [s.id for s in cloud.stacks.list()] == []
    assert [f.id for f in cloud.fleets.list()] == []


def test_duplicate_names_are_already_exists(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.STACK_CREATE not in cloud.capabilities:
        pytest.skip("names are not unique keys on this provider")
    spec = harness.deployment_spec("dup")
    cloud.stacks.create(spec.stack)
    other = streamkit.StackSpec(name=spec.stack.name, description="another one")
    with pytest.raises(streamkit.AlreadyExists) as err:
        cloud.stacks.create(other)
    assert err.value.code and err.value.request_id and err.value.http_status == 400
    assert err.value.__cause__ is not None  # the SDK exception is chained


def test_tags_on_a_fleet(harness: Harness) -> None:
    cloud = harness.cloud
    fleet = cloud.deploy(harness.deployment_spec("tags")).fleet
    cloud.fleets.tag(fleet.id, {"team": "render", "env": "dev"})
    assert cloud.fleets.tags(fleet.id) == {"team": "render", "env": "dev"}
    cloud.fleets.untag(fleet.id, ["env"])
    assert cloud.fleets.tags(fleet.id) == {"team": "render"}
