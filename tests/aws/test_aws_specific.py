"""What only AWS has: the grace period against botocore's waiter, image copies across
regions, Image Assistant captures, and the exact error-code table (through botocore's Stubber).
"""

from __future__ import annotations

import attrs
import boto3
import botocore.exceptions
import pytest
from botocore.stub import ANY, Stubber

import streamkit
from streamkit import FleetState, ImageBuilderSpec, RetryPolicy
from streamkit.providers.aws.adapter import SESSION_AUTHENTICATION_TYPES
from streamkit.providers.aws.errors import ERROR_CODES
from streamkit.testing import Emulator
from tests.harness import AwsHarness, appstream_client


@pytest.fixture
def aws(emulator: Emulator) -> AwsHarness:
    return AwsHarness(emulator)



def test_grace_period_survives_a_stale_stopped_where_botocore_fails(aws: AwsHarness) -> None:
    emu, cloud = aws.emulator, aws.cloud
    spec = aws.deployment_spec("lag")
    cloud.stacks.create(spec.stack)
    cloud.fleets.create(spec.fleet)
    emu.aws.timings = attrs.evolve(emu.aws.timings, fleet_start_visibility_lag=20)
    client = appstream_client(emu)

    client.start_fleet(Name="lag-fleet")  # type: ignore[attr-defined]
    assert cloud.fleets.get("lag-fleet").state is FleetState.STOPPED  # the start is not visible yet
    with pytest.raises(botocore.exceptions.WaiterError, match="STOPPED"):
        client.get_waiter("fleet_started").wait(  # type: ignore[attr-defined]
            Names=["lag-fleet"], WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    fleet = cloud.wait_until_fleet_running("lag-fleet", grace=60)
    assert fleet.state is FleetState.RUNNING


def test_a_fleet_stopped_for_longer_than_the_grace_fails(aws: AwsHarness) -> None:
    cloud = aws.cloud
    spec = aws.deployment_spec("idle")
    cloud.fleets.create(spec.fleet)  # created STOPPED and never started
    with pytest.raises(streamkit.WaiterFailed, match="STOPPED") as err:
        cloud.wait_until_fleet_running("idle-fleet", grace=30)
    assert 30 <= err.value.elapsed < 60


def test_image_copy_to_another_region_and_delete(aws: AwsHarness) -> None:
    cloud = aws.cloud
    west = aws.connect(region="us-west-2")
    copy_id = cloud.images.copy(aws.base_image, "us-west-2", destination_name="golden-copy",
                                description="for the west")
    assert copy_id == "golden-copy"
    assert west.images.get(copy_id).state is streamkit.ImageState.PENDING
    image = west.wait_until_image_available(copy_id)
    assert image.state is streamkit.ImageState.AVAILABLE and image.visibility == "PRIVATE"
    with pytest.raises(streamkit.NotFound):
        cloud.images.get(copy_id)  # it lives in us-west-2 only
    west.images.delete(copy_id)
    with pytest.raises(streamkit.NotFound):
        west.images.get(copy_id)
    with pytest.raises(streamkit.ValidationError, match="destination_name"):
        cloud.images.copy(aws.base_image, "us-west-2")


def test_image_capture_is_unsupported_but_waitable(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="ib", instance_type="stream.standard.large", image_id=aws.base_image))
    cloud.wait_until_image_builder_running(builder.id)
    with pytest.raises(streamkit.UnsupportedOperation, match="Image Assistant"):
        cloud.image_builders.create_image(builder.id, "captured")
    emu.aws.image_assistant_create_image("ib", "captured")
    assert cloud.image_builders.get("ib").state is streamkit.ImageBuilderState.SNAPSHOTTING
    image = cloud.wait_until_image_available("captured")
    assert image.state is streamkit.ImageState.AVAILABLE
    assert cloud.wait_until_image_builder_stopped("ib").state is streamkit.ImageBuilderState.STOPPED


def test_failed_image_ends_the_wait_with_its_reason(aws: AwsHarness) -> None:
    emu, cloud = aws.emulator, aws.cloud
    emu.aws.add_image("broken", state="PENDING")
    emu.aws.set_image_state("broken", "FAILED", reason="IMAGE_BUILDER_NOT_AVAILABLE")
    with pytest.raises(streamkit.WaiterFailed) as err:
        cloud.wait_until_image_available("broken")
    assert err.value.resource.state is streamkit.ImageState.FAILED


