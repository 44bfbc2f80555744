"""Batched waits: many resources, one read per tick, every failure at once; the poll schedule."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

import streamkit
from streamkit import CallRecord, FleetState, ImageBuilderSpec, Observation, PollSchedule
from tests.harness import Harness

#: the call a batched fleet read makes, and how many ids or groups one call covers
READ = {"aws": ("DescribeFleets", 25), "alibaba": ("ListAppInstanceGroup", 100)}
ABSENT = {"aws": "ghost-fleet", "alibaba": "aig-ghost0000/rg-ghost0000"}


def _fleets(harness: Harness, prefix: str, count: int) -> list[str]:
    return [harness.cloud.deploy(harness.deployment_spec(f"{prefix}{i:03d}")).fleet.id
            for i in range(count)]


def _recording(harness: Harness) -> tuple[streamkit.StreamingCloud, list[CallRecord]]:
    calls: list[CallRecord] = []
    return harness.connect(hooks=streamkit.Hooks(on_call=calls.append)), calls


def test_all_running_with_one_read_per_tick_and_one_observation_per_fleet(
        harness: Harness) -> None:
    ids = _fleets(harness, "b", 3)
    cloud, calls = _recording(harness)
    seen: list[Observation[streamkit.Fleet]] = []
    fleets = cloud.wait_until_fleets_running(list(reversed(ids)), on_progress=seen.append)
    assert list(fleets) == list(reversed(ids))  # the order asked for
    assert all(f.state is FleetState.RUNNING and fleets[f.id] is f for f in fleets.values())
    ticks = seen[-1].attempt
    assert ticks > 1 and seen[-1].elapsed >= harness.fleet_start_seconds
    operation, _ = READ[harness.provider]
    assert Counter(c.operation for c in calls) == {operation: ticks}
    for tick, group in itertools.groupby(seen, key=lambda o: o.attempt):
        assert sorted(o.resource_id for o in group) == sorted(ids), tick


def test_more_ids_than_one_call_holds(harness: Harness) -> None:
    operation, per_call = READ[harness.provider]
    ids = _fleets(harness, "m", per_call + 3)
    cloud, calls = _recording(harness)
    seen: list[Observation[streamkit.Fleet]] = []
    fleets = cloud.wait_until_fleets_running(ids, on_progress=seen.append)
    assert set(fleets) == set(ids)
    assert Counter(c.operation for c in calls) == {operation: 2 * seen[-1].attempt}
    calls.clear()  # one id among many: one call, not a walk through the listing
    assert list(cloud.wait_until_fleets_running([ids[-1]])) == [ids[-1]]
    assert len(calls) == 1


def test_failures_end_the_wait_at_once_with_every_failed_fleet(harness: Harness) -> None:
    ok, doomed, also_doomed = _fleets(harness, "p", 3)
    harness.fail_fleet(doomed, "IAM_SERVICE_ROLE_IS_MISSING", "The service role is missing.")
    harness.fail_fleet(also_doomed, "NETWORK_INTERFACE_LIMIT_EXCEEDED", "Too many ENIs.")
    with pytest.raises(streamkit.WaiterFailed) as err:
        harness.cloud.wait_until_fleets_running([ok, doomed, also_doomed], timeout=3600)
    failure = err.value
    assert set(failure.failures) == {doomed, also_doomed}
    assert failure.attempts == 1  # fast: the first poll that saw them
    assert isinstance(failure.resource, streamkit.Fleet) and failure.resource.id == doomed
    assert doomed in str(failure) and also_doomed in str(failure) and "2 of 3" in str(failure)
    if harness.reports_fleet_errors:
        assert [e.code for e in failure.failures[doomed]] == ["IAM_SERVICE_ROLE_IS_MISSING"]
        assert [e.code for e in failure.errors] == ["IAM_SERVICE_ROLE_IS_MISSING",
                                                   "NETWORK_INTERFACE_LIMIT_EXCEEDED"]


def test_a_missing_fleet_fails_the_wait_without_losing_the_others(harness: Harness) -> None:
    ids = _fleets(harness, "u", 3)
    ghost = ABSENT[harness.provider]
    seen: list[Observation[streamkit.Fleet]] = []
    with pytest.raises(streamkit.WaiterFailed) as err:
        harness.cloud.wait_until_fleets_running([ids[0], ghost, *ids[1:]],
                                                on_progress=seen.append)
    assert list(err.value.failures) == [ghost]
    assert [e.code for e in err.value.errors] == ["NotFound"]
    assert err.value.resource is None and "GONE" in str(err.value)
    # the same tick still read every real fleet
    assert {o.resource_id: o.state for o in seen if o.resource is not None} == {
        i: "STARTING" for i in ids}


def test_absent_names_cost_a_few_extra_calls_on_aws(harness: Harness) -> None:
    if harness.provider != "aws":
        pytest.skip("AWS fails the whole DescribeFleets on one unknown name")
    ids = _fleets(harness, "x", 20)
    cloud, calls = _recording(harness)
    with pytest.raises(streamkit.WaiterFailed) as err:
        cloud.wait_until_fleets_running([*ids[:10], "gone-1", *ids[10:], "gone-2"])
    assert set(err.value.failures) == {"gone-1", "gone-2"}
    assert len(calls) <= 1 + 2 * 2 * 5  # halving: about 2 log2(22) calls per unknown name


def test_timeout_lists_every_pending_fleet(harness: Harness) -> None:
    ids = _fleets(harness, "t", 3)
    timeout = harness.fleet_start_seconds / 3
    with pytest.raises(streamkit.WaiterTimeout) as err:
        harness.cloud.wait_until_fleets_running(ids, timeout=timeout)
    assert isinstance(err.value, TimeoutError)
    assert list(err.value.pending) == ids
    assert all(isinstance(f, streamkit.Fleet) and f.state is not FleetState.RUNNING
               for f in err.value.pending.values())
    assert "3 of 3 still pending" in str(err.value) and all(i in str(err.value) for i in ids)
    assert timeout <= err.value.elapsed < timeout + 1


def test_a_batch_of_one_and_an_empty_batch(harness: Harness) -> None:
    (fleet_id,) = _fleets(harness, "one", 1)
    cloud = harness.cloud
    assert list(cloud.wait_until_fleets_running([fleet_id, fleet_id])) == [fleet_id]
    assert cloud.wait_until_fleets_running([]) == {}
    with pytest.raises(streamkit.ValidationError, match="fleet_ids"):
        cloud.wait_until_fleets_running(fleet_id)  # one string, not a list
    with pytest.raises(streamkit.ValidationError, match="fleet_ids"):
        cloud.wait_until_fleets_running(["has space"])
    with pytest.raises(streamkit.ValidationError, match="on_progress"):
        cloud.wait_until_fleets_running([fleet_id], on_progress="print")  # type: ignore[arg-type]
    with pytest.raises(streamkit.ValidationError, match="on_progress"):
        cloud.wait_until_fleet_running(fleet_id, on_progress=42)  # type: ignore[arg-type]
    assert list(cloud.wait_until_fleets_running(iter({fleet_id}))) == [fleet_id]


def test_images_and_image_builders_in_batches(harness: Harness) -> None:
    cloud = harness.cloud
    images = cloud.wait_until_images_available([harness.base_image])
    assert images[harness.base_image].state is streamkit.ImageState.AVAILABLE
    missing = "img-ghost0000" if harness.provider == "alibaba" else "Ghost-Image"
    with pytest.raises(streamkit.WaiterFailed) as err:
        cloud.wait_until_images_available([harness.base_image, missing])
    assert list(err.value.failures) == [missing]

    builders = [cloud.image_builders.create(ImageBuilderSpec(
        name=f"builder-{i}", instance_type=harness.instance_type, image_id=harness.base_image)).id
        for i in range(2)]
    running = cloud.wait_until_image_builders_running(builders)
    assert [b.state for b in running.values()] == [streamkit.ImageBuilderState.RUNNING] * 2


def test_fleets_stopped_in_a_batch(harness: Harness) -> None:
    if streamkit.Capability.FLEET_START_STOP not in harness.cloud.capabilities:
        pytest.skip("this provider cannot stop a fleet")
    cloud = harness.cloud
    ids = _fleets(harness, "s", 2)
    cloud.wait_until_fleets_running(ids)
    for fleet_id in ids:
        cloud.fleets.stop(fleet_id)
    stopped = cloud.wait_until_fleets_stopped(ids)
    assert {f.state for f in stopped.values()} == {FleetState.STOPPED}


# The schedule ------------------------------------------------------------------------------

def _gaps(schedule: PollSchedule, until: float) -> list[tuple[float, float]]:
    """(elapsed, delay) for every poll of a wait that lasts ``until`` seconds."""
    out: list[tuple[float, float]] = []
    elapsed, attempt = 0.0, 1
    while elapsed < until:
        delay = schedule.delay(attempt, elapsed)
        out.append((elapsed, delay))
        elapsed, attempt = elapsed + delay, attempt + 1
    return out


def test_quiet_period_polls_sparsely_then_densely() -> None:
    schedule = PollSchedule(initial=2, factor=2, cap=10, jitter=0, quiet_for=100, quiet_cap=30)
    gaps = _gaps(schedule, 200)
    assert [d for _, d in gaps[:5]] == [2, 4, 8, 16, 30]
    assert all(d <= 30 for e, d in gaps if e < 100)
    crossing = next(e + d for e, d in gaps if e + d >= 100)
    assert 100 <= crossing <= 110  # lands at most `cap` after the quiet period
    assert {d for e, d in gaps if e >= 100} == {10}


def test_without_a_quiet_period_the_schedule_is_unchanged() -> None:
    schedule = PollSchedule(initial=2, factor=2, cap=16, jitter=0)
    assert [schedule.delay(n) for n in range(1, 7)] == [2, 4, 8, 16, 16, 16]
    assert [schedule.delay(n, 500.0) for n in range(1, 7)] == [2, 4, 8, 16, 16, 16]


def test_the_default_fleet_wait_is_sparse_early_and_prompt_at_the_end(harness: Harness) -> None:
    (fleet_id,) = _fleets(harness, "sched", 1)
    times: list[float] = []
    harness.cloud.wait_until_fleet_running(fleet_id, on_progress=lambda o: times.append(o.elapsed))
    schedule = streamkit.waiting.FLEET_RUNNING.schedule
    assert schedule.quiet_for > 0
    assert max(b - a for a, b in itertools.pairwise(times)) <= schedule.quiet_cap * 1.1
    assert times[-1] - harness.fleet_start_seconds <= schedule.cap * (1 + schedule.jitter)
