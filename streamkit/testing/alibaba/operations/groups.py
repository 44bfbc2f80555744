"""Delivery groups and their node pools: create, read, change, delete, users, nodes."""

from __future__ import annotations

import re
import secrets
from typing import Any, Final

from streamkit.testing.alibaba.catalog import DEFAULT_REGION, NODE_INSTANCE_TYPES, REGIONS
from streamkit.testing.alibaba.errors import (
    ApiError,
    group_not_found,
    invalid,
    missing,
    wrong_group_status,
)
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.operations.ota import ota_info
from streamkit.testing.alibaba.protocol import JsonFields, Params
from streamkit.testing.alibaba.state import (
    AlibabaState,
    Group,
    GroupStatus,
    Image,
    NodePool,
    Transition,
    iso_time,
    new_id,
)

__all__ = [
    "authorize_instance_group",
    "child_object",
    "create_app_instance_group",
    "delete_app_instance_group",
    "get_app_instance_group",
    "group_model",
    "list_app_instance_group",
    "list_authorized_user_groups",
    "list_nodes",
    "modify_app_instance_group_attribute",
    "modify_node_pool_amount",
    "modify_node_pool_attribute",
    "page_list_app_instance_group_user",
    "read_region",
    "update_app_instance_group_image",
    "usable_image",
    "video_policy",
]

STRATEGY_TYPES: Final = ("NODE_FIXED", "NODE_SCALING_BY_USAGE", "NODE_SCALING_BY_SCHEDULE")
CHARGE_TYPES: Final = ("PostPaid", "PrePaid")
_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK: Final = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# A group can be reconfigured only when it is not already moving.
_SETTLED: Final = frozenset({GroupStatus.PUBLISHED, GroupStatus.MAINTAIN_FAILED})


# -- reading parameters -------------------------------------------------------------------

def read_region(params: Params, name: str = "BizRegionId", *, required: bool = False) -> str:
    """A BizRegionId this service offers (default ``cn-shanghai``)."""
    region = params.required(name) if required else params.text(name)
    if not region:
        return DEFAULT_REGION
    if region not in REGIONS:
        raise invalid(name, f"region {region!r} is not supported; see ListRegions")
    return region


def _session_timeout(params: Params, *, required: bool) -> int | None:
    value = params.integer("SessionTimeout", required=required)
    if value is not None and value != -1 and not 3 <= value <= 300:
        raise invalid("SessionTimeout", "must be -1 or between 3 and 300 minutes")
    return value


def _capacity(fields_value: int | None, instance_type: str, param: str) -> int | None:
    if fields_value is None:
        return None
    limit = NODE_INSTANCE_TYPES[instance_type].max_capacity
    if not 1 <= fields_value <= limit:
        raise invalid(param, f"{instance_type} hosts 1 to {limit} sessions per node, "
                             f"got {fields_value}")
    return fields_value


def _schedules(strategy: JsonFields) -> list[dict[str, Any]]:
    schedules: list[dict[str, Any]] = []
    for schedule in strategy.objects("RecurrenceSchedules"):
        periods: list[dict[str, Any]] = []
        for period in schedule.objects("TimerPeriods"):
            start, end = period.text("StartTime") or "", period.text("EndTime") or ""
            if not _CLOCK.match(start) or not _CLOCK.match(end) or start >= end:
                raise invalid(period.param, "StartTime and EndTime are HH:mm, start before end")
            amount = period.integer("Amount", minimum=1, maximum=100)
            if amount is None:
                raise missing(f"{period.param}.Amount")
            periods.append({"StartTime": start, "EndTime": end, "Amount": amount})
        if not 1 <= len(periods) <= 3:
            raise invalid(schedule.param, "each schedule holds 1 to 3 TimerPeriods")
        values = schedule.integers("RecurrenceValues")
        if not values or any(not 1 <= v <= 7 for v in values):
            raise invalid(schedule.param, "RecurrenceValues are weekdays 1 to 7")
        schedules.append({
            "RecurrenceType": schedule.choice("RecurrenceType", ("weekly",), default="weekly"),
            "RecurrenceValues": values,
            "TimerPeriods": periods,
        })
    return schedules


