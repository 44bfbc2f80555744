"""App block builders: their lifecycle on the emulator clock, their app block, their URL."""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.elastic import AppBlockBuilder
from streamkit.testing.aws.errors import (
    ApiError,
    concurrent,
    in_use,
    not_available,
    not_found,
    not_permitted,
    param_combination,
)
from streamkit.testing.aws.operations.app_blocks import by_arn
from streamkit.testing.aws.operations.builders import MAX_VALIDITY, streaming_url
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import arn
from streamkit.testing.aws.state import AwsState, RegionState
from streamkit.testing.core.tokens import listing_id

__all__ = ["INSTANCE_TYPES"]

#: the instance types CreateAppBlockBuilder documents
INSTANCE_TYPES = tuple(f"stream.standard.{size}"
                       for size in ("small", "medium", "large", "xlarge", "2xlarge"))
_PLATFORM = "WINDOWS_SERVER_2019"  # "the only valid value"
_MIN_SUBNETS = 2
_MEMBERS = ("Description", "DisplayName", "Platform", "InstanceType", "VpcConfig",
            "EnableDefaultInternetAccess", "IamRoleArn", "AccessEndpoints", "DisableIMDSV1")
_DELETABLE = {"IAM_ROLE_ARN": "IamRoleArn", "ACCESS_ENDPOINTS": "AccessEndpoints"}
_GROUPS = "VPC_CONFIGURATION_SECURITY_GROUP_IDS"
# what UpdateAppBlockBuilder may change on a RUNNING builder (the API reference)
_RUNNING_UPDATES = frozenset({"Name", "DisplayName", "Description"})


def _builder(ctx: Context, name: str) -> AppBlockBuilder:
    found = ctx.store.app_block_builders.get(name)
    if found is None:
        raise not_found("app block builder", name)
    return found


def _transition(cloud: AwsState, region: RegionState, builder: AppBlockBuilder, now: str,
                delay: float, then: str) -> None:
    """``now`` at once, ``then`` after ``delay`` unless another transition came first."""
    builder.state = now
    builder.generation += 1
    generation = builder.generation

    def finish(_due: float) -> None:
        if (builder.generation == generation
                and region.app_block_builders.get(builder.name) is builder):
            builder.state = then

    cloud.after(delay, finish)


def _checked_members(ctx: Context) -> dict[str, Any]:
    """The members of a create or update, checked against the model and the reference."""
    params = ctx.params
    check_members(params.data, ctx.operation, (*_MEMBERS, "Tags", "AttributesToDelete"))
    platform = params.text("Platform")
    if platform is not None and platform != _PLATFORM:
        raise param_combination(f"App block builders run {_PLATFORM} only.")
    instance_type = params.text("InstanceType")
    if instance_type is not None and instance_type not in INSTANCE_TYPES:
        raise param_combination(f"App block builders take {', '.join(INSTANCE_TYPES)}.")
    subnets = (params.struct("VpcConfig") or {}).get("SubnetIds")
    if subnets is not None and len(subnets) < _MIN_SUBNETS:
        raise param_combination("App block builders require at least two subnets in "
                                "different availability zones.")
    return {m: params.raw(m) for m in _MEMBERS if params.raw(m) is not None}


