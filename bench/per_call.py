"""Per-call cost of ``cloud.fleets.get`` / ``list`` against the raw SDK call, both providers.

Run: ``python bench/per_call.py [--rounds N]`` (or all benchmarks: ``nox -s bench``).
Every client talks HTTP to the same in-process emulator. Measured in interleaved rounds (see
``table.rounds``): each round times a block of 5 calls of each side, the order alternating,
and the figure is the median over rounds of the mean time per call. The clock is this
process's CPU time (client and emulator; the loopback round trip is all CPU), so other
processes' load on the machine does not count: the ratio holds within about 1% from run
to run where wall-clock time swings by 10% on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

import boto3
from alibabacloud_appstream_center20210901 import models as ali_models
from alibabacloud_appstream_center20210901.client import Client as AliClient
from alibabacloud_tea_openapi.utils_models import Config as AliConfig
from botocore.config import Config
from darabonba.runtime import RuntimeOptions
from table import Row, render, rounds

import streamkit
from streamkit.testing import Emulator

FLEETS = 10  # listed in one page by both sides
Pair = tuple[Callable[[], Any], Callable[[], Any]]


def _deploy(cloud: streamkit.StreamingCloud, instance_type: str, image_id: str) -> list[str]:
    return [cloud.deploy(streamkit.DeploymentSpec(
        stack=streamkit.StackSpec(name=f"bench-{n}"),
        fleet=streamkit.FleetSpec(name=f"bench-fleet-{n}", instance_type=instance_type,
                                  image_id=image_id))).fleet.id for n in range(FLEETS)]


def _aws(emu: Emulator) -> tuple[Pair, Pair]:
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    creds = emu.credentials["aws"]
    raw = boto3.client("appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
                       aws_access_key_id=creds["access_key_id"],
                       aws_secret_access_key=creds["secret_access_key"],
                       config=Config(retries={"total_max_attempts": 1}))
    ids = _deploy(cloud, "stream.standard.small", "AppStream-WinServer2019-06-12-2024")
    paginator = raw.get_paginator("describe_fleets")
    def raw_get() -> Any:  # what fleets.get does on AWS: the fleet, then the stack it serves
        raw.describe_fleets(Names=[ids[0]])
        return raw.list_associated_stacks(FleetName=ids[0])

    return ((lambda: cloud.fleets.get(ids[0]), raw_get),
            (lambda: list(cloud.fleets.list()),
             lambda: [f for page in paginator.paginate() for f in page["Fleets"]]))


def _alibaba(emu: Emulator) -> tuple[Pair, Pair]:
    from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

    cloud = streamkit.connect("alibaba", **emu.connect_args("alibaba"))
    creds = emu.credentials["alibaba"]
    raw = AliClient(AliConfig(access_key_id=creds["access_key_id"],
                              access_key_secret=creds["access_key_secret"],
                              endpoint=emu.alibaba_endpoint, protocol="http",
                              region_id="cn-shanghai"))
    ids = _deploy(cloud, "appstreaming.general.4c8g", SYSTEM_IMAGES[0].image_id)
    get = ali_models.GetAppInstanceGroupRequest(app_instance_group_id=ids[0].split("/")[0],
                                                product_type="CloudApp")
    listing = ali_models.ListAppInstanceGroupRequest(product_type="CloudApp",
                                                     biz_region_id="cn-shanghai",
                                                     page_number=1, page_size=100)
    runtime = RuntimeOptions(autoretry=False)
    return ((lambda: cloud.fleets.get(ids[0]),
             lambda: raw.get_app_instance_group_with_options(get, runtime)),
            (lambda: list(cloud.fleets.list()),
             lambda: raw.list_app_instance_group_with_options(listing, runtime)
             .body.app_instance_group_models))


def measure(count: int = 101, block: int = 5) -> list[Row]:
    """fleets.get and fleets.list against the raw call, per provider (CPU us per call)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)  # the raw Alibaba SDK would send loopback calls to a proxy
    rows = []
    with Emulator() as emu:
        for provider, setup, raw_get, raw_list, target in (
                ("aws", _aws, "describe_fleets + list_associated_stacks",
                 "describe_fleets paginator", 1.03),
                ("alibaba", _alibaba, "get_app_instance_group", "list_app_instance_group",
                 1.00)):
            get, listing = setup(emu)
            for what, pair, raw_name in (("fleets.get", get, raw_get),
                                         (f"fleets.list ({FLEETS})", listing, raw_list)):
                mine, theirs = rounds(pair, count, block, time.process_time)
                rows.append(Row(f"per call: {what}, {provider}", raw_name, theirs * 1e6,
                                mine * 1e6, "us CPU", target))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=101, help="rounds of a block per side")
    parser.add_argument("--block", type=int, default=5, help="calls per block")
    args = parser.parse_args()
    print(render(measure(args.rounds, args.block)))


if __name__ == "__main__":
    main()
