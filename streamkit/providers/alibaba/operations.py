"""Every appstream-center 2021-09-01 operation streamkit uses, declared once, and its paginators.

Request builders are pure: validated neutral input to the operation's parameters, named as
the API names them. Where each parameter goes on the wire is the SDK's business, read off it
into :mod:`streamkit.providers.alibaba.wire`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from streamkit.errors import UnsupportedOperation
from streamkit.models import Provider
from streamkit.operations import Applied, Operation, raw_answer
from streamkit.paging import PageNumberPaginator
from streamkit.providers.alibaba import translate
from streamkit.retry import CallKind
from streamkit.specs import AlibabaFleetOptions, FleetSpec
from streamkit.stack_settings import StackSettings

__all__ = ["OPERATIONS", "PAGINATORS"]

PRODUCT = "CloudApp"
#: marks the delivery groups streamkit made as image builders (the API has no other sign)
BUILDER_TAG = translate.BUILDER_TAG
SESSION_TIMEOUT_MINUTES = (3, 300)
DEFAULT_SESSION_TIMEOUT_MINUTES = 15
USER_BATCH = 100  # user ids per AuthorizeInstanceGroup
UNTAG_BATCH = 10  # tag keys per UntagCloudResources
#: tags belong to delivery groups
GROUP_RESOURCE = "AppInstanceGroupId"

#: ``id_key``: where an item's id is, so a page resumes after the last item of the page
#: before even when earlier items were deleted (see PageNumberPaginator)
PAGINATORS: Mapping[str, PageNumberPaginator] = {
    "ListAppInstanceGroup": PageNumberPaginator(result_key="AppInstanceGroupModels",
                                                id_key="AppInstanceGroupId"),
    "ListImage": PageNumberPaginator(result_key="Data", total_key="Count", id_key="ImageId"),
    "ListAppInstances": PageNumberPaginator(result_key="AppInstanceModels",
                                            id_key="AppInstanceId"),
    # no total in the answer: a short page is the last one
    "PageListAppInstanceGroupUser": PageNumberPaginator(result_key="Users", total_key=None),
    "ListNodes": PageNumberPaginator(result_key="NodeModels", max_page=200, total_key="Count",
                                     served_keys=("ToPage", "PerPageSize"), id_key="NodeId"),
    "ListNodeInstanceType": PageNumberPaginator(result_key="NodeInstanceTypeModels",
                                                id_key="NodeInstanceType"),
    "ListBindInfo": PageNumberPaginator(result_key="BindInfoModels", id_key="AppInstanceId"),
    "ListAuthorizedUserGroups": PageNumberPaginator(result_key="UserGroups", id_key="GroupId"),
    "ListPersistentAppInstances": PageNumberPaginator(
        result_key="PersistentAppInstanceModels", id_key="AppInstancePersistentId"),
}

def _optional(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def product() -> dict[str, Any]:
    return {"ProductType": PRODUCT}


def instance_types(region: str) -> dict[str, Any]:
    return {"ProductType": PRODUCT, "BizRegionId": region}


def group(group_id: str) -> dict[str, Any]:
    return {"AppInstanceGroupId": group_id, "ProductType": PRODUCT}


def list_groups(region: str, builders: bool = False, name: str | None = None,
                image_id: str | None = None) -> dict[str, Any]:
    """A region's delivery groups; image builders carry :data:`BUILDER_TAG`."""
    tag = [{"Key": BUILDER_TAG[0], "Value": BUILDER_TAG[1]}] if builders else None
    return {"ProductType": PRODUCT, "BizRegionId": region,
            **_optional(Tag=tag, AppInstanceGroupName=name, AppCenterImageId=image_id)}


def session_timeout(seconds: int | None) -> int | None:
    """AWS-style disconnect timeout (seconds) as Alibaba's SessionTimeout (minutes, 3-300)."""
    if seconds is None:
        return None
    low, high = SESSION_TIMEOUT_MINUTES
    return max(low, min(high, math.ceil(seconds / 60)))


def node_pool(fleet: FleetSpec) -> dict[str, Any]:
    """A fleet spec as CreateAppInstanceGroup's NodePool."""
    pool: dict[str, Any] = {"NodeInstanceType": fleet.instance_type,
                            "NodeAmount": max(fleet.desired_capacity or 1, 1),
                            "StrategyType": "NODE_FIXED",
                            **_optional(NodeCapacity=fleet.max_sessions_per_instance)}
    if fleet.scaling is not None:
        pool.update(StrategyType="NODE_SCALING_BY_USAGE",
                    MaxScalingAmount=fleet.scaling.max_capacity, ScalingStep=fleet.scaling.step,
                    ScalingUsageThreshold=str(fleet.scaling.usage_threshold_percent),
                    ScalingDownAfterIdleMinutes=fleet.scaling.scale_down_after_idle_minutes)
    return pool


