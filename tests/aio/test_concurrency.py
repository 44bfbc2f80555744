"""Many calls at once on one loop: inventory's bound, concurrent waits, the emulator's clock."""

from __future__ import annotations

import asyncio

import pytest

import streamkit
import streamkit.aio
from streamkit.testing import Emulator
from streamkit.testing.core.clock import EmulatorClock

REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-1")


def _clouds(emulator: Emulator) -> list[streamkit.aio.AsyncStreamingCloud]:
    return [streamkit.aio.connect("aws", **emulator.connect_args("aws", region))
            for region in REGIONS]


def test_inventory_runs_at_most_concurrency_reads_at_once(emulator: Emulator) -> None:
    active = peak = 0

    async def read(cloud: streamkit.aio.AsyncStreamingCloud) -> int:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        try:
            return len((await cloud.stacks.list_page()).items)
        finally:
            active -= 1

    async def scenario(concurrency: int) -> streamkit.Inventory[str, int]:
        clouds = {f"{region}/{n}": streamkit.aio.connect(
            "aws", **emulator.connect_args("aws", region))
            for region in REGIONS for n in range(2)}
        try:
            return await streamkit.aio.inventory(clouds, read, concurrency=concurrency)
        finally:
            for cloud in clouds.values():
                await cloud.aclose()

    found = asyncio.run(scenario(4))
    assert found.ok and len(found.results) == 6 and set(found.results.values()) == {0}
    assert peak == 4
    peak = 0
    asyncio.run(scenario(100))
    assert peak == 6  # no bound but the clouds themselves: all at once


def test_inventory_keeps_each_failure_and_every_other_result(emulator: Emulator) -> None:
    async def read(cloud: streamkit.aio.AsyncStreamingCloud) -> str:
        if cloud.region == "eu-west-1":
            await cloud.fleets.get("no-such-fleet")
        return cloud.region

    async def scenario() -> streamkit.Inventory[streamkit.aio.AsyncStreamingCloud, str]:
        clouds = _clouds(emulator)
        found = await streamkit.aio.inventory(clouds, read)
        for cloud in clouds:
            await cloud.aclose()
        return found

    found = asyncio.run(scenario())
    assert sorted(found.results.values()) == ["ap-northeast-1", "us-east-1"]
    (error,) = found.errors.values()
    assert isinstance(error, streamkit.NotFound)


def test_inventory_checks_its_input(emulator: Emulator) -> None:
    sync = streamkit.connect("aws", **emulator.connect_args("aws"))

    async def read(cloud: streamkit.aio.AsyncStreamingCloud) -> str:
        return cloud.region

    with pytest.raises(streamkit.ValidationError, match="AsyncStreamingCloud"):
        asyncio.run(streamkit.aio.inventory([sync], read))  # type: ignore[list-item]
    with pytest.raises(streamkit.ValidationError, match="concurrency"):
        asyncio.run(streamkit.aio.inventory([], read, concurrency=0))


def test_many_waits_at_once_see_every_fleet_run_soon_after_it_does(emulator: Emulator) -> None:
    per_region = 6
    start = float(emulator.aws.timings.fleet_start)
    for region in REGIONS:
        sync = streamkit.connect("aws", **emulator.connect_args("aws", region))
        for n in range(per_region):
            sync.fleets.create(streamkit.FleetSpec(
                name=f"f{n}", instance_type="stream.standard.small",
                image_id="AppStream-WinServer2019-06-12-2024"))
            sync.fleets.start(f"f{n}")
    began = emulator.clock.now()

    async def scenario() -> list[streamkit.Fleet]:
        clouds = _clouds(emulator)
        try:
            singles = [cloud.wait_until_fleet_running(f"f{n}")
                       for cloud in clouds for n in range(per_region)]
            batched = [cloud.wait_until_fleets_running([f"f{n}" for n in range(per_region)])
                       for cloud in clouds]
            done = await asyncio.gather(*singles, *batched)
        finally:
            for cloud in clouds:
                await cloud.aclose()
        return [f for f in done if isinstance(f, streamkit.Fleet)]

    fleets = asyncio.run(scenario())
    assert len(fleets) == len(REGIONS) * per_region
    assert {f.state for f in fleets} == {streamkit.FleetState.RUNNING}
    took = emulator.clock.now() - began
    # emulated time moves to each sleeper's deadline, not by the sum of their sleeps: the
    # waits end within one poll (the schedule's cap, 12 s, plus jitter) of the start
    assert start <= took <= start + 12 * 1.1


def test_the_emulator_clock_sleeps_many_tasks_in_one_timeline() -> None:
    clock = EmulatorClock(start=1000.0)
    woke: dict[str, float] = {}

    async def sleeper(name: str, seconds: float) -> None:
        await clock.aio.sleep(seconds)
        woke[name] = clock.now()

    async def scenario() -> None:
        await asyncio.gather(sleeper("a", 10), sleeper("b", 10), sleeper("c", 30),
                             sleeper("d", 5))

    asyncio.run(scenario())
    assert woke == {"a": 1010.0, "b": 1010.0, "c": 1030.0, "d": 1005.0}
    assert clock.now() == 1030.0
