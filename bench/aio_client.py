"""streamkit.aio: 1,000 fleet waits at once in one process, and the per-call cost.

Waits. 1,000 fleets over 20 regions (50 each) start together, each taking 6-8 minutes
(stratified, seeded), on one in-process emulator on its frozen clock. Then, in one process
per variant (so each peak RSS is its own): the async client, 20 region clients, one batched
wait each (``wait_until_fleets_running``) and 1,000 single waits as tasks; botocore's
``FleetStarted`` waiter on 1,000 threads (20 clients); the sync client's single waits on
1,000 threads (20 clients). Threads sleep on a barrier clock: emulated time moves to the
earliest deadline once every thread sleeps, as the async emulator clock does for tasks, so
every variant sees time as if it slept alone. botocore sleeps its 30 s through a
``before-call`` handler (as ``polling.py`` drives it). Figures: DescribeFleets calls per
poll tick per region client (AppStream takes 25 names per call, so 50 fleets take 2), the
emulated time from the start of the waits to the last one's end against the slowest
fleet's start, calls in all, peak RSS of the process (emulator included), real seconds.

Per call. One read, translated, against the raw async SDK call: on AWS ``await
cloud.stacks.get(name)`` against aiobotocore's ``describe_stacks`` (``fleets.get`` there
adds a ListAssociatedStacks for ``stack_id``), on Alibaba ``await cloud.fleets.get(id)``
against the Tea SDK's ``get_app_instance_group_with_options_async``; on one loop, CPU time
(client and emulator), in interleaved rounds as ``per_call.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
from table import Row, render, rounds

import streamkit
import streamkit.aio
from streamkit.testing import Emulator
from streamkit.testing.core.clock import EmulatorClock

REGIONS = ("us-east-1", "us-east-2", "us-west-2", "ca-central-1", "ca-west-1", "sa-east-1",
           "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-south-1",
           "eu-south-2", "il-central-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
           "ap-northeast-1", "ap-northeast-2", "ap-northeast-3")
PER_REGION = 50
STARTS = (360.0, 480.0)
BOTOCORE_DELAY = 30.0
VARIANTS = ("async batched", "async singles", "botocore threads", "sync threads")


class BarrierClock:
    """Emulated time for threads: a sleep waits until every party sleeps, then time moves to
    the earliest deadline and wakes who is due (each on its own event: no thundering herd).
    ``leave()`` when a party is done."""

    def __init__(self, clock: EmulatorClock, parties: int) -> None:
        self._clock = clock
        self._parties = parties
        self._asleep: list[tuple[float, int, threading.Event]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._clock.now()

    def sleep(self, seconds: float) -> None:
        woken = threading.Event()
        with self._lock:
            deadline = self._clock.now() + max(seconds, 0.0)
            heapq.heappush(self._asleep, (deadline, next(self._order), woken))
            self._move()
        woken.wait()

    def leave(self) -> None:
        with self._lock:
            self._parties -= 1
            self._move()

    def _move(self) -> None:
        if not self._asleep or len(self._asleep) < self._parties:
            return
        ahead = self._asleep[0][0] - self._clock.now()
        if ahead > 0:
            self._clock.advance(ahead)
        now = self._clock.now()
        while self._asleep and self._asleep[0][0] <= now:
            heapq.heappop(self._asleep)[2].set()


def _start_fleets(emu: Emulator) -> tuple[dict[str, list[str]], float]:
    """The fleets by region, all started now; the slowest one's start (seconds)."""
    durations = iter(random.Random(7).sample(
        [STARTS[0] + (STARTS[1] - STARTS[0]) * (i + 0.5) / (len(REGIONS) * PER_REGION)
         for i in range(len(REGIONS) * PER_REGION)], len(REGIONS) * PER_REGION))
    names: dict[str, list[str]] = {}
    slowest = 0.0
    for region in REGIONS:
        cloud = streamkit.connect("aws", **emu.connect_args("aws", region))
        names[region] = [f"fleet-{n:02d}" for n in range(PER_REGION)]
        for name in names[region]:
            cloud.fleets.create(streamkit.FleetSpec(
                name=name, instance_type="stream.standard.small",
                image_id="AppStream-WinServer2019-06-12-2024"))
            seconds = next(durations)
            slowest = max(slowest, seconds)
            emu.aws.timings = attrs.evolve(emu.aws.timings, fleet_start=seconds)
            cloud.fleets.start(name)
    return names, slowest


