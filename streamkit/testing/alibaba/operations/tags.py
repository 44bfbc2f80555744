"""Tags on delivery groups: the TagCloudResources family."""

from __future__ import annotations

from typing import Any, Final

from streamkit.testing.alibaba.errors import ApiError, invalid, missing
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body, token_page
from streamkit.testing.alibaba.protocol import Params
from streamkit.testing.core.tokens import listing_id

__all__ = ["list_tag_cloud_resources", "tag_cloud_resources", "untag_cloud_resources"]

RESOURCE_TYPE: Final = "AppInstanceGroupId"
MAX_CUSTOM_TAGS: Final = 20
_SYSTEM_PREFIXES: Final = ("System/", "acs:", "aliyun")


def _resource_type(params: Params) -> str:
    value = params.required("ResourceType")
    if value != RESOURCE_TYPE:
        raise ApiError("InvalidResourceType.Invalid",
                       f"The resource type {value!r} is not supported; use {RESOURCE_TYPE}.")
    return value


def _check_key(key: str) -> None:
    if key.startswith(_SYSTEM_PREFIXES):
        raise ApiError("InvalidTag.SystemKeyNotAllow",
                       f"The tag key {key!r} is reserved for system tags.")


def _failed(resource_id: str, code: str, message: str,
            tags: list[dict[str, str]]) -> dict[str, Any]:
    return {"ResourceId": resource_id, "ResourceType": RESOURCE_TYPE, "Code": code,
            "Message": message, "Tags": tags}


def _resource_ids(params: Params) -> list[str]:
    ids = list(dict.fromkeys(params.strings("ResourceIds", max_items=50)))
    if not ids:
        raise missing("ResourceIds")
    return ids


@OPERATIONS("TagCloudResources")
def tag_cloud_resources(call: AlibabaCall) -> Body:
    """TagCloudResources: add or overwrite tags; per-group refusals go in FailedResources."""
    p = call.params
    _resource_type(p)
    tags = p.records("Tags")
    if not tags:
        raise missing("Tags")
    wanted: dict[str, str] = {}
    for index, tag in enumerate(tags, start=1):
        key, value = tag.get("Key", ""), tag.get("Value", "")
        if not 1 <= len(key) <= 128 or len(value) > 128:
            raise invalid(f"Tags.{index}", "keys hold 1 to 128 characters, values up to 128")
        _check_key(key)
        if key in wanted:
            raise ApiError("InvalidTag.Duplicated", f"The tag key {key!r} is given twice.")
        wanted[key] = value
    echo = [{"Key": k, "Value": v, "Scope": "Custom"} for k, v in wanted.items()]
    failed: list[dict[str, Any]] = []
    for resource_id in _resource_ids(p):
        group = call.state.groups.get(resource_id)
        if group is None:
            failed.append(_failed(resource_id, "InvalidAppInstanceGroup.NotFound",
                                  f"The delivery group {resource_id} does not exist.", echo))
            continue
        if len({**group.tags, **wanted}) > MAX_CUSTOM_TAGS:
            failed.append(_failed(resource_id, "ResourceTag.CustomTagCountExceed",
                                  f"A resource holds at most {MAX_CUSTOM_TAGS} custom tags.",
                                  echo))
            continue
        group.tags.update(wanted)
    return {"FailedResources": failed}


@OPERATIONS("UntagCloudResources")
def untag_cloud_resources(call: AlibabaCall) -> Body:
    """UntagCloudResources: remove tag keys; unknown groups go in FailedResources."""
    p = call.params
    _resource_type(p)
    keys = p.strings("TagKeys", max_items=10)
    if not keys:
        raise missing("TagKeys")
    for key in keys:
        _check_key(key)
    failed: list[dict[str, Any]] = []
    for resource_id in _resource_ids(p):
        group = call.state.groups.get(resource_id)
        if group is None:
            failed.append(_failed(resource_id, "InvalidAppInstanceGroup.NotFound",
                                  f"The delivery group {resource_id} does not exist.",
                                  [{"Key": k, "Scope": "Custom"} for k in keys]))
            continue
        for key in keys:
            group.tags.pop(key, None)
    return {"FailedResources": failed}


@OPERATIONS("ListTagCloudResources")
def list_tag_cloud_resources(call: AlibabaCall) -> Body:
    """ListTagCloudResources: tagged groups (all regions) with NextToken/MaxResults paging."""
    p = call.params
    _resource_type(p)
    ids = set(p.strings("ResourceIds", max_items=50))
    scope = p.choice("Scope", ("All", "Custom", "System"), default="All")
    groups = sorted((g for g in call.state.groups.values()
                     if g.tags and (not ids or g.group_id in ids) and scope != "System"),
                    key=lambda g: g.sequence)
    listing = listing_id("ListTagCloudResources", sorted(ids), scope)
    page = token_page(call, listing, len(groups), default_size=50, max_size=1000)
    body: Body = {
        "ResourceTags": [{
            "ResourceId": g.group_id,
            "ResourceType": RESOURCE_TYPE,
            "Tags": [{"Key": k, "Value": v, "Scope": "Custom"} for k, v in g.tags.items()],
        } for g in page.of(groups)],
        "TotalCount": len(groups),
    }
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return body
