"""Waiters: success, failure with the cloud's errors, timeouts, the grace period."""

from __future__ import annotations

import itertools

import pytest

import streamkit
from streamkit import Capability, FleetState, ImageBuilderSpec, ImageState
from tests.harness import Harness


def test_fleet_failure_ends_the_wait_at_once_with_its_errors(harness: Harness) -> None:
    cloud = harness.cloud
    fleet = cloud.deploy(harness.deployment_spec("doomed")).fleet
    harness.fail_fleet(fleet.id, "IAM_SERVICE_ROLE_IS_MISSING", "The service role is missing.")
    with pytest.raises(streamkit.WaiterFailed) as err:
        cloud.wait_until_fleet_running(fleet.id, timeout=3600)
    failure = err.value
    assert failure.resource.state in (FleetState.STOPPED, FleetState.FAILED)
    assert failure.errors  # each cloud says why (Alibaba: the group's status)
    if harness.reports_fleet_errors:
        assert [e.code for e in failure.errors] == ["IAM_SERVICE_ROLE_IS_MISSING"]
        assert "service role" in failure.errors[0].message
    assert failure.attempts <= 2  # it did not poll on until the timeout


def test_timeout_reports_the_last_state_attempts_and_elapsed(harness: Harness) -> None:
    cloud = harness.cloud
    fleet = cloud.deploy(harness.deployment_spec("slow")).fleet
    timeout = harness.fleet_start_seconds / 3
    with pytest.raises(streamkit.WaiterTimeout) as err:
        cloud.wait_until_fleet_running(fleet.id, timeout=timeout)
    assert isinstance(err.value, TimeoutError)
    assert err.value.resource.state is not FleetState.RUNNING
    assert err.value.attempts >= 2
    assert timeout <= err.value.elapsed < timeout + 1


def test_polling_starts_short_and_backs_off_to_the_cap(harness: Harness) -> None:
    schedule = streamkit.PollSchedule(initial=2, factor=2, cap=16, jitter=0)
    cloud = harness.connect(poll=schedule)
    fleet = cloud.deploy(harness.deployment_spec("sched")).fleet
    times: list[float] = []
    cloud.wait_until_fleet_running(fleet.id, on_progress=lambda o: times.append(o.elapsed))
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(times)]
    assert gaps[:4] == [2, 4, 8, 16]
    assert max(gaps) == 16


def test_unknown_state_keeps_the_waiter_polling(harness: Harness) -> None:
    # forward compatibility: a state the table does not know is not a failure
    spec = streamkit.waiting.WaitSpec(name="x", success=frozenset({FleetState.RUNNING}))
    polls = iter([FleetState.UNKNOWN, FleetState.UNKNOWN, FleetState.RUNNING])

    class Fake:
        def __init__(self, state: FleetState) -> None:
            self.state, self.raw_state, self.errors = state, state.value, ()

    result = streamkit.waiting.wait_for(lambda: Fake(next(polls)), spec, "x",
                                        clock=harness.emulator.clock)
    assert result is not None and result.state is FleetState.RUNNING


def test_image_builder_waiters(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.IMAGE_BUILDER not in cloud.capabilities:
        pytest.skip("no image builders")
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="builder-1", instance_type=harness.instance_type, image_id=harness.base_image))
    running = cloud.wait_until_image_builder_running(builder.id)
    assert running.state is streamkit.ImageBuilderState.RUNNING
    access = cloud.image_builders.connect(builder.id)
    assert access.reveal() and access.reveal() not in repr(access)
    if Capability.IMAGE_BUILDER_START_STOP in cloud.capabilities:
        cloud.image_builders.stop(builder.id)
        stopped = cloud.wait_until_image_builder_stopped(builder.id)
        assert stopped.state is streamkit.ImageBuilderState.STOPPED
        cloud.image_builders.start(builder.id)
        cloud.wait_until_image_builder_running(builder.id)
    cloud.image_builders.delete(builder.id)


def test_image_available_and_failed(harness: Harness) -> None:
    cloud = harness.cloud
    image = cloud.wait_until_image_available(harness.base_image)
    assert image.state is ImageState.AVAILABLE
