"""cloud.aws.app_block_builders over HTTP against the emulator: lifecycle on the emulator's
clock, waits, the app block it packages, its streaming URL (a secret), and the rules."""

from __future__ import annotations

import logging

import botocore.exceptions
import pytest

import streamkit
from streamkit import Capability
from streamkit.aws import (
    AppBlockBuilderAssociation,
    AppBlockBuilderState,
    S3Location,
)
from streamkit.testing import Emulator
from tests.aws.test_elastic_apps import SETUP, boto
from tests.harness import AwsHarness

SUBNETS = ["subnet-a", "subnet-b"]


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


def _packaged_block(cloud: streamkit.StreamingCloud, name: str = "office") -> str:
    return cloud.aws.app_blocks.create(name, S3Location(bucket="apps-bucket"),
                                       packaging_type="APPSTREAM2").arn


def test_a_builder_packages_its_app_block(aws: AwsHarness,
                                          caplog: pytest.LogCaptureFixture) -> None:
    cloud = aws.cloud
    builders = cloud.aws.app_block_builders
    assert Capability.AWS_APP_BLOCK_BUILDERS in cloud.capabilities
    made = builders.create("packer", instance_type="stream.standard.large",
                           subnet_ids=SUBNETS, security_group_ids=["sg-1"],
                           access_endpoints=["vpce-0123"], display_name="Packer",
                           tags={"team": "a"})
    assert (made.state, made.platform, made.subnet_ids) == (
        AppBlockBuilderState.STOPPED, "WINDOWS_SERVER_2019", tuple(SUBNETS))
    assert made.access_endpoints == ("vpce-0123",) and made.enable_internet_access is False
    assert builders.get("packer") == made
    assert [b.id for b in builders.list()] == ["packer"]
    assert builders.list_page(page_size=1).items == (made,)
    with pytest.raises(streamkit.PermissionDenied, match="app block"):
        builders.start("packer")  # it needs its app block first
    block_arn = _packaged_block(cloud)
    builders.associate_app_block("packer", block_arn)
    association = AppBlockBuilderAssociation(builder_id="packer", app_block_arn=block_arn)
    assert list(builders.list_app_block_associations(builder_id="packer")) == [association]
    assert builders.list_app_block_associations_page(
        app_block_arn=block_arn).items == (association,)

    assert builders.start("packer").state is AppBlockBuilderState.STARTING
    with pytest.raises(streamkit.ConcurrentModification):
        builders.update("packer", instance_type="stream.standard.small")
    seen: list[str] = []
    running = builders.wait_until_running("packer",
                                          on_progress=lambda o: seen.append(o.state_name))
    assert running.state is AppBlockBuilderState.RUNNING
    assert seen[0] == "STARTING" and seen[-1] == "RUNNING"
    with pytest.raises(streamkit.InvalidRequest, match="STOPPED"):
        builders.update("packer", instance_type="stream.standard.small")
    assert builders.update("packer", description="packs office").description == "packs office"

    caplog.set_level(logging.DEBUG, logger="streamkit")
    access = builders.connect("packer", validity=600)
    url = access.reveal()
    assert url.startswith("https://") and url not in repr(access)
    assert url not in caplog.text

    with pytest.raises(streamkit.Conflict):
        builders.delete("packer")  # it still has its app block
    assert builders.stop("packer").state is AppBlockBuilderState.STOPPING
    assert builders.wait_until_stopped("packer").state is AppBlockBuilderState.STOPPED
    with pytest.raises(streamkit.PermissionDenied):
        builders.connect("packer")  # only a RUNNING builder streams
    builders.disassociate_app_block("packer", block_arn)
    assert list(builders.list_app_block_associations()) == []
    builders.delete("packer")
    with pytest.raises(streamkit.NotFound):
        builders.get("packer")


def test_a_builder_never_started_fails_its_wait_after_the_grace(aws: AwsHarness) -> None:
    builders = aws.cloud.aws.app_block_builders
    builders.create("idle", instance_type="stream.standard.small", subnet_ids=SUBNETS)
    with pytest.raises(streamkit.WaiterFailed, match="STOPPED") as failed:
        builders.wait_until_running("idle", grace=30)
    assert 30 <= failed.value.elapsed < 60
    with pytest.raises(streamkit.NotFound):
        builders.wait_until_stopped("nobody")


