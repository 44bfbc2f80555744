"""Image builder operations."""

from __future__ import annotations

import secrets
from typing import Any

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.errors import (
    ApiError,
    concurrent,
    not_available,
    not_permitted,
    param_combination,
)
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_named,
    with_token,
)
from streamkit.testing.aws.operations.fleets import (
    ARN_PATTERN,
    INSTANCE_TYPE_PATTERN,
    STRUCT_MEMBERS,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import ImageBuilder, arn

__all__ = ["streaming_url"]

MAX_VALIDITY = 604800
# States a builder passes through on its own; a request arriving mid-way conflicts with it.
_TRANSITIONAL = ("PENDING", "UPDATING_AGENT", "STOPPING", "REBOOTING", "SNAPSHOTTING",
                 "DELETING", "UPDATING", "PENDING_QUALIFICATION", "PENDING_SYNCING_APPS",
                 "SYNCING_APPS", "PENDING_IMAGE_IMPORT")


def streaming_url(region: str) -> str:
    """A made-up AppStream sign-in URL; the token is random so every URL is unique."""
    return (f"https://appstream2.{region}.aws.amazon.com/authenticate?parameters="
            f"{secrets.token_urlsafe(48)}")


def _busy(builder: ImageBuilder) -> ApiError:
    return concurrent(f"The image builder '{builder.name}' is {builder.state}; try again "
                      "when the operation in progress completes.")


@OPERATIONS("CreateImageBuilder")
def create_image_builder(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    instance_type = params.required("InstanceType", pattern=INSTANCE_TYPE_PATTERN)
    settings: dict[str, Any] = {}
    for member, limit in (("Description", 256), ("DisplayName", 100)):
        value = params.text(member, min_len=0, max_len=limit)
        if value is not None:
            settings[member] = value
    agent = params.text("AppstreamAgentVersion", max_len=100)
    if agent is not None:
        settings["AppstreamAgentVersion"] = agent
    check_members(params.data, "CreateFleet", STRUCT_MEMBERS)  # the same shapes
    role = params.text("IamRoleArn", pattern=ARN_PATTERN)
    if role is not None:
        settings["IamRoleArn"] = role
    for member in ("EnableDefaultInternetAccess", "DisableIMDSV1"):
        flag = params.boolean(member)
        if flag is not None:
            settings[member] = flag
    for member in ("VpcConfig", "DomainJoinInfo", "RootVolumeConfig", "AgentAccessConfig"):
        struct = params.struct(member)
        if struct is not None:
            settings[member] = struct
    subnets = settings.get("VpcConfig", {}).get("SubnetIds")
    if subnets is not None and (not isinstance(subnets, list) or len(subnets) != 1):
        raise param_combination("An image builder takes exactly one subnet in VpcConfig.")
    endpoints = params.raw_list("AccessEndpoints")
    if endpoints is not None:
        if not 1 <= len(endpoints) <= 4:
            raise ApiError("ValidationException", "AccessEndpoints must have 1-4 entries.")
        settings["AccessEndpoints"] = endpoints
    params.strings("SoftwaresToInstall")
    params.strings("SoftwaresToUninstall")
    tags = params.tags() or {}
    if name in ctx.store.builders:
        raise ApiError("ResourceAlreadyExistsException",
                       f"The image builder '{name}' already exists.")
    image = ctx.source_image(required=True)
    assert image is not None
    builder = ImageBuilder(
        name=name, arn=arn(ctx.region, "image-builder", name), created=ctx.now,
        instance_type=instance_type, image_name=image.name, image_arn=image.arn,
        platform=image.platform, settings={"EnableDefaultInternetAccess": False, **settings},
        tags=tags, eni_suffix=ctx.state.next_seq(),
    )
    ctx.store.builders.add(name, (builder.created, name), builder)
    lifecycle.create_builder(ctx.state, ctx.store, builder)
    return {"ImageBuilder": builder.render()}


@OPERATIONS("DescribeImageBuilders")
def describe_image_builders(ctx: Context) -> Body:
    page, token = page_named(ctx, ctx.store.builders, ctx.builder,
                             ctx.params.integer("MaxResults", minimum=0),
                             ctx.state.page_sizes.image_builders)
    return with_token({"ImageBuilders": [b.render() for b in page]}, token)


@OPERATIONS("StartImageBuilder")
def start_image_builder(ctx: Context) -> Body:
    params = ctx.params
    builder = ctx.builder(params.required("Name"))
    agent = params.text("AppstreamAgentVersion", max_len=100)
    if builder.state in _TRANSITIONAL:
        raise _busy(builder)
    if builder.state != "STOPPED":
        raise not_available(f"The image builder '{builder.name}' is {builder.state}; only a "
                            "STOPPED image builder can be started.")
    if agent is not None:
        builder.settings["AppstreamAgentVersion"] = agent
    lifecycle.start_builder(ctx.state, ctx.store, builder)
    return {"ImageBuilder": builder.render()}


@OPERATIONS("StopImageBuilder")
def stop_image_builder(ctx: Context) -> Body:
    params = ctx.params
    builder = ctx.builder(params.required("Name"))
    if builder.state in _TRANSITIONAL:
        raise _busy(builder)
    if builder.state != "RUNNING":
        # The model lists OperationNotPermittedException (not ResourceNotAvailable) here.
        raise not_permitted(f"The image builder '{builder.name}' is {builder.state}; only a "
                            "RUNNING image builder can be stopped.")
    lifecycle.stop_builder(ctx.state, ctx.store, builder)
    return {"ImageBuilder": builder.render()}


@OPERATIONS("DeleteImageBuilder")
def delete_image_builder(ctx: Context) -> Body:
    params = ctx.params
    builder = ctx.builder(params.name())
    if builder.state not in ("RUNNING", "STOPPED", "FAILED"):
        raise _busy(builder)
    lifecycle.delete_builder(ctx.state, ctx.store, builder)
    return {"ImageBuilder": builder.render()}


@OPERATIONS("CreateImageBuilderStreamingURL")
def create_image_builder_streaming_url(ctx: Context) -> Body:
    params = ctx.params
    builder = ctx.builder(params.required("Name"))
    validity = params.integer("Validity", minimum=1, maximum=MAX_VALIDITY) or 3600
    if builder.state != "RUNNING":
        raise not_permitted(f"The image builder '{builder.name}' is {builder.state}; "
                            "streaming URLs need a RUNNING image builder.")
    return {"StreamingURL": streaming_url(ctx.region), "Expires": ctx.now + validity}


