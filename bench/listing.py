"""Listing 10,000 sessions in pages of 50: time and peak memory, streamkit vs boto3's paginator.

The emulator runs in its own process (``streamkit emulator``) so that ``tracemalloc`` sees
only the client's allocations. streamkit pages with ``sessions.list_page(page_size=50,
cursor=...)``; boto3 with ``get_paginator("describe_sessions")`` and ``PageSize=50``; both
count the sessions without keeping them, their pages interleaved one by one; the time shown
is the median time per page times the number of pages. Memory bounded by one page means the
peak for 10,000 sessions is that for 1,000.
"""

from __future__ import annotations

import gc
import json
import statistics
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
from table import Row

import streamkit

PAGE = 50


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


def _peak_bytes(fn: Callable[[], Any], runs: int = 2) -> int:
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


def measure(total: int = 10_000, small: int = 1_000, rounds: int = 3) -> list[Row]:
    with emulator_process() as info:
        endpoint, creds = info["aws"], info["credentials"]["aws"]
        keys = {"aws_access_key_id": creds["access_key_id"],
                "aws_secret_access_key": creds["secret_access_key"]}
        raw = boto3.client("appstream", region_name="us-east-1", endpoint_url=endpoint,
                           config=Config(retries={"total_max_attempts": 1}), **keys)
        cloud = streamkit.connect("aws", region="us-east-1", endpoint_url=endpoint,
                                  credentials=streamkit.Credentials(*keys.values()))
        cloud.stacks.create(streamkit.StackSpec(name="listing"))
        for name, count in (("big", total), ("small", small)):
            cloud.fleets.create(streamkit.FleetSpec(
                name=name, instance_type="stream.standard.small",
                image_id="AppStream-WinServer2019-06-12-2024"))
            cloud.stacks.associate_fleet("listing", name)
            _control(endpoint, "aws/add-sessions", {"stack": "listing", "fleet": name,
                                                    "count": count})

        def ours(fleet: str) -> Iterator[int]:
            cursor = None
            while True:
                page = cloud.sessions.list_page("listing", fleet, page_size=PAGE, cursor=cursor)
                yield len(page.items)
                cursor = page.next_cursor
                if cursor is None:
                    return

        def theirs(fleet: str) -> Iterator[int]:
            pages = raw.get_paginator("describe_sessions").paginate(
                StackName="listing", FleetName=fleet, PaginationConfig={"PageSize": PAGE})
            for page in pages:
                yield len(page["Sessions"])

        assert sum(ours("big")) == sum(theirs("big")) == total  # and warm
        # pages interleave one by one, so load from elsewhere hits both listings alike
        mine: list[float] = []
        raws: list[float] = []
        clock = time.perf_counter
        for _ in range(rounds):
            sides = ((ours("big"), mine), (theirs("big"), raws))
            for n in range(total // PAGE):
                for pages, out in (sides if n % 2 else sides[::-1]):
                    started = clock()
                    next(pages)
                    out.append(clock() - started)
        measured = {(side, fleet): _peak_bytes(lambda s=side, f=fleet: sum(
            (ours if s == "ours" else theirs)(f))) for side in ("ours", "theirs")
            for fleet in ("small", "big")}
    kib, pages = 1024, total // PAGE
    peak = {key: value / kib for key, value in measured.items()}
    return [
        Row(f"list {total:,} sessions, pages of {PAGE}", "boto3 paginator",
            statistics.median(raws) * pages, statistics.median(mine) * pages, "s", 1.10),
        Row(f"peak memory listing {total:,} sessions", "boto3 paginator",
            peak["theirs", "big"], peak["ours", "big"], "KiB"),
        # bounded by a page: 10x the sessions must not mean more memory (linear would be 10x;
        # what remains is cyclic garbage from botocore waiting for CPython's collector)
        Row(f"peak memory, {total:,} vs {small:,} sessions", f"streamkit, {small:,}",
            peak["ours", "small"], peak["ours", "big"], "KiB", 1.25),
        Row("  the same for boto3's paginator", f"boto3, {small:,}",
            peak["theirs", "small"], peak["theirs", "big"], "KiB"),
    ]


if __name__ == "__main__":
    from table import render

    print(render(measure()))