def test_update_removes_what_it_is_given_empty(aws: AwsHarness) -> None:
    builders = aws.cloud.aws.app_block_builders
    builders.create("b", instance_type="stream.standard.small", subnet_ids=SUBNETS,
                    security_group_ids=["sg-1"], access_endpoints=["vpce-1"],
                    iam_role_arn="arn:aws:iam::123456789012:role/packer")
    updated = builders.update("b", iam_role_arn="", security_group_ids=(),
                              access_endpoints=(), subnet_ids=["subnet-c", "subnet-d"])
    assert (updated.iam_role_arn, updated.security_group_ids, updated.access_endpoints) == (
        None, (), ())
    assert updated.subnet_ids == ("subnet-c", "subnet-d")


def test_builder_input_is_checked_before_sending(aws: AwsHarness) -> None:
    builders = aws.cloud.aws.app_block_builders
    with pytest.raises(streamkit.ValidationError, match="subnet_ids"):
        builders.create("b", instance_type="stream.standard.small", subnet_ids=["subnet-a"])
    with pytest.raises(streamkit.ValidationError, match=r"access_endpoints\[0\]"):
        builders.create("b", instance_type="stream.standard.small", subnet_ids=SUBNETS,
                        access_endpoints=["endpoint"])
    with pytest.raises(streamkit.ValidationError, match="iam_role_arn"):
        builders.create("b", instance_type="stream.standard.small", subnet_ids=SUBNETS,
                        iam_role_arn="packer")
    with pytest.raises(streamkit.ValidationError, match="validity"):
        builders.connect("b", validity=0)
    with pytest.raises(streamkit.ValidationError, match="builder_id"):
        builders.get("no spaces")
    assert list(builders.list()) == []


def test_the_emulator_refuses_what_appstream_refuses_for_builders(aws: AwsHarness) -> None:
    cloud, client = aws.cloud, boto(aws.emulator)
    vpc = {"SubnetIds": SUBNETS}
    with pytest.raises(botocore.exceptions.ClientError) as platform:
        client.create_app_block_builder(Name="b", Platform="AMAZON_LINUX2",
                                        InstanceType="stream.standard.small", VpcConfig=vpc)
    assert platform.value.response["Error"]["Code"] == "ValidationException"  # model enum
    with pytest.raises(botocore.exceptions.ClientError) as size:
        client.create_app_block_builder(Name="b", Platform="WINDOWS_SERVER_2019",
                                        InstanceType="stream.graphics.g4dn.xlarge",
                                        VpcConfig=vpc)
    assert size.value.response["Error"]["Code"] == "InvalidParameterCombinationException"
    with pytest.raises(botocore.exceptions.ClientError) as one_subnet:
        client.create_app_block_builder(Name="b", Platform="WINDOWS_SERVER_2019",
                                        InstanceType="stream.standard.small",
                                        VpcConfig={"SubnetIds": ["subnet-a"]})
    assert one_subnet.value.response["Error"]["Code"] == "InvalidParameterCombinationException"
    client.create_app_block_builder(Name="b", Platform="WINDOWS_SERVER_2019",
                                    InstanceType="stream.standard.small", VpcConfig=vpc)
    custom = cloud.aws.app_blocks.create("custom", S3Location(bucket="apps-bucket", key="c"),
                                         setup_script=SETUP).arn
    with pytest.raises(botocore.exceptions.ClientError) as not_packaged:
        client.associate_app_block_builder_app_block(AppBlockBuilderName="b",
                                                     AppBlockArn=custom)
    assert not_packaged.value.response["Error"]["Code"] == (
        "InvalidParameterCombinationException")
    first, second = _packaged_block(cloud, "one"), _packaged_block(cloud, "two")
    client.associate_app_block_builder_app_block(AppBlockBuilderName="b", AppBlockArn=first)
    with pytest.raises(botocore.exceptions.ClientError) as another:
        client.associate_app_block_builder_app_block(AppBlockBuilderName="b",
                                                     AppBlockArn=second)
    assert another.value.response["Error"]["Code"] == "LimitExceededException"
    with pytest.raises(botocore.exceptions.ClientError) as block_in_use:
        client.delete_app_block(Name="one")
    assert block_in_use.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(botocore.exceptions.ClientError) as stopped:
        client.stop_app_block_builder(Name="b")
    assert stopped.value.response["Error"]["Code"] == "OperationNotPermittedException"
