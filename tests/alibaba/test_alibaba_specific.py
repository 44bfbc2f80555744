"""What only Alibaba has, through the real Tea SDK over HTTP: delivery groups as stacks and
fleets, debug groups as image builders, asynchronous tickets, 200 answers that are errors,
the error-code table, ``x-acs-retry-after`` and the proxy trap.
"""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability, FleetState, FleetType, ImageBuilderSpec, RetryPolicy
from streamkit.providers.alibaba import translate
from streamkit.providers.alibaba.errors import ERROR_CODES
from streamkit.providers.alibaba.operations import PAGINATORS
from streamkit.testing import Emulator
from tests.harness import AlibabaHarness


@pytest.fixture
def ali(emulator: Emulator) -> AlibabaHarness:
    return AlibabaHarness(emulator)


def _running_group(ali: AlibabaHarness, name: str = "g") -> streamkit.Deployment:
    deployment = ali.cloud.deploy(ali.deployment_spec(name))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    return deployment


def test_a_delivery_group_is_the_stack_and_its_fleet(ali: AlibabaHarness) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("one", desired=2))
    stack, fleet = deployment.stack, deployment.fleet
    assert stack.id.startswith("aig-") and fleet.stack_id == stack.id
    group_id, pool_id = translate.split_fleet_id(fleet.id)
    assert group_id == stack.id and pool_id.startswith("rg-")
    assert fleet.fleet_type is FleetType.ALWAYS_ON and fleet.capacity.desired == 2
    ali.cloud.stacks.delete(stack.id)
    ali.cloud.wait_until_fleet_deleted(fleet.id)
    ali.cloud.wait_until_stack_deleted(stack.id)


def test_usage_scaling_is_kept_when_scaling(ali: AlibabaHarness) -> None:
    spec = ali.deployment_spec("elastic")
    fleet_spec = streamkit.FleetSpec(
        name="elastic-fleet", instance_type=ali.instance_type, image_id=ali.base_image,
        desired_capacity=1, scaling=streamkit.UsageScaling(max_capacity=8, step=2))
    deployment = ali.cloud.deploy(streamkit.DeploymentSpec(stack=spec.stack, fleet=fleet_spec))
    fleet = ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    assert fleet.fleet_type is FleetType.ELASTIC
    scaled = ali.cloud.fleets.scale(fleet.id, 3)
    assert scaled.state is FleetState.UPDATING and scaled.capacity.desired == 3
    pool = translate.node_pool(ali.cloud.wait_until_fleet_running(fleet.id).raw)
    assert pool["StrategyType"] == "NODE_SCALING_BY_USAGE" and pool["MaxScalingAmount"] == 8
    with pytest.raises(streamkit.ValidationError, match="desired"):
        ali.cloud.fleets.scale(fleet.id, 0)


def test_updating_the_image_goes_through_maintenance(ali: AlibabaHarness) -> None:
    from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

    fleet = _running_group(ali).fleet
    updated = ali.cloud.fleets.update(fleet.id, image_id=SYSTEM_IMAGES[1].image_id,
                                      disconnect_timeout_seconds=600)
    assert updated.state is FleetState.UPDATING
    fleet = ali.cloud.wait_until_fleet_running(fleet.id)
    assert fleet.image_id == SYSTEM_IMAGES[1].image_id
    with pytest.raises(streamkit.UnsupportedOperation, match="instance_type"):
        ali.cloud.fleets.update(fleet.id, instance_type="appstreaming.general.8c16g")


def test_unsupported_operations_say_so_up_front_with_a_hint(ali: AlibabaHarness) -> None:
    cloud = ali.cloud
    missing = set(Capability) - cloud.capabilities
    assert {Capability.STACK_CREATE, Capability.FLEET_CREATE, Capability.FLEET_START_STOP,
            Capability.FLEET_ASSOCIATION, Capability.STREAMING_URL_VALIDITY} <= missing
    fleet = cloud.deploy(ali.deployment_spec("hints")).fleet
    calls = [lambda: cloud.fleets.start(fleet.id), lambda: cloud.fleets.stop(fleet.id),
             lambda: cloud.fleets.delete(fleet.id),
             lambda: cloud.stacks.associate_fleet(fleet.stack_id, fleet.id),
             lambda: cloud.stacks.create(streamkit.StackSpec(name="alone")),
             lambda: cloud.image_builders.start("aig-x")]
    for call in calls:
        with pytest.raises(streamkit.UnsupportedOperation) as err:
            call()
        assert err.value.provider is streamkit.Provider.ALIBABA and err.value.hint


def test_image_builder_is_a_debug_group_captured_into_an_image(ali: AlibabaHarness) -> None:
    cloud = ali.cloud
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="golden", instance_type=ali.instance_type, image_id=ali.base_image))
    assert builder.id not in {s.id for s in cloud.stacks.list()}  # not listed as a stack
    assert [b.id for b in cloud.image_builders.list()] == [builder.id]
    cloud.wait_until_image_builder_running(builder.id)
    debug = cloud.image_builders.connect(builder.id)
    assert debug.kind is streamkit.AccessKind.TICKET and debug.reveal() not in repr(debug)
    image = cloud.image_builders.create_image(builder.id, "golden-v1")
    assert image.id.startswith("img-") and image.state is streamkit.ImageState.PENDING
    assert cloud.wait_until_image_available(image.id).name == "golden-v1"
    with pytest.raises(streamkit.UnsupportedOperation):
        cloud.images.tags(image.id)
    cloud.image_builders.delete(builder.id)
    with pytest.raises(streamkit.NotFound):
        cloud.image_builders.get(builder.id)


