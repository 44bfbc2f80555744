"""What only Alibaba has, refused on AWS up front with a hint, before anything is sent."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import AlibabaFleetOptions, Capability, DeploymentSpec, FleetSpec
from streamkit.testing import Emulator
from tests.harness import AwsHarness


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


def test_subscription_options_are_refused(aws: AwsHarness) -> None:
    cloud = aws.cloud
    assert Capability.FLEET_SUBSCRIPTION not in cloud.capabilities
    spec = aws.deployment_spec("prepaid")
    fleet = FleetSpec(name=spec.fleet.name, instance_type=aws.instance_type,
                      image_id=aws.base_image,
                      alibaba=AlibabaFleetOptions(charge_type="PrePaid", period=1))
    with pytest.raises(streamkit.UnsupportedOperation, match="billed by the hour") as err:
        cloud.deploy(DeploymentSpec(stack=spec.stack, fleet=fleet))
    assert "alibaba" in err.value.operation
    with pytest.raises(streamkit.UnsupportedOperation):
        cloud.fleets.create(fleet)
    assert list(cloud.stacks.list()) == [] and list(cloud.fleets.list()) == []


def test_user_groups_are_refused(aws: AwsHarness) -> None:
    cloud = aws.cloud
    assert Capability.STACK_USER_GROUPS not in cloud.capabilities
    with pytest.raises(streamkit.UnsupportedOperation, match="authorize_users"):
        cloud.stacks.list_user_groups("s")
    with pytest.raises(streamkit.UnsupportedOperation, match="no user groups"):
        cloud.stacks.authorize_user_groups("s", ["g"])
    with pytest.raises(streamkit.UnsupportedOperation):
        cloud.stacks.unauthorize_user_groups("s", ["g"])


def test_session_bindings_and_instances_are_refused(aws: AwsHarness) -> None:
    with pytest.raises(streamkit.UnsupportedOperation, match="expire"):
        aws.cloud.sessions.delete_instances("s", ["i-1"])


def test_persistent_sessions_are_refused(aws: AwsHarness) -> None:
    with pytest.raises(streamkit.UnsupportedOperation, match="persistent application"):
        aws.cloud.sessions.list_persistent("s")
    with pytest.raises(streamkit.UnsupportedOperation):
        aws.cloud.sessions.connect("s", "ann", persistent_id="p-1")


def test_capturing_an_instance_is_refused(aws: AwsHarness) -> None:
    with pytest.raises(streamkit.UnsupportedOperation, match="Image Assistant"):
        aws.cloud.images.create_from_instance("i-1", "golden")