def _apply_strategy(pool: NodePool, strategy: JsonFields, charge_type: str) -> None:
    """Read the scaling fields shared by NodePool (create) and NodePoolStrategy (modify)."""
    strategy_type = strategy.choice("StrategyType", STRATEGY_TYPES, default=pool.strategy_type)
    assert strategy_type is not None
    if strategy_type == "NODE_SCALING_BY_SCHEDULE" and charge_type != "PostPaid":
        raise invalid(f"{strategy.param}.StrategyType",
                      "NODE_SCALING_BY_SCHEDULE is only for PostPaid delivery groups")
    amount = strategy.integer("NodeAmount", minimum=1, maximum=100)
    if amount is not None:
        pool.node_amount = amount
    pool.strategy_type = strategy_type
    pool.warm_up = bool(strategy.boolean("WarmUp", default=pool.warm_up))
    pool.max_idle_app_instance_amount = strategy.integer(
        "MaxIdleAppInstanceAmount", minimum=0, default=pool.max_idle_app_instance_amount)
    if strategy_type == "NODE_SCALING_BY_USAGE":
        pool.max_scaling_amount = strategy.integer("MaxScalingAmount", minimum=1, maximum=200,
                                                   default=pool.max_scaling_amount)
        if pool.max_scaling_amount is None:
            raise missing(f"{strategy.param}.MaxScalingAmount")
        pool.scaling_step = strategy.integer("ScalingStep", minimum=1, maximum=10,
                                             default=pool.scaling_step or 1)
        threshold = strategy.integer("ScalingUsageThreshold", minimum=0, maximum=100)
        pool.scaling_usage_threshold = (str(threshold) if threshold is not None
                                        else pool.scaling_usage_threshold or "85")
        pool.scaling_down_after_idle_minutes = strategy.integer(
            "ScalingDownAfterIdleMinutes", minimum=5, maximum=120,
            default=pool.scaling_down_after_idle_minutes or 5)
    else:
        pool.max_scaling_amount = pool.scaling_step = None
        pool.scaling_usage_threshold = None
        pool.scaling_down_after_idle_minutes = None
    if strategy_type == "NODE_SCALING_BY_SCHEDULE":
        enable, disable = strategy.text("StrategyEnableDate"), strategy.text("StrategyDisableDate")
        for key, value in (("StrategyEnableDate", enable), ("StrategyDisableDate", disable)):
            if not value:
                raise missing(f"{strategy.param}.{key}")
            if not _DATE.match(value):
                raise invalid(f"{strategy.param}.{key}", "expected yyyy-MM-dd")
        pool.strategy_enable_date, pool.strategy_disable_date = enable, disable
        pool.recurrence_schedules = _schedules(strategy)
        if not pool.recurrence_schedules:
            raise missing(f"{strategy.param}.RecurrenceSchedules")
    else:
        pool.strategy_enable_date = pool.strategy_disable_date = None
        pool.recurrence_schedules = []


def usable_image(state: AlibabaState, image_id: str, region: str) -> Image:
    """An image a group in ``region`` may run: it exists, is AVAILABLE, and is in the region."""
    image = state.images.get(image_id)
    if image is None or region not in image.regions:
        raise ApiError("InvalidAppCenterImageId.NotFound",
                       f"The image {image_id} does not exist in region {region}.")
    if image.status != "AVAILABLE":
        raise ApiError("IncorrectImageStatus",
                       f"The image {image_id} is {image.status}; only AVAILABLE images "
                       "can be used.")
    return image


def _settled_group(call: AlibabaCall, group_id: str, action: str) -> Group:
    group = call.state.group(group_id)
    if group.status not in _SETTLED:
        raise wrong_group_status(group_id, group.status, action)
    return group


