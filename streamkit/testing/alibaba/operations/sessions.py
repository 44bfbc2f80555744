"""Sessions (app instances bound to end users) and the asynchronous connection-ticket flow."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timezone
from typing import Any, Final

from streamkit.testing.alibaba.catalog import TENANT_ID
from streamkit.testing.alibaba.errors import ApiError, group_not_found, invalid, missing
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.operations.groups import read_region
from streamkit.testing.alibaba.state import (
    BOUND_STATUSES,
    AlibabaState,
    AppInstance,
    Group,
    GroupStatus,
    PersistentSession,
    TicketTask,
    iso_time,
    new_id,
)

__all__ = [
    "delete_app_instances",
    "get_connection_ticket",
    "instance_model",
    "list_app_instances",
    "list_bind_info",
    "list_persistent_app_instances",
    "log_off_all_sessions_in_app_instance_group",
    "unbind",
]

ACCOUNT_TYPE: Final = "simple"
# Groups being reconfigured keep serving; only deploying, failed or deleting ones do not.
_SERVING: Final = frozenset({GroupStatus.PUBLISHED, GroupStatus.MAINTAINING,
                             GroupStatus.MAINTAIN_FAILED})


def instance_model(state: AlibabaState, instance: AppInstance, now: float) -> dict[str, Any]:
    """The instance as ListAppInstances shows it."""
    group = state.groups.get(instance.group_id)
    model: dict[str, Any] = {
        "AppInstanceId": instance.instance_id,
        "AppInstanceGroupId": instance.group_id,
        "Status": instance.status,
        "GmtCreate": iso_time(instance.created),
        "GmtModified": iso_time(instance.modified or instance.created),
        "NodeId": instance.node_id,
        "NetworkInterfaceId": instance.network_interface_id,
        "NetworkInterfaceIp": instance.ip,
        "ChargeType": group.charge_type if group else "PostPaid",
    }
    if instance.status in BOUND_STATUSES and instance.session_status:
        model["SessionStatus"] = instance.session_status
    if instance.user_id is not None:
        model["BindInfo"] = {"EndUserId": instance.user_id,
                             "UsageDuration": int(now - (instance.bound_at or now))}
    return model


@OPERATIONS("ListAppInstances")
def list_app_instances(call: AlibabaCall) -> Body:
    """ListAppInstances: a group's app instances, filtered, page-numbered."""
    p = call.params
    group = call.state.group(p.required("AppInstanceGroupId"))
    page = read_page(p, default_size=20, max_size=100)
    instance_id = p.text("AppInstanceId")
    ids = set(p.strings("AppInstanceIdList", max_items=100))
    users = set(p.strings("UserIdList", max_items=100))
    statuses = set(p.strings("Status"))
    if p.boolean("IncludeDeleted", default=False) and not ids:
        raise missing("AppInstanceIdList")
    found = [i for i in call.state.instances_of(group.group_id)
             if (not instance_id or i.instance_id == instance_id)
             and (not ids or i.instance_id in ids)
             and (not users or i.user_id in users)
             and (not statuses or i.status in statuses)]
    return {
        "AppInstanceModels": [instance_model(call.state, i, call.now)
                              for i in page_of(found, page)],
        "PageNumber": page.number,
        "PageSize": page.size,
        "TotalCount": len(found),
    }


@OPERATIONS("ListBindInfo")
def list_bind_info(call: AlibabaCall) -> Body:
    """ListBindInfo: which user is bound to which app instance, across groups."""
    p = call.params
    page = read_page(p, default_size=20, max_size=100)
    group_ids = set(p.strings("AppInstanceGroupIdList", max_items=100))
    ids = set(p.strings("AppInstanceIdList", max_items=100))
    users = set(p.strings("UserIdList", max_items=100))
    wy_ids = set(p.strings("WyIdList", max_items=100))
    app_ids = set(p.strings("AppIdList", max_items=100))
    found: list[tuple[AppInstance, Group]] = []
    for instance in call.state.instances.values():
        group = call.state.groups.get(instance.group_id)
        if (group is None or instance.user_id is None or instance.status not in BOUND_STATUSES
                or (group_ids and instance.group_id not in group_ids)
                or (ids and instance.instance_id not in ids)
                or (users and instance.user_id not in users)
                or wy_ids  # WUYING ids are not simulated: nobody has one
                or (app_ids and instance.app_id not in app_ids)):
            continue
        found.append((instance, group))
    models = [{
        "AppInstanceGroupId": group.group_id,
        "AppInstanceId": instance.instance_id,
        "UserId": instance.user_id,
        "AccountType": ACCOUNT_TYPE,
        "AppId": instance.app_id or "",
        "AppVersion": "1.0",
        "ProductType": "CloudApp",
        "RegionId": group.region,
    } for instance, group in page_of(found, page)]
    return {"BindInfoModels": models, "PageNumber": page.number, "PageSize": page.size,
            "TotalCount": len(found)}


