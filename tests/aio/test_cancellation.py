"""Cancelling an awaited call: it stops at its current I/O point, runs its rollback, and leaves
no task, thread or poll behind."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import streamkit
import streamkit.aio
from streamkit.testing import Emulator
from tests.conftest import PROVIDERS
from tests.harness import HARNESSES

CREATE = {"aws": "CreateFleet", "alibaba": "CreateAppInstanceGroup"}


def _client_threads() -> set[threading.Thread]:
    """The threads of this process but the emulator's (it serves each connection on one)."""
    return {t for t in threading.enumerate() if "process_request_thread" not in t.name}


def _alone() -> None:
    """Nothing of the call is left: this task is the loop's only one, no thread was started."""
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cancelled_wait_stops_polling_at_once(emulator: Emulator, provider: str) -> None:
    harness = HARNESSES[provider](emulator)
    fleet = harness.cloud.deploy(harness.deployment_spec("cancel")).fleet
    emulator.faults.counting = True
    threads = _client_threads()

    async def scenario() -> tuple[int, int]:
        async with streamkit.aio.connect(provider, **emulator.connect_args(provider)) as cloud:
            polls_at_cancel: list[int] = []

            def progress(observation: streamkit.Observation[Any]) -> None:
                if observation.attempt == 3:  # cancelled from inside: lands at the next sleep
                    polls_at_cancel.append(emulator.faults.seen(provider))
                    task.cancel()

            task = asyncio.create_task(cloud.wait_until_fleet_running(fleet.id,
                                                                      on_progress=progress))
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            _alone()
            emulator.clock.advance(3600)  # a poller left behind would see the fleet now
            for _ in range(50):
                await asyncio.sleep(0)
            return polls_at_cancel[0], emulator.faults.seen(provider)

    at_cancel, after = asyncio.run(scenario())
    assert at_cancel == 3  # one read per poll
    assert after == at_cancel
    assert _client_threads() == threads  # the async client started none


def test_cancelling_during_a_request_ends_it_at_once(emulator: Emulator) -> None:
    harness = HARNESSES["aws"](emulator)
    fleet = harness.cloud.deploy(harness.deployment_spec("inflight")).fleet
    emulator.faults.add("slow", provider="aws", operation="DescribeFleets", delay=0.5)

    async def scenario() -> None:
        async with streamkit.aio.connect("aws", **emulator.connect_args("aws")) as cloud:
            task = asyncio.create_task(cloud.fleets.get(fleet.id))
            while not emulator.faults.seen("aws", "DescribeFleets"):  # the request is out
                await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            _alone()

    asyncio.run(scenario())
    assert emulator.faults.seen("aws", "DescribeFleets") == 1  # and no retry of it


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cancelled_deploy_rolls_back_then_ends_cancelled(emulator: Emulator,
                                                            provider: str) -> None:
    harness = HARNESSES[provider](emulator)
    spec = harness.deployment_spec("halfway")

    async def scenario() -> None:
        task: asyncio.Task[streamkit.Deployment] | None = None

        def cancel_after_create(record: streamkit.CallRecord) -> None:
            if record.operation == CREATE[provider] and task is not None:
                task.cancel()  # lands on the next call: the deploy's next step

        hooks = streamkit.Hooks(on_call=cancel_after_create)
        async with streamkit.aio.connect(provider, **emulator.connect_args(provider),
                                         hooks=hooks) as cloud:
            task = asyncio.create_task(cloud.deploy(spec))
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()
            _alone()

    asyncio.run(scenario())
    assert list(harness.cloud.stacks.list()) == []  # the rollback ran to its end
    assert list(harness.cloud.fleets.list()) == []


def test_a_cancelled_listing_fetches_no_further_page(emulator: Emulator) -> None:
    sync = streamkit.connect("aws", **emulator.connect_args("aws"))
    for n in range(60):
        sync.stacks.create(streamkit.StackSpec(name=f"s{n:02d}"))
    first_page = sync.stacks.list_page()
    assert first_page.next_cursor is not None  # more than one cloud page
    emulator.faults.counting = True
    got: list[str] = []

    async def scenario() -> None:
        task: asyncio.Task[None] | None = None

        def cancel_after_the_first_page(record: streamkit.CallRecord) -> None:
            if task is not None:
                task.cancel()  # lands on the next page's request

        async def walk(cloud: streamkit.aio.AsyncStreamingCloud) -> None:
            async for stack in cloud.stacks.list():
                got.append(stack.id)

        hooks = streamkit.Hooks(on_call=cancel_after_the_first_page)
        async with streamkit.aio.connect("aws", **emulator.connect_args("aws"),
                                         hooks=hooks) as cloud:
            task = asyncio.create_task(walk(cloud))
            with pytest.raises(asyncio.CancelledError):
                await task
            _alone()

    asyncio.run(scenario())
    assert got == [s.id for s in first_page.items]  # the first page, all of it, then nothing
    assert emulator.faults.seen("aws", "DescribeStacks") <= 2  # never a third page