# -- rendering ------------------------------------------------------------------------------

def _node_pool_model(state: AlibabaState, group: Group) -> dict[str, Any]:
    pool = group.node_pool
    in_use = state.nodes_in_use(group)
    scaling_nodes = 0
    if pool.strategy_type == "NODE_SCALING_BY_USAGE":
        scaling_nodes = min(max(0, in_use - pool.node_amount), pool.max_scaling_amount or 0)
    model: dict[str, Any] = {
        "NodePoolId": pool.pool_id,
        "NodeInstanceType": pool.instance_type,
        "NodeTypeName": pool.type_name,
        "NodeCapacity": pool.node_capacity,
        "NodeAmount": pool.node_amount,
        "NodeUsed": min(in_use, pool.node_amount),
        "Amount": pool.node_amount + scaling_nodes,
        "StrategyType": pool.strategy_type,
        "ScalingNodeAmount": scaling_nodes,
        "ScalingNodeUsed": scaling_nodes,
        "WarmUp": pool.warm_up,
        "RecurrenceSchedules": [dict(s) for s in pool.recurrence_schedules],
    }
    optional = {
        "MaxScalingAmount": pool.max_scaling_amount,
        "ScalingStep": pool.scaling_step,
        "ScalingUsageThreshold": pool.scaling_usage_threshold,
        "ScalingDownAfterIdleMinutes": pool.scaling_down_after_idle_minutes,
        "MaxIdleAppInstanceAmount": pool.max_idle_app_instance_amount,
        "StrategyEnableDate": pool.strategy_enable_date,
        "StrategyDisableDate": pool.strategy_disable_date,
    }
    model.update({k: v for k, v in optional.items() if v is not None})
    return model


def group_model(state: AlibabaState, group: Group, *, detailed: bool) -> dict[str, Any]:
    """The group as GetAppInstanceGroup (``detailed``) or ListAppInstanceGroup shows it."""
    image = state.images.get(group.image_id)
    pool = group.node_pool
    tags = [{"Key": k, "Value": v, "Scope": "Custom"} for k, v in group.tags.items()]
    model: dict[str, Any] = {
        "AppInstanceGroupId": group.group_id,
        "AppInstanceGroupName": group.name,
        "Status": group.status,
        "ResourceStatus": group.resource_status,
        "ProductType": "CloudApp",
        "RegionId": group.region,
        "AppCenterImageId": group.image_id,
        "AppInstanceType": pool.instance_type,
        "ChargeType": group.charge_type,
        "ChargeResourceMode": group.charge_resource_mode,
        "SessionTimeout": str(group.session_timeout),
        "OsType": image.os_type if image else "Windows",
        "AuthMode": group.auth_mode,
        "AccessType": "INTERNET",
        "GmtCreate": iso_time(group.created),
        "Amount": pool.node_amount * pool.node_capacity,
        "MinAmount": pool.node_amount * pool.node_capacity,
        "MaxAmount": pool.max_nodes * pool.node_capacity,
        "SkipUserAuthCheck": group.skip_user_auth_check,
        **({"OfficeSiteId": group.office_site_id} if group.office_site_id else {}),
        "Apps": [{"AppId": app_id, "AppName": app_name, "AppVersion": "1.0",
                  "AppVersionName": "1.0", "AppIcon": ""}
                 for app_id, app_name in (image.apps if image else [])],
        "NodePool": [_node_pool_model(state, group)],
        "Tags": tags,
    }
    if pool.strategy_type == "NODE_SCALING_BY_USAGE":
        model["ScalingStep"] = pool.scaling_step
        model["ScalingUsageThreshold"] = pool.scaling_usage_threshold
        model["ScalingDownAfterIdleMinutes"] = pool.scaling_down_after_idle_minutes
    if group.charge_type == "PrePaid":
        days = {"Week": 7, "Month": 30, "Year": 365}[group.period_unit] * group.period
        model["ExpiredTime"] = iso_time(group.created + (days + group.renewed_days) * 86400)
    model.update(AppPolicyId=group.app_policy_id, OtaInfo=ota_info(group, state.clock.now()))
    if detailed:
        model["AppCenterImageName"] = image.name if image else ""
        model["AppInstanceTypeName"] = pool.type_name
        session_type = group.runtime_policy.get("SessionType")
        if session_type:
            model["SessionType"] = session_type
    else:
        model["ResourceTags"] = [dict(t) for t in tags]
    return model


