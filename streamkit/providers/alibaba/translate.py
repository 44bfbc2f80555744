"""Alibaba payloads to the neutral model. State tables are data, checkable against the reference.

A delivery group is at once a Stack, the owner of one Fleet (its node pool, id
``<group id>/<node pool id>``) and, in debug mode, an ImageBuilder. Every reader tolerates
missing and unexpected fields: unknown values become UNKNOWN with the raw string kept.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from streamkit.clock import as_utc
from streamkit.errors import ProviderError, ValidationError
from streamkit.models import (
    AccessKind,
    Application,
    Capacity,
    ConnectionState,
    Fleet,
    FleetState,
    FleetType,
    Image,
    ImageBuilder,
    ImageBuilderState,
    ImageState,
    InstanceType,
    Provider,
    Region,
    ResourceError,
    Secret,
    Session,
    SessionBinding,
    SessionState,
    Stack,
    StreamingAccess,
    UserGroup,
)
from streamkit.providers.alibaba.errors import error_class
from streamkit.providers.redaction import masked
from streamkit.stack_settings import StackSettings

# Delivery group ``Status`` values: the SDK's models (ListAuthorizedAppInstanceGroupByUser
# documents DEPLOYING, DEPLOYED, PUBLISHED, STOPPING, STOPPED, MAINTAINING, FAILED,
# MAINTAIN_FAILED, DELETING) and the API reference (EXPIRED, CEASED, EXPIRED_RECYCLING;
# UNAVAILABLE on browser groups of the same family).

#: delivery group ``Status`` -> the state of its node pool
FLEET_STATES: dict[str, FleetState] = {
    "DEPLOYING": FleetState.STARTING,
    "DEPLOYED": FleetState.STARTING,  # resources ready, not yet listed for users
    "PUBLISHED": FleetState.RUNNING,
    "STOPPING": FleetState.STOPPING,  # being delisted
    "STOPPED": FleetState.STOPPED,  # delisted: users cannot connect
    "MAINTAINING": FleetState.UPDATING,
    "FAILED": FleetState.FAILED,
    "MAINTAIN_FAILED": FleetState.FAILED,
    "UNAVAILABLE": FleetState.FAILED,
    "EXPIRED": FleetState.STOPPED,
    "CEASED": FleetState.STOPPED,
    "EXPIRED_RECYCLING": FleetState.STOPPED,
    "DELETING": FleetState.DELETING,
}
#: delivery group ``Status`` of a debug-mode group -> image builder state
IMAGE_BUILDER_STATES: dict[str, ImageBuilderState] = {
    "DEPLOYING": ImageBuilderState.PENDING,
    "DEPLOYED": ImageBuilderState.PENDING,
    "PUBLISHED": ImageBuilderState.RUNNING,
    "STOPPING": ImageBuilderState.STOPPING,
    "STOPPED": ImageBuilderState.STOPPED,
    "MAINTAINING": ImageBuilderState.UPDATING,
    "FAILED": ImageBuilderState.FAILED,
    "MAINTAIN_FAILED": ImageBuilderState.FAILED,
    "UNAVAILABLE": ImageBuilderState.FAILED,
    "EXPIRED": ImageBuilderState.STOPPED,
    "CEASED": ImageBuilderState.STOPPED,
    "EXPIRED_RECYCLING": ImageBuilderState.STOPPED,
    "DELETING": ImageBuilderState.DELETING,
}
#: node pool ``StrategyType`` -> fleet type
FLEET_TYPES: dict[str, FleetType] = {
    "NODE_FIXED": FleetType.ALWAYS_ON,
    "NODE_SCALING_BY_USAGE": FleetType.ELASTIC,
    "NODE_SCALING_BY_SCHEDULE": FleetType.ELASTIC,
}
#: image ``Status`` (also a region's distribution status) -> image state
IMAGE_STATES: dict[str, ImageState] = {
    "INIT": ImageState.PENDING,
    "CREATING": ImageState.PENDING,
    "AVAILABLE": ImageState.AVAILABLE,
    "CREATE_FAILED": ImageState.FAILED,
    "DELETING": ImageState.DELETING,
}
#: why a delivery group in this ``Status`` cannot serve (the models carry no reason field:
#: the status and ``ResourceStatus`` are what the cloud says)
GROUP_FAILURES: Mapping[str, str] = {
    "FAILED": "publishing the delivery group failed: its resources did not initialize",
    "MAINTAIN_FAILED": "the last change to the delivery group failed",
    "UNAVAILABLE": "the delivery group is unavailable",
    "EXPIRED": "the delivery group's subscription expired",
    "CEASED": "the delivery group is suspended for overdue payment",
    "EXPIRED_RECYCLING": "the delivery group expired and its resources are being reclaimed",
}
#: group ``ResourceStatus`` values that say what is wrong with its resources
RESOURCE_FAILURES: Mapping[str, str] = {
    "UNAVAILABLE": "its resources are unavailable",
    "RELEASED": "its resources were released",
}
#: app instance ``Status`` (upper-cased: the persistent listing writes ``idle``) -> session
SESSION_STATES: dict[str, SessionState] = {
    "INIT": SessionState.PENDING,
    "STARTING": SessionState.PENDING,
    "IDLE": SessionState.PENDING,
    "BOUND": SessionState.ACTIVE,
    "RUNNING": SessionState.ACTIVE,
    "CLOSING": SessionState.EXPIRED,
    "CLOSED": SessionState.EXPIRED,
    "DELETED": SessionState.EXPIRED,
    "UNAVAILABLE": SessionState.FAILED,
}
#: persistent session ``AppInstancePersistentStatus`` -> session state
PERSISTENT_SESSION_STATES: dict[str, SessionState] = {
    "PENDING": SessionState.PENDING,
    "STARTING": SessionState.PENDING,
    "REBUILDING": SessionState.PENDING,
    "RUNNING": SessionState.ACTIVE,
    "STOPPING": SessionState.EXPIRED,
    "STOPPED": SessionState.EXPIRED,
    "DELETING": SessionState.EXPIRED,
    "DELETED": SessionState.EXPIRED,
    "UNAVAILABLE": SessionState.FAILED,
}
#: app instance ``SessionStatus`` -> connection
CONNECTION_STATES: dict[str, ConnectionState] = {
    "connect": ConnectionState.CONNECTED,
    "disconnect": ConnectionState.NOT_CONNECTED,
}
#: statuses in which a group's nodes are up
SERVING = frozenset({"PUBLISHED", "MAINTAINING", "MAINTAIN_FAILED"})

FLEET_ID_SEPARATOR = "/"
_EMPTY: Mapping[str, Any] = MappingProxyType({})
GROUP_ID_PREFIX = "aig-"
#: marks the delivery groups streamkit made as image builders (the API has no other sign)
BUILDER_TAG = ("streamkit:role", "image-builder")
#: tags streamkit keeps for itself, not shown among a resource's tags
INTERNAL_TAG_PREFIX = "streamkit:"


class TaskState(str, enum.Enum):
    """GetConnectionTicket's ``TaskStatus``."""

    RUNNING = "Running"
    FINISHED = "Finished"
    FAILED = "Failed"
    UNKNOWN = "UNKNOWN"