@OPERATIONS("Unbind")
def unbind(call: AlibabaCall) -> Body:
    """Unbind: release the user's app instance(s) in the group; they go back to IDLE."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    user = p.required("EndUserId")
    instance_id = p.text("AppInstanceId")
    persistent_id = p.text("AppInstancePersistentId")
    if persistent_id:
        persistent = call.state.persistent.get(persistent_id)
        # an unknown persistent session matches no instance: the refusal below
        instance_id = persistent.instance_id if persistent is not None and \
            persistent.group_id == group.group_id else persistent_id
    bound = [i for i in call.state.instances_of(group.group_id)
             if i.user_id == user and (not instance_id or i.instance_id == instance_id)]
    if not bound:
        target = f"app instance {instance_id}" if instance_id else "any app instance"
        raise ApiError("InvalidBindInfo.NotFound",
                       f"The user {user} is not bound to {target} of {group.group_id}.")
    for instance in bound:
        call.state.unbind(instance, call.now)
    return {}


#: the app instance statuses DeleteAppInstances takes (its documentation: initializing or idle)
DELETABLE: Final = frozenset({"INIT", "IDLE"})


def _in_scheduled_period(group: Group, now: float) -> bool:
    """Whether ``now`` (UTC) falls in one of the pool's scheduled scaling periods."""
    pool = group.node_pool
    moment = datetime.fromtimestamp(now, tz=timezone.utc)
    day, clock = moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M")
    if not (pool.strategy_enable_date or "") <= day <= (pool.strategy_disable_date or "9999"):
        return False
    return any(moment.isoweekday() in schedule["RecurrenceValues"]
               and period["StartTime"] <= clock < period["EndTime"]
               for schedule in pool.recurrence_schedules for period in schedule["TimerPeriods"])


@OPERATIONS("LogOffAllSessionsInAppInstanceGroup")
def log_off_all_sessions_in_app_instance_group(call: AlibabaCall) -> Body:
    """LogOffAllSessionsInAppInstanceGroup: every bound instance of a pay-as-you-go group
    with scheduled scaling goes back to IDLE; refused inside a scheduled period."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    if group.charge_type != "PostPaid" or group.node_pool.strategy_type != \
            "NODE_SCALING_BY_SCHEDULE":
        raise invalid("AppInstanceGroupId", f"the delivery group {group.group_id} is not a "
                      "pay-as-you-go group with a scheduled scaling policy")
    if _in_scheduled_period(group, call.now):
        raise invalid("AppInstanceGroupId", f"the delivery group {group.group_id} is in a "
                      "scheduled scaling period; log sessions off outside it")
    for instance in call.state.instances_of(group.group_id):
        if instance.user_id is not None:
            call.state.unbind(instance, call.now)
    return {}


@OPERATIONS("DeleteAppInstances")
def delete_app_instances(call: AlibabaCall) -> Body:
    """DeleteAppInstances: INIT or IDLE instances are deleted; each other one is refused in
    its own item of the 200 answer."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    ids = p.strings("AppInstanceIds", max_items=100)
    if not ids:
        raise missing("AppInstanceIds")
    outcomes: list[dict[str, Any]] = []
    for instance_id in ids:
        instance = call.state.instances.get(instance_id)
        if instance is None or instance.group_id != group.group_id:
            outcomes.append({"AppInstanceId": instance_id, "Success": False,
                             "Code": "InvalidAppInstance.NotFound",
                             "Message": f"The app instance {instance_id} does not exist in "
                                        f"{group.group_id}."})
        elif instance.status not in DELETABLE or instance.user_id is not None:
            outcomes.append({"AppInstanceId": instance_id, "Success": False,
                             "Code": "IncorrectAppInstanceStatus",
                             "Message": f"The app instance {instance_id} is "
                                        f"{instance.status}; only INIT or IDLE ones can be "
                                        "deleted."})
        else:
            call.state.remove_instance(instance)
            outcomes.append({"AppInstanceId": instance_id, "Success": True})
    return {"DeleteAppInstanceModels": outcomes}


