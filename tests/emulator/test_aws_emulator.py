"""The simulated AppStream 2.0, driven over HTTP by the real boto3 client (and the AWS CLI)."""

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
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError, WaiterError

from streamkit.testing.emulator import Emulator

WIN2019 = "AppStream-WinServer2019-06-12-2024"
WIN2022 = "AppStream-WinServer2022-06-12-2024"
LINUX = "AppStream-AmazonLinux2-06-12-2024"
PUBLIC_IMAGES = [WIN2019, WIN2022, LINUX]
SMALL = "stream.standard.small"
TWO_SUBNETS = {"SubnetIds": ["subnet-0a", "subnet-0b"]}


# -- fixtures and helpers ---------------------------------------------------------------------

def make_client(emu: Emulator, region: str = "us-east-1", *, key: str | None = None,
                secret: str | None = None) -> Any:
    creds = emu.credentials["aws"]
    return boto3.session.Session().client(
        "appstream", region_name=region, endpoint_url=emu.aws_endpoint,
        aws_access_key_id=key or creds["access_key_id"],
        aws_secret_access_key=secret or creds["secret_access_key"],
        config=botocore.config.Config(retries={"total_max_attempts": 1}),
    )


@pytest.fixture(scope="module")
def client(server: Emulator) -> Any:
    return make_client(server)


@pytest.fixture(scope="module")
def eu_client(server: Emulator) -> Any:
    return make_client(server, "eu-west-1")


def fails(call: Callable[..., Any], **kwargs: Any) -> tuple[str, int, str]:
    """(error code, HTTP status, message) of a call that must fail."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response
    return (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"],
            error["Error"].get("Message", ""))


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def control(emu: Emulator, route: str, payload: dict[str, Any]) -> tuple[int, Any]:
    status, _, body = post(f"{emu.aws_endpoint}/_streamkit/{route}",
                           json.dumps(payload).encode(), {"Content-Type": "application/json"})
    return status, body


def raw_call(emu: Emulator, operation: str, body: bytes, *, sign: bool = True,
             send_body: bytes | None = None, target: str | None = None,
             ) -> tuple[int, dict[str, str], Any]:
    """A hand-made JSON 1.1 request signed with botocore's SigV4 signer."""
    url = emu.aws_endpoint + "/"
    headers = {"Content-Type": "application/x-amz-json-1.1",
               "X-Amz-Target": target or f"PhotonAdminProxyService.{operation}"}
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    if sign:
        creds = emu.credentials["aws"]
        SigV4Auth(Credentials(creds["access_key_id"], creds["secret_access_key"]),
                  "appstream", "us-east-1").add_auth(request)
    return post(url, body if send_body is None else send_body, dict(request.headers.items()))


def make_stack(client: Any, name: str = "s1", **extra: Any) -> dict[str, Any]:
    return client.create_stack(Name=name, **extra)["Stack"]  # type: ignore[no-any-return]


def make_fleet(client: Any, name: str = "f1", desired: int = 2, **extra: Any) -> dict[str, Any]:
    extra.setdefault("ImageName", WIN2019)
    return client.create_fleet(  # type: ignore[no-any-return]
        Name=name, InstanceType=SMALL, ComputeCapacity={"DesiredInstances": desired}, **extra,
    )["Fleet"]


def fleet(client: Any, name: str = "f1") -> dict[str, Any]:
    return client.describe_fleets(Names=[name])["Fleets"][0]  # type: ignore[no-any-return]


def running_fleet(emu: Emulator, client: Any, name: str = "f1", stack: str = "s1",
                  desired: int = 2) -> None:
    """A RUNNING fleet associated with a stack."""
    make_stack(client, stack)
    make_fleet(client, name, desired)
    client.associate_fleet(FleetName=name, StackName=stack)
    client.start_fleet(Name=name)
    emu.clock.advance(emu.aws.timings.fleet_start)
    assert fleet(client, name)["State"] == "RUNNING"


def builder_state(client: Any, name: str = "b1") -> str:
    return client.describe_image_builders(  # type: ignore[no-any-return]
        Names=[name])["ImageBuilders"][0]["State"]


def image(client: Any, name: str) -> dict[str, Any]:
    return client.describe_images(Names=[name])["Images"][0]  # type: ignore[no-any-return]


# -- protocol and authentication --------------------------------------------------------------