@OPERATIONS("CreateAppBlockBuilder")
def create_app_block_builder(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    for member in ("Platform", "InstanceType", "VpcConfig"):
        if params.raw(member) is None:
            raise params.missing(member)
    members = _checked_members(ctx)
    if (params.struct("VpcConfig") or {}).get("SubnetIds") is None:
        raise param_combination("App block builders require at least two subnets in "
                                "different availability zones.")
    tags = params.tags() or {}
    if name in ctx.store.app_block_builders:
        raise ApiError("ResourceAlreadyExistsException", f"The app block builder '{name}' "
                       "already exists.")
    builder = AppBlockBuilder(name=name, arn=arn(ctx.region, "app-block-builder", name),
                              created=ctx.now,
                              members={"EnableDefaultInternetAccess": False, **members},
                              tags=tags)
    ctx.store.app_block_builders.add(name, (builder.created, name), builder)
    return {"AppBlockBuilder": builder.render()}


@OPERATIONS("DescribeAppBlockBuilders")
def describe_app_block_builders(ctx: Context) -> Body:
    params = ctx.params
    limit = params.integer("MaxResults", minimum=0)
    names = params.strings("Names")
    default = ctx.state.page_sizes.image_builders
    if names:
        wanted = [_builder(ctx, n) for n in dict.fromkeys(names)]
        page, token = page_list(ctx, wanted, listing_id(ctx.operation, names), limit, default)
    else:
        page, token = page_index(ctx, ctx.store.app_block_builders,
                                 listing_id(ctx.operation), limit, default)
    return with_token({"AppBlockBuilders": [b.render() for b in page]}, token)


@OPERATIONS("UpdateAppBlockBuilder")
def update_app_block_builder(ctx: Context) -> Body:
    params = ctx.params
    builder = _builder(ctx, params.name())
    members = _checked_members(ctx)
    deletes = params.strings("AttributesToDelete") or []
    if builder.state in ("STARTING", "STOPPING"):
        raise concurrent(f"The app block builder '{builder.name}' is {builder.state}; update "
                         "it once it is RUNNING or STOPPED.")
    blocked = sorted(m for m, v in params.data.items()
                     if v is not None and m not in _RUNNING_UPDATES)
    if builder.state == "RUNNING" and blocked:
        raise param_combination(f"{', '.join(blocked)} can only be changed while the app "
                                "block builder is STOPPED; a RUNNING one takes DisplayName "
                                "and Description.")
    vpc = members.pop("VpcConfig", None)
    builder.members.update(members)
    if vpc is not None:
        builder.members["VpcConfig"] = {**builder.members.get("VpcConfig", {}), **vpc}
    for attribute in deletes:
        if attribute == _GROUPS:
            builder.members.get("VpcConfig", {}).pop("SecurityGroupIds", None)
        else:
            builder.members.pop(_DELETABLE[attribute], None)
    return {"AppBlockBuilder": builder.render()}


def _block_of(ctx: Context, builder: AppBlockBuilder) -> str | None:
    return next((b for b, name in ctx.store.builder_app_blocks if name == builder.name), None)


@OPERATIONS("DeleteAppBlockBuilder")
def delete_app_block_builder(ctx: Context) -> Body:
    builder = _builder(ctx, ctx.params.name())
    if builder.state in ("STARTING", "STOPPING"):
        raise concurrent(f"The app block builder '{builder.name}' is {builder.state}.")
    if _block_of(ctx, builder) is not None:
        raise in_use(f"The app block builder '{builder.name}' is associated with an app "
                     "block; disassociate it first.")
    ctx.store.app_block_builders.remove(builder.name)
    return {}


@OPERATIONS("StartAppBlockBuilder")
def start_app_block_builder(ctx: Context) -> Body:
    builder = _builder(ctx, ctx.params.name())
    if builder.state in ("STARTING", "STOPPING"):
        raise concurrent(f"The app block builder '{builder.name}' is {builder.state}.")
    if builder.state != "STOPPED":
        raise not_available(f"The app block builder '{builder.name}' is {builder.state}; only "
                            "a STOPPED one can be started.")
    if _block_of(ctx, builder) is None:
        raise not_permitted(f"The app block builder '{builder.name}' has no app block; "
                            "associate one before starting it.")
    builder.errors = []
    _transition(ctx.state, ctx.store, builder, "STARTING", ctx.state.timings.builder_start,
                "RUNNING")
    return {"AppBlockBuilder": builder.render()}


@OPERATIONS("StopAppBlockBuilder")
def stop_app_block_builder(ctx: Context) -> Body:
    builder = _builder(ctx, ctx.params.name())
    if builder.state in ("STARTING", "STOPPING"):
        raise concurrent(f"The app block builder '{builder.name}' is {builder.state}.")
    if builder.state != "RUNNING":
        raise not_permitted(f"The app block builder '{builder.name}' is {builder.state}; "
                            "only a RUNNING one can be stopped.")
    _transition(ctx.state, ctx.store, builder, "STOPPING", ctx.state.timings.builder_stop,
                "STOPPED")
    return {"AppBlockBuilder": builder.render()}


@OPERATIONS("AssociateAppBlockBuilderAppBlock")
def associate_app_block_builder_app_block(ctx: Context) -> Body:
    params = ctx.params
    builder = _builder(ctx, params.name("AppBlockBuilderName"))
    block = by_arn(ctx.store.app_blocks, str(params.required("AppBlockArn")))
    if block.packaging != "APPSTREAM2":
        raise param_combination(f"The app block '{block.name}' is {block.packaging}: app "
                                "block builders package APPSTREAM2 app blocks.")
    current = _block_of(ctx, builder)
    if current is not None and current != block.arn:
        raise ApiError("LimitExceededException", f"The app block builder '{builder.name}' "
                       "already has an app block.")
    if current is None:
        ctx.store.builder_app_blocks.append((block.arn, builder.name))
    return {"AppBlockBuilderAppBlockAssociation": {"AppBlockArn": block.arn,
                                                   "AppBlockBuilderName": builder.name}}


@OPERATIONS("DisassociateAppBlockBuilderAppBlock")
def disassociate_app_block_builder_app_block(ctx: Context) -> Body:
    params = ctx.params
    builder = _builder(ctx, params.name("AppBlockBuilderName"))
    block = by_arn(ctx.store.app_blocks, str(params.required("AppBlockArn")))
    if builder.state != "STOPPED" and (block.arn, builder.name) in ctx.store.builder_app_blocks:
        raise concurrent(f"The app block builder '{builder.name}' is {builder.state}; stop "
                         "it before taking its app block.")
    if (block.arn, builder.name) in ctx.store.builder_app_blocks:
        ctx.store.builder_app_blocks.remove((block.arn, builder.name))
    return {}


@OPERATIONS("DescribeAppBlockBuilderAppBlockAssociations")
def describe_app_block_builder_app_block_associations(ctx: Context) -> Body:
    params = ctx.params
    name = params.text("AppBlockBuilderName")
    block_arn = params.text("AppBlockArn")
    pairs = [(b, n) for b, n in ctx.store.builder_app_blocks
             if name in (None, n) and block_arn in (None, b)]
    limit = params.integer("MaxResults", minimum=0, maximum=25)
    page, token = page_list(ctx, pairs, listing_id(ctx.operation, name, block_arn), limit,
                            ctx.state.page_sizes.associations)
    return with_token({"AppBlockBuilderAppBlockAssociations": [
        {"AppBlockArn": b, "AppBlockBuilderName": n} for b, n in page]}, token)


@OPERATIONS("CreateAppBlockBuilderStreamingURL")
def create_app_block_builder_streaming_url(ctx: Context) -> Body:
    params = ctx.params
    builder = _builder(ctx, params.name("AppBlockBuilderName"))
    validity = params.integer("Validity", minimum=1, maximum=MAX_VALIDITY) or 3600
    if builder.state != "RUNNING":
        raise not_permitted(f"The app block builder '{builder.name}' is {builder.state}; "
                            "streaming URLs need a RUNNING app block builder.")
    return {"StreamingURL": streaming_url(ctx.region), "Expires": ctx.now + validity}
