"""Waiting for fleets to start: detection lag and DescribeFleets calls, streamkit vs botocore.

Everything runs against one in-process emulator on its frozen clock, so a 7-minute start
takes milliseconds and every number is exact. Lag is the time from the moment the fleet
turns RUNNING (StartFleet + ``fleet_start``) to the poll that sees it.

botocore's ``FleetStarted`` waiter sleeps with ``time.sleep(30)``. It is driven on the same
clock through public botocore API only: ``WaiterConfig={"Delay": 0}`` removes the real sleep,
and a ``before-call.appstream.DescribeFleets`` handler (``client.meta.events.register``)
advances the emulator clock by the 30 s botocore would have slept before every poll but the
first. Its schedule is deterministic, so this is exactly what it does in real time.

Against a deterministic clock botocore's lag depends on the phase of the start against its
30 s ticks, so each measurement is over a spread of start durations: 20 starts of 6-8 min
(stratified, seeded), and as a check of the other side of the trade-off 20 starts of 1-5
min, shorter than the quiet period of streamkit's fleet schedule.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import attrs
import boto3
from botocore.config import Config
from table import Row

import streamkit
from streamkit.testing import Emulator
from streamkit.waiting import FLEET_RUNNING, PollSchedule

BOTOCORE_DELAY = 30.0  # FleetStarted: delay 30 s, 40 attempts
EXPECTED = (360.0, 480.0)  # 6-8 minute starts
EARLY = (60.0, 300.0)  # starts faster than the fleet schedule's quiet period
TRIALS = 20
BATCH = 50

#: schedules measured side by side; ``None`` is botocore's waiter
CANDIDATES: dict[str, PollSchedule | None] = {
    "botocore FleetStarted: every 30 s": None,
    "streamkit 0.1 default: 2 s x1.5 up to 15 s": PollSchedule(),
    "uniform: 2 s x2 up to 20 s": PollSchedule(initial=2, factor=2, cap=20),
    "uniform: 2 s x2 up to 25 s": PollSchedule(initial=2, factor=2, cap=25),
    "quiet 300 s (<= 30 s), then 10 s": attrs.evolve(FLEET_RUNNING.schedule, cap=10.0),
    "quiet 300 s (<= 30 s), then 12 s  [default]": FLEET_RUNNING.schedule,
    "quiet 300 s (<= 30 s), then 15 s": attrs.evolve(FLEET_RUNNING.schedule, cap=15.0),
    "quiet 300 s (<= 60 s), then 12 s": attrs.evolve(FLEET_RUNNING.schedule, quiet_cap=60.0),
    "quiet 300 s (<= 90 s), then 15 s": attrs.evolve(FLEET_RUNNING.schedule, cap=15.0,
                                                     quiet_cap=90.0),
}


@dataclass(frozen=True)
class Waits:
    """Lags (seconds after the flip) and describe calls of a set of waits."""

    lags: Sequence[float]
    calls: Sequence[int]

    @property
    def mean_lag(self) -> float:
        return statistics.mean(self.lags)

    @property
    def p90_lag(self) -> float:
        return statistics.quantiles(self.lags, n=10, method="inclusive")[-1]

    @property
    def mean_calls(self) -> float:
        return statistics.mean(self.calls)


def spread(n: int, low: float, high: float, seed: int) -> list[float]:
    """``n`` durations covering [low, high) evenly, each jittered within its stratum."""
    rng = random.Random(seed)
    return [low + (high - low) * (i + rng.random()) / n for i in range(n)]


class Lab:
    """Fleets to start on the emulator, streamkit clients and a botocore client to wait."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.describes = 0
        self.made = 0
        creds = emu.credentials["aws"]
        self.raw = boto3.client("appstream", region_name="us-east-1",
                                endpoint_url=emu.aws_endpoint,
                                aws_access_key_id=creds["access_key_id"],
                                aws_secret_access_key=creds["secret_access_key"],
                                config=Config(retries={"total_max_attempts": 1}))
        self._botocore_polls = 0
        self.raw.meta.events.register("before-call.appstream.DescribeFleets",
                                      self._botocore_sleeps)
        self.cloud = self.client(None)

    def _count(self, record: streamkit.CallRecord) -> None:
        if record.operation == "DescribeFleets":
            self.describes += 1

    def _botocore_sleeps(self, **_: object) -> None:
        if self._botocore_polls:  # botocore sleeps between polls, not before the first
            self.emu.clock.advance(BOTOCORE_DELAY)
        self._botocore_polls += 1

    def client(self, schedule: PollSchedule | None) -> streamkit.StreamingCloud:
        return streamkit.connect("aws", **self.emu.connect_args("aws"), poll=schedule,
                                 hooks=streamkit.Hooks(on_call=self._count))

    def start(self, seconds: float) -> tuple[str, float]:
        """A new fleet, started now to run after ``seconds``; its name and flip time."""
        name = f"fleet-{self.made:04d}"
        self.made += 1
        self.cloud.fleets.create(streamkit.FleetSpec(
            name=name, instance_type="stream.standard.small",
            image_id="AppStream-WinServer2019-06-12-2024"))
        self.emu.aws.timings = attrs.evolve(self.emu.aws.timings, fleet_start=seconds)
        self.cloud.fleets.start(name)
        return name, self.emu.clock.now() + seconds

    def botocore_waits(self, durations: Sequence[float]) -> Waits:
        waiter = self.raw.get_waiter("fleet_started")
        lags, calls = [], []
        for seconds in durations:
            name, flip = self.start(seconds)
            self._botocore_polls = 0
            waiter.wait(Names=[name], WaiterConfig={"Delay": 0, "MaxAttempts": 40})
            lags.append(self.emu.clock.now() - flip)
            calls.append(self._botocore_polls)
        return Waits(lags, calls)

    def streamkit_waits(self, durations: Sequence[float],
                        schedule: PollSchedule | None) -> Waits:
        cloud = self.client(schedule)
        lags, calls = [], []
        for seconds in durations:
            name, flip = self.start(seconds)
            before = self.describes
            cloud.wait_until_fleet_running(name)
            lags.append(self.emu.clock.now() - flip)
            calls.append(self.describes - before)
        return Waits(lags, calls)

    def waits(self, durations: Sequence[float], schedule: PollSchedule | None,
              botocore: bool) -> Waits:
        return (self.botocore_waits(durations) if botocore
                else self.streamkit_waits(durations, schedule))

    def batch(self, durations: Sequence[float]) -> tuple[Waits, float]:
        """One batched wait over fleets started together; per-fleet lags, calls, last lag."""
        flips = dict(self.start(seconds) for seconds in durations)
        started = self.emu.clock.now()
        seen: dict[str, float] = {}

        def progress(observation: streamkit.Observation[streamkit.Fleet]) -> None:
            if observation.state == "RUNNING":
                seen[observation.resource_id] = started + observation.elapsed
        before = self.describes
        self.cloud.wait_until_fleets_running(list(flips), on_progress=progress)
        lags = [seen[name] - flip for name, flip in flips.items()]
        return Waits(lags, [self.describes - before]), self.emu.clock.now() - max(flips.values())


