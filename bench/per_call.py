"""Per-call cost of ``cloud.fleets.get`` against the raw SDK call, both providers, one run.

Run: ``nox -s bench`` or ``python bench/per_call.py [--calls N] [--rounds R]``. Every client
talks HTTP to the same in-process emulator; rounds alternate streamkit and the raw SDK so
machine drift hits both sides alike. Prints the median time per call and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
from alibabacloud_appstream_center20210901 import models as ali_models
from alibabacloud_appstream_center20210901.client import Client as AliClient
from alibabacloud_tea_openapi.utils_models import Config as AliConfig
from botocore.config import Config
from darabonba.runtime import RuntimeOptions

import streamkit
from streamkit.testing import Emulator


def _per_call(fn: Callable[[], Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _compare(ours: Callable[[], Any], raw: Callable[[], Any], calls: int,
             rounds: int) -> tuple[float, float]:
    ours(), raw()  # warm connections and caches
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        theirs.append(_per_call(raw, calls))
        mine.append(_per_call(ours, calls))
    return statistics.median(mine), statistics.median(theirs)


def _aws(emu: Emulator) -> tuple[Callable[[], Any], Callable[[], Any]]:
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    creds = emu.credentials["aws"]
    raw = boto3.client("appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
                       aws_access_key_id=creds["access_key_id"],
                       aws_secret_access_key=creds["secret_access_key"],
                       config=Config(retries={"total_max_attempts": 1}))
    fleet = cloud.deploy(streamkit.DeploymentSpec(
        stack=streamkit.StackSpec(name="bench"),
        fleet=streamkit.FleetSpec(name="bench-fleet", instance_type="stream.standard.small",
                                  image_id="AppStream-WinServer2019-06-12-2024"))).fleet
    return (lambda: cloud.fleets.get(fleet.id),
            lambda: raw.describe_fleets(Names=[fleet.id]))


def _alibaba(emu: Emulator) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

    cloud = streamkit.connect("alibaba", **emu.connect_args("alibaba"))
    creds = emu.credentials["alibaba"]
    raw = AliClient(AliConfig(access_key_id=creds["access_key_id"],
                              access_key_secret=creds["access_key_secret"],
                              endpoint=emu.alibaba_endpoint, protocol="http",
                              region_id="cn-shanghai"))
    fleet = cloud.deploy(streamkit.DeploymentSpec(
        stack=streamkit.StackSpec(name="bench"),
        fleet=streamkit.FleetSpec(name="bench-fleet", instance_type="appstreaming.general.4c8g",
                                  image_id=SYSTEM_IMAGES[0].image_id))).fleet
    request = ali_models.GetAppInstanceGroupRequest(app_instance_group_id=fleet.stack_id,
                                                    product_type="CloudApp")
    runtime = RuntimeOptions()
    return (lambda: cloud.fleets.get(fleet.id),
            lambda: raw.get_app_instance_group_with_options(request, runtime))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)  # the raw Alibaba SDK would send loopback calls to a proxy
    rows = []
    with Emulator() as emu:
        for provider, setup, raw_name in (
                ("aws", _aws, "boto3 describe_fleets(Names=[id])"),
                ("alibaba", _alibaba, "Tea SDK get_app_instance_group")):
            ours, raw = setup(emu)
            mine, theirs = _compare(ours, raw, args.calls, args.rounds)
            rows.append((provider, raw_name, theirs, mine))
    print(f"{'provider':<9}{'raw SDK call':<36}{'raw us':>9}{'streamkit us':>14}{'ratio':>8}")
    for provider, raw_name, theirs, mine in rows:
        print(f"{provider:<9}{raw_name:<36}{theirs * 1e6:>9.0f}{mine * 1e6:>14.0f}"
              f"{mine / theirs:>7.3f}x")
    print(f"(cloud.fleets.get(id) vs the raw call; median of {args.rounds} rounds x "
          f"{args.calls} calls, same emulator, same process)")


if __name__ == "__main__":
    main()