def _async_waits(emu: Emulator, names: dict[str, list[str]], batched: bool,
                 count: Callable[[streamkit.CallRecord], None],
                 ticks: dict[str, int]) -> None:
    def progress(region: str) -> Callable[[streamkit.Observation[Any]], None]:
        def seen(observation: streamkit.Observation[Any]) -> None:
            ticks[region] = max(ticks.get(region, 0), observation.attempt)
        return seen

    async def run() -> None:
        clouds = {region: streamkit.aio.connect("aws", **emu.connect_args("aws", region),
                                                hooks=streamkit.Hooks(on_call=count))
                  for region in REGIONS}
        if batched:
            waits = [cloud.wait_until_fleets_running(names[region],
                                                     on_progress=progress(region))
                     for region, cloud in clouds.items()]
        else:
            waits = [cloud.wait_until_fleet_running(name, on_progress=progress(region))
                     for region, cloud in clouds.items() for name in names[region]]
        await asyncio.gather(*waits)
        for cloud in clouds.values():
            await cloud.aclose()

    asyncio.run(run())


def _threads(work: list[Callable[[], None]], clock: BarrierClock) -> None:
    def party(job: Callable[[], None]) -> None:
        try:
            job()
        finally:
            clock.leave()

    threads = [threading.Thread(target=party, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _botocore_waits(emu: Emulator, names: dict[str, list[str]], clock: BarrierClock,
                    calls: Counter[str]) -> None:
    import boto3
    from botocore.config import Config

    creds = emu.credentials["aws"]
    local = threading.local()
    lock = threading.Lock()

    def sleeps(**_: object) -> None:  # botocore sleeps between polls, not before the first
        if getattr(local, "polled", False):
            clock.sleep(BOTOCORE_DELAY)
        local.polled = True

    def jobs(region: str) -> list[Callable[[], None]]:
        client = boto3.client("appstream", region_name=region, endpoint_url=emu.aws_endpoint,
                              aws_access_key_id=creds["access_key_id"],
                              aws_secret_access_key=creds["secret_access_key"],
                              config=Config(retries={"total_max_attempts": 1},
                                            max_pool_connections=PER_REGION))
        client.meta.events.register("before-call.appstream.DescribeFleets", sleeps)

        def counted(**_: object) -> None:
            with lock:
                calls[region] += 1

        client.meta.events.register("before-call.appstream.DescribeFleets", counted)
        waiter = client.get_waiter("fleet_started")
        return [lambda name=name: waiter.wait(  # type: ignore[misc]
            Names=[name], WaiterConfig={"Delay": 0, "MaxAttempts": 40})
            for name in names[region]]

    _threads([job for region in REGIONS for job in jobs(region)], clock)


def _sync_waits(emu: Emulator, names: dict[str, list[str]], clock: BarrierClock,
                count: Callable[[streamkit.CallRecord], None]) -> None:
    def jobs(region: str) -> list[Callable[[], None]]:
        args = {**emu.connect_args("aws", region), "clock": clock}
        cloud = streamkit.connect("aws", **args, hooks=streamkit.Hooks(on_call=count))
        return [lambda name=name: cloud.wait_until_fleet_running(name)  # type: ignore[misc]
                for name in names[region]]

    _threads([job for region in REGIONS for job in jobs(region)], clock)


def waits(variant: str) -> dict[str, Any]:
    """One variant, in this process: what it measured."""
    calls: Counter[str] = Counter()
    ticks: dict[str, int] = {}
    lock = threading.Lock()

    def count(record: streamkit.CallRecord) -> None:
        if record.operation == "DescribeFleets":
            with lock:
                calls[record.region] += 1

    with Emulator() as emu:
        names, slowest = _start_fleets(emu)
        began, started = emu.clock.now(), time.perf_counter()
        parties = len(REGIONS) * PER_REGION
        if variant.startswith("async"):
            _async_waits(emu, names, variant == "async batched", count, ticks)
        elif variant == "botocore threads":
            _botocore_waits(emu, names, BarrierClock(emu.clock, parties), calls)
        else:
            _sync_waits(emu, names, BarrierClock(emu.clock, parties), count)
        took = emu.clock.now() - began
        real = time.perf_counter() - started
    per_tick = [calls[r] / ticks[r] for r in REGIONS if ticks.get(r)]
    return {"emulated": took, "slowest": slowest, "calls": sum(calls.values()),
            "per_tick": max(per_tick) if per_tick else None, "real": real,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(variant: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--waits", variant], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def per_call(count: int = 101, block: int = 5) -> list[Row]:
    """fleets.get of the async client against the raw async SDK calls (CPU us per call)."""
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session
    from alibabacloud_appstream_center20210901 import models as ali_models
    from alibabacloud_appstream_center20210901.client import Client as AliClient
    from alibabacloud_tea_openapi.utils_models import Config as AliConfig
    from darabonba.runtime import RuntimeOptions

    from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

    rows = []
    loop = asyncio.new_event_loop()
    with Emulator() as emu:
        aws = streamkit.aio.connect("aws", **emu.connect_args("aws"))
        sync = streamkit.connect("aws", **emu.connect_args("aws"))
        sync.stacks.create(streamkit.StackSpec(name="bench"))
        creds = emu.credentials["aws"]
        creator = get_session().create_client(
            "appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
            aws_access_key_id=creds["access_key_id"],
            aws_secret_access_key=creds["secret_access_key"],
            config=AioConfig(retries={"total_max_attempts": 1}))
        raw = loop.run_until_complete(creator.__aenter__())
        mine, theirs = rounds(
            (lambda: loop.run_until_complete(aws.stacks.get("bench")),
             lambda: loop.run_until_complete(raw.describe_stacks(Names=["bench"]))),
            count, block, time.process_time)
        rows.append(Row("async per call: stacks.get, aws", "aiobotocore describe_stacks",
                        theirs * 1e6, mine * 1e6, "us CPU", 1.05))
        loop.run_until_complete(creator.__aexit__(None, None, None))
        loop.run_until_complete(aws.aclose())

        ali = streamkit.aio.connect("alibaba", **emu.connect_args("alibaba"))
        group = streamkit.connect("alibaba", **emu.connect_args("alibaba")).deploy(
            streamkit.DeploymentSpec(
                stack=streamkit.StackSpec(name="bench"),
                fleet=streamkit.FleetSpec(name="bench", instance_type="appstreaming.general.4c8g",
                                          image_id=SYSTEM_IMAGES[0].image_id))).fleet.id
        creds = emu.credentials["alibaba"]
        tea = AliClient(AliConfig(access_key_id=creds["access_key_id"],
                                  access_key_secret=creds["access_key_secret"],
                                  endpoint=emu.alibaba_endpoint, protocol="http",
                                  region_id="cn-shanghai"))
        get = ali_models.GetAppInstanceGroupRequest(app_instance_group_id=group.split("/")[0],
                                                    product_type="CloudApp")
        runtime = RuntimeOptions(autoretry=False)
        mine, theirs = rounds(
            (lambda: loop.run_until_complete(ali.fleets.get(group)),
             lambda: loop.run_until_complete(
                 tea.get_app_instance_group_with_options_async(get, runtime))),
            count, block, time.process_time)
        rows.append(Row("async per call: fleets.get, alibaba",
                        "Tea get_app_instance_group_async", theirs * 1e6, mine * 1e6, "us CPU",
                        1.05))
    loop.close()
    return rows


def measure() -> list[Row]:
    """The wait variants (one child process each) and the per-call cost."""
    found = {variant: _child(variant) for variant in VARIANTS}
    ours = found["async batched"]
    rows = [
        Row("1,000 waits: emulated time to the last", "slowest fleet's start",
            ours["slowest"], ours["emulated"], "s", 1.10),
        # AppStream takes 25 names per DescribeFleets: 50 fleets cannot take fewer than 2
        Row("  DescribeFleets per poll tick per region client", "a botocore waiter per fleet",
            PER_REGION, ours["per_tick"], "calls", limit=2.0),
    ]
    for variant in VARIANTS[1:]:
        other = found[variant]
        rows.append(Row(f"  emulated time, {variant}", "slowest fleet's start",
                        other["slowest"], other["emulated"], "s"))
    for variant in VARIANTS:
        rows.append(Row(f"  DescribeFleets calls: async batched vs {variant}", variant,
                        found[variant]["calls"], ours["calls"], "calls"))
    for variant in VARIANTS[1:]:
        rows.append(Row(f"  peak RSS: async batched vs {variant}", variant,
                        found[variant]["rss_mb"], ours["rss_mb"], "MB"))
    for variant in VARIANTS[1:]:
        rows.append(Row(f"  real time: async batched vs {variant}", variant,
                        found[variant]["real"], ours["real"], "s"))
    return rows + per_call()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--waits", choices=VARIANTS, help="run one wait variant, print JSON")
    args = parser.parse_args()
    if args.waits:
        print(json.dumps(waits(args.waits)))
    else:
        print(render(measure()))


if __name__ == "__main__":
    main()
