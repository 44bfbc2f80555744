"""Over-the-air updates of a group's Workspace components: ListOtaTask, GetOtaTaskByTaskId,
ApproveOtaTask. The cloud publishes tasks (the ``publish_ota`` test control does here); a task
is STANDBY until approved with a start time, then runs (see
:class:`~streamkit.testing.alibaba.state.OtaTask`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from streamkit.testing.alibaba.errors import BusinessFailure, invalid
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.state import AlibabaState, Group, OtaTask, iso_time

__all__ = ["OTA_TYPES", "approve_ota_task", "current_version", "find_task",
           "get_ota_task_by_task_id", "list_ota_task", "ota_info"]

OTA_TYPES: Final = ("Fota", "ImageUpdate", "AppUpdate")


def current_version(group: Group, now: float) -> str:
    """The version the group runs: its newest finished update's, else the one it started with."""
    done = [t for t in group.ota_tasks if t.status(now) == "FINISHED"]
    return max(done, key=lambda t: (t.start_time or 0.0)).version if done else group.ota_version


def ota_info(group: Group, now: float) -> dict[str, Any]:
    """The group's ``OtaInfo``: its version, and the task waiting for approval, if any."""
    info: dict[str, Any] = {"OtaVersion": current_version(group, now)}
    waiting = [t for t in group.ota_tasks if t.status(now) == "STANDBY"]
    if waiting:
        info.update(NewOtaVersion=waiting[-1].version, TaskId=waiting[-1].task_id)
    return info


def find_task(state: AlibabaState, task_id: str) -> tuple[Group, OtaTask]:
    """The task and its group, or ``InvalidParameter.TaskId``."""
    for group in state.groups.values():
        for task in group.ota_tasks:
            if task.task_id == task_id:
                return group, task
    raise invalid("TaskId", f"there is no OTA task {task_id}")


@OPERATIONS("ListOtaTask")
def list_ota_task(call: AlibabaCall) -> Body:
    """ListOtaTask: a group's tasks of one type, newest first, page-numbered (1 to 100)."""
    p = call.params
    page = read_page(p, default_size=10, max_size=100, required=True)
    group = call.state.group(p.required("AppInstanceGroupId"))
    ota_type = p.choice("OtaType", OTA_TYPES, required=True)
    tasks = [t for t in reversed(group.ota_tasks) if t.ota_type == ota_type]
    return {"TotalCount": len(tasks), "PageNumber": page.number, "PageSize": page.size,
            "TaskList": [{"TaskId": t.task_id, "OtaVersion": t.version,
                          "TaskDisplayStatus": t.status(call.now),
                          **({"TaskStartTime": iso_time(t.start_time)}
                             if t.start_time is not None else {})}
                         for t in page_of(tasks, page)]}


@OPERATIONS("GetOtaTaskByTaskId")
def get_ota_task_by_task_id(call: AlibabaCall) -> Body:
    """GetOtaTaskByTaskId: a task's version, release note and start time."""
    _, task = find_task(call.state, call.params.required("TaskId"))
    body: Body = {"OtaVersion": task.version, "ReleaseNote": task.release_note}
    if task.start_time is not None:
        body["TaskStartTime"] = iso_time(task.start_time)
    return body


def _start_time(raw: str) -> float:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise invalid("StartTime", f"expected an ISO 8601 time, got {raw!r}") from None
    if moment.tzinfo is None:
        raise invalid("StartTime", "the time needs its offset (e.g. +08:00)")
    return moment.timestamp()


@OPERATIONS("ApproveOtaTask")
def approve_ota_task(call: AlibabaCall) -> Body:
    """ApproveOtaTask: set when a task runs (a past time: now). A running task keeps its
    time: ``OtaTask.Running`` in a 200 answer, as the API documents."""
    p = call.params
    group = call.state.group(p.required("AppInstanceGroupId"))
    region = p.required("BizRegionId")
    if region != group.region:
        raise invalid("BizRegionId", f"the delivery group {group.group_id} is in {group.region}")
    ota_type = p.choice("OtaType", OTA_TYPES, required=True)
    start = _start_time(p.required("StartTime"))
    owner, task = find_task(call.state, p.required("TaskId"))
    if owner is not group or task.ota_type != ota_type:
        raise invalid("TaskId", f"the delivery group {group.group_id} has no {ota_type} task "
                                f"{task.task_id}")
    status = task.status(call.now)
    if status == "RUNNING":
        raise BusinessFailure("OtaTask.Running", "The task is running and cannot be submitted.")
    if status == "FINISHED":
        raise invalid("TaskId", f"the OTA task {task.task_id} has finished")
    task.start_time = max(start, call.now)
    return {"Code": "success"}