# -- GetConnectionTicket ---------------------------------------------------------------------

def _task_body(call: AlibabaCall, task: TicketTask) -> Body:
    group = call.state.groups.get(task.group_id)
    image = call.state.images.get(group.image_id) if group else None
    body: Body = {
        "TaskId": task.task_id,
        "TaskStatus": task.status,
        "AppInstanceGroupId": task.group_id,
        "AppInstanceId": task.instance_id,
        "BizRegionId": task.region,
        "OsType": image.os_type if image else "Windows",
        "TenantId": TENANT_ID,
    }
    if task.status == "Finished":
        body["Ticket"] = task.ticket
    elif task.status == "Failed" and task.failure is not None:
        # Not read by the SDK model (it has no such fields) but kept in the raw body.
        body["Code"], body["Message"] = task.failure.code, task.failure.message
    return body


def _slots(group: Group) -> int:
    return group.node_pool.max_nodes * group.node_pool.node_capacity


def _free_instance(call: AlibabaCall, groups: list[Group]) -> AppInstance | None:
    for group in groups:
        instances = call.state.instances_of(group.group_id)
        idle = next((i for i in instances if i.user_id is None and i.status == "IDLE"), None)
        if idle is not None:
            return idle
        if len(instances) < _slots(group):
            return call.state.new_instance(group, call.now)
    return None


def _candidate_groups(call: AlibabaCall, user: str, app_id: str) -> list[Group]:
    p = call.params
    group_ids = p.strings("AppInstanceGroupIdList")
    for group_id in group_ids:
        if group_id not in call.state.groups:
            raise group_not_found(group_id)
    region = read_region(p) if p.text("BizRegionId") else None
    groups = sorted((g for g in call.state.groups.values()
                     if (not group_ids or g.group_id in group_ids)
                     and (region is None or g.region == region)), key=lambda g: g.sequence)
    published = [g for g in groups if g.status in _SERVING]
    if not published:
        raise ApiError("TryBind.NoCandidateAppInstanceGroup",
                       "No published delivery group can serve this request.")
    with_app = [g for g in published
                if (image := call.state.images.get(g.image_id)) is not None
                and any(a == app_id for a, _ in image.apps)]
    if not with_app:
        raise ApiError("TryBind.NoSupportedApp",
                       f"No published delivery group offers the app {app_id}.")
    entitled = [g for g in with_app if call.state.entitled(g, user)]
    if not entitled:
        raise ApiError("TryBind.NoCandidateAppInstanceGroup",
                       f"The user {user} is not authorized on any delivery group offering "
                       f"the app {app_id}.")
    return entitled


def _persistent_instance(call: AlibabaCall, persistent_id: str, user: str) -> AppInstance:
    """The app instance of a persistent session in the one group named, for ``user``."""
    group_ids = call.params.strings("AppInstanceGroupIdList")
    if len(group_ids) != 1:
        raise invalid("AppInstanceGroupIdList",
                      "give exactly one delivery group together with AppInstancePersistentId")
    persistent = call.state.persistent.get(persistent_id)
    if persistent is None or persistent.group_id != group_ids[0]:
        raise ApiError("InvalidAppInstancePersistentId.NotFound",
                       f"The persistent session {persistent_id} does not exist in the group.")
    if user not in persistent.authorized_users:
        raise ApiError("TryBind.NoCandidateAppInstanceGroup",
                       f"The user {user} is not authorized on the persistent session "
                       f"{persistent_id}.")
    instance = call.state.instances[persistent.instance_id]
    if instance.user_id not in (None, user):
        raise ApiError("TryRegionBind.BindExistingAppInstanceFail",
                       f"The persistent session {persistent_id} is bound to another user.")
    return instance