def test_image_copy_distributes_to_another_region(ali: AlibabaHarness) -> None:
    cloud = ali.cloud
    image_id = ali.emulator.alibaba.add_image("custom")
    hangzhou = ali.connect(region="cn-hangzhou")
    assert cloud.images.copy(image_id, "cn-hangzhou") == image_id
    assert hangzhou.images.get(image_id).state is streamkit.ImageState.PENDING
    assert hangzhou.wait_until_image_available(image_id).state is streamkit.ImageState.AVAILABLE
    with pytest.raises(streamkit.UnsupportedOperation):
        cloud.images.copy(image_id, "cn-beijing", destination_name="renamed")


def test_a_refusal_in_a_200_answer_is_an_error(ali: AlibabaHarness) -> None:
    with pytest.raises(streamkit.Conflict) as err:
        ali.cloud.images.delete(ali.base_image)  # a system image: 200 with Success false
    assert err.value.http_status == 200 and "system image" in err.value.message
    with pytest.raises(streamkit.NotFound):
        ali.cloud.images.delete("img-nosuchimage000000")


def test_ticket_task_failure_raises_with_the_task(ali: AlibabaHarness) -> None:
    stack_id = _running_group(ali).stack.id
    ali.emulator.alibaba.fail_ticket_tasks("TryRegionBind.TicketIsNull")
    with pytest.raises(streamkit.WaiterFailed, match="connection ticket") as err:
        ali.cloud.sessions.connect(stack_id, "alice")
    assert [e.code for e in err.value.errors] == ["TryRegionBind.TicketIsNull"]


def test_connect_binds_a_session_for_the_user(ali: AlibabaHarness) -> None:
    deployment = _running_group(ali)
    access = ali.cloud.sessions.connect(deployment.stack.id, "carol")
    sessions = list(ali.cloud.sessions.list(deployment.stack.id, user_id="carol"))
    assert [s.id for s in sessions] == [access.session_id]
    assert sessions[0].fleet_id == deployment.fleet.id


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_alibaba_error_code_maps_to_its_class(ali: AlibabaHarness, code: str) -> None:
    status = 503 if code == "ServiceUnavailable" else 500 if code == "InternalError" else \
        404 if code in ("InvalidAccessKeyId.NotFound", "InvalidApi.NotFound") else \
        403 if code.startswith("Forbidden") else 400
    ali.emulator.alibaba.inject_fault(code=code, status=status, count=1)
    cloud = ali.connect(retry=RetryPolicy(max_attempts=1))
    with pytest.raises(ERROR_CODES[code]) as err:
        cloud.stacks.list_page()
    assert type(err.value) is ERROR_CODES[code] and err.value.code == code
    assert err.value.http_status == status and err.value.request_id
    assert err.value.__cause__ is not None


def test_throttling_honours_retry_after(ali: AlibabaHarness) -> None:
    waits: list[float] = []
    cloud = ali.connect(retry=RetryPolicy(jitter=False, wait_initial=0.01,
                                          on_retry=lambda e: waits.append(e.wait)))
    ali.emulator.alibaba.inject_fault(code="Throttling.User", count=2, retry_after_ms=1500)
    assert cloud.stacks.list_page().items == ()
    assert waits == [1.5, 1.5]


def test_wrong_secret_is_permission_denied(ali: AlibabaHarness) -> None:
    creds = ali.emulator.credentials["alibaba"]
    cloud = ali.connect(credentials=streamkit.Credentials(creds["access_key_id"], "wrong!"))
    with pytest.raises(streamkit.PermissionDenied) as err:
        cloud.stacks.list_page()
    assert err.value.code == "SignatureDoesNotMatch" and "wrong!" not in str(err.value)


def test_http_proxy_in_the_environment_does_not_hijack_the_emulator(
        ali: AlibabaHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    cloud = ali.connect(retry=RetryPolicy(max_attempts=1))
    assert cloud.stacks.list_page().items == ()


def test_unknown_values_become_unknown_and_keep_the_raw_value() -> None:
    group = {"AppInstanceGroupId": "aig-1", "Status": "HIBERNATING",
             "NodePool": [{"NodePoolId": "rg-1", "StrategyType": "NODE_SOMETHING_NEW",
                           "NodeAmount": "3"}], "GmtCreate": "not a time"}
    fleet = translate.fleet(group, "cn-shanghai")
    assert fleet.state is FleetState.UNKNOWN and fleet.raw_state == "HIBERNATING"
    assert fleet.fleet_type is FleetType.UNKNOWN and fleet.capacity.desired == 3
    assert fleet.created_at is None
    builder = translate.image_builder({"Status": 7}, "cn-shanghai")
    assert builder.state is streamkit.ImageBuilderState.UNKNOWN


def test_list_nodes_pages_count_from_the_page_the_cloud_served() -> None:
    nodes = PAGINATORS["ListNodes"]
    # asked for 200 a page, served 50 (ToPage, PerPageSize): 120 nodes leave more to read
    served = {"Count": 120, "ToPage": 1, "PerPageSize": 50}
    assert nodes.next_token(served, None, None, 50) == [2, 200]
    assert nodes.next_token({**served, "ToPage": 3}, [3, 200], None, 20) is None
    # an answer without them: counted from what was asked
    assert nodes.next_token({"Count": 120}, None, None, 120) is None
