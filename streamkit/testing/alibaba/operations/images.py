"""App-center images: list, delete, copy to regions, capture from a debug group (image builder)."""

from __future__ import annotations

import secrets
from typing import Any, Final

from streamkit.testing.alibaba.catalog import REGIONS
from streamkit.testing.alibaba.errors import ApiError, BusinessFailure, invalid, wrong_group_status
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.state import (
    Group,
    GroupStatus,
    Image,
    ImageDistribution,
    iso_time,
    new_id,
)
from streamkit.testing.alibaba.workstations import WorkstationStatus, wrong_status

__all__ = [
    "create_image_by_instance",
    "create_image_from_app_instance_group",
    "delete_image",
    "get_debug_app_instance",
    "image_model",
    "list_image",
    "start_task_for_distribute_image",
]

DEBUG_APP_ID: Final = "__DEBUG_APP"
DEBUG_USER_ID: Final = "__debug__"


def _progress(distribution: ImageDistribution, now: float) -> str:
    if distribution.status == "AVAILABLE":
        return "100%"
    span = max(distribution.due - distribution.started, 1e-9)
    return f"{min(99, int((now - distribution.started) / span * 100))}%"


def image_model(image: Image, now: float) -> dict[str, Any]:
    """The image as ListImage shows it in ``Data[]``."""
    model: dict[str, Any] = {
        "ImageId": image.image_id,
        "ImageName": image.name,
        "ImageType": image.image_type,
        "Status": image.status,
        "OsType": image.os_type,
        "PlatformName": image.platform_name,
        "ProductType": "CloudApp",
        "PackageType": "Ecs",
        "ProtocolType": "ASP",
        "SessionType": "MULTIPLE_SESSION",
        "Language": "en-US",
        "Description": image.description,
        "GmtCreate": iso_time(image.created),
        "GmtModified": iso_time(image.modified or image.created),
        "VersionId": image.version_id,
        "LatestVersionId": image.version_id,
        "OnlineVersionId": image.version_id,
        "ImageRegionList": list(image.regions),
        "ImageRegionDistributeList": [
            {"RegionId": d.region, "Status": d.status, "Progress": _progress(d, now),
             "ImageId": image.image_id, "VersionId": image.version_id}
            for d in image.distributions
        ],
        "AppList": [{"AppId": app_id, "AppName": name} for app_id, name in image.apps],
        "SystemDiskSize": 60,
        "DataDiskSize": 0,
        "TagList": [],
        "FeatureList": [],
    }
    if image.base_image_id:
        model["BaseImageId"] = image.base_image_id
        model["ParentImageId"] = image.base_image_id
    if image.create_mode:
        model["ImageCreateMode"] = image.create_mode
    return model


@OPERATIONS("ListImage")
def list_image(call: AlibabaCall) -> Body:
    """ListImage: every non-deleted image, filtered, oldest first; out ``Count``."""
    p = call.params
    page = read_page(p, default_size=10, max_size=100)
    image_id = p.text("ImageId")
    name = (p.text("ImageName") or "").lower()
    status = p.text("Status")
    image_type = p.text("ImageType")
    product_types = {t for t in [p.text("ProductType"), *p.strings("ProductTypeList")] if t}
    os_type = p.text("OsType")
    platforms = {t for t in [p.text("PlatformName"), *p.strings("PlatformNameList")] if t}
    regions = set(p.strings("BizRegionIdList"))

    def wanted(image: Image) -> bool:
        return ((not image_id or image.image_id == image_id)
                and (not name or name in image.name.lower())
                and (not status or image.status == status)
                and (not image_type or image.image_type == image_type)
                and (not product_types or "CloudApp" in product_types)
                and (not os_type or image.os_type == os_type)
                and (not platforms or image.platform_name in platforms)
                and (not regions or bool(regions.intersection(image.regions))))

    found = sorted((i for i in call.state.images.values() if wanted(i)), key=lambda i: i.sequence)
    return {
        "Data": [image_model(i, call.now) for i in page_of(found, page)],
        "Count": len(found),
        "PageNumber": page.number,
        "PageSize": page.size,
        "Success": True,
    }


@OPERATIONS("DeleteImage")
def delete_image(call: AlibabaCall) -> Body:
    """DeleteImage: refusals (unknown, System, in use) are 200 ``Success:false``, ``Code:"400"``."""
    image_id = call.params.required("ImageId")
    image = call.state.images.get(image_id)
    refused = {"Data": False}
    if image is None:
        raise BusinessFailure("400", f"The image {image_id} does not exist.", refused)
    if image.image_type == "System":
        raise BusinessFailure("400", f"The image {image_id} is a system image and cannot be "
                                     "deleted.", refused)
    users = call.state.groups_using_image(image_id)
    if users:
        raise BusinessFailure("400", f"The image {image_id} is in use by delivery group(s) "
                                     f"{', '.join(g.group_id for g in users)}.", refused)
    del call.state.images[image_id]
    return {"Data": True, "Success": True}


