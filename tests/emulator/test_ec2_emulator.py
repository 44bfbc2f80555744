"""The simulated EC2 Windows fast launch, driven over HTTP by the real boto3 ``ec2`` client
(and the AWS CLI): the query protocol, paging, error codes and the state machine."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from streamkit.testing.ec2 import Ec2Timings
from streamkit.testing.emulator import Emulator

WIN1 = "ami-0a1b2c3d4e5f60001"
WIN2 = "ami-0a1b2c3d4e5f60002"
LINUX = "ami-0a1b2c3d4e5f60003"


def make_client(emu: Emulator, region: str = "us-east-1", *, secret: str | None = None) -> Any:
    creds = emu.credentials["aws"]
    return boto3.session.Session().client(
        "ec2", region_name=region, endpoint_url=emu.aws_endpoint,
        aws_access_key_id=creds["access_key_id"],
        aws_secret_access_key=secret or creds["secret_access_key"],
        config=botocore.config.Config(retries={"total_max_attempts": 1}))


@pytest.fixture(scope="module")
def ec2(server: Emulator) -> Any:
    return make_client(server)


def fails(call: Callable[..., Any], **params: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as err:
        call(**params)
    response = err.value.response
    return (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"],
            response["Error"]["Message"])


def control(emu: Emulator, action: str, payload: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(f"{emu.aws_endpoint}/_streamkit/ec2/{action}",
                                     data=json.dumps(payload).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_enable_describe_and_disable_follow_the_clock(emu: Emulator, ec2: Any) -> None:
    assert ec2.describe_fast_launch_images()["FastLaunchImages"] == []
    started = emu.clock.now()
    answer = ec2.enable_fast_launch(
        ImageId=WIN1, ResourceType="snapshot", MaxParallelLaunches=8,
        SnapshotConfiguration={"TargetResourceCount": 3},
        LaunchTemplate={"LaunchTemplateName": "win-lt", "Version": "2"})
    assert answer["State"] == "enabling"
    assert answer["StateTransitionTime"].timestamp() == pytest.approx(started, abs=1e-3)
    assert answer["ResponseMetadata"]["RequestId"]

    emu.clock.advance(599)
    [item] = ec2.describe_fast_launch_images()["FastLaunchImages"]
    assert item["State"] == "enabling"
    emu.clock.advance(1)
    [item] = ec2.describe_fast_launch_images(ImageIds=[WIN1])["FastLaunchImages"]
    assert item == {
        "ImageId": WIN1, "ResourceType": "snapshot",
        "SnapshotConfiguration": {"TargetResourceCount": 3},
        "LaunchTemplate": {"LaunchTemplateName": "win-lt", "Version": "2"},
        "MaxParallelLaunches": 8, "OwnerId": "123456789012", "State": "enabled",
        "StateTransitionReason": item["StateTransitionReason"],
        "StateTransitionTime": item["StateTransitionTime"],
    }
    assert item["StateTransitionTime"].timestamp() == pytest.approx(started + 600, abs=1e-3)

    assert ec2.disable_fast_launch(ImageId=WIN1, Force=True)["State"] == "disabling"
    emu.clock.advance(299)
    assert [i["State"] for i in ec2.describe_fast_launch_images()["FastLaunchImages"]] == [
        "disabling"]
    emu.clock.advance(1)
    assert ec2.describe_fast_launch_images()["FastLaunchImages"] == []


def test_a_failure_ends_the_enable_in_enabling_failed(emu: Emulator, ec2: Any) -> None:
    ec2.enable_fast_launch(ImageId=WIN2)
    emu.ec2.fail_fast_launch(WIN2, "Client.InternalError: the launch template is invalid")
    emu.clock.advance(600)
    [item] = ec2.describe_fast_launch_images()["FastLaunchImages"]
    assert item["State"] == "enabling-failed"
    assert item["StateTransitionReason"] == "Client.InternalError: the launch template is invalid"
    # a failed image can be enabled again; the failure was used up
    assert ec2.enable_fast_launch(ImageId=WIN2)["State"] == "enabling"
    emu.clock.advance(600)
    assert ec2.describe_fast_launch_images()["FastLaunchImages"][0]["State"] == "enabled"


def test_paginator_walks_every_page(emu: Emulator, ec2: Any) -> None:
    ids = [f"ami-{n:017x}" for n in range(1, 8)]
    for image_id in ids:
        emu.ec2.add_image(image_id)
        ec2.enable_fast_launch(ImageId=image_id)
    pages = list(ec2.get_paginator("describe_fast_launch_images").paginate(
        PaginationConfig={"PageSize": 3}))
    assert [len(p["FastLaunchImages"]) for p in pages] == [3, 3, 1]
    assert "NextToken" in pages[0] and "NextToken" not in pages[-1]
    assert [i["ImageId"] for p in pages for i in p["FastLaunchImages"]] == sorted(ids)

    exact = ec2.describe_fast_launch_images(MaxResults=7)
    assert len(exact["FastLaunchImages"]) == 7 and "NextToken" not in exact


def test_filters_narrow_and_match_wildcards(emu: Emulator, ec2: Any) -> None:
    emu.ec2.add_image("ami-00000000000000aa", owner_id="210987654321")
    for image_id in (WIN1, WIN2, "ami-00000000000000aa"):
        ec2.enable_fast_launch(ImageId=image_id)
    emu.clock.advance(600)
    ec2.disable_fast_launch(ImageId=WIN2)

    def ids(**params: Any) -> list[str]:
        return [i["ImageId"] for i in ec2.describe_fast_launch_images(**params)[
            "FastLaunchImages"]]

    assert ids(Filters=[{"Name": "state", "Values": ["enabled"]}]) == [
        "ami-00000000000000aa", WIN1]
    assert ids(Filters=[{"Name": "state", "Values": ["dis*"]}]) == [WIN2]
    assert ids(Filters=[{"Name": "owner-id", "Values": ["210987654321"]}]) == [
        "ami-00000000000000aa"]
    assert ids(Filters=[{"Name": "resource-type", "Values": ["snapshot"]},
                        {"Name": "state", "Values": ["enabl?d"]}], ImageIds=[WIN1]) == [WIN1]
    assert fails(ec2.describe_fast_launch_images,
                 Filters=[{"Name": "platform", "Values": ["windows"]}])[:2] == (
        "InvalidParameterValue", 400)


@pytest.mark.parametrize(("operation", "params", "code", "status"), [
    ("describe_fast_launch_images", {"ImageIds": ["ami-0000000000000dead"]},
     "InvalidAMIID.NotFound", 400),
    ("describe_fast_launch_images", {"ImageIds": ["ami-XYZ"]}, "InvalidAMIID.Malformed", 400),
    ("describe_fast_launch_images", {"MaxResults": 201}, "InvalidParameterValue", 400),
    ("describe_fast_launch_images", {"NextToken": "forged"}, "InvalidPaginationToken", 400),
    ("describe_fast_launch_images", {"DryRun": True}, "DryRunOperation", 412),
    ("enable_fast_launch", {"ImageId": "ami-0000000000000dead"}, "InvalidAMIID.NotFound", 400),
    ("enable_fast_launch", {"ImageId": "image-1"}, "InvalidAMIID.Malformed", 400),
    ("enable_fast_launch", {"ImageId": LINUX}, "InvalidParameterValue", 400),
    ("enable_fast_launch", {"ImageId": WIN1, "MaxParallelLaunches": 5},
     "InvalidParameterValue", 400),
    ("enable_fast_launch", {"ImageId": WIN1, "SnapshotConfiguration": {
        "TargetResourceCount": 0}}, "InvalidParameterValue", 400),
    ("enable_fast_launch", {"ImageId": WIN1, "LaunchTemplate": {
        "LaunchTemplateId": "lt-0123456789abcdef0", "LaunchTemplateName": "x",
        "Version": "1"}}, "InvalidParameterCombination", 400),
    ("enable_fast_launch", {"ImageId": WIN1, "DryRun": True}, "DryRunOperation", 412),
    ("disable_fast_launch", {"ImageId": WIN1}, "InvalidParameterValue", 400),
    ("describe_instances", {}, "InvalidAction", 400),
])
def test_errors_carry_ec2_codes_and_statuses(ec2: Any, operation: str, params: dict[str, Any],
                                             code: str, status: int) -> None:
    assert fails(getattr(ec2, operation), **params)[:2] == (code, status)


def test_dry_run_changes_nothing_and_enable_while_disabling_is_refused(
        emu: Emulator, ec2: Any) -> None:
    fails(ec2.enable_fast_launch, ImageId=WIN1, DryRun=True)
    assert ec2.describe_fast_launch_images()["FastLaunchImages"] == []
    ec2.enable_fast_launch(ImageId=WIN1)
    ec2.disable_fast_launch(ImageId=WIN1)
    assert fails(ec2.enable_fast_launch, ImageId=WIN1)[:2] == ("IncorrectState", 400)


def test_a_token_only_works_for_the_listing_that_issued_it(ec2: Any) -> None:
    for image_id in (WIN1, WIN2):
        ec2.enable_fast_launch(ImageId=image_id)
    token = ec2.describe_fast_launch_images(MaxResults=1)["NextToken"]
    assert ec2.describe_fast_launch_images(MaxResults=1, NextToken=token)[
        "FastLaunchImages"][0]["ImageId"] == WIN2
    other = {"Filters": [{"Name": "state", "Values": ["enabling"]}]}
    assert fails(ec2.describe_fast_launch_images, NextToken=token, **other)[0] == (
        "InvalidPaginationToken")


def test_wrong_secret_is_an_auth_failure(emu: Emulator) -> None:
    bad = make_client(emu, secret="not-the-secret")
    assert fails(bad.describe_fast_launch_images)[:2] == ("AuthFailure", 401)


def test_regions_are_separate(emu: Emulator, ec2: Any) -> None:
    ec2.enable_fast_launch(ImageId=WIN1)
    west = make_client(emu, "us-west-2")
    assert west.describe_fast_launch_images()["FastLaunchImages"] == []
    assert west.enable_fast_launch(ImageId=WIN1)["State"] == "enabling"


def test_control_routes_and_reset(emu: Emulator, ec2: Any) -> None:
    assert control(emu, "add-image", {"image_id": "ami-0000000000000beef",
                                      "platform": "linux"}) == (
        200, {"image_id": "ami-0000000000000beef"})
    assert fails(ec2.enable_fast_launch, ImageId="ami-0000000000000beef")[0] == (
        "InvalidParameterValue")
    assert control(emu, "timings", {"enable": 5})[1] == {"enable": 5.0, "disable": 300.0}
    assert control(emu, "fail-fast-launch", {"image_id": WIN1, "reason": "boom"})[0] == 200
    ec2.enable_fast_launch(ImageId=WIN1)
    emu.clock.advance(5)
    [item] = ec2.describe_fast_launch_images()["FastLaunchImages"]
    assert (item["State"], item["StateTransitionReason"]) == ("enabling-failed", "boom")

    assert control(emu, "add-image", {"image_id": "nope"})[0] == 400
    assert control(emu, "fail-fast-launch", {"image_id": "ami-0000000000000404",
                                             "reason": "x"})[0] == 400
    assert control(emu, "timings", {"later": 1})[0] == 400
    assert control(emu, "launch", {})[0] == 400

    emu.reset()
    assert emu.ec2.timings == Ec2Timings()
    assert ec2.describe_fast_launch_images()["FastLaunchImages"] == []
    assert fails(ec2.describe_fast_launch_images, ImageIds=["ami-0000000000000beef"])[0] == (
        "InvalidAMIID.NotFound")


def test_appstream_requests_still_reach_appstream(emu: Emulator) -> None:
    creds = emu.credentials["aws"]
    appstream = boto3.client("appstream", region_name="us-east-1",
                             endpoint_url=emu.aws_endpoint,
                             aws_access_key_id=creds["access_key_id"],
                             aws_secret_access_key=creds["secret_access_key"])
    assert appstream.describe_fleets()["Fleets"] == []


@pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="awscli not installed")
def test_aws_cli_describe_fast_launch_images(emu: Emulator, ec2: Any) -> None:
    ec2.enable_fast_launch(ImageId=WIN1)
    creds = emu.credentials["aws"]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": creds["access_key_id"],
           "AWS_SECRET_ACCESS_KEY": creds["secret_access_key"], "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    # A subprocess: importing awscli swaps in its own bundled botocore.
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "ec2", "describe-fast-launch-images", "--endpoint-url",
         emu.aws_endpoint, "--region", "us-east-1", "--output", "json"],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)["FastLaunchImages"]
    assert (item["ImageId"], item["State"]) == (WIN1, "enabling")
