"""The wait engine without a cloud: the catalogue the client reads, and the steps of a wait."""

from __future__ import annotations

import asyncio
import inspect
import re

import attrs
import pytest

import streamkit
from streamkit import FleetState
from streamkit.errors import WaiterFailed, WaiterTimeout
from streamkit.waiting import FLEET_DELETED, FLEET_RUNNING, WAITS, PollSchedule, Waiter

METHODS = {name: fn for name, fn in inspect.getmembers(streamkit.StreamingCloud,
                                                       inspect.isfunction)
           if name.startswith("wait_until_")}


@attrs.frozen
class Fake:
    state: FleetState
    raw_state: str = ""
    errors: tuple[streamkit.ResourceError, ...] = ()


def test_every_waiter_of_the_client_has_its_row_and_every_row_its_waiter() -> None:
    declared = {spec.method for spec in WAITS} | {spec.batch_method for spec in WAITS
                                                  if spec.batch_method}
    assert declared == set(METHODS)


@pytest.mark.parametrize("spec", WAITS, ids=lambda s: s.command)
def test_each_waiter_takes_what_its_row_says(spec: streamkit.waiting.WaitSpec) -> None:
    one = inspect.signature(METHODS[spec.method]).parameters
    assert list(one)[1] == spec.id_name
    assert ("grace" in one) == (spec.grace_seconds > 0)
    if "grace" in one:
        assert one["grace"].default == spec.grace_seconds
    documented = re.search(r"default timeout (\d+) min", METHODS[spec.method].__doc__ or "")
    assert documented is not None and float(documented.group(1)) * 60 == spec.timeout
    if spec.batch_method:
        many = inspect.signature(METHODS[spec.batch_method]).parameters
        assert list(many)[1] == spec.id_name + "s"
        assert ("grace" in many) == ("grace" in one)


def test_steps_sleep_on_the_schedule_then_end_with_the_result() -> None:
    schedule = PollSchedule(initial=2, factor=2, cap=5, jitter=0)
    waiter: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a", "b", "a"], started=100.0,
                                  schedule=schedule)
    assert waiter.pending == ["a", "b"]
    first = waiter.observe({"a": Fake(FleetState.STARTING), "b": Fake(FleetState.RUNNING)},
                           100.0)
    assert first.sleep == 2 and first.error is None
    assert [(o.resource_id, o.state, o.attempt) for o in first.observations] == [
        ("a", "STARTING", 1), ("b", "RUNNING", 1)]
    assert waiter.pending == ["a"]  # a resource that is done is not read again
    second = waiter.observe({"a": Fake(FleetState.STARTING)}, 102.0)
    assert second.sleep == 4
    last = waiter.observe({"a": Fake(FleetState.RUNNING)}, 106.0)
    assert last.sleep is None and last.error is None
    assert list(last.result) == ["a", "b"]
    assert last.observations[0].elapsed == 6.0


def test_a_step_ends_with_the_error_to_raise() -> None:
    failing: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a"], started=0.0)
    failed = failing.observe({"a": Fake(FleetState.FAILED)}, 1.0)
    assert isinstance(failed.error, WaiterFailed) and failed.sleep is None
    missing = Waiter[Fake](FLEET_RUNNING, ["a"], started=0.0).observe({}, 0.0)
    assert isinstance(missing.error, WaiterFailed)
    assert [e.code for e in missing.error.errors] == ["NotFound"]
    gone = Waiter[Fake](FLEET_DELETED, ["a"], started=0.0).observe({}, 0.0)
    assert gone.error is None and gone.result == {"a": None}
    late: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a"], started=0.0, timeout=10)
    assert late.observe({"a": Fake(FleetState.STARTING)}, 4.0).error is None
    timed_out = late.observe({"a": Fake(FleetState.STARTING)}, 10.0)
    assert isinstance(timed_out.error, WaiterTimeout) and timed_out.error.attempts == 2


def test_a_sleep_never_passes_the_timeout() -> None:
    waiter: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a"], started=0.0, timeout=3,
                                  schedule=PollSchedule(initial=10, jitter=0))
    assert waiter.observe({"a": Fake(FleetState.STARTING)}, 1.0).sleep == 2.0


def test_grace_states_fail_only_after_the_grace_period() -> None:
    waiter: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a"], started=0.0, grace=30)
    assert waiter.observe({"a": Fake(FleetState.STOPPED)}, 29.0).error is None
    assert isinstance(waiter.observe({"a": Fake(FleetState.STOPPED)}, 30.0).error,
                      WaiterFailed)


def test_bad_timeouts_are_refused_before_any_poll() -> None:
    with pytest.raises(streamkit.ValidationError, match="timeout"):
        Waiter(FLEET_RUNNING, ["a"], started=0.0, timeout=-1)


def test_an_async_driver_steps_the_same_waiter() -> None:
    # what an async client does: await its read and its sleep, keep the decisions
    states = iter([FleetState.STARTING, FleetState.STARTING, FleetState.RUNNING])
    now = [0.0]
    slept: list[float] = []

    async def read(ids: list[str]) -> dict[str, Fake]:
        return {rid: Fake(next(states)) for rid in ids}

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    async def wait() -> dict[str, Fake | None]:
        waiter: Waiter[Fake] = Waiter(FLEET_RUNNING, ["a"], started=now[0],
                                      schedule=PollSchedule(initial=2, factor=2, jitter=0))
        while True:
            step = waiter.observe(await read(waiter.pending), now[0])
            if step.error is not None:
                raise step.error
            if step.sleep is None:
                return step.result
            await sleep(step.sleep)

    result = asyncio.run(wait())
    assert slept == [2, 4]
    assert result["a"] is not None and result["a"].state is FleetState.RUNNING
