"""Warm ``streamkit.connect``: what a second connect in a process costs, against the raw SDK.

Run: ``python bench/connect.py`` (or all benchmarks: ``nox -s bench``). AWS is compared with
a boto3 client made from an existing ``boto3.Session`` (botocore's models already loaded) and
with a new ``boto3.Session`` plus client (the models loaded again); Alibaba with a new Tea
``Client``. Every side connects once before timing. Measured in interleaved rounds of this
process's CPU time (see ``table.rounds``); connecting does no I/O, so that is all it costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import boto3
from alibabacloud_appstream_center20210901.client import Client as AliClient
from alibabacloud_tea_openapi.utils_models import Config as AliConfig
from botocore.config import Config
from table import Row, render, rounds

import streamkit
from streamkit.testing import Emulator

LIMIT_MS = 5.0  # a warm connect
CONFIG = Config(retries={"total_max_attempts": 1})


def _aws(emu: Emulator) -> dict[str, Callable[[], Any]]:
    args = emu.connect_args("aws")
    creds = emu.credentials["aws"]
    keys = {"aws_access_key_id": creds["access_key_id"],
            "aws_secret_access_key": creds["secret_access_key"]}
    session = boto3.Session(**keys, region_name="us-east-1")

    def client(from_session: Any) -> Any:
        return from_session.client("appstream", endpoint_url=emu.aws_endpoint, config=CONFIG)

    return {
        "connect": lambda: streamkit.connect("aws", **args),
        "session.client": lambda: client(session),
        "new Session": lambda: client(boto3.Session(**keys, region_name="us-east-1")),
        "connect + get": lambda: streamkit.connect("aws", **args).fleets.get("bench"),
        "client + get": lambda: _fleet_and_stacks(client(session)),
    }


def _fleet_and_stacks(appstream: Any) -> Any:
    """What ``fleets.get`` does on AWS: the fleet, then the stacks it serves."""
    appstream.describe_fleets(Names=["bench"])
    return appstream.list_associated_stacks(FleetName="bench")


def _alibaba(emu: Emulator) -> dict[str, Callable[[], Any]]:
    from alibabacloud_appstream_center20210901 import models
    from darabonba.runtime import RuntimeOptions

    from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

    args = emu.connect_args("alibaba")
    creds = emu.credentials["alibaba"]
    fleet_id = streamkit.connect("alibaba", **args).deploy(streamkit.DeploymentSpec(
        stack=streamkit.StackSpec(name="bench"),
        fleet=streamkit.FleetSpec(name="bench", instance_type="appstreaming.general.4c8g",
                                  image_id=SYSTEM_IMAGES[0].image_id))).fleet.id
    get = models.GetAppInstanceGroupRequest(app_instance_group_id=fleet_id.split("/")[0],
                                            product_type="CloudApp")
    runtime = RuntimeOptions(autoretry=False)

    def client() -> AliClient:
        return AliClient(AliConfig(access_key_id=creds["access_key_id"],
                                   access_key_secret=creds["access_key_secret"],
                                   endpoint=emu.alibaba_endpoint, protocol="http",
                                   region_id="cn-shanghai"))

    return {
        "connect": lambda: streamkit.connect("alibaba", **args),
        "Client": client,
        "connect + get": lambda: streamkit.connect("alibaba", **args).fleets.get(fleet_id),
        "client + get": lambda: client().get_app_instance_group_with_options(get, runtime),
    }


def _cost(sides: dict[str, Callable[[], Any]], count: int) -> dict[str, float]:
    names = list(sides)
    return dict(zip(names, rounds([sides[n] for n in names], count, 1, time.process_time),
                    strict=True))


def measure(count: int = 15) -> list[Row]:
    """Milliseconds per warm connect (CPU time)."""
    ms = 1000
    with Emulator() as emu:
        streamkit.connect("aws", **emu.connect_args("aws")).fleets.create(streamkit.FleetSpec(
            name="bench", instance_type="stream.standard.small",
            image_id="AppStream-WinServer2019-06-12-2024"))
        aws, ali = _cost(_aws(emu), count), _cost(_alibaba(emu), count * 4)
    return [
        Row("warm connect('aws')", "session.client(), one Session", aws["session.client"] * ms,
            aws["connect"] * ms, "ms CPU", limit=LIMIT_MS),
        Row("  the same", "new boto3.Session + client", aws["new Session"] * ms,
            aws["connect"] * ms, "ms CPU"),
        Row("  connect + fleets.get", "client + describe_fleets + list_associated_stacks",
            aws["client + get"] * ms,
            aws["connect + get"] * ms, "ms CPU"),
        Row("warm connect('alibaba')", "new Tea Client(Config)", ali["Client"] * ms,
            ali["connect"] * ms, "ms CPU", limit=LIMIT_MS),
        Row("  connect + fleets.get", "Client + get_app_instance_group", ali["client + get"] * ms,
            ali["connect + get"] * ms, "ms CPU"),
    ]


if __name__ == "__main__":
    print(render(measure()))