def builder_pool(instance_type: str) -> dict[str, Any]:
    """An image builder's NodePool: one fixed node."""
    return {"NodeInstanceType": instance_type, "NodeAmount": 1, "StrategyType": "NODE_FIXED"}


#: each StackSettings field a delivery group takes when it is made -> where it goes
SETTING_POLICIES: Mapping[str, str] = {
    "persistent_app_settings": "StoragePolicy.UserProfile.UserProfileSwitch",
    "app_settings_group": "StoragePolicy.UserProfile.RemoteStoragePath",
    "reset_after_unbind": "SecurityPolicy.ResetAfterUnbind",
    "skip_user_auth_check": "SecurityPolicy.SkipUserAuthCheck",
    "frame_rate": "VideoPolicy.FrameRate",
    "resolution": "VideoPolicy.SessionResolutionWidth, SessionResolutionHeight",
    "adaptive_resolution": "VideoPolicy.TerminalResolutionAdaptive",
    "streaming_mode": "VideoPolicy.Webrtc, StreamingMode",
}
SETTINGS_ON_CREATE = frozenset(SETTING_POLICIES)
#: those ModifyAppInstanceGroupAttribute also changes (its model has no VideoPolicy and no
#: RemoteStoragePath)
SETTINGS_ON_MODIFY = frozenset({"persistent_app_settings", "reset_after_unbind",
                                "skip_user_auth_check"})
#: StackSettings.streaming_mode -> VideoPolicy (Webrtc, StreamingMode), as the SDK documents
STREAMING_MODES: Mapping[str, tuple[bool, str]] = {
    "WEBRTC": (True, "video"), "VIDEO": (False, "video"), "MIX": (False, "mix")}


def group_policies(settings: StackSettings, operation: str, *, create: bool
                   ) -> dict[str, Any]:
    """StackSettings as a delivery group's SecurityPolicy, StoragePolicy and VideoPolicy; a
    field the operation cannot express raises UnsupportedOperation naming it."""
    allowed = SETTINGS_ON_CREATE if create else SETTINGS_ON_MODIFY
    for field in settings.given():
        if field not in allowed:
            hint = ("ModifyAppInstanceGroupAttribute does not take it: set it when the group "
                    "is made (StackSpec.settings)" if field in SETTINGS_ON_CREATE
                    else "Alibaba delivery groups have no such setting (AWS only)")
            raise UnsupportedOperation(Provider.ALIBABA, f"{operation}(settings.{field}=...)",
                                       hint)
    out: dict[str, Any] = {}
    security = _optional(ResetAfterUnbind=settings.reset_after_unbind,
                         SkipUserAuthCheck=settings.skip_user_auth_check)
    if security:
        out["SecurityPolicy"] = security
    if settings.persistent_app_settings is not None:
        out["StoragePolicy"] = {"UserProfile": _optional(
            UserProfileSwitch=settings.persistent_app_settings,
            RemoteStoragePath=settings.app_settings_group)}
    width, height = settings.resolution or (None, None)
    webrtc, mode = STREAMING_MODES.get(settings.streaming_mode or "", (None, None))
    video = _optional(FrameRate=settings.frame_rate, SessionResolutionWidth=width,
                      SessionResolutionHeight=height,
                      TerminalResolutionAdaptive=settings.adaptive_resolution,
                      Webrtc=webrtc, StreamingMode=mode)
    if video:
        out["VideoPolicy"] = video
    return out


PAY_AS_YOU_GO = AlibabaFleetOptions()
SUBSCRIPTION = "PrePaid"  # the ChargeType of a subscription group


def create_group(region: str, name: str, image_id: str, pool: Mapping[str, Any],
                 timeout_minutes: int, debug: bool,
                 policies: Mapping[str, Any] | None = None,
                 billing: AlibabaFleetOptions = PAY_AS_YOU_GO) -> dict[str, Any]:
    """CreateAppInstanceGroup. ``policies``: the group's SecurityPolicy/StoragePolicy/
    VideoPolicy (:func:`group_policies`); ``billing``: pay as you go or a subscription."""
    renew = {"AutoRenew": True} if billing.auto_renew else {}
    return {"AppCenterImageId": image_id, "AppInstanceGroupName": name,
            "BizRegionId": region, "ProductType": PRODUCT, "ChargeType": billing.charge_type,
            "ChargeResourceMode": "Node", "Period": billing.period,
            "PeriodUnit": billing.period_unit, "AutoPay": True, **renew,
            "SessionTimeout": timeout_minutes, "NodePool": dict(pool),
            "RuntimePolicy": {"DebugMode": "ON" if debug else "OFF"}, **(policies or {})}


