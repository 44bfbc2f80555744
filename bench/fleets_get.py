"""Per-call cost of ``cloud.fleets.get`` against raw boto3 ``describe_fleets``, same emulator.

Run: ``nox -s bench`` or ``python bench/fleets_get.py [--calls N]``. Both clients talk HTTP to
the in-process emulator; rounds alternate so drift hits both sides alike. Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import time

import boto3
from botocore.config import Config

import streamkit
from streamkit.testing import Emulator


def _median_per_call(fn: object, calls: int, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) / calls)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with Emulator() as emu:
        cloud = streamkit.connect("aws", **emu.connect_args("aws"))
        creds = emu.credentials["aws"]
        raw = boto3.client("appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
                           aws_access_key_id=creds["access_key_id"],
                           aws_secret_access_key=creds["secret_access_key"],
                           config=Config(retries={"total_max_attempts": 1}))
        cloud.deploy(streamkit.DeploymentSpec(
            stack=streamkit.StackSpec(name="bench"),
            fleet=streamkit.FleetSpec(name="bench-fleet", instance_type="stream.standard.small",
                                      image_id="AppStream-WinServer2019-06-12-2024")))
        ours, theirs = [], []
        for _ in range(args.rounds):  # interleave so both sides see the same machine state
            theirs += _median_per_call(lambda: raw.describe_fleets(Names=["bench-fleet"]),
                                       args.calls, 1)
            ours += _median_per_call(lambda: cloud.fleets.get("bench-fleet"), args.calls, 1)
    t, o = statistics.median(theirs), statistics.median(ours)
    print(f"{'call':<44}{'median us/call':>16}")
    print(f"{'boto3 describe_fleets(Names=[...])':<44}{t * 1e6:>16.0f}")
    print(f"{'streamkit cloud.fleets.get(id)':<44}{o * 1e6:>16.0f}")
    print(f"ratio streamkit / boto3: {o / t:.3f}x  ({args.rounds} rounds x {args.calls} calls)")


if __name__ == "__main__":
    main()
