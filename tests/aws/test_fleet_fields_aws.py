"""The fleet and image builder fields users set on AWS, sent by boto3 to the emulator and read
back: multi-session fleets, IAM role, domain join, session scripts, VPC changes, images by ARN,
Elastic platforms, builder agent versions; a FAILED builder says why."""

from __future__ import annotations

import botocore.exceptions
import pytest

import streamkit
from streamkit import DomainJoin, FleetSpec, FleetType, ImageBuilderSpec, ImageBuilderState
from streamkit.testing import Emulator
from tests.harness import AwsHarness, appstream_client

ROLE = "arn:aws:iam::123456789012:role/fleet-role"
DOMAIN = DomainJoin(directory_name="corp.example.com",
                    organizational_unit="OU=streaming,DC=corp,DC=example,DC=com")


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


def _spec(aws: AwsHarness, name: str, **fields: object) -> FleetSpec:
    return FleetSpec(name=name, instance_type=aws.instance_type, image_id=aws.base_image,
                     **fields)  # type: ignore[arg-type]


def test_fleet_fields_round_trip(aws: AwsHarness) -> None:
    image_arn = aws.cloud.images.get(aws.base_image).raw["Arn"]
    fleet = aws.cloud.fleets.create(FleetSpec(
        name="multi", instance_type=aws.instance_type, image_id=image_arn,
        fleet_type=FleetType.ALWAYS_ON, desired_capacity=2, max_sessions_per_instance=3,
        iam_role_arn=ROLE, domain_join=DOMAIN, session_script="s3://scripts-bucket/s.json",
        subnet_ids=["subnet-1"], security_group_ids=["sg-1"],
        idle_disconnect_timeout_seconds=600))
    assert fleet.image_id == aws.base_image  # sent as ImageArn, read back by name
    assert fleet.raw["ComputeCapacityStatus"]["DesiredUserSessions"] == 6
    got = aws.cloud.fleets.get("multi")
    assert (got.max_sessions_per_instance, got.iam_role_arn, got.domain_join,
            got.session_script) == (3, ROLE, DOMAIN, "s3://scripts-bucket/s.json")
    assert (got.subnet_ids, got.security_group_ids) == (("subnet-1",), ("sg-1",))
    assert got.idle_disconnect_timeout_seconds == 600 and got.platform == "WINDOWS_SERVER_2019"
    scaled = aws.cloud.fleets.scale("multi", 4)  # instances, sent as sessions
    assert scaled.raw["ComputeCapacityStatus"]["DesiredUserSessions"] == 12


def test_vpc_changes_and_removal_on_update(aws: AwsHarness) -> None:
    aws.cloud.fleets.create(_spec(aws, "net", subnet_ids=["subnet-1"],
                                  security_group_ids=["sg-1"]))
    moved = aws.cloud.fleets.update("net", subnet_ids=["subnet-2"])
    assert (moved.subnet_ids, moved.security_group_ids) == (("subnet-2",), ("sg-1",))
    bare = aws.cloud.fleets.update("net", security_group_ids=())
    assert (bare.subnet_ids, bare.security_group_ids) == (("subnet-2",), ())
    gone = aws.cloud.fleets.update("net", subnet_ids=(), iam_role_arn=ROLE,
                                   max_sessions_per_instance=2)
    assert gone.subnet_ids == () and "VpcConfig" not in gone.raw
    assert gone.iam_role_arn == ROLE and gone.max_sessions_per_instance == 2


def test_elastic_fleets_take_a_platform(aws: AwsHarness) -> None:
    elastic = dict(fleet_type=FleetType.ELASTIC, desired_capacity=None,
                   max_concurrent_sessions=5, subnet_ids=["subnet-1", "subnet-2"])
    fleet = aws.cloud.fleets.create(_spec(aws, "el", platform="WINDOWS_SERVER_2019", **elastic))
    assert fleet.raw["Platform"] == "WINDOWS_SERVER_2019"
    assert fleet.platform == "WINDOWS_SERVER_2019" and fleet.max_concurrent_sessions == 5
    assert aws.cloud.fleets.update("el", max_concurrent_sessions=8).max_concurrent_sessions == 8
    with pytest.raises(streamkit.InvalidRequest):  # not an Elastic platform
        aws.cloud.fleets.create(_spec(aws, "el2", platform="WINDOWS_SERVER_2022", **elastic))
    with pytest.raises(streamkit.ValidationError, match="domain_join"):
        _spec(aws, "el3", domain_join=DOMAIN, **elastic)


def test_an_alibaba_field_is_refused_on_aws(aws: AwsHarness) -> None:
    with pytest.raises(streamkit.UnsupportedOperation, match="office_site_id"):
        aws.cloud.fleets.create(_spec(aws, "x", office_site_id="cn-shanghai+dir-1234567890"))


def test_builder_fields_and_the_reason_it_failed(aws: AwsHarness) -> None:
    builder = aws.cloud.image_builders.create(ImageBuilderSpec(
        name="b", instance_type=aws.instance_type, image_id=aws.base_image,
        agent_version="LATEST", iam_role_arn=ROLE, domain_join=DOMAIN))
    assert (builder.platform, builder.agent_version, builder.iam_role_arn,
            builder.domain_join) == ("WINDOWS_SERVER_2019", "LATEST", ROLE, DOMAIN)
    aws.emulator.aws.fail_builder("b", "IMAGE_UNAVAILABLE", "The base image was removed.")
    failed = aws.cloud.image_builders.get("b")
    assert failed.state is ImageBuilderState.FAILED
    assert [(e.code, e.message) for e in failed.errors] == [
        ("IMAGE_UNAVAILABLE", "The base image was removed.")]



@pytest.mark.parametrize(("member", "value"), [
    ("DomainJoinInfo", {"DirectoryName": "corp",
                        "OrganizationalUnitDistinguishedName": "x" * 2001}),
    ("SessionScriptS3Location", {"S3Bucket": "bucket", "S3Key": "k" * 1025}),
    ("VpcConfig", {"SecurityGroupIds": [f"sg-{i}" for i in range(6)]}),
    ("IamRoleArn", "not-an-arn"),
])
def test_the_emulator_refuses_what_the_model_refuses(emulator: Emulator, member: str,
                                                      value: object) -> None:
    client = appstream_client(emulator)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.create_fleet(
                            Name="bad", InstanceType="stream.standard.medium",
                            ImageName="AppStream-WinServer2019-06-12-2024",
                            ComputeCapacity={"DesiredInstances": 1}, **{member: value})
    assert caught.value.response["Error"]["Code"] == "ValidationException"