def network(fleet: FleetSpec) -> dict[str, Any]:
    """The group's Network: the office network the fleet spec names, if any."""
    return {} if fleet.office_site_id is None else {
        "Network": {"OfficeSiteId": fleet.office_site_id}}


def modify_group(group_id: str, name: str | None, disconnect_seconds: int | None = None,
                 policies: Mapping[str, Any] | None = None,
                 capacity: tuple[str, int] | None = None) -> dict[str, Any]:
    """``capacity``: (node pool id, sessions per node) to change its NodeCapacity."""
    pool = None if capacity is None else {"NodePoolId": capacity[0], "NodeCapacity": capacity[1]}
    return {**group(group_id), **_optional(AppInstanceGroupName=name,
                                           SessionTimeout=session_timeout(disconnect_seconds),
                                           NodePool=pool),
            **(policies or {})}


def update_image(region: str, group_id: str, image_id: str) -> dict[str, Any]:
    return {**group(group_id), "AppCenterImageId": image_id, "BizRegionId": region}


def scale_pool(region: str, group_id: str, pool: Mapping[str, Any], desired: int
               ) -> dict[str, Any]:
    """ModifyNodePoolAttribute to ``desired`` nodes, keeping the pool's scaling strategy.

    The pool is group ``group_id``'s (the request names only the pool).
    """
    strategy = {k: pool[k] for k in ("StrategyType", "MaxScalingAmount", "ScalingStep",
                                      "ScalingUsageThreshold", "ScalingDownAfterIdleMinutes")
                if pool.get(k) is not None}
    strategy.setdefault("StrategyType", "NODE_FIXED")
    strategy["NodeAmount"] = desired
    return {"PoolId": pool.get("NodePoolId"), "BizRegionId": region, "ProductType": PRODUCT,
            "NodePoolStrategy": strategy}


def grow_pool(group_id: str, desired: int) -> dict[str, Any]:
    """ModifyNodePoolAmount: a subscription pool to ``desired`` nodes (more than it has)."""
    return {**group(group_id), "NodePool": {"NodeAmount": desired}}


#: (grant, user groups) -> the AuthorizeInstanceGroup field the ids go in
AUTHORIZE_FIELDS: Mapping[tuple[bool, bool], str] = {
    (True, False): "AuthorizeUserIds", (False, False): "UnAuthorizeUserIds",
    (True, True): "AuthorizeUserGroupIds", (False, True): "UnAuthorizeUserGroupIds"}


def authorize(group_id: str, ids: Sequence[str], grant: bool = True, groups: bool = False
              ) -> dict[str, Any]:
    """AuthorizeInstanceGroup: grant or take away users (or, with ``groups``, user groups)."""
    return {**group(group_id), AUTHORIZE_FIELDS[grant, groups]: list(ids)}


def images(image_id: str | None = None) -> dict[str, Any]:
    return {"ProductType": PRODUCT, **_optional(ImageId=image_id)}


#: CreateImageByInstance's InstanceType of the instances streamkit captures
WORKSTATION = "WuyingServer"


def image_by_instance(instance_id: str, name: str, description: str | None,
                      persistent_id: str | None) -> dict[str, Any]:
    """CreateImageByInstance of a workstation (``SubInstanceId``: a persistent session)."""
    return {"InstanceId": instance_id, "InstanceType": WORKSTATION, "ImageName": name,
            **_optional(Description=description, SubInstanceId=persistent_id)}


def delete_image(image_id: str) -> dict[str, Any]:
    return {"ImageId": image_id}


def distribute_image(region: str, image_id: str, destination: str) -> dict[str, Any]:
    return {"ImageId": image_id, "SourceRegion": region, "DestinationRegionList": [destination],
            "ProductType": PRODUCT}


def create_image(group_id: str, name: str) -> dict[str, Any]:
    return {**group(group_id), "AppCenterImageName": name}


def app_instances(group_id: str, user_id: str | None) -> dict[str, Any]:
    return {"AppInstanceGroupId": group_id, **_optional(UserIdList=[user_id] if user_id else None)}


def bind_info(user_id: str | None, group_id: str | None) -> dict[str, Any]:
    """ListBindInfo (it takes no ProductType), for one user, one group, or all."""
    return _optional(UserIdList=[user_id] if user_id else None,
                     AppInstanceGroupIdList=[group_id] if group_id else None)


