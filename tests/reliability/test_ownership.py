"""A create takes only what it made; a write whose answer was lost is not refused by itself.

Through the real SDKs over HTTP against the emulator: a create whose request never arrived
must not adopt what another client made under that name; a create the server carries out
after the client gave up must not be made twice; a write the cloud applied whose answer was
lost is a success, not the refusal its resend meets.
"""

from __future__ import annotations

import attrs
import pytest

import streamkit
from streamkit import DeploymentSpec, FleetSpec, FleetType, ImageBuilderSpec, StackSpec
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES
from tests.harness import AlibabaHarness, AwsHarness


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


@pytest.fixture
def ali(emulator: Emulator) -> AlibabaHarness:
    return AlibabaHarness(emulator)


# -- AWS: a name taken by someone else is AlreadyExists, whatever the faults -------------------

def test_aws_fleet_create_never_adopts_a_fleet_it_did_not_make(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    theirs = aws.connect()
    theirs.fleets.create(FleetSpec(name="shared", instance_type=aws.instance_type,
                                   image_id=aws.base_image, desired_capacity=1))
    emu.faults.add("drop_before", provider="aws", operation="CreateFleet", count=1)
    with pytest.raises(streamkit.AlreadyExists) as err:
        cloud.fleets.create(FleetSpec(name="shared", instance_type=aws.instance_type,
                                      image_id=aws.base_image, desired_capacity=8,
                                      max_user_duration_seconds=432000, tags={"owner": "me"}))
    assert "shared" in str(err.value)
    assert cloud.fleets.get("shared").capacity.desired == 1
    assert cloud.fleets.tags("shared") == {}


def test_aws_stack_made_by_a_racing_client_is_not_adopted(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    theirs = aws.connect()
    spec = StackSpec(name="race", redirect_url="https://mine.example.com", tags={"team": "a"})
    # ours never arrives; theirs, for the same name, does, before we look
    emu.faults.add("drop_before", provider="aws", operation="CreateStack", count=1)
    theirs.stacks.create(StackSpec(name="race", redirect_url="https://theirs.example.com",
                                   tags={"team": "b"}))
    with pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(spec)
    emu.faults.clear()
    # the same spec made by another client is still theirs
    theirs.stacks.create(StackSpec(name="twin", tags={"team": "a"}))
    emu.faults.add("drop_before", provider="aws", operation="CreateStack", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(StackSpec(name="twin", tags={"team": "a"}))
    emu.faults.clear()
    assert theirs.stacks.get("race").raw["RedirectURL"] == "https://theirs.example.com"
    assert theirs.stacks.tags("race") == {"team": "b"}
    # our own create whose answer was lost is ours, and its tags are the spec's alone
    emu.faults.counting = True
    emu.faults.add("drop_after", provider="aws", operation="CreateStack", count=1)
    mine = attrs.evolve(spec, name="mine")
    made = cloud.stacks.create(mine)
    assert (made.id, made.raw["RedirectURL"]) == ("mine", "https://mine.example.com")
    assert cloud.stacks.tags("mine") == {"team": "a"}
    assert emu.faults.seen("aws", "CreateStack") == 1


def test_aws_image_builder_of_another_client_is_not_adopted(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    aws.connect().image_builders.create(ImageBuilderSpec(
        name="ib", instance_type="stream.standard.large", image_id=aws.base_image))
    emu.faults.add("drop_before", provider="aws", operation="CreateImageBuilder", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.image_builders.create(ImageBuilderSpec(
            name="ib", instance_type="stream.standard.large", image_id=aws.base_image))


# -- Alibaba: writes whose answer was lost -----------------------------------------------------

def _deployed(ali: AlibabaHarness, name: str = "w") -> streamkit.Deployment:
    deployment = ali.cloud.deploy(DeploymentSpec(
        stack=StackSpec(name=name),
        fleet=FleetSpec(name=name, instance_type=ali.instance_type, image_id=ali.base_image,
                        fleet_type=FleetType.ALWAYS_ON, desired_capacity=1)))
    ali.advance(ali.fleet_start_seconds)
    ali.emulator.faults.counting = True
    return deployment


def test_alibaba_scale_whose_answer_was_lost_succeeds(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    ali.emulator.faults.add("drop_after", provider="alibaba",
                            operation="ModifyNodePoolAttribute", count=1)
    scaled = ali.cloud.fleets.scale(fleet_id, 3)
    assert scaled.capacity.desired == 3
    assert ali.emulator.faults.seen("alibaba", "ModifyNodePoolAttribute") == 1


def test_alibaba_image_update_whose_answer_was_lost_succeeds(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    other = SYSTEM_IMAGES[1].image_id
    ali.emulator.faults.add("drop_after", provider="alibaba",
                            operation="UpdateAppInstanceGroupImage", count=1)
    ali.cloud.fleets.update(fleet_id, image_id=other)
    assert ali.emulator.faults.seen("alibaba", "UpdateAppInstanceGroupImage") == 1
    ali.advance(ali.emulator.alibaba.timings.group_update_image)
    assert ali.cloud.fleets.get(fleet_id).image_id == other


def test_alibaba_write_that_never_arrived_is_sent_again(ali: AlibabaHarness) -> None:
    fleet_id = _deployed(ali).fleet.id
    ali.emulator.faults.add("drop_before", provider="alibaba",
                            operation="ModifyNodePoolAttribute", count=1)
    assert ali.cloud.fleets.scale(fleet_id, 2).capacity.desired == 2
    assert ali.emulator.faults.seen("alibaba", "ModifyNodePoolAttribute") == 2