def child_object(parent: JsonFields, key: str) -> JsonFields | None:
    """The object ``parent[key]`` (None when absent; anything else is refused)."""
    value = parent.raw().get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid(f"{parent.param}.{key}", "expected an object")
    return JsonFields(f"{parent.param}.{key}", value)


def _flags(fields: JsonFields, *keys: str) -> dict[str, Any]:
    return {key: flag for key in keys if (flag := fields.boolean(key)) is not None}


def _texts(fields: JsonFields, *keys: str) -> dict[str, Any]:
    return {key: text for key in keys if (text := fields.text(key)) is not None}


def _policies(p: Params, *, create: bool) -> dict[str, dict[str, Any]]:
    """The SecurityPolicy, StoragePolicy and (on create) VideoPolicy the request sets, read
    as the SDK's models of the operation declare them."""
    out: dict[str, dict[str, Any]] = {}
    security = p.json_object("SecurityPolicy")
    if security is not None:
        out["SecurityPolicy"] = _flags(security, "ResetAfterUnbind", "SkipUserAuthCheck")
    storage = p.json_object("StoragePolicy")
    if storage is not None:
        policy: dict[str, Any] = {}
        types = storage.raw().get("StorageTypeList")
        if types is not None:
            if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
                raise invalid("StoragePolicy.StorageTypeList", "expected a list of strings")
            policy["StorageTypeList"] = list(types)
        profile = child_object(storage, "UserProfile")
        if profile is not None:
            policy["UserProfile"] = {
                **_flags(profile, "UserProfileSwitch"),
                **_texts(profile, *(("RemoteStorageType", "RemoteStoragePath") if create
                                    else ("FileSystemId",)))}
        follow = None if create else child_object(storage, "UserProfileFollow")
        if follow is not None:
            policy["UserProfileFollow"] = {**_flags(follow, "ProfileFollowSwitch"),
                                           **_texts(follow, "FileSystemId")}
        out["StoragePolicy"] = policy
    video = p.json_object("VideoPolicy") if create else None
    if video is not None:
        out["VideoPolicy"] = video_policy(video)
    return out


def video_policy(video: JsonFields) -> dict[str, Any]:
    """A ``VideoPolicy`` (frame rate, resolution, protocol) as the SDK's models declare it."""
    policy: dict[str, Any] = {key: number for key in ("FrameRate", "SessionResolutionWidth",
                                                      "SessionResolutionHeight")
                              if (number := video.integer(key, minimum=1)) is not None}
    policy.update(_flags(video, "Webrtc", "TerminalResolutionAdaptive"))
    mode = video.choice("StreamingMode", ("video", "mix"))
    if mode is not None:
        policy["StreamingMode"] = mode
    # the SDK's documented protocols: WebRTC is Webrtc=true with StreamingMode=video
    if policy.get("Webrtc") is True and policy.get("StreamingMode", "video") != "video":
        raise invalid("VideoPolicy.StreamingMode", "WebRTC streaming (Webrtc=true) takes "
                      "StreamingMode=video")
    return policy


# -- operations -------------------------------------------------------------------------------

