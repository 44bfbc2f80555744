"""``cloud.alibaba.ota``: over-the-air updates of a delivery group's Workspace components
(ListOtaTask, GetOtaTaskByTaskId, ApproveOtaTask). The cloud offers a task; it runs once
approved with a start time."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import ExtensionContext
from streamkit.models import Page
from streamkit.operations import Operation, raw_answer
from streamkit.paging import Listing, PageNumberPaginator
from streamkit.providers.alibaba.translate import check_group_id, nothing, parse_time
from streamkit.retry import CallKind
from streamkit.validation import check_id

__all__ = ["OPERATIONS", "Ota", "OtaTask", "OtaTaskState", "OtaType"]

MAX_PAGE = 100


class OtaType(str, enum.Enum):
    """What an update changes (``OtaType``)."""

    FOTA = "Fota"  # the Workspace system components
    IMAGE_UPDATE = "ImageUpdate"
    APP_UPDATE = "AppUpdate"


class OtaTaskState(str, enum.Enum):
    """An update task's state (``TaskDisplayStatus``)."""

    STANDBY = "STANDBY"  # offered, waiting for approval or its start time
    RUNNING = "RUNNING"
    FINISHED = "FINISHED"
    PART_FINISHED = "PART_FINISHED"
    FAILED = "FAILED"
    TERMINATED = "TERMINATED"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class OtaTask:
    """An update offered to a delivery group.

    Args:
        id: The task id (``ota-...``).
        version: The version it installs.
        state: Its state (None from ``get``, which the cloud answers without one);
            ``raw_state`` keeps the cloud's string.
        start_time: When it runs (or ran), once approved.
        group_id: The delivery group (from ``list``).
        release_note: What the version brings (from ``get``).
    """

    id: str
    version: str | None = None
    state: OtaTaskState | None = None
    raw_state: str | None = None
    start_time: datetime | None = None
    group_id: str | None = None
    release_note: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def _text(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


def task_item(d: Any, _region: str) -> OtaTask:
    """One entry of ListOtaTask's TaskList."""
    raw_state = _text(d, "TaskDisplayStatus")
    state = next((s for s in OtaTaskState if s.value == raw_state), OtaTaskState.UNKNOWN)
    return OtaTask(id=str(d["TaskId"]), version=_text(d, "OtaVersion"), state=state,
                   raw_state=raw_state, start_time=parse_time(d.get("TaskStartTime")), raw=d)


def list_request(group_id: str, ota_type: str) -> dict[str, Any]:
    return {"AppInstanceGroupId": group_id, "OtaType": ota_type}


def get_request(task_id: str) -> dict[str, Any]:
    return {"TaskId": task_id}


def approve_request(region: str, group_id: str, task_id: str, ota_type: str,
                    start_time: str) -> dict[str, Any]:
    return {"BizRegionId": region, "AppInstanceGroupId": group_id, "TaskId": task_id,
            "OtaType": ota_type, "StartTime": start_time}


def task_detail(task_id: str, body: Mapping[str, Any]) -> OtaTask:
    """GetOtaTaskByTaskId's answer (which does not repeat the id) as the task."""
    return OtaTask(id=task_id, version=_text(body, "OtaVersion"),
                   start_time=parse_time(body.get("TaskStartTime")),
                   release_note=_text(body, "ReleaseNote"), raw=body)


_LIST: Operation[OtaTask] = Operation(
    name="ListOtaTask", request=list_request, answer=task_item,
    paginator=PageNumberPaginator(result_key="TaskList", max_page=MAX_PAGE, id_key="TaskId"),
    used_by=("alibaba.ota.list",))
_GET: Operation[Mapping[str, Any]] = Operation(
    name="GetOtaTaskByTaskId", request=get_request, answer=raw_answer,
    used_by=("alibaba.ota.get",))
# setting a task's start time again to the same time changes nothing more
_APPROVE: Operation[None] = Operation(
    name="ApproveOtaTask", request=approve_request, answer=nothing, kind=CallKind.WRITE,
    used_by=("alibaba.ota.approve",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (_LIST, _GET, _APPROVE)}


def _ota_type(value: object) -> str:
    try:
        return OtaType(value).value
    except ValueError:
        raise ValidationError("ota_type", "must be one of "
                              f"{', '.join(t.value for t in OtaType)}", value) from None


class Ota:
    """Over-the-air updates offered to delivery groups."""

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls

    def _listing(self, group_id: str, ota_type: OtaType | str) -> Listing[OtaTask]:
        check_group_id("group_id", group_id)
        kind = _ota_type(ota_type)
        fetch = self._calls.pages(_LIST, group_id, kind)

        def of_group(token: Any, page_size: int | None) -> tuple[Sequence[OtaTask], Any]:
            items, following = fetch(token, page_size)
            return [attrs.evolve(t, group_id=group_id) for t in items], following

        key = f"alibaba/{self._calls.region}/ota/{group_id}/{kind}"
        return Listing(key=key, fetch=of_group, max_page_size=MAX_PAGE)

    def list(self, group_id: str, ota_type: OtaType | str = OtaType.FOTA) -> Iterator[OtaTask]:
        """The group's update tasks of one type, newest first, fetched page by page."""
        return iter(self._listing(group_id, ota_type))

    def list_page(self, group_id: str, ota_type: OtaType | str = OtaType.FOTA,
                  page_size: int | None = None, cursor: str | None = None) -> Page[OtaTask]:
        """One page of the group's update tasks; pass ``next_cursor`` back for the next."""
        return self._listing(group_id, ota_type).page(page_size, cursor)

    def get(self, task_id: str) -> OtaTask:
        """One task: its version, release note and start time (the cloud gives no state)."""
        check_id("task_id", task_id)
        return task_detail(task_id, self._calls.run(_GET, task_id))

    def approve(self, group_id: str, task_id: str, start_time: datetime,
                ota_type: OtaType | str = OtaType.FOTA) -> None:
        """Let the task run at ``start_time`` (timezone-aware; a past time runs it now).
        A task already running is refused by the cloud (``OtaTask.Running``)."""
        check_group_id("group_id", group_id)
        check_id("task_id", task_id)
        if not isinstance(start_time, datetime) or start_time.utcoffset() is None:
            raise ValidationError("start_time", "must be a timezone-aware datetime",
                                  start_time)
        when = start_time.astimezone(timezone.utc).isoformat(timespec="seconds")
        self._calls.run(_APPROVE, self._calls.region, group_id, task_id, _ota_type(ota_type),
                        when)

    def __repr__(self) -> str:
        return "streamkit.alibaba.Ota()"
