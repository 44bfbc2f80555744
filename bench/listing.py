"""Listing 10,000 sessions: time and peak memory, streamkit vs boto3's paginator.

streamkit lists with ``cloud.sessions.list(stack, fleet)`` as a user would, with its default
page size; boto3 with ``get_paginator("describe_sessions")`` and ``PageSize`` the largest page
DescribeSessions allows (``Limit`` <= 50, default 20), which streamkit is meant to ask for on
its own. Both count the sessions without keeping them. The row under the time shows how many
DescribeSessions calls each side made, so a page size that differs shows.

Time: an in-process emulator, whole listings interleaved in rounds, this process's CPU time
(client and emulator; see ``table.rounds``), the median over rounds. Memory: the emulator
runs in its own process (``streamkit emulator``) so that ``tracemalloc`` sees only the
client's allocations. Memory bounded by one page means the peak for 10,000 sessions is that
for 1,000.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config
from table import Row, render, rounds

import streamkit
from streamkit.testing import Emulator

LARGEST_PAGE = 50  # DescribeSessions: Limit <= 50
STACK = "listing"
IMAGE = "AppStream-WinServer2019-06-12-2024"


@contextmanager
def emulator_process() -> Iterator[dict[str, Any]]:
    """A ``streamkit emulator`` in a child process; yields what it prints on start."""
    proc = subprocess.Popen([sys.executable, "-m", "streamkit.cli", "emulator", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield json.loads(proc.stdout.readline())
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _control(endpoint: str, route: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(f"{endpoint}/_streamkit/{route}",
                                     data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _peak_bytes(fn: Callable[[], Any], runs: int) -> int:
    """Peak bytes allocated while ``fn`` runs (the least of ``runs`` runs: caches filled on
    the way are not the listing's doing)."""
    peaks = []
    for _ in range(runs):
        gc.collect()
        tracemalloc.start()
        try:
            fn()
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return min(peaks)


class Sides:
    """Both listings against one endpoint, each counting sessions and its calls."""

    def __init__(self, endpoint: str, keys: dict[str, str], seed: Callable[[str, int], Any],
                 fleets: dict[str, int]) -> None:
        self.calls = {"ours": 0, "theirs": 0}
        self.raw = boto3.client("appstream", region_name="us-east-1", endpoint_url=endpoint,
                                config=Config(retries={"total_max_attempts": 1}), **keys)
        connect = {"region": "us-east-1", "endpoint_url": endpoint,
                   "credentials": streamkit.Credentials(*keys.values())}
        self.cloud = streamkit.connect("aws", **connect)
        self.counted = streamkit.connect("aws", **connect, hooks=streamkit.Hooks(
            on_call=lambda record: self._count(record.operation)))
        self.cloud.stacks.create(streamkit.StackSpec(name=STACK))
        for name, count in fleets.items():
            self.cloud.fleets.create(streamkit.FleetSpec(
                name=name, instance_type="stream.standard.small", image_id=IMAGE))
            self.cloud.stacks.associate_fleet(STACK, name)
            seed(name, count)

    def _count(self, operation: str) -> None:
        if operation == "DescribeSessions":
            self.calls["ours"] += 1

    def ours(self, fleet: str, cloud: streamkit.StreamingCloud | None = None) -> int:
        return sum(1 for _ in (cloud or self.cloud).sessions.list(STACK, fleet))

    def theirs(self, fleet: str) -> int:
        pages = self.raw.get_paginator("describe_sessions").paginate(
            StackName=STACK, FleetName=fleet, PaginationConfig={"PageSize": LARGEST_PAGE})
        total = 0
        for page in pages:
            self.calls["theirs"] += 1
            total += len(page["Sessions"])
        return total


def _time(total: int, count: int) -> tuple[float, float, dict[str, int]]:
    with Emulator() as emu:
        creds = emu.credentials["aws"]
        sides = Sides(emu.aws_endpoint, {"aws_access_key_id": creds["access_key_id"],
                                         "aws_secret_access_key": creds["secret_access_key"]},
                      lambda fleet, n: emu.aws.add_sessions(STACK, fleet, n), {"big": total})
        assert sides.ours("big", sides.counted) == sides.theirs("big") == total  # and warm
        calls = dict(sides.calls)
        mine, theirs = rounds([lambda: sides.ours("big"), lambda: sides.theirs("big")], count, 1,
                              time.process_time)
    return mine, theirs, calls


def _memory(total: int, small: int) -> dict[tuple[str, str], float]:
    with emulator_process() as info:
        endpoint, creds = info["aws"], info["credentials"]["aws"]
        sides = Sides(endpoint, {"aws_access_key_id": creds["access_key_id"],
                                 "aws_secret_access_key": creds["secret_access_key"]},
                      lambda fleet, n: _control(endpoint, "aws/add-sessions",
                                                {"stack": STACK, "fleet": fleet, "count": n}),
                      {"big": total, "small": small})
        assert sides.ours("big") == sides.theirs("big") == total  # caches warm
        listings = {"ours": sides.ours, "theirs": sides.theirs}
        return {(side, fleet): _peak_bytes(lambda s=side, f=fleet: listings[s](f),
                                           runs=2 if fleet == "small" else 1) / 1024
                for side in listings for fleet in ("small", "big")}


def measure(total: int = 10_000, small: int = 1_000, count: int = 3) -> list[Row]:
    mine, theirs, calls = _time(total, count)
    peak = _memory(total, small)
    baseline = f"boto3 paginator, PageSize {LARGEST_PAGE}"
    return [
        Row(f"list {total:,} sessions", baseline, theirs, mine, "s CPU", 1.03),
        Row("  DescribeSessions calls", baseline, calls["theirs"], calls["ours"], "calls"),
        Row(f"peak memory listing {total:,} sessions", "boto3 paginator", peak["theirs", "big"],
            peak["ours", "big"], "KiB"),
        # bounded by a page: 10x the sessions must not mean more memory (linear would be 10x;
        # what remains is cyclic garbage from botocore waiting for CPython's collector)
        Row(f"peak memory, {total:,} vs {small:,} sessions", f"streamkit, {small:,}",
            peak["ours", "small"], peak["ours", "big"], "KiB", 1.25),
        Row("  the same for boto3's paginator", f"boto3, {small:,}",
            peak["theirs", "small"], peak["theirs", "big"], "KiB"),
    ]


if __name__ == "__main__":
    print(render(measure()))