TASK_STATES: dict[str, TaskState] = {s.value: s for s in TaskState}


def fleet_id(group_id: str, pool_id: str) -> str:
    return f"{group_id}{FLEET_ID_SEPARATOR}{pool_id}"


def split_fleet_id(value: str) -> tuple[str, str]:
    """``aig-.../rg-...`` -> (group id, node pool id)."""
    group, sep, pool = value.partition(FLEET_ID_SEPARATOR)
    if not sep or not group or not pool or FLEET_ID_SEPARATOR in pool:
        raise ValidationError("fleet_id", "is not an Alibaba fleet id (from fleets.list or "
                              "deploy: '<delivery group id>/<node pool id>')", value)
    return group, pool


def check_group_id(field: str, value: str) -> str:
    """A delivery group id (``aig-...``): refused before a call that would only say NotFound."""
    if not value.startswith(GROUP_ID_PREFIX):
        raise ValidationError(field, "is not an Alibaba delivery group id (aig-...)", value)
    return value


def _str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


def _int(d: Mapping[str, Any], key: str) -> int | None:
    value = d.get(key)
    if type(value) is int:  # the common case first (a bool is not an int here)
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdecimal():
        try:
            return int(value)
        except ValueError:  # more digits than int() takes
            return None
    return None


def parse_time(value: Any) -> datetime | None:
    """Alibaba's ISO-8601 strings (``...Z`` or ``...+08:00``) as aware UTC datetimes."""
    if not isinstance(value, str) or not value:
        return None
    return _parse_time(value)


