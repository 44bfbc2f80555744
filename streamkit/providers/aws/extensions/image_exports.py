"""``cloud.aws.image_exports``: image export tasks, which copy a private AppStream image to an
EC2 AMI in the same account (EXPORTING, then COMPLETED with the AMI's id)."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider, ResourceError
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import answer_in, check_arn
from streamkit.retry import CallKind
from streamkit.validation import (
    check_name,
    check_optional_str,
    check_str,
    check_tags,
    check_timeout,
)
from streamkit.waiting import Observation, PollSchedule, WaitSpec

__all__ = ["EXPORT_COMPLETED", "OPERATIONS", "ExportState", "ImageExport", "ImageExports"]

AREA = "aws.image_exports"
MAX_PAGE = 500
AMI_NAME_RE = re.compile(r"[a-zA-Z0-9().\-/_]{3,128}")
TASK_ID_RE = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}")


class ExportState(str, enum.Enum):
    """An export task's state."""

    EXPORTING = "EXPORTING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class ImageExport:
    """One image export task.

    Args:
        task_id: The task's id (a UUID).
        region: The region it runs in.
        image_arn: The AppStream image being exported.
        ami_name: The name of the AMI it makes.
        state: See :class:`ExportState`.
        raw_state: The state as AppStream sent it.
        ami_id: The AMI's id, once COMPLETED.
        ami_description: The AMI's description, if given.
        created_at: When the task started.
        tags: The tags the AMI gets.
        errors: Why it FAILED.
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    task_id: str
    region: str
    image_arn: str
    ami_name: str
    state: ExportState
    raw_state: str = ""
    ami_id: str | None = None
    ami_description: str | None = None
    created_at: datetime | None = None
    tags: Mapping[str, str] = attrs.field(factory=dict)
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS


def _export(d: Mapping[str, Any], region: str) -> ImageExport:
    raw_state = t.read_state(d.get("State"))
    tags = t.read_dict(d.get("TagSpecifications"))
    return ImageExport(
        task_id=t.read_str(d, "TaskId") or "", region=region,
        image_arn=t.read_str(d, "ImageArn") or "", ami_name=t.read_str(d, "AmiName") or "",
        state=ExportState.__members__.get(raw_state, ExportState.UNKNOWN), raw_state=raw_state,
        ami_id=t.read_str(d, "AmiId"), ami_description=t.read_str(d, "AmiDescription"),
        created_at=t.read_time(d, "CreatedDate"),
        tags={str(k): str(v) for k, v in tags.items()},
        errors=t.read_errors(d, "ErrorDetails"), raw=t.raw_view(d))


def _create(image_id: str, ami_name: str, role_arn: str, description: str | None,
            tags: Mapping[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {"ImageName": image_id, "AmiName": ami_name,
                              "IamRoleArn": role_arn}
    if description is not None:
        params["AmiDescription"] = description
    if tags:
        params["TagSpecifications"] = dict(tags)
    return params


def _task(task_id: str) -> dict[str, Any]:
    return {"TaskId": task_id}


OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="CreateExportImageTask", request=_create, kind=CallKind.CREATE,
              answer=answer_in("ExportImageTask", _export),
              used_by=("aws.image_exports.create",)),
    Operation(name="GetExportImageTask", request=_task,
              answer=answer_in("ExportImageTask", _export),
              used_by=("aws.image_exports.get", "aws.image_exports.wait")),
    Operation(name="ListExportImageTasks", answer=_export,
              paginator=TokenPaginator(result_key="ExportImageTasks", limit_key="MaxResults",
                                       max_page=MAX_PAGE),
              used_by=("aws.image_exports.list",)),
)}

#: until an export task is COMPLETED (FAILED or TIMED_OUT: WaiterFailed)
EXPORT_COMPLETED = WaitSpec(
    name="image export completed", success=frozenset({ExportState.COMPLETED}),
    failure=frozenset({ExportState.FAILED, ExportState.TIMED_OUT}), timeout=3600.0,
    schedule=PollSchedule(initial=30.0, cap=60.0), resource=AREA, id_name="task_id")


def _task_id(value: object) -> str:
    text = check_str("task_id", value, max_len=36)
    if not TASK_ID_RE.fullmatch(text):
        raise ValidationError("task_id", "must be an export task id (a lowercase UUID)", value)
    return text


def _ami_name(value: object) -> str:
    text = check_str("ami_name", value, max_len=128)
    if not AMI_NAME_RE.fullmatch(text):
        raise ValidationError("ami_name", "must be 3-128 letters, digits or '().-/_'", value)
    return text


class ImageExports(Area):
    """Image export tasks of the client's region (``cloud.aws.image_exports``)."""

    def _all(self) -> Listing[ImageExport]:
        return self._listing(AREA, self._context.calls.pages(OPERATIONS["ListExportImageTasks"]),
                             max_page_size=MAX_PAGE)

    def create(self, image_id: str, ami_name: str, *, iam_role_arn: str,
               description: str | None = None,
               tags: Mapping[str, str] | None = None) -> ImageExport:
        """Start copying a private AVAILABLE image to an EC2 AMI called ``ami_name``, with
        the role AppStream writes the AMI with; follow with :meth:`wait`."""
        export: ImageExport = self._context.calls.run(
            OPERATIONS["CreateExportImageTask"], check_name("image_id", image_id),
            _ami_name(ami_name), check_arn("iam_role_arn", iam_role_arn),
            check_optional_str("description", description, max_len=256),
            check_tags("tags", tags or {}))
        return export

    def get(self, task_id: str) -> ImageExport:
        """One export task, or :class:`~streamkit.NotFound`."""
        export: ImageExport = self._context.calls.run(OPERATIONS["GetExportImageTask"],
                                                      _task_id(task_id))
        return export

    def list(self) -> Iterator[ImageExport]:
        """Every export task, fetched lazily page by page."""
        return iter(self._all())

    def list_page(self, page_size: int | None = None,
                  cursor: str | None = None) -> Page[ImageExport]:
        """One page of export tasks (``page_size`` 1-500); pass ``next_cursor`` back."""
        return self._all().page(page_size, cursor)

    def wait(self, task_id: str, *, timeout: float | None = None,
             on_progress: Callable[[Observation[Any]], None] | None = None) -> ImageExport:
        """Poll until the task is COMPLETED (default timeout 1 h); FAILED or TIMED_OUT
        raise :class:`~streamkit.WaiterFailed` with the task's errors."""
        if timeout is not None:
            check_timeout("timeout", timeout)
        export: ImageExport = self._context.wait(EXPORT_COMPLETED, _task_id(task_id), timeout,
                                                 on_progress, 0.0)
        return export

    def __repr__(self) -> str:
        return "streamkit.aws.ImageExports()"
