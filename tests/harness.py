"""What the conformance suite needs from each provider that the neutral API cannot say:
how to seed sessions, fail a fleet, which image and instance type to use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import streamkit
from streamkit import DeploymentSpec, FleetSpec, FleetType, StackSpec
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES


class Harness:
    provider: str
    #: whether the cloud says why a fleet failed (Alibaba's delivery groups do not)
    reports_fleet_errors = False
    base_image = ""
    instance_type = ""
    fleet_start_seconds = 0.0

    def __init__(self, emulator: Emulator, *, asynchronous: bool = False) -> None:
        self.emulator = emulator
        #: with an event loop: the clients are streamkit.aio's, seen through tests.blocking
        self.loop = asyncio.new_event_loop() if asynchronous else None
        self._opened: list[Any] = []
        self.cloud = self.connect()

    def connect(self, **overrides: Any) -> streamkit.StreamingCloud:
        args = self.emulator.connect_args(self.provider)
        args.update(overrides)
        if self.loop is None:
            return streamkit.connect(self.provider, **args)
        from streamkit import aio
        from tests.blocking import Blocking

        cloud = aio.connect(self.provider, **args)
        self._opened.append(cloud)
        return cast(streamkit.StreamingCloud, Blocking(cloud, self.loop))

    def close(self) -> None:
        """Close the async clients and their loop."""
        if self.loop is not None:
            for cloud in self._opened:
                self.loop.run_until_complete(cloud.aclose())
            self.loop.close()

    def advance(self, seconds: float) -> None:
        self.emulator.clock.advance(seconds)

    def deployment_spec(self, name: str, desired: int = 1) -> DeploymentSpec:
        return DeploymentSpec(
            stack=StackSpec(name=f"{name}-stack", display_name=f"{name} stack"),
            fleet=FleetSpec(name=f"{name}-fleet", instance_type=self.instance_type,
                            image_id=self.base_image, fleet_type=FleetType.ALWAYS_ON,
                            desired_capacity=desired),
        )

    def add_session(self, stack_id: str, fleet_id: str, user_id: str) -> str:
        raise NotImplementedError

    def fail_fleet(self, fleet_id: str, code: str, message: str) -> None:
        raise NotImplementedError

    def add_users(self, user_ids: list[str]) -> None:
        """Make ``user_ids`` users the cloud can entitle to a stack."""


def appstream_client(emulator: Emulator, region: str = "us-east-1") -> Any:
    """A boto3 AppStream client of the emulator, one attempt per call."""
    import boto3
    from botocore.config import Config

    creds = emulator.credentials["aws"]
    return boto3.client("appstream", region_name=region, endpoint_url=emulator.aws_endpoint,
                        aws_access_key_id=creds["access_key_id"],
                        aws_secret_access_key=creds["secret_access_key"],
                        config=Config(retries={"total_max_attempts": 1}))


class AwsHarness(Harness):
    provider = "aws"
    reports_fleet_errors = True
    base_image = "AppStream-WinServer2019-06-12-2024"
    instance_type = "stream.standard.medium"

    def __init__(self, emulator: Emulator, *, asynchronous: bool = False) -> None:
        super().__init__(emulator, asynchronous=asynchronous)
        self.fleet_start_seconds = float(emulator.aws.timings.fleet_start)

    def add_session(self, stack_id: str, fleet_id: str, user_id: str) -> str:
        return self.emulator.aws.add_session(stack_id, fleet_id, user_id)

    def fail_fleet(self, fleet_id: str, code: str, message: str) -> None:
        self.emulator.aws.fail_fleet(fleet_id, [(code, message)], immediately=True)

    def add_users(self, user_ids: list[str]) -> None:
        for user_id in user_ids:  # only user pool users can be entitled to stacks
            self.emulator.aws.add_user(user_id)


class AlibabaHarness(Harness):
    provider = "alibaba"
    base_image = SYSTEM_IMAGES[0].image_id
    instance_type = "appstreaming.general.4c8g"

    def __init__(self, emulator: Emulator, *, asynchronous: bool = False) -> None:
        super().__init__(emulator, asynchronous=asynchronous)
        self.fleet_start_seconds = float(emulator.alibaba.timings.group_deploy)

    def add_session(self, stack_id: str, fleet_id: str, user_id: str) -> str:
        return self.emulator.alibaba.add_session(stack_id, user_id)

    def fail_fleet(self, fleet_id: str, code: str, message: str) -> None:
        group_id = fleet_id.split("/")[0]
        self.emulator.alibaba.fail_group(group_id, code, message, immediately=True)


HARNESSES: dict[str, Callable[..., Harness]] = {"aws": AwsHarness,
                                                        "alibaba": AlibabaHarness}