@OPERATIONS("CreateAppInstanceGroup")
def create_app_instance_group(call: AlibabaCall) -> Body:
    """CreateAppInstanceGroup: a delivery group plus its node pool, DEPLOYING at first."""
    p = call.params
    p.product_type()
    region = read_region(p, required=True)
    image_id = p.required("AppCenterImageId")
    charge_type = p.choice("ChargeType", CHARGE_TYPES, required=True)
    charge_mode = p.choice("ChargeResourceMode", ("Node", "AppInstance"), required=True)
    period_unit = p.choice("PeriodUnit", ("Week", "Month", "Year"), required=True)
    period = p.integer("Period", required=True, minimum=1)
    timeout = _session_timeout(p, required=True)
    assert charge_type and charge_mode and period_unit and period is not None
    assert timeout is not None
    allowed_periods = {"Week": (1,), "Month": (1, 2, 3, 6), "Year": (1, 2, 3)}[period_unit]
    if period not in allowed_periods:
        raise invalid("Period", f"with PeriodUnit {period_unit} use one of {allowed_periods}")
    auto_renew = bool(p.boolean("AutoRenew", default=False))
    users = p.strings("Users", max_items=100)
    if users and p.json_object("UserInfo") is None:
        raise missing("UserInfo")
    node_fields = p.json_object("NodePool", required=True)
    assert node_fields is not None
    instance_type = node_fields.text("NodeInstanceType")
    if not instance_type:
        raise missing("NodePool.NodeInstanceType")
    if instance_type not in NODE_INSTANCE_TYPES:
        raise invalid("NodePool.NodeInstanceType", f"unknown instance type {instance_type!r}")
    capacity = _capacity(node_fields.integer("NodeCapacity"), instance_type,
                         "NodePool.NodeCapacity")
    pool = NodePool(pool_id=new_id("rg"), instance_type=instance_type, node_amount=1,
                    node_capacity=capacity or 1)
    _apply_strategy(pool, node_fields, charge_type)
    runtime = p.json_object("RuntimePolicy")
    debug = runtime.choice("DebugMode", ("ON", "OFF"), default="OFF") if runtime else "OFF"
    policies = _policies(p, create=True)
    network = p.json_object("Network")
    office_site = network.text("OfficeSiteId") if network else None
    if office_site is not None and not office_site.startswith(f"{region}+"):
        raise invalid("Network.OfficeSiteId", f"the office network {office_site!r} is not in "
                      f"{region}")
    usable_image(call.state, image_id, region)
    group = Group(
        group_id=new_id("aig"),
        name=p.text("AppInstanceGroupName") or "",
        region=region,
        image_id=image_id,
        charge_type=charge_type,
        charge_resource_mode=charge_mode,
        period=period,
        period_unit=period_unit,
        auto_renew=auto_renew and charge_type == "PrePaid",
        session_timeout=timeout,
        auth_mode=p.choice("AuthMode", ("App", "AppInstanceGroup", "Session"), default="App")
        or "App",
        debug_mode=debug == "ON",
        node_pool=pool,
        created=call.now,
        modified=call.now,
        sequence=call.state.next_sequence(),
        order_id=str(secrets.randbelow(9 * 10**14) + 10**14),
        runtime_policy=runtime.raw() if runtime else {},
        skip_user_auth_check=bool(
            policies.get("SecurityPolicy", {}).get("SkipUserAuthCheck", False)),
        policies=policies,
        office_site_id=office_site,
        users=list(dict.fromkeys(users)),
    )
    call.state.begin(group, Transition("deploy", call.now + call.state.timings.group_deploy),
                     call.now)
    call.state.groups[group.group_id] = group
    call.state.catch_up()  # a zero deploy time publishes at once
    return {"AppInstanceGroupModel": {"AppInstanceGroupId": group.group_id,
                                      "NodePoolId": pool.pool_id,
                                      "OrderId": group.order_id}}


@OPERATIONS("GetAppInstanceGroup")
def get_app_instance_group(call: AlibabaCall) -> Body:
    """GetAppInstanceGroup: one group, as a single object."""
    call.params.product_type()
    group = call.state.group(call.params.required("AppInstanceGroupId"))
    return {"AppInstanceGroupModels": group_model(call.state, group, detailed=True)}