def test_responses_carry_json11_content_type_and_request_id(client: Any) -> None:
    meta = client.describe_stacks()["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200
    assert meta["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"
    assert len(meta["RequestId"]) == 36
    with pytest.raises(ClientError) as info:
        client.describe_stacks(Names=["nope"])
    assert len(info.value.response["ResponseMetadata"]["RequestId"]) == 36


def test_unknown_operation_and_bad_json(emu: Emulator) -> None:
    status, headers, body = raw_call(emu, "LaunchRocket", b"{}")
    assert (status, body["__type"]) == (400, "UnknownOperationException")
    assert headers["x-amzn-RequestId"]
    status, _, body = raw_call(emu, "DescribeFleets", b"{not json")
    assert (status, body["__type"]) == (400, "SerializationException")
    status, _, body = raw_call(emu, "DescribeFleets", b"[1, 2]")
    assert (status, body["__type"]) == (400, "SerializationException")
    status, _, body = raw_call(emu, "DescribeFleets", b'{"Names": "f1"}')
    assert (status, body["__type"]) == (400, "SerializationException")


def test_server_checks_required_members(emu: Emulator) -> None:
    # botocore checks these on the client side, so go around it.
    for operation in ("CreateFleet", "CreateStack", "DescribeSessions", "TagResource"):
        status, _, body = raw_call(emu, operation, b"{}")
        assert (status, body["__type"]) == (400, "ValidationException"), operation
        assert "must not be null" in body["message"]


def test_sigv4_wrong_secret_is_refused(emu: Emulator) -> None:
    bad = make_client(emu, secret="not-the-secret")
    code, status, message = fails(bad.describe_fleets)
    assert (code, status) == ("InvalidSignatureException", 400)
    assert message.startswith("The request signature we calculated does not match")


def test_sigv4_unknown_access_key_is_refused(emu: Emulator) -> None:
    stranger = make_client(emu, key="AKIDSTRANGER")
    code, status, message = fails(stranger.describe_fleets)
    assert (code, status) == ("UnrecognizedClientException", 400)
    assert message == "The security token included in the request is invalid."


def test_sigv4_tampered_body_is_refused(emu: Emulator) -> None:
    status, _, body = raw_call(emu, "DescribeStacks", b"{}")
    assert status == 200 and body == {"Stacks": []}
    status, _, body = raw_call(emu, "CreateStack", b'{"Name": "ok"}',
                               send_body=b'{"Name": "evil"}')
    assert (status, body["__type"]) == (400, "InvalidSignatureException")


def test_missing_authorization_is_refused(emu: Emulator) -> None:
    status, _, body = raw_call(emu, "DescribeFleets", b"{}", sign=False)
    assert (status, body["__type"]) == (400, "MissingAuthenticationTokenException")


def test_emulator_answers_404_for_unrecognised_requests(emu: Emulator) -> None:
    status, _, _ = raw_call(emu, "DescribeFleets", b"{}", target="SomethingElse.DescribeFleets")
    assert status == 404


# -- stacks and associations ------------------------------------------------------------------

def test_stack_crud(emu: Emulator, client: Any) -> None:
    created = make_stack(client, "s1", Description="d", DisplayName="Stack One",
                         RedirectURL="https://example.com/bye",
                         StorageConnectors=[{"ConnectorType": "HOMEFOLDERS"}],
                         ApplicationSettings={"Enabled": True, "SettingsGroup": "g"})
    assert created["Arn"] == "arn:aws:appstream:us-east-1:123456789012:stack/s1"
    assert created["ApplicationSettings"]["S3BucketName"].startswith("appstream-app-settings-")
    assert created["CreatedTime"].timestamp() == emu.clock.now()
    assert fails(client.create_stack, Name="s1")[:2] == ("ResourceAlreadyExistsException", 400)
    assert fails(client.create_stack, Name="-bad")[:2] == ("ValidationException", 400)
    assert fails(client.create_stack, Name="x" * 102)[:2] == ("ValidationException", 400)

    updated = client.update_stack(Name="s1", DisplayName="Renamed",
                                  AttributesToDelete=["REDIRECT_URL",
                                                      "STORAGE_CONNECTOR_HOMEFOLDERS"])["Stack"]
    assert updated["DisplayName"] == "Renamed" and updated["Description"] == "d"
    assert "RedirectURL" not in updated and updated["StorageConnectors"] == []
    assert client.describe_stacks(Names=["s1"])["Stacks"][0]["DisplayName"] == "Renamed"
    assert fails(client.update_stack, Name="nope")[:2] == ("ResourceNotFoundException", 404)
    assert fails(client.describe_stacks, Names=["s1", "nope"])[:2] == (
        "ResourceNotFoundException", 404)

    client.delete_stack(Name="s1")
    assert client.describe_stacks()["Stacks"] == []
    assert fails(client.delete_stack, Name="s1")[:2] == ("ResourceNotFoundException", 404)


def test_associations(client: Any) -> None:
    make_stack(client, "s1")
    make_stack(client, "s2")
    make_fleet(client, "f1")
    client.associate_fleet(FleetName="f1", StackName="s1")
    client.associate_fleet(FleetName="f1", StackName="s1")  # no-op
    client.associate_fleet(FleetName="f1", StackName="s2")
    assert client.list_associated_fleets(StackName="s1")["Names"] == ["f1"]
    listed = client.list_associated_stacks(FleetName="f1")
    assert listed["Names"] == ["s1", "s2"] and "NextToken" not in listed
    assert client.list_associated_fleets(StackName="ghost")["Names"] == []
    assert fails(client.associate_fleet, FleetName="nope", StackName="s1")[0] == (
        "ResourceNotFoundException")
    assert fails(client.associate_fleet, FleetName="f1", StackName="nope")[0] == (
        "ResourceNotFoundException")

    assert fails(client.delete_stack, Name="s1")[:2] == ("ResourceInUseException", 400)
    assert fails(client.delete_fleet, Name="f1")[:2] == ("ResourceInUseException", 400)
    client.disassociate_fleet(FleetName="f1", StackName="s1")
    client.disassociate_fleet(FleetName="f1", StackName="s2")
    assert client.list_associated_stacks(FleetName="f1")["Names"] == []
    client.delete_stack(Name="s1")
    client.delete_fleet(Name="f1")


def test_list_associated_pages(emu: Emulator, client: Any) -> None:
    control(emu, "aws/page-sizes", {"associations": 2})
    make_stack(client, "s1")
    for number in range(5):
        make_fleet(client, f"f{number}")
        client.associate_fleet(FleetName=f"f{number}", StackName="s1")
    pages = list(client.get_paginator("list_associated_fleets").paginate(StackName="s1"))
    assert [p["Names"] for p in pages] == [["f0", "f1"], ["f2", "f3"], ["f4"]]
    assert "NextToken" not in pages[-1]


# -- fleets -----------------------------------------------------------------------------------

def test_create_fleet_shape_and_validation(client: Any) -> None:
    created = make_fleet(client, "f1", 3, DisplayName="F", Description="desc",
                         Tags={"team": "a"})
    assert created["Arn"] == "arn:aws:appstream:us-east-1:123456789012:fleet/f1"
    assert created["State"] == "STOPPED" and created["FleetType"] == "ON_DEMAND"
    assert created["ComputeCapacityStatus"] == {"Desired": 3, "Running": 0, "InUse": 0,
                                                "Available": 0}
    assert created["ImageArn"] == f"arn:aws:appstream:us-east-1::image/{WIN2019}"
    assert created["Platform"] == "WINDOWS_SERVER_2019"
    assert fails(make_fleet, client=client, name="f1")[0] == "ResourceAlreadyExistsException"
    assert fails(client.create_fleet, Name="f2", InstanceType=SMALL, ImageName=WIN2019)[:2] == (
        "InvalidParameterCombinationException", 400)
    assert fails(make_fleet, client=client, name="f2", ImageName="NoSuchImage")[:2] == (
        "ResourceNotFoundException", 404)
    assert fails(make_fleet, client=client, name="bad name")[0] == "ValidationException"
    assert fails(client.create_fleet, Name="f2", InstanceType="huge", ImageName=WIN2019,
                 ComputeCapacity={"DesiredInstances": 1})[0] == "ValidationException"
    assert fails(make_fleet, client=client, name="f2", FleetType="BOGUS")[0] == (
        "ValidationException")
    assert fails(make_fleet, client=client, name="f2", Tags={"aws:x": "y"})[0] == (
        "ValidationException")
    elastic = client.create_fleet(Name="e1", InstanceType=SMALL, FleetType="ELASTIC",
                                  MaxConcurrentSessions=5, Platform="AMAZON_LINUX2",
                                  VpcConfig=TWO_SUBNETS)["Fleet"]
    assert elastic["ComputeCapacityStatus"]["Desired"] == 5
    assert fails(client.create_fleet, Name="e2", InstanceType=SMALL, FleetType="ELASTIC",
                 ComputeCapacity={"DesiredInstances": 1}, VpcConfig=TWO_SUBNETS)[0] == (
        "InvalidParameterCombinationException")


def test_fleet_start_stop_state_machine(emu: Emulator, client: Any) -> None:
    make_fleet(client, "f1", 2)
    client.start_fleet(Name="f1")
    # STARTING synchronously, inside the StartFleet call: botocore's waiter polls at once.
    assert fleet(client)["State"] == "STARTING"
    emu.clock.advance(299)
    assert fleet(client)["State"] == "STARTING"
    client.start_fleet(Name="f1")  # no-op while STARTING: it must not restart the timer
    emu.clock.advance(1)
    running = fleet(client)
    assert running["State"] == "RUNNING"
    assert running["ComputeCapacityStatus"] == {"Desired": 2, "Running": 2, "InUse": 0,
                                                "Available": 2}
    client.start_fleet(Name="f1")
    assert fleet(client)["State"] == "RUNNING"
    assert fails(client.delete_fleet, Name="f1")[:2] == ("ResourceInUseException", 400)

    client.stop_fleet(Name="f1")
    assert fleet(client)["State"] == "STOPPING"
    assert fails(client.start_fleet, Name="f1")[:2] == ("ConcurrentModificationException", 400)
    emu.clock.advance(120)
    stopped = fleet(client)
    assert stopped["State"] == "STOPPED"
    assert stopped["ComputeCapacityStatus"]["Running"] == 0
    client.stop_fleet(Name="f1")  # no-op
    client.delete_fleet(Name="f1")
    assert fails(client.describe_fleets, Names=["f1"])[:2] == ("ResourceNotFoundException", 404)
    assert fails(client.start_fleet, Name="f1")[0] == "ResourceNotFoundException"


def test_stop_while_starting(emu: Emulator, client: Any) -> None:
    make_fleet(client, "f1")
    client.start_fleet(Name="f1")
    emu.clock.advance(100)
    client.stop_fleet(Name="f1")
    emu.clock.advance(1000)  # the stale start timer must not revive the fleet
    assert fleet(client)["State"] == "STOPPED"


def test_update_fleet(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client, desired=2)
    updated = client.update_fleet(Name="f1", ComputeCapacity={"DesiredInstances": 5},
                                  DisplayName="Bigger", ImageName=WIN2022)["Fleet"]
    assert updated["ComputeCapacityStatus"]["Desired"] == 5
    assert updated["ComputeCapacityStatus"]["Running"] == 5
    assert updated["ComputeCapacityStatus"]["Available"] == 5
    assert (updated["DisplayName"], updated["ImageName"]) == ("Bigger", WIN2022)
    assert updated["Platform"] == "WINDOWS_SERVER_2022"
    assert fails(client.update_fleet, Name="f1", InstanceType="stream.standard.large")[0] == (
        "InvalidParameterCombinationException")
    assert fails(client.update_fleet, Name="f1", ImageName="NoSuchImage")[:2] == (
        "ResourceNotFoundException", 404)
    assert fails(client.update_fleet, Name="nope", DisplayName="x")[0] == (
        "ResourceNotFoundException")
    client.stop_fleet(Name="f1")
    assert fails(client.update_fleet, Name="f1", DisplayName="x")[0] == (
        "ConcurrentModificationException")
    emu.clock.advance(120)
    stopped = client.update_fleet(Name="f1", InstanceType="stream.standard.large",
                                  VpcConfig={"SubnetIds": ["subnet-1"]},
                                  MaxUserDurationInSeconds=3600)["Fleet"]
    assert stopped["InstanceType"] == "stream.standard.large"
    assert stopped["MaxUserDurationInSeconds"] == 3600
    cleared = client.update_fleet(Name="f1", AttributesToDelete=["VPC_CONFIGURATION"])["Fleet"]
    assert "VpcConfig" not in cleared
    assert fails(client.update_fleet, Name="f1", MaxUserDurationInSeconds=10)[0] == (
        "ValidationException")


def test_botocore_waiters(emu: Emulator, client: Any) -> None:
    make_fleet(client, "f1")
    client.start_fleet(Name="f1")
    emu.clock.advance(300)
    # The first poll happens at once, so with the clock past the transition no real sleep runs.
    client.get_waiter("fleet_started").wait(Names=["f1"],
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    client.stop_fleet(Name="f1")
    emu.clock.advance(120)
    client.get_waiter("fleet_stopped").wait(Names=["f1"],
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 2})


def test_visibility_lag_shows_the_old_state(emu: Emulator, client: Any) -> None:
    status, timings = control(emu, "aws/timings", {"fleet_start_visibility_lag": 30})
    assert status == 200 and timings["fleet_start_visibility_lag"] == 30
    make_fleet(client, "f1")
    client.start_fleet(Name="f1")
    assert fleet(client)["State"] == "STOPPED"
    # That is exactly what trips botocore's waiter: STOPPED is a failure state for it.
    with pytest.raises(WaiterError):
        client.get_waiter("fleet_started").wait(Names=["f1"],
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    emu.clock.advance(30)
    assert fleet(client)["State"] == "STARTING"
    emu.clock.advance(270)
    assert fleet(client)["State"] == "RUNNING"
    client.stop_fleet(Name="f1")
    assert fleet(client)["State"] == "RUNNING"
    emu.clock.advance(30)
    assert fleet(client)["State"] == "STOPPING"


def test_fail_fleet_while_starting(emu: Emulator, client: Any) -> None:
    make_fleet(client, "f1")
    client.start_fleet(Name="f1")
    emu.aws.fail_fleet("f1", [("IAM_SERVICE_ROLE_IS_MISSING", "no role")])
    assert fleet(client)["State"] == "STARTING"
    emu.clock.advance(300)
    failed = fleet(client)
    assert failed["State"] == "STOPPED"
    assert failed["FleetErrors"] == [{"ErrorCode": "IAM_SERVICE_ROLE_IS_MISSING",
                                      "ErrorMessage": "no role"}]
    # The next start succeeds and clears the errors.
    client.start_fleet(Name="f1")
    emu.clock.advance(300)
    recovered = fleet(client)
    assert recovered["State"] == "RUNNING" and recovered["FleetErrors"] == []


def test_fail_fleet_immediately_and_on_next_start(emu: Emulator, client: Any) -> None:
    make_fleet(client, "f1")
    make_fleet(client, "f2")
    client.start_fleet(Name="f1")
    emu.aws.fail_fleet("f1", [("INTERNAL_SERVICE_ERROR", "boom")], immediately=True)
    assert fleet(client, "f1")["State"] == "STOPPED"
    assert fleet(client, "f1")["FleetErrors"][0]["ErrorCode"] == "INTERNAL_SERVICE_ERROR"

    status, body = control(emu, "aws/fail-fleet", {
        "name": "f2", "errors": [{"code": "SUBNET_NOT_FOUND", "message": "gone"}]})
    assert status == 200, body
    client.start_fleet(Name="f2")
    assert fleet(client, "f2")["State"] == "STARTING"
    emu.clock.advance(300)
    assert fleet(client, "f2")["State"] == "STOPPED"
    assert fleet(client, "f2")["FleetErrors"] == [{"ErrorCode": "SUBNET_NOT_FOUND",
                                                   "ErrorMessage": "gone"}]


# -- pagination -------------------------------------------------------------------------------

def test_describe_fleets_pages_with_botocore_paginator(client: Any) -> None:
    for number in range(30):
        make_fleet(client, f"f{number:02d}")
    first = client.describe_fleets()
    assert len(first["Fleets"]) == 25 and first["NextToken"]
    last = client.describe_fleets(NextToken=first["NextToken"])
    assert len(last["Fleets"]) == 5 and "NextToken" not in last
    pages = list(client.get_paginator("describe_fleets").paginate())
    assert [len(p["Fleets"]) for p in pages] == [25, 5]
    names = [f["Name"] for p in pages for f in p["Fleets"]]
    assert names == [f"f{number:02d}" for number in range(30)]


def test_forged_and_foreign_tokens_are_refused(client: Any) -> None:
    for number in range(26):
        make_stack(client, f"s{number:02d}")
        make_fleet(client, f"f{number:02d}")
    stacks_token = client.describe_stacks()["NextToken"]
    fleets_token = client.describe_fleets()["NextToken"]
    assert len(client.describe_stacks(NextToken=stacks_token)["Stacks"]) == 1
    for bad in ("garbage", fleets_token + "x", "eyJsIjoiRGVzY3JpYmVGbGVldHMiLCJjIjowfQ==.abc"):
        code, status, message = fails(client.describe_fleets, NextToken=bad)
        assert (code, status, message) == ("ValidationException", 400, "Invalid NextToken")
    assert fails(client.describe_fleets, NextToken=stacks_token)[0] == "ValidationException"


def test_describe_images_pages_and_limits(emu: Emulator, client: Any) -> None:
    for number in range(4):
        emu.aws.add_image(f"private-{number}")
    pages = list(client.get_paginator("describe_images").paginate(
        PaginationConfig={"PageSize": 3}))
    assert [len(p["Images"]) for p in pages] == [3, 3, 1]
    assert "NextToken" not in pages[-1]
    names = [i["Name"] for p in pages for i in p["Images"]]
    assert names == [*PUBLIC_IMAGES, "private-0", "private-1", "private-2", "private-3"]
    private = client.describe_images(Type="PRIVATE")["Images"]
    assert [i["Name"] for i in private] == [f"private-{n}" for n in range(4)]
    assert [i["Name"] for i in client.describe_images(Type="PUBLIC")["Images"]] == PUBLIC_IMAGES
    assert fails(client.describe_images, MaxResults=26)[:2] == ("ValidationException", 400)
    assert fails(client.describe_images, Names=["nope"])[:2] == ("ResourceNotFoundException",
                                                                 404)
    by_arn = client.describe_images(Arns=[f"arn:aws:appstream:us-east-1::image/{LINUX}"])
    assert by_arn["Images"][0]["Platform"] == "AMAZON_LINUX2"


def test_stacks_page_size_is_configurable(emu: Emulator, client: Any) -> None:
    emu.aws.page_sizes = type(emu.aws.page_sizes)(stacks=2)
    for number in range(5):
        make_stack(client, f"s{number}")
    pages = list(client.get_paginator("describe_stacks").paginate())
    assert [[s["Name"] for s in p["Stacks"]] for p in pages] == [["s0", "s1"], ["s2", "s3"],
                                                                  ["s4"]]


# -- sessions and streaming URLs --------------------------------------------------------------

def test_sessions_describe_filter_expire(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client, desired=5)
    ids = [emu.aws.add_session("s1", "f1", f"user{n}") for n in range(3)]
    status, body = control(emu, "aws/add-session", {"stack": "s1", "fleet": "f1",
                                                    "user_id": "saml-user",
                                                    "authentication_type": "SAML"})
    assert status == 200
    ids.append(body["session_id"])
    capacity = fleet(client)["ComputeCapacityStatus"]
    assert (capacity["InUse"], capacity["Available"]) == (4, 1)
    # Without AuthenticationType AppStream lists the streaming URL (API) sessions only.
    sessions = client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"]
    assert [s["Id"] for s in sessions] == ids[:3]
    assert sessions[0]["State"] == "ACTIVE" and sessions[0]["ConnectionState"] == "CONNECTED"
    assert sessions[0]["StartTime"].timestamp() == emu.clock.now()
    only = client.describe_sessions(StackName="s1", FleetName="f1", UserId="user1",
                                    AuthenticationType="API")["Sessions"]
    assert [s["Id"] for s in only] == [ids[1]]
    saml = client.describe_sessions(StackName="s1", FleetName="f1",
                                    AuthenticationType="SAML")["Sessions"]
    assert [s["UserId"] for s in saml] == ["saml-user"]
    assert client.describe_sessions(StackName="s9", FleetName="f1")["Sessions"] == []
    assert fails(client.describe_sessions, StackName="s1", FleetName="f1", Limit=51)[:2] == (
        "ValidationException", 400)

    client.expire_session(SessionId=ids[0])
    client.expire_session(SessionId="no-such-session")
    assert len(client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"]) == 2
    assert fails(client.disassociate_fleet, FleetName="f1", StackName="s1")[0] == (
        "ResourceInUseException")
    client.stop_fleet(Name="f1")
    emu.clock.advance(120)
    assert client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"] == []
    assert fleet(client)["ComputeCapacityStatus"]["InUse"] == 0


def test_session_in_use_counts(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client, desired=3)
    emu.aws.add_session("s1", "f1", "a")
    emu.aws.add_session("s1", "f1", "b", state="PENDING", connection_state="NOT_CONNECTED")
    capacity = fleet(client)["ComputeCapacityStatus"]
    assert capacity == {"Desired": 3, "Running": 3, "InUse": 1, "Available": 2}


def test_ten_thousand_sessions_page_in_order(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client)
    ids = emu.aws.add_sessions("s1", "f1", 10_000)
    paginator = client.get_paginator("describe_sessions")
    pages = list(paginator.paginate(StackName="s1", FleetName="f1",
                                    PaginationConfig={"PageSize": 50}))
    assert len(pages) == 200 and all(len(p["Sessions"]) == 50 for p in pages)
    assert [s["Id"] for p in pages for s in p["Sessions"]] == ids
    assert "NextToken" not in pages[-1]
    one = client.describe_sessions(StackName="s1", FleetName="f1", UserId="user9999",
                                   AuthenticationType="API")
    assert [s["Id"] for s in one["Sessions"]] == [ids[9998]] and "NextToken" not in one


def test_create_streaming_url(emu: Emulator, client: Any) -> None:
    make_stack(client, "s1")
    make_fleet(client, "f1")
    assert fails(client.create_streaming_url, StackName="s1", FleetName="f1",
                 UserId="alice")[:2] == ("OperationNotPermittedException", 400)
    client.associate_fleet(FleetName="f1", StackName="s1")
    assert fails(client.create_streaming_url, StackName="s1", FleetName="f1",
                 UserId="alice")[:2] == ("ResourceNotAvailableException", 400)
    client.start_fleet(Name="f1")
    emu.clock.advance(300)
    result = client.create_streaming_url(StackName="s1", FleetName="f1", UserId="alice")
    assert result["StreamingURL"].startswith(
        "https://appstream2.us-east-1.aws.amazon.com/authenticate?parameters=")
    assert result["Expires"].timestamp() == emu.clock.now() + 60
    longer = client.create_streaming_url(StackName="s1", FleetName="f1", UserId="alice",
                                         Validity=600)
    assert longer["Expires"].timestamp() == emu.clock.now() + 600
    assert longer["StreamingURL"] != result["StreamingURL"]
    # Opening the URL is what creates a session; issuing it does not.
    assert client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"] == []
    for bad in ({"UserId": "x" * 33}, {"UserId": "bad user!"},
                {"UserId": "alice", "Validity": 604801}):
        assert fails(client.create_streaming_url, StackName="s1", FleetName="f1",
                     **bad)[0] == "ValidationException", bad
    # botocore refuses a 1-character UserId itself; the server must too.
    status, _, body = raw_call(emu, "CreateStreamingURL",
                               b'{"StackName": "s1", "FleetName": "f1", "UserId": "a"}')
    assert (status, body["__type"]) == (400, "ValidationException")
    assert fails(client.create_streaming_url, StackName="nope", FleetName="f1",
                 UserId="alice")[:2] == ("ResourceNotFoundException", 404)


# -- images -----------------------------------------------------------------------------------

def test_public_images_are_seeded(client: Any) -> None:
    images = client.describe_images()["Images"]
    assert [i["Name"] for i in images] == PUBLIC_IMAGES
    first = images[0]
    assert first["Visibility"] == "PUBLIC" and first["State"] == "AVAILABLE"
    assert first["Arn"] == f"arn:aws:appstream:us-east-1::image/{WIN2019}"
    assert [a["Name"] for a in first["Applications"]] == ["Notepad", "Firefox"]


def test_delete_image_rules(emu: Emulator, client: Any) -> None:
    emu.aws.add_image("mine", applications=["Excel"])
    emu.aws.add_image("used")
    make_fleet(client, "f1", ImageName="used")
    assert fails(client.delete_image, Name=WIN2019)[:2] == ("OperationNotPermittedException", 400)
    assert fails(client.delete_image, Name="used")[:2] == ("ResourceInUseException", 400)
    assert fails(client.delete_image, Name="ghost")[:2] == ("ResourceNotFoundException", 404)
    deleted = client.delete_image(Name="mine")["Image"]
    assert deleted["State"] == "DELETING" and deleted["Applications"][0]["Name"] == "Excel"
    assert fails(client.describe_images, Names=["mine"])[0] == "ResourceNotFoundException"

    control(emu, "aws/timings", {"image_delete": 60})
    client.delete_fleet(Name="f1")
    assert client.delete_image(Name="used")["Image"]["State"] == "DELETING"
    assert image(client, "used")["State"] == "DELETING"
    emu.clock.advance(60)
    assert fails(client.describe_images, Names=["used"])[0] == "ResourceNotFoundException"


def test_failed_image_cannot_back_a_fleet(emu: Emulator, client: Any) -> None:
    emu.aws.add_image("broken")
    status, _ = control(emu, "aws/set-image-state", {"name": "broken", "state": "FAILED",
                                                     "reason": "disk full"})
    assert status == 200
    failed = image(client, "broken")
    assert failed["State"] == "FAILED"
    assert failed["StateChangeReason"] == {"Code": "INTERNAL_ERROR", "Message": "disk full"}
    assert fails(make_fleet, client=client, name="f1", ImageName="broken")[0] == (
        "ResourceNotAvailableException")
    client.delete_image(Name="broken")


def test_copy_image_to_another_region(emu: Emulator, client: Any, eu_client: Any) -> None:
    emu.aws.add_image("golden", platform="WINDOWS_SERVER_2022", applications=["Word"])
    result = client.copy_image(SourceImageName="golden", DestinationImageName="golden-eu",
                               DestinationRegion="eu-west-1",
                               DestinationImageDescription="copy")
    assert result["DestinationImageName"] == "golden-eu"
    copied = image(eu_client, "golden-eu")
    assert copied["State"] == "PENDING" and copied["Visibility"] == "PRIVATE"
    assert copied["Arn"] == "arn:aws:appstream:eu-west-1:123456789012:image/golden-eu"
    assert copied["Description"] == "copy" and copied["Applications"][0]["Name"] == "Word"
    assert fails(client.describe_images, Names=["golden-eu"])[0] == "ResourceNotFoundException"
    emu.clock.advance(600)
    assert image(eu_client, "golden-eu")["State"] == "AVAILABLE"
    assert fails(client.copy_image, SourceImageName="golden", DestinationImageName="golden-eu",
                 DestinationRegion="eu-west-1")[:2] == ("ResourceAlreadyExistsException", 400)
    assert fails(client.copy_image, SourceImageName="nope", DestinationImageName="x",
                 DestinationRegion="eu-west-1")[0] == "ResourceNotFoundException"
    client.copy_image(SourceImageName="golden", DestinationImageName="golden-2",
                      DestinationRegion="us-east-1")
    assert image(client, "golden-2")["State"] == "PENDING"


def test_regions_are_separate(emu: Emulator, client: Any, eu_client: Any) -> None:
    make_fleet(client, "f1")
    eu = make_fleet(eu_client, "f1", 1)
    assert eu["Arn"] == "arn:aws:appstream:eu-west-1:123456789012:fleet/f1"
    assert eu["ImageArn"] == f"arn:aws:appstream:eu-west-1::image/{WIN2019}"
    client.delete_fleet(Name="f1")
    assert [f["Name"] for f in eu_client.describe_fleets()["Fleets"]] == ["f1"]


# -- image builders ---------------------------------------------------------------------------

def test_image_builder_lifecycle(emu: Emulator, client: Any) -> None:
    created = client.create_image_builder(Name="b1", InstanceType="stream.standard.large",
                                          ImageName=WIN2019, Tags={"k": "v"})["ImageBuilder"]
    assert created["State"] == "PENDING"
    assert created["Arn"] == "arn:aws:appstream:us-east-1:123456789012:image-builder/b1"
    assert fails(client.create_image_builder, Name="b1", InstanceType=SMALL,
                 ImageName=WIN2019)[0] == "ResourceAlreadyExistsException"
    assert fails(client.create_image_builder, Name="b2", InstanceType=SMALL,
                 ImageName="nope")[:2] == ("ResourceNotFoundException", 404)
    assert fails(client.create_image_builder_streaming_url, Name="b1")[0] == (
        "OperationNotPermittedException")
    assert fails(client.start_image_builder, Name="b1")[0] == "ConcurrentModificationException"
    emu.clock.advance(300)
    assert builder_state(client) == "RUNNING"
    assert fails(client.start_image_builder, Name="b1")[:2] == (
        "ResourceNotAvailableException", 400)

    url = client.create_image_builder_streaming_url(Name="b1")
    assert url["StreamingURL"].startswith("https://appstream2.us-east-1.aws.amazon.com/")
    assert url["Expires"].timestamp() == emu.clock.now() + 3600
    assert fails(client.create_image_builder_streaming_url, Name="b1", Validity=0)[0] == (
        "ValidationException")

    assert client.stop_image_builder(Name="b1")["ImageBuilder"]["State"] == "STOPPING"
    emu.clock.advance(120)
    assert builder_state(client) == "STOPPED"
    assert fails(client.stop_image_builder, Name="b1")[0] == "OperationNotPermittedException"
    assert client.start_image_builder(Name="b1")["ImageBuilder"]["State"] == "PENDING"
    emu.clock.advance(300)
    assert builder_state(client) == "RUNNING"
    assert fails(client.delete_image, Name=WIN2019)[0] == "OperationNotPermittedException"

    deleted = client.delete_image_builder(Name="b1")["ImageBuilder"]
    assert deleted["State"] == "DELETING"
    assert fails(client.describe_image_builders, Names=["b1"])[:2] == (
        "ResourceNotFoundException", 404)


def test_image_assistant_creates_an_image(emu: Emulator, client: Any) -> None:
    client.create_image_builder(Name="b1", InstanceType=SMALL, ImageName=LINUX)
    status, body = control(emu, "aws/image-assistant-create-image",
                           {"builder": "b1", "image_name": "app-v1"})
    assert status == 400 and "not RUNNING" in body["message"]
    emu.clock.advance(300)
    status, body = control(emu, "aws/image-assistant-create-image",
                           {"builder": "b1", "image_name": "app-v1", "description": "v1"})
    assert status == 200, body
    assert body["arn"] == "arn:aws:appstream:us-east-1:123456789012:image/app-v1"
    assert builder_state(client) == "SNAPSHOTTING"
    pending = image(client, "app-v1")
    assert pending["State"] == "PENDING" and pending["ImageBuilderName"] == "b1"
    assert pending["Platform"] == "AMAZON_LINUX2" and pending["Visibility"] == "PRIVATE"
    assert pending["BaseImageArn"] == f"arn:aws:appstream:us-east-1::image/{LINUX}"
    assert [a["Name"] for a in pending["Applications"]] == ["Terminal", "Firefox"]
    emu.clock.advance(600)
    assert builder_state(client) == "STOPPED"
    assert image(client, "app-v1")["State"] == "PENDING"
    emu.clock.advance(300)
    assert image(client, "app-v1")["State"] == "AVAILABLE"
    assert make_fleet(client, "f1", ImageName="app-v1")["Platform"] == "AMAZON_LINUX2"


def test_describe_image_builders_pages(emu: Emulator, client: Any) -> None:
    for number in range(5):
        client.create_image_builder(Name=f"b{number}", InstanceType=SMALL, ImageName=WIN2019)
    pages = list(client.get_paginator("describe_image_builders").paginate(
        PaginationConfig={"PageSize": 2}))
    assert [[b["Name"] for b in p["ImageBuilders"]] for p in pages] == [
        ["b0", "b1"], ["b2", "b3"], ["b4"]]


# -- tags -------------------------------------------------------------------------------------

def test_tags(emu: Emulator, client: Any) -> None:
    fleet_arn = make_fleet(client, "f1", Tags={"env": "test"})["Arn"]
    stack_arn = make_stack(client, "s1")["Arn"]
    image_arn = emu.aws.add_image("img")
    assert client.list_tags_for_resource(ResourceArn=fleet_arn)["Tags"] == {"env": "test"}
    client.tag_resource(ResourceArn=fleet_arn, Tags={"team": "a", "env": "prod"})
    assert client.list_tags_for_resource(ResourceArn=fleet_arn)["Tags"] == {
        "env": "prod", "team": "a"}
    client.untag_resource(ResourceArn=fleet_arn, TagKeys=["env", "absent"])
    assert client.list_tags_for_resource(ResourceArn=fleet_arn)["Tags"] == {"team": "a"}
    client.tag_resource(ResourceArn=stack_arn, Tags={"x": "1"})
    client.tag_resource(ResourceArn=image_arn, Tags={"y": "2"})
    assert client.list_tags_for_resource(ResourceArn=image_arn)["Tags"] == {"y": "2"}
    assert client.list_tags_for_resource(ResourceArn=stack_arn)["Tags"] == {"x": "1"}

    ghost = "arn:aws:appstream:us-east-1:123456789012:fleet/ghost"
    assert fails(client.list_tags_for_resource, ResourceArn=ghost)[:2] == (
        "ResourceNotFoundException", 404)
    assert fails(client.tag_resource, ResourceArn=fleet_arn, Tags={"aws:x": "1"})[:2] == (
        "ValidationException", 400)
    many = {f"k{n}": "v" for n in range(50)}
    assert fails(client.tag_resource, ResourceArn=fleet_arn, Tags=many)[0] == (
        "ValidationException")
    assert fails(client.tag_resource, ResourceArn=fleet_arn,
                 Tags={**many, "k50": "v"})[0] == "ValidationException"
    assert fails(client.list_tags_for_resource, ResourceArn="not-an-arn")[0] == (
        "ValidationException")


# -- control routes ---------------------------------------------------------------------------

def test_control_routes_over_http(emu: Emulator, client: Any) -> None:
    make_stack(client, "s1")
    before = emu.clock.now()
    status, body = control(emu, "clock", {"advance": 42})
    assert status == 200 and body["now"] == before + 42

    assert control(emu, "aws/fail-fleet", {"name": "ghost",
                                           "errors": [{"code": "X", "message": "y"}]})[0] == 400
    assert control(emu, "aws/fail-fleet", {"name": "ghost", "errors": []})[0] == 400
    assert control(emu, "aws/no-such-action", {})[0] == 400
    assert control(emu, "aws/timings", {"fleet_start": -1})[0] == 400
    assert control(emu, "aws/timings", {"warp_speed": 1})[0] == 400
    status, body = control(emu, "aws/add-image", {"name": "seeded", "applications": ["A"],
                                                  "platform": "WINDOWS_SERVER_2022"})
    assert status == 200 and image(client, "seeded")["Applications"][0]["Name"] == "A"
    status, body = control(emu, "aws/add-session", {"stack": "s1", "fleet": "ghost",
                                                    "user_id": "u"})
    assert status == 400
    status, timings = control(emu, "aws/timings", {"fleet_start": 5})
    assert status == 200 and timings["fleet_start"] == 5

    status, body = control(emu, "reset", {})
    assert (status, body) == (200, {"reset": True})
    assert client.describe_stacks()["Stacks"] == []
    assert [i["Name"] for i in client.describe_images()["Images"]] == PUBLIC_IMAGES
    assert emu.aws.timings.fleet_start == 300  # reset restores the construction-time timings


def test_bulk_session_control(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client)
    status, body = control(emu, "aws/add-sessions", {"stack": "s1", "fleet": "f1",
                                                     "count": 3, "user_id_prefix": "u"})
    assert status == 200 and len(body["session_ids"]) == 3
    users = [s["UserId"] for s in
             client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"]]
    assert users == ["u1", "u2", "u3"]


# -- the AWS CLI ------------------------------------------------------------------------------

@pytest.mark.skipif(importlib.util.find_spec("awscli") is None, reason="awscli not installed")
def test_aws_cli_describe_fleets(emu: Emulator, client: Any) -> None:
    make_fleet(client, "cli-fleet")
    creds = emu.credentials["aws"]
    env = {**os.environ, "AWS_ACCESS_KEY_ID": creds["access_key_id"],
           "AWS_SECRET_ACCESS_KEY": creds["secret_access_key"],
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    # A subprocess: importing awscli swaps in its own bundled botocore.
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "appstream", "describe-fleets", "--endpoint-url",
         emu.aws_endpoint, "--region", "us-east-1", "--output", "json"],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    fleets = json.loads(done.stdout)["Fleets"]
    assert [f["Name"] for f in fleets] == ["cli-fleet"]
    assert fleets[0]["CreatedTime"] == emu.clock.now()


# -- the documented rules -----------------------------------------------------------------------

def test_describe_sessions_lists_api_sessions_unless_told_the_authentication_type(
        emu: Emulator, client: Any) -> None:
    running_fleet(emu, client, desired=4)
    by_type = {auth: emu.aws.add_session("s1", "f1", f"{auth.lower()}-user",
                                         authentication_type=auth)
               for auth in ("API", "SAML", "USERPOOL", "AWS_AD")}
    listed = client.describe_sessions(StackName="s1", FleetName="f1")["Sessions"]
    assert [s["Id"] for s in listed] == [by_type["API"]]
    for auth, session_id in by_type.items():
        named = client.describe_sessions(StackName="s1", FleetName="f1",
                                         AuthenticationType=auth)["Sessions"]
        assert [(s["Id"], s["AuthenticationType"]) for s in named] == [(session_id, auth)]
    code, status, message = fails(client.describe_sessions, StackName="s1", FleetName="f1",
                                  UserId="saml-user")
    assert (code, status) == ("InvalidParameterCombinationException", 400)
    assert "AuthenticationType" in message


def test_user_stack_associations_need_a_stack_or_a_user_with_its_type(client: Any) -> None:
    make_stack(client)
    for call in ({}, {"AuthenticationType": "USERPOOL"}, {"UserName": "a@example.com"},
                 {"StackName": "s1", "UserName": "a@example.com"}):
        assert fails(client.describe_user_stack_associations, **call)[:2] == (
            "InvalidParameterCombinationException", 400), call
    assert client.describe_user_stack_associations(
        UserName="a@example.com", AuthenticationType="USERPOOL")["UserStackAssociations"] == []


def test_only_user_pool_users_can_be_entitled_to_a_stack(emu: Emulator, client: Any) -> None:
    make_stack(client)
    client.create_user(UserName="alice@example.com", AuthenticationType="USERPOOL",
                       FirstName="Alice", MessageAction="SUPPRESS")
    emu.aws.add_user("bob@example.com")
    assert fails(client.create_user, UserName="alice@example.com",
                 AuthenticationType="USERPOOL")[0] == "ResourceAlreadyExistsException"
    assert fails(client.create_user, UserName="carol@example.com",
                 AuthenticationType="SAML")[0] == "InvalidParameterCombinationException"
    users = client.describe_users(AuthenticationType="USERPOOL")["Users"]
    assert [(u["UserName"], u["Enabled"], u["AuthenticationType"]) for u in users] == [
        ("alice@example.com", True, "USERPOOL"), ("bob@example.com", True, "USERPOOL")]
    assert users[0]["FirstName"] == "Alice" and "LastName" not in users[0]

    def item(user: str, stack: str = "s1") -> dict[str, str]:
        return {"StackName": stack, "UserName": user, "AuthenticationType": "USERPOOL"}

    errors = client.batch_associate_user_stack(UserStackAssociations=[
        item("alice@example.com"), item("nobody@example.com"), item("bob@example.com", "s9"),
    ])["errors"]
    assert [(e["UserStackAssociation"]["UserName"], e["ErrorCode"]) for e in errors] == [
        ("nobody@example.com", "USER_NAME_NOT_FOUND"), ("bob@example.com", "STACK_NOT_FOUND")]
    associations = client.describe_user_stack_associations(StackName="s1")
    assert [a["UserName"] for a in associations["UserStackAssociations"]] == [
        "alice@example.com"]

    client.disable_user(UserName="alice@example.com", AuthenticationType="USERPOOL")
    assert not client.describe_users(AuthenticationType="USERPOOL")["Users"][0]["Enabled"]
    client.delete_user(UserName="alice@example.com", AuthenticationType="USERPOOL")
    assert fails(client.delete_user, UserName="alice@example.com",
                 AuthenticationType="USERPOOL")[:2] == ("ResourceNotFoundException", 404)
    assert client.describe_user_stack_associations(StackName="s1")[
        "UserStackAssociations"] == []


def test_a_running_fleet_takes_only_the_documented_changes(emu: Emulator, client: Any) -> None:
    running_fleet(emu, client)
    for change in ({"InstanceType": "stream.standard.large"}, {"VpcConfig": TWO_SUBNETS},
                   {"MaxUserDurationInSeconds": 900}, {"EnableDefaultInternetAccess": True},
                   {"StreamView": "DESKTOP"}, {"IamRoleArn": "arn:aws:iam::123456789012:role/r"},
                   {"AttributesToDelete": ["IAM_ROLE_ARN"]}, {"MaxSessionsPerInstance": 2},
                   {"UsbDeviceFilterStrings": ["*"]}):
        code, _, message = fails(client.update_fleet, Name="f1", **change)
        assert code == "InvalidParameterCombinationException", change
        assert next(iter(change)) in message
    updated = client.update_fleet(Name="f1", DisplayName="Shown", ComputeCapacity={
        "DesiredInstances": 3}, DisconnectTimeoutInSeconds=600, IdleDisconnectTimeoutInSeconds=
        300, ImageName=WIN2022)["Fleet"]
    assert (updated["DisplayName"], updated["ComputeCapacityStatus"]["Desired"],
            updated["ImageName"]) == ("Shown", 3, WIN2022)
    client.stop_fleet(Name="f1")
    emu.clock.advance(120)
    stopped = client.update_fleet(Name="f1", MaxUserDurationInSeconds=900,
                                  InstanceType="stream.standard.large")["Fleet"]
    assert (stopped["MaxUserDurationInSeconds"], stopped["InstanceType"]) == (
        900, "stream.standard.large")


def test_a_running_elastic_fleet_takes_its_own_list(emu: Emulator, client: Any) -> None:
    client.create_fleet(Name="e1", InstanceType=SMALL, FleetType="ELASTIC",
                        MaxConcurrentSessions=2, Platform="AMAZON_LINUX2", VpcConfig=TWO_SUBNETS)
    client.start_fleet(Name="e1")
    emu.clock.advance(300)
    assert fails(client.update_fleet, Name="e1", ComputeCapacity={"DesiredInstances": 1})[0] == (
        "InvalidParameterCombinationException")
    updated = client.update_fleet(Name="e1", MaxConcurrentSessions=4,
                                  UsbDeviceFilterStrings=["*"])["Fleet"]
    assert updated["MaxConcurrentSessions"] == 4


@pytest.mark.parametrize(("change", "word"), [
    ({}, "VpcConfig"),
    ({"VpcConfig": {"SubnetIds": ["subnet-0a"]}}, "subnets"),
    ({"VpcConfig": TWO_SUBNETS, "Platform": "WINDOWS_SERVER_2022"}, "WINDOWS_SERVER_2022"),
    ({"VpcConfig": TWO_SUBNETS, "DomainJoinInfo": {"DirectoryName": "corp.example.com"}},
     "DomainJoinInfo"),
])
def test_elastic_fleets_are_created_as_documented(client: Any, change: dict[str, Any],
                                                  word: str) -> None:
    code, status, message = fails(client.create_fleet, Name="e1", InstanceType=SMALL,
                                  FleetType="ELASTIC", MaxConcurrentSessions=2,
                                  **{"Platform": "AMAZON_LINUX2", **change})
    assert (code, status) == ("InvalidParameterCombinationException", 400)
    assert word in message


def test_request_enums_are_the_models(client: Any) -> None:
    # a member and an enum value of the installed botocore's model
    redirect = {"HostToClient": {"Enabled": True, "AllowedUrls": ["https://example.com/*"]}}
    created = make_stack(client, ContentRedirection=redirect)
    assert created["ContentRedirection"] == redirect
    updated = client.update_stack(Name="s1", AttributesToDelete=["CONTENT_REDIRECTION"])
    assert "ContentRedirection" not in updated["Stack"]
    code, _, message = fails(client.update_stack, Name="s1", AttributesToDelete=["THEME"])
    assert code == "ValidationException" and "CONTENT_REDIRECTION" in message