def delete_instances(group_id: str, instance_ids: Sequence[str]) -> dict[str, Any]:
    return {**group(group_id), "AppInstanceIds": list(instance_ids)}


def unbind(group_id: str, user_id: str, instance_id: str, persistent_id: str | None = None
           ) -> dict[str, Any]:
    """Unbind: the user's app instance, or the persistent session it belongs to."""
    target = ({"AppInstancePersistentId": persistent_id} if persistent_id
              else {"AppInstanceId": instance_id})
    return {**group(group_id), "EndUserId": user_id, **target}


def connection_ticket(user_id: str, task_id: str | None = None, region: str | None = None,
                      app_id: str | None = None, group_id: str | None = None,
                      persistent_id: str | None = None) -> dict[str, Any]:
    """GetConnectionTicket: asks for a ticket (app, group, region; a persistent session),
    or polls ``task_id``."""
    return {"ProductType": PRODUCT, "EndUserId": user_id, **_optional(
        TaskId=task_id, AppId=app_id, BizRegionId=region,
        AppInstanceGroupIdList=[group_id] if group_id else None,
        AppInstancePersistentId=persistent_id)}


def tag_group(group_id: str, tags: Mapping[str, str]) -> dict[str, Any]:
    return {"ResourceType": GROUP_RESOURCE, "ResourceIds": [group_id],
            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}


def untag_group(group_id: str, keys: Sequence[str]) -> dict[str, Any]:
    return {"ResourceType": GROUP_RESOURCE, "ResourceIds": [group_id], "TagKeys": list(keys)}


def group_tags(group_id: str) -> dict[str, Any]:
    return {"ResourceType": GROUP_RESOURCE, "ResourceIds": [group_id]}


def _its_group(_region: str, group_id: str, *_: object) -> tuple[str]:
    """The group a write of ``(region, group_id, ...)`` changes, to read it back."""
    return (group_id,)


def _scaled(group: Mapping[str, Any] | None, _region: str, _group_id: str,
            _pool: Mapping[str, Any], desired: int) -> bool:
    """The pool has ``desired`` nodes: the scale took (the group maintains for a while)."""
    return group is not None and translate.node_pool(group).get("NodeAmount") == desired


def _the_group(group_id: str, *_: object) -> tuple[str]:
    """The group a write of ``(group_id, ...)`` changes, to read it back."""
    return (group_id,)


def _grown(group: Mapping[str, Any] | None, _group_id: str, desired: int) -> bool:
    return group is not None and translate.node_pool(group).get("NodeAmount") == desired


def _image_updating(group: Mapping[str, Any] | None, _region: str, _group_id: str,
                    image_id: str) -> bool:
    """The group runs ``image_id``, or is upgrading (to it: the group was settled before)."""
    return group is not None and (
        group.get("AppCenterImageId") == image_id
        or (group.get("Status"), group.get("ResourceStatus")) == ("MAINTAINING", "UPGRADING"))


_W, _C, _D = CallKind.WRITE, CallKind.CREATE, CallKind.DELETE
_P = PAGINATORS
_GET_GROUP: Operation[Any] = Operation(
    name="GetAppInstanceGroup", request=group, answer=translate.group_answer,
    used_by=("stacks.get", "fleets.get", "image_builders.get", "deploy",
             "image_builders.create", "sessions.list", "sessions.connect"))