@OPERATIONS("StartTaskForDistributeImage")
def start_task_for_distribute_image(call: AlibabaCall) -> Body:
    """StartTaskForDistributeImage: copy an image to regions; each copy ends AVAILABLE."""
    p = call.params
    p.product_type(required=False)
    image_id = p.required("ImageId")
    destinations = list(dict.fromkeys(p.strings("DestinationRegionList")))
    if not destinations:
        raise ApiError("MissingDestinationRegionList",
                       "The input parameter DestinationRegionList that is mandatory for "
                       "processing this request is not supplied.")
    for region in destinations:
        if region not in REGIONS:
            raise invalid("DestinationRegionList", f"region {region!r} is not supported")
    image = call.state.images.get(image_id)
    if image is None:
        raise BusinessFailure("InvalidImageId.NotFound", f"The image {image_id} does not exist.")
    if image.status != "AVAILABLE":
        raise BusinessFailure("IncorrectImageStatus",
                              f"The image {image_id} is {image.status}; only AVAILABLE images "
                              "can be distributed.")
    source = p.text("SourceRegion")
    if source and source not in image.regions:
        raise BusinessFailure("InvalidParameter.SourceRegion",
                              f"The image {image_id} is not available in {source}.")
    task_id = new_id("dt")
    due = call.now + call.state.timings.image_distribute
    for region in destinations:
        busy = any(d.region == region and d.status == "CREATING" for d in image.distributions)
        if region in image.regions or busy:
            continue  # already there or on its way
        call.state.distribute(image, ImageDistribution(region=region, task_id=task_id,
                                                     started=call.now, due=due))
    image.modified = call.now
    call.state.catch_up()
    return {"Data": task_id, "Success": True}


def _debug_group(call: AlibabaCall, action: str) -> Group:
    group = call.state.group(call.params.required("AppInstanceGroupId"))
    if not group.debug_mode:
        raise ApiError("InvalidAppInstanceGroup.DebugModeOff",
                       f"The delivery group {group.group_id} is not in debug mode "
                       f"(RuntimePolicy.DebugMode=ON); {action} needs a debug group.")
    if group.status != GroupStatus.PUBLISHED:
        raise wrong_group_status(group.group_id, group.status, action)
    return group


@OPERATIONS("CreateImageFromAppInstanceGroup")
def create_image_from_app_instance_group(call: AlibabaCall) -> Body:
    """CreateImageFromAppInstanceGroup: capture a debug group into a new User image."""
    p = call.params
    p.product_type()
    name = p.required("AppCenterImageName")
    group = _debug_group(call, "CreateImageFromAppInstanceGroup")
    source = call.state.images.get(group.image_id)
    image = Image(
        image_id=new_id("img"), name=name, image_type="User", status="CREATING",
        created=call.now, modified=call.now, sequence=call.state.next_sequence(),
        os_type=source.os_type if source else "Windows",
        platform_name=source.platform_name if source else "Windows Server 2019",
        description=f"Captured from delivery group {group.group_id}",
        apps=list(source.apps) if source else [], regions=[group.region],
        base_image_id=group.image_id, create_mode="BUILDER_MANUAL",
        ready_at=call.now + call.state.timings.image_create,
    )
    call.state.add_image(image)
    call.state.catch_up()
    return {"ImageId": image.image_id}


#: CreateImageByInstance's InstanceType values (cloud desktops are not simulated)
INSTANCE_TYPES: Final = ("CloudDesktop", "WuyingServer")
#: workstation statuses an image can be captured in (the SDK advises stopping it first)
_CAPTURABLE: Final = frozenset({WorkstationStatus.RUNNING, WorkstationStatus.STOPPED})


@OPERATIONS("CreateImageByInstance")
def create_image_by_instance(call: AlibabaCall) -> Body:
    """CreateImageByInstance: capture a workstation into a new User image, CREATING for
    ``image_create`` seconds; the answer's ``Data`` names it and its task."""
    p = call.params
    instance_type = p.choice("InstanceType", INSTANCE_TYPES, default="WuyingServer")
    instance_id = p.required("InstanceId")
    name = p.required("ImageName")
    p.choice("DiskType", ("SYSTEM", "ALL"))
    if instance_type != "WuyingServer":
        raise ApiError("InvalidInstanceId.NotFound",
                       f"The cloud desktop {instance_id} does not exist.")
    server = call.state.workstations.get(instance_id)
    if server.status not in _CAPTURABLE:
        raise wrong_status(server, "CreateImageByInstance")
    source = call.state.images.get(server.image_id)
    image = Image(
        image_id=new_id("img"), name=name, image_type="User", status="CREATING",
        created=call.now, modified=call.now, sequence=call.state.next_sequence(),
        os_type=server.os_type,
        platform_name=source.platform_name if source else "Windows Server 2019",
        description=p.text("Description") or f"Captured from workstation {instance_id}",
        apps=list(source.apps) if source else [], regions=[server.region],
        base_image_id=server.image_id, create_mode="BY_INSTANCE_ID",
        ready_at=call.now + call.state.timings.image_create,
    )
    call.state.add_image(image)
    call.state.catch_up()
    return {"Data": {"ImageId": image.image_id, "TaskId": new_id("task"),
                     "VersionId": image.version_id}, "Success": True}


@OPERATIONS("GetDebugAppInstance")
def get_debug_app_instance(call: AlibabaCall) -> Body:
    """GetDebugAppInstance: the debug session of a debug group, with a fresh AuthCode."""
    call.params.product_type()
    group = _debug_group(call, "GetDebugAppInstance")
    if group.debug_instance_id is None:
        group.debug_instance_id = new_id("ai")
    return {
        "AppId": DEBUG_APP_ID,
        "AppInstanceGroupId": group.group_id,
        "AppInstanceId": group.debug_instance_id,
        "AppVersion": "1.0",
        "UserId": DEBUG_USER_ID,
        "AuthCode": secrets.token_urlsafe(24),
    }