@OPERATIONS("ListAppInstanceGroup")
def list_app_instance_group(call: AlibabaCall) -> Body:
    """ListAppInstanceGroup: the region's groups, filtered, oldest first, page-numbered."""
    p = call.params
    p.product_type()
    region = read_region(p) if p.text("BizRegionId") else read_region(p, "RegionId")
    page = read_page(p, default_size=10, max_size=100)
    group_id = p.text("AppInstanceGroupId")
    name = (p.text("AppInstanceGroupName") or "").lower()
    image_id = p.text("AppCenterImageId")
    instance_type = p.text("NodeInstanceType")
    statuses = set(p.strings("Status"))
    tags = p.records("Tag")
    for index, tag in enumerate(tags, start=1):
        if not tag.get("Key"):
            raise missing(f"Tag.{index}.Key")

    def wanted(group: Group) -> bool:
        return (group.region == region
                and (not group_id or group.group_id == group_id)
                and (not name or name in group.name.lower())
                and (not image_id or group.image_id == image_id)
                and (not instance_type or group.node_pool.instance_type == instance_type)
                and (not statuses or group.status in statuses)
                and all(t["Key"] in group.tags
                        and ("Value" not in t or group.tags[t["Key"]] == t["Value"])
                        for t in tags))

    found = sorted((g for g in call.state.groups.values() if wanted(g)), key=lambda g: g.sequence)
    return {
        "AppInstanceGroupModels": [group_model(call.state, g, detailed=False)
                                   for g in page_of(found, page)],
        "PageNumber": page.number,
        "PageSize": page.size,
        "TotalCount": len(found),
    }


@OPERATIONS("ModifyAppInstanceGroupAttribute")
def modify_app_instance_group_attribute(call: AlibabaCall) -> Body:
    """ModifyAppInstanceGroupAttribute: name, session timeout, sessions per node; at once."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    if group.status == GroupStatus.DELETING:
        raise wrong_group_status(group.group_id, group.status, "ModifyAppInstanceGroupAttribute")
    pool_fields = p.json_object("NodePool")
    capacity: int | None = None
    if pool_fields is not None:
        pool_id = pool_fields.text("NodePoolId")
        if pool_id and pool_id != group.node_pool.pool_id:
            raise ApiError("InvalidNodePoolId.NotFound",
                           f"The node pool {pool_id} does not belong to {group.group_id}.")
        capacity = _capacity(pool_fields.integer("NodeCapacity"), group.node_pool.instance_type,
                             "NodePool.NodeCapacity")
        if capacity is not None and group.status not in _SETTLED:
            raise wrong_group_status(group.group_id, group.status, "changing NodeCapacity")
    timeout = _session_timeout(p, required=False)
    policies = _policies(p, create=False)
    name = p.text("AppInstanceGroupName")
    if name is not None:
        group.name = name
    if timeout is not None:
        group.session_timeout = timeout
    if capacity is not None:
        group.node_pool.node_capacity = capacity
    for policy, fields in policies.items():
        group.policies[policy] = {**group.policies.get(policy, {}), **fields}
    skip = policies.get("SecurityPolicy", {}).get("SkipUserAuthCheck")
    if skip is not None:
        group.skip_user_auth_check = skip
    group.modified = call.now
    return {}


@OPERATIONS("DeleteAppInstanceGroup")
def delete_app_instance_group(call: AlibabaCall) -> Body:
    """DeleteAppInstanceGroup: PostPaid only; DELETING for ``group_delete`` seconds, then gone."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    if group.charge_type != "PostPaid":
        raise invalid("ChargeType", f"the delivery group {group.group_id} is a subscription "
                                    "(PrePaid) group; only PostPaid groups can be deleted")
    if group.status != GroupStatus.DELETING:
        group.status, group.resource_status = GroupStatus.DELETING, "RELEASED"
        call.state.begin(group, Transition("delete", call.now + call.state.timings.group_delete),
                         call.now)
        group.modified = call.now
        call.state.catch_up()
    return {}


