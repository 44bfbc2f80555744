"""Image export tasks: CreateExportImageTask, GetExportImageTask and ListExportImageTasks.

Exporting copies a private AVAILABLE image to an EC2 AMI in the same account: the task is
EXPORTING, then COMPLETED with the AMI's id after ``image_copy`` seconds. A public image or
an unknown one is ResourceNotFoundException; an image that is not AVAILABLE is
ResourceNotAvailableException.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from streamkit.testing.aws.errors import not_available, not_found, validation
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    with_token,
)
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

MAX_PAGE = 500
_AMI_NAME = r"^[a-zA-Z0-9().\-/_]{3,128}$"
_ROLE_ARN = r"^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:iam::\d{12}:role/.+$"
_TASK_ID = re.compile(r"^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")
#: ListExportImageTasks' filters: name -> the task's member it matches
FILTERS = {"TaskId": "TaskId", "State": "State", "AmiName": "AmiName", "ImageArn": "ImageArn"}


@OPERATIONS("CreateExportImageTask")
def create_export_image_task(ctx: Context) -> Body:
    params = ctx.params
    image = ctx.image(params.name("ImageName"))
    ami_name = params.required("AmiName", pattern=_AMI_NAME)
    params.required("IamRoleArn", pattern=_ROLE_ARN)
    description = params.text("AmiDescription", min_len=0, max_len=256)
    tags = params.tags("TagSpecifications")
    if image.visibility == "PUBLIC":
        raise not_found("image", image.name)  # only your own images can be exported
    if image.state != "AVAILABLE":
        raise not_available(f"The image '{image.name}' is {image.state}; only AVAILABLE "
                            "images can be exported.")
    task: dict[str, Any] = {"TaskId": str(uuid.uuid4()), "ImageArn": image.arn,
                            "AmiName": ami_name, "CreatedDate": ctx.now, "State": "EXPORTING"}
    if description is not None:
        task["AmiDescription"] = description
    if tags:
        task["TagSpecifications"] = tags
    ctx.store.export_tasks.add(task["TaskId"], (ctx.now, task["TaskId"]), task)

    def done(_due: float) -> None:
        task["State"] = "COMPLETED"
        task["AmiId"] = "ami-" + task["TaskId"].replace("-", "")[:17]

    ctx.state.after(ctx.state.timings.image_copy, done)
    return {"ExportImageTask": dict(task)}


@OPERATIONS("GetExportImageTask")
def get_export_image_task(ctx: Context) -> Body:
    task_id = ctx.params.text("TaskId")
    if task_id is None:  # the model has it optional; the service needs it
        raise validation("TaskId is required.")
    if not _TASK_ID.match(task_id):
        raise validation(f"The task id '{task_id}' is not valid.")
    task = ctx.store.export_tasks.get(task_id)
    if task is None:
        raise not_found("export image task", task_id)
    return {"ExportImageTask": dict(task)}


@OPERATIONS("ListExportImageTasks")
def list_export_image_tasks(ctx: Context) -> Body:
    params = ctx.params
    limit = params.integer("MaxResults", minimum=0, maximum=MAX_PAGE)
    wanted: list[tuple[str, list[str]]] = []
    for item in params.raw_list("Filters") or []:
        if not isinstance(item, dict) or item.get("Name") not in FILTERS:
            raise validation(f"Filter names must be among {', '.join(FILTERS)}.")
        values = item.get("Values")
        wanted.append((FILTERS[item["Name"]], [str(v) for v in values or []]))

    def keep(task: dict[str, Any]) -> bool:
        return all(task.get(member) in values for member, values in wanted)

    listing = listing_id("ListExportImageTasks", sorted(wanted))
    page, token = page_index(ctx, ctx.store.export_tasks, listing, limit, MAX_PAGE, keep)
    return with_token({"ExportImageTasks": [dict(t) for t in page]}, token)
