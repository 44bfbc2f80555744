"""Tagging operations, by resource ARN."""

from __future__ import annotations

import re

from streamkit.testing.aws.errors import ApiError, validation
from streamkit.testing.aws.operations.call import OPERATIONS, Body, Context
from streamkit.testing.aws.protocol import Params, check_tag_key
from streamkit.testing.aws.resources import Fleet, Image, ImageBuilder, Stack

__all__ = ["MAX_TAGS"]

MAX_TAGS = 50
_ARN = re.compile(r"^arn:aws:appstream:([a-z0-9-]+):(\d*):(fleet|stack|image|image-builder)/(.+)$")
# The model's Arn pattern: anything else is malformed (ValidationException), not unknown.
_ARN_SHAPE = re.compile(r"^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]"
                        r"{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9]"
                        r"[A-Za-z0-9:_/+=,@.\\-]{0,1023}$")


def _resource(ctx: Context, params: Params) -> Stack | Fleet | Image | ImageBuilder:
    resource_arn = params.required("ResourceArn")
    if not _ARN_SHAPE.match(resource_arn):
        raise validation(f"Invalid resource ARN '{resource_arn}'.")
    match = _ARN.match(resource_arn)
    found: Stack | Fleet | Image | ImageBuilder | None = None
    if match:
        region = ctx.state.region(match.group(1))
        kind, name = match.group(3), match.group(4)
        if kind == "stack":
            found = region.stacks.get(name)
        elif kind == "fleet":
            found = region.fleets.get(name)
        elif kind == "image":
            found = region.images.get(name)
        else:
            found = region.builders.get(name)
    if found is None or found.arn != resource_arn:
        raise ApiError("ResourceNotFoundException",
                       f"The resource '{resource_arn}' does not exist.")
    return found


@OPERATIONS("TagResource")
def tag_resource(ctx: Context) -> Body:
    params = ctx.params
    resource = _resource(ctx, params)
    tags = params.tags(required=True) or {}
    merged = {**resource.tags, **tags}
    if len(merged) > MAX_TAGS:
        raise validation(f"A resource can have at most {MAX_TAGS} tags; this request would "
                         f"leave it with {len(merged)}.")
    resource.tags = merged
    return {}


@OPERATIONS("UntagResource")
def untag_resource(ctx: Context) -> Body:
    params = ctx.params
    resource = _resource(ctx, params)
    keys = params.strings("TagKeys", required=True, min_items=1, max_items=MAX_TAGS) or []
    for key in keys:
        check_tag_key(key)
    for key in keys:
        resource.tags.pop(key, None)
    return {}


@OPERATIONS("ListTagsForResource")
def list_tags_for_resource(ctx: Context) -> Body:
    params = ctx.params
    return {"Tags": dict(_resource(ctx, params).tags)}


