"""cloud.aws.entitlements over HTTP against the emulator, and the emulator's rules."""

from __future__ import annotations

import botocore.exceptions
import pytest

import streamkit
from streamkit import Capability
from streamkit.aws import AppVisibility, EntitlementAttribute, S3Location
from streamkit.testing import Emulator
from tests.aws.test_elastic_apps import ICON, SETUP, boto
from tests.harness import AwsHarness

GROUPS = EntitlementAttribute(name="groups", value="finance")


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)


def _stack_and_app(aws: AwsHarness) -> str:
    cloud = aws.cloud
    cloud.stacks.create(aws.deployment_spec("saml").stack)
    block = cloud.aws.app_blocks.create("tools", S3Location(bucket="apps-bucket", key="t.vhdx"),
                                        setup_script=SETUP)
    cloud.aws.applications.create("ledger", block.arn, launch_path="ledger.exe", icon=ICON,
                                  platforms=["WINDOWS_SERVER_2019"])
    return "saml-stack"


def test_entitlements_of_a_stack(aws: AwsHarness) -> None:
    stack = _stack_and_app(aws)
    entitlements = aws.cloud.aws.entitlements
    assert Capability.AWS_ENTITLEMENTS in aws.cloud.capabilities
    made = entitlements.create(stack, "finance", attributes=[GROUPS],
                               app_visibility="ASSOCIATED", description="finance apps")
    assert (made.app_visibility, made.attributes, made.stack_id) == (
        AppVisibility.ASSOCIATED, (GROUPS,), stack)
    assert made.created_at is not None and made.modified_at == made.created_at
    everyone = entitlements.create(stack, "everyone", attributes=[
        EntitlementAttribute.parse("userType=staff")])
    assert everyone.app_visibility is AppVisibility.ALL
    assert sorted(e.name for e in entitlements.list(stack)) == ["everyone", "finance"]
    first = entitlements.list_page(stack, page_size=1)
    assert len(first.items) == 1 and first.next_cursor
    rest = entitlements.list_page(stack, cursor=first.next_cursor).items
    assert {first.items[0].name, *(e.name for e in rest)} == {"everyone", "finance"}
    assert entitlements.get(stack, "finance") == made
    with pytest.raises(streamkit.AlreadyExists):
        entitlements.create(stack, "finance", attributes=[GROUPS])

    entitlements.associate_application(stack, "finance", "ledger")
    entitlements.associate_application(stack, "finance", "ledger")  # again: no change
    assert list(entitlements.list_applications(stack, "finance")) == ["ledger"]
    assert entitlements.list_applications_page(stack, "finance").items == ("ledger",)
    with pytest.raises(streamkit.NotFound):
        entitlements.associate_application(stack, "finance", "no-such-app")
    aws.emulator.clock.advance(60)
    updated = entitlements.update(stack, "finance", app_visibility=AppVisibility.ALL,
                                  attributes=[GROUPS, EntitlementAttribute(name="roles",
                                                                           value="auditor")])
    assert updated.app_visibility is AppVisibility.ALL and len(updated.attributes) == 2
    assert updated.description == "finance apps"  # not given: unchanged
    assert updated.modified_at is not None and made.created_at is not None
    assert (updated.modified_at - made.created_at).total_seconds() == 60
    entitlements.disassociate_application(stack, "finance", "ledger")
    assert list(entitlements.list_applications(stack, "finance")) == []
    entitlements.delete(stack, "finance")
    with pytest.raises(streamkit.NotFound):
        entitlements.get(stack, "finance")
    with pytest.raises(streamkit.NotFound):
        entitlements.delete(stack, "finance")
    with pytest.raises(streamkit.NotFound):
        list(entitlements.list("no-such-stack"))


def test_entitlement_input_and_the_emulators_rules(aws: AwsHarness) -> None:
    stack = _stack_and_app(aws)
    entitlements = aws.cloud.aws.entitlements
    with pytest.raises(streamkit.ValidationError, match="attributes"):
        entitlements.create(stack, "e", attributes=[])
    with pytest.raises(streamkit.ValidationError, match=r"attributes\[0\]"):
        entitlements.create(stack, "e", attributes=[("groups", "x")])  # type: ignore[list-item]
    with pytest.raises(streamkit.ValidationError, match="app_visibility"):
        entitlements.create(stack, "e", attributes=[GROUPS], app_visibility="SOME")
    with pytest.raises(streamkit.ValidationError, match="attribute"):
        EntitlementAttribute.parse("groups")
    assert list(entitlements.list(stack)) == []
    client = boto(aws.emulator)
    with pytest.raises(botocore.exceptions.ClientError) as attribute:
        client.create_entitlement(Name="e", StackName=stack, AppVisibility="ALL",
                                  Attributes=[{"Name": "shoeSize", "Value": "9"}])
    assert attribute.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        client.describe_entitlements(StackName=stack, Name="none")
    assert missing.value.response["Error"]["Code"] == "EntitlementNotFoundException"
    client.create_entitlement(Name="e", StackName=stack, AppVisibility="ALL",
                              Attributes=[{"Name": "groups", "Value": "x"}])
    with pytest.raises(botocore.exceptions.ClientError) as twice:
        client.create_entitlement(Name="e", StackName=stack, AppVisibility="ALL",
                                  Attributes=[{"Name": "groups", "Value": "x"}])
    assert twice.value.response["Error"]["Code"] == "EntitlementAlreadyExistsException"
