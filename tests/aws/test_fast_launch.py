"""``cloud.fast_launch`` and ``wait_until_fast_launch_enabled`` through streamkit, against the
emulator's EC2 (and botocore's Stubber for what the emulator never sends)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

import streamkit
from streamkit import (
    Capability,
    FastLaunchImage,
    FastLaunchState,
    LaunchTemplateRef,
    StreamingCloud,
)
from streamkit.testing import Emulator
from streamkit.testing.emulator import DEFAULT_CREDENTIALS

WIN1 = "ami-0a1b2c3d4e5f60001"
WIN2 = "ami-0a1b2c3d4e5f60002"
LINUX = "ami-0a1b2c3d4e5f60003"


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    # One boto3 session for the module: each new one parses the large EC2 model again.
    creds = DEFAULT_CREDENTIALS["aws"]
    return boto3.Session(aws_access_key_id=creds["access_key_id"],
                         aws_secret_access_key=creds["secret_access_key"],
                         region_name="us-east-1")


def connect(emulator: Emulator, session: boto3.Session, **extra: Any) -> StreamingCloud:
    args = emulator.connect_args("aws")
    del args["credentials"]
    return streamkit.connect("aws", **args, session=session, **extra)


@pytest.fixture
def cloud(emulator: Emulator, session: boto3.Session) -> StreamingCloud:
    return connect(emulator, session)


def test_fast_launch_is_an_aws_capability(cloud: StreamingCloud) -> None:
    assert Capability.FAST_LAUNCH in cloud.capabilities


def test_enable_then_wait_until_enabled(cloud: StreamingCloud, emulator: Emulator) -> None:
    enabled_at = emulator.clock.now()
    image = cloud.fast_launch.enable(WIN1, max_parallel_launches=10, target_resource_count=2,
                                     launch_template=LaunchTemplateRef(name="win-lt",
                                                                       version="$Latest"))
    assert (image.image_id, image.state, image.raw_state) == (
        WIN1, FastLaunchState.ENABLING, "enabling")
    assert "ResponseMetadata" not in image.raw
    seen: list[str] = []
    image = cloud.wait_until_fast_launch_enabled(WIN1, on_progress=lambda o: seen.append(o.state))
    assert image.state is FastLaunchState.ENABLED and image.errors == ()
    assert seen[0] == "ENABLING" and seen[-1] == "ENABLED"
    assert image == FastLaunchImage(
        image_id=WIN1, provider=streamkit.Provider.AWS, region="us-east-1",
        state=FastLaunchState.ENABLED, raw_state="enabled", resource_type="snapshot",
        snapshot_target_count=2, max_parallel_launches=10, owner_id="123456789012",
        launch_template=LaunchTemplateRef(name="win-lt", version="$Latest"),
        state_reason=image.state_reason, state_changed_at=image.state_changed_at)
    assert image.state_changed_at is not None
    assert image.state_changed_at.timestamp() == pytest.approx(  # EC2 XML keeps milliseconds
        enabled_at + emulator.ec2.timings.enable, abs=1e-3)
    assert cloud.fast_launch.get(WIN1) == image

    disabled = cloud.fast_launch.disable(WIN1, force=True)
    assert disabled.state is FastLaunchState.DISABLING
    emulator.clock.advance(emulator.ec2.timings.disable)
    with pytest.raises(streamkit.NotFound):
        cloud.fast_launch.get(WIN1)


def test_a_failing_enable_fails_the_waiter_at_once_with_the_reason(
        cloud: StreamingCloud, emulator: Emulator) -> None:
    emulator.ec2.fail_fast_launch(WIN2, "Client.LaunchTemplateNotFound: no such template")
    cloud.fast_launch.enable(WIN2)
    with pytest.raises(streamkit.WaiterFailed, match="ENABLING_FAILED") as err:
        cloud.wait_until_fast_launch_enabled(WIN2)
    [error] = err.value.errors
    assert error.code == "enabling-failed"
    assert error.message == "Client.LaunchTemplateNotFound: no such template"
    assert isinstance(err.value.resource, FastLaunchImage)
    assert err.value.resource.state is FastLaunchState.ENABLING_FAILED
    # it failed when the enable ended, not at the timeout
    assert err.value.elapsed < emulator.ec2.timings.enable + 60


def test_waiting_on_a_disabling_image_fails(cloud: StreamingCloud) -> None:
    cloud.fast_launch.enable(WIN1)
    cloud.fast_launch.disable(WIN1)
    with pytest.raises(streamkit.WaiterFailed, match="DISABLING"):
        cloud.wait_until_fast_launch_enabled(WIN1)


def test_listing_across_pages_with_cursors(cloud: StreamingCloud, emulator: Emulator) -> None:
    ids = [f"ami-{n:017x}" for n in range(1, 6)]
    for image_id in ids:
        emulator.ec2.add_image(image_id)
        cloud.fast_launch.enable(image_id)
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = cloud.fast_launch.list_page(page_size=2, cursor=cursor)
        seen += [i.image_id for i in page]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(ids) and pages == 3
    assert [i.image_id for i in cloud.fast_launch.list()] == sorted(ids)
    assert [i.image_id for i in cloud.fast_launch.list(image_ids=[ids[3], ids[1]])] == [
        ids[1], ids[3]]
    emulator.clock.advance(emulator.ec2.timings.enable)
    cloud.fast_launch.disable(ids[0])
    assert [i.image_id for i in cloud.fast_launch.list(filters={"state": ["disabling"]})] == [
        ids[0]]

    first = cloud.fast_launch.list_page(page_size=1)
    assert first.next_cursor is not None
    with pytest.raises(streamkit.ValidationError) as err:  # another listing's cursor
        cloud.fleets.list_page(cursor=first.next_cursor)
    assert err.value.field == "cursor"
    with pytest.raises(streamkit.ValidationError, match="another listing"):  # other filters
        cloud.fast_launch.list_page(filters={"state": ["enabled"]}, cursor=first.next_cursor)


def test_a_cursor_from_fleets_is_refused(cloud: StreamingCloud) -> None:
    for name in ("f1", "f2"):
        cloud.fleets.create(streamkit.FleetSpec(
            name=name, instance_type="stream.standard.small",
            image_id="AppStream-WinServer2019-06-12-2024"))
    cursor = cloud.fleets.list_page(page_size=1).next_cursor
    assert cursor is not None
    with pytest.raises(streamkit.ValidationError, match="another listing") as err:
        cloud.fast_launch.list_page(cursor=cursor)
    assert err.value.field == "cursor"


def test_get_of_an_image_without_fast_launch_is_not_found(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.NotFound) as err:
        cloud.fast_launch.get(WIN1)
    assert err.value.operation == "DescribeFastLaunchImages"
    with pytest.raises(streamkit.NotFound) as unknown:
        cloud.fast_launch.get("ami-0000000000000dead")
    assert unknown.value.code == "InvalidAMIID.NotFound"
    with pytest.raises(streamkit.NotFound):
        cloud.wait_until_fast_launch_enabled(WIN1)


def test_the_cloud_refusing_a_linux_image_is_an_invalid_request(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.InvalidRequest) as err:
        cloud.fast_launch.enable(LINUX)
    assert err.value.code == "InvalidParameterValue" and err.value.http_status == 400
    cloud.fast_launch.enable(WIN1)
    cloud.fast_launch.disable(WIN1)
    with pytest.raises(streamkit.Conflict) as conflict:
        cloud.fast_launch.enable(WIN1)
    assert conflict.value.code == "IncorrectState"


@pytest.mark.parametrize(("call", "field"), [
    (lambda c: c.fast_launch.get("ami-XYZ"), "image_id"),
    (lambda c: c.fast_launch.get(None), "image_id"),
    (lambda c: c.fast_launch.enable("i-0123456789abcdef0"), "image_id"),
    (lambda c: c.fast_launch.list_page(image_ids="ami-0a1b2c3d4e5f60001"), "image_ids"),
    (lambda c: c.fast_launch.list_page(image_ids=["ami-bad"]), "image_ids[0]"),
    (lambda c: c.fast_launch.list_page(filters=["state"]), "filters"),
    (lambda c: c.fast_launch.list_page(filters={"platform": ["windows"]}), "filters"),
    (lambda c: c.fast_launch.list_page(filters={"state": "enabled"}), "filters['state']"),
    (lambda c: c.fast_launch.list_page(filters={"state": []}), "filters['state']"),
    (lambda c: c.fast_launch.list_page(page_size=0), "page_size"),
    (lambda c: c.fast_launch.list_page(page_size=201), "page_size"),
    (lambda c: c.fast_launch.list_page(cursor="%%%"), "cursor"),
    (lambda c: c.fast_launch.enable(WIN1, max_parallel_launches=5), "max_parallel_launches"),
    (lambda c: c.fast_launch.enable(WIN1, max_parallel_launches=True),
     "max_parallel_launches"),
    (lambda c: c.fast_launch.enable(WIN1, target_resource_count=0), "target_resource_count"),
    (lambda c: c.fast_launch.enable(WIN1, launch_template="lt-1"), "launch_template"),
    (lambda c: c.fast_launch.enable(WIN1, launch_template=LaunchTemplateRef(version="1")),
     "launch_template"),
    (lambda c: c.fast_launch.enable(WIN1, launch_template=LaunchTemplateRef(id="lt-1",
                                                                            version="1")),
     "launch_template.id"),
    (lambda c: c.fast_launch.enable(WIN1, launch_template=LaunchTemplateRef(name="lt")),
     "launch_template.name"),
    (lambda c: c.fast_launch.enable(WIN1, launch_template=LaunchTemplateRef(name="win-lt")),
     "launch_template.version"),
    (lambda c: c.fast_launch.disable(WIN1, force="yes"), "force"),
    (lambda c: c.wait_until_fast_launch_enabled(WIN1, timeout=-1), "timeout"),
])
def test_bad_input_names_the_field(cloud: StreamingCloud, emulator: Emulator,
                                   call: Any, field: str) -> None:
    if field == "timeout":
        cloud.fast_launch.enable(WIN1)
    with pytest.raises(streamkit.ValidationError) as err:
        call(cloud)
    assert err.value.field == field


def test_an_unknown_state_from_the_cloud_is_unknown(cloud: StreamingCloud) -> None:
    backend = cloud._adapter.fast_launch_backend()  # type: ignore[attr-defined]
    changed = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Stubber(backend._client) as stub:
        stub.add_response("describe_fast_launch_images", {"FastLaunchImages": [
            {"ImageId": WIN1, "State": "hibernating", "StateTransitionTime": changed},
            {"ImageId": WIN2},
        ]})
        first, second = cloud.fast_launch.list_page().items
    assert (first.state, first.raw_state, first.state_changed_at) == (
        FastLaunchState.UNKNOWN, "hibernating", changed)
    assert first.launch_template is None and first.max_parallel_launches is None
    assert (second.state, second.raw_state) == (FastLaunchState.UNKNOWN, "")


def test_reads_are_retried_on_ec2_throttling(emulator: Emulator,
                                             session: boto3.Session) -> None:
    cloud = connect(emulator, session,
                    retry=streamkit.RetryPolicy(jitter=False, wait_initial=0.0))
    backend = cloud._adapter.fast_launch_backend()  # type: ignore[attr-defined]
    with Stubber(backend._client) as stub:
        stub.add_client_error("describe_fast_launch_images",
                              service_error_code="RequestLimitExceeded", http_status_code=503)
        stub.add_response("describe_fast_launch_images", {"FastLaunchImages": []})
        assert cloud.fast_launch.list_page().items == ()
        stub.assert_no_pending_responses()


def test_fast_launch_is_unsupported_on_alibaba(emulator: Emulator) -> None:
    pytest.importorskip("streamkit.providers.alibaba.adapter")
    cloud = streamkit.connect("alibaba", **emulator.connect_args("alibaba"))
    assert Capability.FAST_LAUNCH not in cloud.capabilities
    calls: list[Any] = [
        lambda: cloud.fast_launch.list(), lambda: cloud.fast_launch.list_page(),
        lambda: cloud.fast_launch.get(WIN1), lambda: cloud.fast_launch.enable(WIN1),
        lambda: cloud.fast_launch.disable(WIN1),
        lambda: cloud.wait_until_fast_launch_enabled(WIN1),
    ]
    for call in calls:
        with pytest.raises(streamkit.UnsupportedOperation) as err:
            call()
        assert err.value.operation.startswith("fast_launch.")
        assert err.value.hint


@pytest.mark.parametrize("call", [
    lambda c: c.fast_launch.enable(WIN1, max_parallel_launches=6, dry_run=True),
    lambda c: c.fast_launch.get(WIN1, dry_run=True),
])
def test_a_dry_run_checks_and_changes_nothing(emulator: Emulator, session: boto3.Session,
                                              call: Any) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = connect(emulator, session, hooks=streamkit.Hooks(on_call=records.append))
    assert call(cloud) is None
    assert [(r.attempt, r.error) for r in records] == [(1, "DryRunOperation")]  # not retried
    with pytest.raises(streamkit.NotFound):
        cloud.fast_launch.get(WIN1)  # nothing was enabled


def test_a_dry_run_of_disable_checks_the_request_too(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.InvalidRequest) as refused:  # not enabled: a real refusal
        cloud.fast_launch.disable(WIN1, dry_run=True)
    assert refused.value.code == "InvalidParameterValue"
    cloud.fast_launch.enable(WIN1)
    assert cloud.fast_launch.disable(WIN1, force=True, dry_run=True) is None
    assert cloud.fast_launch.get(WIN1).state is FastLaunchState.ENABLING  # still


def test_a_dry_run_without_permission_is_permission_denied(cloud: StreamingCloud,
                                                           emulator: Emulator) -> None:
    emulator.ec2.deny("EnableFastLaunch", "DescribeFastLaunchImages")
    with pytest.raises(streamkit.PermissionDenied) as denied:
        cloud.fast_launch.enable(WIN1, dry_run=True)
    assert (denied.value.code, denied.value.http_status) == ("UnauthorizedOperation", 403)
    with pytest.raises(streamkit.PermissionDenied):
        cloud.fast_launch.get(WIN1, dry_run=True)
    with pytest.raises(streamkit.PermissionDenied):  # and so is the call itself
        cloud.fast_launch.enable(WIN1)


def test_dry_run_is_sent_as_ec2_dry_run(cloud: StreamingCloud) -> None:
    backend = cloud._adapter.fast_launch_backend()  # type: ignore[attr-defined]
    with Stubber(backend._client) as stub:
        stub.add_client_error("enable_fast_launch", service_error_code="DryRunOperation",
                              http_status_code=412,
                              expected_params={"ImageId": WIN1, "ResourceType": "snapshot",
                                               "DryRun": True})
        stub.add_client_error("disable_fast_launch", service_error_code="DryRunOperation",
                              http_status_code=412,
                              expected_params={"ImageId": WIN1, "DryRun": True})
        assert cloud.fast_launch.enable(WIN1, dry_run=True) is None
        assert cloud.fast_launch.disable(WIN1, dry_run=True) is None
        stub.assert_no_pending_responses()


def test_dry_run_must_be_a_bool(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.ValidationError) as bad:
        cloud.fast_launch.enable(WIN1, dry_run="yes")  # type: ignore[call-overload]
    assert bad.value.field == "dry_run"