def _stubbed(aws: AwsHarness, **retry: object) -> tuple[streamkit.StreamingCloud, Stubber]:
    cloud = aws.connect(retry=RetryPolicy(jitter=False, **retry))  # type: ignore[arg-type]
    client = cloud._adapter._client  # type: ignore[attr-defined]
    return cloud, Stubber(client)


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_aws_error_code_maps_to_its_class(aws: AwsHarness, code: str) -> None:
    cloud, stub = _stubbed(aws, max_attempts=1)
    status = 404 if code == "ResourceNotFoundException" else 400
    stub.add_client_error("describe_stacks", service_error_code=code, service_message="m",
                          http_status_code=status)
    with stub, pytest.raises(ERROR_CODES[code]) as err:
        cloud.stacks.list_page()
    assert type(err.value) is ERROR_CODES[code]
    assert err.value.code == code and err.value.http_status == status
    assert err.value.operation == "DescribeStacks"
    assert isinstance(err.value.__cause__, botocore.exceptions.ClientError)


def test_unknown_code_is_a_plain_provider_error(aws: AwsHarness) -> None:
    cloud, stub = _stubbed(aws, max_attempts=1)
    stub.add_client_error("describe_stacks", service_error_code="BrandNewException")
    with stub, pytest.raises(streamkit.ProviderError) as err:
        cloud.stacks.list_page()
    assert type(err.value) is streamkit.ProviderError and err.value.code == "BrandNewException"


def test_reads_retry_throttling_and_quota_is_not_retried(aws: AwsHarness) -> None:
    cloud, stub = _stubbed(aws, max_attempts=4, wait_initial=0.0)
    for code in ("RequestLimitExceededException", "ThrottlingException"):
        stub.add_client_error("describe_stacks", service_error_code=code)
    stub.add_response("describe_stacks", {"Stacks": [{"Name": "s1"}]})
    with stub:
        page = cloud.stacks.list_page()
    assert [s.id for s in page.items] == ["s1"]
    stub.assert_no_pending_responses()

    cloud, stub = _stubbed(aws, max_attempts=4)
    stub.add_client_error("describe_stacks", service_error_code="LimitExceededException")
    with stub, pytest.raises(streamkit.QuotaExceeded):
        cloud.stacks.list_page()
    stub.assert_no_pending_responses()  # one attempt only


def test_concurrent_modification_retries_with_the_longer_backoff(aws: AwsHarness) -> None:
    waits: list[float] = []
    cloud = aws.connect(retry=RetryPolicy(jitter=False, conflict_wait_initial=3.0,
                                          on_retry=lambda e: waits.append(e.wait)))
    stub = Stubber(cloud._adapter._client)  # type: ignore[attr-defined]
    stub.add_client_error("stop_fleet", service_error_code="ConcurrentModificationException")
    stub.add_client_error("stop_fleet", service_error_code="ThrottlingException")
    stub.add_response("stop_fleet", {})
    with stub:
        cloud.fleets.stop("f1")
    assert waits == [3.0, 0.5]  # conflict: 3 s; then throttling at attempt 2: 0.25 * 2


def test_creates_are_not_resent_after_an_ambiguous_failure(aws: AwsHarness) -> None:
    cloud, stub = _stubbed(aws, max_attempts=5, wait_initial=0.0)
    spec = aws.deployment_spec("amb").stack
    stub.add_client_error("create_stack", service_error_code="InternalFailure",
                          http_status_code=500)
    # the adapter looks before it resends: the stack is there, and not this call's
    arn = f"arn:aws:appstream:us-east-1:123456789012:stack/{spec.name}"
    stub.add_response("describe_stacks", {"Stacks": [{"Name": spec.name, "Arn": arn,
                                                      "DisplayName": spec.display_name}]})
    stub.add_response("list_tags_for_resource", {"Tags": {"streamkit:create-token": "other"}},
                      expected_params={"ResourceArn": arn})
    with stub, pytest.raises(streamkit.AlreadyExists):
        cloud.stacks.create(spec)
    stub.assert_no_pending_responses()


