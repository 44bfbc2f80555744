"""The simulated App Streaming service, driven over HTTP by the real Alibaba Cloud SDK client."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from alibabacloud_appstream_center20210901 import models as m
from alibabacloud_appstream_center20210901.client import Client
from alibabacloud_tea_openapi.exceptions import (
    AlibabaCloudException,
    ClientException,
    ServerException,
    ThrottlingException,
)
from alibabacloud_tea_openapi.models import Config
from darabonba.exceptions import UnretryableException

from streamkit.testing.emulator import Emulator
from tests.emulator.wire import acs_date

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
CLOUD_APP = "CloudApp"
SMALL = "appstreaming.general.4c8g"  # up to 2 sessions per node
ID = {prefix: re.compile(rf"^{prefix}-[a-z0-9]{{17}}$") for prefix in ("aig", "rg", "ai", "img")}


# -- fixtures and helpers ---------------------------------------------------------------------

def make_client(emu: Emulator, *, key: str | None = None, secret: str | None = None,
                **config: Any) -> Client:
    creds = emu.credentials["alibaba"]
    return Client(Config(access_key_id=key or creds["access_key_id"],
                         access_key_secret=secret or creds["access_key_secret"],
                         endpoint=f"{emu.host}:{emu.port}", protocol="http",
                         region_id="cn-shanghai", **config))


@pytest.fixture
def client(emu: Emulator) -> Client:
    return make_client(emu)


def fails(call: Callable[..., Any], *args: Any, **kwargs: Any) -> ClientException:
    """The ClientException a call must raise."""
    with pytest.raises(ClientException) as info:
        call(*args, **kwargs)
    return info.value


def system_images(client: Client) -> list[Any]:
    body = client.list_image(m.ListImageRequest(image_type="System", product_type=CLOUD_APP)).body
    return list(body.data)


def system_image(client: Client) -> str:
    return str(system_images(client)[0].image_id)


def create_group(client: Client, image_id: str, *, name: str = "group", debug: bool = False,
                 charge_type: str = "PostPaid", amount: int = 1, capacity: int = 1,
                 region: str = "cn-shanghai", users: list[str] | None = None,
                 skip_auth: bool = False, **pool: Any) -> tuple[str, str]:
    """(AppInstanceGroupId, NodePoolId) of a new, DEPLOYING group."""
    request = m.CreateAppInstanceGroupRequest(
        app_center_image_id=image_id, biz_region_id=region, product_type=CLOUD_APP,
        charge_type=charge_type, charge_resource_mode="Node", period=1, period_unit="Month",
        session_timeout=15, app_instance_group_name=name, auto_pay=True,
        node_pool=m.CreateAppInstanceGroupRequestNodePool(
            node_instance_type=SMALL, node_amount=amount, node_capacity=capacity,
            strategy_type=pool.pop("strategy_type", "NODE_FIXED"), **pool),
        runtime_policy=m.CreateAppInstanceGroupRequestRuntimePolicy(
            debug_mode="ON" if debug else "OFF", per_session_per_app=True),
        security_policy=m.CreateAppInstanceGroupRequestSecurityPolicy(
            skip_user_auth_check=skip_auth),
        users=users,
        user_info=m.CreateAppInstanceGroupRequestUserInfo(type="Simple") if users else None,
    )
    model = client.create_app_instance_group(request).body.app_instance_group_model
    return str(model.app_instance_group_id), str(model.node_pool_id)


def published_group(emu: Emulator, client: Client, **kwargs: Any) -> tuple[str, str]:
    group = create_group(client, kwargs.pop("image_id", None) or system_image(client), **kwargs)
    emu.clock.advance(emu.alibaba.timings.group_deploy)
    return group


def get_group(client: Client, group_id: str) -> Any:
    request = m.GetAppInstanceGroupRequest(app_instance_group_id=group_id, product_type=CLOUD_APP)
    return client.get_app_instance_group(request).body.app_instance_group_models


def list_groups(client: Client, **kwargs: Any) -> Any:
    request = m.ListAppInstanceGroupRequest(product_type=CLOUD_APP, **kwargs)
    return client.list_app_instance_group(request).body


def find_image(client: Client, image_id: str) -> Any:
    data = client.list_image(m.ListImageRequest(image_id=image_id)).body.data
    return data[0] if data else None


def first_app(client: Client, group_id: str) -> str:
    return str(get_group(client, group_id).apps[0].app_id)


def control(emu: Emulator, action: str, payload: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://{emu.host}:{emu.port}/_streamkit/alibaba/{action}",
        data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def raw_call(emu: Emulator, action: str, form: dict[str, str], *,
             version: str = "2021-09-01", sign_body: bytes | None = None,
             secret: str | None = None, authorize: bool = True) -> tuple[int, Any]:
    """POST an ACS3-signed request by hand (``sign_body`` signs other bytes than are sent)."""
    creds = emu.credentials["alibaba"]
    body = urllib.parse.urlencode(form).encode()
    signed_body = body if sign_body is None else sign_body
    headers = {
        "host": f"{emu.host}:{emu.port}",
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": acs_date(emu.clock.now()),
        "x-acs-signature-nonce": uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(signed_body).hexdigest(),
        "content-type": "application/x-www-form-urlencoded",
    }
    names = sorted(headers)
    canonical = "\n".join([
        "POST", "/", "", "".join(f"{n}:{headers[n]}\n" for n in names), ";".join(names),
        hashlib.sha256(signed_body).hexdigest(),
    ])
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new((secret or creds["access_key_secret"]).encode(), to_sign.encode(),
                         hashlib.sha256).hexdigest()
    if authorize:
        headers["authorization"] = (f"ACS3-HMAC-SHA256 Credential={creds['access_key_id']},"
                                    f"SignedHeaders={';'.join(names)},Signature={signature}")
    request = urllib.request.Request(f"http://{emu.host}:{emu.port}/", data=body, method="POST",
                                     headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


# -- protocol and signature -------------------------------------------------------------------

def test_list_regions_uses_lower_case_region_id(client: Client) -> None:
    body = client.list_regions(m.ListRegionsRequest(product_type=CLOUD_APP)).body
    regions = [r.region_id for r in body.region_models]
    assert {"cn-shanghai", "cn-hangzhou"} <= set(regions)
    assert re.match(r"^[0-9A-F-]{36}$", body.request_id)


def test_wrong_secret_is_signature_does_not_match(emu: Emulator) -> None:
    error = fails(make_client(emu, secret="not-the-secret").list_regions, m.ListRegionsRequest())
    assert (error.code, error.status_code) == ("SignatureDoesNotMatch", 400)


def test_unknown_access_key_is_404(emu: Emulator) -> None:
    error = fails(make_client(emu, key="LTAInobody").list_regions, m.ListRegionsRequest())
    assert (error.code, error.status_code) == ("InvalidAccessKeyId.NotFound", 404)


def test_legacy_rpc_v1_signature_is_accepted(emu: Emulator) -> None:
    legacy = make_client(emu, signature_algorithm="v2")
    body = legacy.list_app_instance_group(m.ListAppInstanceGroupRequest(
        product_type=CLOUD_APP, status=["PUBLISHED"],
        tag=[m.ListAppInstanceGroupRequestTag(key="env", value="a b~*")])).body
    assert body.total_count == 0
    bad = make_client(emu, signature_algorithm="v2", secret="wrong")
    assert fails(bad.list_regions, m.ListRegionsRequest()).code == "SignatureDoesNotMatch"


def test_gateway_errors_on_the_wire(emu: Emulator) -> None:
    form = {"ProductType": CLOUD_APP}
    status, body = raw_call(emu, "ListAppInstanceGroup", form)
    assert status == 200 and body["TotalCount"] == 0  # the hand-made signature is right
    status, body = raw_call(emu, "ListAppInstanceGroup", form, sign_body=b"ProductType=Other")
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")  # tampered body
    status, body = raw_call(emu, "ListAppInstanceGroup", form, authorize=False)
    assert (status, body["Code"]) == (400, "IncompleteSignature")
    status, body = raw_call(emu, "ListAppInstanceGroup", form, version="2020-01-01")
    assert (status, body["Code"]) == (400, "NoSuchVersion")
    status, body = raw_call(emu, "DescribeEverything", form)
    assert (status, body["Code"]) == (404, "InvalidApi.NotFound")
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}


def test_product_type_is_validated(client: Client) -> None:
    error = fails(client.list_app_instance_group, m.ListAppInstanceGroupRequest())
    assert (error.code, error.status_code) == ("InvalidParameter.ProductType", 400)
    error = fails(client.list_app_instance_group,
                  m.ListAppInstanceGroupRequest(product_type="CloudDesktop"))
    assert error.code == "InvalidParameter.ProductType"


# -- images ---------------------------------------------------------------------------------------

def test_system_images_are_seeded_and_filtered(emu: Emulator, client: Client) -> None:
    images = system_images(client)
    assert len(images) == 3
    first = images[0]
    assert ID["img"].match(first.image_id)
    assert (first.image_type, first.status, first.os_type, first.platform_name,
            first.product_type) == ("System", "AVAILABLE", "Windows", "Windows Server 2019",
                                    CLOUD_APP)
    assert first.app_list and first.app_list[0].app_id.startswith("ca-")
    office = client.list_image(m.ListImageRequest(image_name="OFFICE")).body
    assert [i.image_name for i in office.data] == ["Windows Server 2019 Office"]
    desktop = client.list_image(m.ListImageRequest(product_type="CloudDesktop")).body
    assert desktop.count == 0 and desktop.success is True
    emu.reset()
    assert [i.image_id for i in system_images(client)] == [i.image_id for i in images]


def test_list_image_paging(client: Client) -> None:
    page1 = client.list_image(m.ListImageRequest(page_size=2, page_number=1)).body
    page2 = client.list_image(m.ListImageRequest(page_size=2, page_number=2)).body
    page3 = client.list_image(m.ListImageRequest(page_size=2, page_number=3)).body
    assert (page1.count, len(page1.data), len(page2.data), len(page3.data)) == (3, 2, 1, 0)
    assert (page2.page_number, page2.page_size) == (2, 2)
    error = fails(client.list_image, m.ListImageRequest(page_size=101))
    assert error.code == "InvalidParameter.PageSize"


def test_delete_image_refusals_answer_200_success_false(emu: Emulator, client: Client) -> None:
    for image_id in ("img-doesnotexist00000", system_image(client)):
        response = client.delete_image(m.DeleteImageRequest(image_id=image_id))
        assert response.status_code == 200
        assert (response.body.success, response.body.code, response.body.data) == (
            False, "400", False)
    user_image = emu.alibaba.add_image("mine")
    create_group(client, user_image)
    in_use = client.delete_image(m.DeleteImageRequest(image_id=user_image)).body
    assert in_use.success is False and "in use" in in_use.message
    spare = emu.alibaba.add_image("spare")
    deleted = client.delete_image(m.DeleteImageRequest(image_id=spare)).body
    assert (deleted.success, deleted.data) == (True, True)
    assert find_image(client, spare) is None


def test_distribute_image_to_regions(emu: Emulator, client: Client) -> None:
    image_id = emu.alibaba.add_image("app", regions=["cn-shanghai"])
    error = fails(create_group, client, image_id, region="cn-hangzhou")
    assert error.code == "InvalidAppCenterImageId.NotFound"
    body = client.start_task_for_distribute_image(m.StartTaskForDistributeImageRequest(
        image_id=image_id, destination_region_list=["cn-hangzhou", "cn-beijing"],
        product_type=CLOUD_APP)).body
    assert body.success is True and body.data
    image = find_image(client, image_id)
    assert [(d.region_id, d.status) for d in image.image_region_distribute_list] == [
        ("cn-hangzhou", "CREATING"), ("cn-beijing", "CREATING")]
    assert image.image_region_list == ["cn-shanghai"]
    emu.clock.advance(emu.alibaba.timings.image_distribute)
    image = find_image(client, image_id)
    assert {d.status for d in image.image_region_distribute_list} == {"AVAILABLE"}
    assert image.image_region_list == ["cn-shanghai", "cn-hangzhou", "cn-beijing"]
    hangzhou = client.list_image(m.ListImageRequest(biz_region_id_list=["cn-hangzhou"])).body
    assert image_id in [i.image_id for i in hangzhou.data]
    group_id, _ = create_group(client, image_id, region="cn-hangzhou")
    assert get_group(client, group_id).region_id == "cn-hangzhou"


def test_distribute_image_refusals(client: Client) -> None:
    unknown = client.start_task_for_distribute_image(m.StartTaskForDistributeImageRequest(
        image_id="img-doesnotexist00000", destination_region_list=["cn-hangzhou"])).body
    assert (unknown.success, unknown.code) == (False, "InvalidImageId.NotFound")
    error = fails(client.start_task_for_distribute_image, m.StartTaskForDistributeImageRequest(
        image_id=system_image(client), destination_region_list=["mars-1"]))
    assert error.code == "InvalidParameter.DestinationRegionList"


# -- delivery groups ------------------------------------------------------------------------------

def test_create_group_deploys_then_publishes(emu: Emulator, client: Client) -> None:
    image_id = system_image(client)
    group_id, pool_id = create_group(client, image_id, name="office apps", amount=2, capacity=2)
    assert ID["aig"].match(group_id) and ID["rg"].match(pool_id)
    group = get_group(client, group_id)
    assert (group.status, group.resource_status) == ("DEPLOYING", "CREATING")
    assert (group.session_timeout, group.charge_type, group.app_center_image_id) == (
        "15", "PostPaid", image_id)
    pool = group.node_pool[0]
    assert (pool.node_pool_id, pool.node_instance_type, pool.node_amount, pool.node_capacity,
            pool.strategy_type) == (pool_id, SMALL, 2, 2, "NODE_FIXED")
    assert group.apps and group.app_center_image_name == "Windows Server 2019 Office"
    emu.clock.advance(299)
    assert get_group(client, group_id).status == "DEPLOYING"
    emu.clock.advance(1)
    group = get_group(client, group_id)
    assert (group.status, group.resource_status) == ("PUBLISHED", "AVAILABLE")


def test_create_group_validation(emu: Emulator, client: Client) -> None:
    image_id = system_image(client)
    assert fails(create_group, client, "img-doesnotexist00000").code == (
        "InvalidAppCenterImageId.NotFound")
    assert fails(create_group, client, image_id, amount=101).code == (
        "InvalidParameter.NodePool.NodeAmount")
    assert fails(create_group, client, image_id, capacity=3).code == (
        "InvalidParameter.NodePool.NodeCapacity")
    assert fails(create_group, client, image_id, region="mars-1").code == (
        "InvalidParameter.BizRegionId")
    assert fails(create_group, client, image_id, strategy_type="NODE_SCALING_BY_USAGE").code == (
        "MissingNodePool.MaxScalingAmount")
    creating = emu.alibaba.add_image("later", status="CREATING")
    assert fails(create_group, client, creating).code == "IncorrectImageStatus"
    missing = m.CreateAppInstanceGroupRequest(app_center_image_id=image_id,
                                              biz_region_id="cn-shanghai",
                                              product_type=CLOUD_APP, charge_type="PostPaid")
    assert fails(client.create_app_instance_group, missing).code == "MissingChargeResourceMode"


def test_scaling_by_usage_and_schedule(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client), strategy_type="NODE_SCALING_BY_USAGE",
                               max_scaling_amount=3, scaling_step=2, scaling_usage_threshold="70")
    pool = get_group(client, group_id).node_pool[0]
    assert (pool.max_scaling_amount, pool.scaling_step, pool.scaling_usage_threshold,
            pool.scaling_down_after_idle_minutes) == (3, 2, "70", 5)
    emu.alibaba.add_sessions(group_id, 3)  # one session per node: two scaled-out nodes
    pool = get_group(client, group_id).node_pool[0]
    assert (pool.node_amount, pool.node_used, pool.scaling_node_amount, pool.amount) == (
        1, 1, 2, 3)
    schedule = m.CreateAppInstanceGroupRequestNodePoolRecurrenceSchedules(
        recurrence_type="weekly", recurrence_values=[1, 2, 3],
        timer_periods=[m.CreateAppInstanceGroupRequestNodePoolRecurrenceSchedulesTimerPeriods(
            start_time="08:00", end_time="18:00", amount=4)])
    group_id, _ = create_group(client, system_image(client),
                               strategy_type="NODE_SCALING_BY_SCHEDULE",
                               strategy_enable_date="2026-01-02",
                               strategy_disable_date="2026-03-01",
                               recurrence_schedules=[schedule])
    pool = get_group(client, group_id).node_pool[0]
    assert pool.recurrence_schedules[0].timer_periods[0].amount == 4
    error = fails(create_group, client, system_image(client), charge_type="PrePaid",
                  strategy_type="NODE_SCALING_BY_SCHEDULE")
    assert error.code == "InvalidParameter.NodePool.StrategyType"


def test_unknown_group_is_not_found(client: Client) -> None:
    error = fails(get_group, client, "aig-doesnotexist00000")
    assert (error.code, error.status_code) == ("InvalidAppInstanceGroup.NotFound", 400)


def test_list_groups_filters_and_pages(emu: Emulator, client: Client) -> None:
    image_id = system_image(client)
    other_image = system_images(client)[1].image_id
    ids = [create_group(client, image_id, name=f"team-{n}")[0] for n in range(4)]
    ids.append(create_group(client, other_image, name="Other")[0])
    hangzhou, _ = create_group(client, image_id, name="team-hz", region="cn-hangzhou")
    pages = [list_groups(client, page_size=2, page_number=n) for n in (1, 2, 3, 4)]
    assert [g.app_instance_group_id for p in pages for g in p.app_instance_group_models] == ids
    assert [len(p.app_instance_group_models) for p in pages] == [2, 2, 1, 0]
    assert pages[0].total_count == 5 and pages[0].page_size == 2
    assert list_groups(client, app_instance_group_name="TEAM").total_count == 4
    assert list_groups(client, app_center_image_id=other_image).total_count == 1
    assert list_groups(client, app_instance_group_id=ids[2]).total_count == 1
    hz = list_groups(client, biz_region_id="cn-hangzhou").app_instance_group_models
    assert [g.app_instance_group_id for g in hz] == [hangzhou]
    emu.clock.advance(300)
    modify_pool(client, get_group(client, ids[0]).node_pool[0].node_pool_id, node_amount=2)
    assert list_groups(client, status=["MAINTAINING"]).total_count == 1
    assert list_groups(client, status=["PUBLISHED", "MAINTAINING"]).total_count == 5
    assert fails(list_groups, client, page_size=101).code == "InvalidParameter.PageSize"


def test_list_group_model_is_an_array_with_resource_tags(client: Client) -> None:
    group_id, _ = create_group(client, system_image(client))
    client.tag_cloud_resources(m.TagCloudResourcesRequest(
        resource_type="AppInstanceGroupId", resource_ids=[group_id],
        tags=[m.TagCloudResourcesRequestTags(key="env", value="prod")]))
    model = list_groups(client).app_instance_group_models[0]
    assert (model.session_timeout, model.resource_tags[0].key, model.tags[0].value) == (
        "15", "env", "prod")


def test_modify_group_attribute(emu: Emulator, client: Client) -> None:
    group_id, pool_id = published_group(emu, client)
    client.modify_app_instance_group_attribute(m.ModifyAppInstanceGroupAttributeRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP, app_instance_group_name="renamed",
        session_timeout=60,
        node_pool=m.ModifyAppInstanceGroupAttributeRequestNodePool(node_pool_id=pool_id,
                                                                   node_capacity=2)))
    group = get_group(client, group_id)
    assert (group.app_instance_group_name, group.session_timeout,
            group.node_pool[0].node_capacity, group.status) == ("renamed", "60", 2, "PUBLISHED")
    error = fails(client.modify_app_instance_group_attribute,
                  m.ModifyAppInstanceGroupAttributeRequest(
                      app_instance_group_id=group_id, product_type=CLOUD_APP, session_timeout=1))
    assert error.code == "InvalidParameter.SessionTimeout"


def modify_pool(client: Client, pool_id: str, *, capacity: int | None = None,
                **strategy: Any) -> Any:
    return client.modify_node_pool_attribute(m.ModifyNodePoolAttributeRequest(
        pool_id=pool_id, product_type=CLOUD_APP, biz_region_id="cn-shanghai",
        node_capacity=capacity,
        node_pool_strategy=m.ModifyNodePoolAttributeRequestNodePoolStrategy(**strategy)
        if strategy else None))


def test_modify_node_pool_maintains_then_publishes(emu: Emulator, client: Client) -> None:
    group_id, pool_id = create_group(client, system_image(client))
    error = fails(modify_pool, client, pool_id, node_amount=3)
    assert error.code == "IncorrectAppInstanceGroupStatus"  # still DEPLOYING
    emu.clock.advance(300)
    modify_pool(client, pool_id, capacity=2, node_amount=3, strategy_type="NODE_FIXED")
    group = get_group(client, group_id)
    assert (group.status, group.node_pool[0].node_amount, group.node_pool[0].node_capacity) == (
        "MAINTAINING", 3, 2)
    assert fails(modify_pool, client, pool_id, node_amount=4).code == (
        "IncorrectAppInstanceGroupStatus")
    emu.clock.advance(60)
    assert get_group(client, group_id).status == "PUBLISHED"
    modify_pool(client, pool_id, strategy_type="NODE_SCALING_BY_USAGE", node_amount=1,
                max_scaling_amount=5, scaling_step=1, scaling_usage_threshold="80",
                scaling_down_after_idle_minutes=10)
    pool = get_group(client, group_id).node_pool[0]
    assert (pool.strategy_type, pool.max_scaling_amount, pool.scaling_usage_threshold) == (
        "NODE_SCALING_BY_USAGE", 5, "80")
    assert fails(modify_pool, client, "rg-doesnotexist000000", node_amount=1).code == (
        "InvalidNodePoolId.NotFound")


def test_list_nodes_paging_quirk(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client, amount=5)

    def nodes(page: int) -> Any:
        return client.list_nodes(m.ListNodesRequest(app_instance_group_id=group_id,
                                                    product_type=CLOUD_APP, page_number=page,
                                                    page_size=2)).body

    pages = [nodes(n) for n in (1, 2, 3, 4)]
    assert [len(p.node_models) for p in pages] == [2, 2, 1, 0]
    assert (pages[1].count, pages[1].per_page_size, pages[1].to_page) == (5, 2, 2)
    ids = [n.node_id for p in pages for n in p.node_models]
    assert len(set(ids)) == 5 and pages[0].node_models[0].charge_type == "PostPaid"
    error = fails(client.list_nodes, m.ListNodesRequest(app_instance_group_id=group_id,
                                                        product_type=CLOUD_APP))
    assert error.code == "MissingPageNumber"


def test_list_node_instance_type_pages_the_catalogue(client: Client) -> None:
    def listing(page: int = 1, size: int = 3, **filters: Any) -> Any:
        return client.list_node_instance_type(m.ListNodeInstanceTypeRequest(
            product_type=CLOUD_APP, page_number=page, page_size=size, **filters)).body

    pages = [listing(n) for n in (1, 2, 3, 4)]
    assert [len(p.node_instance_type_models) for p in pages] == [3, 3, 1, 0]
    assert {(p.page_number, p.page_size, p.total_count) for p in pages[:1]} == {(1, 3, 7)}
    every = [t for p in pages for t in p.node_instance_type_models]
    small = next(t for t in every if t.node_instance_type == SMALL)
    assert (small.node_instance_type_family, small.cpu, small.memory, small.gpu,
            small.gpu_memory, small.max_capacity) == ("appstreaming.general", "4", 8192, "0",
                                                      0, 2)
    assert small.node_type_name
    gpus = listing(size=20, node_instance_type_family="appstreaming.vgpu", order_by="Memory",
                   sort_type="DESC").node_instance_type_models
    assert [t.memory for t in gpus] == sorted((t.memory for t in gpus), reverse=True)
    assert len(gpus) == 4 and all(float(t.gpu) > 0 for t in gpus)
    assert [t.node_instance_type for t in listing(cpu=4.0).node_instance_type_models] == [SMALL]
    same_family = listing(size=20, instance_type_for_modify=SMALL).node_instance_type_models
    assert {t.node_instance_type_family for t in same_family} == {"appstreaming.general"}
    assert fails(listing, size=101).code == "InvalidParameter.PageSize"
    assert fails(listing, instance_type_for_modify="nope").code == (
        "InvalidParameter.InstanceTypeForModify")
    assert fails(client.list_node_instance_type, m.ListNodeInstanceTypeRequest(
        product_type=CLOUD_APP)).code == "MissingPageNumber"
    assert fails(client.list_node_instance_type, m.ListNodeInstanceTypeRequest(
        page_number=1, page_size=5)).code == "InvalidParameter.ProductType"


def test_update_group_image(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client)
    session = emu.alibaba.add_session(group_id, "alice", session_status="connect")
    new_image = emu.alibaba.add_image("v2", apps=["Paint"])
    client.update_app_instance_group_image(m.UpdateAppInstanceGroupImageRequest(
        app_instance_group_id=group_id, app_center_image_id=new_image,
        biz_region_id="cn-shanghai", product_type=CLOUD_APP))
    group = get_group(client, group_id)
    assert (group.status, group.resource_status) == ("MAINTAINING", "UPGRADING")
    emu.clock.advance(emu.alibaba.timings.group_update_image)
    group = get_group(client, group_id)
    assert (group.status, group.app_center_image_id, group.apps[0].app_name) == (
        "PUBLISHED", new_image, "Paint")
    instance = list_instances(client, group_id, app_instance_id=session).app_instance_models[0]
    assert instance.session_status == "disconnect"  # a new image restarts the sessions


def test_failed_deploy_and_failed_maintenance(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client))
    emu.alibaba.fail_group(group_id, code="QuotaExceeded", message="no capacity")
    emu.clock.advance(300)
    assert get_group(client, group_id).status == "FAILED"
    assert emu.alibaba.describe_group(group_id)["failure"] == {"code": "QuotaExceeded",
                                                               "message": "no capacity"}
    other, other_pool = published_group(emu, client)
    emu.alibaba.fail_group(other)  # armed for the next maintenance
    modify_pool(client, other_pool, node_amount=4)
    emu.clock.advance(60)
    group = get_group(client, other)
    assert (group.status, group.node_pool[0].node_amount) == ("MAINTAIN_FAILED", 1)
    modify_pool(client, other_pool, node_amount=2)  # a failed maintenance can be retried
    emu.clock.advance(60)
    assert get_group(client, other).status == "PUBLISHED"


def test_delete_group(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client))
    client.delete_app_instance_group(m.DeleteAppInstanceGroupRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP))
    assert fails(get_group, client, group_id).code == "InvalidAppInstanceGroup.NotFound"
    emu.alibaba.set_timings(group_delete=30)
    group_id, _ = create_group(client, system_image(client))
    client.delete_app_instance_group(m.DeleteAppInstanceGroupRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP))
    assert get_group(client, group_id).status == "DELETING"
    emu.clock.advance(30)
    assert list_groups(client).total_count == 0
    prepaid, _ = create_group(client, system_image(client), charge_type="PrePaid")
    error = fails(client.delete_app_instance_group, m.DeleteAppInstanceGroupRequest(
        app_instance_group_id=prepaid, product_type=CLOUD_APP))
    assert error.code == "InvalidParameter.ChargeType"
    assert get_group(client, prepaid).expired_time


def test_authorize_and_page_users(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client), users=["alice"])
    client.authorize_instance_group(m.AuthorizeInstanceGroupRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP,
        authorize_user_ids=["bob", "carol", "dave", "erin"]))

    def users(page: int) -> list[str]:
        return list(client.page_list_app_instance_group_user(
            m.PageListAppInstanceGroupUserRequest(app_instance_group_id=group_id,
                                                  product_type=CLOUD_APP, page_number=page,
                                                  page_size=2)).body.users)

    assert [users(1), users(2), users(3), users(4)] == [
        ["alice", "bob"], ["carol", "dave"], ["erin"], []]
    client.authorize_instance_group(m.AuthorizeInstanceGroupRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP, un_authorize_user_ids=["bob"]))
    assert users(1) == ["alice", "carol"]


# -- image builder (debug groups) ---------------------------------------------------------------

def test_debug_group_and_image_capture(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client), debug=True)
    request = m.GetDebugAppInstanceRequest(app_instance_group_id=group_id, product_type=CLOUD_APP)
    assert fails(client.get_debug_app_instance, request).code == (
        "IncorrectAppInstanceGroupStatus")
    emu.clock.advance(300)
    first = client.get_debug_app_instance(request).body
    second = client.get_debug_app_instance(request).body
    assert (first.app_id, first.user_id, first.app_instance_group_id) == (
        "__DEBUG_APP", "__debug__", group_id)
    assert ID["ai"].match(first.app_instance_id)
    assert first.app_instance_id == second.app_instance_id and first.auth_code != second.auth_code
    image_id = client.create_image_from_app_instance_group(
        m.CreateImageFromAppInstanceGroupRequest(app_instance_group_id=group_id,
                                                 app_center_image_name="golden",
                                                 product_type=CLOUD_APP)).body.image_id
    assert ID["img"].match(image_id)
    image = find_image(client, image_id)
    assert (image.status, image.image_type, image.image_name) == ("CREATING", "User", "golden")
    emu.clock.advance(emu.alibaba.timings.image_create)
    assert find_image(client, image_id).status == "AVAILABLE"
    failing = client.create_image_from_app_instance_group(
        m.CreateImageFromAppInstanceGroupRequest(app_instance_group_id=group_id,
                                                 app_center_image_name="broken",
                                                 product_type=CLOUD_APP)).body.image_id
    emu.alibaba.fail_image(failing)
    emu.clock.advance(emu.alibaba.timings.image_create)
    assert find_image(client, failing).status == "CREATE_FAILED"


def test_image_capture_needs_a_debug_group(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client)
    error = fails(client.create_image_from_app_instance_group,
                  m.CreateImageFromAppInstanceGroupRequest(app_instance_group_id=group_id,
                                                           app_center_image_name="x",
                                                           product_type=CLOUD_APP))
    assert error.code == "InvalidAppInstanceGroup.DebugModeOff"
    error = fails(client.get_debug_app_instance, m.GetDebugAppInstanceRequest(
        app_instance_group_id=group_id, product_type=CLOUD_APP))
    assert error.code == "InvalidAppInstanceGroup.DebugModeOff"


# -- sessions ------------------------------------------------------------------------------------

def list_instances(client: Client, group_id: str, **kwargs: Any) -> Any:
    return client.list_app_instances(m.ListAppInstancesRequest(app_instance_group_id=group_id,
                                                               **kwargs)).body


def test_seeded_sessions_list_and_unbind(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client, amount=2, capacity=2)
    alice = emu.alibaba.add_session(group_id, "alice")
    emu.alibaba.add_sessions(group_id, 3, user_id_prefix="u", session_status="disconnect")
    body = list_instances(client, group_id, page_size=2, page_number=2)
    assert (body.total_count, len(body.app_instance_models)) == (4, 2)
    mine = list_instances(client, group_id, user_id_list=["alice"]).app_instance_models
    assert [(i.app_instance_id, i.status, i.session_status, i.bind_info.end_user_id)
            for i in mine] == [(alice, "BOUND", "connect", "alice")]
    assert ID["ai"].match(alice) and mine[0].node_id.startswith("i-")
    bound = client.list_bind_info(m.ListBindInfoRequest(user_id_list=["alice", "u2"])).body
    assert sorted(b.user_id for b in bound.bind_info_models) == ["alice", "u2"]
    assert bound.bind_info_models[0].app_id == first_app(client, group_id)
    client.unbind(m.UnbindRequest(app_instance_group_id=group_id, end_user_id="alice",
                                  app_instance_id=alice, product_type=CLOUD_APP))
    instance = list_instances(client, group_id, app_instance_id=alice).app_instance_models[0]
    assert (instance.status, instance.bind_info) == ("IDLE", None)
    assert list_instances(client, group_id, status=["BOUND"]).total_count == 3
    error = fails(client.unbind, m.UnbindRequest(app_instance_group_id=group_id,
                                                 end_user_id="alice", product_type=CLOUD_APP))
    assert error.code == "InvalidBindInfo.NotFound"
    assert fails(list_instances, client, "").code == "MissingAppInstanceGroupId"
    error = fails(list_instances, client, group_id, include_deleted=True)
    assert error.code == "MissingAppInstanceIdList"
    paged = client.list_bind_info(m.ListBindInfoRequest(page_size=2, page_number=2)).body
    assert (paged.total_count, len(paged.bind_info_models)) == (3, 1)


def ticket(client: Client, user: str, **kwargs: Any) -> Any:
    return client.get_connection_ticket(m.GetConnectionTicketRequest(
        product_type=CLOUD_APP, end_user_id=user, **kwargs)).body


def test_connection_ticket_runs_then_finishes(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client, users=["alice"])
    app_id = first_app(client, group_id)
    started = ticket(client, "alice", app_id=app_id, app_instance_group_id_list=[group_id],
                     biz_region_id="cn-shanghai")
    assert (started.task_status, started.ticket, started.app_instance_group_id) == (
        "Running", None, group_id)
    emu.clock.advance(2)
    assert ticket(client, "alice", task_id=started.task_id).task_status == "Running"
    emu.clock.advance(1)
    done = ticket(client, "alice", task_id=started.task_id)
    assert done.task_status == "Finished" and len(done.ticket) > 40
    assert done.app_instance_id == started.app_instance_id and done.tenant_id > 0
    instance = list_instances(client, group_id, user_id_list=["alice"]).app_instance_models[0]
    assert (instance.app_instance_id, instance.status) == (done.app_instance_id, "BOUND")
    bind = client.list_bind_info(m.ListBindInfoRequest(user_id_list=["alice"])).body
    assert [(b.app_instance_id, b.app_id) for b in bind.bind_info_models] == [
        (done.app_instance_id, app_id)]
    again = ticket(client, "alice", app_id=app_id)  # a reconnect reuses the session
    assert again.app_instance_id == done.app_instance_id and again.task_id != done.task_id
    assert fails(ticket, client, "alice", task_id="tk-unknown").code == "InvalidTaskId.NotFound"


def test_connection_ticket_capacity(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client, users=["alice", "bob"], capacity=1)
    app_id = first_app(client, group_id)
    alice = ticket(client, "alice", app_id=app_id)
    assert fails(ticket, client, "bob", app_id=app_id).code == "TryRegionBind.NoIdleAppInstance"
    client.unbind(m.UnbindRequest(app_instance_group_id=group_id, end_user_id="alice",
                                  product_type=CLOUD_APP))
    assert ticket(client, "bob", app_id=app_id).app_instance_id == alice.app_instance_id


def test_connection_ticket_refusals(emu: Emulator, client: Client) -> None:
    deploying, _ = create_group(client, system_image(client), users=["alice"])
    app_id = first_app(client, deploying)
    error = fails(ticket, client, "alice", app_id=app_id)
    assert error.code == "TryBind.NoCandidateAppInstanceGroup"  # nothing PUBLISHED yet
    emu.clock.advance(300)
    assert fails(ticket, client, "mallory", app_id=app_id).code == (
        "TryBind.NoCandidateAppInstanceGroup")
    assert fails(ticket, client, "alice", app_id="ca-unknown").code == "TryBind.NoSupportedApp"
    open_group, _ = published_group(emu, client, skip_auth=True)
    assert ticket(client, "mallory", app_id=app_id).app_instance_group_id == open_group


def test_connection_ticket_failures(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client, users=["alice"], skip_auth=True)
    app_id = first_app(client, group_id)
    running = ticket(client, "alice", app_id=app_id)
    emu.alibaba.fail_ticket_tasks("TryRegionBind.TicketIsNull")
    emu.clock.advance(3)
    failed = ticket(client, "alice", task_id=running.task_id)
    assert (failed.task_status, failed.ticket) == ("Failed", None)
    assert list_instances(client, group_id, status=["BOUND"]).total_count == 0  # slot released
    status, body = control(emu, "fail-tickets", {"code": None})
    assert (status, body) == (200, {"code": None})
    running = ticket(client, "bob", app_id=app_id)
    emu.clock.advance(3)
    assert ticket(client, "bob", task_id=running.task_id).task_status == "Finished"


# -- tags ------------------------------------------------------------------------------------------

def test_tags(emu: Emulator, client: Client) -> None:
    image_id = system_image(client)
    groups = [create_group(client, image_id, name=f"g{n}")[0] for n in range(3)]
    failed = client.tag_cloud_resources(m.TagCloudResourcesRequest(
        resource_type="AppInstanceGroupId", resource_ids=[*groups, "aig-doesnotexist00000"],
        tags=[m.TagCloudResourcesRequestTags(key="team", value="blue"),
              m.TagCloudResourcesRequestTags(key="env", value="prod")])).body.failed_resources
    assert [(f.resource_id, f.code) for f in failed] == [
        ("aig-doesnotexist00000", "InvalidAppInstanceGroup.NotFound")]
    client.tag_cloud_resources(m.TagCloudResourcesRequest(
        resource_type="AppInstanceGroupId", resource_ids=[groups[2]],
        tags=[m.TagCloudResourcesRequestTags(key="env", value="dev")]))
    prod = list_groups(client, tag=[m.ListAppInstanceGroupRequestTag(key="env", value="prod")])
    assert [g.app_instance_group_id for g in prod.app_instance_group_models] == groups[:2]
    assert list_groups(client, tag=[m.ListAppInstanceGroupRequestTag(key="team")]).total_count == 3

    def tagged(token: str | None = None) -> Any:
        return client.list_tag_cloud_resources(m.ListTagCloudResourcesRequest(
            resource_type="AppInstanceGroupId", max_results=2, next_token=token)).body

    first = tagged()
    second = tagged(first.next_token)
    assert (first.total_count, len(first.resource_tags), len(second.resource_tags)) == (3, 2, 1)
    assert first.next_token and second.next_token is None
    assert {t.key: t.value for t in second.resource_tags[0].tags} == {"team": "blue",
                                                                      "env": "dev"}
    client.untag_cloud_resources(m.UntagCloudResourcesRequest(
        resource_type="AppInstanceGroupId", resource_ids=groups, tag_keys=["team"]))
    assert list_groups(client, tag=[m.ListAppInstanceGroupRequestTag(key="team")]).total_count == 0
    error = fails(client.tag_cloud_resources, m.TagCloudResourcesRequest(
        resource_type="APPINSTANCEGROUP", resource_ids=groups,
        tags=[m.TagCloudResourcesRequestTags(key="k", value="v")]))
    assert error.code == "InvalidResourceType.Invalid"
    error = fails(client.tag_cloud_resources, m.TagCloudResourcesRequest(
        resource_type="AppInstanceGroupId", resource_ids=groups,
        tags=[m.TagCloudResourcesRequestTags(key="System/Scheduler/GRAYSCALE", value="true")]))
    assert error.code == "InvalidTag.SystemKeyNotAllow"
    assert fails(tagged, "not-a-token").code == "InvalidParameter.NextToken"


# -- controls and fault injection ---------------------------------------------------------------

def test_control_routes_over_http(emu: Emulator, client: Client) -> None:
    group_id, _ = published_group(emu, client)
    status, body = control(emu, "add-session", {"group_id": group_id, "user_id": "zoe"})
    assert status == 200 and ID["ai"].match(body["app_instance_id"])
    listed = list_instances(client, group_id).app_instance_models
    assert [i.bind_info.end_user_id for i in listed] == ["zoe"]
    status, body = control(emu, "add-image", {"name": "seeded", "apps": ["Paint"]})
    assert status == 200 and find_image(client, body["image_id"]).app_list[0].app_name == "Paint"
    status, body = control(emu, "timings", {"group_deploy": 10})
    assert status == 200 and body["group_deploy"] == 10.0
    deploying, _ = create_group(client, system_image(client))
    status, body = control(emu, "fail-group", {"group_id": deploying, "code": "Boom",
                                               "message": "bang", "immediately": True})
    assert (status, body["status"], body["failure"]["code"]) == (200, "FAILED", "Boom")
    assert control(emu, "add-session", {"group_id": "aig-nope", "user_id": "x"})[0] == 400
    assert control(emu, "add-session", {"group_id": group_id})[0] == 400
    assert control(emu, "timings", {"warp_speed": 1})[0] == 400
    assert control(emu, "no-such-control", {})[0] == 400


def test_fault_injection(emu: Emulator, client: Client) -> None:
    status, body = control(emu, "inject-fault", {"code": "Throttling.User",
                                                 "action": "ListRegions", "retry_after_ms": 300})
    assert (status, body["pending"]) == (200, 1)
    with pytest.raises(ThrottlingException) as throttled:
        client.list_regions(m.ListRegionsRequest())
    assert (throttled.value.code, throttled.value.retry_after) == ("Throttling.User", 300)
    assert client.list_regions(m.ListRegionsRequest()).body.region_models  # used up
    emu.alibaba.inject_fault("ServiceUnavailable", status=503)
    with pytest.raises(ServerException) as unavailable:
        client.list_regions(m.ListRegionsRequest())
    assert (unavailable.value.code, unavailable.value.status_code) == ("ServiceUnavailable", 503)
    emu.alibaba.inject_fault(drop_connection=True)
    with pytest.raises(UnretryableException):
        client.list_regions(m.ListRegionsRequest())
    emu.alibaba.inject_fault("InternalError", status=500, count=None)
    for _ in range(2):
        with pytest.raises(AlibabaCloudException):
            client.list_regions(m.ListRegionsRequest())
    assert emu.alibaba.clear_faults() == 1
    assert client.list_regions(m.ListRegionsRequest()).body.region_models


def test_concurrent_clients(emu: Emulator) -> None:
    image_id = system_image(make_client(emu))

    def create(worker: int) -> list[str]:
        own = make_client(emu)  # one SDK client (and connection pool) per thread
        return [create_group(own, image_id, name=f"w{worker}-{n}")[0] for n in range(5)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        created = [g for batch in pool.map(create, range(4)) for g in batch]
    assert len(set(created)) == 20
    assert list_groups(make_client(emu), page_size=100).total_count == 20


def test_reset_forgets_everything(emu: Emulator, client: Client) -> None:
    group_id, _ = create_group(client, system_image(client))
    emu.alibaba.set_timings(group_deploy=1)
    emu.reset()
    assert list_groups(client).total_count == 0
    assert emu.alibaba.timings.group_deploy == 300
    assert len(system_images(client)) == 3
    assert fails(get_group, client, group_id).code == "InvalidAppInstanceGroup.NotFound"