def _resize(call: AlibabaCall, group: Group, changed: NodePool) -> None:
    """Give the group its ``changed`` pool: MAINTAINING for ``group_modify`` seconds (a
    failure puts the old pool back)."""
    previous, group.node_pool = group.node_pool, changed
    group.status, group.resource_status = GroupStatus.MAINTAINING, "AVAILABLE"
    call.state.begin(group, Transition("modify", call.now + call.state.timings.group_modify,
                                       previous_pool=previous), call.now)
    group.modified = call.now
    call.state.catch_up()


@OPERATIONS("ModifyNodePoolAttribute")
def modify_node_pool_attribute(call: AlibabaCall) -> Body:
    """ModifyNodePoolAttribute: capacity and scaling; MAINTAINING for ``group_modify`` seconds."""
    p = call.params
    p.product_type(required=False)
    pool_id = p.required("PoolId")
    region = p.text("BizRegionId")
    group = next((g for g in call.state.groups.values()
                  if g.node_pool.pool_id == pool_id and (not region or g.region == region)), None)
    if group is None:
        raise ApiError("InvalidNodePoolId.NotFound", f"The node pool {pool_id} does not exist.")
    strategy = p.json_object("NodePoolStrategy")
    capacity = _capacity(p.integer("NodeCapacity"), group.node_pool.instance_type,
                         "NodeCapacity")
    if strategy is None and capacity is None:
        raise missing("NodePoolStrategy")
    _settled_group(call, group.group_id, "ModifyNodePoolAttribute")
    previous = group.node_pool.copy()
    changed = group.node_pool.copy()
    if strategy is not None:
        _apply_strategy(changed, strategy, group.charge_type)
    if capacity is not None:
        changed.node_capacity = capacity
    if group.charge_type == "PrePaid" and changed.node_amount != previous.node_amount:
        raise invalid("NodePoolStrategy.NodeAmount", "a subscription (PrePaid) group changes "
                                                     "its node amount with ModifyNodePoolAmount")
    _resize(call, group, changed)
    return {}


@OPERATIONS("ModifyNodePoolAmount")
def modify_node_pool_amount(call: AlibabaCall) -> Body:
    """ModifyNodePoolAmount: more nodes for a subscription group; MAINTAINING for
    ``group_modify`` seconds. The new NodeAmount must exceed the nodes bought."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    fields = p.json_object("NodePool", required=True)
    assert fields is not None
    amount = fields.integer("NodeAmount", minimum=1, maximum=100)
    if amount is None:
        raise missing("NodePool.NodeAmount")
    fields.choice("PrePaidNodeAmountModifyMode", ("EXPAND_FROM_POST_PAID_EXPLICIT",))
    if group.charge_type != "PrePaid":
        raise invalid("ChargeType", f"the delivery group {group.group_id} is pay-as-you-go "
                                    "(PostPaid); change its nodes with ModifyNodePoolAttribute")
    _settled_group(call, group.group_id, "ModifyNodePoolAmount")
    previous = group.node_pool.copy()
    if amount <= previous.node_amount:
        raise ApiError("InvalidAmount.UnIncrease",
                       f"The NodeAmount {amount} must be greater than the {previous.node_amount} "
                       "subscription nodes the delivery group has.")
    changed = previous.copy()
    changed.node_amount = amount
    _resize(call, group, changed)
    return {"Data": {"OrderId": str(secrets.randbelow(9 * 10**14) + 10**14)}}


@OPERATIONS("ListNodes")
def list_nodes(call: AlibabaCall) -> Body:
    """ListNodes: the pool's nodes (Node-charged groups only); answers Count/PerPageSize/ToPage."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    page = read_page(p, default_size=20, max_size=200, required=True)
    nodes: list[str] = []
    if group.charge_resource_mode == "Node" and group.status != GroupStatus.DELETING:
        pool = group.node_pool
        amount = _node_pool_model(call.state, group)["Amount"]
        nodes = [pool.node(index) for index in range(amount)]
    return {
        "NodeModels": [{"NodeId": node, "ChargeType": group.charge_type}
                       for node in page_of(nodes, page)],
        "Count": len(nodes),
        "PerPageSize": page.size,
        "ToPage": page.number,
    }


