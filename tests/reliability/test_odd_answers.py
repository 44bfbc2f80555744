"""Odd answers from the cloud, sent over the wire by the emulator's ``body`` fault.

A 200 answer that botocore's parser or streamkit's translation cannot read is a ProviderError
(code ``UnreadableAnswer``) naming the operation, with the body kept in ``error.body``, its
secrets masked; a body that can be read, however strange, is read (forward compatibility).
Nothing else escapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import streamkit
from streamkit.providers.redaction import MASK
from streamkit.testing import Emulator
from tests.harness import AlibabaHarness, AwsHarness

URL = "https://appstream2.example/authenticate?parameters=canary-url-4d1e"
FLEET = {"Name": "odd", "Arn": "arn:aws:appstream:us-east-1:123456789012:fleet/odd",
         "State": "RUNNING", "InstanceType": "stream.standard.medium"}


def _fleets(**fields: Any) -> str:
    return json.dumps({"Fleets": [{**FLEET, **fields}]})


#: (operation, the answer's body, what reading it raised before)
AWS_ODD = {
    "a date of yesterday": ("DescribeFleets", _fleets(CreatedTime="yesterday")),
    "a date of NaN": ("DescribeFleets", _fleets(CreatedTime=float("nan"))),
    "a date of 1e308": ("DescribeFleets", _fleets(CreatedTime=1e308)),
    "a string capacity": ("DescribeFleets", _fleets(ComputeCapacityStatus="plenty")),
    "an object of errors": ("DescribeFleets", _fleets(FleetErrors={"ErrorCode": "X"})),
    "an object of fleets": ("DescribeFleets", json.dumps({"Fleets": {"odd": FLEET}})),
    "a URL with an odd expiry": ("CreateStreamingURL",
                                 json.dumps({"StreamingURL": URL, "Expires": "soon"})),
    "a URL missing": ("CreateStreamingURL", json.dumps({"Expires": 1767225600})),
}


@pytest.fixture
def aws(emulator: Emulator) -> tuple[AwsHarness, streamkit.Deployment]:
    harness = AwsHarness(emulator)
    return harness, harness.cloud.deploy(harness.deployment_spec("odd"))


@pytest.mark.parametrize("case", sorted(AWS_ODD))
def test_an_aws_answer_that_cannot_be_read_is_a_provider_error(
        aws: tuple[AwsHarness, streamkit.Deployment], case: str) -> None:
    harness, deployment = aws
    operation, body = AWS_ODD[case]
    read: Callable[[], object] = (
        (lambda: harness.cloud.sessions.connect(deployment.stack.id, "bob"))
        if operation == "CreateStreamingURL" else (lambda: harness.cloud.fleets.get("odd")))
    harness.emulator.faults.add("body", provider="aws", operation=operation, body=body)
    with pytest.raises(streamkit.ProviderError) as err:
        read()
    error = err.value
    assert (type(error), error.code, error.operation) == (
        streamkit.ProviderError, "UnreadableAnswer", operation)
    assert error.maybe_applied  # the cloud answered: it acted
    assert error.body is not None and URL not in error.body and URL not in str(error)
    if "StreamingURL" in body:  # botocore's parser failed: the body as sent, masked
        assert f'"StreamingURL": "{MASK}"' in error.body
    elif case == "a URL missing":  # the translation failed: the body as botocore read it
        assert error.body.startswith('{"Expires": "2026-01-01')
    else:
        assert error.body == body


def _groups(**fields: Any) -> Callable[[dict[str, Any]], str]:
    def body(group: dict[str, Any]) -> str:
        return json.dumps({"RequestId": "odd", "TotalCount": 1, "PageNumber": 1,
                           "PageSize": 100, "AppInstanceGroupModels": [{**group, **fields}]},
                          default=str)
    return body


#: (operation, a body built from the group as the emulator sent it)
ALIBABA_ODD: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "a non-number NodeAmount": ("ListAppInstanceGroup", lambda g: _groups(NodePool=[
        {**g["NodePool"][0], "NodeAmount": "lots", "NodeUsed": float("nan")}])(g)),
    "a string node pool": ("ListAppInstanceGroup", _groups(NodePool="pool")),
    "a string where the groups are": ("ListAppInstanceGroup", lambda g: json.dumps(
        {"RequestId": "odd", "TotalCount": 1, "AppInstanceGroupModels": "groups"})),
    "a number where the groups are": ("ListAppInstanceGroup", lambda g: json.dumps(
        {"RequestId": "odd", "TotalCount": 1, "AppInstanceGroupModels": 7})),
    "a string where a group is": ("ListAppInstanceGroup", lambda g: json.dumps(
        {"RequestId": "odd", "TotalCount": 1, "AppInstanceGroupModels": ["group"]})),
    "a ticket that is an object": ("GetConnectionTicket", lambda g: json.dumps(
        {"RequestId": "odd", "TaskId": "tk-odd", "Ticket": {"value": "canary-ticket-9b"}})),
}


@pytest.mark.parametrize("case", sorted(ALIBABA_ODD))
def test_an_alibaba_answer_is_read_or_refused_naming_the_operation(emulator: Emulator,
                                                                    case: str) -> None:
    harness = AlibabaHarness(emulator)
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("odd"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    operation, build = ALIBABA_ODD[case]
    group = dict(cloud.fleets.get(deployment.fleet.id).raw)
    emulator.faults.add("body", provider="alibaba", operation=operation, body=build(group))
    try:
        if operation == "GetConnectionTicket":
            cloud.sessions.connect(deployment.stack.id, "bob")
        else:
            fleets = list(cloud.fleets.list())
            assert all(f.capacity.desired >= 0 for f in fleets)
    except streamkit.ProviderError as error:
        assert error.operation == operation
        assert "canary-ticket-9b" not in f"{error!s} {error!r} {error.body}"
    if case == "a number where the groups are":  # this one escaped as a TypeError
        with pytest.raises(streamkit.ProviderError) as err:
            list(cloud.fleets.list())
        assert err.value.code == "UnreadableAnswer" and err.value.body == build(group)


def test_the_body_fault_is_checked(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="body"):
        emulator.faults.add("body")
    with pytest.raises(ValueError, match="body"):
        emulator.faults.add("throttle", body="{}")