def test_request_shape_of_create_fleet(aws: AwsHarness) -> None:
    cloud, stub = _stubbed(aws, max_attempts=1)
    spec = streamkit.FleetSpec(name="shape", instance_type="stream.standard.small",
                               image_id=aws.base_image, desired_capacity=3,
                               max_user_duration_seconds=3600, tags={"team": "qa"})
    stub.add_response("create_fleet", {"Fleet": {
        "Arn": "arn:aws:appstream:us-east-1:123456789012:fleet/shape", "Name": "shape",
        "InstanceType": "stream.standard.small", "State": "STOPPED",
        "ComputeCapacityStatus": {"Desired": 3}}}, expected_params={
        "Name": "shape", "InstanceType": "stream.standard.small", "ImageName": aws.base_image,
        "FleetType": "ON_DEMAND", "ComputeCapacity": {"DesiredInstances": 3},
        "MaxUserDurationInSeconds": 3600,
        "Tags": {"team": "qa", "streamkit:create-token": ANY}})  # the create's own token
    with stub:
        fleet = cloud.fleets.create(spec)
    assert fleet.capacity.desired == 3 and fleet.state is FleetState.STOPPED


def test_unknown_states_become_unknown_and_keep_the_raw_value(aws: AwsHarness) -> None:
    cloud, stub = _stubbed(aws, max_attempts=1)
    stub.add_response("describe_fleets", {"Fleets": [{
        "Arn": "arn:aws:appstream:us-east-1:1:fleet/f", "Name": "f", "InstanceType": "x",
        "State": "HIBERNATING", "FleetType": "SOMETHING_NEW",
        "ComputeCapacityStatus": {"Desired": 1}}]})
    stub.add_response("list_associated_stacks", {"Names": ["s"]})  # get names its stack
    with stub:
        fleet = cloud.fleets.get("f")
    assert fleet.state is FleetState.UNKNOWN and fleet.raw_state == "HIBERNATING"
    assert fleet.fleet_type is streamkit.FleetType.UNKNOWN


def test_wrong_secret_is_permission_denied(aws: AwsHarness) -> None:
    creds = aws.emulator.credentials["aws"]
    cloud = aws.connect(credentials=streamkit.Credentials(creds["access_key_id"], "wrong"))
    with pytest.raises(streamkit.PermissionDenied) as err:
        cloud.stacks.list_page()
    assert err.value.code == "InvalidSignatureException"
    assert "wrong" not in str(err.value)


def test_unreachable_endpoint_is_service_unavailable(aws: AwsHarness) -> None:
    cloud = aws.connect(endpoint_url="http://127.0.0.1:9", timeout=2,
                        retry=RetryPolicy(max_attempts=2, jitter=False, wait_initial=0.0))
    with pytest.raises(streamkit.ServiceUnavailable) as err:
        cloud.fleets.get("f")
    assert err.value.maybe_applied is False


def test_sessions_list_covers_every_authentication_type(aws: AwsHarness) -> None:
    """DescribeSessions without AuthenticationType lists API sessions only: the listing asks
    for each type in turn, and its cursors say which one they are on."""
    emu, cloud = aws.emulator, aws.cloud
    deployment = cloud.deploy(aws.deployment_spec("everyone", desired=4))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    users = {auth: f"{auth.lower()}-user" for auth in SESSION_AUTHENTICATION_TYPES}
    for auth, user in users.items():
        emu.aws.add_session("everyone-stack", "everyone-fleet", user, authentication_type=auth)
    assert sorted(s.user_id for s in cloud.sessions.list("everyone-stack")) == sorted(
        users.values())
    seen, page = [], cloud.sessions.list_page("everyone-stack", page_size=1)
    seen.extend(s.user_id for s in page.items)
    while page.next_cursor:
        page = cloud.sessions.list_page("everyone-stack", page_size=1, cursor=page.next_cursor)
        seen.extend(s.user_id for s in page.items)
    assert seen == [users[auth] for auth in SESSION_AUTHENTICATION_TYPES]
    assert [s.user_id for s in cloud.sessions.list("everyone-stack", user_id="saml-user")] == [
        "saml-user"]


def test_the_listing_asks_for_every_authentication_type_the_model_has() -> None:
    model = boto3.session.Session().client("appstream", region_name="us-east-1").meta
    enum = model.service_model.shape_for("AuthenticationType").enum
    assert list(SESSION_AUTHENTICATION_TYPES) == enum