# In the order deploy sends them (the docs list a public operation's calls in this order).
OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    # delivery groups: stacks, their fleets, image builders
    Operation(name="ListAppInstanceGroup", request=list_groups, answer=translate.record,
              paginator=_P["ListAppInstanceGroup"],
              used_by=("stacks.list", "fleets.list", "image_builders.list", "deploy",
                       "image_builders.create")),
    Operation(name="CreateAppInstanceGroup", request=create_group, kind=_C,
              answer=translate.created_group, used_by=("deploy", "image_builders.create")),
    Operation(name="TagCloudResources", request=tag_group, kind=_W, answer=translate.nothing,
              used_by=("stacks.tag", "fleets.tag", "image_builders.tag", "deploy",
                       "image_builders.create")),
    _GET_GROUP,
    Operation(name="ModifyAppInstanceGroupAttribute", request=modify_group, kind=_W,
              answer=translate.nothing, used_by=("stacks.update", "fleets.update")),
    # a lost answer leaves the group MAINTAINING, refusing the same change sent again:
    # each checks whether it took effect first
    Operation(name="UpdateAppInstanceGroupImage", request=update_image, kind=_W,
              answer=translate.nothing, used_by=("fleets.update",),
              applied=Applied(read=_GET_GROUP, args=_its_group, done=_image_updating)),
    Operation(name="ModifyNodePoolAttribute", request=scale_pool, kind=_W,
              answer=translate.nothing, used_by=("fleets.scale",),
              applied=Applied(read=_GET_GROUP, args=_its_group, done=_scaled)),
    # a subscription pool only grows, and through this operation
    Operation(name="ModifyNodePoolAmount", request=grow_pool, kind=_W,
              answer=translate.nothing, used_by=("fleets.scale",),
              applied=Applied(read=_GET_GROUP, args=_the_group, done=_grown)),
    Operation(name="DeleteAppInstanceGroup", request=group, kind=_D, answer=translate.nothing,
              used_by=("stacks.delete", "image_builders.delete")),
    Operation(name="ListNodes", request=group, answer=translate.node_id,
              paginator=_P["ListNodes"], used_by=("fleets.list_instances",)),
    Operation(name="PageListAppInstanceGroupUser", request=group, answer=translate.user_id,
              paginator=_P["PageListAppInstanceGroupUser"], used_by=("stacks.list_users",)),
    Operation(name="AuthorizeInstanceGroup", request=authorize, kind=_W,
              answer=translate.nothing,
              used_by=("stacks.authorize_users", "stacks.unauthorize_users",
                       "stacks.authorize_user_groups", "stacks.unauthorize_user_groups",
                       "sessions.connect")),
    Operation(name="ListAuthorizedUserGroups", request=group, answer=translate.user_group,
              paginator=_P["ListAuthorizedUserGroups"], used_by=("stacks.list_user_groups",)),
    # images
    Operation(name="ListImage", request=images, answer=translate.image_item,
              paginator=_P["ListImage"], used_by=("images.list", "images.get")),
    Operation(name="DeleteImage", request=delete_image, kind=_D, answer=translate.nothing,
              used_by=("images.delete",)),
    Operation(name="StartTaskForDistributeImage", request=distribute_image, kind=_W,
              answer=translate.nothing, used_by=("images.copy",)),
    Operation(name="CreateImageByInstance", request=image_by_instance, kind=_C,
              answer=translate.image_by_instance, used_by=("images.create_from_instance",)),
    Operation(name="CreateImageFromAppInstanceGroup", request=create_image, kind=_C,
              answer=translate.created_image, used_by=("image_builders.create_image",)),
    Operation(name="GetDebugAppInstance", request=group, answer=translate.debug_access,
              used_by=("image_builders.connect",)),
    # sessions
    Operation(name="ListAppInstances", request=app_instances, answer=translate.record,
              paginator=_P["ListAppInstances"],
              used_by=("sessions.list", "sessions.expire_all")),
    Operation(name="Unbind", request=unbind, kind=_D, answer=translate.nothing,
              used_by=("sessions.expire", "sessions.expire_all")),
    Operation(name="LogOffAllSessionsInAppInstanceGroup", request=group, kind=_W,
              answer=translate.nothing, used_by=("sessions.expire_all",)),
    Operation(name="ListPersistentAppInstances", request=group, answer=translate.record,
              paginator=_P["ListPersistentAppInstances"],
              used_by=("sessions.list_persistent",)),
    Operation(name="ListBindInfo", request=bind_info, answer=translate.binding,
              paginator=_P["ListBindInfo"], used_by=("sessions.bindings",)),
    # per-item outcomes in a 200: each refusal is raised, naming its instance
    Operation(name="DeleteAppInstances", request=delete_instances, kind=_D,
              answer=translate.deleted_instances, used_by=("sessions.delete_instances",)),
    # asked for once (a task), then polled: both are safe to send again
    Operation(name="GetConnectionTicket", request=connection_ticket, kind=_W,
              answer=raw_answer,
              used_by=("sessions.connect", "sessions.connect(persistent_id=...)")),
    # discovery
    Operation(name="ListRegions", request=product, answer=translate.regions,
              used_by=("regions",)),
    Operation(name="ListNodeInstanceType", request=instance_types,
              answer=translate.instance_type, paginator=_P["ListNodeInstanceType"],
              used_by=("instance_types",)),
    # tags (on delivery groups; TagCloudResources is above)
    Operation(name="ListTagCloudResources", request=group_tags, answer=translate.custom_tags,
              used_by=("stacks.tags", "fleets.tags", "image_builders.tags")),
    Operation(name="UntagCloudResources", request=untag_group, kind=_W,
              answer=translate.nothing,
              used_by=("stacks.untag", "fleets.untag", "image_builders.untag")),
)}
