"""Fan-out over 16 regions: ``streamkit.inventory`` vs the slowest region alone.

One emulator serves every region (the region comes from the request's SigV4 scope). Network
latency is simulated per region on the client side with a public botocore hook: each
region's ``boto3.Session`` gets a ``before-send.appstream`` handler that sleeps that region's
round-trip time (20 ms for the nearest up to 170 ms for the farthest) before the request
goes out. The read lists every fleet of the region (2 pages of 25 in each).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
from table import Row

import streamkit
from streamkit.testing import Emulator

REGIONS = ("us-east-1", "us-east-2", "ca-west-1", "us-west-2", "ca-central-1", "sa-east-1",
           "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "ap-south-1",
           "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2")
FLEETS_PER_REGION = 30


def _latency(seconds: float, on: list[bool]) -> Callable[..., None]:
    def sleep(**_: Any) -> None:
        if on[0]:
            time.sleep(seconds)

    return sleep


def _read(cloud: streamkit.StreamingCloud) -> int:
    return sum(1 for _ in cloud.fleets.list())


def measure(rounds: int = 3) -> list[Row]:
    with Emulator() as emu:
        creds = emu.credentials["aws"]
        clouds = []
        latency = [False]  # off while the fleets are created
        for n, region in enumerate(REGIONS):
            session = boto3.Session(aws_access_key_id=creds["access_key_id"],
                                    aws_secret_access_key=creds["secret_access_key"],
                                    region_name=region)
            # registered before the client exists: a client copies the session's handlers
            session.events.register("before-send.appstream", _latency(0.020 + 0.010 * n, latency))
            cloud = streamkit.connect("aws", region=region, endpoint_url=emu.aws_endpoint,
                                      session=session, clock=emu.clock)
            for i in range(FLEETS_PER_REGION):
                cloud.fleets.create(streamkit.FleetSpec(
                    name=f"fleet-{i:02d}", instance_type="stream.standard.small",
                    image_id="AppStream-WinServer2019-06-12-2024"))
            clouds.append(cloud)
        slowest, latency[0] = clouds[-1], True
        alone, together, sequential = [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            assert _read(slowest) == FLEETS_PER_REGION
            alone.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = streamkit.inventory(clouds, _read)
            together.append(time.perf_counter() - started)
            assert found.ok and set(found.results.values()) == {FLEETS_PER_REGION}
            started = time.perf_counter()
            for cloud in clouds:
                _read(cloud)
            sequential.append(time.perf_counter() - started)
    ms = 1000
    return [
        Row(f"fan-out: list fleets in {len(REGIONS)} regions", "slowest region alone",
            statistics.median(alone) * ms, statistics.median(together) * ms, "ms", 1.5),
        Row("  the same, one region after another", "slowest region alone",
            statistics.median(alone) * ms, statistics.median(sequential) * ms, "ms"),
    ]


if __name__ == "__main__":
    from table import render

    print(render(measure()))
