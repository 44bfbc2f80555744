"""``cloud.call``: any operation of the provider's API, on the path every call takes; and
the extension namespaces, reached only on their own provider."""

from __future__ import annotations

from typing import Any

import pytest

import streamkit
from streamkit import Capability, Provider
from streamkit.testing import Emulator
from tests.harness import Harness


def _listing(harness: Harness, region: str) -> tuple[str, dict[str, Any], str, str]:
    """A listing of fleets as the API names it: operation, params, result key, id key."""
    if harness.provider == "aws":
        return "DescribeFleets", {}, "Fleets", "Name"
    return ("ListAppInstanceGroup", {"ProductType": "CloudApp", "BizRegionId": region},
            "AppInstanceGroupModels", "AppInstanceGroupId")


def _tagging(harness: Harness, cloud: streamkit.StreamingCloud, stack_id: str
             ) -> tuple[str, dict[str, Any]]:
    """A write as the API names it: a tag on the stack (delivery group)."""
    if harness.provider == "aws":
        arn = cloud.call("DescribeStacks", {"Names": [stack_id]})["Stacks"][0]["Arn"]
        return "TagResource", {"ResourceArn": arn, "Tags": {"team": "a"}}
    return "TagCloudResources", {"ResourceType": "AppInstanceGroupId",
                                 "ResourceIds": [stack_id], "Tags": [{"Key": "team",
                                                                      "Value": "a"}]}


def test_call_reads_what_the_neutral_api_made(harness: Harness) -> None:
    cloud = harness.connect()
    deployment = cloud.deploy(harness.deployment_spec("raw"))
    operation, params, key, id_key = _listing(harness, cloud.region)
    answer = cloud.call(operation, params)
    found = [item[id_key] for item in answer[key]]
    made = deployment.fleet.id if harness.provider == "aws" else deployment.stack.id
    assert made in found
    assert "ResponseMetadata" not in answer


def test_call_retries_reads_through_the_hooks(harness: Harness, emulator: Emulator) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=records.append))
    operation, params, key, _ = _listing(harness, cloud.region)
    emulator.faults.add("throttle", provider=harness.provider, operation=operation, count=1)
    assert key in cloud.call(operation, params)
    assert [(r.operation, r.attempt, r.error is None) for r in records] == [
        (operation, 1, False), (operation, 2, True)]


def test_call_never_sends_a_write_again_after_a_lost_answer(harness: Harness,
                                                             emulator: Emulator) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=records.append))
    stack_id = cloud.deploy(harness.deployment_spec("lost")).stack.id
    operation, params = _tagging(harness, cloud, stack_id)
    emulator.faults.add("drop_after", provider=harness.provider, operation=operation, count=1)
    records.clear()
    with pytest.raises(streamkit.ProviderError) as lost:
        cloud.call(operation, params)
    assert lost.value.maybe_applied
    assert [r.operation for r in records] == [operation]  # one attempt, not resent
    assert cloud.stacks.tags(stack_id)["team"] == "a"  # it did happen


def test_call_maps_the_clouds_errors(harness: Harness) -> None:
    cloud = harness.connect()
    if harness.provider == "aws":
        with pytest.raises(streamkit.NotFound):
            cloud.call("DescribeFleets", {"Names": ["no-such-fleet"]})
        with pytest.raises(streamkit.InvalidRequest):  # botocore checks the parameters
            cloud.call("DescribeFleets", {"Names": "not-a-list"})
    else:
        with pytest.raises(streamkit.NotFound):
            cloud.call("DeleteAppInstanceGroup", {"AppInstanceGroupId": "aig-nothere0000",
                                                  "ProductType": "CloudApp"})


@pytest.mark.parametrize(("operation", "params", "field"), [
    ("NoSuchOperation", {}, "operation"), ("describe_fleets", {}, "operation"),
    (None, {}, "operation"), ("DescribeFleets", ["Names"], "params"),
    ("DescribeFleets", {1: "x"}, "params")])
def test_call_checks_its_input_before_sending(harness: Harness, operation: Any,
                                              params: Any, field: str) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = harness.connect(hooks=streamkit.Hooks(on_call=records.append))
    if harness.provider == "alibaba" and operation == "DescribeFleets":
        operation = "ListRegions"
    with pytest.raises(streamkit.ValidationError) as bad:
        cloud.call(operation, params)
    assert bad.value.field == field
    assert records == []


def test_extensions_are_reached_on_their_provider_only(harness: Harness) -> None:
    cloud = harness.connect()
    own, other = ("aws", "alibaba") if harness.provider == "aws" else ("alibaba", "aws")
    assert getattr(cloud, own) is getattr(cloud, own)  # made once
    with pytest.raises(streamkit.UnsupportedOperation) as refused:
        getattr(cloud, other)
    assert f"cloud.{other}" in str(refused.value)
    assert all(c.only_on in (None, Provider(own)) for c in cloud.capabilities)
    assert Capability.FAST_LAUNCH.only_on is None