@OPERATIONS("UpdateAppInstanceGroupImage")
def update_app_instance_group_image(call: AlibabaCall) -> Body:
    """UpdateAppInstanceGroupImage: MAINTAINING, then PUBLISHED on the new image."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    image_id = p.required("AppCenterImageId")
    region = read_region(p, required=True)
    if region != group.region:
        raise group_not_found(group.group_id)
    _settled_group(call, group.group_id, "UpdateAppInstanceGroupImage")
    usable_image(call.state, image_id, group.region)
    group.status, group.resource_status = GroupStatus.MAINTAINING, "UPGRADING"
    due = call.now + call.state.timings.group_update_image
    call.state.begin(group, Transition("update_image", due, image_id=image_id), call.now)
    group.modified = call.now
    call.state.catch_up()
    return {}


@OPERATIONS("AuthorizeInstanceGroup")
def authorize_instance_group(call: AlibabaCall) -> Body:
    """AuthorizeInstanceGroup: add and remove the users entitled to the group."""
    p = call.params
    p.product_type()
    group_id = p.text("AppInstanceGroupId")
    if not group_id:
        raise missing("AppInstanceGroupId")
    group = call.state.group(group_id)
    add = p.strings("AuthorizeUserIds", max_items=100)
    remove = set(p.strings("UnAuthorizeUserIds", max_items=100))
    add_groups = p.strings("AuthorizeUserGroupIds")
    remove_groups = set(p.strings("UnAuthorizeUserGroupIds"))
    for param, ids in (("AuthorizeUserGroupIds", add_groups),
                       ("UnAuthorizeUserGroupIds", remove_groups)):
        unknown = [g for g in ids if g not in call.state.user_groups]
        if unknown:
            raise invalid(param, f"no user group {unknown[0]} in this account")
    for user in add:
        if user not in group.users:
            group.users.append(user)
    group.users = [u for u in group.users if u not in remove]
    for user_group in add_groups:
        if user_group not in group.user_groups:
            group.user_groups.append(user_group)
    group.user_groups = [g for g in group.user_groups if g not in remove_groups]
    return {}


@OPERATIONS("ListAuthorizedUserGroups")
def list_authorized_user_groups(call: AlibabaCall) -> Body:
    """ListAuthorizedUserGroups: the user groups authorized on one group (a group set is not
    simulated), filtered by GroupId (exact) and GroupName (fuzzy), page-numbered."""
    p = call.params
    p.product_type()
    if p.text("AppInstanceGroupSetId"):
        raise invalid("AppInstanceGroupSetId", "delivery group sets are not offered here")
    group = call.state.group(p.required("AppInstanceGroupId"))
    page = read_page(p, default_size=20, max_size=100, required=True)
    wanted_id, name = p.text("GroupId"), (p.text("GroupName") or "").lower()
    found = [call.state.user_groups[g] for g in group.user_groups
             if g in call.state.user_groups]
    found = [g for g in found if (not wanted_id or g.group_id == wanted_id)
             and name in g.name.lower()]
    return {"UserGroups": [{"AppInstanceGroupId": group.group_id, "GroupId": g.group_id,
                            "GroupName": g.name, "AuthMode": group.auth_mode}
                           for g in page_of(found, page)],
            "PageNumber": page.number, "PageSize": page.size, "TotalCount": len(found)}


@OPERATIONS("PageListAppInstanceGroupUser")
def page_list_app_instance_group_user(call: AlibabaCall) -> Body:
    """PageListAppInstanceGroupUser: the entitled user names (no total: stop on a short page)."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    page = read_page(p, default_size=20, max_size=100)
    return {"Users": page_of(group.users, page)}