@functools.lru_cache(maxsize=4096)  # a listing reads the same creation times again and again
def _parse_time(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def _frozen(d: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of an answer's JSON object (nothing else holds it: no copy needed)."""
    return MappingProxyType(d) if isinstance(d, dict) else d


def _list(d: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = d.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def node_pool(group: Mapping[str, Any]) -> Mapping[str, Any]:
    """The group's node pool (a group has one), or an empty mapping."""
    pools = group.get("NodePool")
    if isinstance(pools, list):
        for pool in pools:
            if isinstance(pool, dict):
                return pool
    return _EMPTY


def as_created(group: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    """Whether ``group`` is what CreateAppInstanceGroup with ``params`` makes: every field
    sent that it shows, its node pool's too, and no tags yet (streamkit tags a group once it
    has its id)."""
    pool = node_pool(group)
    asked: Mapping[str, Any] = params.get("NodePool") or _EMPTY
    return (pool.get("NodeInstanceType") == asked.get("NodeInstanceType")
            and _shows(group, params, _CREATED_AS) and _shows(pool, asked, asked)
            and not tags(group))


def _shows(found: Mapping[str, Any], sent: Mapping[str, Any], keys: Iterable[str]) -> bool:
    """Every one of ``keys`` that ``found`` has is as ``sent`` (numbers may come as text)."""
    return all(found.get(key) is None or str(found[key]) == str(sent.get(key)) for key in keys)


_CREATED_AS = ("AppInstanceGroupName", "AppCenterImageId", "SessionTimeout", "ChargeType")


def tags(group: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in ("Tags", "ResourceTags"):
        for tag in _list(group, key):
            if isinstance(tag.get("Key"), str):
                found[tag["Key"]] = str(tag.get("Value") or "")
    return found


def group_errors(group: Mapping[str, Any]) -> tuple[ResourceError, ...]:
    """Why a delivery group cannot serve, read from its ``Status`` and ``ResourceStatus``
    (:data:`GROUP_FAILURES`, :data:`RESOURCE_FAILURES`); empty when nothing is wrong."""
    status, resources = _str(group, "Status") or "", _str(group, "ResourceStatus") or ""
    reason = GROUP_FAILURES.get(status)
    if reason is None:
        return ()
    detail = RESOURCE_FAILURES.get(resources)
    if detail is not None:
        reason = f"{reason}; {detail} (ResourceStatus {resources})"
    elif resources:
        reason = f"{reason} (ResourceStatus {resources})"
    return (ResourceError(code=status, message=reason),)


def stack(group: Mapping[str, Any], region: str) -> Stack:
    group_id = _str(group, "AppInstanceGroupId") or ""
    skip = group.get("SkipUserAuthCheck")
    return Stack(id=group_id, name=_str(group, "AppInstanceGroupName") or group_id,
                 provider=Provider.ALIBABA, region=region,
                 display_name=_str(group, "AppInstanceGroupName"),
                 created_at=parse_time(group.get("GmtCreate")),
                 # the only policy a group's answer reports
                 settings=StackSettings(skip_user_auth_check=skip)
                 if isinstance(skip, bool) else StackSettings(),
                 raw=_frozen(group))


def fleet(group: Mapping[str, Any], region: str) -> Fleet:
    # the fleet of every listed group is read here: its reads are written out, not looped
    get, pool = group.get, node_pool(group)
    group_id, name, status = get("AppInstanceGroupId"), get("AppInstanceGroupName"), \
        get("Status")
    group_id = group_id if isinstance(group_id, str) else ""
    name = name if isinstance(name, str) and name else None
    status = status if isinstance(status, str) else ""
    pool_id, strategy = pool.get("NodePoolId"), pool.get("StrategyType")
    desired = _int(pool, "NodeAmount") or 0
    running = (_int(pool, "Amount") or desired) if status in SERVING else 0
    in_use = min(_int(pool, "NodeUsed") or 0, running)
    return Fleet(
        id=f"{group_id}{FLEET_ID_SEPARATOR}{pool_id if isinstance(pool_id, str) else ''}",
        name=name or group_id, provider=Provider.ALIBABA, region=region,
        state=FLEET_STATES.get(status, FleetState.UNKNOWN), raw_state=status,
        instance_type=_str(pool, "NodeInstanceType") or _str(group, "AppInstanceType") or "",
        capacity=Capacity(desired=desired, running=running, in_use=in_use,
                          available=max(running - in_use, 0)),
        fleet_type=FLEET_TYPES.get(strategy, FleetType.UNKNOWN)
        if isinstance(strategy, str) else FleetType.UNKNOWN,
        image_id=_str(group, "AppCenterImageId"), stack_id=group_id, display_name=name,
        created_at=parse_time(get("GmtCreate")), platform=_str(group, "OsType"),
        max_sessions_per_instance=_int(pool, "NodeCapacity"),
        office_site_id=_str(group, "OfficeSiteId"), errors=group_errors(group),
        raw=_frozen(group))


def image_builder(group: Mapping[str, Any], region: str) -> ImageBuilder:
    group_id = _str(group, "AppInstanceGroupId") or ""
    status = _str(group, "Status") or ""
    pool = node_pool(group)
    return ImageBuilder(
        id=group_id, name=_str(group, "AppInstanceGroupName") or group_id,
        provider=Provider.ALIBABA, region=region,
        state=IMAGE_BUILDER_STATES.get(status, ImageBuilderState.UNKNOWN), raw_state=status,
        instance_type=_str(pool, "NodeInstanceType") or _str(group, "AppInstanceType"),
        image_id=_str(group, "AppCenterImageId"), display_name=_str(group, "AppInstanceGroupName"),
        created_at=parse_time(group.get("GmtCreate")), platform=_str(group, "OsType"),
        errors=group_errors(group),
        raw=_frozen(group))


def image(d: Mapping[str, Any], region: str) -> Image:
    image_id = _str(d, "ImageId") or ""
    status = _str(d, "Status") or ""
    # an image copied into this region reports its state here per region
    for entry in _list(d, "ImageRegionDistributeList"):
        if entry.get("RegionId") == region and isinstance(entry.get("Status"), str):
            status = entry["Status"]
    apps = tuple(Application(id=str(a.get("AppId") or ""), name=str(a.get("AppName") or ""))
                 for a in _list(d, "AppList"))
    return Image(id=image_id, name=_str(d, "ImageName") or image_id, provider=Provider.ALIBABA,
                 region=region, state=IMAGE_STATES.get(status, ImageState.UNKNOWN),
                 raw_state=status, platform=_str(d, "PlatformName") or _str(d, "OsType"),
                 visibility=_str(d, "ImageType"), description=_str(d, "Description"),
                 created_at=parse_time(d.get("GmtCreate")), applications=apps, raw=_frozen(d))


def session(d: Mapping[str, Any], region: str, fleet: str) -> Session:
    raw_bind = d.get("BindInfo")
    bind: Mapping[str, Any] = raw_bind if isinstance(raw_bind, dict) else {}
    status = _str(d, "Status") or ""
    connection = CONNECTION_STATES.get(str(d.get("SessionStatus")), ConnectionState.UNKNOWN)
    return Session(id=_str(d, "AppInstanceId") or "", user_id=_str(bind, "EndUserId") or "",
                   stack_id=_str(d, "AppInstanceGroupId") or "", fleet_id=fleet,
                   provider=Provider.ALIBABA, region=region,
                   state=SESSION_STATES.get(status.upper(), SessionState.UNKNOWN),
                   raw_state=status,
                   connection=connection, started_at=parse_time(d.get("GmtCreate")),
                   raw=_frozen(d))


def persistent_session(d: Mapping[str, Any], region: str, fleet: str) -> Session:
    """A ListPersistentAppInstances item: the session is the persistent one (its state from
    ``AppInstancePersistentStatus``), its user the first authorized one."""
    status = _str(d, "AppInstancePersistentStatus") or ""
    users = d.get("AuthorizedUsers")
    user = next((u for u in users if isinstance(u, str)), "") if isinstance(users, list) else ""
    persistent_id = _str(d, "AppInstancePersistentId")
    return Session(id=_str(d, "AppInstanceId") or persistent_id or "", user_id=user,
                   stack_id=_str(d, "AppInstanceGroupId") or "", fleet_id=fleet,
                   provider=Provider.ALIBABA, region=region,
                   state=PERSISTENT_SESSION_STATES.get(status.upper(), SessionState.UNKNOWN),
                   raw_state=status, started_at=parse_time(d.get("GmtCreate")),
                   persistent_id=persistent_id, raw=_frozen(d))


def required(body: Mapping[str, Any], key: str, operation: str) -> str:
    """``body[key]``, a non-empty string, or the error of an answer that lacks it."""
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ProviderError(f"{operation} answered without {key}", provider=Provider.ALIBABA,
                            operation=operation, code=f"Missing{key}")
    return value


def nothing(body: Mapping[str, Any], region: str) -> None:
    """The answer of a call whose result is only that it succeeded."""


def record(d: Any, region: str) -> Mapping[str, Any] | None:
    """A listed delivery group or app instance as the cloud sent it; junk dropped."""
    return d if isinstance(d, dict) else None


def group_answer(body: Mapping[str, Any], region: str) -> Mapping[str, Any] | None:
    """GetAppInstanceGroup's group, or None when the answer holds none."""
    found = body.get("AppInstanceGroupModels")
    return found if isinstance(found, dict) and found.get("AppInstanceGroupId") else None


def apps(group: Mapping[str, Any]) -> list[str]:
    """The ids of the apps a delivery group serves."""
    return [str(a.get("AppId")) for a in _list(group, "Apps")]


def is_builder(group: Mapping[str, Any]) -> bool:
    """Whether the group carries :data:`BUILDER_TAG` (as :func:`tags` reads it)."""
    key, value = BUILDER_TAG
    found = None
    for field in ("Tags", "ResourceTags"):
        listed = group.get(field)
        if isinstance(listed, list):
            for tag in listed:
                if isinstance(tag, dict) and tag.get("Key") == key:
                    found = str(tag.get("Value") or "")
    return found == value


def created_group(body: Mapping[str, Any], region: str) -> str:
    """CreateAppInstanceGroup's new group id."""
    model = body.get("AppInstanceGroupModel")
    return required(model if isinstance(model, dict) else {}, "AppInstanceGroupId",
                    "CreateAppInstanceGroup")


def image_by_instance(body: Mapping[str, Any], region: str) -> str:
    """CreateImageByInstance's new image id (in ``Data``)."""
    data = body.get("Data")
    return required(data if isinstance(data, dict) else {}, "ImageId", "CreateImageByInstance")


def created_image(body: Mapping[str, Any], region: str) -> str:
    return required(body, "ImageId", "CreateImageFromAppInstanceGroup")


def node_id(d: Any, region: str) -> str | None:
    return str(d["NodeId"]) if isinstance(d, dict) and d.get("NodeId") else None


def user_id(d: Any, region: str) -> str:
    return str(d)


def image_item(d: Any, region: str) -> Image | None:
    return image(d, region) if isinstance(d, dict) else None


def debug_access(body: Mapping[str, Any], region: str) -> StreamingAccess:
    """GetDebugAppInstance's auth code (a secret)."""
    return StreamingAccess(kind=AccessKind.TICKET,
                           secret=Secret(required(body, "AuthCode", "GetDebugAppInstance")),
                           provider=Provider.ALIBABA, region=region,
                           session_id=body.get("AppInstanceId"))


def logs_off_at_once(group: Mapping[str, Any]) -> bool:
    """Whether LogOffAllSessionsInAppInstanceGroup takes the group: pay as you go, with a
    scheduled scaling policy (the cloud still refuses it inside the schedule's periods)."""
    return (group.get("ChargeType") == "PostPaid"
            and node_pool(group).get("StrategyType") == "NODE_SCALING_BY_SCHEDULE")


def user_group(d: Any, region: str) -> UserGroup | None:
    """A ListAuthorizedUserGroups item; junk dropped."""
    if not isinstance(d, dict) or not _str(d, "GroupId"):
        return None
    return UserGroup(id=d["GroupId"], name=_str(d, "GroupName") or d["GroupId"],
                     stack_id=_str(d, "AppInstanceGroupId") or "", provider=Provider.ALIBABA,
                     region=region, raw=_frozen(d))


def binding(d: Any, region: str) -> SessionBinding | None:
    """A ListBindInfo item; junk dropped."""
    if not isinstance(d, dict) or not _str(d, "UserId") or not _str(d, "AppInstanceId"):
        return None
    return SessionBinding(user_id=d["UserId"], stack_id=_str(d, "AppInstanceGroupId") or "",
                          session_id=d["AppInstanceId"], provider=Provider.ALIBABA,
                          region=_str(d, "RegionId") or region, app_id=_str(d, "AppId"),
                          raw=_frozen(d))


def deleted_instances(body: Mapping[str, Any], region: str) -> None:
    """DeleteAppInstances' per-instance outcomes: the refusals, raised as one error that
    names each refused instance (the class is the first refusal's)."""
    refused = [d for d in _list(body, "DeleteAppInstanceModels") if d.get("Success") is not True]
    if not refused:
        return
    code = _str(refused[0], "Code") or "DeleteFailed"
    reasons = "; ".join(f"{d.get('AppInstanceId')}: {d.get('Code')}: {d.get('Message')}"
                        for d in refused)
    raise error_class(code, None)(
        f"{len(refused)} app instance(s) not deleted: {reasons}", provider=Provider.ALIBABA,
        operation="DeleteAppInstances", code=code, request_id=_str(body, "RequestId"))


def regions(body: Mapping[str, Any], region: str) -> list[Region]:
    """ListRegions' regions (the answer spells the key ``regionId``)."""
    found = []
    for entry in _list(body, "RegionModels"):
        region_id = _str(entry, "regionId") or _str(entry, "RegionId")
        if region_id:
            found.append(Region(id=region_id, provider=Provider.ALIBABA, raw=_frozen(entry)))
    return found


def _float(d: Mapping[str, Any], key: str) -> float | None:
    """A number the SDK may type as text (``Cpu``, ``Gpu``)."""
    value = d.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


def instance_type(d: Any, region: str) -> InstanceType | None:
    """A ListNodeInstanceType item (memory is in MiB); junk dropped."""
    if not isinstance(d, dict) or not _str(d, "NodeInstanceType"):
        return None
    return InstanceType(name=d["NodeInstanceType"], provider=Provider.ALIBABA,
                        family=_str(d, "NodeInstanceTypeFamily"),
                        display_name=_str(d, "NodeTypeName"), cpu=_float(d, "Cpu"),
                        memory_mib=_int(d, "Memory"), gpu=_float(d, "Gpu"),
                        gpu_memory_mib=_int(d, "GpuMemory"), max_sessions=_int(d, "MaxCapacity"),
                        raw=_frozen(d))


def group_tags(group: Mapping[str, Any]) -> dict[str, str]:
    """The custom tags a delivery group is listed with, streamkit's own included."""
    return {str(tag["Key"]): str(tag.get("Value") or "") for tag in _list(group, "Tags")
            if isinstance(tag.get("Key"), str) and tag.get("Scope", "Custom") == "Custom"}


def custom_tags(body: Mapping[str, Any], region: str) -> dict[str, str]:
    """ListTagCloudResources' custom tags, without streamkit's own."""
    found: dict[str, str] = {}
    for entry in _list(body, "ResourceTags"):
        for tag in _list(entry, "Tags"):
            key = tag.get("Key")
            if isinstance(key, str) and not key.startswith(INTERNAL_TAG_PREFIX) \
                    and tag.get("Scope", "Custom") == "Custom":
                found[key] = str(tag.get("Value") or "")
    return found


@attrs.frozen
class TicketTask:
    """One look at a connection ticket task (the waiting engine reads ``state``; the
    ``on_poll`` hook sees it). ``body`` is the answer with its ticket masked: the ticket is
    only in ``ticket``, a :class:`~streamkit.models.Secret`."""

    state: TaskState
    raw_state: str
    body: Mapping[str, Any] = attrs.field(repr=False)
    errors: tuple[ResourceError, ...] = ()
    ticket: Secret | None = attrs.field(default=None, repr=False)


def ticket_task(body: Mapping[str, Any], task_id: str) -> TicketTask:
    """A GetConnectionTicket answer: a ticket is done whatever the status says."""
    raw = str(body.get("TaskStatus") or "")
    ticket = body.get("Ticket")
    state = TaskState.FINISHED if ticket else TASK_STATES.get(raw, TaskState.UNKNOWN)
    errors = (ResourceError(code=str(body.get("Code") or "TaskFailed"),
                            message=str(body.get("Message") or f"ticket task {task_id} failed")),
              ) if state is TaskState.FAILED else ()
    return TicketTask(state=state, raw_state=raw, body=masked(body), errors=errors,
                      ticket=Secret(ticket) if isinstance(ticket, str) and ticket else None)


def ticket_of(task: TicketTask, operation: str) -> Secret:
    """The ticket of a finished task, or the error of an answer that lacks it."""
    if task.ticket is None:
        raise ProviderError(f"{operation} answered without Ticket", provider=Provider.ALIBABA,
                            operation=operation, code="MissingTicket")
    return task.ticket