def sweep(lab: Lab) -> list[tuple[str, Waits, Waits]]:
    """Every candidate schedule over both spreads of start durations."""
    expected = spread(TRIALS, *EXPECTED, seed=7)
    early = spread(TRIALS, *EARLY, seed=8)
    return [(name, lab.waits(expected, schedule, schedule is None),
             lab.waits(early, schedule, schedule is None))
            for name, schedule in CANDIDATES.items()]


def render_sweep(results: list[tuple[str, Waits, Waits]]) -> str:
    base = {"expected": results[0][1], "early": results[0][2]}
    head = (f"{'schedule':<46}{'6-8 min: lag mean/med/p90':>28}{'calls':>8}"
            f"{'1-5 min: lag mean/p90':>25}{'calls':>8}")
    lines = [head, "-" * len(head)]
    for name, expected, early in results:
        lines.append(
            f"{name:<46}"
            f"{expected.mean_lag:>8.1f} ({expected.mean_lag / base['expected'].mean_lag:.2f}x)"
            f"{statistics.median(expected.lags):>6.1f}{expected.p90_lag:>7.1f}"
            f"{expected.mean_calls:>8.1f}"
            f"{early.mean_lag:>10.1f} ({early.mean_lag / base['early'].mean_lag:.2f}x)"
            f"{early.p90_lag:>7.1f}{early.mean_calls:>8.1f}")
    return "\n".join(lines)


def measure(show: Callable[[str], None] = print) -> list[Row]:
    random.seed(2024)  # PollSchedule's jitter
    with Emulator() as emu:
        lab = Lab(emu)
        results = sweep(lab)
        show("Polling schedules, each over 20 fleet starts per spread (seconds; calls = "
             "DescribeFleets per wait):\n" + render_sweep(results))
        botocore = results[0][1]
        ours = next(expected for name, expected, _ in results if "[default]" in name)
        durations = spread(BATCH, *EXPECTED, seed=9)
        waiters = lab.botocore_waits(durations)
        singles = lab.streamkit_waits(durations, None)
        batched, last = lab.batch(durations)
        one_page = _one_page_per_call(lab, durations)
    return [
        Row("1 waiter, 20 starts of 6-8 min: mean lag", "botocore FleetStarted",
            botocore.mean_lag, ours.mean_lag, "s", 0.5),
        Row("  median lag", "botocore FleetStarted", statistics.median(botocore.lags),
            statistics.median(ours.lags), "s"),
        Row("  p90 lag", "botocore FleetStarted", botocore.p90_lag, ours.p90_lag, "s"),
        Row("  DescribeFleets calls per wait", "botocore FleetStarted", botocore.mean_calls,
            ours.mean_calls, "calls", 1.5),
        Row(f"{BATCH} fleets, 6-8 min: DescribeFleets calls", f"{BATCH} botocore waiters",
            sum(waiters.calls), batched.calls[0], "calls", 1 / 20),
        Row("  mean lag per fleet", f"{BATCH} botocore waiters", waiters.mean_lag,
            batched.mean_lag, "s"),
        Row("  lag of the last fleet (wait returns)", f"{BATCH} botocore waiters",
            max(waiters.lags), last, "s"),
        Row("  calls: batched vs 50 streamkit waiters", f"{BATCH} streamkit waiters",
            sum(singles.calls), batched.calls[0], "calls"),
        Row("  what if one call answered 50 names", f"{BATCH} botocore waiters",
            sum(waiters.calls), one_page.calls[0], "calls"),
    ]


def _one_page_per_call(lab: Lab, durations: Sequence[float]) -> Waits:
    """The batch again, had DescribeFleets answered 50 named fleets in one page (the emulator
    pages them 25 at a time, and streamkit asks for 25 names per call)."""
    from streamkit.providers.aws import adapter

    sizes, chunk = lab.emu.aws.page_sizes, adapter.DESCRIBE_CHUNK
    lab.emu.aws.page_sizes = attrs.evolve(sizes, fleets=BATCH)
    adapter.DESCRIBE_CHUNK = BATCH
    try:
        return lab.batch(durations)[0]
    finally:
        lab.emu.aws.page_sizes, adapter.DESCRIBE_CHUNK = sizes, chunk


if __name__ == "__main__":
    from table import render

    print(render(measure()))