@OPERATIONS("ListPersistentAppInstances")
def list_persistent_app_instances(call: AlibabaCall) -> Body:
    """ListPersistentAppInstances: a group's persistent sessions, page-numbered (the
    instance status is written ``idle`` in lower case here, as the SDK documents)."""
    p = call.params
    p.product_type()
    group = call.state.group(p.required("AppInstanceGroupId"))
    page = read_page(p, default_size=20, max_size=100)
    ids = set(p.strings("AppInstancePersistentIds"))
    found = sorted((s for s in call.state.persistent.values()
                    if s.group_id == group.group_id and (not ids or s.persistent_id in ids)),
                   key=lambda s: s.sequence)

    def model(session: PersistentSession) -> dict[str, Any]:
        instance = call.state.instances.get(session.instance_id)
        status = instance.status if instance else "DELETED"
        return {"AppInstancePersistentId": session.persistent_id,
                "AppInstancePersistentName": session.name,
                "AppInstancePersistentStatus": session.status,
                "AppInstanceId": session.instance_id,
                "AppInstanceStatus": "idle" if status == "IDLE" else status,
                "AppInstanceGroupId": session.group_id,
                "AuthorizedUsers": list(session.authorized_users),
                "GmtCreate": iso_time(session.created)}

    return {"PersistentAppInstanceModels": [model(s) for s in page_of(found, page)],
            "PageNumber": page.number, "PageSize": page.size, "TotalCount": len(found)}


@OPERATIONS("GetConnectionTicket")
def get_connection_ticket(call: AlibabaCall) -> Body:
    """GetConnectionTicket: bind the user and start a task; poll it with TaskId for the ticket."""
    p = call.params
    p.product_type()
    user = p.required("EndUserId")
    task_id = p.text("TaskId")
    if task_id:
        task = call.state.tasks.get(task_id)
        if task is None or task.user_id != user:
            raise ApiError("InvalidTaskId.NotFound", f"The task {task_id} does not exist.")
        return _task_body(call, task)
    app_id = p.required("AppId")
    instance_id = p.text("AppInstanceId")
    persistent_id = p.text("AppInstancePersistentId")
    took_slot = True
    if persistent_id:
        instance = _persistent_instance(call, persistent_id, user)
        took_slot = instance.user_id is None
    elif instance_id:
        groups = _candidate_groups(call, user, app_id)
        if len(p.strings("AppInstanceGroupIdList")) != 1:
            raise invalid("AppInstanceGroupIdList",
                          "give exactly one delivery group together with AppInstanceId")
        found = call.state.instances.get(instance_id)
        if found is None or found.group_id != groups[0].group_id:
            raise ApiError("InvalidAppInstance.NotFound",
                           f"The app instance {instance_id} does not exist in the group.")
        instance = found
        if instance.user_id not in (None, user):
            raise ApiError("TryRegionBind.BindExistingAppInstanceFail",
                           f"The app instance {instance_id} is bound to another user.")
        took_slot = instance.user_id is None
    else:
        groups = _candidate_groups(call, user, app_id)
        existing = next((i for g in groups for i in call.state.instances_of(g.group_id)
                         if i.user_id == user and i.status in BOUND_STATUSES), None)
        if existing is not None:
            instance, took_slot = existing, False
        else:
            free = _free_instance(call, groups)
            if free is None:
                raise ApiError("TryRegionBind.NoIdleAppInstance",
                               "No idle app instance is left in the candidate delivery groups.")
            instance = free
    if took_slot:
        call.state.bind(instance, user, app_id, call.now)
    group = call.state.group(instance.group_id)
    task = TicketTask(
        task_id=new_id("tk"), user_id=user, app_id=app_id, group_id=group.group_id,
        instance_id=instance.instance_id, region=group.region, created=call.now,
        due=call.now + call.state.timings.ticket_ready,
        ticket=base64.b64encode(secrets.token_bytes(96)).decode(), took_slot=took_slot,
    )
    call.state.add_task(task)
    call.state.catch_up()
    return _task_body(call, task)
